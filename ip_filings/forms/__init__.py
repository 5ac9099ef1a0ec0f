"""The forms of ip_filings, one module per subject: tools (the public prior-mark search,
class picker and fee estimate), trademark, patent, diagnostic.

`ip_filings.forms` used to be the tools' module: its forms stay importable from here.
"""

from ip_filings.forms.tools import (
    ClassPickerForm,
    FeeEstimateForm,
    NiceClassesField,
    PriorMarkSearchForm,
)

__all__ = ["ClassPickerForm", "FeeEstimateForm", "NiceClassesField", "PriorMarkSearchForm"]
