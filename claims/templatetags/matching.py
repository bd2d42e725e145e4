"""`{% checked_before claim as flag %}`: whether a claim matched an earlier check, for badges
in lists. One query per article and render, however many claims the list shows."""

from __future__ import annotations

from django import template

from claims.models import Claim, MatchState

register = template.Library()


@register.simple_tag(takes_context=True)
def checked_before(context: template.Context, claim: Claim) -> bool:
    key = ("checked_before", claim.article_id)
    ids = context.render_context.get(key)
    if ids is None:
        ids = set(
            MatchState.objects.filter(
                claim__article_id=claim.article_id, checked_before=True
            ).values_list("claim_id", flat=True)
        )
        context.render_context[key] = ids
    return claim.pk in ids
