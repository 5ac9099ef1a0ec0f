"""When background processes last proved they were alive."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """When a background process last proved it was alive (written by a beat task)."""

    name = models.CharField(_("nom"), max_length=64, unique=True)
    seen_at = models.DateTimeField(
        _("vu le"),
    )

    def __str__(self):
        return f"{self.name} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"
