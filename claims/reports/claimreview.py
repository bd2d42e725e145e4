"""schema.org ClaimReview JSON-LD for approved verdicts, and the validator that stands
between it and the outside world.

The validator follows Google's "Fact check (ClaimReview) structured data" documentation.
Google *requires* `claimReviewed`, `reviewRating` (whose `alternateName`, the rating as a short
phrase, is required; `ratingValue`, `bestRating` and `worstRating` are for numeric ratings
only, with `worstRating` at least 1, below `bestRating`, and the value between them) and
`url` (on the domain, or a subdomain, of the site that hosts the review): a document without
them is an error and never leaves the desk. Google *recommends* `author`, `datePublished` and
`itemReviewed` (a `Claim` with `author`, `datePublished` and `appearance`): a document missing
them is still published, with a warning shown to the editor, unless the desk sets
FACTCHECK_CLAIMREVIEW_STRICT, which makes those warnings errors too.

Each verdict carries the scale it was approved under (Verdict.published_*), so retiring or
revaluing a rating later never puts a published ratingValue outside its bounds.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Max, Min, QuerySet

from claims.models import Claim, Rating

SCHEMA_CONTEXT = "https://schema.org"
PERSON_TYPES = frozenset({"Person", "Organization"})
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
# How many reasons an export refusal lists before summarising the rest.
MAX_REASONS = 50


@dataclass
class Finding:
    """What is wrong with one claim's ClaimReview: errors keep it out, warnings do not."""

    claim_id: int
    label: str
    problems: list[str]

    def __str__(self) -> str:
        return f"{self.label}: " + " ".join(self.problems)


@dataclass
class ExportReport:
    """What a ClaimReview export did, document by document. Counts are complete; the lists
    keep the first MAX_REASONS findings of each kind."""

    exported: int = 0
    refused_count: int = 0
    warned_count: int = 0
    refused: list[Finding] = field(default_factory=list)
    warned: list[Finding] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.refused_count and not self.warned_count

    def refuse(self, finding: Finding) -> None:
        self.refused_count += 1
        if len(self.refused) < MAX_REASONS:
            self.refused.append(finding)

    def warn(self, finding: Finding) -> None:
        self.warned_count += 1
        if len(self.warned) < MAX_REASONS:
            self.warned.append(finding)

    def refusal_lines(self) -> list[str]:
        """The refused documents as lines of text, for the command's standard error."""
        if not self.refused_count:
            return []
        return [
            f"Refused {self.refused_count} ClaimReview document(s) that break properties "
            "Google requires:",
            *_listed(self.refused, self.refused_count),
        ]

    def warning_lines(self) -> list[str]:
        if not self.warned_count:
            return []
        return [
            f"Warning: {self.warned_count} exported ClaimReview document(s) lack properties "
            "Google recommends:",
            *_listed(self.warned, self.warned_count),
        ]


def _listed(findings: list[Finding], count: int) -> list[str]:
    lines = [f"  - {finding}" for finding in findings]
    if count > len(findings):
        lines.append(f"  … and {count - len(findings)} more.")
    return lines


# Building ---------------------------------------------------------------------------------


def rating_scale() -> tuple[int, int] | None:
    """(worst, best) over the active scale's numeric values; None if no rating has one."""
    bounds = Rating.objects.filter(retired=False, claimreview_value__isnull=False).aggregate(
        worst=Min("claimreview_value"), best=Max("claimreview_value")
    )
    if bounds["worst"] is None:
        return None
    return bounds["worst"], bounds["best"]


def organization() -> dict[str, str]:
    org = {"@type": "Organization", "name": settings.FACTCHECK_ORGANIZATION_NAME}
    if settings.FACTCHECK_ORGANIZATION_URL:
        org["url"] = settings.FACTCHECK_ORGANIZATION_URL
    return org


def public_url(base_url: str, public_id: str) -> str:
    return f"{base_url.rstrip('/')}/v/{public_id}/"


def approved_claims(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Claims whose verdict in force is published (ClaimQuerySet.published): the only ones
    that go out.

    Keyed on the verdict, not the claim's workflow status: while a correction waits for
    approval the claim is "awaiting approval" again, yet its approved verdict still stands.
    """
    return claims.published()


# The speaker kinds that are a party able to make a claim, and their schema.org types.
_AUTHOR_TYPES = {"person": "Person", "organization": "Organization"}


def claim_author(row: dict[str, Any]) -> dict[str, str] | None:
    """Who made the claim, as schema.org sees it, for one export row.

    A speaker is named only when the extractor (or a person) knows it is a person or an
    organisation. A document or data set ("the report", "state labor data") cannot make a
    claim, and a speaker of unknown kind (one stored before kinds were recorded) may be
    either: in both cases the claim is the outlet's, which chose to state it, and without an
    outlet there is no author to name (the validator then holds the document back).
    """
    kind_type = _AUTHOR_TYPES.get(row.get("speaker_kind") or "")
    if row["speaker"] and kind_type:
        return {"@type": kind_type, "name": row["speaker"]}
    if row["article_outlet"]:
        return {"@type": "Organization", "name": row["article_outlet"]}
    return None


def build_claimreview(
    row: dict[str, Any],
    *,
    base_url: str,
    scale: tuple[int, int] | None,
    author: dict[str, str],
) -> dict[str, Any]:
    """The ClaimReview document for one export row (see claims.reports.exports.iter_rows).

    A row with the verdict's published_* snapshot (PUBLISHED_COLUMNS) uses the rating as it
    was approved; `scale` (today's) serves only verdicts approved before the snapshot existed
    and previews of verdicts not yet approved.
    """
    if row.get("published_label"):
        label, value = row["published_label"], row.get("published_value")
        scale = (row["published_worst"], row["published_best"]) if value is not None else None
    else:
        label, value = row["rating"], row["rating_value"]
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": label}
    # Ratings off the numeric scale (Unverifiable) carry only their name, as Google allows.
    if value is not None and scale is not None:
        rating["ratingValue"] = value
        rating["worstRating"], rating["bestRating"] = scale

    item: dict[str, Any] = {"@type": "Claim"}
    author_of_claim = claim_author(row)
    if author_of_claim is not None:
        item["author"] = author_of_claim
    # When the article carries no date, the day it reached the desk is the latest the claim
    # can have been made.
    item["datePublished"] = row["article_published"] or (row["article_added"] or "")[:10]
    if row["article_url"]:
        appearance: dict[str, Any] = {
            "@type": "CreativeWork",
            "url": row["article_url"],
            "headline": row["article_title"],
        }
        if row["article_outlet"]:
            appearance["publisher"] = {"@type": "Organization", "name": row["article_outlet"]}
        item["appearance"] = appearance

    approved = (row["approved_at"] or "")[:10]
    corrections = row["corrections"]
    first_published = (
        (corrections[0]["originally_approved_at"] or "")[:10] if corrections else approved
    )
    doc: dict[str, Any] = {
        "@context": SCHEMA_CONTEXT,
        "@type": "ClaimReview",
        "url": public_url(base_url, row["public_id"]),
        "claimReviewed": row["claim_text"],
        "datePublished": first_published or approved,
        "author": author,
        "reviewRating": rating,
        "itemReviewed": item,
    }
    # Modified by an approved correction, or by an editor changing the article's URL, outlet
    # or date after publication (Article.metadata_changed).
    modified = max(approved if corrections else "", (row.get("article_modified") or "")[:10])
    if modified and modified > doc["datePublished"]:
        doc["dateModified"] = modified
    return doc


def claim_label(row: dict[str, Any]) -> str:
    text = row["claim_text"] or ""
    short = text if len(text) <= 60 else text[:57] + "…"
    return f"Claim #{row['claim_id']} “{short}”"


# Validating -------------------------------------------------------------------------------


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return False
        return True
    return False


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_date(value: Any) -> bool:
    if not isinstance(value, str) or len(value) < 10:
        return False
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


def _host(url: str) -> str | None:
    """The host of an absolute http(s) URL, lower-cased; None for anything else. Hand-rolled
    because urlsplit was a fifth of a 100,000-document export's time."""
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            break
    else:
        return None
    authority = url[len(scheme) :].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    host = authority.rpartition("@")[2]
    # Drop the port; an IPv6 literal keeps its brackets and colons.
    host = host.partition("]")[0] + "]" if host.startswith("[") else host.partition(":")[0]
    if not host or any(c.isspace() for c in host):
        return None
    return host.lower()


def _absolute_url(value: Any) -> bool:
    return isinstance(value, str) and _host(value) is not None


def _on_domain(url: str, base_host: str) -> bool:
    host = _host(url) or ""
    return host == base_host or host.endswith("." + base_host)


def _check_party(value: Any, where: str, errors: list[str]) -> None:
    if not isinstance(value, dict):
        errors.append(f"{where} is missing: it must be a Person or Organization with a name.")
        return
    if value.get("@type") not in PERSON_TYPES:
        errors.append(f"{where}.@type must be Person or Organization, not {value.get('@type')!r}.")
    if not _is_text(value.get("name")):
        errors.append(f"{where}.name is missing.")


def _check_rating(rating: Any, errors: list[str]) -> None:
    if not isinstance(rating, dict):
        errors.append("reviewRating is missing: Google requires the verdict as a Rating.")
        return
    if rating.get("@type") != "Rating":
        errors.append(f"reviewRating.@type must be Rating, not {rating.get('@type')!r}.")
    if not _is_text(rating.get("alternateName")):
        errors.append(
            "reviewRating.alternateName is missing: Google requires the rating as a short "
            "phrase such as “Mostly false”."
        )
    value = rating.get("ratingValue")
    best = rating.get("bestRating", 5)
    worst = rating.get("worstRating", 1)
    if not _is_number(best):
        errors.append(f"reviewRating.bestRating must be a number, not {best!r}.")
        return
    if not _is_number(worst):
        errors.append(f"reviewRating.worstRating must be a number, not {worst!r}.")
        return
    best_n, worst_n = float(best), float(worst)
    if worst_n < 1:
        errors.append(f"reviewRating.worstRating must be at least 1, not {worst}.")
    if best_n <= worst_n:
        errors.append(
            f"reviewRating.bestRating ({best}) must be greater than worstRating ({worst})."
        )
    if value is None:
        return
    if not _is_number(value):
        errors.append(f"reviewRating.ratingValue must be a number, not {value!r}.")
    elif not worst_n <= float(value) <= best_n:
        errors.append(
            f"reviewRating.ratingValue {value} is outside worstRating..bestRating "
            f"({worst}..{best})."
        )


def _check_appearance(appearance: Any, errors: list[str]) -> None:
    if appearance is None or appearance == []:
        errors.append(
            "itemReviewed.appearance is missing: the claim needs the URL of the article it "
            "appeared in (the article has no URL)."
        )
        return
    for item in appearance if isinstance(appearance, list) else [appearance]:
        url = item.get("url") if isinstance(item, dict) else item
        if not _absolute_url(url):
            errors.append(f"itemReviewed.appearance.url must be an absolute URL, not {url!r}.")


def check_claimreview(doc: Any, *, base_url: str | None = None) -> tuple[list[str], list[str]]:
    """(errors, warnings) for `doc`: errors break Google's required properties, warnings its
    recommended ones. Both empty means the document is complete.

    With `base_url` (the site that hosts the public pages), `url` must be on that domain or a
    subdomain of it, as Google requires of the page hosting the review.
    """
    if not isinstance(doc, dict):
        return ["The document is not a JSON object."], []
    errors: list[str] = []
    warnings: list[str] = []
    context = doc.get("@context")
    if not (
        isinstance(context, str)
        and context.rstrip("/") in {"https://schema.org", "http://schema.org"}
    ):
        errors.append(f"@context must be https://schema.org, not {context!r}.")
    if doc.get("@type") != "ClaimReview":
        errors.append(f"@type must be ClaimReview, not {doc.get('@type')!r}.")
    if not _is_text(doc.get("claimReviewed")):
        errors.append("claimReviewed is missing: Google requires a summary of the claim.")
    _check_rating(doc.get("reviewRating"), errors)

    url = doc.get("url")
    if url is None:
        errors.append("url is missing: Google requires the address of the fact check page.")
    elif not _absolute_url(url):
        errors.append(f"url must be an absolute http(s) URL, not {url!r}.")
    elif base_url and not _on_domain(url, _host(base_url) or base_url):
        errors.append(f"url {url} is not on the publisher's domain ({_host(base_url)}).")

    _check_party(doc.get("author"), "author", warnings)
    if not _is_date(doc.get("datePublished")):
        warnings.append(
            f"datePublished must be an ISO 8601 date, not {doc.get('datePublished')!r}."
        )

    item = doc.get("itemReviewed")
    if not isinstance(item, dict):
        warnings.append("itemReviewed is missing: it must describe the Claim reviewed.")
        return errors, warnings
    if item.get("@type") != "Claim":
        warnings.append(f"itemReviewed.@type must be Claim, not {item.get('@type')!r}.")
    _check_party(item.get("author"), "itemReviewed.author", warnings)
    if not _is_date(item.get("datePublished")):
        warnings.append(
            "itemReviewed.datePublished must be an ISO 8601 date, "
            f"not {item.get('datePublished')!r}."
        )
    _check_appearance(item.get("appearance"), warnings)
    return errors, warnings


def validate_claimreview(doc: Any, *, base_url: str | None = None) -> list[str]:
    """Every reason `doc` falls short, required and recommended alike; empty means complete."""
    errors, warnings = check_claimreview(doc, base_url=base_url)
    return errors + warnings


def strict() -> bool:
    return settings.FACTCHECK_CLAIMREVIEW_STRICT


def publication_problems(
    doc: Any, *, base_url: str | None = None, strict_mode: bool | None = None
) -> tuple[list[str], list[str]]:
    """(refusals, warnings) as the desk applies them: in strict mode every warning refuses."""
    errors, warnings = check_claimreview(doc, base_url=base_url)
    if strict() if strict_mode is None else strict_mode:
        return errors + warnings, []
    return errors, warnings


# Exporting --------------------------------------------------------------------------------


def iter_claimreview(
    rows: Iterable[dict[str, Any]],
    *,
    base_url: str,
    require_domain: bool = False,
    report: ExportReport | None = None,
) -> Iterator[str]:
    """A JSON array of the valid ClaimReview documents, one per row.

    A document breaking a required property (or, in strict mode, a recommended one) is left
    out and recorded in `report` with its reasons; one missing a recommended property goes
    out and is recorded as a warning. One bad article never holds back the rest of the desk.
    """
    report = report if report is not None else ExportReport()
    scale = rating_scale()
    author = organization()
    domain = base_url if require_domain else None
    strict_mode = strict()
    first = True
    pending: list[str] = []
    yield "[\n"
    for row in rows:
        doc = build_claimreview(row, base_url=base_url, scale=scale, author=author)
        errors, warnings = publication_problems(doc, base_url=domain, strict_mode=strict_mode)
        if errors:
            report.refuse(Finding(row["claim_id"], claim_label(row), errors))
            continue
        if warnings:
            report.warn(Finding(row["claim_id"], claim_label(row), warnings))
        report.exported += 1
        pending.append(_encode(doc))
        if len(pending) >= 1000:
            yield ("" if first else ",\n") + ",\n".join(pending)
            first = False
            pending = []
    if pending:
        yield ("" if first else ",\n") + ",\n".join(pending)
    yield "\n]\n"
