"""Who is asking: every request carries the user's membership and municipality (the tenant)."""

from __future__ import annotations

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
