import pytest
from django.test import RequestFactory

from carres.http import client_ip


def request_from(remote, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_client_ip_without_proxy_ignores_forwarded_header(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "198.51.100.1", "198.51.100.1"),
        # The client wrote the first entry itself: only the proxy's is trusted.
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        (2, "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
        # Fewer entries than proxies, or garbage: the peer's address, never the header's.
        (2, "198.51.100.1", "10.0.0.1"),
        (1, "not-an-ip", "10.0.0.1"),
        (1, "", "10.0.0.1"),
    ],
)
def test_client_ip_behind_trusted_proxies(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(request_from("10.0.0.1", forwarded)) == expected


def test_client_ip_without_forwarded_header_behind_proxy_is_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.1")) == "10.0.0.1"


@pytest.mark.django_db
def test_verify_rate_limit_is_per_client_behind_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.VERIFY_RATE_LIMIT_PER_MINUTE = 2

    def get(forwarded):
        return client.get(
            "/fr/verify/CO-2026-000001/guess/",
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        ).status_code

    first = [get("198.51.100.1") for _ in range(3)]
    # Spoofing an address to the left does not reset the counter.
    spoofed = get("1.2.3.4, 198.51.100.1")
    other_client = get("198.51.100.2")

    assert (first, spoofed, other_client) == ([404, 404, 429], 429, 404)


@pytest.mark.django_db
def test_verify_rate_limit_ignores_forwarded_header_without_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.VERIFY_RATE_LIMIT_PER_MINUTE = 2
    statuses = [
        client.get(
            "/fr/verify/CO-2026-000001/guess/",
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{i}",
        ).status_code
        for i in range(3)
    ]
    assert statuses == [404, 404, 429]
