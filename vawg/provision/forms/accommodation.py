"""Forms of the safe accommodation pages. They check what was typed; the services decide the rest."""

from __future__ import annotations

from typing import Any, cast

from crispy_forms_gds.layout import Field, Fieldset, Fixed, Size
from django import forms

from vawg.accounts.models import District, Organisation
from vawg.core.forms import GovukDateField, form_helper, radios
from vawg.provision.config import (
    LANGUAGE_CHOICES,
    MOVE_ON_DESTINATIONS,
    SPECIALIST_CHARACTERISTICS,
    SUPPORT_ENDED_REASONS,
    SURVIVOR_DECLINE_REASONS,
    UNABLE_TO_SUPPORT_REASONS,
    AccommodationType,
    ChildSex,
    Gender,
    Specialism,
    UnitState,
    Urgency,
)
from vawg.provision.models import Unit
from vawg.provision.selectors.journey import VacancyFilter

CHILD_ROWS = 6
NOTE_MAX = 2000
ANY = [("", "Any")]
NEEDS = [("wheelchair", "Wheelchair accessible"), ("pets", "Pets"), ("nrpf", "No recourse to public funds")]


def _checkboxes(label: str, choices: Any, *, missing: str = "", help_text: str = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        required=bool(missing),
        help_text=help_text,
        error_messages={"required": missing} if missing else None,
    )


def _number(label: str, *, low: int, high: int, required: bool = True, help_text: str = "") -> forms.IntegerField:
    field = forms.IntegerField(
        label=label,
        required=required,
        min_value=low,
        max_value=high,
        help_text=help_text,
        error_messages={
            "required": f"Enter {label[:1].lower() + label[1:]}",
            "invalid": f"{label} must be a whole number",
            "min_value": f"{label} must be {low} or more",
            "max_value": f"{label} must be {high} or fewer",
        },
    )
    field.widget.attrs["inputmode"] = "numeric"
    return field


def _note(label: str, *, missing: str = "", help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=bool(missing),
        help_text=help_text,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": missing, "max_length": f"Keep it to {NOTE_MAX:,} characters or fewer"},
    )


def _districts() -> list[tuple[str, str]]:
    return [(str(pk), name) for pk, name in District.objects.order_by("name").values_list("pk", "name")]


def _choice(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def _agency_choice(form: forms.Form, agencies: list[Organisation]) -> None:
    """Offer the agencies to choose from, or drop the question when there is only one."""
    if len(agencies) > 1:
        field = cast("forms.ModelChoiceField[Organisation]", form.fields["organisation"])
        field.queryset = Organisation.objects.filter(pk__in=[agency.pk for agency in agencies])
    else:
        del form.fields["organisation"]


# --- providers ---------------------------------------------------------------------------------------


class UnitForm(forms.Form):
    """A unit's details. ``agencies``: the providers the user may add it for (a choice only when several)."""

    organisation = forms.ModelChoiceField(
        label="Provider",
        queryset=Organisation.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the provider"},
    )
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="A neutral label your staff use, like Room 3 or Flat B. Never the address.",
        error_messages={"required": "Enter a name for the unit"},
    )
    address = forms.CharField(
        label="Address",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=500,
        help_text="Only your agency's accommodation managers see this. It is stored encrypted.",
        error_messages={"required": "Enter the address"},
    )
    accommodation_type = radios("Type", AccommodationType.choices, missing="Select the type of accommodation")
    district = forms.TypedChoiceField(label="District", coerce=str, error_messages={"required": "Select the district"})
    bedspaces = _number("Bedspaces", low=1, high=50)
    max_household = _number("Largest household", low=1, high=20, help_text="Adults and children together")
    max_children = _number("Most children", low=0, high=19)
    boys_max_age = _number(
        "Oldest boy accepted", low=0, high=17, required=False, help_text="Leave empty if there is no limit"
    )
    min_age = _number("Youngest adult accepted", low=16, high=120)
    genders = _checkboxes("Who it is for", Gender.choices, missing="Select at least one")
    features = _checkboxes(
        "It has or accepts",
        [
            ("wheelchair_accessible", "Wheelchair access"),
            ("pets", "Pets"),
            ("nrpf_accepted", "No recourse to public funds"),
        ],
    )
    languages = _checkboxes("Languages your staff speak", LANGUAGE_CHOICES)
    specialisms = _checkboxes("Specialisms", Specialism.choices)
    available_from = GovukDateField(
        label="Vacant from",
        what="the date it is vacant from",
        required=False,
        help_text="Leave empty if it is not available yet. For example, 27 3 2027",
    )
    closed_on = GovukDateField(
        label="Closed on",
        what="the date it closed",
        required=False,
        help_text="Only if the unit no longer takes households",
    )

    def __init__(self, *args: Any, agencies: list[Organisation] | None = None, adding: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _choice(self, "district").choices = [("", "Select a district"), *_districts()]
        _agency_choice(self, agencies if adding and agencies else [])
        del self.fields["closed_on" if adding else "available_from"]
        numbers = ("bedspaces", "max_household", "max_children", "boys_max_age", "min_age")
        self.helper = form_helper(
            *(["organisation"] if "organisation" in self.fields else []),
            Field.text("name", field_width=Fixed.TWENTY),
            Field.textarea("address"),
            "accommodation_type",
            Field.select("district"),
            *(Field.text(name, field_width=Fixed.THREE) for name in numbers),
            Field.checkboxes("genders", small=True),
            Field.checkboxes("features", small=True),
            Field.checkboxes("languages", small=True),
            Field.checkboxes("specialisms", small=True),
            "available_from" if adding else "closed_on",
            button="Save unit",
        )

    def unit_fields(self) -> dict[str, Any]:
        """The unit's fields, as the services take them."""
        data = self.cleaned_data
        chosen = set(data["features"])
        fields = {
            name: data[name]
            for name in (
                "name",
                "address",
                "accommodation_type",
                "bedspaces",
                "max_household",
                "max_children",
                "boys_max_age",
                "min_age",
                "genders",
                "languages",
                "specialisms",
            )
        }
        fields["address"] = fields["address"].strip()
        fields["district"] = District.objects.get(pk=data["district"])
        fields.update({flag: flag in chosen for flag in ("wheelchair_accessible", "pets", "nrpf_accepted")})
        if "closed_on" in self.fields:
            fields["closed_on"] = data["closed_on"]
        return fields

    @staticmethod
    def initial_for(unit: Unit) -> dict[str, Any]:
        flags = ("wheelchair_accessible", "pets", "nrpf_accepted")
        return {
            **{
                name: getattr(unit, name)
                for name in (
                    "name",
                    "address",
                    "accommodation_type",
                    "bedspaces",
                    "max_household",
                    "max_children",
                    "boys_max_age",
                    "min_age",
                    "genders",
                    "languages",
                    "specialisms",
                    "closed_on",
                )
            },
            "district": str(unit.district_id),
            "features": [flag for flag in flags if getattr(unit, flag)],
        }


class UnitStatusForm(forms.Form):
    state = radios(
        "Availability",
        [(UnitState.VACANT, "Vacant"), (UnitState.OUT_OF_USE, "Out of use")],
        missing="Select vacant or out of use",
    )
    available_from = GovukDateField(
        label="Vacant from", what="the date it is vacant from", required=False, help_text="Leave empty for today"
    )
    reason = _note("Why it is out of use", help_text="For example, repairs. Do not name anyone.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper("state", "available_from", Field.textarea("reason"), button="Save availability")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("state") == UnitState.OUT_OF_USE and not str(cleaned.get("reason") or "").strip():
            self.add_error("reason", "Enter why the unit is out of use")
        return cleaned


class ProviderDeclineForm(forms.Form):
    reason_code = radios(
        "Why can you not take this household?",
        list(UNABLE_TO_SUPPORT_REASONS.items()),
        missing="Select why you cannot take this household",
    )
    note = _note("Anything the worker should know", help_text="Do not name anyone or give an address.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper("reason_code", Field.textarea("note"), button="Decline", style="warning")


class PlacementStartForm(forms.Form):
    started_on = GovukDateField(label="The day they moved in", what="the day they moved in")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper("started_on", button="Record that they moved in")


AFTER = [("vacant", "Vacant from a date"), ("out-of-use", "Out of use")]


class PlacementEndForm(forms.Form):
    ended_on = GovukDateField(label="The day support ended", what="the day support ended")
    end_reason = radios("Why support ended", list(SUPPORT_ENDED_REASONS.items()), missing="Select why support ended")
    move_on = radios(
        "Where they moved on to", list(MOVE_ON_DESTINATIONS.items()), missing="Select where they moved on to"
    )
    note = _note("Note", help_text="Optional. Do not give their new address.")
    then = radios("What happens to the unit now", AFTER, missing="Select what happens to the unit now")
    vacant_from = GovukDateField(label="Vacant from", what="the date the unit is vacant from", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "ended_on",
            "end_reason",
            "move_on",
            Field.textarea("note"),
            Fieldset("then", "vacant_from", legend="The unit", legend_size=Size.MEDIUM),
            button="Record that support ended",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("then") == "vacant" and not cleaned.get("vacant_from") and "vacant_from" not in self.errors:
            self.add_error("vacant_from", "Enter the date the unit is vacant from")
        if cleaned.get("then") == "out-of-use":
            cleaned["vacant_from"] = None
        return cleaned


# --- workers -----------------------------------------------------------------------------------------


class RequestForm(forms.Form):
    """A request for safe accommodation. Children are a fixed set of optional rows (no JavaScript needed)."""

    organisation = forms.ModelChoiceField(
        label="Asking for",
        queryset=Organisation.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the agency you are asking for"},
    )
    urgency = radios("How soon is a place needed?", Urgency.choices, missing="Select how soon a place is needed")
    needed_from = GovukDateField(
        label="Needed from", what="the date it is needed from", required=False, help_text="Leave empty for today"
    )
    adults = _number("Adults", low=1, high=10, help_text="Including the survivor")
    survivor_age = _number("Survivor's age", low=16, high=120)
    survivor_gender = radios("Survivor's gender", Gender.choices, missing="Select the survivor's gender")
    needs = _checkboxes("The household needs", NEEDS)
    languages = _checkboxes("Preferred languages", LANGUAGE_CHOICES)
    specialisms = _checkboxes("Preferred specialisms", Specialism.choices)
    specialist_characteristics = _checkboxes(
        "Specialist characteristics",
        list(SPECIALIST_CHARACTERISTICS.items()),
        help_text="Counted in the Part 4 return. Never shown to providers.",
    )
    excluded_districts = forms.MultipleChoiceField(
        label="Districts to avoid",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Where the person causing harm lives, works or has family. Never shown to providers.",
    )
    notes = _note("Notes", help_text="Anything else you need to remember. Never shown to providers.")

    def __init__(self, *args: Any, agencies: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in range(1, CHILD_ROWS + 1):
            self.fields[f"child_{row}_age"] = _number(f"Child {row}: age", low=0, high=17, required=False)
            self.fields[f"child_{row}_sex"] = radios(f"Child {row}: sex", ChildSex.choices)
        _agency_choice(self, agencies)
        _choice(self, "excluded_districts").choices = _districts()
        child_rows = [
            Fieldset(
                Field.text(f"child_{row}_age", field_width=Fixed.TWO),
                Field.radios(f"child_{row}_sex", inline=True, small=True),
                legend=f"Child {row}",
                legend_size=Size.SMALL,
            )
            for row in range(1, CHILD_ROWS + 1)
        ]
        self.helper = form_helper(
            *(["organisation"] if "organisation" in self.fields else []),
            "urgency",
            "needed_from",
            Field.text("adults", field_width=Fixed.TWO),
            Fieldset(*child_rows, legend="Children coming too (leave empty rows blank)", legend_size=Size.MEDIUM),
            Field.text("survivor_age", field_width=Fixed.THREE),
            "survivor_gender",
            Field.checkboxes("needs", small=True),
            Field.checkboxes("languages", small=True),
            Field.checkboxes("specialisms", small=True),
            Field.checkboxes("specialist_characteristics", small=True),
            Field.checkboxes("excluded_districts", small=True),
            Field.textarea("notes"),
            button="Ask for safe accommodation",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        children = []
        for row in range(1, CHILD_ROWS + 1):
            age, sex = cleaned.get(f"child_{row}_age"), cleaned.get(f"child_{row}_sex")
            if f"child_{row}_age" in self.errors:
                continue
            if age is not None and not sex:
                self.add_error(f"child_{row}_sex", f"Select child {row}'s sex")
            elif sex and age is None:
                self.add_error(f"child_{row}_age", f"Enter child {row}'s age")
            elif age is not None:
                children.append({"age": age, "sex": sex})
        cleaned["children"] = children
        return cleaned

    def answers(self) -> dict[str, Any]:
        """What the service's RequestInput takes."""
        data = self.cleaned_data
        return {
            "urgency": data["urgency"],
            "needed_from": data["needed_from"],
            "adults": data["adults"],
            "children": data["children"],
            "survivor_age": data["survivor_age"],
            "survivor_gender": data["survivor_gender"],
            **{need: need in data["needs"] for need, _ in NEEDS},
            "languages": tuple(data["languages"]),
            "specialisms": tuple(data["specialisms"]),
            "specialist_characteristics": tuple(data["specialist_characteristics"]),
            "excluded_districts": tuple(District.objects.filter(pk__in=data["excluded_districts"])),
            "notes": data["notes"],
        }


class SurvivorDeclineForm(forms.Form):
    reason_code = radios(
        "Why did the survivor turn the place down?",
        list(SURVIVOR_DECLINE_REASONS.items()),
        missing="Select why the survivor turned the place down",
    )
    note = _note("Note", help_text="Optional. Do not name anyone or give an address.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper("reason_code", Field.textarea("note"), button="Record that the survivor declined")


class ReasonForm(forms.Form):
    """A reason in words: cancelling a reservation, withdrawing a request."""

    reason = _note("Why", missing="Enter why")

    def __init__(self, *args: Any, label: str, missing: str, button: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = missing
        self.helper = form_helper(Field.textarea("reason"), button=button, style="warning")


class RequestCloseForm(forms.Form):
    reason_code = radios(
        "Why could the household not be supported?",
        list(UNABLE_TO_SUPPORT_REASONS.items()),
        missing="Select why the household could not be supported",
    )
    note = _note("Note", help_text="Optional. Do not name anyone or give an address.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper("reason_code", Field.textarea("note"), button="Close the request", style="warning")


class VacancyFilterForm(forms.Form):
    """The vacancy board's filters, from the query string: codes and numbers, never a name."""

    district = forms.ChoiceField(label="District", required=False)
    accommodation_type = forms.ChoiceField(label="Type", choices=ANY + list(AccommodationType.choices), required=False)
    household = _number("Household size", low=1, high=20, required=False, help_text="Adults and children")
    wanted = _checkboxes(
        "Show only units that",
        [
            ("free_now", "are free now"),
            ("wheelchair", "are wheelchair accessible"),
            ("pets", "take pets"),
            ("nrpf", "take people with no recourse to public funds"),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "district").choices = ANY + list(District.objects.order_by("name").values_list("slug", "name"))
        self.helper = form_helper(
            Field.select("district"),
            Field.select("accommodation_type"),
            Field.text("household", field_width=Fixed.TWO),
            Field.checkboxes("wanted", small=True),
            button="Apply filters",
        )

    def wanted_filter(self) -> VacancyFilter:
        if not self.is_bound or not self.is_valid():
            return VacancyFilter()
        data = self.cleaned_data
        chosen = set(data["wanted"])
        return VacancyFilter(
            district=data["district"],
            accommodation_type=data["accommodation_type"],
            household=data["household"],
            free_now="free_now" in chosen,
            wheelchair="wheelchair" in chosen,
            pets="pets" in chosen,
            nrpf="nrpf" in chosen,
        )
