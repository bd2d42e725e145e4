"""Speaker track records: the desk's page, merging and publishing, and the public page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from claims.access import require_editor, require_reviewer
from claims.dashboard.speakers import Listing, checked_claims, record_ids, speaker_figures
from claims.models import Speaker, SpeakerMention
from claims.services import SpeakerActionError, speaker_merge, speaker_publish, speaker_unmerge
from claims.services.speakers import speaker_history

PER_PAGE = 50


def _speaker(slug: str) -> Speaker:
    return get_object_or_404(Speaker.objects.select_related("merged_into"), slug=slug)


def _record(claims, page: str | None) -> dict[str, Any]:
    figures, total = speaker_figures(claims)
    return {"figures": figures, "page": Paginator(Listing(claims, total), PER_PAGE).get_page(page)}


def _detail_context(request: HttpRequest, speaker: Speaker) -> dict[str, Any]:
    merged = list(speaker.merged.order_by("name", "id"))
    ids = [speaker.pk, *(m.pk for m in merged)]
    claims = checked_claims(ids, public=False)
    candidates = []
    if speaker.surname:
        candidates = list(
            Speaker.objects.filter(surname=speaker.surname, merged_into__isnull=True)
            .exclude(pk=speaker.pk)
            .order_by("name", "id")[:10]
        )
    return {
        "speaker": speaker,
        "merged": merged,
        **_record(claims, request.GET.get("page")),
        "candidates": candidates,
        "history": speaker_history(speaker, merged),
    }


@require_GET
@login_required
def speaker_detail(request: HttpRequest, slug: str) -> HttpResponse:
    require_reviewer(request)
    speaker = _speaker(slug)
    if speaker.merged_into_id:
        return redirect("speaker_detail", slug=speaker.merged_into.slug)
    return render(request, "claims/speaker_detail.html", _detail_context(request, speaker))


@require_GET
@login_required
def speaker_for_claim(request: HttpRequest, pk: int) -> HttpResponse:
    """Where every speaker name links: the record the claim's speaker is filed under."""
    require_reviewer(request)
    mention = get_object_or_404(
        SpeakerMention.objects.select_related("speaker__merged_into"), claim_id=pk
    )
    speaker = mention.speaker.merged_into or mention.speaker
    return redirect("speaker_detail", slug=speaker.slug)


def _refused(request: HttpRequest, speaker: Speaker, message: str) -> HttpResponse:
    context = _detail_context(request, speaker)
    context["action_error"] = message
    return render(request, "claims/speaker_detail.html", context, status=422)


@require_POST
@login_required
def speaker_merge_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Merge the speaker named in the form into this one."""
    require_editor(request)
    target = _speaker(slug)
    other_slug = request.POST.get("other", "").strip().strip("/").rsplit("/", 1)[-1]
    other = Speaker.objects.select_related("merged_into").filter(slug=other_slug).first()
    if other is None:
        return _refused(request, target, f"No speaker has the address “{other_slug}”.")
    try:
        merged_into = speaker_merge(speaker=other, into=target, actor=request.user)
    except SpeakerActionError as exc:
        return _refused(request, target, str(exc))
    return redirect("speaker_detail", slug=merged_into.slug)


@require_POST
@login_required
def speaker_unmerge_view(request: HttpRequest, slug: str) -> HttpResponse:
    require_editor(request)
    speaker = _speaker(slug)
    former = speaker.merged_into
    try:
        speaker_unmerge(speaker=speaker, actor=request.user)
    except SpeakerActionError as exc:
        return _refused(request, speaker, str(exc))
    return redirect("speaker_detail", slug=(former or speaker).slug)


@require_POST
@login_required
def speaker_publish_view(request: HttpRequest, slug: str) -> HttpResponse:
    require_editor(request)
    speaker = _speaker(slug)
    publish = request.POST.get("publish") == "1"
    try:
        speaker_publish(speaker=speaker, publish=publish, actor=request.user)
    except SpeakerActionError as exc:
        return _refused(request, speaker, str(exc))
    return redirect("speaker_detail", slug=speaker.slug)


@login_not_required
@require_GET
def public_speaker(request: HttpRequest, slug: str) -> HttpResponse:
    speaker = _speaker(slug)
    if speaker.merged_into_id:
        if speaker.merged_into.is_published:
            return redirect("public_speaker", slug=speaker.merged_into.slug)
        raise Http404("No published track record at this address.")
    if not speaker.is_published:
        raise Http404("No published track record at this address.")
    claims: Any = checked_claims(record_ids(speaker), public=True)
    return render(
        request,
        "claims/public_speaker.html",
        {
            "speaker": speaker,
            **_record(claims, request.GET.get("page")),
            "organization": settings.FACTCHECK_ORGANIZATION_NAME,
        },
    )
