"""The reads of ip_filings that are more than a filter, one module per subject.

nice (searching terms, suggesting classes), trademark (filings and watches, one 404 for
missing and forbidden), patent, diagnostic (the questionnaire and its action plan). The
prior-mark search has its own package, ip_filings.search.
"""
