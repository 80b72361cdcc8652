"""GOV.UK Design System components as inclusion tags: ``{% load govuk %}``.

- ``{% govuk_tag tag %}``: a ``Tag`` from a presenter (vawg/core/presenters.py).
- ``{% govuk_summary_list rows %}``: ``SummaryRow`` items; ``id`` and ``classes`` are optional
  (``{% govuk_summary_list rows id="victim" classes="govuk-summary-list--no-border" %}``).
- ``{% govuk_table_head "Name" "Added" numeric=1 hidden="Action" %}``: a table's ``<thead>``, a column
  header for each label; ``numeric`` right-aligns the last that many; ``hidden`` adds a last header with
  only that text for screen readers (over a column of buttons or links).
- ``{% govuk_error_summary form %}``: "There is a problem" with a link to each input in error
  (a radio question's first option, a date's day box; errors for the whole form unlinked). It also
  takes a list of (input id, message) pairs, for errors a view found outside any form.

The markup is in vawg/core/templates/components/, once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms, template

from vawg.core.forms import error_links
from vawg.core.presenters import SummaryRow, Tag

register = template.Library()


@register.inclusion_tag("components/tag.html")
def govuk_tag(tag: Tag | None) -> dict[str, Any]:
    return {"tag": tag}


@register.inclusion_tag("components/summary_list.html")
def govuk_summary_list(rows: Iterable[SummaryRow], id: str = "", classes: str = "") -> dict[str, Any]:
    rows = list(rows)
    return {"rows": rows, "id": id, "classes": classes, "any_actions": any(row.href for row in rows)}


@register.inclusion_tag("components/table_head.html")
def govuk_table_head(*labels: str, numeric: int = 0, hidden: str = "") -> dict[str, Any]:
    if not 0 <= numeric <= len(labels):
        raise template.TemplateSyntaxError(f"numeric={numeric} but the table has {len(labels)} labelled columns")
    first_numeric = len(labels) - numeric
    return {"headers": [(label, index >= first_numeric) for index, label in enumerate(labels)], "hidden": hidden}


@register.inclusion_tag("components/error_summary.html")
def govuk_error_summary(errors: forms.BaseForm | Iterable[tuple[str, str]] | None) -> dict[str, Any]:
    """A form's errors, or (input id, message) pairs a view has already made (for errors no form holds)."""
    if isinstance(errors, forms.BaseForm):
        return {"links": error_links(errors) if errors.errors else []}
    return {"links": list(errors or [])}
