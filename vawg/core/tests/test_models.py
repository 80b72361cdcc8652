"""Rows written once: every ImmutableModel refuses changes one at a time and in bulk."""

from __future__ import annotations

import pytest
from django.apps import apps

from vawg.core.models import ImmutableModel, ImmutableQuerySet

IMMUTABLE = sorted(
    (model for model in apps.get_models() if issubclass(model, ImmutableModel)), key=lambda model: model._meta.label
)


def test_it_finds_the_immutable_rows() -> None:
    assert len(IMMUTABLE) >= 10


@pytest.mark.parametrize("model", IMMUTABLE, ids=lambda model: model._meta.label)
def test_it_refuses_bulk_changes_to_every_immutable_row(model: type[ImmutableModel]) -> None:
    queryset = model._default_manager.all()
    assert isinstance(queryset, ImmutableQuerySet), f"{model._meta.label}: its QuerySet subclasses ImmutableQuerySet"
    with pytest.raises(PermissionError):
        queryset.update(created_at=None)
    with pytest.raises(PermissionError):
        queryset.delete()
