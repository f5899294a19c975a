from __future__ import annotations

import datetime
import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from styrkedja.demo.services import DEMO_ROLES, demo_members_ensure
from styrkedja.followup.services import period_open
from styrkedja.opendata.choices import License
from styrkedja.opendata.models import OpenDataSettings
from styrkedja.opendata.services import opendata_settings_set
from styrkedja.plandata.loader import load_plan_file
from styrkedja.plandata.management.commands.load_plan_data import report_result
from styrkedja.plandata.reader import DataFileError
from styrkedja.plans.selectors import plan_get_by_name
from styrkedja.plans.services import plan_carry_over
from styrkedja.publishing.services import publication_publish
from styrkedja.tenancy.models import Municipality

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
DEMO_ADMIN_USERNAME = "admin"
# One user of each role per demo municipality; the rapportör reports for the named unit.
DEMO_MEMBERS = {
    "mjolby": "Kommunledningskontoret",
    "valdemarsvik": "Sektor Barn, utbildning, arbetsmarknad och kultur",
}
# The Mjölby report says unfinished activities went on into the 2025 plan. The demo makes that plan
# with Styrkedja's own carry-over and opens its T1, so that there is something to report.
DEMO_NEXT_YEAR = {"from": "mjolby/ks/2024", "open": "T1", "due_on": datetime.date(2025, 5, 12)}
# Mjölby's T3 report is public, as it is on the municipality's web site: the public pages, the open
# data and the public API have something to show.
DEMO_PUBLISHED = [("mjolby/ks/2024", "T3")]
# The address the open data's catalogue names as its contact: the one Mjölby's report prints.
DEMO_OPEN_DATA_CONTACT = {"mjolby": "mjolbykommun@mjolby.se"}


class Command(BaseCommand):
    help = "Läser in demokommunerna (Mjölby och Valdemarsvik) och skapar en demoadministratör."

    def add_arguments(self, parser):
        parser.add_argument("--no-users", action="store_true", help="Skapa inga demoanvändare")

    def handle(self, *args, no_users, **options):
        files = sorted(DATA_DIR.glob("*.yaml"))
        if not files:
            raise CommandError(f"Inga demofiler hittades i {DATA_DIR}.")
        try:
            with transaction.atomic():
                for file in files:
                    report_result(self.stdout, self.style, load_plan_file(file))
                self.ensure_next_year_plan()
                self.ensure_published()
        except DataFileError as error:
            raise CommandError(f"Inget lästes in. {error}") from None
        if not no_users:
            password = os.getenv("DEMO_ADMIN_PASSWORD", "styrkedja-demo")
            self.ensure_members(password)
            self.ensure_admin(password)
            self.print_logins(password)

    def ensure_next_year_plan(self) -> None:
        plan = plan_get_by_name(name=DEMO_NEXT_YEAR["from"])
        if plan.successors.exists():
            return
        new_plan = plan_carry_over(plan=plan)
        period_open(period=new_plan.periods.get(code=DEMO_NEXT_YEAR["open"]), due_on=DEMO_NEXT_YEAR["due_on"])
        self.stdout.write(
            f"Skapad genom överföring: {new_plan.name} ({new_plan.activities.count()} aktiviteter, "
            f"{DEMO_NEXT_YEAR['open']} öppen)"
        )

    def ensure_published(self) -> None:
        for name, code in DEMO_PUBLISHED:
            plan = plan_get_by_name(name=name)
            period = plan.periods.get(code=code)
            if not period.publications.exists():
                publication_publish(plan=plan, period=period)
                self.stdout.write(f"Publicerad: {name} {code}")
        for slug, address in DEMO_OPEN_DATA_CONTACT.items():
            municipality = Municipality.objects.get(slug=slug)
            if not OpenDataSettings.objects.filter(municipality=municipality).exists():
                opendata_settings_set(municipality=municipality, license=License.CC0, contact_email=address)

    def ensure_admin(self, password: str) -> None:
        username = DEMO_ADMIN_USERNAME
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            user.set_password(password)
            user.save()
        self.admin_password_known = created or user.check_password(password)

    def print_logins(self, password: str) -> None:
        User = get_user_model()
        self.stdout.write("")
        self.stdout.write("Demoinloggningar på http://127.0.0.1:8000/")
        for municipality in Municipality.objects.filter(slug__in=DEMO_MEMBERS).order_by("name"):
            for role, suffix in DEMO_ROLES.items():
                username = f"{municipality.slug}-{suffix}"
                user = User.objects.get(username=username)
                shown = password if user.check_password(password) else "(ändrat)"
                self.stdout.write(f"  {username:<28} {shown:<16} {role.label}, {municipality.name}")
        shown = password if self.admin_password_known else "(ändrat)"
        self.stdout.write(
            f"  {DEMO_ADMIN_USERNAME:<28} {shown:<16} Djangos admin: http://127.0.0.1:8000/admin/"
        )
        self.stdout.write("Utan inloggning: http://127.0.0.1:8000/mjolby/ (publika sidor, öppna data), ")
        self.stdout.write("  http://127.0.0.1:8000/api/ (API:ts dokumentation)")

    def ensure_members(self, password: str) -> None:
        for municipality in Municipality.objects.filter(slug__in=DEMO_MEMBERS):
            demo_members_ensure(
                municipality=municipality, reporter_unit=DEMO_MEMBERS[municipality.slug], password=password
            )
