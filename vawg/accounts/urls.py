from __future__ import annotations

from django.urls import path

from vawg.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in_password, name="sign_in_password"),
    path("sign-in/code/", views.sign_in_code, name="sign_in_code"),
    path("sign-in/set-up-authenticator/", views.sign_in_enrol, name="sign_in_enrol"),
    path("sign-in/recovery-codes/", views.sign_in_recovery_codes, name="sign_in_recovery_codes"),
    # One-time set-up link: the token is checked, kept (as the link's id) in the session, and the
    # browser is sent on at once to the token-less form below, so the token stays out of later requests.
    path("sign-in/set-up/<str:token>/", views.setup_link_use, name="setup_link_use"),
    path("sign-in/set-up/", views.setup_link_enter, name="setup_link_enter"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("home/", views.staff_home, name="staff_home"),
    path("account/", views.account_detail, name="account_detail"),
    path("account/confirm-code/", views.code_confirm, name="code_confirm"),
    path("account/sessions/end-others/", views.session_end_others, name="session_end_others"),
]
