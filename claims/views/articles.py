"""Articles: the list, bringing one in, and the workspace where its claims are corrected."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh, retarget

from claims.access import get_article_for_user, get_claim_for_user, require_reviewer
from claims.forms_articles import (
    ArticleFilterForm,
    ArticleForm,
    ClaimAddForm,
    ClaimEditForm,
    ClaimMergeForm,
    ClaimSplitForm,
    VersionForm,
)
from claims.models import Article, Claim, ClaimStatus
from claims.services.articles import (
    DuplicateArticle,
    article_create,
    article_extraction_retry,
    article_extraction_schedule,
)
from claims.services.audit import StaleVersion
from claims.services.workspace import (
    ClaimActionError,
    body_segments,
    claim_add,
    claim_edit,
    claim_merge,
    claim_reject,
    claim_restore,
    claim_split,
    locate_quote,
)

PAGE_SIZE = 25
DETAIL = "claims/article_detail.html"
IN_PROGRESS = (Article.ExtractionStatus.PENDING, Article.ExtractionStatus.RUNNING)

# List ------------------------------------------------------------------------------------


def _filtered_articles(form: ArticleFilterForm) -> QuerySet[Article]:
    articles = Article.objects.all()
    if not form.is_valid():
        return articles
    data = form.cleaned_data
    if q := data.get("q", "").strip():
        articles = articles.filter(
            Q(title__icontains=q)
            | Q(outlet__icontains=q)
            | Q(author__icontains=q)
            | Q(body__icontains=q)
        )
    if outlet := data.get("outlet", "").strip():
        articles = articles.filter(outlet__iexact=outlet)
    if data.get("published_from"):
        articles = articles.filter(published__gte=data["published_from"])
    if data.get("published_to"):
        articles = articles.filter(published__lte=data["published_to"])
    return articles


@require_GET
@login_required
def article_list(request: HttpRequest) -> HttpResponse:
    require_reviewer(request)
    form = ArticleFilterForm(request.GET or None)
    counts = {
        f"n_{status}": Count("claims", filter=Q(claims__status=status))
        for status in ClaimStatus.values
    }
    articles = (
        _filtered_articles(form)
        .defer("body")
        .annotate(n_claims=Count("claims"), **counts)
        .order_by("-created", "-id")
    )
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "outlets": Article.objects.exclude(outlet="")
        .order_by("outlet")
        .values_list("outlet", flat=True)
        .distinct(),
        "statuses": ClaimStatus.choices,
    }
    template = "claims/article_list.html"
    if request.htmx and request.htmx.target == "article-results":
        template += "#article-results"
    return render(request, template, context)


# Bringing an article in ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def article_new(request: HttpRequest) -> HttpResponse:
    require_reviewer(request)
    if request.method == "GET":
        return _new_page(request, ArticleForm())
    form = ArticleForm(request.POST, request.FILES)
    if not form.is_valid():
        return _new_page(request, form, status=422)
    draft = form.draft
    if request.POST.get("action") == "preview":
        # Fetched or uploaded text and metadata come back in the form to check and edit.
        preview = ArticleForm(
            initial={
                "title": draft.title,
                "outlet": draft.outlet,
                "url": draft.url,
                "author": draft.author,
                "published": draft.published,
                "text": draft.text,
            }
        )
        return _new_page(request, preview, previewed=True)
    try:
        article = article_create(
            text=draft.text,
            title=draft.title,
            outlet=draft.outlet,
            url=draft.url,
            author=draft.author,
            published=draft.published,
            submitted_by=request.user,
        )
    except DuplicateArticle as exc:
        messages.info(
            request,
            f"This article is already in the workbench (#{exc.existing.pk}); here it is.",
        )
        return _go(request, reverse("article_detail", args=[exc.existing.pk]))
    article = article_extraction_schedule(article=article, actor=request.user)
    if article.extraction_status == Article.ExtractionStatus.DONE:
        messages.success(request, f"Extracted {article.claims.count()} claims.")
    elif article.extraction_status == Article.ExtractionStatus.FAILED:
        messages.error(request, "The article was saved but claim extraction failed.")
    else:
        messages.info(request, "The article was saved; its claims are being extracted.")
    return _go(request, reverse("article_detail", args=[article.pk]))


def _new_page(
    request: HttpRequest, form: ArticleForm, *, status: int = 200, previewed: bool = False
) -> HttpResponse:
    context = {
        "form": form,
        "previewed": previewed,
        "max_upload_kb": settings.FACTCHECK_MAX_UPLOAD_BYTES // 1024,
    }
    return render(request, "claims/article_new.html", context, status=status)


def _go(request: HttpRequest, url: str) -> HttpResponse:
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


# The workspace ---------------------------------------------------------------------------


def _workspace_context(
    request: HttpRequest,
    article: Article,
    *,
    bound: dict[tuple[int, str], Any] | None = None,
    notes: dict[int, dict[str, Any]] | None = None,
    add_form: ClaimAddForm | None = None,
) -> dict[str, Any]:
    """Everything the workspace template needs. `bound` maps (claim id, form kind) to a form
    carrying the person's input after an error; `notes` carries conflict details per claim."""
    bound = bound or {}
    notes = notes or {}
    claims = list(article.claims.select_related("current_verdict__rating").order_by("start", "id"))
    active = [c for c in claims if c.status != ClaimStatus.REJECTED]
    following = {a.pk: b for a, b in itertools.pairwise(active)}
    for claim in claims:
        auto_id = f"id_c{claim.pk}_%s"
        claim.edit_form = bound.get((claim.pk, "edit")) or ClaimEditForm(
            initial={
                "statement": claim.statement,
                "type": claim.type,
                "speaker": claim.speaker,
            },
            auto_id=auto_id,
        )
        claim.split_form = bound.get((claim.pk, "split")) or ClaimSplitForm(auto_id=auto_id)
        claim.next_claim = following.get(claim.pk)
        claim.note = notes.get(claim.pk)
        claim.verdict_class = (
            "verdict-" + _slug(claim.current_verdict.rating.label)
            if claim.current_verdict_id
            else ""
        )
        claim.open_corrections = (claim.pk, "edit") in bound or (claim.pk, "split") in bound
    return {
        "article": article,
        "claims": claims,
        "segments": body_segments(article.body, claims),
        "add_form": add_form or ClaimAddForm(),
        "counts": {s: sum(c.status == s for c in claims) for s in ClaimStatus.values},
        "in_progress": article.extraction_status in IN_PROGRESS,
    }


def _slug(label: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in label.lower()).strip("-")


@require_GET
@login_required
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_article_for_user(request, pk)
    return render(request, DETAIL, _workspace_context(request, article))


@require_GET
@login_required
def article_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Polled by the article page while extraction runs; a finished extraction reloads the
    page so the claims appear."""
    article = get_article_for_user(request, pk)
    if not request.htmx:
        return redirect("article_detail", pk=article.pk)
    if article.extraction_status in IN_PROGRESS:
        return render(
            request, DETAIL + "#extraction-status", {"article": article, "in_progress": True}
        )
    return HttpResponseClientRefresh()


@require_POST
@login_required
def article_retry(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_article_for_user(request, pk, write=True)
    if article.extraction_status != Article.ExtractionStatus.FAILED:
        messages.info(request, "Extraction is not in a failed state; nothing to retry.")
    else:
        article = article_extraction_retry(article=article, actor=request.user)
        if article.extraction_status == Article.ExtractionStatus.FAILED:
            messages.error(request, "Claim extraction failed again.")
        else:
            messages.success(request, "Claim extraction restarted.")
    return _go(request, reverse("article_detail", args=[article.pk]))


# Claim corrections -----------------------------------------------------------------------


def _claim_of(request: HttpRequest, pk: int, claim_pk: int) -> Claim:
    claim = get_claim_for_user(request, claim_pk, write=True)
    if claim.article_id != pk:
        raise Http404("No such claim in this article.")
    return claim


def _after_change(
    request: HttpRequest, article: Article, claim: Claim | None, message: str, *, part: str
) -> HttpResponse:
    """Post/Redirect/Get for plain forms; htmx gets the changed part only."""
    if not request.htmx:
        messages.success(request, message)
        anchor = f"#claim-{claim.pk}" if claim else ""
        return redirect(reverse("article_detail", args=[article.pk]) + anchor)
    context = _workspace_context(request, article)
    context["flash"] = message
    if part == "row":
        context["claim"] = next(c for c in context["claims"] if c.pk == claim.pk)
        context["oob_body"] = True
        return render(request, DETAIL + "#claim-row-update", context)
    return render(request, DETAIL + "#workspace", context)


def _refused(
    request: HttpRequest,
    article: Article,
    *,
    message: str,
    status: int,
    bound: dict[tuple[int, str], Any] | None = None,
    notes: dict[int, dict[str, Any]] | None = None,
    add_form: ClaimAddForm | None = None,
) -> HttpResponse:
    """The workspace again, the person's input kept beside the error or the current values."""
    context = _workspace_context(request, article, bound=bound, notes=notes, add_form=add_form)
    context["error"] = message
    if request.htmx:
        response = render(request, DETAIL + "#workspace", context, status=status)
        return retarget(response, "#workspace")
    # The error shows inside the workspace, beside the form it belongs to.
    return render(request, DETAIL, context, status=status)


def _stale_note(current: Claim) -> dict[str, Any]:
    return {
        "stale": True,
        "statement": current.statement,
        "type": current.get_type_display(),
        "speaker": current.speaker,
        "status": current.get_status_display(),
        "version": current.version,
    }


def _claim_action(
    request: HttpRequest,
    pk: int,
    claim_pk: int,
    *,
    form_class: type[VersionForm],
    kind: str,
    apply: Callable[[Claim, dict[str, Any]], tuple[Claim | None, str]],
    part: str,
) -> HttpResponse:
    claim = _claim_of(request, pk, claim_pk)
    article = claim.article
    form = form_class(request.POST, auto_id=f"id_c{claim.pk}_%s")
    if not form.is_valid():
        return _refused(
            request,
            article,
            message="Check the highlighted fields.",
            status=422,
            bound={(claim.pk, kind): form},
        )
    try:
        changed, message = apply(claim, form.cleaned_data)
    except StaleVersion as exc:
        current = exc.current
        return _refused(
            request,
            article,
            message=f"{exc} Nothing was saved.",
            status=409,
            bound={(claim.pk, kind): form},
            notes={current.pk: _stale_note(current)},
        )
    except ClaimActionError as exc:
        return _refused(
            request, article, message=str(exc), status=422, bound={(claim.pk, kind): form}
        )
    return _after_change(request, article, changed, message, part=part)


@require_POST
@login_required
def claim_edit_view(request: HttpRequest, pk: int, claim_pk: int) -> HttpResponse:
    def apply(claim: Claim, data: dict[str, Any]) -> tuple[Claim, str]:
        updated = claim_edit(
            claim_id=claim.pk,
            expected_version=data["version"],
            statement=data["statement"],
            type=data["type"],
            speaker=data["speaker"],
            actor=request.user,
        )
        return updated, "Claim saved."

    return _claim_action(
        request, pk, claim_pk, form_class=ClaimEditForm, kind="edit", apply=apply, part="row"
    )


@require_POST
@login_required
def claim_reject_view(request: HttpRequest, pk: int, claim_pk: int) -> HttpResponse:
    def apply(claim: Claim, data: dict[str, Any]) -> tuple[Claim, str]:
        updated = claim_reject(
            claim_id=claim.pk, expected_version=data["version"], actor=request.user
        )
        return updated, "Claim rejected. Use Restore to undo."

    return _claim_action(
        request, pk, claim_pk, form_class=VersionForm, kind="status", apply=apply, part="row"
    )


@require_POST
@login_required
def claim_restore_view(request: HttpRequest, pk: int, claim_pk: int) -> HttpResponse:
    def apply(claim: Claim, data: dict[str, Any]) -> tuple[Claim, str]:
        updated = claim_restore(
            claim_id=claim.pk, expected_version=data["version"], actor=request.user
        )
        return updated, "Claim restored."

    return _claim_action(
        request, pk, claim_pk, form_class=VersionForm, kind="status", apply=apply, part="row"
    )


@require_POST
@login_required
def claim_split_view(request: HttpRequest, pk: int, claim_pk: int) -> HttpResponse:
    def apply(claim: Claim, data: dict[str, Any]) -> tuple[Claim, str]:
        first, second = claim_split(
            claim_id=claim.pk, expected_version=data["version"], at=data["at"], actor=request.user
        )
        return first, f"Claim split in two; the second part is claim #{second.pk}."

    return _claim_action(
        request, pk, claim_pk, form_class=ClaimSplitForm, kind="split", apply=apply, part="all"
    )


@require_POST
@login_required
def claim_merge_view(request: HttpRequest, pk: int, claim_pk: int) -> HttpResponse:
    def apply(claim: Claim, data: dict[str, Any]) -> tuple[Claim, str]:
        if not Claim.objects.filter(pk=data["other"], article_id=claim.article_id).exists():
            raise ClaimActionError("The next claim no longer exists; reload the page.")
        merged = claim_merge(
            claim_id=claim.pk,
            expected_version=data["version"],
            other_id=data["other"],
            other_version=data["other_version"],
            actor=request.user,
        )
        return merged, "Claims merged."

    return _claim_action(
        request, pk, claim_pk, form_class=ClaimMergeForm, kind="merge", apply=apply, part="all"
    )


@require_POST
@login_required
def claim_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_article_for_user(request, pk, write=True)
    form = ClaimAddForm(request.POST)
    if not form.is_valid():
        return _refused(
            request, article, message="Check the new claim's fields.", status=422, add_form=form
        )
    data = form.cleaned_data
    try:
        if data.get("start") is not None and data.get("end") is not None:
            start, end = data["start"], data["end"]
        else:
            start, end = locate_quote(article.body, data["quote"], data.get("occurrence"))
        claim = claim_add(
            article=article, start=start, end=end, type=data["type"], actor=request.user
        )
    except ClaimActionError as exc:
        form.add_error("quote", str(exc))
        return _refused(request, article, message=str(exc), status=422, add_form=form)
    return _after_change(request, article, claim, "Claim added.", part="all")
