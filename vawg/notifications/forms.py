"""The notification choices form: for each kind, straight away or in the daily digest."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms

from vawg.core.forms import form_helper, radios
from vawg.notifications.models import CHOOSABLE_KINDS, Delivery


class NotificationPreferencesForm(forms.Form):
    def __init__(self, *args: Any, current: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in CHOOSABLE_KINDS:
            self.fields[kind.value] = radios(
                kind.label,
                Delivery.choices,
                missing=f"Choose when to be told: {kind.label.lower()}",
                initial=current[kind.value],
            )
        self.helper = form_helper(
            *(Field.radios(kind.value, legend_size=Size.SMALL) for kind in CHOOSABLE_KINDS), button="Save choices"
        )
