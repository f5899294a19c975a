"""What a controller edits in a plan, kind by kind: the registry behind the planning pages.

A kind names its model, its form (kept in the model's own app) and the tables of rows within it,
which of its fields the list shows, how it is reached from the plan, and among which others its
order counts (a goal among the goals with the same parent, an indicator among its goal's). The
views, services and templates of ``planning`` are the same for every kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Max, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from styrkedja.activities.forms import ActivityForm, CollaboratorFormSet
from styrkedja.activities.models import Activity
from styrkedja.assignments.forms import AssignmentForm
from styrkedja.assignments.models import Assignment
from styrkedja.economy.forms import (
    BudgetFrameFormSet,
    BudgetLineFormSet,
    InvestmentAmountFormSet,
    InvestmentProjectForm,
    InvestmentSpecFormSet,
    InvestmentTotalForm,
    SectorBudgetForm,
)
from styrkedja.economy.models import InvestmentProject, InvestmentTotal, SectorBudget
from styrkedja.goals.forms import GoalForm, GoalLevelForm
from styrkedja.goals.models import Goal, GoalLevel
from styrkedja.indicators.forms import IndicatorForm, IndicatorValueFormSet
from styrkedja.indicators.models import Indicator
from styrkedja.meetings.forms import BudgetMilestoneForm, MeetingForm, MeetingItemFormSet
from styrkedja.meetings.models import BudgetMilestone, Meeting
from styrkedja.plans.forms import PlanSectionForm
from styrkedja.plans.models import Plan, PlanSection
from styrkedja.surveys.forms import SurveyResultFormSet, UserSurveyForm
from styrkedja.surveys.models import UserSurvey


@dataclass(frozen=True)
class Kind:
    slug: str  # in the URL: planer/ks/2025/planera/<slug>/
    model: type[models.Model]
    form: type
    heading: str
    new_label: str  # the button and the heading of the form for a new one: "Nytt mål", "Ny indikator"
    intro: str = ""
    children: tuple = ()  # formset classes of the rows within the form
    columns: tuple[str, ...] = ()  # the fields the list shows, after the object's name
    plan_path: str = "plan"  # the lookup from the object to its plan; "" for the municipality's
    siblings: tuple[str, ...] = ()  # the fields that, with the plan, make the group an order counts in
    order_field: str = "order"
    related: tuple[str, ...] = ()  # select_related of the list
    prefetch: tuple[str, ...] = ()
    key_from: tuple[str, ...] = ()  # a kind with a ``key`` gets one made from the first of these given
    extra_template: str = ""  # shown within the form, after its fields

    @property
    def plural(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    @property
    def singular(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def action_prefix(self) -> str:
        """The audit log's name of the object: goals.goal, economy.sectorbudget."""
        return self.model._meta.label_lower

    @property
    def movable(self) -> bool:
        """Its order is the controller's to choose; a meeting's is its date."""
        return self.order_field in ("order", "depth")

    @property
    def plan_bound(self) -> bool:
        """Changing it changes the plan, so an adopted plan needs a revision; goal levels are shared."""
        return bool(self.plan_path)

    def objects_in(self, plan: Plan) -> QuerySet:
        """The kind's objects of the plan: what a URL may name (another plan's is not found)."""
        if self.plan_path:
            queryset = self.model.objects.filter(**{self.plan_path: plan})
        else:
            queryset = self.model.objects.filter(municipality=plan.municipality)
        return queryset.select_related(*self.related).prefetch_related(*self.prefetch)

    def listed(self, plan: Plan) -> QuerySet:
        return self.objects_in(plan).order_by(*self.siblings, self.order_field, "pk")

    def new(self, plan: Plan) -> models.Model:
        """An unsaved object of the plan, for the form to fill in."""
        fields = {field.name for field in self.model._meta.concrete_fields}
        values = {
            name: value
            for name, value in (("municipality", plan.municipality), ("plan", plan))
            if name in fields
        }
        return self.model(**values)

    def siblings_of(self, obj: models.Model, plan: Plan) -> QuerySet:
        """The objects among which ``obj``'s order counts, itself included."""
        group = {name: getattr(obj, name) for name in self.siblings}
        return self.objects_in(plan).filter(**group).order_by(self.order_field, "pk")

    def place_new(self, obj: models.Model, plan: Plan) -> None:
        """Give a new object the last place among its siblings, and a key where the kind has one."""
        if self.movable:
            highest = self.siblings_of(obj, plan).aggregate(highest=Max(self.order_field))["highest"]
            setattr(obj, self.order_field, 0 if highest is None else highest + 1)
        if self.key_from:
            obj.key = self._free_key(obj, plan)

    def _free_key(self, obj: models.Model, plan: Plan) -> str:
        words = next((getattr(obj, name) for name in self.key_from if getattr(obj, name)), "")
        base = slugify(words)[:60].strip("-") or self.slug
        taken = set(self.objects_in(plan).filter(key__startswith=base).values_list("key", flat=True))
        key, number = base, 2
        while key in taken:
            key, number = f"{base}-{number}", number + 1
        return key


KINDS = {
    kind.slug: kind
    for kind in [
        Kind(
            "malnivaer",
            GoalLevel,
            GoalLevelForm,
            heading=_("Målnivåer"),
            new_label=_("Ny målnivå"),
            intro=_(
                "Kommunens nivåer av mål, med kommunens egna namn: till exempel Vision, Inriktningsmål och "
                "Resultatmål. Nivåerna gäller alla kommunens planer."
            ),
            columns=("name_plural", "numbered_name"),
            plan_path="",
            order_field="depth",
            key_from=("name",),
        ),
        Kind(
            "mal",
            Goal,
            GoalForm,
            heading=_("Mål"),
            new_label=_("Nytt mål"),
            columns=("level", "number", "responsible_unit"),
            siblings=("level", "parent"),
            related=("level", "parent__level", "responsible_unit"),
            key_from=("title", "text"),
        ),
        Kind(
            "indikatorer",
            Indicator,
            IndicatorForm,
            heading=_("Indikatorer"),
            new_label=_("Ny indikator"),
            children=(IndicatorValueFormSet,),
            columns=("goal", "unit", "target", "kolada_kpi"),
            plan_path="goal__plan",
            siblings=("goal",),
            related=("goal__level",),
            extra_template="indicators/_kolada_search.html",
        ),
        Kind(
            "aktiviteter",
            Activity,
            ActivityForm,
            heading=_("Aktiviteter"),
            new_label=_("Ny aktivitet"),
            children=(CollaboratorFormSet,),
            columns=("goal", "kind", "responsible_unit", "planned_start", "planned_end"),
            siblings=("goal",),
            related=("goal__level", "responsible_unit"),
        ),
        Kind(
            "uppdrag",
            Assignment,
            AssignmentForm,
            heading=_("Uppdrag"),
            new_label=_("Nytt uppdrag"),
            intro=_("Uppdrag från fullmäktige eller kommunstyrelsen till nämnden."),
            columns=("goal", "responsible_unit"),
            related=("goal__level", "responsible_unit"),
            key_from=("title",),
        ),
        Kind(
            "undersokningar",
            UserSurvey,
            UserSurveyForm,
            heading=_("Brukarundersökningar"),
            new_label=_("Ny brukarundersökning"),
            children=(SurveyResultFormSet,),
            columns=("kind", "contact"),
            related=("unit",),
        ),
        Kind(
            "sammantraden",
            Meeting,
            MeetingForm,
            heading=_("Sammanträden"),
            new_label=_("Nytt sammanträde"),
            intro=_(
                "Kalendern: KF, KS och AU, och vilka mål och uppdrag som redovisas vid varje sammanträde."
            ),
            children=(MeetingItemFormSet,),
            columns=("body", "date"),
            order_field="date",
        ),
        Kind(
            "budgetprocessen",
            BudgetMilestone,
            BudgetMilestoneForm,
            heading=_("Budgetprocessen"),
            new_label=_("Ny milstolpe"),
            columns=("date", "when_text"),
        ),
        Kind(
            "texter",
            PlanSection,
            PlanSectionForm,
            heading=_("Texter"),
            new_label=_("Nytt textavsnitt"),
            intro=_("Planens löptext: inledningar, sektorernas verksamhet, om ekonomin och investeringarna."),
            columns=("key", "sector"),
            related=("sector",),
        ),
        Kind(
            "sektorbudgetar",
            SectorBudget,
            SectorBudgetForm,
            heading=_("Sektorernas ramar och budgetar"),
            new_label=_("Ny sektorsbudget"),
            children=(BudgetFrameFormSet, BudgetLineFormSet),
            columns=("printed_net_total",),
            related=("sector",),
        ),
        Kind(
            "investeringar",
            InvestmentProject,
            InvestmentProjectForm,
            heading=_("Investeringsplanen"),
            new_label=_("Nytt investeringsprojekt"),
            children=(InvestmentAmountFormSet, InvestmentSpecFormSet),
            columns=("parent",),
            siblings=("parent",),
            related=("parent",),
        ),
        Kind(
            "investeringssummor",
            InvestmentTotal,
            InvestmentTotalForm,
            heading=_("Investeringsplanens summor"),
            new_label=_("Ny summa för ett år"),
            intro=_("Summan per år som planen trycker; den kontrolleras mot projektens belopp."),
            columns=("printed_amount",),
            order_field="year",
        ),
    ]
}
