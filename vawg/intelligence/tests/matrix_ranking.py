"""Access-matrix entries for the RFG ranking (docs/rfg.md; docs/access-control.md: intelligence.run_ranking,
held by police officers and MATAC coordinators).

The matrix world: one person causing harm held by agency B (the police persona's) and one by agency C (the
MATAC coordinator's), each with an incident, scored in a run made by a system job; so each allowed persona's
ranking shows a name, and the read must be audited once.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from vawg.core.tests.matrix import Rule

RANKING = frozenset({"police_b", "matac_coordinator"})


def _run(ctx: dict[str, Any]) -> dict[str, Any]:
    from vawg.intelligence.services.rfg import rfg_run
    from vawg.intelligence.tests.factories import PersonCausingHarmFactory, PoliceIncidentFactory

    today = timezone.localdate()
    for agency in (ctx["agencies"].b, ctx["agencies"].c):
        record = PersonCausingHarmFactory(owning_organisation=agency)
        PoliceIncidentFactory(perpetrator=record, occurred_on=today - timedelta(days=3))
    rfg_run(as_of=today, system_job="matrix")
    return {}


WEB = {
    "ranking:rfg_ranking_detail": Rule(allowed=RANKING, kwargs=_run, audited="intelligence.rfg_ranking.view"),
    "ranking:rfg_run_create": Rule(
        allowed=RANKING,
        method="POST",
        data={"as_of_0": "31", "as_of_1": "1", "as_of_2": "2026"},
        audited="intelligence.rfg_run.create",
    ),
    "ranking:rfg_ranking_download": Rule(allowed=RANKING, kwargs=_run, audited="intelligence.rfg_ranking.download"),
    "ranking:rfg_run_list": Rule(allowed=RANKING, kwargs=_run),
}
