"""Static files taken one by one from the npm packages (settings.VENDOR_FILES).

A font package ships every subset (Cyrillic, Greek, Devanagari…) of every weight in two
formats, hundreds of files: serving and collecting whole folders would ship them all. This
finder knows only the files the site and its PDFs use, under the URL prefix given to each.
"""

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage


class VendorFilesFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.folders = {}  # URL prefix -> (storage, file names)
        for prefix, (root, names) in settings.VENDOR_FILES.items():
            storage = FileSystemStorage(location=root)
            storage.prefix = prefix  # collectstatic and whitenoise put the files under it
            self.folders[prefix] = (storage, tuple(names))

    def check(self, **kwargs):
        missing = [
            storage.path(name)
            for storage, names in self.folders.values()
            for name in names
            if not storage.exists(name)
        ]
        if missing:
            return [
                Error(
                    f"{len(missing)} files of settings.VENDOR_FILES are missing, "
                    f"e.g. {missing[0]}: install the npm packages (make setup).",
                    id="carres.E001",
                )
            ]
        return []

    def find(self, path, find_all=False, **kwargs):
        prefix, _, name = path.rpartition("/")
        storage, names = self.folders.get(prefix, (None, ()))
        if name not in names or not storage.exists(name):
            return []  # like Django's finders: an empty list, never None, for "not here"
        found = storage.path(name)
        return [found] if find_all else found

    def list(self, ignore_patterns):
        for storage, names in self.folders.values():
            for name in names:
                if storage.exists(name):
                    yield name, storage
