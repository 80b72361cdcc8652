from __future__ import annotations

from django.urls import path

from vawg.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/code/", views.verify, name="verify"),
    path("sign-in/set-up-authenticator/", views.enrol, name="enrol"),
    path("sign-in/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    # One-time set-up link: the opaque token in the path is acceptable (Referrer-Policy same-origin, no-store).
    path("sign-in/set-up/<str:token>/", views.setup, name="setup"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("home/", views.home, name="home"),
    path("account/", views.account, name="account"),
    path("account/sessions/end-others/", views.end_other_sessions, name="end_other_sessions"),
]
