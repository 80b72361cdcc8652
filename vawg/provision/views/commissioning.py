"""Commissioning: the coverage-gap matrix (suppressed aggregates; provision.view_gaps) and the Domestic Abuse
Act 2021 Part 4 annual return (exact figures; provision.view_part4_return). Neither shows or links to a
person, a request or a unit."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.core.access import require_permission
from vawg.core.exports import csv_response, xlsx_response
from vawg.provision.config import VIEW_GAPS, VIEW_PART4_RETURN
from vawg.provision.forms.commissioning import GapFormOfAbuseForm, Part4YearForm
from vawg.provision.presenters.commissioning import (
    GAP_HEADERS,
    UNCONFIRMED,
    gap_download_rows,
    gap_view,
    part4_download_rows,
    part4_headline,
    part4_tables,
)
from vawg.provision.selectors.gaps import gap_matrix
from vawg.provision.selectors.part4 import part4_return
from vawg.provision.services.commissioning import (
    DOWNLOAD_FORMATS,
    gap_matrix_download_record,
    part4_return_download_record,
)


@require_permission(VIEW_PART4_RETURN)
@require_http_methods(["GET"])
def part4_return_detail(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = Part4YearForm(request.GET or None, today=timezone.localdate())
    context: dict[str, object] = {"form": form, "unconfirmed": UNCONFIRMED}
    if not form.is_bound or form.is_valid():
        figures = part4_return(form.selected())
        context |= {
            "figures": figures,
            "headline": part4_headline(figures),
            "tables": part4_tables(figures),
            "query": f"year={figures.year.year}",
        }
    return render(request, "provision/commissioning/part4_return.html", context)


@require_permission(VIEW_PART4_RETURN)
@require_http_methods(["GET"])
def part4_return_download(request: AuthenticatedHttpRequest, file_format: str) -> HttpResponse:
    if file_format not in DOWNLOAD_FORMATS:
        raise Http404
    form = Part4YearForm(request.GET or None, today=timezone.localdate())
    if form.is_bound and not form.is_valid():
        return redirect(f"{reverse('commissioning:part4_return_detail')}?{request.GET.urlencode()}")
    year = form.selected()
    figures = part4_return(year)
    part4_return_download_record(by=request.user, year=year.year, file_format=file_format, request=request)
    respond = csv_response if file_format == "csv" else xlsx_response
    filename = f"part4-return-{year.year}-{year.year + 1}.{file_format}"
    return respond(filename, ("Table", "Row", "Column", "Value"), part4_download_rows(figures))


@require_permission(VIEW_GAPS)
@require_http_methods(["GET"])
def gap_matrix_detail(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = GapFormOfAbuseForm(request.GET or None)
    context: dict[str, object] = {"form": form}
    if not form.is_bound or form.is_valid():
        matrix = gap_matrix()
        context |= {"matrix": matrix, "view": gap_view(matrix, form.selected())}
    return render(request, "provision/commissioning/gaps.html", context)


@require_permission(VIEW_GAPS)
@require_http_methods(["GET"])
def gap_matrix_download(request: AuthenticatedHttpRequest, file_format: str) -> HttpResponse:
    if file_format not in DOWNLOAD_FORMATS:
        raise Http404
    matrix = gap_matrix()
    gap_matrix_download_record(by=request.user, file_format=file_format, request=request)
    respond = csv_response if file_format == "csv" else xlsx_response
    filename = f"coverage-gaps-{matrix.until:%Y-%m-%d}.{file_format}"
    return respond(filename, GAP_HEADERS, gap_download_rows(matrix))
