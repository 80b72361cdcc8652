"""Routing rules in the admin site: system administrators edit them; every save goes through
``routing_rule_save`` so a version row (who, when, what) is kept. Versions are read-only."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from vawg.accounts.models import User
from vawg.referrals.models import RoutingRule, RoutingRuleVersion
from vawg.referrals.rules.routing import conditions_errors
from vawg.referrals.services import routing_rule_save


class RoutingRuleVersionInline(admin.TabularInline[RoutingRuleVersion, RoutingRule]):
    model = RoutingRuleVersion
    extra = 0
    fields = ("version", "created_at", "created_by", "system_job", "snapshot")
    readonly_fields = fields
    ordering = ("-version",)
    can_delete = False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.has_perm("referrals.view_routingrule"))  # who may see a rule sees its history

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RoutingRuleForm(forms.ModelForm[RoutingRule]):
    """The rule's conditions must name known facts and values (vawg/referrals/rules/routing.py); the same
    check runs again in ``routing_rule_save``, which every write goes through."""

    class Meta:
        model = RoutingRule
        fields = ("name", "priority", "active", "service_kind", "organisation", "conditions")

    def clean_conditions(self) -> Any:
        conditions = self.cleaned_data.get("conditions")
        problems = conditions_errors(conditions)
        if problems:
            raise forms.ValidationError(problems)
        return conditions


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin[RoutingRule]):
    form = RoutingRuleForm
    list_display = ("name", "priority", "service_kind", "organisation", "active", "version")
    list_filter = ("active", "service_kind")
    search_fields = ("name",)
    fields = ("name", "priority", "active", "service_kind", "organisation", "conditions", "version")
    readonly_fields = ("version",)
    inlines = (RoutingRuleVersionInline,)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("accounts.access_admin_site"))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # rules are made inactive, never deleted (routes name the rule that sent them)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        raise PermissionError("Routing rules are made inactive, never deleted.")

    def save_model(self, request: HttpRequest, obj: RoutingRule, form: Any, change: bool) -> None:
        routing_rule_save(rule=obj, by=cast(User, request.user), request=request)
