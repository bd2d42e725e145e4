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

from claims.models import Claim
from claims.models_speakers import SpeakerMention
from claims.services.speakers import speakers_sync_article
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    SourceFactory,
    VerdictFactory,
    approved_correction,
)
from tests.test_browser_pages import PAGE_TYPES as OVERFLOW_PAGE_TYPES
from tests.test_browser_pages import _pages
from tests.test_browser_pages import desk as desk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (1440, 390)

# aria-describedby/-labelledby naming a missing id is only "needs review" for axe; it is a
# broken description all the same (Django points fields at <id>_helptext and <id>_error).
MISSING_IDREFS = """() => {
  const missing = [];
  for (const el of document.querySelectorAll("[aria-describedby], [aria-labelledby]")) {
    for (const attr of ["aria-describedby", "aria-labelledby"]) {
      for (const id of (el.getAttribute(attr) || "").split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) missing.push(`${el.id || el.tagName} ${attr}=${id}`);
      }
    }
  }
  return missing;
}"""

# The WCAG 2.1 A/AA rules, plus heading-order (a best practice): a sub-heading that skips
# levels (h1 then h4) misleads anyone who moves through a page by its headings.
RUN_AXE = """async (tags) => {
  const rules = axe.getRules(tags).map((r) => r.ruleId).concat(["heading-order"]);
  const result = await axe.run(document, {runOnly: {type: "rule", values: rules}});
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


@pytest.fixture
def rich(desk, editor, reviewer):
    """The shared data set plus what brings out more markup: a primary source and a correction
    on the published claim, a draft verdict awaiting approval, an article without an address."""
    published = desk["published"]
    SourceFactory(claim=published, kind="primary", title="Adopted budget 2026")
    published.refresh_from_db()
    approved_correction(published.current_verdict, label="False", reason="New figures")
    draft = VerdictFactory(claim=desk["claim"], reviewer=reviewer)
    Claim.objects.filter(pk=desk["claim"].pk).update(current_verdict=draft)
    bare = ArticleFactory(title="Pasted statement", url="", outlet="")
    ClaimFactory(article=bare, statement="A claim " + "with many words " * 20 + "at the end.")
    return {**desk, "bare": bare}


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
        found += [f"{width}px missing id: {m}" for m in page.evaluate(MISSING_IDREFS)]
    return found


# Every page type the overflow test visits, and two it reaches only through other pages' data.
PAGE_TYPES = (*OVERFLOW_PAGE_TYPES, "public_speaker", "checked_before")


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
