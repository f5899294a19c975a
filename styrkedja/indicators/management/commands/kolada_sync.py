from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from styrkedja.indicators.kolada import KoladaError
from styrkedja.indicators.management.commands._output import number, short
from styrkedja.indicators.services import KoladaNotConfigured, SyncChange, kolada_sync
from styrkedja.plans.cli import plan_from_argument
from styrkedja.plans.models import Plan


def change_line(change: SyncChange) -> str:
    where = f"{short(change.indicator.name, 60)} ({change.indicator.kolada_kpi}), {change.year}, "
    where += change.compared_with
    if change.previous is None:
        return f"  + {where}: {number(change.value)}"
    return f"  ~ {where}: {number(change.previous)} → {number(change.value)}"


class Command(BaseCommand):
    help = (
        "Hämtar från Kolada värdena för planens indikatorer som är kopplade till ett nyckeltal: "
        "kommunens, rikets och jämförelsekommunernas, för planens år och de fem åren före."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "plan",
            nargs="?",
            help="Planens namn: kommun/nämnd/år, till exempel mjolby/ks/2024. Utan plan: alla planer "
            "med indikatorer kopplade till Kolada (för en schemalagd körning).",
        )

    def handle(self, *args, plan, **options):
        if plan:
            self.sync(plan_from_argument(plan))
            return
        # Every plan with a linked indicator; one that fails does not stop the others.
        plans = (
            Plan.objects.filter(goals__indicators__kolada_kpi__gt="")
            .distinct()
            .select_related("municipality", "board")
        )
        failed = []
        for each in plans:
            try:
                self.sync(each)
            except CommandError as error:
                self.stderr.write(f"{each.name}: {error}")
                failed.append(each.name)
        if failed:
            raise CommandError(f"Hämtningen misslyckades för {', '.join(failed)}; inget sparades för dem.")

    def sync(self, plan) -> None:
        try:
            result = kolada_sync(plan=plan)
        except KoladaNotConfigured as error:
            raise CommandError(str(error)) from None
        except KoladaError as error:
            raise CommandError(f"Hämtningen från Kolada misslyckades och inget sparades. {error}") from None
        out = self.stdout.write
        years = f"{result.years[0]}–{result.years[-1]}"
        if not result.indicators:
            out(
                f"Ingen indikator i {plan.name} är kopplad till ett nyckeltal i Kolada. "
                f"Koppla en med ./manage.py kolada_link {plan.name}."
            )
            return
        count = len(result.indicators)
        linked = f"{count} {'indikator' if count == 1 else 'indikatorer'} med nyckeltal"
        out(f"Kolada, {plan.name}, år {years}: {linked}.")
        if result.added:
            out("Nya värden:")
            for change in result.added:
                out(change_line(change))
        if result.updated:
            out("Ändrade värden:")
            for change in result.updated:
                out(change_line(change))
        for kpi_id, indicators in result.unknown_kpis.items():
            names = ", ".join(f"”{short(indicator.name, 60)}”" for indicator in indicators)
            self.stderr.write(
                f"Varning: nyckeltalet {kpi_id} finns inte i Kolada ({names}). Kontrollera kopplingen."
            )
        out(
            f"Klart: {len(result.added)} nya, {len(result.updated)} ändrade, "
            f"{result.unchanged} oförändrade värden."
        )
