"""The public pages as a citizen asks them: no log-in, only what is published."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from styrkedja.followup.models import GoalReport
from styrkedja.plans.selectors import plan_get_by_name
from styrkedja.plans.services import plan_adopt
from styrkedja.publishing.services import publication_publish, publication_withdraw

EDITION = "/mjolby/ks/2024/t3/"


def text_of(response) -> str:
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", body).replace("&nbsp;", " ")


def test_the_start_lists_the_published_follow_up(published_t3):
    response = Client().get("/mjolby/")
    assert response.status_code == 200
    assert f'href="{EDITION}"' in response.content.decode()
    body = text_of(response)
    assert "Verksamhetsplan 2024" in body and "Uppföljning T3 – Årsredovisning" in body
    assert "/mjolby/datasets/" in response.content.decode()
    assert reverse("public:accessibility", args=["mjolby"]) in response.content.decode()
    assert "Verksamhetsplan 2025" not in body  # the draft


def test_a_municipality_with_nothing_published_says_so(valdemarsvik):
    body = text_of(Client().get("/valdemarsvik/"))
    assert "har ännu inte publicerat någon plan eller uppföljning" in body


def test_an_unknown_municipality_is_not_found(db):
    assert Client().get("/ingenstans/").status_code == 404
    assert Client().get("/ingenstans/ks/2024/t3/").status_code == 404


def test_the_edition_shows_its_summary_and_documents(published_t3):
    response = Client().get(EDITION)
    assert response.status_code == 200
    body = text_of(response)
    assert published_t3.snapshot["summary"]["sentence"] in body
    assert "25 av 38 aktiviteter klara (66 %)" in body
    assert "Publicerad 2" in body and "till och med 2024-12-31" in body
    # Mjölby's report assesses no goal: that is said, not a row of zeros.
    assert "Målen är inte bedömda i den här uppföljningen" in body and "Uppnått: 0" not in body
    for document in published_t3.documents.all():
        assert document.filename in body
    assert re.search(r"\(PDF, \d+ kB\)", body) and re.search(r"\(Word, \d+ kB\)", body)
    for goal in published_t3.snapshot["goals"]:
        assert f'href="{EDITION}mal/{goal["id"]}/"' in response.content.decode()
    assert "Planen har 7 mål." in body


def test_the_assessments_are_counted_with_symbol_and_words_and_goals_read_in_their_own_words(members):
    plan = plan_get_by_name(name="mjolby/ks/2024")
    period = plan.periods.get(code="T3")
    set_scale(plan.municipality)
    first, second = plan.goals.order_by("level__depth", "order", "pk")[:2]
    GoalReport.objects.create(goal=first, period=period, assessment="achieved")
    GoalReport.objects.create(goal=second, period=period, assessment="not_achieved")
    publication_publish(plan=plan, period=period, user=members["mjolby-controller"])
    body = text_of(Client().get(EDITION))
    assert "● Uppfyllt: 1" in body and "○ Inte uppfyllt: 1" in body and "Ingen bedömning: 5" in body
    assert "Målen är inte bedömda" not in body
    # A goal whose heading is only its level and number is shown with its text and its activities.
    assert "Mjölby ska vara en attraktiv och trygg kommun att bo, verka och leva i." in body
    assert "4 av 5 aktiviteter klara" in body
    # The follow-up's own texts, not the plan's introductions to tables this page does not have.
    assert "Flera av dessa har överförts till 2025 års verksamhetsplan." in body
    assert "Nedan följer en beskrivning" not in body


def set_scale(municipality) -> None:
    from styrkedja.followup.services import assessment_scale_set

    assessment_scale_set(
        municipality=municipality,
        steps=[
            {"key": "achieved", "label": "Uppfyllt", "symbol": "●", "summary_word": "uppfyllda"},
            {"key": "uncertain", "label": "Delvis uppfyllt", "symbol": "◐", "summary_word": "delvis"},
            {"key": "not_achieved", "label": "Inte uppfyllt", "symbol": "○", "summary_word": "inte"},
        ],
    )


def test_the_edition_of_an_unpublished_plan_is_not_found(published_t3):
    for path in ("/mjolby/ks/2025/plan/", "/mjolby/ks/2025/t1/", "/mjolby/ks/2024/t2/",
                 "/mjolby/ks/2024/plan/", "/valdemarsvik/ks/2023/plan/", "/mjolby/ks/2024/t3/mal/999999/",
                 "/mjolby/ks/2025/t1/dokument/pdf/", "/mjolby/ks/2024/t3/dokument/xlsx/"):  # fmt: skip
        response = Client().get(path)
        assert response.status_code == 404, path


def test_filters_and_search_say_the_hits_in_words(published_t3):
    snapshot = published_t3.snapshot
    client = Client()
    level = snapshot["goals"][0]["level"]
    same_level = [goal for goal in snapshot["goals"] if goal["level"] == level]
    body = text_of(client.get(EDITION, {"level": level}))
    assert f"{len(same_level)} mål matchar." in body

    activity = next(a for goal in snapshot["goals"] for a in goal["activities"])
    owner = next(goal for goal in snapshot["goals"] if activity in goal["activities"])
    word = max(activity["title"].split(), key=len)
    response = client.get(EDITION, {"q": word})
    assert f"{EDITION}mal/{owner['id']}/" in response.content.decode()
    assert "mål matchar." in text_of(response)

    unit = str(activity["unit"])
    response = client.get(EDITION, {"unit": unit})
    assert f"{EDITION}mal/{owner['id']}/" in response.content.decode()

    body = text_of(client.get(EDITION, {"q": "ordsomintefinnsnågonstans"}))
    assert "Inga mål matchar sökningen och filtren." in body
    body = text_of(client.get(EDITION, {"assessment": "achieved"}))
    assert "Inga mål matchar" in body  # the demo's T3 has no goal assessed
    body = text_of(client.get(EDITION, {"assessment": "none"}))
    assert "7 mål matchar." in body


def test_a_goals_page_shows_texts_indicators_and_activities(published_t3):
    goal = next(g for g in published_t3.snapshot["goals"] if g["indicators"] and g["activities"])
    response = Client().get(f"{EDITION}mal/{goal['id']}/")
    assert response.status_code == 200
    html, body = response.content.decode(), text_of(response)
    assert goal["heading"] in body
    for text in goal["texts"]:
        assert text["label"] in body
    indicator = goal["indicators"][0]
    assert indicator["name"] in body and "Riket" in body
    if indicator["chart_html"]:
        assert "<figure" in html
    activity = goal["activities"][0]
    assert activity["title"] in body
    if activity["status"]:
        assert activity["status"]["label"] in body
    assert "Ingen bedömning" in body  # never a colour alone: the words


def test_the_document_is_the_stored_file(published_t3):
    response = Client().get(f"{EDITION}dokument/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    word = Client().get(f"{EDITION}dokument/docx/")
    assert word["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(word.streaming_content).startswith(b"PK")


def test_the_accessibility_statement_follows_diggs_model(mjolby):
    body = text_of(Client().get("/mjolby/tillganglighet/"))
    for heading in ("Hur tillgängliga är sidorna?", "Innehåll som inte är tillgängligt",
                    "Rapportera brister", "Tillsynsmyndighet", "Hur vi testat sidorna"):  # fmt: skip
        assert heading in body
    assert "Myndigheten för digital förvaltning (DIGG)" in body
    assert re.search(r"senast \d{4}-\d{2}-\d{2}", body)


def test_a_withdrawn_publication_is_gone_at_once(published_t3, members):
    client = Client()
    assert client.get(EDITION).status_code == 200
    assert client.get("/mjolby/").content.decode().count(EDITION) >= 1
    for older in published_t3.plan.publications.exclude(pk=published_t3.pk):
        publication_withdraw(publication=older, reason="Ersatt.", user=members["mjolby-controller"])
    publication_withdraw(
        publication=published_t3, reason="Fel i tabellen.", user=members["mjolby-controller"]
    )
    assert client.get(EDITION).status_code == 404
    assert EDITION not in client.get("/mjolby/").content.decode()


def test_only_anonymous_answers_may_be_kept_by_a_browser(published_t3, client_as):
    anonymous = Client().get(EDITION)
    assert "public" in anonymous["Cache-Control"] and "max-age=60" in anonymous["Cache-Control"]
    signed_in = client_as("mjolby-lasare").get(EDITION)
    assert signed_in.status_code == 200
    assert "no-store" in signed_in["Cache-Control"] and "public" not in signed_in["Cache-Control"]


@pytest.mark.parametrize("path", ["/planer/", "/mal/1/", "/aktiviteter/1/", "/administration/", "/"])
def test_the_rest_of_the_site_still_asks_for_log_in(path, db):
    response = Client().get(path)
    assert response.status_code == 302 and response["Location"].startswith("/konto/logga-in/")


def test_a_new_plan_publication_shows_at_once(published_t3, members):
    client = Client()
    assert "/mjolby/ks/2024/plan/" not in client.get("/mjolby/").content.decode()
    plan = plan_get_by_name(name="mjolby/ks/2024")
    plan_adopt(plan=plan, decided_by="KS", decided_on=datetime.date(2023, 12, 12), reference="§ 210")
    publication_publish(plan=plan, user=members["mjolby-controller"])
    assert "/mjolby/ks/2024/plan/" in client.get("/mjolby/").content.decode()
    response = client.get("/mjolby/ks/2024/plan/")
    assert response.status_code == 200
    body = text_of(response)
    # The plan itself: its decision and period, and no follow-up's summary or assessments.
    assert "Beslut KS 2023-12-12 § 210" in body and "Planperiod 2024–2026" in body
    assert "Resultat i korthet" not in body and "Ingen bedömning" not in body
    assert 'name="assessment"' not in response.content.decode()


def test_a_second_request_is_served_from_the_cache(published_t3, django_assert_num_queries):
    client = Client()
    first = client.get(EDITION)
    # The municipality and its public version number, and nothing else: no snapshot is read.
    with django_assert_num_queries(2) as captured:
        second = client.get(EDITION)
    assert not any("publishing_publication" in query["sql"] for query in captured.captured_queries)
    assert second.content == first.content
    filtered = client.get(EDITION, {"q": "ordsomintefinnsnågonstans"})
    assert "Inga mål matchar" in text_of(filtered)


def test_the_start_reads_every_edition_in_a_fixed_number_of_queries(published_t3, members):
    plan = plan_get_by_name(name="mjolby/ks/2024")
    plan_adopt(plan=plan, decided_by="KS", decided_on=datetime.date(2023, 12, 12), reference="§ 210")
    publication_publish(plan=plan, period=plan.periods.get(code="T2"))
    publication_publish(plan=plan)
    with CaptureQueriesContext(connection) as captured:
        response = Client().get("/mjolby/")
    # The municipality, its version, the editions, and their snapshots' plan and period parts.
    assert len(captured.captured_queries) == 4
    html = response.content.decode()
    # The plan before its follow-ups, in period order.
    positions = [html.index(f'href="/mjolby/ks/2024/{edition}/"') for edition in ("plan", "t2", "t3")]
    assert positions == sorted(positions)
    assert "Beslut: KS 2023-12-12 § 210" in text_of(response)


def test_a_public_page_takes_no_post_and_keeps_no_form_token(published_t3):
    assert Client().post(EDITION).status_code == 405
    client = Client(enforce_csrf_checks=True)
    response = client.get(EDITION)
    assert "csrfmiddlewaretoken" not in response.content.decode() and "csrftoken" not in response.cookies
    assert client.head(EDITION).status_code == 200


@pytest.mark.parametrize(
    "query",
    [{"unit": "abc"}, {"level": "<script>"}, {"sdg": "999"}, {"q": "x" * 5000}, {"assessment": "'; --"}],
)
def test_odd_filters_find_nothing_and_break_nothing(published_t3, query):
    response = Client().get(EDITION, query)
    assert response.status_code == 200
    assert "Inga mål matchar" in text_of(response)
    assert "<script>" not in response.content.decode()


def test_odd_addresses_are_not_found(published_t3):
    for path in ("/mjolby/ks/99999999999999999999/t3/", "/mjolby/ks/2024/t3/mal/99999999999999999999/",
                 "/mjolby/ks/2024/T3X/", "/mjolby/ks/2024/t3/dokument/exe/"):  # fmt: skip
        assert Client().get(path).status_code == 404, path
