"""axe-core finds no WCAG 2.1 A/AA violation on any page type, on screen and in print.

axe-core is vendored in tests/vendor/axe-core/ (see its VERSION file) and injected into each
page with add_script_tag. An injected script is inline, which the app's CSP refuses, so these
tabs bypass the CSP; every other browser test keeps enforcing it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from claims.models_speakers import SpeakerMention
from claims.services.speakers import speakers_sync_article
from tests.test_browser_pages import _pages
from tests.test_browser_pages import desk as desk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (1440, 390)

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.failureSummary),
  }));
}"""


@pytest.fixture
def page(browser, live_server) -> Iterator[Any]:
    """A tab that lets the injected axe script run (bypass_csp)."""
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


def _public_speaker_path(desk) -> str:
    speakers_sync_article(article_id=desk["article"].pk)
    speaker = SpeakerMention.objects.get(claim=desk["published"]).speaker
    speaker.published_at = timezone.now()
    speaker.save(update_fields=["published_at"])
    return f"/v/speakers/{speaker.slug}/"


def _violations(page, path: str) -> list[str]:
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path)
        page.wait_for_load_state("networkidle")
        page.add_script_tag(path=str(AXE))
        for v in page.evaluate(RUN_AXE, WCAG_TAGS):
            found.append(f"{width}px {v['id']} ({v['impact']}): {v['help']}: {v['nodes']}")
    return found


PAGE_TYPES = (
    "login",
    "queue",
    "articles",
    "article_new",
    "workspace",
    "claim",
    "article_report",
    "desk_report",
    "ratings",
    "public",
    "withdrawn",
    "forbidden",
    "missing",
    "dashboard",
    "speaker",
    "public_speaker",
    "checked_before",
)


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_has_no_wcag_a_or_aa_violations(page, login, editor, outsider, desk, kind):
    pages = _pages(desk)
    pages["public_speaker"] = (_public_speaker_path(desk), None)
    pages["checked_before"] = (f"/claims/{desk['claim'].pk}/checked-before/", "editor")
    path, who = pages[kind]
    if who:
        login({"editor": editor, "outsider": outsider}[who])
    found = _violations(page, path)
    assert not found, f"{kind} {path}:\n" + "\n".join(found)


PRINT_VIEWS = ("article_report", "desk_report", "public", "claim")


@pytest.mark.parametrize("kind", PRINT_VIEWS)
def test_print_view_has_no_wcag_a_or_aa_violations(page, login, editor, desk, kind):
    path, who = _pages(desk)[kind]
    if who:
        login(editor)
    page.emulate_media(media="print")
    found = _violations(page, path)
    assert not found, f"{kind} (print) {path}:\n" + "\n".join(found)
