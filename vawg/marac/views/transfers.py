"""MARAC-to-MARAC transfers (coordinators of the area only; anything else is 404)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.accounts.signin import require_recent_code
from vawg.core.access import require_permission
from vawg.core.forms import posted, submit
from vawg.core.pdf import pdf_response, render_pdf
from vawg.marac import selectors
from vawg.marac.forms.transfers import AcceptForm, DeclineForm, TransferInForm, TransferOutForm
from vawg.marac.models import COORDINATE, MaracTransfer, TransferDirection, TransferState
from vawg.marac.presenters import transfers as presenters
from vawg.marac.services import transfers as services


@require_permission(COORDINATE)
@require_http_methods(["GET"])
def transfer_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "transfers": presenters.transfer_rows(selectors.transfers_for(request.user)),
        "transferable": selectors.transferable_referrals(request.user),
    }
    return render(request, "marac/transfers/list.html", context)


@require_permission(COORDINATE)
@require_http_methods(["GET", "POST"])
def transfer_record_out(request: AuthenticatedHttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = selectors.marac_referral_get_for_coordinator(user=request.user, marac_referral_id=referral_id)
    form = TransferOutForm(posted(request))
    transfer = submit(
        form,
        lambda: services.transfer_out(marac_referral=referral, **form.cleaned_data, by=request.user, request=request),
    )
    if transfer:
        messages.success(request, "Transferred: download the summary and send it to the other MARAC securely")
        return redirect("marac:transfer_detail", transfer_id=transfer.pk)
    return render(request, "marac/transfers/out.html", {"referral": referral, "form": form})


@require_permission(COORDINATE)
@require_http_methods(["GET", "POST"])
def transfer_record_in(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TransferInForm(posted(request), user=request.user)
    transfer = submit(
        form,
        lambda: services.transfer_in_record(
            area=form.cleaned_data["area"],
            case=form.cleaned_data["case_reference"],
            other_marac=form.cleaned_data["other_marac"],
            summary=form.cleaned_data["summary"],
            by=request.user,
            request=request,
        ),
    )
    if transfer:
        messages.success(request, "Transfer recorded: accept or decline it")
        return redirect("marac:transfer_detail", transfer_id=transfer.pk)
    return render(request, "marac/transfers/in_new.html", {"form": form})


def _detail_context(transfer: MaracTransfer, *, accept_form: AcceptForm | None = None) -> dict[str, object]:
    """The transfer page; with ``accept_form``, the inbound transfer being decided, showing the form again."""
    summary = presenters.summary_of(transfer)
    return {
        "transfer": transfer,
        "state": presenters.state_tag(transfer),
        "summary": summary,
        "summary_rows": presenters.summary_rows(summary) if summary is not None else [],
        "received": presenters.inbound_summary_text(transfer) if summary is None else "",
        "deciding": accept_form is not None or transfer.current_state == TransferState.RECEIVED,
        "accept_form": accept_form or AcceptForm(),
        "decline_form": DeclineForm(),
    }


@require_permission(COORDINATE)
@require_http_methods(["GET"])
def transfer_detail(request: AuthenticatedHttpRequest, transfer_id: uuid.UUID) -> HttpResponse:
    transfer = selectors.transfer_get_for(user=request.user, transfer_id=transfer_id)
    context = _detail_context(transfer)
    if context["summary"] is not None:
        services.transfer_summary_read_record(transfer=transfer, by=request.user, download=False, request=request)
    return render(request, "marac/transfers/detail.html", context)


@require_permission(COORDINATE)
@require_recent_code
@require_http_methods(["GET"])
def transfer_download(request: AuthenticatedHttpRequest, transfer_id: uuid.UUID) -> HttpResponse:
    transfer = selectors.transfer_get_for(user=request.user, transfer_id=transfer_id)
    summary = presenters.summary_of(transfer)
    if summary is None:
        raise Http404("No outbound summary.")
    services.transfer_summary_read_record(transfer=transfer, by=request.user, download=True, request=request)
    document = render_pdf(
        "marac/transfers/summary_pdf.html",
        {
            "summary": summary,
            "summary_rows": presenters.summary_rows(summary),
            "transfer": transfer,
            "protective_marking": services.PROTECTIVE_MARKING,
            "confidentiality_statement": services.CONFIDENTIALITY_STATEMENT,
        },
    )
    return pdf_response(document, f"marac-transfer-{summary.referral_reference}.pdf")


@require_permission(COORDINATE)
@require_http_methods(["POST"])
def transfer_accept(request: AuthenticatedHttpRequest, transfer_id: uuid.UUID) -> HttpResponse:
    transfer = selectors.transfer_get_for(user=request.user, transfer_id=transfer_id)
    if transfer.direction != TransferDirection.INBOUND:
        raise Http404("Not an inbound transfer.")
    form = AcceptForm(request.POST)
    referral = submit(
        form,
        lambda: services.transfer_in_accept(transfer=transfer, **form.cleaned_data, by=request.user, request=request),
    )
    if referral:
        messages.success(request, f"Accepted: {referral.reference} is waiting to be listed")
        return redirect("marac:transfer_detail", transfer_id=transfer.pk)
    return render(request, "marac/transfers/detail.html", _detail_context(transfer, accept_form=form))


@require_permission(COORDINATE)
@require_http_methods(["GET", "POST"])
def transfer_decline(request: AuthenticatedHttpRequest, transfer_id: uuid.UUID) -> HttpResponse:
    transfer = selectors.transfer_get_for(user=request.user, transfer_id=transfer_id)
    if transfer.direction != TransferDirection.INBOUND:
        raise Http404("Not an inbound transfer.")
    form = DeclineForm(posted(request))
    if submit(
        form,
        lambda: services.transfer_in_decline(transfer=transfer, **form.cleaned_data, by=request.user, request=request),
    ):
        messages.success(request, "Transfer declined")
        return redirect("marac:transfer_detail", transfer_id=transfer.pk)
    return render(request, "marac/transfers/decline.html", {"transfer": transfer, "form": form})
