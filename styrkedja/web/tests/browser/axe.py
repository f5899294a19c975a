"""axe-core, injected into a page by the browser tests, checking the WCAG 2.1 A and AA rules.

``violations`` also returns the page's Content-Security-Policy violations (``csp``), so that every
page the tests check meets the policy too.
"""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

from styrkedja.web.tests.browser import csp

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

_axe = Axe()


def violations(page) -> list[str]:
    """One line per violated rule and element, and per CSP violation; empty when the page passes."""
    results = _axe.run(page, options={**WCAG_21_AA, "resultTypes": ["violations"]})
    return [
        f"{page.url}: {rule['id']} ({rule['impact']}): {rule['help']} at {', '.join(node['target'])}"
        for rule in results.response["violations"]
        for node in rule["nodes"]
    ] + csp.reported(page)


def faults(page) -> list[str]:
    """``violations``, and the page being wider than its screen: a phone's, say, on which a table
    must fit or scroll in a box of its own."""
    found = violations(page)
    wide, screen = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if wide > screen:
        found.append(f"{page.url}: {wide} px wide on a screen of {screen} px")
    return found
