"""Security settings: cookies, HTTPS and HSTS, the proxy header, browser policies, CSP.

Part of carres.settings, which imports every name of this module once DEBUG,
TRUSTED_PROXY_COUNT and env are set; like the rest of the settings, every value that
differs between a laptop and production comes from the environment.
"""

from csp.constants import NONCE, NONE, SELF

from carres.settings import DEBUG, TRUSTED_PROXY_COUNT, env

SECURE_COOKIES = env.bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Production is HTTPS only unless told otherwise (SECURE_SSL_REDIRECT=false,
# SECURE_HSTS_SECONDS=0): plain HTTP is redirected, except /healthz, which load balancers ask
# over HTTP, and browsers are told to use HTTPS for a year, subdomains included. The HSTS
# preload list is a commitment that is hard to undo: only when asked (SECURE_HSTS_PRELOAD).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=SECURE_HSTS_SECONDS > 0
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = ["security.W021"]  # "not preloaded": deliberate, see above
# X-Forwarded-Proto is believed only from a proxy we were told of (TRUSTED_PROXY_COUNT, like
# X-Forwarded-For in carres.http); with none, a client could claim HTTPS over plain HTTP.
# Behind a TLS-terminating proxy that sets it: TRUSTED_PROXY_COUNT=1.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_COUNT > 0 else None
# Browser features no page uses, refused to the site and anything it embeds
# (carres.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
