"""The dashboard and speaker track records (internal and public)."""

from django.urls import path

from claims.views import dashboard, speakers

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/<slug:panel>.csv", dashboard.dashboard_csv, name="dashboard_csv"),
    path("speakers/claim/<int:pk>/", speakers.speaker_for_claim, name="speaker_for_claim"),
    path("speakers/<slug:slug>/", speakers.speaker_detail, name="speaker_detail"),
    path("speakers/<slug:slug>/merge/", speakers.speaker_merge_view, name="speaker_merge"),
    path("speakers/<slug:slug>/unmerge/", speakers.speaker_unmerge_view, name="speaker_unmerge"),
    path("speakers/<slug:slug>/publish/", speakers.speaker_publish_view, name="speaker_publish"),
    path("v/speakers/<slug:slug>/", speakers.public_speaker, name="public_speaker"),
]
