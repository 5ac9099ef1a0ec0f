"""The back office of trademarks, patents and the IP self-diagnostic, one module per subject.

Django's admin autodiscovery imports this package; each module registers its models.
"""

from ip_filings.admin import diagnostic, nice, patent, register, trademark

__all__ = ["diagnostic", "nice", "patent", "register", "trademark"]
