"""Data safety for the front ends: the state of encryption and backups, the recovery sheet, the recovery
passphrase. The storage mechanics live in app/storage (keys, secure, backup, handover, lock)."""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.documents.model import FormDocument, FormField, FormSection, Heading, Paragraph, TextDocument
from app.errors import DomainError
from app.fileio import atomic_write_text
from app.i18n import _
from app.storage import backup, keys, secure
from app.storage.db import Database


@dataclass(frozen=True)
class SafetyStatus:
    data_dir: Path
    database: Path
    key_file: Path
    backups_dir: Path
    encrypted: bool
    keyring: bool
    recovery_set: bool
    key_fingerprint: str
    backups: int
    newest_backup: backup.BackupInfo | None
    changed_since_backup: bool


def key_fingerprint(db: Database) -> str:
    """A short, harmless identification of the key (to tell two data sets apart on the recovery sheet)."""
    if db.key is None:
        return ""
    h = hashlib.sha256(b"uniondesk-key-fingerprint:" + db.key).hexdigest()[:16].upper()
    return " ".join(h[i:i + 4] for i in range(0, 16, 4))


def status(db: Database) -> SafetyStatus:
    base = db.path.parent
    items = backup.list_backups(db)
    newest = items[0] if items else None
    return SafetyStatus(
        data_dir=base, database=db.path, key_file=keys.key_path(base), backups_dir=backup.backup_dir(db),
        encrypted=db.key is not None and not secure.is_plain(db.path), keyring=keys.keyring_available(),
        recovery_set=not secure.recovery_missing(base), key_fingerprint=key_fingerprint(db), backups=len(items),
        newest_backup=newest,
        changed_since_backup=newest is None or newest.marker != backup.change_marker(db),
    )


def set_recovery_passphrase(db: Database, passphrase: str, again: str | None = None) -> None:
    if again is not None and again != passphrase:
        raise DomainError("keys.passphrase_mismatch", _("两次输入的口令不一致"), "passphrase")
    if db.key is None:
        raise DomainError("keys.not_encrypted", _("这份数据没有加密，无需恢复口令。"))
    secure.set_recovery_passphrase(db.path.parent, db.key, passphrase)


# ---------------------------------------------------------------------------------------------------------------
# The recovery sheet: where the data is and how to recover it — never the passphrase


def _union_name(db: Database) -> str:
    try:
        from app.services.org import get_org

        org = get_org(db)
        return str(getattr(org, "union_name", "") or getattr(org, "name", "") or "") if org else ""
    except Exception:  # noqa: BLE001 — the sheet must print even without the organisation set up
        return ""


def recovery_sheet(db: Database, today: date | None = None) -> TextDocument:
    st = status(db)
    today = today or date.today()
    union = _union_name(db)
    newest = st.newest_backup
    facts = FormSection(title=_("一、数据在哪里"), columns=1, rows=[
        [FormField(_("工会"), union or _("（尚未填写）"))],
        [FormField(_("数据文件夹"), str(st.data_dir))],
        [FormField(_("数据文件"), st.database.name + _("（已加密）") if st.encrypted else st.database.name)],
        [FormField(_("密钥文件"), st.key_file.name + (_("（由恢复口令保护）") if st.recovery_set
                                                     else _("（尚未设置恢复口令！）")))],
        [FormField(_("备份文件夹"), str(st.backups_dir))],
        [FormField(_("最近一次备份"), f"{newest.id}（{newest.local_time()}）" if newest else _("还没有备份"))],
        [FormField(_("密钥指纹"), st.key_fingerprint)],
        [FormField(_("系统钥匙串"), _("已保存密钥") if st.keyring else _("这台电脑没有系统钥匙串"))],
    ])
    steps = [
        _("1. 平时：程序从系统钥匙串取得密钥，打开时不用输入口令。"),
        _("2. 换电脑或钥匙串丢失：把整个数据文件夹（至少数据文件和密钥文件）复制到新电脑，运行工会工作台，"
          "按提示输入恢复口令。"),
        _("3. 只有U盘上的备份：把备份文件和同名的 .key 文件放在一起，运行“uniondesk handover open 备份文件”，"
          "输入恢复口令。"),
        _("4. 换届交接：在“数据安全”页导出交接包（或运行“uniondesk handover export -o 文件”），设置新的交接口令；"
          "新任主席用“uniondesk handover open 文件”和这个口令打开，然后设置自己的恢复口令。"),
        _("5. 口令不在本表上。请把恢复口令单独写在纸上，与本表分开保管（例如装入信封封存于工会保险柜）。"
          "口令遗失且钥匙串不可用时，任何人（包括软件作者）都无法恢复数据。"),
    ]
    blocks: list = [Paragraph(_("本表说明这份工会数据保存在哪里、如何恢复。打印日期：{d}").format(d=today.isoformat())),
                    facts, Heading(_("二、如何恢复"), 1)]
    blocks += [Paragraph(s, indent=False) for s in steps]
    blocks += [Heading(_("三、签字"), 1), Paragraph(_("保管人：____________　　日期：____________"), indent=False),
               Paragraph(_("交接人：____________　　接收人：____________"), indent=False)]
    return TextDocument(title=_("工会数据恢复说明"), blocks=blocks, org_name=union)


def _sheet_html(doc: TextDocument) -> str:
    parts = [f"<!DOCTYPE html><html lang='zh-CN'><meta charset='utf-8'><title>{html.escape(doc.title)}</title>",
             "<style>body{font-family:'FangSong','STFangsong',serif;max-width:40em;margin:2em auto;line-height:1.7}"
             "h1{text-align:center;font-family:'SimHei',sans-serif}table{border-collapse:collapse;width:100%}"
             "td{border:1px solid #333;padding:4px 8px}td.l{width:8em;font-family:'SimHei',sans-serif}</style>",
             f"<h1>{html.escape(doc.title)}</h1>"]
    for b in doc.blocks:
        if isinstance(b, Heading):
            parts.append(f"<h2>{html.escape(b.text)}</h2>")
        elif isinstance(b, Paragraph):
            parts.append(f"<p>{html.escape(b.text)}</p>")
        elif isinstance(b, FormSection):
            parts.append(f"<h2>{html.escape(b.title)}</h2><table>")
            for row in b.rows:
                for f in row:
                    parts.append(f"<tr><td class='l'>{html.escape(f.label)}</td><td>{html.escape(f.value)}</td></tr>")
            parts.append("</table>")
    parts.append("</html>")
    return "\n".join(parts)


def _sheet_text(doc: TextDocument) -> str:
    lines = [doc.title, "=" * 20, ""]
    for b in doc.blocks:
        if isinstance(b, Heading):
            lines += ["", b.text]
        elif isinstance(b, Paragraph):
            lines.append(b.text)
        elif isinstance(b, FormSection):
            lines += ["", b.title] + [f"  {f.label}：{f.value}" for row in b.rows for f in row]
    return "\n".join(lines) + "\n"


def write_recovery_sheet(db: Database, path: Path) -> Path:
    """Write the recovery sheet: .pdf/.docx through the document engine when it is installed, else .html or .txt."""
    doc = recovery_sheet(db)
    suffix = path.suffix.lower()
    if suffix in (".pdf", ".docx"):
        try:
            from app.documents.render import render  # type: ignore[import-not-found]
        except ImportError:
            raise DomainError("keys.sheet_format",
                              _("这个版本还不能生成 PDF/Word，请用 .html 或 .txt 文件名（可在浏览器中打印）。"),
                              "output") from None
        render(_as_form(doc), path)
    elif suffix in (".html", ".htm"):
        atomic_write_text(path, _sheet_html(doc))
    elif suffix == ".txt":
        atomic_write_text(path, _sheet_text(doc))
    else:
        raise DomainError("keys.sheet_format", _("恢复说明的文件名应以 .pdf、.docx、.html 或 .txt 结尾"), "output")
    return path


def _as_form(doc: TextDocument) -> FormDocument:
    return FormDocument(title=doc.title, blocks=doc.blocks, org_name=doc.org_name, printed_on=date.today())
