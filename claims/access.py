"""Fetch-and-authorise helpers: the first line of every view that touches workbench data."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django_htmx.middleware import HtmxDetails

from claims.models import Article, Claim
from claims.roles import is_editor, is_reviewer


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware: the type views annotate with."""

    htmx: HtmxDetails


def require_reviewer(request: HttpRequest) -> None:
    """Outsiders (logged in, no role) see nothing of the workbench."""
    if not is_reviewer(request.user):
        raise PermissionDenied("Your account has no workbench role. Ask an admin for one.")


def require_editor(request: HttpRequest) -> None:
    if not is_editor(request.user):
        raise PermissionDenied("Only editors can do this.")


def get_article_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Article:
    # Reviewers and editors can both read and change articles' claims; the flag stays so the
    # call site says what it intends and a stricter rule has one place to go.
    require_reviewer(request)
    return get_object_or_404(Article, pk=pk)


def get_claim_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Claim:
    require_reviewer(request)
    return get_object_or_404(Claim.objects.select_related("article"), pk=pk)
