"""schema.org ClaimReview JSON-LD for approved verdicts, and the validator that stands
between it and the outside world.

The validator follows Google's "Fact check (ClaimReview) structured data" documentation:
Google requires `claimReviewed`, `reviewRating` (whose `alternateName`, the rating as a short
phrase, is required; `ratingValue`, `bestRating` and `worstRating` are for numeric ratings
only, with `worstRating` at least 1, below `bestRating`, and the value between them) and
`url` (on the domain, or a subdomain, of the site that hosts the review). Google lists
`author`, `datePublished` and `itemReviewed` (a `Claim` with `author`, `datePublished` and
`appearance`) as recommended; this desk requires them too, so every published review says
who checked it, when, who said the claim and where it appeared.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
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


class ExportRefused(Exception):
    """The export would contain documents the validator rejects; nothing was emitted."""

    def __init__(self, reasons: list[str], invalid: int) -> None:
        self.reasons = reasons
        self.invalid = invalid
        more = invalid - len(reasons)
        super().__init__(
            f"{invalid} ClaimReview document(s) are invalid"
            + (f" (first {len(reasons)} shown)" if more > 0 else "")
            + ": "
            + "; ".join(reasons)
        )


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
    """Claims whose verdict in force is approved and not withdrawn: the only ones published.

    Keyed on the verdict, not the claim's workflow status: while a correction waits for
    approval the claim is "awaiting approval" again, yet its approved verdict still stands.
    """
    return claims.filter(
        current_verdict__approved_at__isnull=False,
        current_verdict__withdrawn_at__isnull=True,
    )


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
    """The ClaimReview document for one export row (see claims.reports.exports.iter_rows)."""
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": row["rating"]}
    # Ratings off the numeric scale (Unverifiable) carry only their name, as Google allows.
    if row["rating_value"] is not None and scale is not None:
        rating["ratingValue"] = row["rating_value"]
        rating["worstRating"], rating["bestRating"] = scale

    item: dict[str, Any] = {
        "@type": "Claim",
        "author": claim_author(row),
        # When the article carries no date, the day it reached the desk is the latest the
        # claim can have been made.
        "datePublished": (row["article_published"] or (row["article_added"] or "")[:10]),
    }
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
    if corrections and approved and approved != doc["datePublished"]:
        doc["dateModified"] = approved
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


def validate_claimreview(doc: Any, *, base_url: str | None = None) -> list[str]:
    """Every reason `doc` breaks the rules above; an empty list means it is valid.

    With `base_url` (the site that hosts the public pages), `url` must be on that domain or a
    subdomain of it, as Google requires of the page hosting the review.
    """
    if not isinstance(doc, dict):
        return ["The document is not a JSON object."]
    errors: list[str] = []
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

    _check_party(doc.get("author"), "author", errors)
    if not _is_date(doc.get("datePublished")):
        errors.append(f"datePublished must be an ISO 8601 date, not {doc.get('datePublished')!r}.")

    item = doc.get("itemReviewed")
    if not isinstance(item, dict):
        errors.append("itemReviewed is missing: it must describe the Claim reviewed.")
        return errors
    if item.get("@type") != "Claim":
        errors.append(f"itemReviewed.@type must be Claim, not {item.get('@type')!r}.")
    _check_party(item.get("author"), "itemReviewed.author", errors)
    if not _is_date(item.get("datePublished")):
        errors.append(
            "itemReviewed.datePublished must be an ISO 8601 date, "
            f"not {item.get('datePublished')!r}."
        )
    _check_appearance(item.get("appearance"), errors)
    return errors


# Exporting --------------------------------------------------------------------------------


def iter_claimreview(
    rows: Iterable[dict[str, Any]], *, base_url: str, require_domain: bool = False
) -> Iterator[str]:
    """A JSON array of validated ClaimReview documents.

    Raises ExportRefused once every row has been checked if any document was invalid; callers
    write into a temporary file and only publish it when this finishes without raising, so
    nothing invalid leaves the workbench.
    """
    scale = rating_scale()
    author = organization()
    domain = base_url if require_domain else None
    reasons: list[str] = []
    invalid = 0
    first = True
    pending: list[str] = []
    yield "[\n"
    for row in rows:
        doc = build_claimreview(row, base_url=base_url, scale=scale, author=author)
        problems = validate_claimreview(doc, base_url=domain)
        if problems:
            invalid += 1
            if len(reasons) < MAX_REASONS:
                reasons.append(f"{claim_label(row)}: " + " ".join(problems))
            continue
        if invalid:
            continue  # the export is refused; keep checking only to report every problem
        pending.append(_encode(doc))
        if len(pending) >= 1000:
            yield ("" if first else ",\n") + ",\n".join(pending)
            first = False
            pending = []
    if invalid:
        raise ExportRefused(reasons, invalid)
    if pending:
        yield ("" if first else ",\n") + ",\n".join(pending)
    yield "\n]\n"
