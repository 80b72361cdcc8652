"""MARAC configuration in the admin site (system administrators only): areas and the adult female
population per district (the denominator of cases per 10,000). Saves go through
``marac_config_save`` (audited); nothing is deleted here (areas are made inactive)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from vawg.accounts.models import User
from vawg.marac.models import AdultFemalePopulation, MaracArea
from vawg.marac.services.returns import marac_config_save


class _MaracConfigAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("accounts.access_admin_site"))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        raise PermissionError("MARAC configuration is never deleted here.")

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        raise PermissionError("MARAC configuration is never deleted here.")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        marac_config_save(obj=obj, by=cast(User, request.user), changed=list(form.changed_data), request=request)


@admin.register(MaracArea)
class MaracAreaAdmin(_MaracConfigAdmin):
    list_display = ("name", "coordinating_organisation", "cadence", "default_capacity", "is_active")
    list_filter = ("is_active", "cadence")
    search_fields = ("name",)
    fields = (
        "name",
        "districts",
        "coordinating_organisation",
        "cadence",
        "default_capacity",
        "minutes_per_case",
        "is_active",
    )
    filter_horizontal = ("districts",)


@admin.register(AdultFemalePopulation)
class AdultFemalePopulationAdmin(_MaracConfigAdmin):
    list_display = ("district", "year", "women_16_plus", "source")
    list_filter = ("year", "district")
    fields = ("district", "year", "women_16_plus", "source")
