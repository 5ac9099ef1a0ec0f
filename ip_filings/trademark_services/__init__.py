"""Former address of ip_filings.services.trademark: only ip_filings/trademark_views.py still import it.

The views are being rewritten elsewhere and move into packages next (issue 18): then
they import the new address and this package is deleted. Do not import it from new code.
"""

from ip_filings.services.trademark import *  # noqa: F403
