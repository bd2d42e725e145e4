from django.urls import path

from claims.views import queue, ratings, review, review_sources, speaker_confirm

urlpatterns = [
    path("queue/", queue.queue, name="queue"),
    path("queue/next/", queue.queue_next, name="queue_next"),
    path("claims/<int:pk>/", review.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/sources/", review_sources.source_create, name="source_add"),
    path(
        "claims/<int:pk>/sources/<int:source_pk>/edit/",
        review_sources.source_edit,
        name="source_edit",
    ),
    path(
        "claims/<int:pk>/sources/<int:source_pk>/delete/",
        review_sources.source_remove,
        name="source_delete",
    ),
    path("claims/<int:pk>/verdict/", review.verdict_create, name="verdict_save"),
    path("claims/<int:pk>/approve/", review.approve, name="approve"),
    path("claims/<int:pk>/send-back/", review.send_back, name="send_back"),
    path("claims/<int:pk>/withdraw/", review.verdict_retract_view, name="verdict_retract"),
    path("claims/<int:pk>/assign/", review.assign, name="assign"),
    path(
        "claims/<int:pk>/confirm-speaker/",
        speaker_confirm.claim_speaker_confirm,
        name="claim_speaker_confirm",
    ),
    path("claims/<int:pk>/comments/", review.comment_create, name="comment_add"),
    path("claims/<int:pk>/publication/", review.publication_panel, name="claim_publication"),
    path("settings/ratings/", ratings.rating_settings, name="rating_settings"),
    path("settings/ratings/add/", ratings.rating_add, name="rating_add"),
    path("settings/ratings/<int:pk>/", ratings.rating_edit, name="rating_edit"),
    path("settings/ratings/<int:pk>/move/", ratings.rating_reorder, name="rating_move"),
    path("settings/ratings/<int:pk>/retire/", ratings.rating_retire, name="rating_retire"),
]
