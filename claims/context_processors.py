from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from claims.roles import is_editor, is_reviewer, primary_role


def workbench(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_role": None, "can_review": False, "can_edit": False}
    return {
        "user_role": primary_role(user),
        "can_review": is_reviewer(user),
        "can_edit": is_editor(user),
    }
