"""What bumps the versions of carres.public_cache: a change to the data a public page shows.

Connected in CarresConfig.ready(). Senders are named ("app_label.Model"), so that the
models may move between modules freely. A change bumps its namespaces at once and again
once its transaction commits: at once, so that the next page in this transaction (and in
tests) is fresh; after the commit, so that a page another request built meanwhile from the
data still committed before is not served under the new version.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from carres import public_cache

# model -> the namespaces of carres.public_cache whose pages show it
SHOWN_ON = {
    "trainings.Training": ("trainings",),
    "trainings.TrainingSession": ("trainings",),
    "trainings.Registration": ("trainings",),  # the seats left
    "trainings.Caravan": ("trainings",),
    "chambers.Venue": ("trainings",),
    "chambers.Region": ("trainings", "chambers"),
    "chambers.City": ("trainings", "chambers"),
    "chambers.Chamber": ("trainings", "chambers"),
    "ip_filings.RegisteredMark": ("trademarks",),
    "ip_filings.GenericWord": ("trademarks",),  # the prior-mark search sets them aside
}
M2M_SHOWN_ON = {
    "chambers.Chamber.regions_served": ("chambers",),
}


def _receiver(namespaces):
    def changed(sender, **kwargs):
        if kwargs.get("raw"):  # loaddata: no page is built from half-loaded fixtures
            return
        if kwargs.get("action", "post_").startswith("pre_"):
            return
        public_cache.bump(*namespaces)
        transaction.on_commit(lambda: public_cache.bump(*namespaces))

    return changed


_RECEIVERS = []  # signals keep weak references: these must live as long as the process


def connect():
    from django.apps import apps

    for label, namespaces in SHOWN_ON.items():
        receiver = _receiver(namespaces)
        _RECEIVERS.append(receiver)
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(receiver, sender=label, dispatch_uid=f"public-cache:{label}:{name}")
    for path, namespaces in M2M_SHOWN_ON.items():
        label, field = path.rsplit(".", 1)
        through = getattr(apps.get_model(label), field).through
        receiver = _receiver(namespaces)
        _RECEIVERS.append(receiver)
        m2m_changed.connect(receiver, sender=through, dispatch_uid=f"public-cache:{path}")
