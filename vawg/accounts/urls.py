from __future__ import annotations

from django.urls import path

from vawg.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/code/", views.verify, name="verify"),
    path("sign-in/set-up-authenticator/", views.enrol, name="enrol"),
    path("sign-in/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    # One-time set-up link: the token is checked, kept (as the link's id) in the session, and the
    # browser is sent on at once to the token-less form below, so the token stays out of later requests.
    path("sign-in/set-up/<str:token>/", views.setup, name="setup"),
    path("sign-in/set-up/", views.setup_form, name="setup_form"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("home/", views.home, name="home"),
    path("account/", views.account, name="account"),
    path("account/sessions/end-others/", views.end_other_sessions, name="end_other_sessions"),
]
