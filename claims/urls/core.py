from django.urls import path

from claims.views import core, queue

urlpatterns = [
    path("", core.home, name="home"),
    path("queue/", queue.queue, name="queue"),
]
