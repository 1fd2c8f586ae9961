"""Documents of the hardship module, built as app.documents.model objects (the renderer makes PDF/DOCX).

Every document masks ID, phone and bank numbers. Sensitive fields appear on the household file only while the
household's consent is in force; the 公示 list holds only households that consented to it and no sensitive data.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from app.documents.model import (
    Column,
    FormDocument,
    FormField,
    FormSection,
    Heading,
    Paragraph,
    SignatureBlock,
    TableBlock,
    TableDocument,
    TextDocument,
)
from app.errors import DomainError
from app.i18n import _
from app.models.hardship import HardshipFile
from app.privacy_mask import mask_id, mask_phone
from app.rules.hardship import category_label, yuan
from app.services import hardship as hs
from app.services import org as org_service
from app.services import privacy
from app.storage.db import Database


def mask_account(number: str) -> str:
    """Bank account: only the last 4 digits visible."""
    n = (number or "").replace(" ", "")
    if not n:
        return ""
    return "*" * max(0, len(n) - 4) + n[-4:]


def _org(db: Database) -> str:
    o = org_service.get_org(db)
    return o.union_name if o else ""


def _d(d: date | None) -> str:
    return d.isoformat() if d else ""


def _yn(b: bool) -> str:
    return _("是") if b else _("否")


def _money(fen: int | None) -> str:
    return "" if fen is None else yuan(fen)


def _age(born: date | None, on: date) -> str:
    if born is None:
        return ""
    return str(on.year - born.year - ((on.month, on.day) < (born.month, born.day)))


# ---------------------------------------------------------------------------------------------------------------
# 困难职工档案


def file_document(db: Database, file_id: int, *, today: date | None = None) -> FormDocument:
    """The household file in the layout of the provincial 困难职工建档申请表."""
    today = today or date.today()
    d = hs.get_file(db, file_id)
    f = d.file
    hidden = _("（未登记同意，不显示）")

    def sens(v: str) -> str:
        return v if d.sensitive_allowed else hidden

    try:
        std = hs.standard_on(db, f.applied_on or today)
        standard = _("低保标准 {v} 元/人·月（{d} 起）").format(v=yuan(std.monthly_fen), d=std.valid_from.isoformat())
    except DomainError:
        standard = ""
    annual = hs.annual_income_fen(f)
    blocks: list = [
        FormSection(_("档案信息"), [
            [FormField(_("档案编号"), f.file_no), FormField(_("困难类别"), category_label(f.category) if f.category else ""),
             FormField(_("状态"), hs.state_label(f.state))],
            # the standard is a sentence with figures: two columns wide, so no number is cut at the cell's edge
            [FormField(_("建档标准"), standard, span=2), FormField(_("下次复核"), _d(f.next_recheck_on))],
        ], columns=3),
        FormSection(_("本人情况"), [
            [FormField(_("姓名"), f.name), FormField(_("性别"), f.sex), FormField(_("民族"), f.ethnicity)],
            [FormField(_("身份证号"), mask_id(f.id_number), span=2), FormField(_("出生日期"), _d(f.birth_date))],
            [FormField(_("政治面貌"), f.political_status), FormField(_("工作状态"), f.work_status),
             FormField(_("劳模类型"), f.model_worker_type)],
            [FormField(_("健康状况"), sens(f.health)), FormField(_("残疾类别"), sens(f.disability)),
             FormField(_("婚姻状况"), f.marital_status)],
            [FormField(_("手机号码"), mask_phone(f.mobile)), FormField(_("工作单位"), f.work_unit, span=2)],
            [FormField(_("现居住地"), f.address, span=2), FormField(_("是否单亲"), _yn(f.single_parent))],
        ], columns=3),
        FormSection(_("住房与家庭收入"), [
            [FormField(_("住房类型"), f.housing_type), FormField(_("建筑面积"), f.housing_area),
             FormField(_("家庭人口"), str(f.household_size))],
            [FormField(_("本人月均收入"), sens(_money(f.own_monthly_income_fen))),
             FormField(_("家庭其他年收入"), sens(_money(f.other_annual_income_fen))),
             FormField(_("家庭年度总收入"), sens(_money(annual)))],
            [FormField(_("年刚性支出"), sens(_money(f.rigid_expense_fen))),
             FormField(_("家庭人均月收入"), sens(_money(f.per_capita_fen))),
             FormField(_("医保状况"), f.medical_insurance)],
            [FormField(_("是否零就业家庭"), _yn(f.zero_employment)), FormField(_("低保金额"), sens(_money(f.dibao_fen))),
             FormField(_("意外支出"), sens(_money(f.accident_cost_fen)))],
        ], columns=3),
    ]
    if d.classification is not None and d.sensitive_allowed:
        blocks.append(Heading(_("困难类别认定计算"), 2))
        blocks.extend(Paragraph(line, indent=False, align="left") for line in d.classification.steps)
        if f.category_override:
            blocks.append(Paragraph(_("手动认定为{c}，理由：{r}").format(c=category_label(f.category),
                                                                   r=f.override_reason), indent=False))
    blocks.append(FormSection(_("致困原因"), [
        [FormField(_("主要原因"), f.main_cause), FormField(_("次要原因"), f.secondary_causes)],
        [FormField(_("致困原因简述"), f.reason_text, span=3)],
    ], columns=2))
    member_rows = []
    for m in d.members:
        child = hs.is_child(m.relation, m.birth_date, today)
        show = d.sensitive_allowed or not child
        member_rows.append([
            m.name if show else hidden, m.relation, m.sex, mask_id(m.id_number) if show else "",
            _age(m.birth_date, today) if show else "", sens(m.health) if m.health or not d.sensitive_allowed else "",
            sens(_money(m.monthly_income_fen)), m.identity, m.school_or_unit if show else "",
        ])
    # widths: "1,500.00" and the two-character headings (性别, 年龄) fit on one line
    blocks.append(TableBlock([Column(_("姓名"), 1.0), Column(_("关系"), 0.7), Column(_("性别"), 0.7),
                              Column(_("身份证号"), 2.5), Column(_("年龄"), 0.7), Column(_("健康状况"), 1.3),
                              Column(_("月收入"), 1.4, "right"), Column(_("身份"), 0.9), Column(_("单位或学校"), 1.5)],
                             member_rows or [[_("（无）"), "", "", "", "", "", "", "", ""]],
                             title=_("家庭成员（不含职工本人）")))
    blocks.append(FormSection(_("帮扶资金账户"), [
        [FormField(_("开户银行"), sens(f.bank_name), span=2), FormField(_("账户名"), sens(f.account_holder))],
        [FormField(_("账号"), sens(mask_account(f.bank_account)), span=3)],
    ], columns=3))
    reviews = [[e.level, e.result, e.opinion, e.person, _d(e.on_date)] for e in d.events if e.kind == "审核"]
    blocks.append(TableBlock([Column(_("审核单位"), 1.4), Column(_("结果"), 0.8), Column(_("审核意见"), 3.0),
                              Column(_("审核人"), 1.0), Column(_("日期"), 1.1)],
                             reviews or [["", "", "", "", ""]], title=_("审核意见")))
    blocks.append(Paragraph(_("本人承诺填写的家庭情况和提供的证明材料真实有效。"), indent=False))
    privacy.record_audit(db, "print", table="hardship_file", uuid=f.uuid, label=f.name, text="困难职工档案")
    return FormDocument(title=_("困难职工档案"), blocks=blocks, org_name=_org(db), printed_on=today,
                        signature_lines=[_("申请人签字（按指模）："), _("工会主席（负责人）签名："), _("（盖工会章）")],
                        subtitle=_("申报时间：{d}").format(d=_d(f.applied_on)))


# ---------------------------------------------------------------------------------------------------------------
# 慰问金发放签收表


def signoff_rows(db: Database, *, year: int | None = None, campaign_id: int | None = None
                 ) -> list[tuple[HardshipFile, str, int, str, int, date | None]]:
    """(file, item, cash fen, goods, goods value fen, date) for the sheet: the campaign's visits, or every visit
    and payment of the year."""
    out: list[tuple[HardshipFile, str, int, str, int, date | None]] = []
    for v, f in hs.list_visits(db, year=year, campaign_id=campaign_id):
        if v.cash_fen or v.goods:
            out.append((f, _(v.kind), v.cash_fen, v.goods, v.goods_value_fen, v.visited_on))
    if campaign_id is None and year is not None:
        for a, f in hs.list_payments(db, year=year):
            out.append((f, _(a.aid_type), a.amount_fen, "", 0, a.paid_on))
    return sorted(out, key=lambda t: (t[5] or date.max, t[0].name))


SIGN_ROW_MM = 12   # room for a handwritten name (and a fingerprint) in the 领取人签名 column


def signoff_document(db: Database, *, year: int | None = None, campaign_id: int | None = None,
                     today: date | None = None) -> TableDocument:
    """慰问金发放签收表: masked ID numbers and an empty signature column for the recipient."""
    if year is None and campaign_id is None:
        raise DomainError("hardship.signoff_scope", _("请指定年度或走访活动"), "year")
    today = today or date.today()
    title = _("慰问金发放签收表")
    subtitle = _("{y}年度").format(y=year) if year is not None else ""
    if campaign_id is not None:
        subtitle = hs.campaign_progress(db, campaign_id).campaign.name
    rows: list[list[str]] = []
    total = goods_total = 0
    for i, (f, item, cash, goods, gv, on) in enumerate(signoff_rows(db, year=year, campaign_id=campaign_id), 1):
        rows.append([str(i), f.name, mask_id(f.id_number), category_label(f.category) if f.category else "", item,
                     yuan(cash) if cash else "", goods, yuan(gv) if gv else "", _d(on), ""])
        total += cash
        goods_total += gv
    if not rows:
        raise DomainError("hardship.signoff_empty", _("没有可列入签收表的走访或救助记录"), "year")
    rows.append(["", _("合计"), "", "", "", yuan(total), "", yuan(goods_total) if goods_total else "", "", ""])
    privacy.record_audit(db, "print", table="hardship_visit", label=title, text=subtitle)
    return TableDocument(
        title=title, subtitle=subtitle, landscape=True, org_name=_org(db), printed_on=today,
        columns=[Column(_("序号"), 0.5, "center"), Column(_("姓名"), 1.0), Column(_("身份证号"), 2.0),
                 Column(_("困难类别"), 1.0), Column(_("项目"), 1.0), Column(_("金额（元）"), 1.0, "right"),
                 Column(_("物品"), 1.4), Column(_("物品价值（元）"), 1.0, "right"), Column(_("日期"), 1.1),
                 Column(_("领取人签名"), 1.6)],
        rows=rows, signature_lines=[_("经办人："), _("审核人："), _("工会主席：")], row_height_mm=SIGN_ROW_MM,
        notes=[_("身份证号已隐去中间位数；领取人本人签名，代领须注明代领人姓名及关系。")])


# ---------------------------------------------------------------------------------------------------------------
# 金秋助学申请表


def study_aid_document(db: Database, aid_id: int, *, today: date | None = None) -> FormDocument:
    today = today or date.today()
    a, f = hs.get_payment(db, aid_id)
    if a.aid_type != "金秋助学":
        raise DomainError("hardship.not_study", _("这笔救助不是金秋助学"), "aid_id")
    blocks: list = [
        FormSection(_("学生情况"), [
            [FormField(_("姓名"), a.student_name), FormField(_("录取院校"), a.school)],
            [FormField(_("录取专业"), a.major), FormField(_("学制（年）"), str(a.study_years or ""))],
            [FormField(_("录取时间"), _d(a.admission_on)), FormField(_("学杂费/年（元）"), _money(a.tuition_fen))],
        ], columns=2),
        FormSection(_("建档职工"), [
            [FormField(_("姓名"), f.name), FormField(_("性别"), f.sex)],
            [FormField(_("身份证号"), mask_id(f.id_number)), FormField(_("手机号"), mask_phone(f.mobile))],
            [FormField(_("工作单位"), f.work_unit), FormField(_("困难类别"), category_label(f.category) if f.category else "")],
            [FormField(_("致困原因简述"), f.reason_text or f.main_cause, span=3)],
        ], columns=2),
        FormSection(_("救助"), [
            [FormField(_("助学金额（元）"), yuan(a.amount_fen)), FormField(_("发放日期"), _d(a.paid_on))],
            [FormField(_("资金来源"), a.fund), FormField(_("签收"), _(a.signature))],
        ], columns=2),
        Paragraph(_("本人承诺在申请助学救助前，未获得政府部门和工会组织的同类资金救助。该承诺真实有效，本人愿接受监督，"
                    "若有不符，自愿返还助学资金。"), indent=True),
        TableBlock([Column(_("审核单位"), 1.5), Column(_("审核意见"), 3.0), Column(_("签名"), 1.2),
                    Column(_("日期"), 1.1)],
                   [[_("本单位工会"), "", "", ""], [_("所属上级工会"), "", "", ""]], title=_("审核意见")),
    ]
    privacy.record_audit(db, "print", table="hardship_aid", uuid=a.uuid, label=f.name, text="金秋助学申请表")
    return FormDocument(title=_("困难职工子女助学（金秋助学）申请表"), blocks=blocks, org_name=_org(db), printed_on=today,
                        signature_lines=[_("承诺人签名（按手印）："), _("日期：")])


# ---------------------------------------------------------------------------------------------------------------
# 公示 list


def publicity_document(db: Database, file_ids: list[int] | None = None, *, days: int = 5,
                       today: date | None = None) -> TableDocument:
    """公示名单: only households that consented to it (PIPL Art. 25); masked IDs; no sensitive data."""
    today = today or date.today()
    rows, excluded = hs.publicity_rows(db, file_ids)
    if not rows:
        raise DomainError("hardship.publicity_empty", _("没有可公示的家庭：公示名单只能列入已登记公示同意的家庭（未同意 {n} 户）")
                          .format(n=excluded), "publicity")
    with db.session() as s:
        units = {r.id: (s.get(HardshipFile, r.id) or HardshipFile(name="")).work_unit for r in rows}
    body = [[str(i), r.name, mask_id(r.id_number), units.get(r.id, ""), category_label(r.category) if r.category else "",
             str(r.household_size)] for i, r in enumerate(rows, 1)]
    privacy.record_audit(db, "print", table="hardship_file", label=_("公示名单"), text=f"{len(rows)}")
    return TableDocument(
        title=_("困难职工建档公示名单"), org_name=_org(db), printed_on=today,
        columns=[Column(_("序号"), 0.5, "center"), Column(_("姓名"), 1.0), Column(_("身份证号"), 2.0),
                 Column(_("工作单位"), 2.0), Column(_("困难类别"), 1.0), Column(_("家庭人口"), 0.8, "center")],
        rows=body,
        notes=[_("公示期：{a} 起 {n} 天。如有异议，请在公示期内向本单位工会实名反映。").format(a=today.isoformat(), n=days),
               _("本名单仅列入本人同意公示的家庭，身份证号已隐去中间位数。")],
        signature_lines=[_("（盖工会章）"), _("日期：{d}").format(d=today.isoformat())])


# ---------------------------------------------------------------------------------------------------------------
# Fund ledger and the yearly summary


def ledger_document(db: Database, year: int, *, today: date | None = None) -> TableDocument:
    rows = []
    tb = tp = 0
    for r in hs.ledger(db, year):
        rows.append([_(r.aid_type), _money(r.budget_fen), yuan(r.paid_fen), _money(r.remaining_fen), str(r.count)])
        tb += r.budget_fen or 0
        tp += r.paid_fen
    rows.append([_("合计"), yuan(tb), yuan(tp), yuan(tb - tp), ""])
    return TableDocument(title=_("帮扶资金台账"), subtitle=_("{y}年度").format(y=year), org_name=_org(db),
                         printed_on=today or date.today(),
                         columns=[Column(_("类别"), 1.2), Column(_("预算（元）"), 1.0, "right"),
                                  Column(_("已支出（元）"), 1.0, "right"), Column(_("余额（元）"), 1.0, "right"),
                                  Column(_("笔数"), 0.6, "center")],
                         rows=rows, signature_lines=[_("经办人："), _("财务审核：")])


def summary_document(db: Database, year: int, *, today: date | None = None) -> TextDocument:
    """The yearly summary: households by category and cause, visits, aid paid (aggregates only)."""
    t = hs.totals(db, year)
    org = _org(db)
    cats = t["files_by_category"]
    n_files = sum(cats.values())
    blocks: list = [
        Paragraph(_("截至{y}年底，本会在档困难职工家庭 {n} 户；本年新建档 {new} 户，解困、脱困和退档 {ex} 户。").format(
            y=year, n=n_files, new=t["new_files"], ex=sum(t["exits"].values()))),
        Heading(_("一、在档家庭"), 1),
        TableBlock([Column(_("困难类别"), 2.0), Column(_("户数"), 1.0, "right")],
                   [[category_label(c) if c in ("深度困难", "相对困难", "意外致困") else _("未达建档标准"), str(n)]
                    for c, n in sorted(cats.items())] or [[_("（无）"), "0"]]),
        TableBlock([Column(_("主要致困原因"), 2.0), Column(_("户数"), 1.0, "right")],
                   [[_(c), str(n)] for c, n in Counter(t["files_by_main_cause"]).most_common()] or [[_("（无）"), "0"]]),
        Heading(_("二、走访慰问"), 1),
        Paragraph(_("全年走访慰问 {n} 户次，发放慰问金 {cash} 元，慰问物品价值 {gv} 元。").format(
            n=sum(t["visits"].values()), cash=yuan(t["aid_paid_fen"].get(hs.VISIT_FUND_TYPE, 0)),
            gv=yuan(t["visit_goods_value_fen"]))),
        TableBlock([Column(_("走访类型"), 2.0), Column(_("户次"), 1.0, "right")],
                   [[_(k), str(v)] for k, v in t["visits"].items()] or [[_("（无）"), "0"]]),
        Heading(_("三、帮扶资金"), 1),
        TableBlock([Column(_("类别"), 1.5), Column(_("户数"), 0.8, "right"), Column(_("金额（元）"), 1.2, "right")],
                   [[_(k), str(t["aid_households"].get(k, 0)), yuan(v)] for k, v in t["aid_paid_fen"].items()]
                   + [[_("合计"), "", yuan(sum(t["aid_paid_fen"].values()))]]),
    ]
    return TextDocument(title=_("{y}年度困难职工帮扶工作汇总").format(y=year), blocks=blocks, org_name=org,
                        signature=SignatureBlock([org, (today or date.today()).strftime("%Y年%m月%d日").replace(
                            "年0", "年").replace("月0", "月")]))
