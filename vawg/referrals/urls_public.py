"""Public self-referral at /get-help/: neutral addresses with nothing personal in them."""

from __future__ import annotations

from django.urls import path

from vawg.referrals import views_public

SUPPORT = {"journey": "support"}
WORRIED = {"journey": "worried"}

app_name = "self_referral"
urlpatterns = [
    path("", views_public.start, name="start"),
    path("start/", views_public.begin, SUPPORT, name="begin"),
    path("questions/check-your-answers/", views_public.check, SUPPORT, name="check"),
    path("questions/sent/", views_public.sent, SUPPORT, name="sent"),
    path("questions/<slug:step>/", views_public.step, SUPPORT, name="step"),
    path("worried-about-my-behaviour/", views_public.worried, name="worried"),
    path("worried-about-my-behaviour/start/", views_public.begin, WORRIED, name="worried_begin"),
    path("worried-about-my-behaviour/check-your-answers/", views_public.check, WORRIED, name="worried_check"),
    path("worried-about-my-behaviour/sent/", views_public.sent, WORRIED, name="worried_sent"),
    path("worried-about-my-behaviour/<slug:step>/", views_public.step, WORRIED, name="worried_step"),
]
