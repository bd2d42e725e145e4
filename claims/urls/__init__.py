"""The app's URLs, one module per feature so each area's routes live beside its views."""

from claims.urls import articles as articles_urls
from claims.urls import core
from claims.urls import dashboard as dashboard_urls
from claims.urls import matching as matching_urls
from claims.urls import reports as reports_urls
from claims.urls import review as review_urls

urlpatterns = [
    *core.urlpatterns,
    *articles_urls.urlpatterns,
    *reports_urls.urlpatterns,
    *review_urls.urlpatterns,
    *matching_urls.urlpatterns,
    *dashboard_urls.urlpatterns,
]
