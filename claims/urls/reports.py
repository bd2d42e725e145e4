from django.urls import path

from claims.views import reports

urlpatterns = [
    path("reports/", reports.desk_report, name="desk_report"),
    path("reports/export.<slug:fmt>", reports.desk_export, name="desk_export"),
    path("articles/<int:pk>/report/", reports.article_report, name="article_report"),
    path(
        "articles/<int:pk>/report/export.<slug:fmt>",
        reports.article_export,
        name="article_export",
    ),
    path("v/<uuid:public_id>/", reports.public_verdict, name="public_verdict"),
]
