"""`{% checked_before claim as flag %}`: whether a claim matched an earlier check, for badges
in lists. One query per article and render, however many claims the list shows."""

from __future__ import annotations

from django import template

from claims.models import Claim, MatchState

register = template.Library()


@register.simple_tag(takes_context=True)
def checked_before(context: template.Context, claim: Claim) -> bool:
    # Kept on the request: each partial render gets a fresh render_context, the request is
    # the one thing every row of a page shares.
    holder = context.get("request") or context.render_context
    cache = getattr(holder, "_checked_before_ids", None)
    if cache is None:
        cache = {}
        holder._checked_before_ids = cache
    key = claim.article_id
    ids = cache.get(key)
    if ids is None:
        ids = set(
            MatchState.objects.filter(
                claim__article_id=claim.article_id, checked_before=True
            ).values_list("claim_id", flat=True)
        )
        cache[key] = ids
    return claim.pk in ids
