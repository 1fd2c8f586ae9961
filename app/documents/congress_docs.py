"""Documents of the congress and its motions, built as app.documents.model objects (rendering: app.documents.render).

提案表 · 交办通知单 · 答复单 (forms) · 提案汇编 · 提案工作报告 (GB/T 9704 text) · 表决情况记录 (table).
"""

from __future__ import annotations

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
from app.i18n import _
from app.privacy_mask import mask_phone
from app.services import congress, motions
from app.services.motions import IMPLEMENTATION, MotionDetail
from app.storage.db import Database


def _org(db: Database) -> str:
    from app.services.org import get_org

    o = get_org(db)
    return (o.union_name or o.enterprise_name) if o else ""


def _d(v: date | None) -> str:
    return v.isoformat() if v else ""


def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _impl(code: str) -> str:
    return f"{code} {_(IMPLEMENTATION[code])}" if code in IMPLEMENTATION else ""


def _header(d: MotionDetail) -> FormSection:
    m = d.motion
    return FormSection(rows=[
        [FormField(_("届次/会议"), d.meeting_label), FormField(_("案号"), m.number)],
        [FormField(_("案由"), m.title, span=2)],
        [FormField(_("提案人"), d.proposer), FormField(_("类别"), _(m.category))],
        [FormField(_("部门"), m.proposer_dept), FormField(_("岗位"), m.proposer_post)],
        [FormField(_("联系电话"), mask_phone(m.proposer_contact)), FormField(_("提交日期"), _d(m.submitted_on))],
        [FormField(_("附议人"), "、".join(n for _i, n in d.cosigners), span=2)],
    ])


def motion_form(db: Database, motion_id: int) -> FormDocument:
    """提案表: the proposer's part, the review, the assignment, the reply and the proposer's rating."""
    d = motions.detail(db, motion_id)
    m = d.motion
    content = [[FormField(_("理由/案据"), m.reasons, span=2)], [FormField(_("建议/办法"), m.suggestions, span=2)]]
    if d.attachments:
        content.append([FormField(_("附件"), "、".join(a[1] for a in d.attachments), span=2)])
    blocks: list = [_header(d), FormSection(_("提案内容"), content)]
    review = [[FormField(_("审查结果"), m.disposition or _("待审查")), FormField(_("审查日期"), _d(m.reviewed_on))],
              [FormField(_("审查意见"), m.review_opinion, span=2)]]
    if d.merged_into_number:
        review.append([FormField(_("并入提案"), d.merged_into_number, span=2)])
    blocks.append(FormSection(_("提案审查委员会意见"), review))
    if m.assigned_on:
        blocks.append(FormSection(_("交办"), [
            [FormField(_("主办部门"), d.lead_department), FormField(_("协办部门"), "、".join(d.assist_department_names))],
            [FormField(_("交办日期"), _d(m.assigned_on)), FormField(_("办理期限"), _d(m.due_on))]]))
    if m.replied_on:
        blocks.append(_reply_section(d))
    if m.rated_on:
        blocks.append(FormSection(_("提案人意见"), [
            [FormField(_("办理态度"), m.rating_attitude), FormField(_("办理结果"), m.rating_result)],
            [FormField(_("评价日期"), _d(m.rated_on)), FormField(_("退回重办"), _("{n}次").format(n=m.returns))],
            [FormField(_("退回理由"), m.return_reason, span=2)]]))
    return FormDocument(_("职工代表大会提案表"), blocks, org_name=_org(db), printed_on=date.today(),
                        subtitle=d.meeting_label, signature_lines=[_("提案人（签名）："), _("附议人（签名）：")])


def _reply_section(d: MotionDetail) -> FormSection:
    m = d.motion
    rows = [[FormField(_("答复文号"), m.reply_number), FormField(_("答复方式"), _(m.reply_kind))],
            [FormField(_("答复内容"), m.reply_text, span=2)],
            [FormField(_("落实情况"), _impl(m.implementation)), FormField(_("答复日期"), _d(m.replied_on))]]
    if m.implementation_note:
        rows.append([FormField(_("情况说明"), m.implementation_note, span=2)])
    rows.append([FormField(_("承办人"), m.handler), FormField(_("签发人"), m.signer)])
    return FormSection(_("答复"), rows)


def assignment_notice(db: Database, motion_id: int) -> FormDocument:
    """交办通知单 to the lead department."""
    d = motions.detail(db, motion_id)
    m = d.motion
    if not m.assigned_on:
        from app.errors import DomainError

        raise DomainError("motion.not_assigned", _("提案 {no} 尚未交办").format(no=m.number))
    blocks: list = [
        FormSection(rows=[
            [FormField(_("主办部门"), d.lead_department), FormField(_("协办部门"), "、".join(d.assist_department_names))],
            [FormField(_("案号"), m.number), FormField(_("提案人"), d.proposer)],
            [FormField(_("案由"), m.title, span=2)],
            [FormField(_("交办日期"), _d(m.assigned_on)), FormField(_("办理期限"), _d(m.due_on))],
            [FormField(_("建议/办法"), m.suggestions, span=2)],
            [FormField(_("审查意见"), m.review_opinion, span=2)],
        ]),
        Paragraph(_("请主办部门会同协办部门认真研究办理，于办理期限前将书面答复（注明落实情况 A 已解决、B 列入计划、"
                    "C 因条件限制暂不能解决）送工会，并与提案人当面沟通。")),
    ]
    return FormDocument(_("职工代表大会提案交办通知单"), blocks, org_name=_org(db), printed_on=date.today(),
                        subtitle=d.meeting_label, signature_lines=[_("交办人："), _("接收人（签名）："), _("日期：")])


def reply_form(db: Database, motion_id: int) -> FormDocument:
    """答复单: the department's reply with the proposer's feedback block."""
    d = motions.detail(db, motion_id)
    m = d.motion
    blocks: list = [_header(d)]
    if m.replied_on:
        blocks.append(_reply_section(d))
    else:
        blocks.append(FormSection(_("答复"), [[FormField(_("答复内容"), "", span=2)],
                                             [FormField(_("落实情况"), "A □  B □  C □"), FormField(_("答复日期"), "")]]))
    blocks.append(FormSection(_("提案人意见"), [
        [FormField(_("办理态度"), m.rating_attitude or "满意 □  基本满意 □  不满意 □"),
         FormField(_("办理结果"), m.rating_result or "满意 □  基本满意 □  不满意 □")],
        [FormField(_("意见"), m.return_reason, span=2)]]))
    return FormDocument(_("职工代表大会提案答复单"), blocks, org_name=_org(db), printed_on=date.today(),
                        subtitle=d.meeting_label, signature_lines=[_("承办部门（盖章）："), _("提案人（签名）：")])


def motion_book(db: Database, meeting_id: int) -> TextDocument:
    """提案汇编: every motion of a meeting — number, title, proposer, co-signers, reasons, suggestions, handling."""
    meeting = congress.get_meeting(db, meeting_id)
    rows = motions.list_motions(db, motions.Filters(meeting_id=meeting_id))
    if not rows:
        return TextDocument(_("{label}提案汇编").format(label=meeting.label),
                            [Paragraph(_("本次会议未收到提案。"))], org_name=_org(db),
                            signature=SignatureBlock([_org(db), _cn_date(date.today())]))
    blocks: list = [Heading(_("一、提案目录")), TableBlock(
        [Column(_("案号"), 1.2), Column(_("案由"), 4), Column(_("提案人"), 1.2), Column(_("状态"), 1.2)],
        [[r.number, r.title, r.proposer, r.state_label] for r in rows])]
    blocks.append(Heading(_("二、提案内容")))
    for r in rows:
        d = motions.detail(db, r.id)
        m = d.motion
        blocks.append(Heading(_("第{no}号　{title}").format(no=m.number, title=m.title), level=2))
        # one line each, so that no label is broken over two lines ("类 / 别：劳动保护")
        blocks.append(Paragraph(_("提案人：{p}（{dept}）　类别：{cat}").format(
            p=d.proposer, dept=m.proposer_dept, cat=_(m.category)), indent=False))
        blocks.append(Paragraph(_("附议人：{c}").format(
            c="、".join(n for _i, n in d.cosigners) or _("无")), indent=False))
        blocks.append(Paragraph(_("理由：") + m.reasons))
        blocks.append(Paragraph(_("建议：") + m.suggestions))
        blocks.append(Paragraph(_("办理情况：") + _handling(d)))
    return TextDocument(_("{label}提案汇编").format(label=meeting.label), blocks, org_name=_org(db),
                        signature=SignatureBlock([_org(db), _cn_date(date.today())]))


def _handling(d: MotionDetail) -> str:
    m = d.motion
    parts = [motions.state_label(m.state)]
    if m.disposition == "并案":
        parts.append(_("并入第{no}号提案").format(no=d.merged_into_number))
    elif m.disposition == "不予立案":
        parts.append(_("不予立案，作为意见建议处理：{r}").format(r=m.review_opinion))
    if d.lead_department:
        parts.append(_("主办：{d}").format(d=d.lead_department))
    if m.replied_on:
        parts.append(_("{d}答复，落实情况{c}").format(d=_d(m.replied_on), c=_impl(m.implementation)))
    if m.rating_result:
        parts.append(_("提案人对结果{r}").format(r=m.rating_result))
    return "；".join(parts) + "。"


def motion_report(db: Database, meeting_id: int) -> TextDocument:
    """提案工作报告: the chair's edited text, or the drafted one. Lines starting with 一、二、… are headings."""
    meeting = congress.get_meeting(db, meeting_id)
    text, _edited = motions.report_text(db, meeting_id)
    blocks: list = []
    for para in (p.strip() for p in text.split("\n\n")):
        if not para:
            continue
        if len(para) < 40 and para[:2] in {f"{n}、" for n in "一二三四五六七八九十"}:
            blocks.append(Heading(para))
        elif para.endswith("：") and len(para) < 12:
            blocks.append(Paragraph(para, indent=False))
        else:
            blocks.append(Paragraph(para))
    return TextDocument(_("关于{label}提案办理情况的报告").format(label=meeting.label), blocks, org_name=_org(db),
                        signature=SignatureBlock([_org(db), _cn_date(date.today())]))


def vote_record(db: Database, meeting_id: int) -> TableDocument:
    """表决情况记录 of one meeting: every item with the numbers, the rule and the result."""
    meeting = congress.get_meeting(db, meeting_id)
    votes = congress.list_votes(db, meeting_id)
    rows = [[str(i + 1), v.title, _("无记名") if v.secret else _("举手/记名"), str(v.total), str(v.present),
             str(v.votes_for), str(v.votes_against), str(v.votes_abstain),
             _("{rule}（需{n}票）").format(rule=v.rule_label, n=v.pass_needed),
             _("通过") if v.passed else _("未通过")] for i, v in enumerate(votes)]
    notes = [_("全体代表{t}人，出席{p}人；出席人数须达全体代表的三分之二以上，即至少{n}人。").format(
        t=meeting.total, p=meeting.present, n=congress.rules.quorum(meeting.present, meeting.total).needed)]
    by_cite: dict[str, list[int]] = {}
    for i, v in enumerate(votes, 1):   # a contract's draft is decided by its own rule (集体合同规定 Art. 36)
        by_cite.setdefault(v.cite, []).append(i)
    for cite, items in by_cite.items():
        if len(by_cite) == 1:
            notes.append(_("表决规则：{c}").format(c=cite))
        else:
            notes.append(_("表决规则（第{items}项）：{c}").format(items="、".join(map(str, items)), c=cite))
    if votes:
        notes.append(_("出席规则：{c}").format(c=votes[0].quorum_cite))
    return TableDocument(
        _("{label}表决情况记录").format(label=meeting.label),
        [Column(_("序号"), 0.6, "center"), Column(_("表决事项"), 4), Column(_("方式"), 1.2, "center"),
         Column(_("全体代表"), 1, "right"), Column(_("出席"), 0.8, "right"), Column(_("赞成"), 0.8, "right"),
         Column(_("反对"), 0.8, "right"), Column(_("弃权"), 0.8, "right"), Column(_("通过规则"), 2),
         Column(_("结果"), 1, "center")],
        rows, landscape=True, org_name=_org(db), printed_on=date.today(),
        subtitle=_("会议日期：{a}　地点：{p}").format(a=_d(meeting.held_on), p=meeting.place),
        signature_lines=[_("计票人："), _("监票人："), _("记录人：")], notes=notes)


def meeting_report(db: Database, meeting_id: int) -> TextDocument:
    """会议情况报告 to the higher-level union (Shanghai Art. 37: within 7 working days of the closing day)."""
    from app.services.org import get_org

    meeting = congress.get_meeting(db, meeting_id)
    org = get_org(db)
    votes = congress.list_votes(db, meeting_id)
    q = congress.rules.quorum(meeting.present, meeting.total)
    one_day = meeting.closed_on is None or meeting.closed_on == meeting.held_on
    held = _("于{a}").format(a=_d(meeting.held_on)) if one_day else _("于{a}至{b}").format(
        a=_d(meeting.held_on), b=_d(meeting.closed_on))  # a one-day meeting is not "from 10-29 to 10-29"
    blocks: list = [Paragraph(_(
        "{org}{held}在{place}召开{label}。应到职工代表{t}人，实到{p}人，出席人数{ok}全体代表三分之二以上的要求。").format(
        org=_org(db), held=held, place=meeting.place or _("本单位"),
        label=meeting.label, t=meeting.total, p=meeting.present, ok=_("符合") if q.ok else _("不符合")))]
    if votes:
        blocks.append(Heading(_("一、表决事项")))
        for i, v in enumerate(votes, 1):
            blocks.append(Paragraph(_("{i}. {t}：{how}，赞成{f}票、反对{a}票、弃权{ab}票，{rule}需{n}票，{res}。").format(
                i=i, t=v.title, how=_("无记名投票") if v.secret else _("举手表决"), f=v.votes_for, a=v.votes_against,
                ab=v.votes_abstain, rule=v.rule_label, n=v.pass_needed, res=_("通过") if v.passed else _("未通过"))))
    o = motions.statistics(db, meeting_id).overall
    if o.submitted:
        blocks.append(Heading(_("二、提案情况")))
        blocks.append(Paragraph(_("本次会议共收到职工代表提案{n}件，已审查{v}件，其中立案{a}件，正在按程序交办和办理。").format(
            n=o.submitted, v=o.reviewed, a=o.accepted)))
    blocks.append(Paragraph(_("特此报告。")))
    return TextDocument(_("关于召开{label}的情况报告").format(label=meeting.label), blocks,
                        recipient=(org.parent_union + "：") if org and org.parent_union else "", org_name=_org(db),
                        signature=SignatureBlock([_org(db), _cn_date(date.today())]))
