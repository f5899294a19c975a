"""Administration of the municipality: units, partners and users (administratör only).

Every object is looked up through ``request.municipality``: another municipality's is not found (404).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.forms import Form
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrkedja.tenancy.forms import MemberCreateForm, MemberEditForm, PartnerForm, PasswordSetForm, UnitForm
from styrkedja.tenancy.models import Membership
from styrkedja.tenancy.selectors import member_list, partner_list, unit_admin_rows
from styrkedja.tenancy.services import (
    member_create,
    member_set_password,
    member_update,
    partner_create,
    partner_update,
    unit_create,
    unit_update,
)
from styrkedja.web.access import administrator_required
from styrkedja.web.forms import add_service_errors, posted

# Units


@administrator_required
def administration_index(request):
    """What an administratör keeps up to date, each with a word on what it is for."""
    return render(request, "tenancy/index.html", {"section": "index"})


@administrator_required
def unit_list(request):
    rows = unit_admin_rows(municipality=request.municipality)
    return render(request, "tenancy/unit_list.html", {"rows": rows, "section": "units"})


@administrator_required
def unit_create_view(request):
    form = UnitForm(posted(request), municipality=request.municipality)
    if form.is_valid():
        try:
            unit = unit_create(municipality=request.municipality, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Enheten ”%(name)s” är skapad.") % {"name": unit.name})
            return redirect("tenancy:units")
    return render(request, "tenancy/unit_form.html", {"form": form, "unit": None, "section": "units"})


@administrator_required
def unit_edit(request, pk: int):
    unit = get_object_or_404(request.municipality.units.select_related("parent"), pk=pk)
    initial = {
        "name": unit.name,
        "short_name": unit.short_name,
        "slug": unit.slug,
        "kind": unit.kind,
        "parent": unit.parent_id,
    }
    form = UnitForm(posted(request), initial=initial, municipality=request.municipality, unit=unit)
    if form.is_valid():
        try:
            unit = unit_update(unit=unit, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Enheten ”%(name)s” är sparad.") % {"name": unit.name})
            return redirect("tenancy:units")
    return render(request, "tenancy/unit_form.html", {"form": form, "unit": unit, "section": "units"})


# Partners


@administrator_required
def partner_list_view(request):
    partners = partner_list(municipality=request.municipality)
    return render(request, "tenancy/partner_list.html", {"partners": partners, "section": "partners"})


@administrator_required
def partner_create_view(request):
    form = PartnerForm(posted(request))
    if form.is_valid():
        try:
            partner = partner_create(
                municipality=request.municipality, user=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Samverkansparten ”%(name)s” är skapad.") % {"name": partner.name})
            return redirect("tenancy:partners")
    return render(
        request, "tenancy/partner_form.html", {"form": form, "partner": None, "section": "partners"}
    )


@administrator_required
def partner_edit(request, pk: int):
    partner = get_object_or_404(request.municipality.partners, pk=pk)
    form = PartnerForm(posted(request), initial={"name": partner.name})
    if form.is_valid():
        try:
            partner = partner_update(partner=partner, user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Samverkansparten ”%(name)s” är sparad.") % {"name": partner.name})
            return redirect("tenancy:partners")
    return render(
        request, "tenancy/partner_form.html", {"form": form, "partner": partner, "section": "partners"}
    )


# Users


@administrator_required
def user_list(request):
    members = member_list(municipality=request.municipality)
    return render(request, "tenancy/user_list.html", {"members": members, "section": "users"})


@administrator_required
def user_create(request):
    form = MemberCreateForm(posted(request), municipality=request.municipality)
    if form.is_valid():
        data = form.cleaned_data
        try:
            membership = member_create(
                municipality=request.municipality,
                user=request.user,
                username=data["username"],
                password=data["password1"],
                role=data["role"],
                units=data["units"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
            )
        except ValidationError as error:
            add_service_errors(form, error, rename={"password": "password1"})
        else:
            messages.success(
                request,
                _("Användaren ”%(username)s” är skapad och kan logga in med lösenordet.")
                % {"username": membership.user.username},
            )
            return redirect("tenancy:users")
    return render(request, "tenancy/user_create.html", {"form": form, "section": "users"})


def _membership_or_404(request, pk: int) -> Membership:
    """The member of the asking administratör's municipality whose user has primary key ``pk``."""
    return get_object_or_404(
        request.municipality.memberships.select_related("user").prefetch_related("units"), user_id=pk
    )


def _member_initial(membership: Membership) -> dict:
    member = membership.user
    return {
        "first_name": member.first_name,
        "last_name": member.last_name,
        "email": member.email,
        "role": membership.role,
        "units": [unit.pk for unit in membership.units.all()],
        "is_active": member.is_active,
    }


def _render_user_edit(request, membership: Membership, form: Form, password_form: Form):
    return render(
        request,
        "tenancy/user_edit.html",
        {
            # Not "membership": the base template's is the asking user's own (context processor).
            "member": membership.user,
            "form": form,
            "password_form": password_form,
            "section": "users",
        },
    )


@administrator_required
def user_edit(request, pk: int):
    membership = _membership_or_404(request, pk)
    form = MemberEditForm(
        posted(request), initial=_member_initial(membership), municipality=request.municipality
    )
    if form.is_valid():
        try:
            membership = member_update(membership=membership, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Användaren ”%(username)s” är sparad.") % {"username": membership.user.username}
            )
            return redirect("tenancy:users")
    return _render_user_edit(request, membership, form, PasswordSetForm())


@administrator_required
@require_POST
def user_password(request, pk: int):
    membership = _membership_or_404(request, pk)
    password_form = PasswordSetForm(request.POST)
    if password_form.is_valid():
        try:
            membership = member_set_password(
                membership=membership, user=request.user, password=password_form.cleaned_data["password1"]
            )
        except ValidationError as error:
            add_service_errors(password_form, error, rename={"password": "password1"})
        else:
            if membership.user_id == request.user.pk:
                # Setting one's own password would otherwise end this session.
                update_session_auth_hash(request, membership.user)
            messages.success(
                request,
                _("Ett nytt lösenord är satt för ”%(username)s”.") % {"username": membership.user.username},
            )
            return redirect("tenancy:users")
    form = MemberEditForm(initial=_member_initial(membership), municipality=request.municipality)
    return _render_user_edit(request, membership, form, password_form)
