"""A service's ValidationError shown on a form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from vawg.core.forms import add_service_errors


class _Form(forms.Form):
    reason = forms.CharField(required=False)


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
