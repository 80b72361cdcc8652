"""Forms for an agency's research on a listed case, and for the victim's voice."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms

from vawg.core.forms import form_helper, radios
from vawg.marac.models import ResearchFlag, ResearchTask
from vawg.marac.services.research import MAX_TEXT
from vawg.people.rules import redact

HOLDS_CHOICES = [("yes", "Yes"), ("no", "No")]


def _text_field(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_TEXT,
        help_text=help_text or "Do not include addresses, phone numbers or other location details.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"This must be {MAX_TEXT} characters or fewer"},
    )


class ResearchForm(forms.Form):
    """The page writes its own buttons: "Submit research" (``submit``) and "Save as draft"."""

    holds_information = radios("Does your agency hold information about this case?", HOLDS_CHOICES)
    flags = forms.MultipleChoiceField(
        label="What your agency holds",
        choices=ResearchFlag.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply.",
    )
    victim_information = _text_field("About the victim")
    perpetrator_information = _text_field("About the person causing harm")
    children_information = _text_field("About the children")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("holds_information", legend_size=Size.SMALL, inline=True),
            Field.checkboxes("flags", legend_size=Size.SMALL, small=True),
            Field.textarea("victim_information", label_size=Size.SMALL, rows=4),
            Field.textarea("perpetrator_information", label_size=Size.SMALL, rows=4),
            Field.textarea("children_information", label_size=Size.SMALL, rows=4),
            label_size=None,
        )

    def holds(self) -> bool | None:
        value = self.cleaned_data.get("holds_information")
        return {"yes": True, "no": False}.get(value or "")

    @classmethod
    def initial_for(cls, task: ResearchTask, values: list[str]) -> dict[str, Any]:
        holds = {True: "yes", False: "no", None: ""}[task.holds_information]
        return {
            "holds_information": holds,
            "flags": task.flags,
            "victim_information": redact(task.victim_information, values),
            "perpetrator_information": redact(task.perpetrator_information, values),
            "children_information": redact(task.children_information, values),
        }


class VictimVoiceForm(forms.Form):
    views = _text_field("The victim's views", "What the victim wants the meeting to know and to happen.")
    safety_concerns = _text_field("The victim's safety concerns")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.textarea("views", label_size=Size.SMALL, rows=4),
            Field.textarea("safety_concerns", label_size=Size.SMALL, rows=4),
            button="Save",
            label_size=None,
        )
