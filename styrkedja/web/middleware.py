"""Who is asking (the tenant of every request), and the security headers of every answer."""

from __future__ import annotations

from django.utils.cache import add_never_cache_headers

from styrkedja.tenancy.permissions import membership_of


class TenantMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        membership = membership_of(request.user)
        request.membership = membership
        # Views query through this object, never through a model's default manager.
        request.municipality = membership.municipality if membership else None
        return self.get_response(request)


# Nothing of Styrkedja needs these browser features; no page, nor anything injected into one, gets them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
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
)


class SecurityHeadersMiddleware:
    """The headers Django does not set itself.

    Permissions-Policy on every answer; and nothing that a logged-in user is shown, a page or a
    downloaded document, is kept in a cache, where the next person at a shared computer (or a
    proxy) could find it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
