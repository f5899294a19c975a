"""A municipality's slug can never be one of the site's first path segments."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from styrkedja.tenancy.models import Municipality
from styrkedja.tenancy.services import municipality_create
from styrkedja.tenancy.validators import site_path_segments, validate_municipality_slug


@pytest.mark.parametrize(
    "slug", ["planer", "mal", "aktiviteter", "konto", "administration", "admin", "api", "dokument",
             "bedomning", "static", "healthz", "favicon.ico", "Planer"],
)  # fmt: skip
def test_a_site_path_is_refused(slug):
    with pytest.raises(ValidationError) as error:
        validate_municipality_slug(slug)
    assert "används redan i webbplatsens adresser" in error.value.messages[0]


def test_every_first_segment_of_the_sites_urls_is_found():
    # Read from the URL patterns, so that a new app's addresses are refused without a list to keep.
    assert {"planer", "mal", "konto", "administration", "arbetsbok", "godkannande"} <= site_path_segments()


def test_a_municipalitys_slug_is_accepted():
    validate_municipality_slug("linkoping")


def test_the_model_field_refuses_a_site_path(db):
    with pytest.raises(ValidationError) as error:
        Municipality(slug="konto", name="Konto kommun").full_clean()
    assert "slug" in error.value.message_dict


def test_creating_a_municipality_with_a_site_path_says_what_is_wrong(db):
    with pytest.raises(ValidationError) as error:
        municipality_create(
            slug="planer",
            name="Planers kommun",
            board_name="Kommunstyrelsen",
            board_slug="ks",
            administrator_username="anna",
            administrator_password="Blåbärsskog-på-hösten-7",
        )
    assert "används redan i webbplatsens adresser" in error.value.message_dict["slug"][0]
    assert not Municipality.objects.filter(slug="planer").exists()
