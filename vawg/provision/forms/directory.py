"""Forms of the staff directory: the filters (a GET form: codes and words, never a person's name), a
directory entry, and the routing rules that name a service. Validation only; the services decide."""

from __future__ import annotations

from typing import Any, cast

from crispy_forms_gds.layout import Field, Fieldset, Fixed, Size
from django import forms

from vawg.accounts.models import District, Organisation
from vawg.core.forms import form_helper, radios
from vawg.provision.config import (
    LANGUAGE_CHOICES,
    AccessRoute,
    Gender,
    ServiceStatus,
    ServiceType,
    Specialism,
)
from vawg.provision.models import RISK_LEVELS, Service
from vawg.provision.selectors.directory import ServiceFilter
from vawg.referrals.models import FormOfAbuse, RoutingRule

COUNTYWIDE = "countywide"
RISK_CHOICES = [(str(level), str(level.label)) for level in RISK_LEVELS]
MAX_AGE = 120
ANY = [("", "Any")]


def _checkboxes(label: str, choices: Any, *, missing: str = "", help_text: str = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        required=bool(missing),
        help_text=help_text,
        error_messages={"invalid_choice": "Select from the list", **({"required": missing} if missing else {})},
    )


def _yes_no(label: str, help_text: str = "") -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False, help_text=help_text)


def _age(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_AGE,
        help_text="Leave empty for no limit",
        error_messages={
            "invalid": f"{label} must be a whole number, like 16",
            "min_value": f"{label} must be 0 or more",
            "max_value": f"{label} must be {MAX_AGE} or less",
        },
    )


class ServiceFilterForm(forms.Form):
    """The directory's filters, read from the query string; every one may be left empty."""

    form_of_abuse = forms.ChoiceField(
        label="Form of VAWG",
        choices=ANY + list(FormOfAbuse.choices),
        required=False,
        error_messages={"invalid_choice": "Choose a form of VAWG from the list"},
    )
    district = forms.ChoiceField(
        label="District", required=False, error_messages={"invalid_choice": "Choose a district from the list"}
    )
    age = forms.IntegerField(
        label="Age",
        required=False,
        min_value=0,
        max_value=MAX_AGE,
        error_messages={
            "invalid": "Enter the age as a whole number, like 34",
            "min_value": "Age must be 0 or more",
            "max_value": f"Age must be {MAX_AGE} or less",
        },
    )
    risk_level = forms.ChoiceField(
        label="Level of risk",
        choices=ANY + RISK_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Choose a level of risk from the list"},
    )
    language = forms.ChoiceField(
        label="Language",
        choices=ANY + LANGUAGE_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Choose a language from the list"},
    )
    service_type = forms.ChoiceField(
        label="Kind of service",
        choices=ANY + list(ServiceType.choices),
        required=False,
        error_messages={"invalid_choice": "Choose a kind of service from the list"},
    )
    specialism = forms.ChoiceField(
        label="Specialism",
        choices=ANY + list(Specialism.choices),
        required=False,
        error_messages={"invalid_choice": "Choose a specialism from the list"},
    )
    search = forms.CharField(label="Words", required=False, max_length=100, help_text="In the name or description")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["district"]).choices = ANY + list(
            District.objects.order_by("name").values_list("slug", "name")
        )
        self.fields["age"].widget.attrs["inputmode"] = "numeric"
        self.helper = form_helper(
            *(Field.select(name) for name in ("form_of_abuse", "district", "risk_level", "language")),
            Field.text("age", field_width=Fixed.THREE),
            *(Field.select(name) for name in ("service_type", "specialism")),
            Field.text("search", field_width=Fixed.TWENTY),
            button="Apply filters",
        )

    def wanted(self) -> ServiceFilter:
        """What was asked for (nothing when a filter is invalid: the page shows the error instead)."""
        if not self.is_bound or not self.is_valid():
            return ServiceFilter()
        data = self.cleaned_data
        return ServiceFilter(
            form_of_abuse=data["form_of_abuse"],
            district=data["district"],
            age=data["age"],
            language=data["language"],
            risk_level=data["risk_level"],
            service_type=data["service_type"],
            specialism=data["specialism"],
            search=data["search"].strip(),
        )


class ServiceForm(forms.Form):
    """A directory entry. ``agencies``: the agencies the user may add it for (a choice only when several)."""

    name = forms.CharField(label="Name of the service", max_length=200, error_messages={"required": "Enter the name"})
    description = forms.CharField(
        label="What the service offers",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In plain words, as a professional or survivor would want to read it",
        error_messages={"required": "Enter what the service offers"},
    )
    service_types = _checkboxes("Kind of service", ServiceType.choices, missing="Select the kind of service")
    forms_of_abuse = _checkboxes(
        "Forms of VAWG it supports", FormOfAbuse.choices, missing="Select the forms of VAWG it supports"
    )
    risk_levels = _checkboxes("Levels of risk it supports", RISK_CHOICES, missing="Select the levels of risk")
    genders = _checkboxes("Who it is for", Gender.choices, missing="Select who it is for")
    minimum_age = _age("Youngest age")
    maximum_age = _age("Oldest age")
    area = _checkboxes("Where it works", [], missing="Select the districts it works in, or countywide")
    languages = _checkboxes("Languages its staff speak", LANGUAGE_CHOICES)
    interpreters_available = _yes_no("It arranges interpreters")
    nrpf_accepted = _yes_no("It takes people with no recourse to public funds")
    specialisms = _checkboxes("By-and-for or specialist groups it serves", Specialism.choices)
    access_route = radios("How people reach it", AccessRoute.choices, missing="Select how people reach it")
    public_phone = forms.CharField(label="Phone number", max_length=40, required=False)
    public_url = forms.URLField(
        assume_scheme="https",
        label="Web page",
        max_length=200,
        required=False,
        error_messages={"invalid": "Enter the web page's full address, like https://www.example.org"},
    )
    public_email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.org"},
    )
    opening_times = forms.CharField(label="Opening times", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    waiting_time_days = forms.IntegerField(
        label="Typical wait for support, in days",
        required=False,
        min_value=0,
        max_value=365,
        error_messages={
            "invalid": "Enter the wait as a whole number of days, like 7",
            "min_value": "The wait must be 0 days or more",
            "max_value": "The wait must be 365 days or less",
        },
    )
    confidential_location = _yes_no(
        "It is at a confidential location (a refuge or safe house)",
        help_text="Its address is never recorded here and its districts are never shown publicly",
    )
    public_address = forms.CharField(
        label="Address",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Only for a public site such as a drop-in centre; never a refuge or safe house",
    )
    status = radios("Status", ServiceStatus.choices, missing="Select the status", initial=ServiceStatus.ACTIVE)
    listed_publicly = _yes_no(
        "List it on the public service finder", help_text="Leave empty for a service professionals refer to only"
    )

    def __init__(self, *args: Any, agencies: list[Organisation] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        districts = list(District.objects.order_by("name"))
        self.districts = {str(district.pk): district for district in districts}
        cast(forms.ChoiceField, self.fields["area"]).choices = [(COUNTYWIDE, "Countywide (every district)")] + [
            (str(district.pk), district.name) for district in districts
        ]
        head: list[Any] = []
        if agencies is not None and len(agencies) > 1:
            self.fields["organisation"] = forms.ModelChoiceField(
                label="Agency",
                queryset=Organisation.objects.filter(pk__in=[agency.pk for agency in agencies]).order_by("name"),
                widget=forms.RadioSelect,
                empty_label=None,
                error_messages={"required": "Select the agency that offers it"},
            )
            head.append(Field.radios("organisation", legend_size=Size.SMALL))
        for name in ("minimum_age", "maximum_age", "waiting_time_days"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        self.helper = form_helper(
            *head,
            Fieldset(
                Field.text("name"),
                Field.textarea("description", rows=3),
                Field.checkboxes("service_types", small=True),
                legend="The service",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.checkboxes("forms_of_abuse", small=True),
                Field.checkboxes("risk_levels", small=True),
                Field.checkboxes("genders", small=True),
                Field.text("minimum_age", field_width=Fixed.THREE),
                Field.text("maximum_age", field_width=Fixed.THREE),
                Field.checkboxes("area", small=True),
                Field.checkboxes("languages", small=True),
                Field.checkbox("interpreters_available"),
                Field.checkbox("nrpf_accepted"),
                Field.checkboxes("specialisms", small=True),
                legend="Who it is for",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("access_route", legend_size=Size.SMALL),
                Field.text("public_phone", field_width=Fixed.TWENTY),
                Field.text("public_url"),
                Field.text("public_email"),
                Field.textarea("opening_times", rows=3),
                Field.text("waiting_time_days", field_width=Fixed.THREE),
                Field.checkbox("confidential_location"),
                Field.textarea("public_address", rows=3),
                legend="How to reach it",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("status", legend_size=Size.SMALL),
                Field.checkbox("listed_publicly"),
                legend="Listing",
                legend_size=Size.MEDIUM,
            ),
            button="Save",
        )

    @classmethod
    def initial_for(cls, service: Service) -> dict[str, Any]:
        """The form's starting values for an existing entry."""
        initial: dict[str, Any] = {
            name: getattr(service, name) for name in cls.base_fields if name not in {"area"} and hasattr(service, name)
        }
        area = [str(pk) for pk in service.districts.values_list("pk", flat=True)]
        initial["area"] = [COUNTYWIDE, *area] if service.countywide else area
        return initial

    def clean_area(self) -> list[str]:
        area: list[str] = self.cleaned_data["area"]
        if COUNTYWIDE in area and len(area) > 1:
            raise forms.ValidationError("Select countywide or the districts it works in, not both")
        return area

    def details(self) -> dict[str, Any]:
        """The entry's fields as the services take them."""
        data = self.cleaned_data
        details = {
            name: data[name] for name in self.base_fields if name not in {"area", "organisation"} and name in data
        }
        for name in ("public_phone", "public_url", "public_email", "opening_times", "public_address"):
            details[name] = details.get(name) or ""
        details["countywide"] = COUNTYWIDE in data["area"]
        details["districts"] = [self.districts[pk] for pk in data["area"] if pk in self.districts]
        return details


class _RuleChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]  # generic only in the stubs
    def label_from_instance(self, obj: RoutingRule) -> str:
        service = getattr(getattr(obj, "named_service", None), "service", None)
        return f"{obj.name} (now names {service.name})" if service is not None else obj.name


class RoutingRulesForm(forms.Form):
    """The active routing rules that name this service (none is a valid answer)."""

    rules = _RuleChoice(
        label="Routing rules that send referrals to this service",
        queryset=RoutingRule.objects.active().select_related("named_service__service").order_by("priority", "name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="A referral routed by a rule you select shows this service's name and how to reach it",
        error_messages={"invalid_choice": "Select active routing rules only"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.checkboxes("rules", small=True), button="Save routing rules")
