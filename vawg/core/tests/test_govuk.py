"""The GOV.UK component tags render the Design System's markup."""

from __future__ import annotations

import pytest
from django.template import Context, Template, TemplateSyntaxError


def _render(source: str, **context: object) -> str:
    return Template("{% load govuk %}" + source).render(Context(context))


def test_it_heads_a_table_with_one_column_header_per_label() -> None:
    html = _render('{% govuk_table_head "Name" label %}', label="<b>Added</b>")
    assert html.count('<th scope="col" class="govuk-table__header">') == 2
    assert ">Name</th>" in html
    assert "&lt;b&gt;Added&lt;/b&gt;" in html  # labels are escaped
    assert "govuk-visually-hidden" not in html
    assert html.startswith('<thead class="govuk-table__head"><tr class="govuk-table__row">')


def test_it_right_aligns_the_last_numeric_columns_and_adds_a_hidden_header() -> None:
    html = _render('{% govuk_table_head "Agency" "Cases" "Repeats" numeric=2 hidden="Action" %}')
    assert '<th scope="col" class="govuk-table__header">Agency</th>' in html
    assert '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Cases</th>' in html
    assert '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Repeats</th>' in html
    assert '<span class="govuk-visually-hidden">Action</span></th>' in html
    assert html.index("Repeats") < html.index("Action")


def test_it_refuses_more_numeric_columns_than_the_table_has() -> None:
    with pytest.raises(TemplateSyntaxError):
        _render('{% govuk_table_head "Agency" numeric=2 %}')
