"""What the workbook import says it did, in Swedish with the right plural forms."""

from __future__ import annotations

from django.utils.translation import gettext, ngettext


def reports_changed_text(*, activities: int, goals: int) -> str:
    """E.g. "1 aktivitetsrapport och 2 målrapporter ändrades."."""
    activity_part = ngettext("%(n)s aktivitetsrapport", "%(n)s aktivitetsrapporter", activities) % {
        "n": activities
    }
    goal_part = ngettext("%(n)s målrapport", "%(n)s målrapporter", goals) % {"n": goals}
    return f"{activity_part} och {goal_part} ändrades."


def replace_changes_text(changes: dict[str, int]) -> str:
    """What a replace removed and added, e.g. "Borttaget: 2 aktiviteter. Tillagt: 1 mål." (empty when
    it changed nothing of the sort); the counts come from the loader, by model."""
    from django.apps import apps

    models = {model._meta.model_name: model for model in apps.get_models()}

    def listed(what: str) -> str:
        parts = []
        for key, count in sorted(changes.items()):
            name, _dot, kind = key.partition(".")
            if kind == what and count and name in models:
                meta = models[name]._meta
                parts.append(f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}")
        return ", ".join(parts)

    sentences = []
    if removed := listed("removed"):
        sentences.append(gettext("Borttaget: %(what)s.") % {"what": removed})
    if created := listed("created"):
        sentences.append(gettext("Tillagt: %(what)s.") % {"what": created})
    return " ".join(sentences)
