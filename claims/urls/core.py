from django.urls import path

from claims.views import core

urlpatterns = [
    path("", core.home, name="home"),
]
