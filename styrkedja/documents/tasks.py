"""The documents' background tasks (django.tasks API; the database backend's worker runs them)."""

from __future__ import annotations

from django_tasks import task

from styrkedja.documents.kept import document_render_run


@task()
def render_document(rendered_id: int) -> None:
    """Render a plan's document and keep it (documents.kept)."""
    document_render_run(rendered_id=rendered_id)
