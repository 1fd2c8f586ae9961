"""The paper enrolment form (签名密钥登记表): org code, union name, fingerprint, date, signature and seal lines."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.documents.model import FormDocument, FormField, FormSection, Paragraph
from app.errors import DomainError
from app.i18n import _
from app.storage.db import Database
from app.sync import keys


def enrolment_document(db: Database, key_passphrase: str | None = None) -> FormDocument:
    doc = keys.enrolment(db, key_passphrase)
    fp = doc["fingerprint"]
    section = FormSection(title=_("签名密钥"), columns=1, rows=[
        [FormField(_("单位代码"), doc["org_code"])],
        [FormField(_("工会名称"), doc["union_name"])],
        [FormField(_("密钥指纹"), fp)],
        [FormField(_("公钥"), doc["public_key"])],
        [FormField(_("起始序号"), str(doc["valid_from_seq"]))],
        [FormField(_("登记日期"), doc["date"])],
    ])
    return FormDocument(
        title=_("工会上报数据签名密钥登记表"),
        org_name=doc["union_name"],
        printed_on=date.today(),
        blocks=[
            Paragraph(_("本工会向上级工会报送的数据包均以下列密钥签名。上级工会登记时请核对登记文件中的指纹"
                        "与本表一致；本表经工会主席签字并加盖工会印章后有效。")),
            section,
            Paragraph(_("指纹核对：{fp}").format(fp=fp), indent=False, bold=True),
        ],
        signature_lines=[_("工会主席（签字）："), _("工会印章："), _("日期：")],
    )


def print_enrolment(db: Database, path: Path, key_passphrase: str | None = None) -> Path:
    try:
        from app.documents.render import render  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise DomainError("print.unavailable", _("文书引擎尚未安装，无法生成 PDF")) from None
    render(enrolment_document(db, key_passphrase), path)
    return path
