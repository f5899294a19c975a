"""Every public page of both demo municipalities, reached by following links, shows nothing that
is not published: sentinel words are put into what is not (a draft, an edit after publication, a
withdrawn publication, another municipality's plan), and no page may contain them."""

from __future__ import annotations

import datetime
import io
import json
import re
import subprocess
import zipfile
from html import unescape
from urllib.parse import urljoin, urlsplit

from django.test import Client

from styrkedja.plans.selectors import plan_get_by_name
from styrkedja.plans.services import plan_adopt
from styrkedja.publishing.services import publication_publish, publication_withdraw

SENTINELS = {
    "draft goal": "Vaktord-utkastmål",
    "draft activity": "Vaktord-utkastaktivitet",
    "edit after publication": "Vaktord-ändrat-efter-publicering",
    "activity edited after publication": "Vaktord-aktivitet-efter-publicering",
    "withdrawn publication": "Vaktord-återkallad",
    "valdemarsvik": "Vaktord-valdemarsvik",
}
LINK = re.compile(r'href="([^"]+)"')
SELECT = re.compile(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', re.S)
OPTION = re.compile(r'<option value="([^"]+)"')


def _title(goal_or_activity, title: str) -> None:
    type(goal_or_activity).objects.filter(pk=goal_or_activity.pk).update(title=title)


def _put_sentinels(members) -> dict:
    controller = members["mjolby-controller"]
    draft = plan_get_by_name(name="mjolby/ks/2025")
    draft_goal = draft.goals.order_by("pk").first()
    _title(draft_goal, SENTINELS["draft goal"])
    _title(draft.activities.order_by("pk").first(), SENTINELS["draft activity"])

    plan = plan_get_by_name(name="mjolby/ks/2024")
    t3 = publication_publish(plan=plan, period=plan.periods.get(code="T3"), user=controller)
    # The plan edition is published with a sentinel, then withdrawn.
    plan_adopt(plan=plan, decided_by="KS", decided_on=datetime.date(2023, 12, 12), reference="§ 210")
    goal = plan.goals.order_by("pk").first()
    _title(goal, SENTINELS["withdrawn publication"])
    withdrawn = publication_publish(plan=plan, user=controller)
    # The sentinel is in what was withdrawn, so that not finding it means something.
    assert SENTINELS["withdrawn publication"] in json.dumps(withdrawn.snapshot, ensure_ascii=False)
    publication_withdraw(publication=withdrawn, reason="Fel i målen.", user=controller)
    # Edits after publication.
    _title(goal, SENTINELS["edit after publication"])
    _title(plan.activities.order_by("pk").first(), SENTINELS["activity edited after publication"])

    other = plan_get_by_name(name="valdemarsvik/ks/2023")
    _title(other.goals.order_by("pk").first(), SENTINELS["valdemarsvik"])
    return {"t3": t3, "draft_goal": draft_goal}


def _document_text(content: bytes) -> str:
    if content.startswith(b"PK"):  # Word: the text is in the zip's XML
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return " ".join(archive.read(name).decode(errors="replace") for name in archive.namelist())
    if content.startswith(b"%PDF"):  # its text is compressed: read it as a reader would
        text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout
        assert text.strip(), "the PDF's text was read"
        return " ".join(text.decode().split())  # words wrapped over lines read as one text
    return content.decode("utf-8", errors="replace")


def _crawl(client: Client, start: str) -> dict[str, str]:
    """Every address within ``start`` that the pages link to, with the filter form's choices."""
    queue, seen, found = [start], set(), {}
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        if response.streaming or not response["Content-Type"].startswith("text/html"):
            content = b"".join(response.streaming_content) if response.streaming else response.content
            found[path] = _document_text(content)
            continue
        html = response.content.decode()
        found[path] = unescape(html)
        links = [unescape(href) for href in LINK.findall(html)]
        base = urlsplit(path).path
        for name, options in SELECT.findall(html):
            links += [f"{base}?{name}={value}" for value in OPTION.findall(options)]
        for href in links:
            url = urlsplit(urljoin(path, href))
            target = url.path + (f"?{url.query}" if url.query else "")
            if url.netloc or not url.path.startswith(start):
                continue
            if target not in seen:
                queue.append(target)
    return found


def test_no_public_page_shows_anything_unpublished(members):
    made = _put_sentinels(members)
    client = Client()
    pages = {**_crawl(client, "/mjolby/"), **_crawl(client, "/valdemarsvik/")}
    goals = made["t3"].snapshot["goals"]
    # What was crawled: the start, the edition, each goal, both documents, filters and the statement.
    assert {"/mjolby/", "/mjolby/ks/2024/t3/", "/mjolby/tillganglighet/", "/valdemarsvik/"} <= set(pages)
    assert {f"/mjolby/ks/2024/t3/mal/{goal['id']}/" for goal in goals} <= set(pages)
    assert {"/mjolby/ks/2024/t3/dokument/pdf/", "/mjolby/ks/2024/t3/dokument/docx/"} <= set(pages)
    assert "/mjolby/datasets/" in pages  # the open data, linked from every public page
    assert any("?level=" in path for path in pages) and any("?unit=" in path for path in pages)
    for path, body in pages.items():
        for what, sentinel in SENTINELS.items():
            assert sentinel not in body, f"{what} shows at {path}"
    for path in (
        "/mjolby/ks/2025/plan/",
        "/mjolby/ks/2025/t1/",
        "/mjolby/ks/2024/plan/",  # withdrawn
        "/mjolby/ks/2024/plan/dokument/pdf/",
        "/mjolby/ks/2024/t1/",
        f"/mjolby/ks/2024/t3/mal/{made['draft_goal'].pk}/",
        "/valdemarsvik/ks/2023/plan/",
        "/valdemarsvik/ks/2023/t1/",
        "/valdemarsvik/ks/2024/t3/",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert not any(sentinel in response.content.decode() for sentinel in SENTINELS.values()), path
