"""The demo's users: one of each role in a municipality, named after it (mjolby-controller, …)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from styrkedja.tenancy.choices import Role
from styrkedja.tenancy.models import Membership, Municipality

DEMO_ROLES = {
    Role.ADMINISTRATOR: "administrator",
    Role.CONTROLLER: "controller",
    Role.REPORTER: "rapportor",
    Role.READER: "lasare",
}


@transaction.atomic
def demo_members_ensure(*, municipality: Municipality, reporter_unit: str, password: str) -> dict:
    """A user of every role, by user name; the rapportör reports for the unit ``reporter_unit``.
    Existing users keep their passwords; missing memberships are made."""
    User = get_user_model()
    members = {}
    for role, suffix in DEMO_ROLES.items():
        username = f"{municipality.slug}-{suffix}"
        # An address of the reserved .example domain: the demo's reminders show in the console
        # (make run's mail backend) and can never reach anyone.
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@{municipality.slug}.example"}
        )
        if created:
            user.set_password(password)
            user.save()
        membership, made = Membership.objects.get_or_create(
            user=user, defaults={"municipality": municipality, "role": role}
        )
        if made and role == Role.REPORTER:
            membership.units.set(municipality.units.filter(name=reporter_unit))
        members[user.username] = user
    return members
