"""Writes for commissioning: the audit entry of each download of the Part 4 return and the gap matrix."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from vawg.accounts.models import User
from vawg.audit.services import audit_record
from vawg.provision.config import CONFIG_VERSION

DOWNLOAD_FORMATS = frozenset({"csv", "xlsx"})


def _check_format(file_format: str) -> None:
    if file_format not in DOWNLOAD_FORMATS:
        raise ValueError(f"Unknown download format: {file_format}")


@transaction.atomic
def part4_return_download_record(*, by: User, year: int, file_format: str, request: HttpRequest | None = None) -> None:
    """One audit entry for a download of the Part 4 return (the year, format and configuration; no figures)."""
    _check_format(file_format)
    audit_record(
        action="provision.part4_return.download",
        by=by,
        obj=by,
        purpose="Domestic Abuse Act 2021 Part 4 annual return",
        request=request,
        details={"year": year, "format": file_format, "config_version": CONFIG_VERSION},
    )


@transaction.atomic
def gap_matrix_download_record(*, by: User, file_format: str, request: HttpRequest | None = None) -> None:
    """One audit entry for a download of the coverage-gap matrix (the format; no figures)."""
    _check_format(file_format)
    audit_record(
        action="provision.gap_matrix.download",
        by=by,
        obj=by,
        purpose="Coverage gaps: services against referrals",
        request=request,
        details={"format": file_format},
    )
