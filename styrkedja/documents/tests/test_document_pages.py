"""The documents in the application: the list, the downloads and the Word template upload."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from styrkedja.documents.models import WordTemplate


def test_the_plan_page_offers_each_document_for_download(client_as):
    page = client_as("mjolby-lasare").get(reverse("plans:detail", args=["ks", 2024])).content.decode()
    for format in ("pdf", "docx", "xlsx", "html"):
        assert reverse("documents:download", args=["ks", 2024, format]) in page
    assert reverse("documents:download", args=["ks", 2024, "pdf"]) + "?period=T3" in page


def test_downloads_have_their_type_and_a_file_name(client_as):
    client = client_as("mjolby-lasare")
    url = reverse("documents:download", args=["ks", 2024, "docx"])
    response = client.get(url, {"period": "T3"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessing")
    assert response["Content-Disposition"] == 'attachment; filename="mjolby-ks-2024-uppfoljning-t3.docx"'
    web = client.get(reverse("documents:download", args=["ks", 2024, "html"]), {"period": "T3"})
    assert web["Content-Type"].startswith("text/html")
    assert "2.1 Kommunfullmäktiges mål 1 till nämnden" in web.content.decode()
    assert client.get(reverse("documents:download", args=["ks", 2024, "odt"])).status_code == 404
    assert client.get(url, {"period": "T9"}).status_code == 404


def test_another_municipalitys_documents_are_not_found(client_as):
    response = client_as("valdemarsvik-controller").get(
        reverse("documents:download", args=["ks", 2024, "pdf"])
    )
    assert response.status_code == 404


def test_a_controller_uploads_a_word_template_and_a_bad_file_is_refused(client_as, mjolby):
    from docx import Document

    client = client_as("mjolby-controller")
    url = reverse("documents:word_template")
    bad = client.post(url, {"template": SimpleUploadedFile("mall.docx", b"inte en Word-fil")})
    assert bad.status_code == 200
    assert "är ingen Word-fil" in bad.content.decode()
    assert not WordTemplate.objects.filter(municipality=mjolby).exists()

    buffer = io.BytesIO()
    Document().save(buffer)
    good = client.post(url, {"template": SimpleUploadedFile("profil.docx", buffer.getvalue())})
    assert good.status_code == 302
    assert WordTemplate.objects.get(municipality=mjolby).name == "profil.docx"
    assert client_as("mjolby-rapportor").post(url, {}).status_code == 403
