"""A service's ValidationError shown on a form."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib import messages
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.test import RequestFactory

from vawg.core.forms import GovukDateField, add_service_errors, flash_outcome, radios, submit


class _Form(forms.Form):
    reason = forms.CharField(required=False, max_length=500)


def test_it_puts_field_errors_on_the_field_and_others_at_the_top() -> None:
    form = _Form({"reason": "x"})
    assert form.is_valid()
    add_service_errors(form, ValidationError({"reason": "Enter why", "state": "Cannot become closed"}))
    assert form.errors["reason"] == ["Enter why"]
    assert form.non_field_errors() == ["Cannot become closed"]


def test_it_puts_an_error_without_a_field_at_the_top() -> None:
    form = _Form({"reason": "x"})
    assert form.is_valid()
    add_service_errors(form, ValidationError("Already listed"))
    assert form.non_field_errors() == ["Already listed"]


def test_it_submits_only_a_valid_posted_form_and_returns_what_the_service_returned() -> None:
    calls: list[str] = []

    def act() -> str:
        calls.append("called")
        return "saved"

    assert submit(_Form(), act) is None  # not posted
    assert submit(_Form({"reason": "x" * 600}), act) is None  # invalid
    assert calls == []
    assert submit(_Form({"reason": "x"}), act) == "saved"
    assert calls == ["called"]


def test_it_puts_a_service_refusal_on_the_form_and_returns_none() -> None:
    def refuse() -> str:
        raise ValidationError({"reason": "Enter why"})

    form = _Form({"reason": "x"})
    assert submit(form, refuse) is None
    assert form.errors["reason"] == ["Enter why"]


def _request_with_messages() -> HttpRequest:
    request = RequestFactory().post("/")
    request.session = SessionStore()  # type: ignore[attr-defined]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def test_it_flashes_what_was_done_and_returns_the_result() -> None:
    request = _request_with_messages()
    assert flash_outcome(request, lambda: 3, lambda tasks: f"{tasks} tasks sent") == 3
    assert [(m.level, m.message) for m in get_messages(request)] == [(messages.SUCCESS, "3 tasks sent")]


def test_it_flashes_each_refusal_as_an_error_and_returns_none() -> None:
    request = _request_with_messages()

    def refuse() -> int:
        raise ValidationError({"meeting": ["Not yet", "Not here"], "other": "Not you"})

    assert flash_outcome(request, refuse, lambda _: "done") is None
    flashed = [(m.level, m.message) for m in get_messages(request)]
    assert flashed == [(messages.ERROR, "Not yet"), (messages.ERROR, "Not here"), (messages.ERROR, "Not you")]


def test_it_makes_a_radios_question_required_only_when_it_says_what_is_missing() -> None:
    class Question(forms.Form):
        must = radios("Must", [("a", "A"), ("b", "B")], missing="Choose one")
        may = radios("May", [("a", "A")])

    form = Question({})
    assert not form.is_valid()
    assert form.errors == {"must": ["Choose one"]}
    assert isinstance(form.fields["must"].widget, forms.RadioSelect)
    assert Question({"must": "b"}).is_valid()


@pytest.mark.parametrize(
    ("year", "valid"), [("1899", False), ("1900", True), ("2099", True), ("2100", False), ("9999", False)]
)
def test_it_takes_dates_only_in_the_years_a_person_can_mean(year: str, valid: bool) -> None:
    class When(forms.Form):
        day = GovukDateField(label="Day", what="the day")

    form = When({"day_0": "31", "day_1": "12", "day_2": year})
    assert form.is_valid() == valid
    if not valid:
        assert form.errors["day"] == ["Year must be between 1900 and 2099"]
