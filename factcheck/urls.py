from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from claims.login import ThrottledLoginView

# Only the account pages the workbench uses: password resets go through an admin, since
# newsroom deployments rarely have outgoing mail configured.
account_patterns = [
    path("login/", ThrottledLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include(account_patterns)),
    path("", include("claims.urls")),
]

handler403 = "claims.views.core.permission_denied"
