"""The plan document and the follow-up report reproduce the seed documents, as PDF and as Word."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
import zlib

import pytest
from django.core.management import CommandError, call_command

from styrkedja.documents.services import document_render
from styrkedja.documents.tests.coverage import coverage, docx_text, pdf_text, seed

MJOLBY_T3 = "mjolby-ks-2024-t3.txt"
VALDEMARSVIK_PLAN = "valdemarsvik-ks-verksamhetsplan-2023.txt"


@pytest.fixture
def mjolby_t3_pdf(mjolby_plan) -> bytes:
    return document_render(plan=mjolby_plan, period=mjolby_plan.periods.get(code="T3"), format="pdf").content


@pytest.fixture
def mjolby_t3_docx(mjolby_plan) -> bytes:
    return document_render(plan=mjolby_plan, period=mjolby_plan.periods.get(code="T3"), format="docx").content


def _check(source: str, text: str) -> None:
    share, missing = coverage(seed(source), text)
    assert share >= 0.95, f"{share:.3f}; missing:\n" + "\n".join(sentence[:160] for sentence in missing)


def test_the_mjolby_t3_report_as_pdf_reproduces_the_published_one(mjolby_t3_pdf):
    _check(MJOLBY_T3, pdf_text(mjolby_t3_pdf))


def test_the_mjolby_t3_report_as_word_reproduces_the_published_one(mjolby_t3_docx):
    _check(MJOLBY_T3, docx_text(mjolby_t3_docx))


def test_the_valdemarsvik_plan_as_pdf_and_word_reproduces_the_published_one(valdemarsvik_plan):
    _check(VALDEMARSVIK_PLAN, pdf_text(document_render(plan=valdemarsvik_plan, format="pdf").content))
    _check(VALDEMARSVIK_PLAN, docx_text(document_render(plan=valdemarsvik_plan, format="docx").content))


def test_the_summary_is_written_from_the_reports(mjolby_plan, mjolby_t3_pdf):
    text = re.sub(r"\s+", " ", pdf_text(mjolby_t3_pdf))
    assert (
        "Under 2024 planerades totalt 38 aktiviteter, projekt och förstudier. Vid slutet av 2024 har 25 av "
        "dessa genomförts, motsvarande ca 66 procent. 11 aktiviteter pågår och 2 aktiviteter är ännu ej "
        "inledda. Flera av dessa har överförts till 2025 års verksamhetsplan."
    ) in text
    # One more activity done, and the report says so.
    activity = mjolby_plan.activities.filter(reports__status="ongoing").first()
    activity.reports.create(period=mjolby_plan.periods.get(code="T3"), status="done")
    again = document_render(plan=mjolby_plan, period=mjolby_plan.periods.get(code="T3"), format="html")
    assert "har 26 av dessa genomförts, motsvarande ca 68 procent" in again.content.decode()


def test_the_pdf_is_tagged_titled_swedish_with_bookmarks_page_numbers_and_running_heads(mjolby_t3_pdf):
    info = subprocess.run(
        ["pdfinfo", "-"], input=mjolby_t3_pdf, capture_output=True, check=True
    ).stdout.decode()
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(r"^Title:\s+Uppföljning av verksamhetsplan 2024, T3 – Årsredovisning", info, re.M)
    pages = int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1))
    assert pages > 5
    objects = _pdf_objects(mjolby_t3_pdf)
    assert re.search(rb"/Lang\s*\(sv\)", objects)
    assert b"/Outlines" in objects  # bookmarks from the headings
    structure = subprocess.run(["pdfinfo", "-struct", "-"], input=mjolby_t3_pdf, capture_output=True).stdout
    assert all(
        tag in structure.decode() for tag in ("H2 (block)", "H3 (block)", "Table (block)", "THead", "TH ")
    )
    page_three = subprocess.run(
        ["pdftotext", "-f", "3", "-l", "3", "-", "-"], input=mjolby_t3_pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Mjölby kommun" in page_three and "Uppföljning av verksamhetsplan 2024" in page_three
    assert f"Sida 3 av {pages}" in page_three
    contents = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", "-", "-"], input=mjolby_t3_pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Innehåll" in contents and "2.1 Kommunfullmäktiges mål 1 till nämnden" in contents


def _pdf_objects(pdf: bytes) -> bytes:
    """The PDF's objects with their compressed streams opened, to look for dictionary entries."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_table_header_rows_repeat_on_every_page(mjolby_plan):
    html = document_render(plan=mjolby_plan, period=mjolby_plan.periods.get(code="T3"), format="html")
    page = html.content.decode()
    assert "thead { display: table-header-group; }" in page
    assert page.count("<thead>") >= 8


def test_the_word_file_has_heading_styles_header_rows_a_contents_field_and_a_title(mjolby_t3_docx):
    from docx import Document

    word = Document(io.BytesIO(mjolby_t3_docx))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "2.1 Kommunfullmäktiges mål 1 till nämnden" in headings
    assert "2.1.1 Uppföljning av aktiviteter och projekt" in headings
    assert word.core_properties.title.startswith("Uppföljning av verksamhetsplan 2024")
    assert word.core_properties.language == "sv-SE"
    xml = zipfile.ZipFile(io.BytesIO(mjolby_t3_docx)).read("word/document.xml").decode()
    assert 'TOC \\o "1-2"' in xml
    assert xml.count("<w:tblHeader") == len(word.tables)
    statuses = {row.cells[1].text for table in word.tables[:7] for row in table.rows[1:]}
    assert statuses <= {"Klart", "Pågår", "Ej inledd"}


def test_the_word_file_has_what_the_pdf_has(mjolby_plan, mjolby_t3_docx):
    """Header and footer, the charts as pictures with their words, columns that fit, true properties."""
    import datetime

    from django.utils import timezone
    from docx import Document

    word = Document(io.BytesIO(mjolby_t3_docx))
    section = word.sections[0]
    assert section.header.paragraphs[0].text == (
        "Mjölby kommun\tUppföljning av verksamhetsplan 2024, T3 – Årsredovisning"
    )
    footer = section.footer._element.xml
    assert "Sida " in footer and 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.5)

    package = zipfile.ZipFile(io.BytesIO(mjolby_t3_docx))
    html = document_render(plan=mjolby_plan, period=mjolby_plan.periods.get(code="T3"), format="html")
    charts = html.content.decode().count('<figure class="chart">')
    pictures = re.findall(r'<wp:docPr [^>]*descr="([^"]+)"', package.read("word/document.xml").decode())
    assert len(pictures) == charts > 0
    assert pictures[0].startswith("Andelen medborgare som uppger att de kan rekommendera")
    assert (
        sum(name.startswith("word/media/") and name.endswith(".png") for name in package.namelist()) == charts
    )

    activities = word.tables[0]
    widths = [cell.width for cell in activities.rows[0].cells]
    assert widths[0] > widths[1]  # the activity's text gets more room than its status
    responsible = activities.columns[2].width
    assert responsible.cm >= len("Kommunledningskontoret") * 0.2  # never broken mid-word

    properties = word.core_properties
    assert properties.author == "Mjölby kommun" and properties.comments == ""
    assert timezone.now() - properties.created < datetime.timedelta(minutes=5)
    metadata = package.read("docProps/core.xml").decode() + package.read("docProps/app.xml").decode()
    assert "python-docx" not in metadata and "2013" not in metadata and "Styrkedja" in metadata
    assert "docProps/thumbnail.jpeg" not in package.read("_rels/.rels").decode()


def test_libreoffice_converts_the_word_files_without_error(tmp_path, mjolby_t3_docx, valdemarsvik_plan):
    plan_docx = document_render(plan=valdemarsvik_plan, format="docx").content
    for name, content in (("mjolby.docx", mjolby_t3_docx), ("valdemarsvik.docx", plan_docx)):
        (tmp_path / name).write_bytes(content)
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(tmp_path / "mjolby.docx"), str(tmp_path / "valdemarsvik.docx")],
        capture_output=True, timeout=240,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    for name in ("mjolby.pdf", "valdemarsvik.pdf"):
        converted = (tmp_path / name).read_bytes()
        assert converted.startswith(b"%PDF")
        assert "Kommunfullmäktiges mål" in pdf_text(converted) or "Resultatmål" in pdf_text(converted)


def test_a_municipalitys_word_template_gives_the_document_its_styles(mjolby_plan, mjolby_t3_docx):
    from docx import Document
    from docx.shared import RGBColor

    from styrkedja.documents.services import word_template_set

    template = Document()
    template.styles["Heading 1"].font.color.rgb = RGBColor(0x12, 0x34, 0x56)
    template.sections[0].header.paragraphs[0].text = "Mjölby kommun – grafisk profil"
    template.add_paragraph("Mallens exempeltext som inte ska följa med.")
    buffer = io.BytesIO()
    template.save(buffer)
    word_template_set(municipality=mjolby_plan.municipality, name="profil.docx", content=buffer.getvalue())

    content = document_render(
        plan=mjolby_plan, period=mjolby_plan.periods.get(code="T3"), format="docx"
    ).content

    word = Document(io.BytesIO(content))
    assert word.styles["Heading 1"].font.color.rgb == RGBColor(0x12, 0x34, 0x56)
    assert word.sections[0].header.paragraphs[0].text == "Mjölby kommun – grafisk profil"
    assert "Mallens exempeltext" not in docx_text(content)
    assert docx_text(content).count("Kommunfullmäktiges mål 1 till nämnden") >= 1


def test_a_file_that_is_not_a_word_template_is_refused(mjolby_plan):
    from django.core.exceptions import ValidationError

    from styrkedja.documents.services import word_template_set

    with pytest.raises(ValidationError, match="ingen Word-fil"):
        word_template_set(municipality=mjolby_plan.municipality, name="mall.docx", content=b"inte en zip")
    assert (
        not hasattr(mjolby_plan.municipality, "word_template") or not mjolby_plan.municipality.word_template
    )


def test_render_report_command(tmp_path, mjolby_plan):
    out = io.StringIO()
    target = tmp_path / "t3.pdf"
    call_command(
        "render_report", "mjolby/ks/2024", "--period", "T3", "--format", "pdf", "-o", str(target), stdout=out
    )
    assert target.read_bytes().startswith(b"%PDF")
    assert "Skrev uppföljningen vid T3 – Årsredovisning för mjolby/ks/2024" in out.getvalue()
    plan_file = tmp_path / "plan.html"
    call_command(
        "render_report", "valdemarsvik/ks/2023", "--format", "html", "-o", str(plan_file), stdout=out
    )
    assert "Den resurseffektiva kommunen" in plan_file.read_text(encoding="utf-8")
    with pytest.raises(CommandError, match="ingen period ”T9”"):
        call_command(
            "render_report", "mjolby/ks/2024", "--period", "T9", "--format", "pdf", "-o", str(target)
        )
    with pytest.raises(CommandError, match="ingen kommun"):
        call_command("render_report", "nowhere/ks/2024", "--format", "pdf", "-o", str(target))


def test_the_documents_carry_each_indicators_chart_with_its_words(mjolby_plan):
    html = document_render(plan=mjolby_plan, period=mjolby_plan.periods.get(code="T3"), format="html")
    page = html.content.decode()
    charted = [i for goal in mjolby_plan.goals.all() for i in goal.indicators.all() if i.values.exists()]
    assert page.count('<figure class="chart">') == len(charted) > 0
    assert "Mjölby kommun: 2021 72\u00a0%." in page and "Riket: 2021 62\u00a0%." in page
    word = docx_text(
        document_render(plan=mjolby_plan, period=mjolby_plan.periods.get(code="T3"), format="docx").content
    )
    assert "Mjölby kommun: 2021 72\u00a0%." in word


def test_the_excel_workbook_is_read_back_by_openpyxl(mjolby_plan, valdemarsvik_plan):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(document_render(plan=mjolby_plan, format="xlsx").content))
    assert workbook.sheetnames[:4] == ["Mål", "Indikatorer", "Aktiviteter", "Målrapporter"]
    activities = list(workbook["Aktiviteter"].values)
    header, rows = activities[0], activities[1:]
    assert len(rows) == 38
    t3 = header.index("Status T3")
    assert sum(row[t3] == "Klart" for row in rows) == 25
    indicators = list(workbook["Indikatorer"].values)
    assert any(row[5] == 2021 and row[6] == "Riket" and row[8] == 62 for row in indicators[1:])

    economy = load_workbook(io.BytesIO(document_render(plan=valdemarsvik_plan, format="xlsx").content))
    lines = list(economy["Driftbudget"].values)
    assert any(row[1] == "Förskola/barnomsorg" and row[3] == 53.8 and row[4] == 49.0 for row in lines[1:])
    assert len(list(economy["Investeringar"].values)) > 10


def test_the_follow_up_has_a_workbook_of_its_own(members):
    from openpyxl import load_workbook

    from styrkedja.followup.services import activity_report_set, goal_report_set
    from styrkedja.plans.selectors import plan_get_by_name

    plan = plan_get_by_name(name="mjolby/ks/2025")
    t1 = plan.periods.get(code="T1")
    activity = plan.activities.order_by("order").first()
    reporter = members["mjolby-rapportor"]
    activity_report_set(
        activity=activity, period=t1, status="ongoing", comment="Upphandling pågår.", user=reporter
    )
    goal = activity.goal
    goal_report_set(
        goal=goal, period=t1, comment="Enligt plan.", assessment="likely", reason="Bedömt.", user=reporter
    )

    content = document_render(plan=plan, period=t1, format="xlsx").content
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Sammanfattning", "Mål", "Aktiviteter"]
    summary = dict(list(workbook["Sammanfattning"].values)[1:])
    assert summary["Period"] == t1.name and summary["Aktiviteter"] == plan.activities.count()
    assert (summary["Pågår"], summary["Ej rapporterade"]) == (1, plan.activities.count() - 1)
    assert summary["Bedöms uppnås"] == 1
    rows = list(workbook["Aktiviteter"].values)
    header, reported = rows[0], next(row for row in rows[1:] if row[1] == activity.title)
    assert reported[header.index("Status")] == "Pågår"
    assert reported[header.index("Kommentar")] == "Upphandling pågår."
    assert reported[header.index("Rapporterad av")] == "mjolby-rapportor"
    goals = list(workbook["Mål"].values)
    goal_row = next(row for row in goals[1:] if row[2] == (goal.title or goal.text))
    assert goal_row[goals[0].index("Bedömning")] == "Bedöms uppnås"
    # The plan's own workbook is another file.
    assert load_workbook(io.BytesIO(document_render(plan=plan, format="xlsx").content)).sheetnames[0] == "Mål"
