"""Public self-referral at /get-help/: neutral addresses with nothing personal in them."""

from __future__ import annotations

from django.urls import path

from vawg.referrals.views import public

SUPPORT = {"journey": "support"}
WORRIED = {"journey": "worried"}

app_name = "self_referral"
urlpatterns = [
    path("", public.self_referral_home, name="self_referral_home"),
    path("start/", public.self_referral_begin, SUPPORT, name="self_referral_begin"),
    path("questions/check-your-answers/", public.self_referral_check, SUPPORT, name="self_referral_check"),
    path("questions/sent/", public.self_referral_sent, SUPPORT, name="self_referral_sent"),
    path("questions/<slug:step>/", public.self_referral_step, SUPPORT, name="self_referral_step"),
    path("worried-about-my-behaviour/", public.worried_home, name="worried_home"),
    path(
        "worried-about-my-behaviour/start/",
        public.self_referral_begin,
        WORRIED,
        name="self_referral_begin_worried",
    ),
    path(
        "worried-about-my-behaviour/check-your-answers/",
        public.self_referral_check,
        WORRIED,
        name="self_referral_check_worried",
    ),
    path("worried-about-my-behaviour/sent/", public.self_referral_sent, WORRIED, name="self_referral_sent_worried"),
    path(
        "worried-about-my-behaviour/<slug:step>/",
        public.self_referral_step,
        WORRIED,
        name="self_referral_step_worried",
    ),
]
