"""What the extractor says about a speaker is stored, and stored articles are re-extracted
only on purpose (reextract_articles), keeping every claim a person touched."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from claims import extraction
from claims.extraction.engine import Claim as Extracted
from claims.models import Activity, Article, Claim, ClaimOrigin, ClaimStatus
from claims.services.articles import article_extract, claims_from_extraction
from tests.factories import ArticleFactory, ClaimFactory

BODY = (
    "Senator Ada Park said the plan costs $4 billion. "
    "She added that 300 jobs would go. "
    "According to state labor data, unemployment rose to 5 percent."
)


def _span(sentence: str) -> tuple[int, int]:
    start = BODY.index(sentence)
    return start, start + len(sentence)


def fake_engine(text: str, model: str | None = None) -> list[Extracted]:
    """The engine's output shape, with the speaker fields the parse-based engine fills in."""
    out = []
    for sentence, speaker, basis, kind, quoted in (
        ("Senator Ada Park said the plan costs $4 billion.", "Ada Park", "stated", "person", 0),
        ("She added that 300 jobs would go.", "Ada Park", "pronoun", "person", 0),
        (
            "According to state labor data, unemployment rose to 5 percent.",
            "state labor data",
            "stated",
            "data",
            0,
        ),
    ):
        start, end = _span(sentence)
        out.append(
            Extracted(
                start=start,
                end=end,
                text=sentence,
                type="quantity",
                score=0.9,
                checkworthy=True,
                speaker=speaker,
                speaker_basis=basis,
                speaker_kind=kind,
                quoted=bool(quoted),
            )
        )
    return out


def test_the_engine_claim_carries_the_speaker_fields_in_its_json() -> None:
    claim = fake_engine(BODY)[1]
    assert claim.to_dict()["speaker_basis"] == "pronoun"
    assert claim.to_dict()["speaker_kind"] == "person"
    assert claim.to_dict()["quoted"] is False


def test_speaker_basis_kind_and_quote_are_stored_from_extraction(db, monkeypatch) -> None:
    monkeypatch.setattr(extraction, "extract_claims", fake_engine)
    article = ArticleFactory(body=BODY)
    article_extract(article=article)
    stored = {c.speaker_basis: c for c in article.claims.all()}
    assert stored["pronoun"].speaker == "Ada Park"
    assert stored["pronoun"].speaker_guessed
    assert {c.speaker_kind for c in article.claims.all()} == {"person", "data"}
    assert not any(c.quoted for c in article.claims.all())


def test_unknown_or_missing_speaker_fields_are_stored_empty(db) -> None:
    article = ArticleFactory(body=BODY)
    start, end = _span("She added that 300 jobs would go.")
    odd = Extracted(
        start=start,
        end=end,
        text="x",
        type="event",
        score=0.5,
        checkworthy=False,
        speaker=None,
        speaker_basis="pronoun",
        speaker_kind="person",
        quoted=True,
    )
    strange = Extracted(
        start=start,
        end=end,
        text="x",
        type="event",
        score=0.5,
        checkworthy=False,
        speaker="Ada Park",
        speaker_basis="telepathy",
        speaker_kind="ghost",
    )
    first, second = claims_from_extraction(article, [odd, strange])
    # No speaker: nothing to confirm and no kind, whatever the engine said.
    assert (first.speaker, first.speaker_basis, first.speaker_kind, first.quoted) == (
        "",
        "",
        "",
        True,
    )
    assert (second.speaker_basis, second.speaker_kind) == ("", "")
    Claim.objects.bulk_create([first, second])


def _touched_and_untouched(article: Article) -> dict[str, Claim]:
    start, end = _span("Senator Ada Park said the plan costs $4 billion.")
    edited = ClaimFactory(
        article=article, start=start, end=end, statement="Edited by a reviewer", version=3
    )
    start, end = _span("She added that 300 jobs would go.")
    untouched = ClaimFactory(article=article, start=start, end=end, speaker="", speaker_basis="")
    start, end = _span("According to state labor data, unemployment rose to 5 percent.")
    rejected = ClaimFactory(article=article, start=start, end=end, status=ClaimStatus.REJECTED)
    added = ClaimFactory(
        article=article, start=0, end=6, origin=ClaimOrigin.PERSON, statement="Senator"
    )
    return {"edited": edited, "untouched": untouched, "rejected": rejected, "added": added}


def test_reextract_replaces_only_untouched_claims(db, monkeypatch) -> None:
    monkeypatch.setattr(extraction, "extract_claims", fake_engine)
    article = ArticleFactory(body=BODY, extraction_status=Article.ExtractionStatus.DONE)
    claims = _touched_and_untouched(article)
    out = io.StringIO()
    call_command("reextract_articles", str(article.pk), stdout=out)
    assert f"#{article.pk}: claims extracted" in out.getvalue()
    remaining = {c.pk: c for c in article.claims.all()}
    for name in ("edited", "rejected", "added"):
        kept = remaining[claims[name].pk]
        assert (kept.statement, kept.status, kept.version) == (
            claims[name].statement,
            claims[name].status,
            claims[name].version,
        )
    assert claims["untouched"].pk not in remaining
    fresh = [c for c in remaining.values() if c.pk not in {x.pk for x in claims.values()}]
    assert [(c.speaker, c.speaker_basis) for c in fresh] == [("Ada Park", "pronoun")]
    assert Activity.objects.filter(action="article.reextract", article=article).exists()
    assert Activity.objects.filter(action="article.extract", article=article).exists()


def test_reextract_all_covers_every_article_and_skips_one_under_way(db, monkeypatch) -> None:
    monkeypatch.setattr(extraction, "extract_claims", fake_engine)
    done = ArticleFactory(body=BODY, extraction_status=Article.ExtractionStatus.DONE)
    from django.utils import timezone

    running = ArticleFactory(
        body=BODY + " More.",
        extraction_status=Article.ExtractionStatus.RUNNING,
        extraction_changed=timezone.now(),
    )
    out = io.StringIO()
    call_command("reextract_articles", "--all", stdout=out)
    assert done.claims.count() == 3
    assert running.claims.count() == 0
    assert f"#{running.pk}: skipped" in out.getvalue()


def test_reextract_can_hand_the_work_to_the_worker(db, monkeypatch) -> None:
    from claims import tasks
    from tests.test_articles_extraction import FakeTask

    queued: list[dict] = []
    monkeypatch.setattr(tasks, "extract_article_claims", FakeTask(queued))
    article = ArticleFactory(body=BODY, extraction_status=Article.ExtractionStatus.DONE)
    call_command("reextract_articles", str(article.pk), "--queue", stdout=io.StringIO())
    assert queued == [{"article_id": article.pk, "actor_id": None}]
    article.refresh_from_db()
    assert article.extraction_status == Article.ExtractionStatus.PENDING


@pytest.mark.parametrize("args", [[], ["--all", "1"], ["999999"]])
def test_reextract_refuses_unclear_or_unknown_targets(db, args) -> None:
    article = ArticleFactory(body=BODY)
    ClaimFactory(article=article)
    with pytest.raises(CommandError):
        call_command("reextract_articles", *args, stdout=io.StringIO())
    assert article.claims.count() == 1
    assert not Activity.objects.filter(action="article.reextract").exists()


def test_a_failing_reextract_keeps_the_claims_and_says_so(db, monkeypatch) -> None:
    def boom(text: str, model: str | None = None) -> list:
        raise RuntimeError("model missing")

    monkeypatch.setattr(extraction, "extract_claims", boom)
    article = ArticleFactory(body=BODY, extraction_status=Article.ExtractionStatus.DONE)
    claim = ClaimFactory(article=article)
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 article"):
        call_command("reextract_articles", str(article.pk), stdout=io.StringIO(), stderr=err)
    assert "model missing" in err.getvalue()
    assert list(article.claims.all()) == [claim]
