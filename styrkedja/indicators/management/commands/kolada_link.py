from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from styrkedja.indicators.kolada import KoladaError
from styrkedja.indicators.management.commands._output import short
from styrkedja.indicators.models import Indicator
from styrkedja.indicators.services import indicator_kolada_link
from styrkedja.plans.cli import plan_from_argument


class Command(BaseCommand):
    help = (
        "Visar planens indikatorer med nummer och nyckeltal, eller kopplar en indikator till ett "
        "nyckeltal i Kolada (som då kontrolleras mot Kolada)."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan", help="Planens namn: kommun/nämnd/år, till exempel mjolby/ks/2024")
        parser.add_argument("--indicator", type=int, help="Indikatorns nummer (visas utan andra val)")
        link = parser.add_mutually_exclusive_group()
        link.add_argument("--kpi", help="Nyckeltalets id i Kolada, till exempel N00002")
        link.add_argument("--remove", action="store_true", help="Ta bort kopplingen")

    def handle(self, *args, plan, indicator, kpi, remove, **options):
        plan = plan_from_argument(plan)
        indicators = Indicator.objects.filter(goal__plan=plan).order_by(
            "goal__level__depth", "goal__order", "order"
        )
        if indicator is None:
            if kpi or remove:
                raise CommandError("Ange vilken indikator med --indicator NR.")
            for item in indicators:
                self.stdout.write(f"{item.pk:>6}  {item.kolada_kpi or '–':<8}  {short(item.name)}")
            return
        if not kpi and not remove:
            raise CommandError("Ange nyckeltalet med --kpi ID, eller --remove för att ta bort kopplingen.")
        chosen = indicators.filter(pk=indicator).first()
        if chosen is None:
            raise CommandError(f"Planen {plan.name} har ingen indikator med nummer {indicator}.")
        try:
            indicator_kolada_link(indicator=chosen, kpi_id="" if remove else kpi)
        except KoladaError as error:
            raise CommandError(f"{error} Kopplingen ändrades inte.") from None
        if remove:
            self.stdout.write(f"”{short(chosen.name)}” är inte längre kopplad till Kolada.")
        else:
            self.stdout.write(
                f"”{short(chosen.name)}” är kopplad till nyckeltalet {chosen.kolada_kpi} i Kolada."
            )
