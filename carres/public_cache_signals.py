"""What bumps the versions of carres.public_cache: a change to the data a public page shows.

Each app says, in its AppConfig.ready(), which models its cached pages show:

    shown_on("trainings", "trainings.TrainingSession", "chambers.Venue", ...)

(the shared part names no feature's model). Senders are named ("app_label.Model"), so that
the models may move between modules freely. A change bumps its namespace at once and again
once its transaction commits: at once, so that the next page in this transaction (and in
tests) is fresh; after the commit, so that a page another request built meanwhile from the
data still committed before is not served under the new version.
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from carres import public_cache

_RECEIVERS = []  # signals keep weak references: these must live as long as the process


def _receiver(namespace):
    def changed(sender, **kwargs):
        if kwargs.get("raw"):  # loaddata: no page is built from half-loaded fixtures
            return
        if kwargs.get("action", "post_").startswith("pre_"):
            return
        public_cache.bump(namespace)
        transaction.on_commit(lambda: public_cache.bump(namespace))

    _RECEIVERS.append(changed)
    return changed


def shown_on(namespace, *labels, m2m=()):
    """The pages cached under `namespace` show the models `labels` ("app_label.Model") and
    the many-to-many fields `m2m` ("app_label.Model.field"): a change to one bumps it."""
    receiver = _receiver(namespace)
    for label in labels:
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(
                receiver, sender=label, dispatch_uid=f"public-cache:{namespace}:{label}:{name}"
            )
    for path in m2m:
        label, field = path.rsplit(".", 1)
        through = getattr(apps.get_model(label), field).through
        m2m_changed.connect(
            receiver, sender=through, dispatch_uid=f"public-cache:{namespace}:{path}"
        )
