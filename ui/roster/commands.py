"""Undo/redo of roster edits. Each command performs its change through the roster service; the first redo() is
skipped because the change was already made (and checked) before the command was pushed.

Commands name their member by uuid, not by id: undoing a deletion brings the member back under the same uuid,
so an older command on the stack (an edit made before the deletion) still finds the member afterwards.
A change that can no longer be made (the ID number now belongs to someone else, the member is gone) is
reported and the command leaves the stack, instead of escaping into the event loop."""

from __future__ import annotations

from typing import Any

from app.errors import DomainError, NotFound
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
        self._guarded(self._do)

    def undo(self) -> None:
        self._guarded(self._undo)

    def _guarded(self, step: Any) -> None:
        try:
            step()
        except DomainError as e:
            self.setObsolete(True)  # the stack drops it: it cannot be undone or redone any more
            from ui.dialogs import show_error

            show_error(QApplication.activeWindow(), e, _("无法撤销或重做“{what}”").format(what=self.text()))
        self.ctx.notify("roster")

    def _do(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


def _member_id(ctx: AppContext, uuid: str) -> int:
    mid = roster.member_id_by_uuid(ctx.db, uuid)
    if mid is None:
        raise NotFound("member.not_found", _("这名会员已不在名册中"))
    return mid


class EditMember(_RosterCommand):
    def __init__(self, ctx: AppContext, uuid: str, old: dict[str, Any], new: dict[str, Any], name: str) -> None:
        super().__init__(ctx, _("修改会员 {name}").format(name=name))
        self.uuid, self.old, self.new = uuid, old, new

    def _do(self) -> None:
        roster.update_member(self.ctx.db, _member_id(self.ctx, self.uuid), self.new)

    def _undo(self) -> None:
        roster.update_member(self.ctx.db, _member_id(self.ctx, self.uuid), self.old)


class AddMember(_RosterCommand):
    def __init__(self, ctx: AppContext, uuid: str, name: str) -> None:
        super().__init__(ctx, _("新增会员 {name}").format(name=name))
        self.uuid = uuid
        self.snapshot: dict[str, Any] | None = None

    def _do(self) -> None:
        assert self.snapshot is not None
        roster.restore_member(self.ctx.db, self.snapshot)

    def _undo(self) -> None:
        self.snapshot = roster.delete_member(self.ctx.db, _member_id(self.ctx, self.uuid))


class DeleteMember(_RosterCommand):
    def __init__(self, ctx: AppContext, snapshot: dict[str, Any], name: str) -> None:
        super().__init__(ctx, _("删除会员 {name}").format(name=name))
        self.snapshot = snapshot

    def _do(self) -> None:  # only after an undo
        self.snapshot = roster.delete_member(self.ctx.db, _member_id(self.ctx, self.snapshot["uuid"]))

    def _undo(self) -> None:
        roster.restore_member(self.ctx.db, self.snapshot)
