"""Undo/redo of roster edits. Each command performs its change through the roster service; the first redo() is
skipped because the change was already made (and checked) before the command was pushed."""

from __future__ import annotations

from typing import Any

from app.i18n import _
from app.services import roster
from ui.context import AppContext
from ui.qt import *


class _RosterCommand(QUndoCommand):
    def __init__(self, ctx: AppContext, text: str) -> None:
        super().__init__(text)
        self.ctx = ctx
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._do()
        self.ctx.notify("roster")

    def undo(self) -> None:
        self._undo()
        self.ctx.notify("roster")

    def _do(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


class EditMember(_RosterCommand):
    def __init__(self, ctx: AppContext, member_id: int, old: dict[str, Any], new: dict[str, Any], name: str) -> None:
        super().__init__(ctx, _("修改会员 {name}").format(name=name))
        self.member_id, self.old, self.new = member_id, old, new

    def _do(self) -> None:
        roster.update_member(self.ctx.db, self.member_id, self.new)

    def _undo(self) -> None:
        roster.update_member(self.ctx.db, self.member_id, self.old)


class AddMember(_RosterCommand):
    def __init__(self, ctx: AppContext, member_id: int, name: str) -> None:
        super().__init__(ctx, _("新增会员 {name}").format(name=name))
        self.member_id = member_id
        self.snapshot: dict[str, Any] | None = None

    def _do(self) -> None:
        assert self.snapshot is not None
        self.member_id = roster.restore_member(self.ctx.db, self.snapshot).id or 0

    def _undo(self) -> None:
        self.snapshot = roster.delete_member(self.ctx.db, self.member_id)


class DeleteMember(_RosterCommand):
    def __init__(self, ctx: AppContext, snapshot: dict[str, Any], name: str) -> None:
        super().__init__(ctx, _("删除会员 {name}").format(name=name))
        self.snapshot = snapshot
        self.member_id = 0

    def _do(self) -> None:  # only after an undo, which set member_id
        self.snapshot = roster.delete_member(self.ctx.db, self.member_id)

    def _undo(self) -> None:
        self.member_id = roster.restore_member(self.ctx.db, self.snapshot).id or 0
