"""Run one call from several threads at once, each with its own database connection (for tests of
counters that must hold under parallel requests; PostgreSQL only, as SQLite's in-memory test database
refuses a second writer instead of making it wait).

Tests that use it need ``@pytest.mark.django_db(transaction=True)``, which empties every table
afterwards, data-migration rows included. Keep them in a file of their own (``test_*_together.py``):
the test session runs files with only such tests last on each worker, so no later test misses the
seeded rows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connection

T = TypeVar("T")


def run_together(count: int, call: Callable[[], T]) -> list[T]:
    """The results of ``count`` calls of ``call`` started together, each in its own thread."""
    results: list[T] = []
    errors: list[BaseException] = []
    start = threading.Barrier(count)
    lock = threading.Lock()

    def run() -> None:
        try:
            start.wait()
            result = call()
            with lock:
                results.append(result)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results
