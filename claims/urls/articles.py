"""Article routes: the list, new article, the workspace and its claim corrections."""

from django.urls import path

from claims.views import articles, speaker_confirm, workspace

urlpatterns = [
    path("articles/", articles.article_list, name="article_list"),
    path("articles/new/", articles.article_new, name="article_new"),
    path("articles/<int:pk>/", articles.article_detail, name="article_detail"),
    path("articles/<int:pk>/status/", articles.article_status, name="article_status"),
    path("articles/<int:pk>/retry/", articles.article_retry, name="article_retry"),
    path("articles/<int:pk>/edit/", articles.article_edit_view, name="article_edit"),
    path("articles/<int:pk>/claims/add/", workspace.claim_add_view, name="article_claim_add"),
    path(
        "articles/<int:pk>/claims/<int:claim_pk>/edit/",
        workspace.claim_edit_view,
        name="article_claim_edit",
    ),
    path(
        "articles/<int:pk>/claims/<int:claim_pk>/reject/",
        workspace.claim_reject_view,
        name="article_claim_reject",
    ),
    path(
        "articles/<int:pk>/claims/<int:claim_pk>/restore/",
        workspace.claim_restore_view,
        name="article_claim_restore",
    ),
    path(
        "articles/<int:pk>/claims/<int:claim_pk>/split/",
        workspace.claim_split_view,
        name="article_claim_split",
    ),
    path(
        "articles/<int:pk>/claims/<int:claim_pk>/merge/",
        workspace.claim_merge_view,
        name="article_claim_merge",
    ),
    path(
        "articles/<int:pk>/claims/<int:claim_pk>/confirm-speaker/",
        speaker_confirm.article_claim_speaker_confirm,
        name="article_claim_speaker_confirm",
    ),
]
