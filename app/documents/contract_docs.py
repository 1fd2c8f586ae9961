"""Documents of the collective contract: the contract text, 要约书, 协商会议纪要, the vote record (职代会决议), the
filing pack and the redline of two versions. Builders only: they return document-model objects; the docs engine
(``app.documents.render.render``) turns them into PDF/DOCX in the GB/T 9704 layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from app.documents.model import (
    Block,
    Column,
    FormField,
    FormSection,
    Heading,
    PageBreak,
    Paragraph,
    Redline,
    SignatureBlock,
    TableBlock,
    TextDocument,
)
from app.i18n import N_, _
from app.rules import contracts as rules
from app.rules.profile import rule
from app.services import contracts as cs
from app.services.contracts import ContractFile


def cn_date(d: date | None) -> str:
    """2026年1月5日 — the date style of an official document; blank line when unknown."""
    return f"{d.year}年{d.month}月{d.day}日" if d else "　　年　　月　　日"


def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


def _chief(cf: ContractFile, side: str) -> str:
    for r in cf.representatives:
        if r.side == side and r.chief and r.left_on is None:
            return r.name
    return ""


def contract_blocks(cf: ContractFile) -> list[Block]:
    blocks: list[Block] = []
    c = cf.contract
    party = [Paragraph(_("甲方（用人单位）：{name}").format(name=cf.org_name), indent=False),
             Paragraph(_("乙方（职工方）：{name}").format(name=cf.union_name or _("本单位工会")), indent=False)]
    if c.term_start or c.term_end:
        party.append(Paragraph(_("合同期限：{a}至{b}").format(a=cn_date(c.term_start), b=cn_date(c.term_end)), indent=False))
    blocks.extend(party)
    for ch in cs.numbered(cf.tree):
        blocks.append(Paragraph(f"{ch.number}　{ch.title}", indent=False, align="center", bold=True))
        for a in ch.articles:
            blocks.append(Paragraph(f"{a.number}　{a.text}"))
    return blocks


def contract_signature(cf: ContractFile) -> SignatureBlock:
    return SignatureBlock([
        _("甲方首席代表（签字）：{n}").format(n=_chief(cf, "employer") or "＿＿＿＿＿＿"),
        _("乙方首席代表（签字）：{n}").format(n=_chief(cf, "worker") or "＿＿＿＿＿＿"),
        cn_date(cf.contract.signed_on),
    ])


def contract_document(cf: ContractFile) -> TextDocument:
    """The contract text (GB/T 9704 text layout): parties, term, chapters and articles, signatures."""
    return TextDocument(title=cf.contract.title, blocks=contract_blocks(cf), signature=contract_signature(cf),
                        org_name=cf.org_name)


def offer_document(cf: ContractFile, offer_index: int = -1) -> TextDocument:
    """要约书: the written request to negotiate (Art. 32)."""
    if not cf.offers:
        from app.errors import DomainError

        raise DomainError("contract.offer.none", _("这份合同还没有登记要约"), "offers")
    o = cf.offers[offer_index]
    rule_ = rule(rules.AREA, "reply_days", cf.profile)
    dl = rules.reply_deadline(o.received_on or o.sent_on, cf.profile)
    sender = cf.union_name if o.from_side == "worker" else cf.org_name
    recipient = cf.org_name if o.from_side == "worker" else cf.union_name
    kind = str(rule(rules.AREA, "reply_day_kind", cf.profile).value)
    unit = _("个工作日") if kind == "working" else _("日")
    blocks: list[Block] = [
        Paragraph(_("根据《中华人民共和国劳动合同法》和《集体合同规定》等规定，本方提议就签订《{title}》进行集体协商。").format(
            title=cf.contract.title)),
        Paragraph(_("拟协商的主要内容：{t}").format(t=o.topics or rules.kind_label(cf.contract.kind))),
    ]
    if o.proposed_time:
        blocks.append(Paragraph(_("建议协商时间、地点：{t}").format(t=o.proposed_time)))
    blocks.append(Paragraph(_("请贵方自收到本要约书之日起{n}{unit}内书面答复（{cite}）。").format(
        n=rule_.value, unit=unit, cite=rule_.cite.split("：")[0])))
    if o.received_on:
        blocks.append(Paragraph(_("（贵方于{r}收到本要约书，答复期限至{d}。）").format(r=cn_date(o.received_on), d=cn_date(dl.due))))
    return TextDocument(title=_("集体协商要约书"), recipient=f"{recipient}：" if recipient else "", blocks=blocks,
                        signature=SignatureBlock([sender, cn_date(o.sent_on)]), org_name=cf.org_name)


def _reps_present(cf: ContractFile, side: str, on: date) -> str:
    names = [r.name for r in cf.representatives if r.side == side and (r.left_on is None or r.left_on > on)
             and (r.appointed_on is None or r.appointed_on <= on)]
    return "、".join(names)


def minutes_blocks(cf: ContractFile, m) -> list[Block]:  # noqa: ANN001 — a ContractMeeting
    chair = _chief(cf, m.chaired_by)
    return [
        FormSection(rows=[
            [FormField(_("会议"), _("第{n}次集体协商会议").format(n=m.number)), FormField(_("日期"), _iso(m.held_on))],
            [FormField(_("地点"), m.place), FormField(_("主持"), f"{rules.side_label(m.chaired_by)}{chair}")],
            [FormField(_("职工方代表"), _reps_present(cf, "worker", m.held_on), span=3)],
            [FormField(_("企业方代表"), _reps_present(cf, "employer", m.held_on), span=3)],
            [FormField(_("记录员"), cf.contract.recorder_name),
             FormField(_("结果"), _(cs.MEETING_OUTCOMES.get(m.outcome, m.outcome)))],
        ]),
        Heading(_("一、议程"), 1),
        Paragraph(m.agenda or _("（未填写）")),
        Heading(_("二、协商情况"), 1),
        *[Paragraph(p) for p in (m.minutes or _("（未填写）")).splitlines() if p.strip()],
        *([Paragraph(_("双方商定中止协商，于{d}恢复协商。").format(d=cn_date(m.next_on)))] if m.outcome == "suspended" else []),
        # one line per side: on one line a long name was cut between two lines (企业方 陈 / 志远)
        Paragraph(_("双方首席代表确认签字：\n职工方首席代表 {w}{ws}\n企业方首席代表 {e}{es}").format(
            w=_chief(cf, "worker"), ws=_("（已签）") if m.signed_worker else _("（未签）"),
            e=_chief(cf, "employer"), es=_("（已签）") if m.signed_employer else _("（未签）")), indent=False),
    ]


def minutes_document(cf: ContractFile, meeting_number: int) -> TextDocument:
    """协商会议纪要, with the signature lines of both chiefs (浙江条例 Art. 16 asks for them; nationally our practice)."""
    m = next((x for x in cf.meetings if x.number == meeting_number), None)
    if m is None:
        from app.errors import NotFound

        raise NotFound("contract.meeting", _("没有第{n}次协商会议").format(n=meeting_number), "meeting")
    return TextDocument(title=_("集体协商会议纪要"), blocks=minutes_blocks(cf, m), org_name=cf.org_name,
                        signature=SignatureBlock([_("职工方首席代表（签字）：＿＿＿＿＿＿"),
                                                  _("企业方首席代表（签字）：＿＿＿＿＿＿"), cn_date(m.held_on)]))


def vote_blocks(cf: ContractFile, v) -> list[Block]:  # noqa: ANN001 — a ContractVote
    res = rules.check_vote(v.total, v.present, v.in_favour, v.against, v.abstain, v.profile)
    q = rule(rules.AREA, "vote_quorum_ratio", v.profile)
    p = rule(rules.AREA, "vote_pass_rule", v.profile)
    blocks: list[Block] = [
        Paragraph(_("{d}，{org}{body}审议了《{title}》（草案）。应到{t}人，实到{pr}人，出席人数{q}三分之二。").format(
            d=cn_date(v.held_on), org=cf.org_name, body=v.body, title=cf.contract.title, t=v.total, pr=v.present,
            q=_("达到") if res.quorum else _("未达到"))),
        TableBlock([Column(_("应到人数"), align="center"), Column(_("实到人数"), align="center"),
                    Column(_("赞成"), align="center"), Column(_("反对"), align="center"),
                    Column(_("弃权"), align="center"), Column(_("结果"), align="center")],
                   [[str(v.total), str(v.present), str(v.in_favour), str(v.against), str(v.abstain),
                     _("通过") if res.passed else _("未通过")]]),
    ]
    if res.passed:
        blocks.append(Paragraph(_("赞成票{f}票，达到全体{t}人的{w}。会议决定：通过《{title}》，由双方首席代表签字后报送劳动行政部门审查。").format(
            f=v.in_favour, t=v.total, w=_("过半数") if p.value == "more_than" else _("半数以上"), title=cf.contract.title)))
    else:
        blocks.append(Paragraph(_("草案未获通过：{why}。草案退回双方协商代表重新协商。").format(
            why="；".join(f.message for f in res.findings))))
    blocks.append(Paragraph(_("依据：{a}；{b}").format(a=q.cite, b=p.cite), indent=False))
    return blocks


def vote_document(cf: ContractFile, index: int = -1) -> TextDocument:
    """The vote record / 职代会决议 (Art. 36)."""
    if not cf.votes:
        from app.errors import DomainError

        raise DomainError("contract.vote.none", _("这份合同还没有表决记录"), "votes")
    v = cf.votes[index]
    return TextDocument(title=_("{org}{body}关于《{title}》的决议").format(org=cf.org_name, body=v.body,
                                                                   title=cf.contract.title),
                        blocks=vote_blocks(cf, v), org_name=cf.org_name,
                        signature=SignatureBlock([_("{org}{body}").format(org=cf.org_name, body=v.body),
                                                  cn_date(v.held_on)]))


def negotiation_history(cf: ContractFile) -> list[Block]:
    """协商情况说明: who asked when, the meetings, the vote — from the contract's dated record."""
    c = cf.contract
    blocks: list[Block] = []
    for o in cf.offers:
        blocks.append(Paragraph(_("{d}，{side}以书面形式提出集体协商要求（要约）{recv}{reply}。").format(
            d=cn_date(o.sent_on), side=rules.side_label(o.from_side),
            recv=_("，对方于{d}收到").format(d=cn_date(o.received_on)) if o.received_on else "",
            reply=_("，于{d}书面答复").format(d=cn_date(o.reply_on)) if o.reply_on else "")))
    if cf.meetings:
        blocks.append(Paragraph(_("双方共举行集体协商会议{n}次：").format(n=len(cf.meetings))))
        for m in cf.meetings:
            blocks.append(Paragraph(_("第{n}次（{d}，{side}首席代表主持）：{agenda}；结果：{out}。").format(
                n=m.number, d=cn_date(m.held_on), side=rules.side_label(m.chaired_by), agenda=m.agenda or _("未填写议程"),
                out=_(cs.MEETING_OUTCOMES.get(m.outcome, m.outcome)))))
    for v in cf.votes:
        blocks.append(Paragraph(_("{d}，{body}表决：应到{t}人，实到{p}人，赞成{f}票，{r}。").format(
            d=cn_date(v.held_on), body=v.body, t=v.total, p=v.present, f=v.in_favour,
            r=_("通过") if v.passed else _("未通过"))))
    if c.signed_on:
        blocks.append(Paragraph(_("{d}，双方首席代表在合同文本上签字。").format(d=cn_date(c.signed_on))))
    if not blocks:
        blocks.append(Paragraph(_("（尚无协商记录）")))
    return blocks


def wage_blocks(cf: ContractFile) -> list[Block]:
    c = cf.contract
    rows = [[_("上年度职工月平均工资（元）"), c.prev_avg_wage or "—"],
            [_("工资调整幅度（%）"), c.wage_increase_pct or "—"],
            [_("本单位最低工资（元/月）"), c.lowest_wage or "—"],
            [_("当地月最低工资标准（元）"), rules.money(cf.minimum_wage) if cf.minimum_wage is not None else _("未设置")],
            [_("涉及职工人数"), str(c.people_covered or "—")]]
    return [TableBlock([Column(_("项目"), 2.0), Column(_("数值"), 1.0, "right")], rows)]


def representative_rows(cf: ContractFile) -> list[list[str]]:
    rows = []
    for r in cf.representatives:
        role = _("首席代表") if r.chief else _("代表")
        if r.chief and r.side == "worker":
            authority = _("工会主席") if r.union_chair else (_("委托书：{a}").format(a=r.authorisation) if r.authorisation
                                                          else _("（缺委托书）"))
        elif r.chief:
            authority = r.authorisation or _("法定代表人或其书面委托")
        else:
            authority = ""
        status = _("{d}离任").format(d=_iso(r.left_on)) if r.left_on else ""
        rows.append([rules.side_label(r.side), r.name, r.post, role, _("是") if r.outsider else "", authority, status])
    return rows


REP_COLUMNS = [Column(N_("一方"), 0.8), Column(N_("姓名"), 0.9), Column(N_("职务"), 1.3), Column(N_("身份"), 0.9),
               Column(N_("外聘"), 0.5, "center"), Column(N_("首席代表资格"), 1.6), Column(N_("备注"), 0.9)]


def _rep_columns() -> list[Column]:
    return [Column(_(c.label), c.width, c.align) for c in REP_COLUMNS]


def _part(n: int, title: str) -> Heading:
    return Heading(f"{cs.chinese_numeral(n)}、{title}", 1)


def filing_pack_document(cf: ContractFile) -> TextDocument:
    """The filing pack (Art. 42): contract, 协商情况说明, wage figures (工资专项), vote, representatives, minutes."""
    c = cf.contract
    copies = rule(rules.AREA, "filing_copies", cf.profile).value
    n = 1
    blocks: list[Block] = [Paragraph(_("报送材料（一式{n}份）：").format(n=copies), indent=False)]
    parts = [_("集体合同文本"), _("集体协商情况说明")]
    if c.kind == "wage":
        parts.append(_("工资专项集体合同有关数据"))
    parts += [_("职工代表大会决议（出席和表决情况）"), _("协商代表名单及首席代表资格"), _("双方首席代表签字的协商会议纪要")]
    for i, p in enumerate(parts, 1):
        blocks.append(Paragraph(f"{i}. {p}", indent=True))
    blocks.append(PageBreak())
    blocks.append(_part(n, _("集体合同文本")))
    n += 1
    blocks.append(Paragraph(c.title, indent=False, align="center", bold=True))
    blocks.extend(contract_blocks(cf))
    blocks.extend(Paragraph(line, indent=False, align="right") for line in contract_signature(cf).lines)
    blocks.append(PageBreak())
    blocks.append(_part(n, _("集体协商情况说明")))
    n += 1
    blocks.extend(negotiation_history(cf))
    if c.kind == "wage":
        blocks.append(_part(n, _("工资专项集体合同有关数据")))
        n += 1
        blocks.extend(wage_blocks(cf))
    blocks.append(PageBreak())
    blocks.append(_part(n, _("职工代表大会决议")))
    n += 1
    if cf.votes:
        blocks.extend(vote_blocks(cf, cf.votes[-1]))
    else:
        blocks.append(Paragraph(_("（尚无表决记录）")))
    blocks.append(_part(n, _("协商代表名单")))
    n += 1
    # the recorder above the list: under it, a full last page of the list left it alone on a page of its own
    blocks.append(Paragraph(_("记录员：{n}").format(n=c.recorder_name or _("未确定")), indent=False))
    blocks.append(TableBlock(_rep_columns(), representative_rows(cf)))
    blocks.append(PageBreak())
    blocks.append(_part(n, _("协商会议纪要")))
    if not cf.meetings:
        blocks.append(Paragraph(_("（尚无协商会议）")))
    for m in cf.meetings:
        blocks.append(Heading(_("（{n}）第{k}次集体协商会议（{d}）").format(n=cs.chinese_numeral(m.number), k=m.number,
                                                                  d=_iso(m.held_on)), 2))
        blocks.extend(minutes_blocks(cf, m))
    return TextDocument(title=_("集体合同审查报送材料"), blocks=blocks, org_name=cf.org_name,
                        recipient=_("劳动行政部门："),
                        signature=SignatureBlock([cf.org_name, cn_date(c.filed_on or c.signed_on)]))


def redline_lines(segments: Sequence[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """The segments cut at line ends: one list of segments per line of the newer/older text (a deleted or inserted
    line break ends a line too), so each chapter heading and article prints as its own paragraph."""
    lines: list[list[tuple[str, str]]] = [[]]
    for kind, text in segments:
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if part:
                lines[-1].append((kind, part))
            if i < len(parts) - 1:
                lines.append([])
    return [ln for ln in lines if ln]


def redline_document(cf: ContractFile, from_number: int, to_number: int,
                     segments: Sequence[tuple[str, str]]) -> TextDocument:
    """Two versions compared: insertions and deletions marked, character by character."""
    ins = sum(len(t) for k, t in segments if k == "ins")
    dels = sum(len(t) for k, t in segments if k == "del")
    return TextDocument(
        title=_("《{title}》修改对照").format(title=cf.contract.title),
        blocks=[Paragraph(_("第{a}版 → 第{b}版：新增{i}字，删除{d}字。下划线为新增内容，删除线为删去内容。").format(
            a=from_number, b=to_number, i=ins, d=dels), indent=False),
            *[Redline(line) for line in redline_lines(segments)]],
        org_name=cf.org_name)
