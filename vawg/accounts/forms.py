"""Sign-in forms. They validate; the views call the services."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Layout, Size
from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from vawg.accounts.models import User
from vawg.accounts.signin import clean_code, normalise_email, verify_code, verify_enrolment_code

BAD_LOGIN = "Enter a correct email address and password"
BAD_CODE = "Enter a correct code from your authenticator app, or one of your recovery codes"
BAD_ENROLMENT_CODE = "Enter the 6-digit code your authenticator app shows now"
PASSWORDS_DIFFER = "The passwords do not match. Enter the same password in both boxes"
# Django's password validators, in GOV.UK style (by error code; others keep their own message).
PASSWORD_MESSAGES = {
    "password_too_short": "Your password must be {min_length} characters or more",
    "password_too_common": "Your password is too easy to guess. Choose a different password",
    "password_too_similar": "Your password is too like your name or email address. Choose a different password",
    "password_entirely_numeric": "Your password must not be only numbers",
}


def _helper(*fields: Any, button: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the page template writes the token
    helper.layout = Layout(*fields, Button("submit", button))
    return helper


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user: User | None = None
        self.helper = _helper(Field.text("email", field_width=Fixed.TWENTY), Field.text("password"), button="Continue")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        email, password = cleaned.get("email"), cleaned.get("password")
        if email and password:
            # Through django.contrib.auth so django-axes counts failures and enforces lockouts.
            user = authenticate(self.request, email=normalise_email(email), password=password[:1024])
            if not isinstance(user, User):
                raise forms.ValidationError(BAD_LOGIN, code="invalid_login")
            self.user = user
        return cleaned


class _CodeField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            max_length=40,
            widget=forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "autocomplete": "one-time-code",
                    "spellcheck": "false",
                    "autocapitalize": "none",
                }
            ),
            **kwargs,
        )


class CodeForm(forms.Form):
    """The second step: a TOTP code, or one unused recovery code."""

    code = _CodeField(
        label="Code from your authenticator app",
        help_text="Enter the 6-digit code your app shows. "
        "If you cannot use your app, enter one of your recovery codes.",
        error_messages={"required": "Enter the code from your authenticator app"},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.device: Device | None = None
        self.helper = _helper(Field.text("code", field_width=Fixed.TEN, label_size=Size.SMALL), button="Sign in")

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        self.device = verify_code(self.user, code)
        if self.device is None:
            raise forms.ValidationError(BAD_CODE, code="invalid_code")
        return code


class ConfirmCodeForm(CodeForm):
    """A fresh code from the authenticator app before a sensitive step (recovery codes are for signing in)."""

    code = _CodeField(
        label="Code from your authenticator app",
        help_text="Enter the 6-digit code your app shows now.",
        error_messages={"required": "Enter the code from your authenticator app"},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.helper = _helper(Field.text("code", field_width=Fixed.TEN, label_size=Size.SMALL), button="Continue")

    def clean_code(self) -> str:
        code = clean_code(self.cleaned_data["code"])
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the 6-digit code from your authenticator app", code="invalid_code")
        return super().clean_code()


class EnrolmentForm(forms.Form):
    """Confirms the authenticator app being set up by asking for its current code."""

    code = _CodeField(
        label="Code from your authenticator app",
        help_text="After you scan the QR code or enter the key, your app shows a 6-digit code.",
        error_messages={"required": "Enter the code from your authenticator app"},
    )

    def __init__(self, *args: Any, device: TOTPDevice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.device = device
        self.helper = _helper(Field.text("code", field_width=Fixed.TEN, label_size=Size.SMALL), button="Continue")

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        if not verify_enrolment_code(self.device, code):
            raise forms.ValidationError(BAD_ENROLMENT_CODE, code="invalid_code")
        return code


def _password_input() -> forms.PasswordInput:
    return forms.PasswordInput(attrs={"autocomplete": "new-password", "spellcheck": "false"})


class NewPasswordForm(forms.Form):
    """A person sets their own password from a one-time set-up link (checked by Django's validators)."""

    new_password = forms.CharField(
        label="Create a password",
        strip=False,
        max_length=1024,
        widget=_password_input(),
        help_text="Use 12 characters or more. A few unrelated words make a strong password that is easy to remember.",
        error_messages={"required": "Enter a password"},
    )
    confirm_password = forms.CharField(
        label="Confirm your password",
        strip=False,
        max_length=1024,
        widget=_password_input(),
        error_messages={"required": "Enter your password again"},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = _helper(Field.text("new_password"), Field.text("confirm_password"), button="Continue")

    def clean_new_password(self) -> str:
        password: str = self.cleaned_data["new_password"]
        try:
            validate_password(password, self.user)
        except ValidationError as error:
            raise ValidationError(
                [
                    PASSWORD_MESSAGES[item.code].format(**(item.params or {}))
                    if item.code in PASSWORD_MESSAGES
                    else item.messages[0]
                    for item in error.error_list
                ]
            ) from error
        return password

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password, again = cleaned.get("new_password"), cleaned.get("confirm_password")
        if password and again and password != again:
            self.add_error("confirm_password", PASSWORDS_DIFFER)
        return cleaned
