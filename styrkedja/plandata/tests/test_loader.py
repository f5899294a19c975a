from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from styrkedja.plandata.loader import load_plan_file
from styrkedja.plandata.reader import DataFileError
from styrkedja.plans.models import Plan

VALID = """
municipality:
  slug: provkommun
  name: Provkommun
  goal_levels:
    - {key: kf, name: Inriktningsmål}
    - {key: board, name: Resultatmål}
  units:
    - name: Kommunstyrelsen
      slug: ks
      kind: board
      children:
        - {name: Ekonomiavdelningen, kind: department, short_name: Ekon}
        - {name: Sektor Skola, kind: sector, short_name: SKOLA}
  partners:
    - name: Polisen
plans:
  - board: ks
    year: 2025
    title: Verksamhetsplan 2025
    budget_period: [2025, 2027]
    periods:
      - {code: T1, name: T1, ends_on: 2025-04-30}
    goals:
      - key: oppen
        level: kf
        title: Den öppna kommunen
        indicators:
          - name: Nöjd medborgarindex
            values:
              - {year: 2024, scope: municipality, value: "72,5"}
        children:
          - key: service
            level: board
            text: Kommunen har hög servicegrad.
            activities:
              - title: Ny webbplats
                kind: P
                responsible: Ekon
                collaborators: [{partner: Polisen}, {text: Alla förvaltningar}]
                reports:
                  - {period: T1, status: Pågår, comment: Upphandling klar.}
    sectors:
      - unit: SKOLA
        frames: [{year: 2025, kind: budget, amount: "10,0"}]
        lines:
          - {name: Grundskola, income: 1.0, cost: 11.0, net: 10.0, net_previous: 9.5}
"""


def database_snapshot() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def write(tmp_path, text: str, name: str = "plan.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_file_is_loaded(db, tmp_path):
    result = load_plan_file(write(tmp_path, VALID))

    [plan] = result.created
    assert plan.name == "provkommun/ks/2025"
    activity = plan.activities.get()
    assert activity.responsible_unit.name == "Ekonomiavdelningen"
    assert [str(c) for c in activity.collaborators.all()] == ["Polisen", "Alla förvaltningar"]
    assert activity.reports.get().status == "ongoing"
    assert plan.goals.get(key="oppen").indicators.get().values.get().value == Decimal("72.5")
    assert plan.sector_budgets.get().lines.get().net == Decimal("10.0")


def test_loading_the_same_file_twice_changes_nothing(db, tmp_path):
    path = write(tmp_path, VALID)
    load_plan_file(path)
    before = database_snapshot()

    result = load_plan_file(path)

    assert result.created == [] and [plan.name for plan in result.skipped] == ["provkommun/ks/2025"]
    assert database_snapshot() == before


def test_replace_lays_the_file_over_the_plan_in_place(db, tmp_path):
    path = write(tmp_path, VALID)
    first = load_plan_file(path).created[0]
    goals = dict(first.goals.values_list("key", "pk"))
    old_activity = first.activities.get()
    changed = VALID.replace("Ny webbplats", "Ny e-tjänst").replace(
        "Den öppna kommunen", "Den öppnare kommunen"
    )
    result = load_plan_file(write(tmp_path, changed), replace=True)

    plan = Plan.objects.get(board__municipality__slug="provkommun", year=2025)
    assert result.replaced == [plan] and plan.pk == first.pk
    # What the file still names keeps its row; so does an activity whose title was corrected in
    # its place (same goal, same place, same responsible unit).
    assert dict(plan.goals.values_list("key", "pk")) == goals
    assert plan.goals.get(key="oppen").title == "Den öppnare kommunen"
    activity = plan.activities.get()
    assert activity.title == "Ny e-tjänst" and activity.pk == old_activity.pk
    assert activity.reports.get().comment == "Upphandling klar."


def test_replace_never_touches_a_closed_period_and_says_every_refusal(db, tmp_path):
    closed = VALID.replace(
        "{code: T1, name: T1, ends_on: 2025-04-30}", "{code: T1, name: T1, ends_on: 2025-04-30, closed: true}"
    )
    load_plan_file(write(tmp_path, closed))
    before = database_snapshot()
    changed = closed.replace("Upphandling klar.", "Upphandling klar i efterhand.").replace(
        ", closed: true", ""
    )
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("load_plan_data", str(write(tmp_path, changed, "andrad.yaml")), "--replace", stdout=out)
    message = str(raised.value)
    assert "2 ändringar kan inte göras" in message
    assert "perioden T1 är stängd i Styrkedja" in message
    assert "perioden T1 är stängd, och rapporter i en stängd period läggs inte till" in message
    assert database_snapshot() == before


BAD_FILES = [
    pytest.param(
        VALID.replace(
            "{code: T1, name: T1, ends_on: 2025-04-30}",
            "{code: T1, name: T1, ends_on: 2025-04-30, due_on: 2025-04-01}",
        ),
        ["period T1", "fältet ”due_on”", "ligger före periodens slut"],
        id="due-before-the-end",
    ),
    pytest.param(
        VALID.replace("comment: Upphandling klar.", "comment: " + "x" * 6001),
        ["rapport 1", "fältet ”comment”", "6001 tecken lång men får vara högst 6000"],
        id="comment-too-long",
    ),
    pytest.param(
        VALID.replace("            text: Kommunen har hög servicegrad.\n", ""),
        ["mål ”service”", "fältet ”text”", "måltext"],
        id="goal-without-text-or-title",
    ),
    pytest.param(
        VALID.replace("status: Pågår", "status: Färdig"),
        ["plan.yaml", "aktivitet 1 under mål ”service” (”Ny webbplats”)", "fältet ”status”", "”Färdig”"],
        id="unknown-status",
    ),
    pytest.param(
        VALID.replace("                responsible: Ekon\n", ""),
        ["plan.yaml", "aktivitet 1 under mål ”service”", "fältet ”responsible”", "saknas"],
        id="missing-responsible-unit",
    ),
    pytest.param(
        VALID.replace("responsible: Ekon", "responsible: Okänd avdelning"),
        ["fältet ”responsible”", "enheten ”Okänd avdelning” finns inte"],
        id="unknown-responsible-unit",
    ),
    pytest.param(
        VALID.replace("level: board", "level: nämndmål"),
        ["plan.yaml", "mål ”service”", "fältet ”level”", "målnivån ”nämndmål” finns inte"],
        id="goal-under-unknown-level",
    ),
    pytest.param(
        VALID.replace('value: "72,5"', "value: sjuttiotvå"),
        ["plan.yaml", "mål ”oppen”, indikator 1, värde 1", "fältet ”value”", "”sjuttiotvå” är inte ett tal"],
        id="value-not-a-number",
    ),
    pytest.param(
        VALID.replace("cost: 11.0", "cost: 11 kr"),
        ["sektor ”SKOLA”, budgetrad ”Grundskola”", "fältet ”cost”", "”11 kr” är inte ett tal"],
        id="budget-not-a-number",
    ),
    pytest.param(
        VALID.replace("cost: 11.0", "cost: 11,0"),
        ["sektor ”SKOLA”, budgetrad 1", "fältet ”0”", 'citattecken, till exempel "11,5"'],
        id="unquoted-decimal-comma",
    ),
    pytest.param(
        VALID.replace("ends_on: 2025-04-30", "ends_on: 30 april"),
        ["period T1", "fältet ”ends_on”", "inget datum"],
        id="bad-date",
    ),
    pytest.param(
        VALID.replace("period: T1, status", "period: T2, status"),
        ["fältet ”period”", "perioden ”T2” finns inte"],
        id="unknown-period",
    ),
    pytest.param(
        VALID.replace("kind: P", "kind: P\n                colour: blå"),
        ["fältet ”colour”", "okänt fält"],
        id="unknown-field",
    ),
    pytest.param(
        VALID.replace("  name: Provkommun", "  name: [Provkommun"), ["plan.yaml", "rad ", "YAML"], id="yaml"
    ),
]


@pytest.mark.parametrize(("text", "expected"), BAD_FILES)
def test_a_bad_file_is_refused_whole_with_a_swedish_message(db, tmp_path, text, expected):
    before = database_snapshot()

    with pytest.raises(DataFileError) as error:
        load_plan_file(write(tmp_path, text))

    for part in expected:
        assert part in str(error.value)
    assert database_snapshot() == before


def test_the_command_refuses_a_bad_file_and_says_nothing_was_loaded(db, tmp_path):
    before = database_snapshot()
    path = write(tmp_path, VALID.replace("status: Pågår", "status: 42"))

    with pytest.raises(CommandError, match=r"Inget lästes in\. .*plan\.yaml.*fältet ”status”"):
        call_command("load_plan_data", str(path), stdout=io.StringIO())
    assert database_snapshot() == before


def test_a_missing_file_is_named(db, tmp_path):
    with pytest.raises(DataFileError, match="finns inte"):
        load_plan_file(tmp_path / "saknas.yaml")


INDICATOR_VALUES = """          - name: Nöjd medborgarindex
            values:
              - {year: 2024, scope: municipality, value: "72,5"}
"""


def test_an_indicator_s_average_new_targets_and_values_by_sex_or_missing_are_read(db, tmp_path):
    from styrkedja.indicators.models import Indicator

    text = VALID.replace(
        INDICATOR_VALUES,
        """          - name: Nöjd medborgarindex
            target: "> 70"
            average_years: 3
            values:
              - {year: 2024, scope: municipality, value: "72,5"}
              - {year: 2024, scope: municipality, gender: K, value: "74"}
              - {year: 2024, scope: riket, gender: Män, value: "70"}
              - {year: 2023, scope: municipality, missing_reason: statistik saknas}
          - name: Sjukfrånvaro
            higher_is_better: false
            target: "under 5"
""",
    )
    load_plan_file(write(tmp_path, text))

    first, second = Indicator.objects.filter(goal__plan__municipality__slug="provkommun").order_by(
        "order", "pk"
    )
    assert (first.target_kind, first.target_value, first.average_years) == ("greater_than", Decimal("70"), 3)
    assert (second.target_kind, second.target_value) == ("less_than", Decimal("5"))
    assert sorted((v.year, v.scope, v.gender, v.value, v.missing_reason) for v in first.values.all()) == [
        (2023, "municipality", "T", None, "statistik saknas"),
        (2024, "municipality", "K", Decimal("74"), ""),
        (2024, "municipality", "T", Decimal("72.5"), ""),
        (2024, "nation", "M", Decimal("70"), ""),
    ]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            '{year: 2024, value: "1", missing_reason: saknas}',
            ["fältet ”missing_reason”", "inte bredvid value"],
        ),
        ("{year: 2024}", ["fältet ”value”", "saknas men måste anges"]),
        ('{year: 2024, gender: X, value: "1"}', ["fältet ”gender”", "”X” är inte ett tillåtet värde"]),
    ],
)
def test_a_value_needs_a_number_or_a_reason_and_a_known_sex(db, tmp_path, values, expected):
    text = VALID.replace('{year: 2024, scope: municipality, value: "72,5"}', values)

    with pytest.raises(DataFileError) as error:
        load_plan_file(write(tmp_path, text))

    for part in expected:
        assert part in str(error.value)


def test_an_average_is_over_two_to_ten_years_in_the_file(db, tmp_path):
    text = VALID.replace(
        "          - name: Nöjd medborgarindex\n", "          - name: Nöjd\n            average_years: 11\n"
    )

    with pytest.raises(DataFileError, match="medelvärdet tas över 2 till 10 år"):
        load_plan_file(write(tmp_path, text))
