from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from styrkedja.signin.choices import ROLE_WORDS, WORD_OF_ROLE
from styrkedja.signin.services import Mapping
from styrkedja.tenancy.choices import Role
from styrkedja.tenancy.models import Municipality, OrgUnit


def mapping_text(configuration) -> str:
    """The group table as the administratör writes it, one group a line."""
    if configuration is None:
        return ""
    lines = []
    for row in configuration.group_roles.all():
        units = "; ".join(unit.name for unit in row.units.all())
        lines.append(f"{row.group} = {WORD_OF_ROLE[row.role]}" + (f": {units}" if units else ""))
    return "\n".join(lines)


def parse_mappings(text: str, municipality: Municipality) -> list[Mapping]:
    """Lines "grupp = roll" or, for a rapportör, "grupp = rapportör: Enhet; Enhet"."""
    units = {unit.name.casefold(): unit for unit in OrgUnit.objects.filter(municipality=municipality)}
    mappings: list[Mapping] = []
    errors: list[str] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        group, equals, rest = line.partition("=")
        group = group.strip()
        word, _colon, unit_names = rest.partition(":")
        role = ROLE_WORDS.get(word.strip().casefold())
        if not equals or not group:
            errors.append(
                _(
                    "Rad %(n)d: skriv gruppen, ett likhetstecken och rollen, "
                    "t.ex. ”styrkedja-läsare = läsare”."
                )
                % {"n": number}
            )
            continue
        if role is None:
            errors.append(
                _("Rad %(n)d: okänd roll ”%(word)s”; välj administratör, controller, rapportör eller läsare.")
                % {"n": number, "word": word.strip()}
            )
            continue
        if group in seen:
            errors.append(
                _("Rad %(n)d: gruppen ”%(group)s” står redan på en tidigare rad.")
                % {"n": number, "group": group}
            )
            continue
        seen.add(group)
        chosen = []
        for name in (name.strip() for name in unit_names.split(";")):
            if not name:
                continue
            unit = units.get(name.casefold())
            if unit is None:
                errors.append(
                    _("Rad %(n)d: kommunen har ingen enhet som heter ”%(unit)s”.")
                    % {"n": number, "unit": name}
                )
            else:
                chosen.append(unit)
        if chosen and role != Role.REPORTER:
            errors.append(_("Rad %(n)d: bara en rapportör har enheter.") % {"n": number})
        if role == Role.REPORTER and not chosen and unit_names.strip() == "":
            errors.append(
                _("Rad %(n)d: ange rapportörens enheter efter ett kolon, t.ex. ”grupp = rapportör: Enhet”.")
                % {"n": number}
            )
        mappings.append(Mapping(group=group, role=role, units=tuple(chosen)))
    if errors:
        raise ValidationError(errors)
    return mappings


class SignInSettingsForm(forms.Form):
    issuer = forms.URLField(
        label=gettext_lazy("Utfärdarens adress (issuer)"),
        required=False,
        assume_scheme="https",
        help_text=gettext_lazy(
            "Till exempel https://login.kommun.se/realms/kommun. "
            "Tomt: ingen inloggning via identitetsleverantör."
        ),
    )
    client_id = forms.CharField(label=gettext_lazy("Klient-id"), required=False, max_length=191)
    secret = forms.CharField(
        label=gettext_lazy("Klienthemlighet"),
        required=False,
        max_length=191,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    groups_claim = forms.CharField(
        label=gettext_lazy("Anspråket som innehåller grupperna"), initial="groups", max_length=100
    )
    groups = forms.CharField(
        label=gettext_lazy("Grupper och roller"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "En grupp per rad: ”grupp = roll”, där rollen är administratör, controller, rapportör eller "
            "läsare; för en rapportör även enheterna: ”grupp = rapportör: Enhet; Enhet”."
        ),
    )
    totp_required = forms.BooleanField(
        label=gettext_lazy(
            "Kräv tvåstegsverifiering (engångskod från en app) av användare som loggar in med lösenord"
        ),
        required=False,
    )

    def __init__(self, *args, municipality: Municipality, secret_hint: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.has_secret = bool(secret_hint)
        if secret_hint:
            self.fields["secret"].help_text = _(
                "En hemlighet är sparad (slutar på %(hint)s). Lämna tomt för att behålla den."
            ) % {"hint": secret_hint}

    def clean_groups(self):
        return parse_mappings(self.cleaned_data["groups"], self.municipality)

    def clean(self):
        data = super().clean()
        if data.get("issuer"):
            if not data.get("client_id"):
                self.add_error("client_id", _("Ange klient-id för identitetsleverantören."))
            if not data.get("secret") and not self.has_secret:
                self.add_error("secret", _("Ange klienthemligheten för identitetsleverantören."))
        return data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Engångskod"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=gettext_lazy("Sex siffror från appen för tvåstegsverifiering."),
        error_messages={
            "required": gettext_lazy("Skriv engångskoden från appen."),
            "min_length": gettext_lazy("Engångskoden har sex siffror."),
            "max_length": gettext_lazy("Engångskoden har sex siffror."),
        },
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise ValidationError(_("Engångskoden består bara av siffror."))
        return code
