"""Domain errors: a stable code, the field (if any), and a translated human message.

Services raise these; the CLI prints them and exits 1; the UI shows them next to the field or in a dialog.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field


class DomainError(Exception):
    """A user-facing error. ``code`` is stable (tests and scripts match on it); ``message`` is translated."""

    def __init__(self, code: str, message: str, field: str | None = None, *, row: int | None = None,
                 details: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.row = row
        self.details = details

    def __str__(self) -> str:  # what the CLI prints
        return self.message


class NotFound(DomainError):
    pass


class ValidationFailed(DomainError):
    """Several field problems at once (a form or an imported row)."""

    def __init__(self, problems: list[Problem], message: str | None = None) -> None:
        from app.i18n import _ as tr

        self.problems = problems
        msg = message or "；".join(p.message for p in problems) or tr("数据无效")
        first = problems[0] if problems else None
        super().__init__(first.code if first else "invalid", msg, first.field if first else None)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field. ``severity`` is "error" (blocks saving) or "warning" (shown, not blocking)."""

    code: str
    field: str | None
    message: str
    severity: str = "error"
    params: dict = dc_field(default_factory=dict, compare=False, hash=False)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"
