"""Every write of ip_filings, and the reckonings writes rest on, one module per subject.

nice (loading the classification), register (importing and generating the register),
fees (the trademark fee), trademark (the dossier; trademark_checks: what it needs before
submission and what its PDF shows), watch (watch alerts), patent (the dossier).
Status changes go through carres.workflow.transition.
"""
