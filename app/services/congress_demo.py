# mypy: disable-error-code="arg-type"
"""Sample congress for ``uniondesk demo``: a term, representatives (too many managers, as in real companies),
two meetings with attendance and votes, and motions in every state of their lifecycle."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select as sa_select

from app.models import Department, Member
from app.services import congress, motions
from app.services.demo import DemoContext

TITLES: dict[str, list[str]] = {
    "生产经营": ["关于优化生产排班减少无效加班的建议", "关于推进车间设备更新改造的建议", "关于建立合理化建议奖励制度的提案",
             "关于降低原材料损耗的建议", "关于完善新产品试制流程的提案"],
    "劳动保护": ["关于改善三车间通风降温条件的提案", "关于为一线职工配发防护耳塞的建议", "关于定期开展职业健康体检的提案",
             "关于完善夜班安全巡查制度的建议", "关于更换老化劳保鞋的建议"],
    "工资福利": ["关于建立一线职工工资正常增长机制的提案", "关于提高高温津贴标准的建议", "关于调整夜班补贴的提案",
             "关于落实带薪年休假制度的建议", "关于完善技能津贴评定办法的提案"],
    "生活后勤": ["关于改善职工食堂伙食质量的建议", "关于增加厂区班车线路的提案", "关于改善职工宿舍热水供应的建议",
             "关于增设电动车充电桩的提案", "关于设立母婴室的建议"],
    "教育培训": ["关于开展青年职工技能培训的提案", "关于设立职工书屋的建议", "关于鼓励职工参加学历提升的提案"],
    "民主管理": ["关于进一步落实厂务公开的建议", "关于规范职工代表巡视检查的提案", "关于公开绩效考核办法的建议"],
    "其他": ["关于组织职工文体活动的建议", "关于设立职工心理咨询服务的建议"],
}
# target state of each motion of meeting 1 (older: mostly finished) and meeting 2 (recent: everything)
PLAN_1 = (["archived"] * 8 + ["closed"] * 3 + ["archived_rejected"] * 2 + ["archived_merged"] +
          ["rated", "returned", "handling_overdue"])
PLAN_2 = (["collecting"] * 2 + ["reviewing"] * 3 + ["accepted"] * 2 + ["merged", "rejected", "rejected"] +
          ["assigned", "assigned", "assigned_overdue"] + ["handling", "handling_overdue", "handling_overdue"] +
          ["replied"] * 3 + ["rated", "rated_unhappy", "returned", "closed", "closed"])
CATEGORY_MIX = (("领导人员", 3), ("中层以上管理人员", 7), ("专业技术人员", 8))


def _pick_members(ctx: DemoContext) -> list[Any]:
    with ctx.db.session() as s:
        rows = s.execute(sa_select(Member.id, Member.department_id, Member.post, Member.dispatched)
                         .where(Member.status == "active", Member.department_id.is_not(None))  # type: ignore
                         .order_by(Member.id)).all()
    rows = list(rows)
    ctx.rng.shuffle(rows)
    return rows


def demo_step(ctx: DemoContext) -> None:
    db, rng, today = ctx.db, ctx.rng, ctx.today
    people = _pick_members(ctx)
    if len(people) < 20:  # too small a sample union for a congress (units under 100 staff hold a 职工大会)
        return
    start = today - timedelta(days=420)
    term = congress.create_term(db, 5, start, congress.rules.add_years(start, 3) - timedelta(days=1))
    n_reps = 36 if len(people) >= 60 else max(10, len(people) // 2)
    chosen = [p for p in people if not p[3]][:n_reps]
    if len(chosen) < 3:  # too few members for a congress with motions and co-signers
        return
    cats: list[str] = []
    for cat, k in CATEGORY_MIX:
        cats += [cat] * k
    cats += ["一线职工"] * (len(chosen) - len(cats))
    rep_ids = []
    for (mid, dept, _post, _disp), cat in zip(chosen, cats, strict=False):
        rep_ids.append(congress.elect_representative(db, term.id, mid, cat, start, constituency_id=dept).id)
    observer = next((p for p in people if p[3]), None)
    if observer is not None:  # a dispatched worker attends as a non-voting observer
        congress.elect_representative(db, term.id, observer[0], "一线职工", start, constituency_id=observer[1],
                                      observer=True)
    # a by-election: one representative moved away, the constituency elected a successor
    spare = [p for p in people if not p[3] and p not in chosen]
    reps_before = list(rep_ids)
    if spare and rep_ids:
        new = congress.replace_representative(db, rep_ids[-1], spare[0][0], start + timedelta(days=200),
                                              category="一线职工", end_kind="调离", reason="调往外地分公司")
        rep_ids[-1] = int(new.id)  # type: ignore[arg-type]
    total = len(rep_ids)

    m1_day = start + timedelta(days=7)
    m2_day = today - timedelta(days=60)
    m1 = congress.create_meeting(db, term.id, held_on=m1_day, closed_on=m1_day, place="公司大礼堂",
                                 collect_from=start, collect_until=m1_day - timedelta(days=3),
                                 present_count=total - min(2, total // 6))
    m2 = congress.create_meeting(db, term.id, held_on=m2_day, closed_on=m2_day + timedelta(days=1),
                                 place="公司三楼会议室", collect_from=m2_day - timedelta(days=30),
                                 collect_until=m2_day + timedelta(days=30))
    congress.update_meeting(db, m1.id, reported_on=m1_day + timedelta(days=5))  # type: ignore[arg-type]
    absent = set(rng.sample(rep_ids, min(3, len(rep_ids) // 4)))
    congress.record_attendance(db, m2.id, {r: ("请假" if r in absent else "出席") for r in rep_ids})  # type: ignore
    present1, present2 = total - min(2, total // 6), total - len(absent)  # m1: its present_count

    def vote(meeting: Any, title: str, present: int, against: int, abstain: int, secret: bool, on: date,
             important: bool = False, votes_for: int | None = None) -> None:
        against = max(0, min(against, present))
        abstain = max(0, min(abstain, present - against))
        f = present - against - abstain if votes_for is None else min(votes_for, present - against - abstain)
        congress.record_vote(db, meeting.id, title, f, against, abstain, secret, important=important, voted_on=on)

    vote(m1, "选举第五届职工代表大会主席团", present1, 1, 1, True, m1_day, important=True)
    vote(m1, "《职工代表大会提案工作办法》", present1, 2, 2, True, m1_day)
    # (the year's wage contract is put to its own session by the contracts demo, after its negotiation)
    vote(m2, "补选职工代表大会主席团成员", present2, 2, 1, True, m2_day, important=True)
    # exactly half in favour: fails under 过半数 (national, Zhejiang), would pass under 半数以上 (Shanghai)
    vote(m2, "职工带薪年休假实施办法（修订稿）", present2, present2 - total // 2 - 2, 2, False, m2_day,
         important=True, votes_for=total // 2)
    vote(m2, "上次会议提案办理情况的报告", present2, 0, 1, False, m2_day + timedelta(days=1))

    with db.session() as s:
        depts = [r[0] for r in s.execute(sa_select(Department.name).where(Department.kind == "部门")
                                         .order_by(Department.sort_order)).all()]
    titles = [(c, t) for c, ts in TITLES.items() for t in ts]
    rng.shuffle(titles)
    plan = [(m1, m1_day, p) for p in PLAN_1] + [(m2, m2_day, p) for p in PLAN_2]
    firsts: dict[int, int] = {}
    for i, (meeting, held, target) in enumerate(plan):
        cat, title = titles[i % len(titles)]
        pool = reps_before if meeting is m1 else rep_ids
        proposer = pool[i % len(pool)]
        others = [r for r in pool if r != proposer]
        cos = rng.sample(others, min(len(others), 1 if target.endswith("rejected") and i % 2 else rng.randint(2, 4)))
        submitted = max(meeting.collect_from, held - timedelta(days=rng.randint(4, 15)))  # type: ignore
        if target == "collecting":   # in just before the meeting, not yet reviewed (never after the meeting)
            submitted = min(today, held - timedelta(days=1))
        values = {"title": title, "category": cat,
                  "reasons": f"{title[2:-3]}方面，职工反映较为集中。目前存在的问题影响职工的工作和生活，"
                             "有必要在本次会议上提出，请有关部门研究解决。",
                  "suggestions": "一、由主管部门牵头调查现状；二、制定具体方案并明确完成时间；三、定期向职工通报进展。"}
        m = motions.submit(db, meeting.id, proposer, values, cos, on=submitted)  # type: ignore[arg-type]
        key = int(meeting.id)  # type: ignore[arg-type]
        if _advance(ctx, int(m.id), target, held, depts, firsts.get(key, 0), i):  # type: ignore[arg-type]
            firsts.setdefault(key, int(m.id))  # type: ignore[arg-type]


def _advance(ctx: DemoContext, mid: int, target: str, held: date, depts: list[str], first: int, i: int) -> bool:
    """Walk motion ``mid`` to ``target``; True when it was accepted (立案), so later ones can merge into it."""
    db, today = ctx.db, ctx.today
    T = motions.transition
    if target == "collecting":
        return False
    T(db, mid, "review", on=held - timedelta(days=2))
    if target == "reviewing":
        return False
    if target.endswith("merged"):
        T(db, mid, "merge", into=first, on=held)
        if target.startswith("archived"):
            T(db, mid, "archive", on=held + timedelta(days=60))
        return False
    if target.endswith("rejected"):
        T(db, mid, "reject", on=held, reason="属于个人诉求，不属于职工代表大会职权范围，转人力资源部作为意见建议处理")
        if target.startswith("archived"):
            T(db, mid, "archive", on=held + timedelta(days=60))
        return False
    T(db, mid, "accept", on=held)
    if target == "accepted":
        return True
    overdue = target.endswith("overdue")
    assigned = (today - timedelta(days=45)) if overdue else held + timedelta(days=5)
    lead = depts[i % len(depts)]
    assist = [depts[(i + 3) % len(depts)]] if i % 3 == 0 else []
    T(db, mid, "assign", on=assigned, lead=lead, assist=assist, due=assigned + timedelta(days=30))
    if target.startswith("assigned"):
        if overdue:
            T(db, mid, "supervise", on=today - timedelta(days=5), note="电话督促主办部门加快办理")
        return True
    T(db, mid, "start", on=assigned + timedelta(days=2))
    if target.startswith("handling"):
        return True
    replied = assigned + timedelta(days=20)
    impl = "ABBAC"[i % 5] if i % 7 else "A"
    T(db, mid, "reply", on=replied, text="经研究，我部门已制定整改方案，分步实施，具体如下：……", implementation=impl,
      note="受场地和预算限制，本年度暂不能实施，已列入下年度预算申请" if impl == "C" else "",
      number=f"示例〔{replied.year}〕{i + 1}号", handler="李明", signer="王建国")
    if target == "replied":
        return True
    unhappy = target in ("returned", "rated_unhappy") or impl == "C"
    T(db, mid, "rate", on=replied + timedelta(days=10), attitude="满意" if i % 4 else "基本满意",
      result="不满意" if unhappy else ("满意" if i % 3 else "基本满意"))
    if target.startswith("rated"):
        return True
    if unhappy:
        T(db, mid, "return", on=replied + timedelta(days=12), reason="答复只讲了计划，没有明确完成时间")
        if target == "returned":
            return True
        T(db, mid, "start", on=replied + timedelta(days=13))
        T(db, mid, "reply", on=replied + timedelta(days=25), text="补充答复：已明确完成时间，将于下月底前完成。",
          implementation="B", handler="李明", signer="王建国")
        T(db, mid, "rate", on=replied + timedelta(days=30), attitude="满意", result="基本满意")
    if target == "returned":
        return True
    T(db, mid, "close", on=replied + timedelta(days=35))
    if target == "archived":
        T(db, mid, "archive", on=replied + timedelta(days=60))
    return True

