"""The back office for chambers. Every queryset is scoped by who is asking:

- administrators see and edit everything (reference data, routing rules, all requests);
- a chamber manager sees the chamber's whole queue, (re)assigns and manages its advisors;
- an advisor sees the chamber's unassigned requests and their own, and acts on them.

Non-superuser staff hold no Django model permissions, so each has_*_permission says it by
role. A request outside one's scope answers 404, by URL as in the list (carres.admin_site).
"""

from chambers.admin import chamber, support, territory  # noqa: F401 - registers the admins
from chambers.admin.territory import ChamberScopedLookup, chamber_region_ids  # noqa: F401
