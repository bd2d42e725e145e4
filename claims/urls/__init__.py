"""The app's URLs, one module per feature so each area's routes live beside its views."""

from claims.urls import core

urlpatterns = [*core.urlpatterns]
