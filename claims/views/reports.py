"""Report pages, their downloads, and the public verdict page."""

from __future__ import annotations

import json
import logging
import tempfile
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.conf import settings
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from claims.access import get_article_for_user, require_reviewer
from claims.models import Article, Claim, ClaimStatus, VerdictState, drafts_by_claim
from claims.reports.claimreview import (
    ExportRefused,
    approved_claims,
    build_claimreview,
    organization,
    rating_scale,
    validate_claimreview,
)
from claims.reports.exports import (
    CONTENT_TYPES,
    FORMATS,
    export_chunks,
    export_filename,
    iter_rows,
)
from claims.reports.filters import ReportFilterForm, filter_claims
from claims.reports.markup import render_markdown
from claims.reports.scorecard import breakdown, scorecard

logger = logging.getLogger(__name__)

# ClaimReview output is held back until validated: in memory up to this size, then on disk.
SPOOL_BYTES = 4 * 1024 * 1024

FORMAT_LABELS = {
    "csv": "CSV",
    "jsonl": "JSON Lines",
    "json": "JSON",
    "claimreview": "ClaimReview JSON-LD",
}


def _base_url(request: HttpRequest) -> str:
    return settings.FACTCHECK_PUBLIC_BASE_URL or request.build_absolute_uri("/")


def _export_response(
    request: HttpRequest,
    fmt: str,
    *,
    claims: QuerySet[Claim],
    used_filter: dict[str, str],
    filename: str,
    scope: dict[str, Any] | None = None,
) -> HttpResponse:
    options: dict[str, Any] = {
        "claims": claims,
        "used_filter": used_filter,
        "base_url": _base_url(request),
        "require_domain": bool(settings.FACTCHECK_PUBLIC_BASE_URL),
        "scope": scope,
    }
    if fmt != "claimreview":
        chunks = export_chunks(fmt, **options)
        response = StreamingHttpResponse(
            (chunk.encode("utf-8") for chunk in chunks), content_type=CONTENT_TYPES[fmt]
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    # Nothing invalid may leave: write to a spooled file, and only send it once every
    # document has passed the validator. Memory stays bounded by SPOOL_BYTES.
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    try:
        for chunk in export_chunks(fmt, **options):
            spool.write(chunk.encode("utf-8"))
    except ExportRefused as refused:
        spool.close()
        return render(
            request,
            "claims/export_refused.html",
            {"refused": refused, "more": refused.invalid - len(refused.reasons)},
            status=422,
        )
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=filename, content_type=CONTENT_TYPES[fmt]
    )


def _format_links(url_name: str, query: str = "", **kwargs: Any) -> list[dict[str, str]]:
    suffix = f"?{query}" if query else ""
    return [
        {
            "fmt": fmt,
            "label": FORMAT_LABELS[fmt],
            "url": reverse(url_name, kwargs={**kwargs, "fmt": fmt}) + suffix,
        }
        for fmt in FORMATS
    ]


# Desk report ------------------------------------------------------------------------------


@require_GET
@login_required
def desk_report(request: HttpRequest) -> HttpResponse:
    require_reviewer(request)
    form = ReportFilterForm(request.GET or None)
    valid = not form.is_bound or form.is_valid()
    context: dict[str, Any] = {"form": form, "valid": valid}
    if valid:
        used = form.used() if form.is_bound else {}
        claims = filter_claims(used)
        listing = claims.select_related(
            "article", "current_verdict__rating", "current_verdict__approved_by"
        ).order_by("-report_at", "-id")
        # The filter as applied, without the page number or empty fields.
        query = urlencode(used)
        page = Paginator(listing, 50).get_page(request.GET.get("page"))
        drafts = drafts_by_claim([c.pk for c in page.object_list])
        for claim in page.object_list:
            claim.draft = drafts.get(claim.pk)
            claim.draft_label = claim.draft_state() if claim.draft else None
        context.update(
            used=used,
            card=scorecard(claims),
            by_speaker=breakdown(claims, "speaker", title="By speaker", column="Speaker"),
            by_outlet=breakdown(claims, "article__outlet", title="By outlet", column="Outlet"),
            page=page,
            query=query,
            downloads=_format_links("desk_export", query),
        )
    if request.htmx:
        # htmx 2 does not swap 4xx responses; the fragment itself carries the errors.
        return render(request, "claims/desk_report.html#report-results", context)
    return render(request, "claims/desk_report.html", context, status=200 if valid else 400)


@require_GET
@login_required
def desk_export(request: HttpRequest, fmt: str) -> HttpResponse:
    require_reviewer(request)
    if fmt not in FORMATS:
        raise Http404("No such export format.")
    form = ReportFilterForm(request.GET)
    if not form.is_valid():
        return render(
            request, "claims/desk_report.html", {"form": form, "valid": False}, status=400
        )
    used = form.used()
    return _export_response(
        request,
        fmt,
        claims=filter_claims(used),
        used_filter=used,
        filename=export_filename(fmt, used),
    )


# Article report ---------------------------------------------------------------------------


def _labelled(row: dict[str, Any]) -> dict[str, Any]:
    """The row with the model's display labels for its status and draft, for templates."""
    row["status_label"] = ClaimStatus(row["status"]).label
    state = VerdictState(row["draft_status"]) if row.get("draft_status") else None
    row["draft_label"] = state.label if state else ""
    row["draft_css"] = state.css if state else ""
    return row


def _article_rows(article: Article) -> list[dict[str, Any]]:
    rows = list(iter_rows(Claim.objects.filter(article=article)))
    for row in rows:
        _labelled(row)
        row["rationale_html"] = render_markdown(row["rationale"] or "")
    return rows


@require_GET
@login_required
def article_report(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_article_for_user(request, pk)
    claims = Claim.objects.filter(article=article)
    return render(
        request,
        "claims/article_report.html",
        {
            "article": article,
            "rows": _article_rows(article),
            "card": scorecard(claims),
            "downloads": _format_links("article_export", pk=article.pk),
            "base_url": _base_url(request),
        },
    )


@require_GET
@login_required
def article_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    article = get_article_for_user(request, pk)
    if fmt not in FORMATS:
        raise Http404("No such export format.")
    return _export_response(
        request,
        fmt,
        claims=Claim.objects.filter(article=article),
        used_filter={"article": str(article.pk)},
        filename=export_filename(fmt, {}, prefix=f"article-{article.pk}_verdicts"),
        scope={"article": {"id": article.pk, "title": article.title, "url": article.url}},
    )


# Public verdict page ----------------------------------------------------------------------


def _json_ld(doc: dict[str, Any]) -> SafeString:
    # Escaped like json_script: "</script>" inside a claim cannot end the element.
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(text)


@login_not_required
@require_GET
def public_verdict(request: HttpRequest, public_id: UUID) -> HttpResponse:
    claims = approved_claims(Claim.objects.filter(public_id=public_id))
    row = next(iter_rows(claims), None)
    if row is None:
        withdrawn = Claim.objects.filter(
            public_id=public_id, verdicts__retracted_at__isnull=False
        ).exists()
        if withdrawn:
            # Gone on purpose, not missing: search engines drop it, readers see why.
            return render(
                request,
                "claims/public_withdrawn.html",
                {"organization": settings.FACTCHECK_ORGANIZATION_NAME},
                status=410,
            )
        raise Http404("No published verdict at this address.")
    doc = build_claimreview(
        row, base_url=_base_url(request), scale=rating_scale(), author=organization()
    )
    problems = validate_claimreview(doc, base_url=settings.FACTCHECK_PUBLIC_BASE_URL or None)
    if problems:
        # The page still informs readers; search engines just get no markup for it.
        logger.warning("ClaimReview for claim %s withheld: %s", row["claim_id"], problems)
    return render(
        request,
        "claims/public_verdict.html",
        {
            "row": row,
            "rationale_html": render_markdown(row["rationale"] or ""),
            "json_ld": None if problems else _json_ld(doc),
            "canonical_url": doc["url"],
            "organization": settings.FACTCHECK_ORGANIZATION_NAME,
        },
    )
