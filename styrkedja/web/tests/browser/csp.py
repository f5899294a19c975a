"""Content-Security-Policy violations, as Chromium reports them on a page's console.

A page watched from its start collects every report; ``axe.violations`` returns them with the
accessibility faults, and the ``new_page`` fixture fails a test that leaves any unchecked.
"""

from __future__ import annotations

MARK = "Content Security Policy"


def watch(page) -> None:
    page.csp_reports = []

    def note(message) -> None:
        if MARK in message.text:
            page.csp_reports.append(f"{page.url}: {message.text}")

    page.on("console", note)


def reported(page) -> list[str]:
    """The violations reported since the last call; each is reported once."""
    reports = list(getattr(page, "csp_reports", []))
    if reports:
        page.csp_reports.clear()
    return reports
