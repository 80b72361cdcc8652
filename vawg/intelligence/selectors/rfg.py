"""Reads of the RFG ranking: the latest run, past runs, and a run's scores for the people a user may see
(through ``PersonCausingHarm.objects.visible_to``: a person the user may not see is not listed, and is not
counted). The ranks shown are the run's own ranks, over everyone scored (docs/rfg.md)."""

from __future__ import annotations

from django.db.models import QuerySet

from vawg.accounts.models import User
from vawg.intelligence.models import PersonCausingHarm, RfgRun, RfgScore


def rfg_run_latest() -> RfgRun | None:
    """The run made last (by creation), with its weight table."""
    return RfgRun.objects.select_related("weight_table", "created_by").order_by("-created_at", "-pk").first()


def rfg_runs() -> QuerySet[RfgRun]:
    """Every run, newest first (no one's name but the person who ran it)."""
    return RfgRun.objects.select_related("weight_table", "created_by").order_by("-created_at", "-pk")


def rfg_scores_visible(*, run: RfgRun, user: User) -> QuerySet[RfgScore]:
    """The run's scores of the people ``user`` may see, by the run's rank, with each person's name."""
    visible = PersonCausingHarm.objects.visible_to(user).values("pk")
    return (
        RfgScore.objects.filter(run=run, person_causing_harm__in=visible)
        .select_related("person_causing_harm__person")
        .only(
            "rank",
            "recency",
            "frequency",
            "frequency_12m",
            "gravity",
            "gravity_max",
            "victims",
            "serial",
            "total",
            "run_id",
            "person_causing_harm__id",
            "person_causing_harm__person__id",
            "person_causing_harm__person__given_name",
            "person_causing_harm__person__family_name",
        )
        .order_by("rank")
    )
