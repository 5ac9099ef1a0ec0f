"""Former address of ip_filings.forms.diagnostic and ip_filings.selectors.diagnostic: only ip_filings/diagnostic_views.py still import it.

The views are being rewritten elsewhere and move into packages next (issue 18): then
they import the new address and this package is deleted. Do not import it from new code.
"""

from ip_filings.forms.diagnostic import *  # noqa: F403
from ip_filings.selectors.diagnostic import *  # noqa: F403
