"""A damaged database found on start: offer the newest sound backup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.i18n import _
from app.storage import backup
from ui.dialogs import confirm, info, show_error
from ui.qt import *

if TYPE_CHECKING:
    from app.storage.db import Database


def offer_restore(parent: QWidget | None, db: Database, problems: list[str]) -> bool:
    """Ask to restore the newest sound backup. True when the question was asked (restored or declined)."""
    b = backup.newest_sound_backup(db, db.key)
    if b is None:
        return False
    text = _("数据文件检查发现问题：{path}\n\n最近一份完好的备份：{date}\n内容：{counts}\n\n现在用它恢复吗？"
             "（当前文件会另存一份，不会丢弃。）").format(path=db.path, date=b.local_time(),
                                                 counts=backup.counts_text(b.counts))
    if not confirm(parent, _("数据文件有问题"), text, _("恢复")):
        return True
    try:
        backup.restore_file(db, b.path)
    except Exception as e:  # noqa: BLE001
        show_error(parent, e)
        return True
    info(parent, _("恢复备份"), _("已从 {date} 的备份恢复。请重新启动工会工作台。").format(date=b.local_time()))
    return True
