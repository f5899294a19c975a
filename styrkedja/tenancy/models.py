"""The tenant (a municipality) and its organisation.

Every other object in Styrkedja hangs off a municipality, directly or through a plan,
so that a query can always start from the tenant.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from styrkedja.tenancy.choices import Role, UnitKind
from styrkedja.tenancy.validators import validate_municipality_slug


class Municipality(models.Model):
    slug = models.SlugField(
        _("kortnamn"),
        unique=True,
        validators=[validate_municipality_slug],
        help_text=_("Används i adresser och plannamn."),
    )
    name = models.CharField(_("namn"), max_length=200)
    reports_need_approval = models.BooleanField(
        _("rapporter godkänns före controllern"),
        default=False,
        help_text=_(
            "En enhets rapporter skickas för godkännande till chefen för enheten ovanför "
            "(rapportörerna där, annars controllern) innan de räknas som klara."
        ),
    )

    class Meta:
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrgUnit(models.Model):
    """A board, administration, sector, department, office or unit, as a tree."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="units", verbose_name=_("kommun")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("överordnad enhet"),
    )
    name = models.CharField(_("namn"), max_length=200)
    short_name = models.CharField(
        _("förkortning"), max_length=40, blank=True, help_text=_("Till exempel Kof, Osf eller UBAK.")
    )
    slug = models.SlugField(_("kortnamn"), blank=True, help_text=_("Krävs för nämnder: ingår i plannamnet."))
    kind = models.CharField(_("typ"), max_length=20, choices=UnitKind.choices)
    order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("organisatorisk enhet")
        verbose_name_plural = _("organisatoriska enheter")
        ordering = ["municipality", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="unit_unique_name"),
            models.UniqueConstraint(
                fields=["municipality", "slug"], condition=~models.Q(slug=""), name="unit_unique_slug"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name as documents print it in narrow table columns."""
        return self.short_name or self.name


class Partner(models.Model):
    """An outside organisation that collaborates (Polisen, Region Östergötland, SKR …)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="partners", verbose_name=_("kommun")
    )
    name = models.CharField(_("namn"), max_length=200)

    class Meta:
        verbose_name = _("extern samverkanspart")
        verbose_name_plural = _("externa samverkansparter")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="partner_unique_name")]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's place in one municipality: a role and, for a rapportör, the units reported for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name=_("användare"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("kommun")
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    units = models.ManyToManyField(
        OrgUnit,
        blank=True,
        related_name="reporters",
        verbose_name=_("enheter"),
        help_text=_("De enheter vars aktiviteter och mål en rapportör rapporterar för."),
    )

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        ordering = ["municipality", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality} ({self.get_role_display()})"
