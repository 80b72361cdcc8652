"""Pages of protective orders and disclosures (docs/orders.md): the register, an order, recording one, its
DVPO outcome, a status change and a breach.

The register needs ``justice.view_orders``; an order's page only needs its gate (``Order.objects.visible_to``),
so a victim's IDVA reaches it from the case page; writing needs ``justice.manage_orders``. Anything the
user may not see is 404.
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.audit.presenters import page_numbers
from vawg.cases.models import VIEW_CASES
from vawg.core.access import require_permission
from vawg.core.forms import posted, submit
from vawg.intelligence.selectors.harm import person_causing_harm_get_for
from vawg.justice import selectors, services
from vawg.justice.config.orders import MANAGE_ORDERS, ORDER_TYPES, VIEW_ORDERS
from vawg.justice.forms import orders as forms
from vawg.justice.models import ORDER_TRANSITIONS, Order, OrderState, OrderType
from vawg.justice.presenters import orders as presenters
from vawg.justice.selectors.orders import FILTERS

PER_PAGE = 50


@require_permission(VIEW_ORDERS)
@require_http_methods(["GET"])
def order_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    show = request.GET.get("show", "")
    show = show if show in {*FILTERS, "attention"} else ""
    order_type = request.GET.get("type", "")
    order_type = order_type if order_type in ORDER_TYPES else ""
    mine = request.GET.get("mine") == "1"
    orders = selectors.orders_for(user=request.user, show=show, order_type=order_type, mine=mine)
    page = Paginator(orders, PER_PAGE).get_page(request.GET.get("page"))
    rows = presenters.order_rows(page.object_list)
    services.order_list_record(by=request.user, show=show, rows=len(rows), request=request)
    context = {
        "page": page,
        "page_numbers": page_numbers(cast(Any, page)),
        "rows": rows,
        "show": show,
        "order_type": order_type,
        "mine": mine,
        "filters": FILTERS,
        "types": OrderType.choices,
    }
    return render(request, "justice/orders/list.html", context)


@require_permission(VIEW_CASES)
@require_http_methods(["GET"])
def order_case_due_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Orders protecting the victims of the user's cases with a deadline in the next 48 hours (My work)."""
    rows = presenters.order_rows(selectors.case_orders_due(request.user))
    services.order_list_record(by=request.user, show="case-due", rows=len(rows), request=request)
    return render(request, "justice/orders/case_due.html", {"rows": rows})


@require_http_methods(["GET"])
def order_detail(request: AuthenticatedHttpRequest, order_id: uuid.UUID) -> HttpResponse:
    order = selectors.order_page_parts(selectors.order_get_for(user=request.user, order_id=order_id))
    context = {
        "order": order,
        "summary": presenters.summary_rows(order),
        "protected": presenters.protected_rows(order, request.user),
        "timers": presenters.timers(order),
        "conditions": presenters.condition_rows(order),
        "history": presenters.history_rows(order),
        "breaches": presenters.breach_rows(order),
        "actions": presenters.actions(order, request.user),
    }
    return render(request, "justice/orders/detail.html", context)


@require_permission(MANAGE_ORDERS)
@require_http_methods(["GET", "POST"])
def order_new(request: AuthenticatedHttpRequest, person_causing_harm_id: uuid.UUID) -> HttpResponse:
    """GET without ``type``: choose the type. With it: that type's form. POST: record it."""
    record = person_causing_harm_get_for(user=request.user, person_causing_harm_id=person_causing_harm_id)
    order_type = request.GET.get("type", "")
    if not services.type_offered(order_type):
        offered = [(code, label) for code, label in OrderType.choices if services.type_offered(code)]
        type_form = forms.TypeForm(request.GET or None, offered=offered)
        return render(request, "justice/orders/new_type.html", {"record": record, "form": type_form})
    candidates = selectors.protected_candidates(user=request.user, record=record)
    form = forms.OrderForm(posted(request), order_type=order_type, candidates=candidates)
    order = submit(form, lambda: _record(form, request, record))
    if order is not None:
        return redirect("orders:order_detail", order_id=order.pk)
    context = {"record": record, "form": form, "label": ORDER_TYPES[order_type].label, "order_type": order_type}
    return render(request, "justice/orders/new.html", context)


def _record(form: forms.OrderForm, request: AuthenticatedHttpRequest, record: Any) -> Order:
    """The one service call of ``order_new``: the form's answers as the service's arguments."""
    data = form.cleaned_data
    state = form.start_state()
    moment_field = {"served": "served_at", "made": "made_at", "applied": "applied_at"}[state]
    fields: dict[str, Any] = {moment_field: form.at()}
    for name in ("issuing_body", "reference", "ends_on", "until_further_order", "authorising_rank"):
        if name in data and data[name] not in (None, ""):
            fields[name] = data[name]
    for name in ("victim_view_considered", "child_welfare_considered", "dvds_applicant"):
        if name in data:
            fields[name] = data[name]
    if state == "made" and form.order_type in ("spo", "interim-spo"):
        fields["served_at"] = form.at()  # served in court when made (change it if served later)
    condition = services.Term(data.get("condition_kind") or "other", data.get("condition_text", ""))
    requirement = services.Term(data.get("requirement_kind") or "other", data.get("requirement_text", ""))
    return services.order_record(
        by=request.user,
        respondent=record,
        order_type=form.order_type,
        state=state,
        protected=[services.Protected(person=person) for person in data["protected"]],
        request=request,
        conditions=[condition],
        requirements=[requirement],
        **fields,
    )


def _change(form: forms.StatusForm, request: AuthenticatedHttpRequest, order: Order) -> Order:
    """The one service call of ``order_status``: a DVDS decision, an SPO notification, or a transition."""
    to, at = form.cleaned_data["to"], form.at()
    if to in ("disclose", "not-disclose"):
        return services.order_decide(order=order, decision=to, at=at, by=request.user, request=request)
    if to == "notified":
        return services.order_notify(order=order, at=at, by=request.user, request=request)
    return services.order_transition(
        order=order,
        to=to,
        at=at,
        by=request.user,
        reason=form.cleaned_data["reason"],
        ends_on=form.cleaned_data["ends_on"],
        request=request,
    )


def _managed(request: AuthenticatedHttpRequest, order_id: uuid.UUID) -> Order:
    return selectors.order_page_parts(selectors.order_get_for(user=request.user, order_id=order_id))


@require_permission(MANAGE_ORDERS)
@require_http_methods(["GET", "POST"])
def order_outcome(request: AuthenticatedHttpRequest, order_id: uuid.UUID) -> HttpResponse:
    notice = _managed(request, order_id)
    form = forms.OutcomeForm(posted(request))
    made = submit(
        form,
        lambda: (
            services.order_determine(
                notice=notice,
                made=form.cleaned_data["made"],
                heard_at=form.at(),
                ends_on=form.cleaned_data["ends_on"],
                conditions=[services.Term(kind="other", text=form.cleaned_data["condition_text"])],
                by=request.user,
                request=request,
            )
            or notice
        ),
    )
    if made is not None:
        return redirect("orders:order_detail", order_id=made.pk)
    return render(request, "justice/orders/outcome.html", {"order": notice, "form": form})


@require_permission(MANAGE_ORDERS)
@require_http_methods(["GET", "POST"])
def order_status(request: AuthenticatedHttpRequest, order_id: uuid.UUID) -> HttpResponse:
    order = _managed(request, order_id)
    choices = [(state, label) for state, label in OrderState.choices if state in ORDER_TRANSITIONS[order.state]]
    if ORDER_TYPES[order.order_type].is_disclosure and order.decided_at is None:
        choices = [("disclose", "Decided: disclose"), ("not-disclose", "Decided: do not disclose"), *choices]
    if order.order_type in ("spo", "interim-spo") and order.notified_at is None:
        choices = [("notified", "Name and home address notified to the police"), *choices]
    form = forms.StatusForm(posted(request), choices=choices)
    done = submit(form, lambda: _change(form, request, order))
    if done is not None:
        return redirect("orders:order_detail", order_id=order.pk)
    return render(request, "justice/orders/status.html", {"order": order, "form": form})


@require_permission(MANAGE_ORDERS)
@require_http_methods(["GET", "POST"])
def order_breach_new(request: AuthenticatedHttpRequest, order_id: uuid.UUID) -> HttpResponse:
    order = _managed(request, order_id)
    people = [(str(row.pk), row.person.full_name) for row in order.protected.all()]
    form = forms.BreachForm(posted(request), protected=people)
    breach = submit(
        form,
        lambda: services.order_breach_record(
            order=order,
            protected=selectors.protected_get_for(order=order, protected_id=form.cleaned_data["protected"]),
            occurred_at=form.at(),
            summary=form.cleaned_data["summary"],
            crime_reference=form.cleaned_data["crime_reference"],
            by=request.user,
            request=request,
        ),
    )
    if breach is not None:
        return redirect("orders:order_detail", order_id=order.pk)
    return render(request, "justice/orders/breach.html", {"order": order, "form": form})
