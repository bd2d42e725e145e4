"""Sources on the claim page: add, edit and remove, in place with htmx or as plain forms."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_POST

from claims.forms_review import SourceForm
from claims.models import Claim, Source
from claims.services.audit import StaleVersion
from claims.services.policy import WriteRefused
from claims.services.sources import SourceGone, source_add, source_delete, source_update
from claims.views.review import TEMPLATE, errors_into, load_claim, respond, respond_done
from claims.views.review_context import ALL, claim_context, source_prefix

STAGED = (
    " The claim's fact-check is published, so this change is staged: it is published when an "
    "editor approves a correction of the claim (write one in the Verdict panel)."
)


def _done(claim_published: bool, message: str) -> str:
    return message + (STAGED if claim_published else "")


def _form_on_demand(request: HttpRequest, claim: Claim, part: str, **extra: object) -> HttpResponse:
    """GET of a source form: htmx gets the form alone (the page opens it in place); without
    JavaScript the link leads to the claim page with that form open."""
    if request.htmx:
        context = {"claim": claim, "focus_form": True, **extra}
        return render(request, f"{TEMPLATE}#{part}", context)
    return render(request, TEMPLATE, claim_context(request, claim, regions=ALL, **extra))


@require_http_methods(["GET", "POST"])
@login_required
def source_create(request: HttpRequest, pk: int) -> HttpResponse:
    claim = load_claim(request, pk)
    if request.method == "GET":
        initial = {"kind": Source.Kind.PRIMARY}
        return _form_on_demand(
            request,
            claim,
            "source-add-form",
            source_form=SourceForm(initial=initial),
            source_form_open=True,
        )
    form = SourceForm(request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            source = source_add(claim=claim, actor=request.user, **data)
        except WriteRefused as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            return respond_done(
                request,
                claim,
                partial="sources",
                anchor="sources",
                success=_done(claim.is_published, "Source added."),
                activity=source.activity,
                new_source_id=source.pk,
            )
    return respond(
        request, claim, partial="sources", status=422, source_form=form, source_form_open=True
    )


@require_http_methods(["GET", "POST"])
@login_required
def source_edit(request: HttpRequest, pk: int, source_pk: int) -> HttpResponse:
    claim = load_claim(request, pk)
    source = get_object_or_404(Source, pk=source_pk, claim=claim)
    if request.method == "GET":
        source.form = SourceForm(
            instance=source, initial={"version": source.version}, prefix=source_prefix(source.pk)
        )
        return _form_on_demand(
            request,
            claim,
            "source-edit-form",
            source=source,
            source_forms_bound={source.pk: source.form},
        )
    form = SourceForm(request.POST, prefix=source_prefix(source.pk))
    forms = {}
    if form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            source_update(
                source_id=source.pk,
                expected_version=form.cleaned_data.get("version") or 0,
                changes=changes,
                actor=request.user,
            )
        except SourceGone as exc:
            return respond(request, claim, partial="sources", status=409, sources_error=str(exc))
        except StaleVersion as exc:
            form.add_error(None, str(exc))
            form.data = form.data.copy()
            form.data[form.add_prefix("version")] = str(exc.current.version)
            forms[source.pk] = form
            return respond(
                request,
                claim,
                partial="sources",
                status=409,
                source_forms_bound=forms,
                conflict_source=exc.current,
            )
        except WriteRefused as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            return respond(
                request,
                claim,
                partial="sources",
                anchor="sources",
                success=_done(claim.is_published, "Source updated."),
            )
    forms[source.pk] = form
    return respond(request, claim, partial="sources", status=422, source_forms_bound=forms)


@require_POST
@login_required
def source_remove(request: HttpRequest, pk: int, source_pk: int) -> HttpResponse:
    claim = load_claim(request, pk)
    source = get_object_or_404(Source, pk=source_pk, claim=claim)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = 0
    try:
        source_delete(source_id=source.pk, expected_version=version, actor=request.user)
    except SourceGone as exc:
        return respond(request, claim, partial="sources", status=409, sources_error=str(exc))
    except StaleVersion as exc:
        return respond(
            request,
            claim,
            partial="sources",
            status=409,
            sources_error="Someone changed this source since you loaded it, so it was not "
            "removed. Check their version below and remove it again if you still want to.",
            conflict_source=exc.current,
        )
    except WriteRefused as exc:
        return respond(request, claim, partial="sources", status=422, sources_error=str(exc))
    return respond(
        request,
        claim,
        partial="sources",
        anchor="sources",
        success=_done(claim.is_published, "Source removed."),
    )
