"""The client's address, for rate limits and logs: one helper, one trusted-proxy setting.

Behind N reverse proxies (settings.TRUSTED_PROXY_COUNT, env TRUSTED_PROXY_COUNT, default 0)
each proxy appends the address it received the request from to X-Forwarded-For, so the
client is the N-th entry from the right; anything to its left was written by the client
and is ignored. With 0 (no proxy, the default), X-Forwarded-For is never read.
allauth's own rate limits read the same count (ALLAUTH_TRUSTED_PROXY_COUNT in settings).
"""

import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def _clean(address):
    address = (address or "").strip()
    if address.startswith("[") and "]" in address:  # "[::1]:443"
        address = address[1 : address.index("]")]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_ip(request):
    """The address of the client, as far as the trusted proxies vouch for it."""
    remote = _clean(request.META.get("REMOTE_ADDR")) or ""
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < count or not forwarded[-count].strip():
        # Not through all our proxies (misconfiguration or a direct hit): the peer's
        # address is all we know; clients share its bucket rather than choose their own.
        logger.warning("X-Forwarded-For has fewer entries than TRUSTED_PROXY_COUNT=%s", count)
        return remote
    return _clean(forwarded[-count]) or remote


def too_many_verifications(request):
    """A fixed-window counter per client address, shared by the public verification pages
    (dossiers, training certificates): guessing codes is slow by design."""
    key = f"verify:{client_ip(request)}"
    cache.add(key, 0, timeout=60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60)
        count = 1
    return count > settings.VERIFY_RATE_LIMIT_PER_MINUTE
