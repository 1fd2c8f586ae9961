"""Collective contracts (集体合同): draft, negotiate, vote, sign, file, take effect, publish, renew.

State machine (``STATES``)::

    drafting ─要约→ negotiating ⇄ suspended
                     │ agreed (草案一致)
                     ▼
                   agreed ─vote failed→ negotiating
                     │ vote passed
                     ▼
                   adopted ─sign→ signed ─file→ filed ─received→ reviewing ─15 days, no objection→ in_force
                                                                   │ 审查意见书
                                                                   ▼
                                                                objection ─renegotiate→ negotiating
    in_force ─expiry / superseded→ ended

A draft is a tree of chapters and articles, stored as JSON in immutable :class:`ContractVersion` rows (every save is
a new version). Numbers and citations come from :mod:`app.rules.contracts`. Changes to a contract in force and
renewals start a new contract (``previous_id``) that goes through the whole procedure again.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from sqlalchemy import func, text
from sqlmodel import Session, col, select

from app.errors import DomainError, NotFound
from app.i18n import N_, _
from app.models import Member
from app.models.contracts import (
    Contract,
    ContractEvent,
    ContractMeeting,
    ContractOffer,
    ContractRepresentative,
    ContractVersion,
    ContractVote,
    MinimumWage,
)
from app.resources import load_json
from app.rules import contracts as rules
from app.rules.profile import current_profile, rule
from app.storage.db import Database
from app.validation.dates import DateError, parse_date

STATES: dict[str, str] = {
    "drafting": N_("起草中"),
    "negotiating": N_("协商中"),
    "suspended": N_("协商中止"),
    "agreed": N_("草案已协商一致"),
    "adopted": N_("职代会已通过"),
    "signed": N_("已签字"),
    "filed": N_("已报送"),
    "reviewing": N_("审查中"),
    "objection": N_("收到审查意见书"),
    "in_force": N_("已生效"),
    "ended": N_("已终止"),
}
TRANSITIONS: dict[str, set[str]] = {
    "drafting": {"negotiating"},
    "negotiating": {"suspended", "agreed"},
    "suspended": {"negotiating"},
    "agreed": {"negotiating", "adopted"},
    "adopted": {"signed"},
    "signed": {"filed"},
    "filed": {"reviewing"},
    "reviewing": {"in_force", "objection"},
    "objection": {"negotiating"},
    "in_force": {"ended"},
    "ended": set(),
}
EDITABLE_STATES = ("drafting", "negotiating", "suspended", "agreed", "objection")
EVENT_KINDS: dict[str, str] = {
    "created": N_("创建草案"), "offer": N_("发出要约"), "reply": N_("书面答复"), "meeting": N_("协商会议"),
    "suspended": N_("中止协商"), "resumed": N_("恢复协商"), "agreed": N_("草案协商一致"), "vote": N_("职代会表决"),
    "signed": N_("双方首席代表签字"), "filed": N_("报送劳动行政部门"), "received": N_("劳动行政部门收到文本"),
    "objection": N_("收到审查意见书"), "renegotiate": N_("重新协商"), "in_force": N_("生效"), "published": N_("向全体职工公布"),
    "ended": N_("终止"), "renewal": N_("续订/变更"), "rep": N_("代表变动"),
}
MEETING_OUTCOMES: dict[str, str] = {"continue": N_("继续协商"), "agreed": N_("达成一致"), "suspended": N_("中止协商")}
VOTE_BODIES = (N_("职工代表大会"), N_("职工大会"))


def state_label(state: str) -> str:
    return _(STATES.get(state, state))


# ---------------------------------------------------------------------------------------------------------------
# Chinese numerals and the draft tree

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 101 → 一百零一, 110 → 一百一十 (as articles are numbered)."""
    if n <= 0:
        raise ValueError(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    units = [(1000, "千"), (100, "百"), (10, "十")]
    out = ""
    rest = n
    zero = False
    for size, name in units:
        d = rest // size
        rest %= size
        if d:
            if zero:
                out += "零"
                zero = False
            out += _DIGITS[d] + name
        elif out:
            zero = True
    if rest:
        if zero:
            out += "零"
        out += _DIGITS[rest]
    return out


@dataclass
class Article:
    text: str
    topic: str = ""
    clause: str = ""     # the clause library entry it came from


@dataclass
class Chapter:
    title: str
    articles: list[Article] = field(default_factory=list)


def parse_tree(body: str | list[Any]) -> list[Chapter]:
    data = json.loads(body) if isinstance(body, str) else body
    out = []
    for ch in data or []:
        arts = [Article(str(a.get("text", "")), str(a.get("topic") or ""), str(a.get("clause") or ""))
                for a in ch.get("articles", [])]
        out.append(Chapter(str(ch.get("title", "")), arts))
    return out


def tree_json(tree: Sequence[Chapter]) -> str:
    return json.dumps([{"title": c.title, "articles": [{"text": a.text, "topic": a.topic, "clause": a.clause}
                                                       for a in c.articles]} for c in tree], ensure_ascii=False)


@dataclass(frozen=True)
class NumberedArticle:
    number: str          # 第一条
    text: str
    topic: str


@dataclass(frozen=True)
class NumberedChapter:
    number: str          # 第一章
    title: str
    articles: tuple[NumberedArticle, ...]


def numbered(tree: Sequence[Chapter]) -> list[NumberedChapter]:
    """Chapters 第一章… and articles 第一条… numbered consecutively through the whole contract."""
    out = []
    n = 0
    for i, ch in enumerate(tree, 1):
        arts = []
        for a in ch.articles:
            n += 1
            arts.append(NumberedArticle(f"第{chinese_numeral(n)}条", a.text, a.topic))
        out.append(NumberedChapter(f"第{chinese_numeral(i)}章", ch.title, tuple(arts)))
    return out


def plain_text(tree: Sequence[Chapter]) -> str:
    """The draft as numbered text, one chapter heading or article a line (what the redline compares)."""
    lines = []
    for ch in numbered(tree):
        lines.append(f"{ch.number}　{ch.title}")
        for a in ch.articles:
            lines.append(f"{a.number}　{a.text}")
    return "\n".join(lines)


def validate_tree(tree: Sequence[Chapter]) -> list[Chapter]:
    clean = []
    for i, ch in enumerate(tree, 1):
        title = ch.title.strip()
        if not title:
            raise DomainError("contract.chapter.title", _("第{n}章没有标题").format(n=chinese_numeral(i)), "draft")
        arts = []
        for a in ch.articles:
            body = a.text.strip()
            if not body:
                continue  # an empty article is dropped, not numbered
            if a.topic and a.topic not in rules.TOPICS:
                raise DomainError("contract.topic", _("未知的条款类别：{t}").format(t=a.topic), "draft")
            arts.append(Article(body, a.topic, a.clause))
        clean.append(Chapter(title, arts))
    return clean


# ---------------------------------------------------------------------------------------------------------------
# Clause library


@dataclass(frozen=True)
class Clause:
    id: str
    topic: str
    kinds: tuple[str, ...]
    chapter: str
    title: str
    text: str


def clause_library(kind: str | None = None, topic: str | None = None) -> list[Clause]:
    data = load_json("clauses", "starter_clauses.json")
    out = []
    for c in data["clauses"]:
        cl = Clause(c["id"], c["topic"], tuple(c["kinds"]), c["chapter"], c["title"], c["text"])
        if kind and kind not in cl.kinds:
            continue
        if topic and cl.topic != topic:
            continue
        out.append(cl)
    return out


def get_clause(clause_id: str) -> Clause:
    for c in clause_library():
        if c.id == clause_id:
            return c
    raise NotFound("contract.clause", _("条款库中没有条款 {id}").format(id=clause_id))


def starter_tree(kind: str) -> list[Chapter]:
    """A first draft for ``kind``: 总则, then the library's clauses grouped into chapters, then 附则."""
    chapters: list[Chapter] = [Chapter("总则", [Article(
        "为维护职工和企业双方的合法权益，建立和谐稳定的劳动关系，根据《中华人民共和国劳动法》《中华人民共和国劳动合同法》"
        "和《集体合同规定》等法律法规，经双方平等协商，订立本合同。")])]
    by_title: dict[str, Chapter] = {}
    for c in clause_library(kind):
        ch = by_title.get(c.chapter)
        if ch is None:
            ch = by_title[c.chapter] = Chapter(c.chapter)
            chapters.append(ch)
        ch.articles.append(Article(c.text, c.topic, c.id))
    chapters.append(Chapter("附则", [Article(
        "本合同经职工代表大会审议通过、双方首席代表签字，报劳动行政部门审查后生效。本合同一式【五】份。")]))
    return chapters


# ---------------------------------------------------------------------------------------------------------------
# Helpers


def _today(today: date | None) -> date:
    return today or date.today()


def _date(v: Any, fld: str, *, required: bool = True) -> date | None:
    if v in (None, ""):
        if required:
            raise DomainError("contract.date.required", _("请填写日期"), fld)
        return None
    if isinstance(v, date):
        return v
    try:
        return parse_date(v)
    except DateError as e:
        raise DomainError("contract.date", str(e), fld) from e


def _get(s: Session, contract_id: int) -> Contract:
    c = s.get(Contract, contract_id)
    if c is None:
        raise NotFound("contract.not_found", _("没有编号为 {id} 的集体合同").format(id=contract_id))
    return c


def _move(s: Session, c: Contract, to: str) -> None:
    if to not in TRANSITIONS.get(c.state, set()):
        raise DomainError("contract.state", _("合同当前为“{a}”，不能变为“{b}”").format(
            a=state_label(c.state), b=state_label(to)), "state")
    c.state = to
    s.add(c)


def _event(s: Session, c: Contract, on: date, kind: str, note: str = "") -> None:
    s.add(ContractEvent(contract_id=c.id, on_date=on, kind=kind, note=note))  # type: ignore[arg-type]


def profile_of(db: Database) -> str:
    return current_profile(db)


def get_contract(db: Database, contract_id: int) -> Contract:
    with db.session() as s:
        return _get(s, contract_id)


@dataclass(frozen=True)
class ContractRow:
    id: int
    kind: str
    title: str
    state: str
    versions: int
    term_start: date | None
    term_end: date | None

    @property
    def kind_label(self) -> str:
        return rules.kind_label(self.kind)

    @property
    def state_label(self) -> str:
        return state_label(self.state)


def list_contracts(db: Database) -> list[ContractRow]:
    with db.session() as s:
        counts: dict[int, int] = {int(r[0]): int(r[1]) for r in s.execute(text(
            "SELECT contract_id, COUNT(*) FROM contract_version GROUP BY contract_id")).all()}
        rows = s.exec(select(Contract).order_by(col(Contract.id))).all()
        return [ContractRow(c.id, c.kind, c.title, c.state, counts.get(c.id, 0), c.term_start, c.term_end)  # type: ignore[arg-type]
                for c in rows]


# ---------------------------------------------------------------------------------------------------------------
# Contracts and drafts


def create_contract(db: Database, kind: str, title: str = "", *, term_start: Any = None, term_end: Any = None,
                    employer_name: str = "", from_library: bool = True, large_firm: bool = False,
                    today: date | None = None) -> Contract:
    if kind not in rules.KINDS:
        raise DomainError("contract.kind", _("合同类型应为：{k}").format(
            k="、".join(rules.kind_label(k) for k in rules.KINDS)), "kind")
    title = title.strip() or rules.kind_label(kind)
    if len(title) > 200:
        raise DomainError("contract.title", _("合同名称不能超过200个字"), "title")
    start = _date(term_start, "term_start", required=False)
    end = _date(term_end, "term_end", required=False)
    if start and end and end < start:
        raise DomainError("contract.term.order", _("合同期限的终止日期早于起始日期"), "term_end")
    if not employer_name:
        from app.services.org import get_org

        org = get_org(db)
        employer_name = org.enterprise_name if org else ""
    with db.session(write=True) as s:
        c = Contract(kind=kind, title=title, term_start=start, term_end=end, employer_name=employer_name,
                     large_firm=large_firm)
        s.add(c)
        s.flush()
        tree = starter_tree(kind) if from_library else []
        s.add(ContractVersion(contract_id=c.id, number=1, body=tree_json(tree), note=_("初稿"),  # type: ignore[arg-type]
                              saved_by=db.actor))
        _event(s, c, _today(today), "created", title)
        return c


def update_contract(db: Database, contract_id: int, values: dict[str, Any]) -> Contract:
    """Title, term, employer, recorder, large firm flag and the 工资专项 figures."""
    with db.session(write=True) as s:
        c = _get(s, contract_id)
        for k in ("title", "employer_name", "notes"):
            if k in values:
                setattr(c, k, str(values[k] or "").strip())
        if not c.title:
            raise DomainError("contract.title", _("请填写合同名称"), "title")
        for k in ("term_start", "term_end"):
            if k in values:
                setattr(c, k, _date(values[k], k, required=False))
        if c.term_start and c.term_end and c.term_end < c.term_start:
            raise DomainError("contract.term.order", _("合同期限的终止日期早于起始日期"), "term_end")
        if "large_firm" in values:
            c.large_firm = bool(values["large_firm"])
        if "recorder_name" in values:
            c.recorder_name = str(values["recorder_name"] or "").strip()
            c.recorder_key = str(values.get("recorder_key") or "")
        for k in ("prev_avg_wage", "lowest_wage"):
            if k in values:
                setattr(c, k, _money_text(values[k], k))
        if "wage_increase_pct" in values:
            c.wage_increase_pct = _money_text(values["wage_increase_pct"], "wage_increase_pct", allow_negative=True)
        if "people_covered" in values:
            try:
                n = int(values["people_covered"] or 0)
                if n < 0:
                    raise ValueError
            except (TypeError, ValueError) as e:
                raise DomainError("contract.people", _("涉及职工人数应为不小于0的整数"), "people_covered") from e
            c.people_covered = n
        s.add(c)
        return c


def _money_text(v: Any, fld: str, *, allow_negative: bool = False) -> str:
    if v in (None, ""):
        return ""
    try:
        q = Fraction(str(v).replace(",", "").replace("，", "").strip())
    except (ValueError, ZeroDivisionError) as e:
        raise DomainError("contract.number", _("“{v}”不是数字").format(v=v), fld) from e
    if q < 0 and not allow_negative:
        raise DomainError("contract.number", _("金额不能为负数"), fld)
    return str(v).replace(",", "").replace("，", "").strip()


def save_draft(db: Database, contract_id: int, tree: Sequence[Chapter], note: str = "") -> ContractVersion:
    """Save the draft as a new version (versions are never overwritten). Unchanged text makes no new version."""
    clean = validate_tree(tree)
    body = tree_json(clean)
    with db.session(write=True) as s:
        c = _get(s, contract_id)
        if c.state not in EDITABLE_STATES:
            raise DomainError("contract.locked", _("合同已{state}，文本不能再改；如需修改，请走变更程序（“变更”）").format(
                state=state_label(c.state)), "draft")
        last = s.exec(select(ContractVersion).where(ContractVersion.contract_id == contract_id)
                      .order_by(col(ContractVersion.number).desc())).first()
        if last is not None and last.body == body and not note:
            return last
        v = ContractVersion(contract_id=contract_id, number=(last.number if last else 0) + 1, body=body,
                            note=note.strip()[:200], saved_by=db.actor)
        s.add(v)
        if c.state == "agreed":  # the agreed draft changed: back to the table
            c.state = "negotiating"
            s.add(c)
        return v


def versions(db: Database, contract_id: int) -> list[ContractVersion]:
    with db.session() as s:
        _get(s, contract_id)
        return list(s.exec(select(ContractVersion).where(ContractVersion.contract_id == contract_id)
                           .order_by(col(ContractVersion.number))).all())


def get_version(db: Database, contract_id: int, number: int | None = None) -> ContractVersion:
    """A version by its number; the latest when ``number`` is None."""
    with db.session() as s:
        _get(s, contract_id)
        q = select(ContractVersion).where(ContractVersion.contract_id == contract_id)
        q = q.where(ContractVersion.number == number) if number is not None else \
            q.order_by(col(ContractVersion.number).desc())
        v = s.exec(q).first()
        if v is None:
            raise NotFound("contract.version", _("合同 {id} 没有第{n}版").format(id=contract_id, n=number), "version")
        return v


def draft(db: Database, contract_id: int, number: int | None = None) -> list[Chapter]:
    return parse_tree(get_version(db, contract_id, number).body)


def redline_segments(old: str, new: str) -> list[tuple[str, str]]:
    """Character-level changes from ``old`` to ``new``: [(same|del|ins, text)], adjacent pieces merged.

    Two passes keep long contracts fast: lines are matched first, then only the changed blocks of lines are
    compared character by character (difflib on a whole contract's characters grows with the square of its length).
    """
    out: list[tuple[str, str]] = []

    def put(kind: str, text: str) -> None:
        if not text:
            return
        if out and out[-1][0] == kind:
            out[-1] = (kind, out[-1][1] + text)
        else:
            out.append((kind, text))

    def chars(a: str, b: str) -> None:
        sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for op, a0, a1, b0, b1 in sm.get_opcodes():
            if op == "equal":
                put("same", a[a0:a1])
            else:
                put("del", a[a0:a1])
                put("ins", b[b0:b1])

    la, lb = old.splitlines(keepends=True), new.splitlines(keepends=True)
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(None, la, lb, autojunk=False).get_opcodes():
        if op == "equal":
            put("same", "".join(la[a0:a1]))
        elif op == "delete":
            put("del", "".join(la[a0:a1]))
        elif op == "insert":
            put("ins", "".join(lb[b0:b1]))
        else:
            chars("".join(la[a0:a1]), "".join(lb[b0:b1]))
    return out


def redline(db: Database, contract_id: int, from_number: int, to_number: int) -> list[tuple[str, str]]:
    a = plain_text(draft(db, contract_id, from_number))
    b = plain_text(draft(db, contract_id, to_number))
    return redline_segments(a, b)


# ---------------------------------------------------------------------------------------------------------------
# Checks on the draft


def minimum_wage_entries(db: Database) -> list[tuple[date, str, str]]:
    """The dated minimum wages: the union's own entries, else the profile's defaults. (from, yuan, source)"""
    with db.session() as s:
        rows = s.exec(select(MinimumWage).order_by(col(MinimumWage.effective_from))).all()
    if rows:
        return [(r.effective_from, r.yuan, r.source or r.area) for r in rows]
    r = rule(rules.AREA, "minimum_wage", profile_of(db))
    return [(date.fromisoformat(str(e["from"])), str(e["yuan"]), r.cite) for e in r.value]


def set_minimum_wage(db: Database, effective_from: Any, yuan: Any, area: str = "", source: str = "") -> MinimumWage:
    d = _date(effective_from, "effective_from")
    amount = _money_text(yuan, "yuan")
    if not amount or Fraction(amount) <= 0:
        raise DomainError("contract.minimum_wage", _("请填写月最低工资标准（元）"), "yuan")
    with db.session(write=True) as s:
        row = s.exec(select(MinimumWage).where(MinimumWage.effective_from == d)).first()
        if row is None:
            row = MinimumWage(effective_from=d, yuan=amount)  # type: ignore[arg-type]
        row.yuan, row.area, row.source = amount, area.strip(), source.strip()
        s.add(row)
        return row


def minimum_wage_on(db: Database, on: date) -> Fraction | None:
    return rules.minimum_wage_on(on, [(d, y) for d, y, _src in minimum_wage_entries(db)])


def check_draft(db: Database, contract_id: int, number: int | None = None) -> list[rules.Finding]:
    """Completeness (Art. 8), term (Art. 38) and, for 工资专项, the minimum wage (劳动合同法 Art. 55)."""
    c = get_contract(db, contract_id)
    tree = draft(db, contract_id, number)
    profile = profile_of(db)
    tagged = [a.topic for ch in tree for a in ch.articles if a.topic]
    texts = [ch.title for ch in tree] + [a.text for ch in tree for a in ch.articles]
    out = rules.check_completeness(c.kind, tagged, texts, profile)
    out += rules.check_blanks((a.number, a.text) for ch in numbered(tree) for a in ch.articles)
    out += rules.check_term(c.term_start, c.term_end, profile)
    if c.kind == "wage":
        on = c.term_start or date.today()
        lowest = Fraction(c.lowest_wage) if c.lowest_wage else None
        out += rules.check_minimum_wage(lowest, minimum_wage_on(db, on), profile)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Negotiation: 要约, representatives, meetings


def send_offer(db: Database, contract_id: int, *, from_side: str = "worker", sent_on: Any, received_on: Any = None,
               topics: str = "", proposed_time: str = "") -> ContractOffer:
    if from_side not in rules.SIDES:
        raise DomainError("contract.side", _("提出方应为职工方或企业方"), "from_side")
    sent = _date(sent_on, "sent_on")
    received = _date(received_on, "received_on", required=False)
    if received and sent and received < sent:
        raise DomainError("contract.offer.order", _("收到日期早于发出日期"), "received_on")
    with db.session(write=True) as s:
        c = _get(s, contract_id)
        o = ContractOffer(contract_id=contract_id, from_side=from_side, sent_on=sent, received_on=received,  # type: ignore[arg-type]
                          topics=topics.strip(), proposed_time=proposed_time.strip())
        s.add(o)
        if c.state == "drafting":
            _move(s, c, "negotiating")
        _event(s, c, sent, "offer", _("{side}提出集体协商要求").format(side=rules.side_label(from_side)))  # type: ignore[arg-type]
        return o


def record_reply(db: Database, offer_id: int, *, reply_on: Any, note: str = "", received_on: Any = None) -> ContractOffer:
    with db.session(write=True) as s:
        o = s.get(ContractOffer, offer_id)
        if o is None:
            raise NotFound("contract.offer", _("没有编号为 {id} 的要约").format(id=offer_id))
        if received_on not in (None, ""):
            o.received_on = _date(received_on, "received_on")
        d = _date(reply_on, "reply_on")
        if d and d < o.sent_on:
            raise DomainError("contract.offer.order", _("答复日期早于要约发出日期"), "reply_on")
        o.reply_on, o.reply_note = d, note.strip()
        s.add(o)
        _event(s, _get(s, o.contract_id), d, "reply", note.strip())  # type: ignore[arg-type]
        return o


def offers(db: Database, contract_id: int) -> list[ContractOffer]:
    with db.session() as s:
        return list(s.exec(select(ContractOffer).where(ContractOffer.contract_id == contract_id)
                           .order_by(col(ContractOffer.sent_on))).all())


def offer_deadline(db: Database, o: ContractOffer) -> rules.Deadline:
    return rules.reply_deadline(o.received_on or o.sent_on, profile_of(db))


REP_FIELDS = ("side", "name", "member_id", "post", "chief", "outsider", "union_chair", "authorisation",
              "labour_contract_end", "appointed_on", "left_on", "left_reason")


def _apply_rep(s: Session, r: ContractRepresentative, values: dict[str, Any], chair_name: str) -> None:
    for k, v in values.items():
        if k not in REP_FIELDS:
            continue
        if k in ("labour_contract_end", "appointed_on", "left_on"):
            setattr(r, k, _date(v, k, required=False))
        elif k in ("chief", "outsider", "union_chair"):
            setattr(r, k, bool(v))
        elif k == "member_id":
            r.member_id = int(v) if v not in (None, "") else None
        else:
            setattr(r, k, str(v or "").strip())
    if r.member_id is not None:
        m = s.get(Member, r.member_id)
        if m is None:
            raise NotFound("member.not_found", _("会员不存在（编号 {id}）").format(id=r.member_id), "member_id")
        if not r.name:
            r.name = m.name
        if not r.post:
            r.post = m.post
    if r.side not in rules.SIDES:
        raise DomainError("contract.side", _("代表所属一方应为职工方或企业方"), "side")
    if not r.name:
        raise DomainError("contract.rep.name", _("请填写代表姓名"), "name")
    if "union_chair" not in values and chair_name and r.side == "worker":
        r.union_chair = r.name == chair_name
    if r.left_on and r.appointed_on and r.left_on < r.appointed_on:
        raise DomainError("contract.rep.left", _("离任日期早于产生日期"), "left_on")


def add_representative(db: Database, contract_id: int, values: dict[str, Any]) -> ContractRepresentative:
    from app.services.org import get_org

    org = get_org(db)
    with db.session(write=True) as s:
        c = _get(s, contract_id)
        r = ContractRepresentative(contract_id=contract_id, side=str(values.get("side", "worker")), name="")
        _apply_rep(s, r, values, org.chair_name if org else "")
        s.add(r)
        if r.appointed_on and c.state not in ("drafting",):
            _event(s, c, r.appointed_on, "rep", _("{side}代表{name}产生").format(side=rules.side_label(r.side), name=r.name))
        return r


def update_representative(db: Database, rep_id: int, values: dict[str, Any]) -> ContractRepresentative:
    from app.services.org import get_org

    org = get_org(db)
    with db.session(write=True) as s:
        r = s.get(ContractRepresentative, rep_id)
        if r is None:
            raise NotFound("contract.rep", _("没有编号为 {id} 的协商代表").format(id=rep_id))
        was_left = r.left_on
        _apply_rep(s, r, values, org.chair_name if org else "")
        s.add(r)
        if r.left_on and not was_left:
            _event(s, _get(s, r.contract_id), r.left_on, "rep", _("{side}代表{name}离任：{why}").format(
                side=rules.side_label(r.side), name=r.name, why=r.left_reason or _("未说明")))
        return r


def remove_representative(db: Database, rep_id: int) -> None:
    """Delete a representative entered by mistake (a departure is recorded with ``left_on`` instead)."""
    with db.session(write=True) as s:
        r = s.get(ContractRepresentative, rep_id)
        if r is None:
            raise NotFound("contract.rep", _("没有编号为 {id} 的协商代表").format(id=rep_id))
        s.delete(r)


def representatives(db: Database, contract_id: int) -> list[ContractRepresentative]:
    with db.session() as s:
        return list(s.exec(select(ContractRepresentative).where(ContractRepresentative.contract_id == contract_id)
                           .order_by(col(ContractRepresentative.side).desc(), col(ContractRepresentative.chief).desc(),
                                     col(ContractRepresentative.id))).all())


def _rep_check(c: Contract, reps: Sequence[ContractRepresentative], uuids: dict[int, str], profile: str,
               today: date) -> rules.RepCheck:
    rr = [rules.Rep(side=r.side, name=r.name, person_key=uuids.get(r.member_id, "") if r.member_id else "",
                    chief=r.chief, outsider=r.outsider, union_chair=r.union_chair, authorisation=r.authorisation,
                    labour_contract_end=r.labour_contract_end, left_on=r.left_on, appointed_on=r.appointed_on)
          for r in reps]
    return rules.check_representatives(rr, recorder=c.recorder_name, recorder_key=c.recorder_key,
                                       large_firm=c.large_firm, duty_end=c.term_end, today=today, profile=profile)


def _member_uuids(s: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    return {m.id: m.uuid for m in s.exec(select(Member).where(col(Member.id).in_(wanted))).all()}  # type: ignore[misc]


def check_representatives(db: Database, contract_id: int, today: date | None = None) -> rules.RepCheck:
    c = get_contract(db, contract_id)
    reps = representatives(db, contract_id)
    with db.session() as s:
        uuids = _member_uuids(s, [r.member_id for r in reps])
    return _rep_check(c, reps, uuids, profile_of(db), _today(today))


def add_meeting(db: Database, contract_id: int, *, held_on: Any, agenda: str = "", minutes: str = "",
                place: str = "", chaired_by: str | None = None, outcome: str = "continue",
                next_on: Any = None) -> ContractMeeting:
    """Record a negotiation meeting. ``outcome``: continue | agreed (the draft is agreed) | suspended (Art. 35)."""
    if outcome not in MEETING_OUTCOMES:
        raise DomainError("contract.meeting.outcome", _("会议结果应为：继续协商、达成一致或中止协商"), "outcome")
    d = _date(held_on, "held_on")
    nxt = _date(next_on, "next_on", required=False)
    if outcome == "suspended" and nxt is None:
        raise DomainError("contract.meeting.next", _("中止协商时应商定下次协商的时间"), "next_on")
    if nxt and d and nxt < d:
        raise DomainError("contract.meeting.next", _("下次协商日期早于本次会议"), "next_on")
    if outcome == "agreed":
        check = check_representatives(db, contract_id, d)
        errors = [f for f in check.findings if f.is_error]
        if errors:
            raise DomainError("contract.reps.invalid", _("协商代表不符合规定，不能形成草案：{p}").format(
                p="；".join(f.message for f in errors)), "representatives")
    with db.session(write=True) as s:
        c = _get(s, contract_id)
        if c.state not in ("negotiating", "suspended"):
            raise DomainError("contract.state", _("合同当前为“{a}”，不能记录协商会议").format(a=state_label(c.state)), "state")
        n = int(s.execute(select(func.count()).select_from(ContractMeeting).where(  # type: ignore[call-overload]
            ContractMeeting.contract_id == contract_id)).scalar() or 0) + 1
        if chaired_by is None:  # the chiefs chair in turn
            chaired_by = "worker" if n % 2 == 1 else "employer"
        if chaired_by not in rules.SIDES:
            raise DomainError("contract.side", _("主持方应为职工方或企业方"), "chaired_by")
        m = ContractMeeting(contract_id=contract_id, number=n, held_on=d, place=place.strip(), chaired_by=chaired_by,  # type: ignore[arg-type]
                            agenda=agenda.strip(), minutes=minutes.strip(), outcome=outcome, next_on=nxt)
        s.add(m)
        if c.state == "suspended":
            _move(s, c, "negotiating")
            _event(s, c, d, "resumed")  # type: ignore[arg-type]
        _event(s, c, d, "meeting", _("第{n}次协商会议：{a}").format(n=n, a=agenda.strip()[:80]))  # type: ignore[arg-type]
        if outcome == "suspended":
            _move(s, c, "suspended")
            _event(s, c, d, "suspended", _("商定于{d}恢复协商").format(d=nxt.isoformat()))  # type: ignore[arg-type,union-attr]
        elif outcome == "agreed":
            _move(s, c, "agreed")
            _event(s, c, d, "agreed")  # type: ignore[arg-type]
        return m


def sign_minutes(db: Database, meeting_id: int, side: str, signed: bool = True) -> ContractMeeting:
    if side not in rules.SIDES:
        raise DomainError("contract.side", _("签字方应为职工方或企业方"), "side")
    with db.session(write=True) as s:
        m = s.get(ContractMeeting, meeting_id)
        if m is None:
            raise NotFound("contract.meeting", _("没有编号为 {id} 的协商会议").format(id=meeting_id))
        if side == "worker":
            m.signed_worker = signed
        else:
            m.signed_employer = signed
        s.add(m)
        return m


def meetings(db: Database, contract_id: int) -> list[ContractMeeting]:
    with db.session() as s:
        return list(s.exec(select(ContractMeeting).where(ContractMeeting.contract_id == contract_id)
                           .order_by(col(ContractMeeting.number))).all())


# ---------------------------------------------------------------------------------------------------------------
# Vote, signing, filing, life


def record_vote(db: Database, contract_id: int, *, held_on: Any, total: int, present: int, in_favour: int,
                against: int = 0, abstain: int = 0, body: str = "职工代表大会",
                congress_meeting_uuid: str = "") -> tuple[ContractVote, rules.VoteResult]:
    """The congress vote on the agreed draft (Art. 36). Failed → back to negotiation."""
    if body not in VOTE_BODIES:
        raise DomainError("contract.vote.body", _("表决机构应为职工代表大会或职工大会"), "body")
    d = _date(held_on, "held_on")
    profile = profile_of(db)
    result = rules.check_vote(int(total), int(present), int(in_favour), int(against), int(abstain), profile)
    with db.session(write=True) as s:
        c = _get(s, contract_id)
        if c.state != "agreed":
            raise DomainError("contract.state", _("只有协商一致的草案才能提交表决（当前：{a}）").format(
                a=state_label(c.state)), "state")
        last = s.exec(select(ContractVersion).where(ContractVersion.contract_id == contract_id)
                      .order_by(col(ContractVersion.number).desc())).first()
        v = ContractVote(contract_id=contract_id, version_id=last.id if last else None, held_on=d, body=body,  # type: ignore[arg-type]
                         total=int(total), present=int(present), in_favour=int(in_favour), against=int(against),
                         abstain=int(abstain), passed=result.passed, congress_meeting_uuid=congress_meeting_uuid,
                         profile=profile)
        s.add(v)
        _move(s, c, "adopted" if result.passed else "negotiating")
        _event(s, c, d, "vote", _("应到{t}人，实到{p}人，赞成{f}，反对{a}，弃权{b}：{r}").format(  # type: ignore[arg-type]
            t=total, p=present, f=in_favour, a=against, b=abstain, r=_("通过") if result.passed else _("未通过")))
        return v, result


def congress_meetings(db: Database) -> list[Any]:
    """The workers' congress meetings a contract vote can be linked to (empty when the congress module is absent)."""
    try:
        from app.services import congress
    except ImportError:
        return []
    return list(congress.list_meetings(db))


def record_vote_at_congress(db: Database, contract_id: int, meeting_id: int, *, in_favour: int, against: int = 0,
                            abstain: int = 0, present: int | None = None,
                            held_on: Any = None) -> tuple[ContractVote, rules.VoteResult]:
    """The vote taken at a congress meeting: recorded in the congress's own record of the meeting (item by item,
    secret ballot) and in the contract's record, decided by the contract rule (Art. 36) on the meeting's figures."""
    from app.models.congress import CongressMeeting
    from app.services import congress

    c = get_contract(db, contract_id)
    if c.state != "agreed":
        raise DomainError("contract.state", _("只有协商一致的草案才能提交表决（当前：{a}）").format(
            a=state_label(c.state)), "state")
    info = congress.get_meeting(db, meeting_id)
    on = _date(held_on, "held_on", required=False) or info.held_on or date.today()
    result = congress.record_vote(db, meeting_id, _("审议《{t}》（草案）").format(t=c.title), int(in_favour),
                                  int(against), int(abstain), True, important=True, present=present, voted_on=on,
                                  basis="contract")
    with db.session() as s:
        m = s.get(CongressMeeting, meeting_id)
        muuid = m.uuid if m is not None else ""
    try:
        return record_vote(db, contract_id, held_on=on, total=result.total, present=result.present,
                           in_favour=int(in_favour), against=int(against), abstain=int(abstain),
                           body=VOTE_BODIES[1] if congress.get_term(db, info.term_id).assembly else VOTE_BODIES[0],
                           congress_meeting_uuid=muuid)
    except BaseException:
        if result.vote_id is not None:  # keep the two records together: undo the congress's entry
            congress.delete_vote(db, result.vote_id)
        raise


def votes(db: Database, contract_id: int) -> list[ContractVote]:
    with db.session() as s:
        return list(s.exec(select(ContractVote).where(ContractVote.contract_id == contract_id)
                           .order_by(col(ContractVote.held_on), col(ContractVote.id))).all())


def sign(db: Database, contract_id: int, signed_on: Any) -> Contract:
    """Both chiefs sign the adopted draft (Art. 37); the filing deadline starts."""
    d = _date(signed_on, "signed_on")
    with db.session(write=True) as s:
        c = _get(s, contract_id)
        vote = s.exec(select(ContractVote).where(ContractVote.contract_id == contract_id)
                      .order_by(col(ContractVote.id).desc())).first()
        if vote is not None and d is not None and d < vote.held_on:
            raise DomainError("contract.sign.order", _("签字日期早于职代会表决日期（{d}）").format(
                d=vote.held_on.isoformat()), "signed_on")
        _move(s, c, "signed")
        c.signed_on = d
        _event(s, c, d, "signed")  # type: ignore[arg-type]
        return c


def file_contract(db: Database, contract_id: int, filed_on: Any) -> Contract:
    d = _date(filed_on, "filed_on")
    copies = rule(rules.AREA, "filing_copies", profile_of(db)).value
    with db.session(write=True) as s:
        c = _get(s, contract_id)
        if c.signed_on and d and d < c.signed_on:
            raise DomainError("contract.file.order", _("报送日期早于签字日期"), "filed_on")
        _move(s, c, "filed")
        c.filed_on = d
        _event(s, c, d, "filed", _("一式{n}份").format(n=copies))  # type: ignore[arg-type]
        return c


def record_received(db: Database, contract_id: int, received_on: Any) -> Contract:
    d = _date(received_on, "received_on")
    with db.session(write=True) as s:
        c = _get(s, contract_id)
        if c.filed_on and d and d < c.filed_on:
            raise DomainError("contract.received.order", _("收到日期早于报送日期"), "received_on")
        _move(s, c, "reviewing")
        c.received_on = d
        _event(s, c, d, "received")  # type: ignore[arg-type]
        return c


def record_objection(db: Database, contract_id: int, on: Any, note: str = "") -> Contract:
    """The labour administration's 审查意见书 (Art. 45): the contract does not take effect; renegotiate and refile
    (Art. 46)."""
    d = _date(on, "objection_on")
    with db.session(write=True) as s:
        c = _get(s, contract_id)
        if c.received_on and d and d < c.received_on:
            raise DomainError("contract.objection.order", _("审查意见书日期早于收到文本日期"), "objection_on")
        _move(s, c, "objection")
        c.objection_on, c.objection_note = d, note.strip()
        _event(s, c, d, "objection", note.strip())  # type: ignore[arg-type]
        return c


def renegotiate(db: Database, contract_id: int, on: Any) -> Contract:
    """After an objection: back to negotiation; the contract is voted, signed and filed again."""
    d = _date(on, "on")
    with db.session(write=True) as s:
        c = _get(s, contract_id)
        _move(s, c, "negotiating")
        c.signed_on = c.filed_on = c.received_on = None
        _event(s, c, d, "renegotiate")  # type: ignore[arg-type]
        return c


def take_effect(db: Database, contract_id: int, today: date | None = None) -> Contract:
    """In force when the review period has passed with no objection (Art. 47; 劳动合同法 Art. 54)."""
    today = _today(today)
    profile = profile_of(db)
    with db.session(write=True) as s:
        c = _get(s, contract_id)
        if c.state != "reviewing" or c.received_on is None:
            raise DomainError("contract.state", _("合同当前为“{a}”，还没有报送审查").format(a=state_label(c.state)), "state")
        end = rules.review_end(c.received_on, profile)
        if today <= end.due:
            raise DomainError("contract.review.open", _("审查期到{d}为止，期满无异议后方可生效").format(
                d=end.due.isoformat()), "state")
        _move(s, c, "in_force")
        c.in_force_on = end.due + timedelta(days=1)
        if c.term_start is None or c.term_start < c.in_force_on:
            pass  # the agreed term stays as written; the contract is binding from in_force_on
        _event(s, c, c.in_force_on, "in_force")
        if c.previous_id:
            prev = s.get(Contract, c.previous_id)
            if prev is not None and prev.state == "in_force":
                prev.state = "ended"
                prev.ended_on = c.in_force_on
                s.add(prev)
                _event(s, prev, c.in_force_on, "ended", _("由合同 {id} 替代").format(id=c.id))
        return c


def refresh_states(db: Database, today: date | None = None) -> list[int]:
    """Apply the changes time makes by itself: review periods passed → in force; term over → ended."""
    today = _today(today)
    changed = []
    for row in list_contracts(db):
        if row.state == "reviewing":
            c = get_contract(db, row.id)
            if c.received_on and today > rules.review_end(c.received_on, profile_of(db)).due:
                take_effect(db, row.id, today)
                changed.append(row.id)
        elif row.state == "in_force" and row.term_end and row.term_end < today:
            with db.session(write=True) as s:
                c = _get(s, row.id)
                _move(s, c, "ended")
                c.ended_on = row.term_end + timedelta(days=1)
                _event(s, c, c.ended_on, "ended", _("期满"))
            changed.append(row.id)
    return changed


def publish(db: Database, contract_id: int, on: Any, how: str = "") -> Contract:
    d = _date(on, "published_on")
    with db.session(write=True) as s:
        c = _get(s, contract_id)
        if c.state != "in_force":
            raise DomainError("contract.state", _("合同生效后才能向职工公布"), "state")
        if c.in_force_on and d and d < c.in_force_on:
            raise DomainError("contract.publish.order", _("公布日期早于生效日期"), "published_on")
        c.published_on = d
        s.add(c)
        _event(s, c, d, "published", how.strip())  # type: ignore[arg-type]
        return c


def successor(db: Database, contract_id: int, *, reason: str = "renew", term_start: Any = None, term_end: Any = None,
              today: date | None = None) -> Contract:
    """Renew (续订) or change (变更) a contract: a new contract starting from its text, through the whole procedure."""
    if reason not in ("renew", "change"):
        raise DomainError("contract.successor", _("应为续订或变更"), "reason")
    old = get_contract(db, contract_id)
    if old.state not in ("in_force", "ended"):
        raise DomainError("contract.state", _("只有已生效或已终止的合同才能续订或变更"), "state")
    body = get_version(db, contract_id).body
    today = _today(today)
    start = _date(term_start, "term_start", required=False)
    if start is None and reason == "renew" and old.term_end:
        start = old.term_end + timedelta(days=1)
    end = _date(term_end, "term_end", required=False)
    if end is None and start and old.term_start and old.term_end:
        span = min(3, max(1, round(((old.term_end - old.term_start).days + 1) / 365.25)))  # whole years, 1–3
        from app.rules.workdays import term_end as _term_end

        end = _term_end(start, span)
    with db.session(write=True) as s:
        prefix = _("（续订）") if reason == "renew" else _("（变更）")
        c = Contract(kind=old.kind, title=(old.title + prefix)[:200], previous_id=old.id, employer_name=old.employer_name,
                     large_firm=old.large_firm, recorder_name=old.recorder_name, term_start=start, term_end=end)
        s.add(c)
        s.flush()
        s.add(ContractVersion(contract_id=c.id, number=1, body=body, note=_("以合同 {id} 为基础").format(id=old.id),  # type: ignore[arg-type]
                              saved_by=db.actor))
        _event(s, c, today, "created", prefix)
        _event(s, _get(s, old.id), today, "renewal",  # type: ignore[arg-type]
               _("开始{what}：合同 {id}").format(what=_("续订") if reason == "renew" else _("变更"), id=c.id))
        return c


def events(db: Database, contract_id: int) -> list[ContractEvent]:
    with db.session() as s:
        return list(s.exec(select(ContractEvent).where(ContractEvent.contract_id == contract_id)
                           .order_by(col(ContractEvent.on_date), col(ContractEvent.id))).all())


# ---------------------------------------------------------------------------------------------------------------
# Deadlines across all contracts


@dataclass(frozen=True)
class DeadlineItem:
    contract_id: int
    title: str
    what: str
    due: date
    status: str          # overdue | due (today or in the next 30 days) | later | open (a window that has opened)
    cite: str
    approximate: bool = False

    @property
    def overdue(self) -> bool:
        return self.status == "overdue"


DEADLINE_STATUS = {"overdue": N_("已逾期"), "due": N_("临近"), "later": N_("未到期"), "open": N_("可办理")}


def deadlines(db: Database, today: date | None = None) -> list[DeadlineItem]:
    """Every open deadline of every contract, overdue first (oldest first), then by date."""
    today = _today(today)
    profile = profile_of(db)
    items: list[DeadlineItem] = []

    def add(c: Contract, what: str, dl: rules.Deadline, *, window: bool = False, soft: bool = False) -> None:
        if dl.due < today:
            status = "open" if window else ("due" if soft else "overdue")
        elif (dl.due - today).days <= 30:
            status = "due"
        else:
            status = "later"
        items.append(DeadlineItem(c.id, c.title, what, dl.due, status, dl.cite, dl.approximate))  # type: ignore[arg-type]

    # one read of everything (no query per contract): the start page calls this on every visit
    with db.session() as s:
        contracts = s.exec(select(Contract).where(col(Contract.state) != "ended")).all()
        offers_by: dict[int, list[ContractOffer]] = {}
        for o in s.exec(select(ContractOffer).where(col(ContractOffer.reply_on).is_(None))).all():
            offers_by.setdefault(o.contract_id, []).append(o)
        reps_by: dict[int, list[ContractRepresentative]] = {}
        for r in s.exec(select(ContractRepresentative).order_by(col(ContractRepresentative.id))).all():
            reps_by.setdefault(r.contract_id, []).append(r)
        meetings_by: dict[int, list[ContractMeeting]] = {}
        for m in s.exec(select(ContractMeeting).order_by(col(ContractMeeting.number))).all():
            meetings_by.setdefault(m.contract_id, []).append(m)
        uuids = _member_uuids(s, [r.member_id for rs in reps_by.values() for r in rs])
    copies = rule(rules.AREA, "filing_copies", profile).value
    for c in contracts:
        cms = meetings_by.get(c.id, [])  # type: ignore[arg-type]
        met = [m.held_on for m in cms]
        for o in offers_by.get(c.id, []) if c.state in ("drafting", "negotiating") else []:  # type: ignore[arg-type]
            if any(h >= o.sent_on for h in met):
                continue  # the talks started: the other side has answered
            dl = rules.reply_deadline(o.received_on or o.sent_on, profile)
            add(c, _("对方书面答复要约（{side}于{d}提出）").format(side=rules.side_label(o.from_side),
                                                         d=o.sent_on.isoformat()), dl)
        if c.state in ("negotiating", "suspended", "agreed", "drafting"):
            for f in _rep_check(c, reps_by.get(c.id, []), uuids, profile, today).findings:  # type: ignore[arg-type]
                if f.due is not None:
                    add(c, _("补齐协商代表空缺"), rules.Deadline(f.due, f.cite))
        if c.state == "suspended":
            last = [m for m in cms if m.outcome == "suspended" and m.next_on]
            if last:
                add(c, _("恢复协商（中止时商定的日期）"), rules.Deadline(last[-1].next_on, rule(  # type: ignore[arg-type]
                    rules.AREA, "suspension_cite", profile).cite))
        if c.state == "agreed":
            agreed_on = max((m.held_on for m in cms if m.outcome == "agreed"), default=None)
            sd = rules.vote_submit_deadline(agreed_on, profile) if agreed_on else None
            if sd is not None:
                add(c, _("提交职工代表大会讨论表决"), sd)
        if c.state == "signed" and c.signed_on:
            add(c, _("报送劳动行政部门审查（一式{n}份）").format(n=copies), rules.filing_deadline(c.signed_on, profile))
        if c.state == "objection" and c.objection_on:
            add(c, _("按审查意见书修改，重新协商并报送"),
                rules.Deadline(c.objection_on, rule(rules.AREA, "objection_cite", profile).cite), soft=True)
        if c.state == "reviewing" and c.received_on:
            dl = rules.review_end(c.received_on, profile)
            items.append(DeadlineItem(c.id, c.title, _("审查期满（无异议即生效）"), dl.due,  # type: ignore[arg-type]
                                      "due" if (dl.due - today).days <= 30 else "later", dl.cite, dl.approximate))
        if c.state == "in_force":
            if c.published_on is None and c.in_force_on:
                pd = rules.publish_deadline(c.in_force_on, profile)
                add(c, _("向全体职工公布"), pd or rules.Deadline(c.in_force_on, rule(rules.AREA, "publish_days", profile).cite),
                    soft=pd is None)
            if c.term_end:
                rw = rules.renewal_window_start(c.term_end, profile)
                if today <= c.term_end:
                    add(c, _renewal_label(profile), rw, window=True)
                add(c, _("合同期满"), rules.Deadline(c.term_end, rule(rules.AREA, "term_years", profile).cite))
    order = {"overdue": 0, "due": 1, "open": 1, "later": 2}
    items.sort(key=lambda i: (order[i.status], i.due, i.contract_id))
    return items


def _renewal_label(profile: str) -> str:
    """The renewal window as the profile counts it (Art. 38: 3 months; Zhejiang Art. 30: 90 days)."""
    days = int(rule(rules.AREA, "renewal_window_days", profile).value or 0)
    if days:
        return _("可提出续订（期满前{n}日内）").format(n=days)
    return _("可提出续订（期满前{n}个月内）").format(
        n=int(rule(rules.AREA, "renewal_window_months", profile).value))


def upcoming_deadlines(db: Database, today: date | None = None, limit: int = 10) -> list[DeadlineItem]:
    """For the start page: overdue and coming deadlines (not the far ones), overdue first."""
    return [i for i in deadlines(db, today) if i.status != "later"][:limit]


# ---------------------------------------------------------------------------------------------------------------
# Everything a printout needs, in one read


@dataclass
class ContractFile:
    contract: Contract
    version: ContractVersion
    tree: list[Chapter]
    representatives: list[ContractRepresentative]
    meetings: list[ContractMeeting]
    offers: list[ContractOffer]
    votes: list[ContractVote]
    events: list[ContractEvent]
    org_name: str
    union_name: str
    profile: str
    minimum_wage: Fraction | None = None


def contract_file(db: Database, contract_id: int, number: int | None = None) -> ContractFile:
    from app.services.org import get_org

    c = get_contract(db, contract_id)
    v = get_version(db, contract_id, number)
    org = get_org(db)
    mw = minimum_wage_on(db, c.term_start or date.today()) if c.kind == "wage" else None
    return ContractFile(c, v, parse_tree(v.body), representatives(db, contract_id), meetings(db, contract_id),
                        offers(db, contract_id), votes(db, contract_id), events(db, contract_id),
                        c.employer_name or (org.enterprise_name if org else ""),
                        org.union_name if org else "", profile_of(db), mw)


def find_contract(db: Database, ref: str) -> Contract:
    """By id (the CLI's first column)."""
    try:
        return get_contract(db, int(ref))
    except ValueError as e:
        raise DomainError("contract.id", _("合同编号应为数字：{v}").format(v=ref), "id") from e


def member_choices(db: Database, names: Iterable[str]) -> dict[str, int]:
    with db.session() as s:
        return {m.name: m.id for m in s.exec(select(Member).where(col(Member.name).in_(list(names)))).all()}  # type: ignore[misc]


# ---------------------------------------------------------------------------------------------------------------
# Sample data (``uniondesk demo``): a comprehensive contract in force and a 工资专项 in negotiation.


def _demo(ctx: Any) -> None:
    from app.services.org import get_org

    db: Database = ctx.db
    rng = ctx.rng
    today: date = ctx.today
    org = get_org(db)
    chair = org.chair_name if org and org.chair_name else "王建国"
    with db.session() as s:
        pool = list(s.exec(select(Member).where(Member.status == "active", col(Member.dispatched).is_(False))
                           .order_by(col(Member.id)).limit(60)).all())
    rng.shuffle(pool)
    people = iter(pool)
    spare = iter(f"{s}{g}" for s in "赵钱孙李周吴郑王冯陈" for g in ("建华", "丽娟", "志强", "秀英", "国庆"))

    def person() -> dict[str, Any]:
        """A member from the roster, or (in a tiny sample) a name not linked to the roster."""
        m = next(people, None)
        if m is None:
            return {"name": next(spare), "post": "职工"}
        return {"member_id": m.id, "name": m.name, "post": m.post, "uuid": m.uuid}
    set_minimum_wage(db, date(2021, 12, 1), "1830", "示例地区", "示例数据：当地人民政府公布的月最低工资标准")

    def reps(cid: int, n: int, appointed: date, *, outsider_employer: bool = False) -> None:
        add_representative(db, cid, {"side": "worker", "name": chair, "chief": True, "union_chair": True,
                                     "post": "工会主席", "appointed_on": appointed})
        for _i in range(n - 1):
            p = person()
            p.pop("uuid", None)
            add_representative(db, cid, {"side": "worker", **p, "appointed_on": appointed,
                                         "labour_contract_end": appointed + timedelta(days=rng.randint(200, 1500))})
        add_representative(db, cid, {"side": "employer", "name": "陈志远", "chief": True, "post": "总经理",
                                     "authorisation": "法定代表人", "appointed_on": appointed})
        for i in range(n - 1):
            if outsider_employer and i == 0:
                add_representative(db, cid, {"side": "employer", "name": "周律师", "outsider": True,
                                             "post": "外聘法律顾问", "appointed_on": appointed})
                continue
            p = person()
            p.pop("uuid", None)
            p["post"] = p.get("post") or "部门经理"
            add_representative(db, cid, {"side": "employer", **p, "appointed_on": appointed})

    # 1. The comprehensive contract, in force.
    start = date(today.year, 1, 1) if today.month > 4 else date(today.year - 1, 1, 1)
    from app.rules.workdays import term_end as _term_end

    c = create_contract(db, "comprehensive", f"{start.year}—{start.year + 2}年度集体合同",
                        term_start=start, term_end=_term_end(start, 3), today=start - timedelta(days=120))
    cid: int = c.id  # type: ignore[assignment]
    recorder = person()
    update_contract(db, cid, {"recorder_name": recorder["name"], "recorder_key": recorder.get("uuid", "")})
    t0 = start - timedelta(days=100)
    send_offer(db, cid, from_side="worker", sent_on=t0, received_on=t0 + timedelta(days=1),
               topics="劳动报酬、工作时间、休息休假、劳动安全卫生、保险福利等", proposed_time="下月上旬，公司三楼会议室")
    record_reply(db, offers(db, cid)[0].id, reply_on=t0 + timedelta(days=8), note="同意协商")  # type: ignore[arg-type]
    reps(cid, 5, t0 + timedelta(days=3), outsider_employer=True)
    def edit(contract_id: int, *pairs: str) -> list[Chapter]:
        """The latest saved draft with each (old, new) pair of ``pairs`` replaced."""
        tree = draft(db, contract_id)
        for ch in tree:
            for a in ch.articles:
                for old, new in zip(pairs[::2], pairs[1::2], strict=True):
                    a.text = a.text.replace(old, new)
        return tree

    end = _term_end(start, 3)
    tree = edit(cid, "每月【15】日前", "每月10日前",
                "本合同期限为【　】年，自【　】年【　】月【　】日起至【　】年【　】月【　】日止",
                f"本合同期限为3年，自{start.year}年{start.month}月{start.day}日起至{end.year}年{end.month}月{end.day}日止",
                "企业支付的工资不低于【　】元/月", "企业支付的工资不低于2300元/月")
    save_draft(db, cid, tree, "第一次协商后修改")
    add_meeting(db, cid, held_on=t0 + timedelta(days=15), place="三楼会议室", agenda="工资支付时间、加班控制",
                minutes="职工方提出工资支付日提前至每月10日；企业方同意。\n双方就加班上限未达成一致。",
                outcome="suspended", next_on=t0 + timedelta(days=30))
    tree = edit(cid, "每月累计不超过36小时", "每月累计不超过30小时")
    save_draft(db, cid, tree, "加班上限调整为30小时")
    add_meeting(db, cid, held_on=t0 + timedelta(days=30), place="三楼会议室", agenda="加班上限、培训经费",
                minutes="双方同意每月加班累计不超过30小时；培训经费按工资总额1.5%提取。", outcome="continue")
    add_meeting(db, cid, held_on=t0 + timedelta(days=40), place="三楼会议室", agenda="通读草案",
                minutes="双方对草案全文逐条确认，形成集体合同草案。", outcome="agreed")
    for m in meetings(db, cid):
        sign_minutes(db, m.id, "worker")  # type: ignore[arg-type]
        sign_minutes(db, m.id, "employer")  # type: ignore[arg-type]
    vote_on = t0 + timedelta(days=50)
    total = _demo_congress_total(db, vote_on) or 45
    present = max(total - 3, (2 * total + 2) // 3)
    in_favour = max((total + 1) // 2, present - 3)
    against = min(2, present - in_favour)
    record_vote(db, cid, held_on=vote_on, total=total, present=present, in_favour=in_favour, against=against,
                abstain=present - in_favour - against)
    sign(db, cid, t0 + timedelta(days=52))
    file_contract(db, cid, t0 + timedelta(days=58))
    record_received(db, cid, t0 + timedelta(days=60))
    c = take_effect(db, cid, today=max(today, t0 + timedelta(days=90)))
    publish(db, cid, c.in_force_on, "厂务公开栏和企业微信群")

    # 2. The 工资专项 of this year, in negotiation after a failed vote.
    y = today.year
    w = create_contract(db, "wage", f"{y}年度工资专项集体合同", term_start=date(y, 1, 1),
                        term_end=date(y, 12, 31), today=today - timedelta(days=60))
    wid: int = w.id  # type: ignore[assignment]
    recorder2 = person()
    update_contract(db, wid, {"recorder_name": recorder2["name"], "recorder_key": recorder2.get("uuid", ""),
                              "prev_avg_wage": "6850", "wage_increase_pct": "5.5", "lowest_wage": "2300",
                              "people_covered": ctx.members})
    t1 = today - timedelta(days=55)
    send_offer(db, wid, from_side="worker", sent_on=t1, received_on=t1 + timedelta(days=2),
               topics="年度工资调整幅度、一线职工工资增长、夜班津贴")
    reps(wid, 3, t1 + timedelta(days=3))
    tree = edit(wid, "【　】年度企业职工平均工资在上年度【　】元/月的基础上增长【　】%",
                f"{y}年度企业职工平均工资在上年度6850元/月的基础上增长5%")
    save_draft(db, wid, tree, "企业方初步方案：增长5%")
    add_meeting(db, wid, held_on=t1 + timedelta(days=12), place="工会活动室", agenda="年度工资增长幅度",
                minutes="企业方提出增长5%，职工方提出7%。双方同意参考当地工资指导线后再议。")
    tree = edit(wid, "增长5%", "增长5.5%")
    save_draft(db, wid, tree, "协商一致：增长5.5%")
    add_meeting(db, wid, held_on=t1 + timedelta(days=20), place="工会活动室", agenda="确认草案",
                minutes="双方同意增长5.5%，形成草案提交职工代表大会。", outcome="agreed")
    for m in meetings(db, wid):
        sign_minutes(db, m.id, "worker")  # type: ignore[arg-type]
        if m.number == 1:
            sign_minutes(db, m.id, "employer")  # type: ignore[arg-type]
    # the vote fails: present enough, but fewer than half of ALL representatives in favour
    vote_on = t1 + timedelta(days=30)
    meeting = _demo_congress_meeting(db, vote_on)
    total = _demo_congress_total(db, vote_on) or 45
    present = total * 3 // 4
    in_favour = max(0, (total + 1) // 2 - 1)
    against = max(0, present - in_favour - 2)
    abstain = present - in_favour - against
    if meeting is not None:
        record_vote_at_congress(db, wid, meeting, in_favour=in_favour, against=against, abstain=abstain,
                                present=present, held_on=vote_on)
    else:
        record_vote(db, wid, held_on=vote_on, total=total, present=present, in_favour=in_favour, against=against,
                    abstain=abstain)
    add_meeting(db, wid, held_on=t1 + timedelta(days=40), place="工会活动室", agenda="根据职代会意见修改一线职工增幅",
                minutes="职工代表意见集中在一线职工增幅。双方同意一线职工增幅不低于6%，下次会议确认文本。")
    # a worker representative left: the vacancy must be refilled within 15 days
    worker_reps = [r for r in representatives(db, wid) if r.side == "worker" and not r.chief]
    if worker_reps:
        update_representative(db, worker_reps[-1].id, {"left_on": today - timedelta(days=5),  # type: ignore[arg-type]
                                                       "left_reason": "调往外地分公司"})


def _demo_congress_total(db: Database, on: date) -> int:
    """All representatives of the congress in office on ``on`` (0 without a congress term)."""
    try:
        from app.services import congress
    except ImportError:
        return 0
    term = congress.current_term(db, on)
    return congress.total_representatives(db, term.id, on) if term is not None and term.id else 0  # type: ignore[arg-type]


def _demo_congress_meeting(db: Database, on: date) -> int | None:
    """A congress meeting on ``on`` for the contract vote (a session called for it), or None without a congress."""
    try:
        from app.services import congress
    except ImportError:
        return None
    term = congress.current_term(db, on)
    if term is None or _demo_congress_total(db, on) < 6:   # too small a sample for a meaningful vote record
        return None
    m = congress.create_meeting(db, term.id, title="审议工资专项集体合同草案", held_on=on, place="职工活动中心",  # type: ignore[arg-type]
                                present_count=_demo_congress_total(db, on) * 3 // 4)
    return m.id


def _register_demo() -> None:
    from app.services import demo

    demo.register(50, "contracts", _demo)


_register_demo()


def _reminders(db: Database) -> list[Any]:
    from app.services.reminders import Reminder

    out = []
    for i in upcoming_deadlines(db, limit=20):
        sev = "overdue" if i.status == "overdue" else ("warning" if i.status == "due" else "info")
        out.append(Reminder(i.due, _("集体合同《{t}》：{w}").format(t=i.title, w=i.what), "contracts", sev,
                            str(i.contract_id)))
    return out


def _register_reminders() -> None:
    from app.services import reminders

    reminders.register("contracts", _reminders)


_register_reminders()
