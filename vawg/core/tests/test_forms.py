"""A service's ValidationError shown on a form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from vawg.core.forms import add_service_errors, submit


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
