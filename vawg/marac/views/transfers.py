"""MARAC-to-MARAC transfers (coordinators of the area only; anything else is 404)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any, cast

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vawg.accounts.models import User
from vawg.cases.models import Case
from vawg.core.access import require_permission
from vawg.core.forms import add_service_errors
from vawg.core.pdf import pdf_response, render_pdf
from vawg.marac.models import (
    COORDINATE,
    Criterion,
    MaracArea,
    MaracReferral,
    MaracReferralState,
    MaracTransfer,
    TransferDirection,
    TransferState,
)
from vawg.marac.services import transfers as services

TRANSFERABLE_LIMIT = 100


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _helper(*fields: Any, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper


class TransferOutForm(forms.Form):
    other_marac = forms.CharField(
        label="Which MARAC is the case going to?",
        help_text="For example, Bedfordshire MARAC",
        max_length=200,
        error_messages={"required": "Enter the name of the MARAC the case is going to"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("other_marac"), submit="Transfer and create the summary")


class TransferInForm(forms.Form):
    area = forms.ModelChoiceField(
        label="Your MARAC",
        queryset=MaracArea.objects.none(),
        empty_label=None,
        error_messages={"required": "Select your MARAC", "invalid_choice": "Select your MARAC"},
    )
    case_reference = forms.CharField(
        label="Case reference",
        help_text="The reference of the case on this platform, for example C-2026-000123",
        max_length=30,
        error_messages={"required": "Enter the case reference"},
    )
    other_marac = forms.CharField(
        label="Which MARAC is the case coming from?",
        max_length=200,
        error_messages={"required": "Enter the name of the MARAC the case comes from"},
    )
    summary = forms.CharField(
        label="Summary received",
        help_text="The risks and actions the other MARAC sent. Do not include addresses or contact details.",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the summary the other MARAC sent"},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        area_field = cast(forms.ModelChoiceField, self.fields["area"])
        area_field.queryset = MaracArea.objects.coordinated_by(user).active()
        self.helper = _helper(
            Field.select("area"),
            Field.text("case_reference", field_width=20),
            Field.text("other_marac"),
            Field.textarea("summary", rows=8),
            submit="Record the transfer",
        )

    def clean_case_reference(self) -> Case:
        reference = self.cleaned_data["case_reference"].strip().upper()
        case = Case.objects.visible_to(self.user).filter(reference=reference).first()
        if case is None:
            raise forms.ValidationError("Enter the reference of a case you can see")
        return case


class AcceptForm(forms.Form):
    criteria = forms.MultipleChoiceField(
        label="Which MARAC criteria does the case meet here?",
        help_text="A repeat (within 12 months of a referral to this MARAC) is added for you.",
        choices=[(c.value, c.label) for c in Criterion if c != Criterion.REPEAT],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the MARAC criteria the case meets"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.checkboxes("criteria", legend_size=Size.SMALL), submit="Accept the transfer")


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why is the transfer declined?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the transfer is declined"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason", rows=3), submit="Decline the transfer")


def _transfer(request: HttpRequest, transfer_id: uuid.UUID) -> MaracTransfer:
    return get_object_or_404(
        MaracTransfer.objects.visible_to(request.user).select_related("area", "case__victim", "marac_referral"),
        pk=transfer_id,
    )


@require_permission(COORDINATE)
@require_http_methods(["GET"])
def transfer_list(request: HttpRequest) -> HttpResponse:
    transfers = (
        MaracTransfer.objects.visible_to(request.user)
        .select_related("area", "case", "marac_referral")
        .order_by("-created_at")
    )
    since = timezone.localdate() - timedelta(days=services.TRANSFERABLE_HEARD_DAYS)
    transferable = (
        MaracReferral.objects.visible_to(request.user)
        .filter(area__in=MaracArea.objects.coordinated_by(request.user))
        .filter(
            Q(current_state=MaracReferralState.QUEUED)
            | Q(current_state=MaracReferralState.HEARD, referred_on__gte=since)
        )
        .select_related("case__victim", "area")
        .order_by("-referred_on")[:TRANSFERABLE_LIMIT]
    )
    return render(request, "marac/transfers/list.html", {"transfers": transfers, "transferable": transferable})


@require_permission(COORDINATE)
@require_http_methods(["GET", "POST"])
def transfer_record_out(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    areas = MaracArea.objects.coordinated_by(request.user)
    referral = get_object_or_404(
        MaracReferral.objects.visible_to(request.user).filter(area__in=areas).select_related("case", "area"),
        pk=referral_id,
    )
    form = TransferOutForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            transfer = services.transfer_out(
                marac_referral=referral,
                other_marac=form.cleaned_data["other_marac"],
                by=_user(request),
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Transferred: download the summary and send it to the other MARAC securely")
            return redirect("marac:transfer_detail", transfer_id=transfer.pk)
    return render(request, "marac/transfers/out.html", {"referral": referral, "form": form})


@require_permission(COORDINATE)
@require_http_methods(["GET", "POST"])
def transfer_record_in(request: HttpRequest) -> HttpResponse:
    form = TransferInForm(request.POST if request.method == "POST" else None, user=_user(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            transfer = services.transfer_in_record(
                area=data["area"],
                case=data["case_reference"],
                other_marac=data["other_marac"],
                summary=data["summary"],
                by=_user(request),
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Transfer recorded: accept or decline it")
            return redirect("marac:transfer_detail", transfer_id=transfer.pk)
    return render(request, "marac/transfers/in_new.html", {"form": form})


@require_permission(COORDINATE)
@require_http_methods(["GET"])
def transfer_detail(request: HttpRequest, transfer_id: uuid.UUID) -> HttpResponse:
    transfer = _transfer(request, transfer_id)
    summary = services.summary_of(transfer)
    if summary is not None:
        services.transfer_summary_read_record(transfer=transfer, by=_user(request), download=False, request=request)
    context = {
        "transfer": transfer,
        "summary": summary,
        "received": services.inbound_summary_text(transfer) if summary is None else "",
        "deciding": transfer.current_state == TransferState.RECEIVED,
        "accept_form": AcceptForm(),
        "decline_form": DeclineForm(),
    }
    return render(request, "marac/transfers/detail.html", context)


@require_permission(COORDINATE)
@require_http_methods(["GET"])
def transfer_download(request: HttpRequest, transfer_id: uuid.UUID) -> HttpResponse:
    transfer = _transfer(request, transfer_id)
    summary = services.summary_of(transfer)
    if summary is None:
        raise Http404("No outbound summary.")
    services.transfer_summary_read_record(transfer=transfer, by=_user(request), download=True, request=request)
    document = render_pdf(
        "marac/transfers/summary_pdf.html",
        {
            "summary": summary,
            "transfer": transfer,
            "protective_marking": services.PROTECTIVE_MARKING,
            "confidentiality_statement": services.CONFIDENTIALITY_STATEMENT,
        },
    )
    return pdf_response(document, f"marac-transfer-{summary.referral_reference}.pdf")


@require_permission(COORDINATE)
@require_http_methods(["POST"])
def transfer_accept(request: HttpRequest, transfer_id: uuid.UUID) -> HttpResponse:
    transfer = _transfer(request, transfer_id)
    if transfer.direction != TransferDirection.INBOUND:
        raise Http404("Not an inbound transfer.")
    form = AcceptForm(request.POST)
    if form.is_valid():
        try:
            referral = services.transfer_in_accept(
                transfer=transfer, criteria=form.cleaned_data["criteria"], by=_user(request), request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Accepted: {referral.reference} is waiting to be listed")
            return redirect("marac:transfer_detail", transfer_id=transfer.pk)
    context = {
        "transfer": transfer,
        "summary": None,
        "received": services.inbound_summary_text(transfer),
        "deciding": True,
        "accept_form": form,
        "decline_form": DeclineForm(),
    }
    return render(request, "marac/transfers/detail.html", context, status=200)


@require_permission(COORDINATE)
@require_http_methods(["GET", "POST"])
def transfer_decline(request: HttpRequest, transfer_id: uuid.UUID) -> HttpResponse:
    transfer = _transfer(request, transfer_id)
    if transfer.direction != TransferDirection.INBOUND:
        raise Http404("Not an inbound transfer.")
    form = DeclineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_in_decline(
                transfer=transfer, reason=form.cleaned_data["reason"], by=_user(request), request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Transfer declined")
            return redirect("marac:transfer_detail", transfer_id=transfer.pk)
    return render(request, "marac/transfers/decline.html", {"transfer": transfer, "form": form})
