"""The administratör's pages of the assessment scale and rules."""

from __future__ import annotations

from styrkedja.audit.models import AuditEntry
from styrkedja.followup.assessment import assessment_rules, assessment_steps

THREE_STEPS = {
    "achieved-used": "on", "achieved-label": "Uppfyllt", "achieved-symbol": "●",
    "achieved-summary_word": "uppfyllda",
    "uncertain-used": "on", "uncertain-label": "Delvis uppfyllt", "uncertain-symbol": "◐",
    "uncertain-summary_word": "delvis",
    "not_achieved-used": "on", "not_achieved-label": "", "not_achieved-symbol": "○",
    "not_achieved-summary_word": "inte",
    "not_assessable-used": "on", "not_assessable-label": "Går inte att bedöma",
}  # fmt: skip


def test_the_administrator_sets_a_three_step_scale_and_it_is_audited(client_as, mjolby):
    response = client_as("mjolby-administrator").post("/bedomning/skala/", THREE_STEPS)

    assert response.status_code == 302
    steps = assessment_steps(municipality_id=mjolby.pk)
    assert [(s.key, s.label, s.symbol, s.summary_word) for s in steps] == [
        ("achieved", "Uppfyllt", "●", "uppfyllda"),
        ("uncertain", "Delvis uppfyllt", "◐", "delvis"),
        ("not_achieved", "Inte uppnått", "○", "inte"),  # an empty word keeps the standard one
        ("not_assessable", "Går inte att bedöma", "", ""),
    ]
    entry = AuditEntry.objects.filter(action="followup.assessment_scale.set").latest("pk")
    assert entry.user.username == "mjolby-administrator"
    before, after = entry.data["scale"]
    assert len(before) == 5 and len(after) == 4
    page = client_as("mjolby-administrator").get("/bedomning/skala/").content.decode()
    assert 'value="Delvis uppfyllt"' in page


def test_a_scale_of_two_steps_is_refused_in_swedish_and_nothing_changes(client_as, mjolby):
    posted = {key: value for key, value in THREE_STEPS.items() if not key.startswith("uncertain")}
    response = client_as("mjolby-administrator").post("/bedomning/skala/", posted)

    assert response.status_code == 200
    assert "Skalan ska ha 3 till 5 steg utöver ”kan inte bedömas”; den har 2." in response.content.decode()
    assert len(assessment_steps(municipality_id=mjolby.pk)) == 5


def test_a_plan_gets_rules_of_its_own_and_gives_them_back(client_as, mjolby, mjolby_plan):
    admin = client_as("mjolby-administrator")
    level = mjolby.goal_levels.order_by("depth").last()
    admin.post("/bedomning/regler/", {"proposal_rule": "most_indicators", "partly_threshold": "70"})
    response = admin.post(
        "/planer/ks/2024/bedomning/",
        {"counted_levels": [level.pk], "goal_noun": "delmål", "proposal_rule": "target_share",
         "partly_threshold": "80"},
    )  # fmt: skip
    assert response.status_code == 302
    rules = assessment_rules(plan=mjolby_plan)
    assert (rules.proposal_rule, rules.partly_threshold, rules.goal_noun) == ("target_share", 80, "delmål")
    assert rules.counted_level_ids == {level.pk} and rules.show_activity_sentence is False

    admin.post("/planer/ks/2024/bedomning/", {"action": "clear"})
    rules = assessment_rules(plan=mjolby_plan)
    assert (rules.proposal_rule, rules.partly_threshold) == ("most_indicators", 70)  # the municipality's
    assert AuditEntry.objects.filter(action="followup.assessment_rules.cleared").exists()


def test_a_threshold_outside_a_percent_is_refused(client_as, mjolby_plan):
    response = client_as("mjolby-administrator").post(
        "/bedomning/regler/", {"proposal_rule": "target_share", "partly_threshold": "120"}
    )
    assert response.status_code == 200
    assert "100" in response.content.decode()
    assert assessment_rules(plan=mjolby_plan).proposal_rule == "standard"
