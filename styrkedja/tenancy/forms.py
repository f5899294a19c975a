"""Input of the administration pages. The business rules are checked again in ``tenancy.services``."""

from __future__ import annotations

from collections.abc import Collection

from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from styrkedja.tenancy.choices import Role, UnitKind
from styrkedja.tenancy.models import Municipality, OrgUnit
from styrkedja.tenancy.selectors import unit_tree, unit_with_descendants

INDENT = "\u00a0\u00a0\u00a0"


def _tree_choices(*, municipality: Municipality, hidden: Collection[int] = (), indent: bool = True) -> list:
    """The municipality's units in tree order as choices, indented by depth."""
    return [
        (unit.pk, (INDENT * depth if indent else "") + unit.name)
        for unit, depth in unit_tree(municipality=municipality)
        if unit.pk not in hidden
    ]


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200, widget=forms.TextInput(attrs={"size": 50}))
    short_name = forms.CharField(
        label=_("Förkortning"),
        max_length=40,
        required=False,
        help_text=_("Till exempel Kof, Osf eller UBAK. Visas i smala tabellkolumner."),
    )
    slug = forms.SlugField(
        label=_("Kortnamn"),
        max_length=50,
        required=False,
        help_text=_("Krävs för nämnder och styrelser: ingår i plannamnet, till exempel ks."),
    )
    kind = forms.ChoiceField(label=_("Typ"), choices=UnitKind.choices)
    parent = forms.ModelChoiceField(
        label=_("Överordnad enhet"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("(ingen – enheten ligger överst)"),
    )

    def __init__(self, *args, municipality: Municipality, unit: OrgUnit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Every unit of the municipality is accepted here, so that a cycle gets the service's
        # message; the unit itself and the units below it are not offered.
        self.fields["parent"].queryset = municipality.units.all()
        hidden = unit_with_descendants(municipality=municipality, unit_id=unit.pk) if unit else set()
        self.fields["parent"].choices = [
            ("", self.fields["parent"].empty_label),
            *_tree_choices(municipality=municipality, hidden=hidden),
        ]


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200, widget=forms.TextInput(attrs={"size": 50}))


def _password_help() -> str:
    return " ".join(str(text) for text in password_validators_help_texts())


class PasswordFieldsMixin(forms.Form):
    """Two password fields that must match; the strength is checked by the service."""

    password1 = forms.CharField(
        label=_("Lösenord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Lösenord igen"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Skriv samma lösenord en gång till."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = _password_help()

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Lösenorden är inte likadana. Skriv samma lösenord två gånger."))
        return cleaned


class MemberFieldsMixin(forms.Form):
    first_name = forms.CharField(label=_("Förnamn"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Efternamn"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("E-post"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices, widget=forms.RadioSelect)
    units = forms.ModelMultipleChoiceField(
        label=_("Enheter"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Gäller bara en rapportör: de enheter vars aktiviteter och mål hen rapporterar för "
            "(enheterna under dem ingår)."
        ),
    )

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = municipality.units.all()
        self.fields["units"].choices = _tree_choices(municipality=municipality, indent=False)


class MemberCreateForm(MemberFieldsMixin, PasswordFieldsMixin):
    username = forms.CharField(
        label=_("Användarnamn"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("Det namn användaren loggar in med: bokstäver, siffror och @ . + - _"),
    )

    field_order = ["username", "first_name", "last_name", "email", "role", "units", "password1", "password2"]


class MemberEditForm(MemberFieldsMixin):
    is_active = forms.BooleanField(
        label=_("Aktiv"),
        required=False,
        help_text=_("En användare som inte är aktiv kan inte logga in."),
    )


class PasswordSetForm(PasswordFieldsMixin):
    pass
