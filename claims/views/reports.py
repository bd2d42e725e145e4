"""Report pages, their downloads, and the public verdict page."""

from __future__ import annotations

import json
import logging
import tempfile
from datetime import date
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
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from claims.access import HtmxHttpRequest, get_article_for_user, require_reviewer
from claims.markdown import render_markdown
from claims.models import Article, Claim, ClaimStatus, VerdictState, drafts_by_claim
from claims.reports.claimreview import (
    ExportReport,
    approved_claims,
    build_claimreview,
    organization,
    publication_problems,
    rating_scale,
)
from claims.reports.exports import (
    CONTENT_TYPES,
    FORMATS,
    PUBLISHED_COLUMNS,
    export_chunks,
    export_filename,
    iter_rows,
)
from claims.reports.filters import ReportFilterForm, describe_filter, filter_claims
from claims.reports.preview import public_base_url
from claims.reports.scorecard import breakdown, scorecard
from claims.views.history import show_address

logger = logging.getLogger(__name__)

# ClaimReview output is held back until validated: in memory up to this size, then on disk.
SPOOL_BYTES = 4 * 1024 * 1024

FORMAT_LABELS = {
    "csv": "CSV",
    "jsonl": "JSON Lines",
    "json": "JSON",
    "claimreview": "ClaimReview JSON-LD",
}


_base_url = public_base_url


def _export_response(
    request: HttpRequest,
    fmt: str,
    *,
    claims: QuerySet[Claim],
    used_filter: dict[str, str],
    filename: str,
    back_url: str,
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
    # The report is only complete once every document is built, so the valid ones wait in a
    # spooled file (memory bounded by SPOOL_BYTES) while the desk sees what was left out.
    report = ExportReport()
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    for chunk in export_chunks(fmt, **options, report=report):
        spool.write(chunk.encode("utf-8"))
    if not report.clean and request.GET.get("confirm") != "1":
        spool.close()
        query = request.GET.copy()
        query["confirm"] = "1"
        return render(
            request,
            "claims/export_summary.html",
            {
                "report": report,
                "download_url": f"{request.path}?{query.urlencode()}",
                "back_url": back_url,
                "refused_more": report.refused_count - len(report.refused),
                "warned_more": report.warned_count - len(report.warned),
            },
            status=200 if report.exported else 422,
        )
    spool.seek(0)
    response = FileResponse(
        spool, as_attachment=True, filename=filename, content_type=CONTENT_TYPES[fmt]
    )
    response["X-ClaimReview-Exported"] = str(report.exported)
    response["X-ClaimReview-Refused"] = str(report.refused_count)
    response["X-ClaimReview-Warnings"] = str(report.warned_count)
    return response


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
def desk_report(request: HtmxHttpRequest) -> HttpResponse:
    require_reviewer(request)
    form = ReportFilterForm(request.GET or None)
    valid = not form.is_bound or form.is_valid()
    used = form.used() if form.is_bound and valid else {}
    canonical = reverse("desk_report") + (f"?{urlencode(used)}" if used else "")
    page_number = request.GET.get("page")
    if page_number:
        canonical += ("&" if used else "?") + urlencode({"page": page_number})
    if valid and not request.htmx and any(not v.strip() for v in request.GET.values()):
        # A plain form submission sends every field: the shared address keeps the used ones.
        return redirect(canonical)
    # Back after an htmx filter change may ask for the whole page (history restore).
    partial = bool(
        request.htmx and not request.htmx.boosted and not request.htmx.history_restore_request
    )
    context: dict[str, Any] = {
        "form": form,
        "valid": valid,
        "announce": partial,
        "generated_at": timezone.now(),
    }
    if valid:
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
            scope=describe_filter(used),
            notice=f"{(n := page.paginator.count):,} claim{pluralize(n)} in this report.",
        )
    else:
        context["announce_error"] = "The filter has errors; fix them to see the report."
    if partial:
        # htmx 2 does not swap 4xx responses; the fragment itself carries the errors.
        response = render(request, "claims/desk_report.html#report-results", context)
        if valid:
            # The address shows the filter in use, in the spelling downloads and links use.
            show_address(request, response, canonical)
    else:
        response = render(request, "claims/desk_report.html", context, status=200 if valid else 400)
    # One URL, two bodies (the region for htmx, the page otherwise): caches keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


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
        back_url=reverse("desk_report") + (f"?{urlencode(used)}" if used else ""),
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
            "generated_at": timezone.now(),
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
        back_url=reverse("article_report", args=[article.pk]),
        scope={"article": {"id": article.pk, "title": article.title, "url": article.url}},
    )


# Public verdict page ----------------------------------------------------------------------


def _date_or_none(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _json_ld(doc: dict[str, Any]) -> SafeString:
    # Escaped like json_script: "</script>" inside a claim cannot end the element.
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(text)


@login_not_required
@require_GET
def public_verdict(request: HttpRequest, public_id: UUID) -> HttpResponse:
    claims = approved_claims(Claim.objects.filter(public_id=public_id))
    row = next(iter_rows(claims, extra=PUBLISHED_COLUMNS), None)
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
    refusals, _warnings = publication_problems(
        doc, base_url=settings.FACTCHECK_PUBLIC_BASE_URL or None
    )
    if refusals:
        # The page still informs readers; search engines just get no markup for it.
        logger.warning("ClaimReview for claim %s withheld: %s", row["claim_id"], refusals)
    return render(
        request,
        "claims/public_verdict.html",
        {
            "row": row,
            "claim_date": _date_or_none(doc["itemReviewed"].get("datePublished")),
            "rationale_html": render_markdown(row["rationale"] or ""),
            "json_ld": None if refusals else _json_ld(doc),
            "canonical_url": doc["url"],
            "organization": settings.FACTCHECK_ORGANIZATION_NAME,
            "organization_url": settings.FACTCHECK_ORGANIZATION_URL,
        },
    )
