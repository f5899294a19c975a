"""The administratör's choices for the open data, audited."""

from __future__ import annotations

from django.db import transaction

from styrkedja.audit.services import audit_log
from styrkedja.opendata.models import OpenDataSettings
from styrkedja.tenancy.models import Municipality

SETTINGS_ACTION = "opendata.settings.set"


def _state(settings: OpenDataSettings) -> dict:
    return {"license": settings.license, "contact_email": settings.contact_email}


@transaction.atomic
def opendata_settings_set(
    *, municipality: Municipality, license: str, contact_email: str, user=None
) -> OpenDataSettings:
    """Set the licence and the contact address of the municipality's open data."""
    settings = OpenDataSettings.objects.select_for_update().filter(municipality=municipality).first()
    if settings is None:
        settings = OpenDataSettings(municipality=municipality)  # the defaults, as the public saw them
    before = _state(settings)
    settings.license = license
    settings.contact_email = contact_email.strip()
    settings.full_clean()
    after = _state(settings)
    created = settings.pk is None
    if after == before and not created:
        return settings
    settings.save()
    audit_log(
        municipality=municipality,
        action=SETTINGS_ACTION,
        obj=settings,
        user=user,
        data={name: [before[name], value] for name, value in after.items() if before[name] != value},
    )
    return settings
