"""``{% person_flags person_id %}``: the flags registered in vawg.people.hooks, as GOV.UK tags.

For one person on a page (a case page, a referral page). Lists take their flags from one
``flags_for`` call per page instead (see vawg.cases.presenters.case_rows).
"""

from __future__ import annotations

from typing import Any

from django import template

from vawg.people.presenters import flags_for

register = template.Library()


@register.inclusion_tag("people/_flags.html")
def person_flags(person_id: Any) -> dict[str, Any]:
    return {"flags": flags_for([person_id]).get(person_id, [])}
