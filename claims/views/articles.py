"""Articles: the list, bringing one in, the workspace page and its extraction progress.

The corrections made inside the workspace live in claims.views.workspace."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh

from claims.access import HtmxHttpRequest, get_article_for_user, require_reviewer
from claims.forms_articles import ArticleDetailsForm, ArticleFilterForm, ArticleForm
from claims.models import Article, ClaimStatus
from claims.services.articles import (
    DuplicateArticle,
    article_create,
    article_edit,
    article_extraction_retry,
    article_extraction_schedule,
)
from claims.services.audit import StaleVersion
from claims.services.policy import WriteRefused
from claims.views.history import show_address
from claims.views.workspace import DETAIL, workspace_context

PAGE_SIZE = 25

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
def article_list(request: HtmxHttpRequest) -> HttpResponse:
    require_reviewer(request)
    query = request.GET.copy()
    for key in [k for k, v in query.items() if not v.strip()]:
        del query[key]
    if not request.htmx and len(query) < len(request.GET):
        # A plain form submission sends every field: the shared address keeps the used ones.
        return redirect(reverse("article_list") + (f"?{query.urlencode()}" if query else ""))
    form = ArticleFilterForm(query or None)
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
    canonical = reverse("article_list") + (f"?{query.urlencode()}" if query else "")
    query.pop("page", None)
    partial = bool(request.htmx and request.htmx.target == "article-results")
    n = page.paginator.count
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        # htmx swaps only the list: its count is announced in the one live region.
        "announce": partial,
        "notice": f"{n:,} article{pluralize(n)} match{'es' if n == 1 else ''}.",
        "outlets": Article.objects.exclude(outlet="")
        .order_by("outlet")
        .values_list("outlet", flat=True)
        .distinct(),
        "statuses": ClaimStatus.choices,
    }
    template = "claims/article_list.html"
    if partial:
        template += "#article-results"
    response = render(request, template, context)
    if partial:
        show_address(request, response, canonical)
    return response


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


# The workspace page ---------------------------------------------------------------------


@require_GET
@login_required
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_article_for_user(request, pk)
    return render(request, DETAIL, workspace_context(article))


@require_GET
@login_required
def article_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Polled by the article page while extraction runs; a finished extraction reloads the
    page so the claims appear."""
    article = get_article_for_user(request, pk)
    if not request.htmx:
        return redirect("article_detail", pk=article.pk)
    if article.extraction_in_progress:
        return render(
            request,
            DETAIL + "#extraction-status",
            {
                "article": article,
                "in_progress": not article.extraction_stalled,
                "stall_minutes": settings.FACTCHECK_EXTRACTION_STALL_MINUTES,
            },
        )
    return HttpResponseClientRefresh()


@require_POST
@login_required
def article_retry(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_article_for_user(request, pk, write=True)
    if not article.extraction_retryable:
        messages.info(request, "Extraction has not failed or stalled; nothing to retry.")
    else:
        article = article_extraction_retry(article=article, actor=request.user)
        if article.extraction_status == Article.ExtractionStatus.FAILED:
            messages.error(request, "Claim extraction failed again.")
        else:
            messages.success(request, "Claim extraction restarted.")
    return _go(request, reverse("article_detail", args=[article.pk]))


@require_POST
@login_required
def article_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The article details form: 409 with their version on a stale form, 422 on bad input or
    a refusal, the input kept either way."""
    article = get_article_for_user(request, pk, write=True)
    form = ArticleDetailsForm(request.POST)
    status, error, theirs = 200, "", None
    if not form.is_valid():
        status, error = 422, "Check the highlighted fields; nothing was saved."
    else:
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            article = article_edit(
                article_id=article.pk, expected_version=version, changes=data, actor=request.user
            )
        except StaleVersion as exc:
            status, theirs = 409, exc.current
            error = f"{exc} Nothing was saved."
            form.data = form.data.copy()
            form.data["version"] = str(theirs.version)
        except WriteRefused as exc:
            status, error = 422, f"{exc} Nothing was saved."
        else:
            if not request.htmx:
                messages.success(request, "Article details saved.")
                return redirect("article_detail", pk=article.pk)
            form = None
    context = workspace_context(Article.objects.get(pk=article.pk), details_form=form)
    context.update(
        details_error=error,
        details_theirs=theirs,
        details_saved=status == 200,
    )
    if request.htmx:
        return render(request, DETAIL + "#article-details", context, status=status)
    return render(request, DETAIL, context, status=status)
