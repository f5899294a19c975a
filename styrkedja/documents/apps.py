from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


def _kept_file_delete(sender, instance, **kwargs) -> None:
    """A kept document's file goes with its row (a plan or period deleted), once the deletion holds."""
    from django.db import transaction

    if instance.file:
        name, storage = instance.file.name, instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))


class DocumentsConfig(AppConfig):
    name = "styrkedja.documents"
    verbose_name = _("Dokument")

    def ready(self) -> None:
        post_delete.connect(_kept_file_delete, sender="documents.RenderedDocument")
