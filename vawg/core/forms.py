"""Form plumbing every app shares: the GOV.UK date input, error-summary links and service errors.

Forms validate what was typed and say what is wrong in GOV.UK style ("Enter the date of the
incident", not "This field is required"); services decide everything else.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout, Size
from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, QueryDict

from vawg.core.dates import FIRST_YEAR, LAST_YEAR, YEARS_MESSAGE

DATE_UNITS = ("day", "month", "year")
BUTTON_STYLES = frozenset({"", "secondary", "warning"})
T = TypeVar("T")


class GovukDateField(DateInputField):  # type: ignore[misc]  # crispy-forms-gds has no type hints
    """A GOV.UK date input (day, month and year boxes) whose messages name the date.

    ``what`` is the date in words, as it reads after "Enter": "the date of the incident",
    "the meeting date", "their date of birth". The messages follow the Design System's date input
    pattern: "Enter the date of the incident", "The date of the incident must include a month",
    "The date of the incident must be a real date", "Year must include 4 numbers". Ranges (not in
    the future, not before a version came in) are the form's to check: they differ by field.
    """

    def __init__(self, *, label: str, what: str, required: bool = True, help_text: str = "", **kwargs: Any) -> None:
        super().__init__(label=label, help_text=help_text, required=required, **kwargs)
        self.what = what

    @property
    def subject(self) -> str:
        """``what`` at the start of a sentence."""
        return self.what[:1].upper() + self.what[1:]

    def clean(self, value: Any) -> date | None:
        parts = [str(part or "").strip() for part in (value if isinstance(value, list | tuple) else ())]
        day, month, year = [*parts, "", "", ""][:3]
        if not (day or month or year):
            if self.required:
                raise ValidationError(f"Enter {self.what}", code="required")
            return None
        missing = [unit for unit, part in zip(DATE_UNITS, (day, month, year), strict=True) if not part]
        if missing:
            raise ValidationError(f"{self.subject} must include a {' and a '.join(missing)}", code="incomplete")
        if len(year) != 4 or not year.isdigit():
            raise ValidationError("Year must include 4 numbers", code="invalid")
        if not FIRST_YEAR <= int(year) <= LAST_YEAR:
            raise ValidationError(YEARS_MESSAGE, code="invalid")
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{self.subject} must be a real date", code="invalid") from None


def radios(
    label: str, choices: Any, *, missing: str = "", help_text: str = "", initial: Any = None
) -> forms.ChoiceField:
    """A GOV.UK radios question. ``missing`` is the error when nothing is chosen ("Choose ..."); without
    it the question is optional."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        required=bool(missing),
        help_text=help_text,
        initial=initial,
        error_messages={"required": missing} if missing else None,
    )


def error_links(form: forms.BaseForm) -> list[tuple[str, str]]:
    """The error summary's entries: (the id of the input to jump to, the message).

    A radio or checkbox question links to its first option and a date to its day box, so the link
    lands on something the user can change. Errors for the whole form have no input: their id is "".
    """
    links: list[tuple[str, str]] = [("", str(message)) for message in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS:
            continue
        field = form.fields.get(name)
        auto_id = form[name].auto_id if field is not None else f"id_{name}"
        widget = getattr(field, "widget", None)
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            anchor = f"{auto_id}_1"
        elif isinstance(field, forms.MultiValueField):
            anchor = f"{auto_id}_0"
        else:
            anchor = auto_id
        links.extend((anchor, str(message)) for message in errors)
    return links


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: each message on its field when the form has that
    field, else at the top (a plain ValidationError, with no field, goes at the top too)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


def posted(request: HttpRequest) -> QueryDict | None:
    """A form's data: what was posted (even nothing, so its errors show), or None on GET for a blank form."""
    return request.POST if request.method == "POST" else None


def submit(form: forms.BaseForm, act: Callable[[], T]) -> T | None:
    """Call ``act`` (one service call) when ``form`` is bound and valid, and return what it returns.

    None when the form was not posted, is invalid, or the service refused with a ValidationError (its
    messages are then on the form, as ``add_service_errors`` puts them). ``act`` must return something:
    services return what they saved.
    """
    if not form.is_bound or not form.is_valid():
        return None
    try:
        return act()
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def flash_outcome(request: HttpRequest, act: Callable[[], T], done: Callable[[T], str]) -> T | None:
    """Call ``act`` (one service call behind a button with no form) and flash how it went.

    On success the message is ``done(result)``; a ValidationError's messages are flashed as errors, one
    each, and None is returned. The view redirects either way.
    """
    try:
        result = act()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return None
    messages.success(request, done(result))
    return result


def form_helper(*fields: Any, button: str = "", style: str = "", label_size: str | None = Size.SMALL) -> FormHelper:
    """The crispy-forms-gds helper for a form inside a page's own ``<form>`` tag (the page writes the CSRF token).

    ``fields`` lay out the form; ``button`` adds a GOV.UK button after them ("" for none: the page has its
    own); ``style`` is "", "secondary" or "warning"; ``label_size`` is a crispy-forms-gds ``Size`` or None.
    """
    if style not in BUTTON_STYLES:
        raise ValueError(f"A button style is one of {sorted(BUTTON_STYLES)}, not {style!r}.")
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if label_size is not None:
        helper.label_size = label_size
    items = [*fields]
    if button:
        items.append(Button("submit", button, css_class=f"govuk-button--{style}" if style else ""))
    helper.layout = Layout(*items)
    return helper
