"""Checked before? routes: the claim's matches panel, Reuse, repeats, and the archive upload."""

from django.urls import path

from claims.views import matching

urlpatterns = [
    path("claims/<int:pk>/checked-before/", matching.checked_before, name="checked_before"),
    path("claims/<int:pk>/checked-before/match/", matching.match_run, name="claim_match"),
    path("claims/<int:pk>/checked-before/reuse/", matching.match_reuse_view, name="match_reuse"),
    path("claims/<int:pk>/repeat/confirm/", matching.repeat_confirm_view, name="repeat_confirm"),
    path("claims/<int:pk>/repeat/undo/", matching.repeat_undo_view, name="repeat_undo"),
    path(
        "claims/<int:pk>/repeat/take-verdict/",
        matching.repeat_take_verdict_view,
        name="repeat_take_verdict",
    ),
    path("archive/import/", matching.archive_import_view, name="archive_import"),
]
