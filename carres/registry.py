"""What feature apps contribute to the shared machinery, found per app, never listed by name.

The shared parts (`carres`, `accounts`) import no feature app. A feature tells them what it
brings by registering, once, in its `AppConfig.ready()`:

    demo_data.register("companies", seed_demo, after=["chambers"])

and the shared part iterates the registry. Entries come in the order of INSTALLED_APPS,
except that an entry comes after the apps it names in `after` (the demo companies need the
chambers' cities). Model: pretix's plugin signals (`register_data_shredders`...), without
the signal: one entry per app, so that a second registration is a mistake we can see.
"""

from django.apps import apps


class Registry:
    """One kind of contribution (demo data, personal-data providers...), one entry per app."""

    def __init__(self, what):
        self.what = what
        self._entries = {}  # app label -> (entry, after)

    def register(self, app_label, entry, *, after=()):
        """Record `app_label`'s entry (from its AppConfig.ready()); a second one is a mistake."""
        if app_label in self._entries and self._entries[app_label][0] != entry:
            raise RuntimeError(f"{app_label} registers its {self.what} twice")
        self._entries[app_label] = (entry, tuple(after))
        return entry

    def items(self):
        """[(app label, entry)] in INSTALLED_APPS order, each after the apps it names."""
        installed = [config.label for config in apps.get_app_configs()]
        pending = sorted(self._entries, key=installed.index)
        ordered = []
        while pending:
            ready = next(
                (
                    label
                    for label in pending
                    if all(
                        other in ordered or other not in self._entries
                        for other in self._entries[label][1]
                    )
                ),
                None,
            )
            if ready is None:
                raise RuntimeError(f"the {self.what} of {pending} wait for each other")
            ordered.append(ready)
            pending.remove(ready)
        return [(label, self._entries[label][0]) for label in ordered]

    def __iter__(self):
        return iter([entry for _label, entry in self.items()])


# Each app's `seed_demo(stdout)`: reference data and a believable demo (manage.py seed_demo).
demo_data = Registry("demo data")
