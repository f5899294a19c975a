"""What every document's web page must hold together: ids of its own, links that lead somewhere,
and cells that say what they say in full."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest

from styrkedja.documents.content import followup_document, plan_document
from styrkedja.documents.render import render_html
from styrkedja.followup.services import activity_report_set
from styrkedja.plans.models import Plan
from styrkedja.plans.selectors import plan_get_by_name

pytestmark = pytest.mark.django_db


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: Counter[str] = Counter()
        self.links: list[str] = []
        self.references: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids[attributes["id"]] += 1
        if tag == "a" and (attributes.get("href") or "").startswith("#"):
            self.links.append(attributes["href"][1:])
        for name in ("aria-labelledby", "aria-describedby"):
            self.references += (attributes.get(name) or "").split()


def _every_demo_document():
    for plan in Plan.objects.select_related("municipality", "board").order_by("pk"):
        yield f"{plan.name}", plan_document(plan=plan)
        for period in plan.periods.filter(code__startswith="T"):
            yield f"{plan.name} {period.code}", followup_document(plan=plan, period=period)


def test_no_document_of_the_demo_has_a_duplicate_id_or_a_link_to_nowhere():
    checked = 0
    for name, document in _every_demo_document():
        parser = _Ids()
        parser.feed(render_html(document))
        duplicates = {id_: n for id_, n in parser.ids.items() if n > 1}
        assert not duplicates, f"{name}: {duplicates}"
        assert set(parser.links) <= set(parser.ids), f"{name}: {set(parser.links) - set(parser.ids)}"
        assert set(parser.references) <= set(parser.ids), name
        checked += 1
    assert checked >= 8  # the plans of both municipalities and their follow-ups


def test_a_repeated_heading_gets_an_id_of_its_own_and_the_contents_lead_to_each(valdemarsvik_plan):
    parser = _Ids()
    parser.feed(render_html(plan_document(plan=valdemarsvik_plan)))
    repeated = [link for link in parser.links if link.startswith("avsnitt-sektorns-ekonomiska-ram")]
    assert len(repeated) == len(set(repeated)) >= 3


def test_the_calendar_says_what_is_presented_in_full_and_the_budget_process_once(valdemarsvik_plan):
    html = render_html(plan_document(plan=valdemarsvik_plan))
    assert "Ta fram planeringsstrategin för att aktualisera kommunens översiktsplan" in html
    assert html.count("Budgetberedning") == 1


def test_collaborators_and_the_comment_are_apart_in_the_activity_table():
    plan = plan_get_by_name(name="mjolby/ks/2025")
    t1 = plan.periods.get(code="T1")
    activity = plan.activities.filter(collaborators__text="Alla förvaltningar").first()
    activity_report_set(activity=activity, period=t1, status="ongoing", comment="Riktlinjerna är på remiss.")
    html = render_html(followup_document(plan=plan, period=t1))
    assert "Alla förvaltningar<br>Riktlinjerna är på remiss." in html


def test_a_long_comment_flows_across_pages_whole(tmp_path):
    """A comment as long as a comment may be is printed whole, over the pages it needs."""
    import subprocess

    from styrkedja.documents.render import render_pdf

    plan = plan_get_by_name(name="mjolby/ks/2025")
    t1 = plan.periods.get(code="T1")
    activity = plan.activities.order_by("order").first()
    words = [f"ord{number}" for number in range(900)]
    comment = " ".join(words)[:5980].rsplit(" ", 1)[0] + " SLUTORDET"
    activity_report_set(activity=activity, period=t1, status="ongoing", comment=comment)
    pdf = tmp_path / "t1.pdf"
    pdf.write_bytes(render_pdf(followup_document(plan=plan, period=t1)))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "ord0" in text and "SLUTORDET" in text  # nothing of it is cut off at a page's foot
    assert "ord450" in text
    # In the table, the row keeps its shape: the comment stands under the table, as paragraphs.
    html = render_html(followup_document(plan=plan, period=t1))
    row = html[html.index(activity.title[:40]) :].split("</tr>")[0]
    assert "Kommentaren står under tabellen." in row and "SLUTORDET" not in row
    assert f"Kommentar till ”{activity.title}”:" in html


def _ends_of_pages(pdf_bytes: bytes, tmp_path) -> list[str]:
    import subprocess

    pdf = tmp_path / "document.pdf"
    pdf.write_bytes(pdf_bytes)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    ends = []
    for page in text.stdout.split("\f")[2:-1]:  # past the cover and the contents
        body = [
            line.strip()
            for line in page.splitlines()
            if line.strip() and not line.strip().startswith("Sida ")
        ]
        ends.append(body[-1] if body else "")
    return ends


def test_no_heading_is_left_alone_at_the_foot_of_a_page(tmp_path):
    """Sections of every length, so that without the rule some heading would fall at a page's foot."""
    from styrkedja.documents.blocks import Document, Heading, Paragraph, Table
    from styrkedja.documents.render import render_pdf

    blocks = []
    for number in range(1, 41):
        blocks.append(Heading(2, f"Avsnittet nummer {number}"))
        blocks.append(Paragraph(" ".join(["Text i avsnittet."] * (8 + (number * 37) % 60))))
        # A bold line that introduces a table, as "Aktiviteter och projekt" does in the plan.
        blocks.append(Paragraph(f"Tabellen till avsnitt {number}", style="subheading"))
        blocks.append(
            Table("", ["Aktivitet", "Ansvarig"], [["Något som görs", "Enheten"]] * (1 + number % 4))
        )
    document = Document("Prov", "Rubriker", "Provkommun", "Styrelsen", blocks)
    headings = {heading.full for heading in document.headings}
    headings |= {f"Tabellen till avsnitt {number}" for number in range(1, 41)}
    ends = _ends_of_pages(render_pdf(document), tmp_path)
    assert len(ends) > 5
    assert not headings & set(ends), [end for end in ends if end in headings]


@pytest.mark.parametrize("name, code", [("mjolby/ks/2024", "T3"), ("valdemarsvik/ks/2023", None)])
def test_no_heading_of_the_demo_documents_is_left_at_the_foot_of_a_page(tmp_path, name, code):
    from styrkedja.documents.render import render_pdf

    plan = plan_get_by_name(name=name)
    document = (
        followup_document(plan=plan, period=plan.periods.get(code=code)) if code else plan_document(plan=plan)
    )
    headings = {heading.full for heading in document.headings}
    assert not headings & set(_ends_of_pages(render_pdf(document), tmp_path))


def test_subgoals_with_their_own_texts_and_activities_have_sections_of_their_own(build_plan):
    """A municipality whose activities hang on the lower level's goals: they are in its plan too."""
    built = build_plan(slug="tvaniva")
    aim = built.goal("aim")
    result = built.goal("result", parent=aim)
    result.measurable = "Andelen ska öka till 90 %."
    result.save()
    listed_only = built.goal("listed", parent=aim)  # its text alone: in the list under its goal
    built.activity(result, title="Läsfrämjande i alla skolor")
    html = render_html(plan_document(plan=built.plan))
    assert "Andelen ska öka till 90 %." in html and "Läsfrämjande i alla skolor" in html
    assert html.count(listed_only.text) == 1
