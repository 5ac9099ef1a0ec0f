"""ip_filings' pages, one module per subject: the public tools (prior-mark search, class picker,
fee estimate), the trademark and patent wizards on carres.wizard, and the IP self-diagnostic."""
