from __future__ import annotations

from styrkedja.tenancy.choices import Role


def membership(request) -> dict:
    member = getattr(request, "membership", None)
    return {
        "membership": member,
        "municipality": getattr(request, "municipality", None),
        "is_manager": bool(member and member.role in (Role.ADMINISTRATOR, Role.CONTROLLER)),
        "is_administrator": bool(member and member.role == Role.ADMINISTRATOR),
    }
