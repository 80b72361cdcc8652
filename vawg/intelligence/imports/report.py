"""The report of a refused extract: each problem's row (as a spreadsheet counts: the header is row 1),
column and message in plain words, at most the first ``limit`` listed, with the total."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong: ``row`` as a spreadsheet counts (None: the whole file), ``column`` ("" for none)."""

    row: int | None
    column: str
    message: str


@dataclass(frozen=True)
class Report:
    """Why a file was refused: the first problems in file order, and how many there are in all."""

    problems: tuple[Problem, ...]
    total: int
    rows: int = 0
    encoding: str = ""

    @property
    def more(self) -> int:
        """Problems not listed."""
        return self.total - len(self.problems)


class ExtractError(Exception):
    """The file was refused; ``report`` says why."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"The extract was refused with {report.total} problems")
        self.report = report


@dataclass
class Problems:
    limit: int
    listed: list[Problem] = field(default_factory=list)
    total: int = 0

    def add(self, row: int | None, column: str, message: str) -> None:
        self.total += 1
        if len(self.listed) < self.limit:
            self.listed.append(Problem(row, column, message))

    def report(self, *, rows: int = 0, encoding: str = "") -> Report:
        return Report(problems=tuple(self.listed), total=self.total, rows=rows, encoding=encoding)


def refusal(message: str, *, encoding: str = "") -> ExtractError:
    return ExtractError(Report(problems=(Problem(None, "", message),), total=1, encoding=encoding))


def column_letter(index: int) -> str:
    """A spreadsheet's name for the column at ``index`` (0 -> A, 26 -> AA)."""
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
