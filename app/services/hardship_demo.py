"""Sample hardship data for ``uniondesk demo``: 10–30 households across categories and states, a Spring Festival
campaign with visits, and aid payments within the year's fund budget. Everything goes through the service, so
the sample data obeys the same rules (consent, caps, budget) as real data."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text

from app.errors import DomainError
from app.rules import hardship as rules
from app.services import hardship as hs
from app.services.demo import DemoContext, random_id, random_name

HEALTH_BY_CAUSE = {"因病": ("癌症", "尿毒症", "重大疾病", "慢性病"), "因残": ("残疾",), "工伤": ("残疾", "慢性病")}
DISABILITY = ("肢体残疾", "视力残疾", "听力残疾", "精神残疾")
HOUSING = ("自有住房", "租房", "公租房", "借住")
SCHOOLS = ("海南大学", "海南师范大学", "海南医学院", "海口经济学院", "华南理工大学", "武汉大学")
CAUSE_WEIGHTS = (("因病", 5), ("因残", 2), ("子女就学", 3), ("下岗失业", 2), ("单亲", 1), ("低收入", 2),
                 ("意外灾害", 1), ("工伤", 1))


def _cause(rng: random.Random) -> str:
    return rng.choices([c for c, _w in CAUSE_WEIGHTS], [w for _c, w in CAUSE_WEIGHTS])[0]


def _yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def _household(rng: random.Random, size: int, today: date, cause: str, surname: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    if size >= 2 and cause != "单亲":
        sex = rng.choice(("男", "女"))
        born = date(rng.randint(1968, 1990), rng.randint(1, 12), rng.randint(1, 28))
        rows.append({"name": random_name(rng), "relation": "配偶", "sex": sex, "id_number": random_id(rng, born, sex),
                     "health": rng.choice(("良好", "良好", "慢性病")), "monthly_income": rng.choice(("0", "800", "1500")),
                     "identity": rng.choice(("无业", "在职", "灵活就业")), "school_or_unit": ""})
    while len(rows) < size - 1:
        sex = rng.choice(("男", "女"))
        born = date(rng.randint(2004, 2019), rng.randint(1, 12), rng.randint(1, 28))
        age = today.year - born.year
        school = rng.choice(SCHOOLS) if age >= 18 else f"海口市第{rng.randint(1, 30)}中学" if age >= 12 else "海口市滨海小学"
        given = random_name(rng)[1:] or "明"
        rows.append({"name": surname + given[-2:], "relation": "儿子" if sex == "男" else "女儿",
                     "sex": sex, "id_number": random_id(rng, born, sex), "health": "良好", "monthly_income": "0",
                     "identity": "学生", "school_or_unit": school})
    return rows


def step(ctx: DemoContext) -> None:
    db, rng, today = ctx.db, ctx.rng, ctx.today
    with db.engine.connect() as conn:
        members = [r[0] for r in conn.execute(text(
            "SELECT id FROM member WHERE status IN ('active', 'retained') ORDER BY id")).all()]
    if not members:
        return
    n = max(10, min(30, len(members) // 12))
    picked = rng.sample(members, min(n, len(members)))
    std = hs.standard_on(db, today).monthly_fen
    filed: list[int] = []
    plan = [hs.FILED, hs.FILED, "pipeline", hs.FILED, "exit", hs.FILED, hs.FILED, "pipeline", hs.FILED, "exit"]
    for i, mid in enumerate(picked):
        cause = _cause(rng)
        r = rng.random()
        target = rules.DEEP if r < 0.4 else rules.RELATIVE if r < 0.9 else rules.ACCIDENT
        if cause == "意外灾害":
            target = rules.ACCIDENT
        size = rng.randint(2, 5)
        per_capita = {rules.DEEP: rng.uniform(0.45, 0.95), rules.RELATIVE: rng.uniform(1.05, 1.9),
                      rules.ACCIDENT: rng.uniform(2.1, 2.8)}[target] * std
        rigid = rng.choice((0, 0, 200_000, 600_000, 1_200_000)) if target != rules.ACCIDENT else 0
        annual = int(per_capita * 12 * size) + rigid
        own = min(annual // 12, rng.randint(150_000, 380_000)) // 100 * 100
        other = annual - own * 12
        # state mix: mostly 在档; some in the approval pipeline; some that left
        # state mix (every state present even with 10 households): 6 in 10 在档, 2 in the pipeline, 2 left
        final = plan[i % len(plan)]
        stop = ("survey", "publicity", "approval")[i % 3]
        applied = today - timedelta(days=rng.randint(70, 120) if final == "pipeline" else rng.randint(400, 1100))
        f = hs.create_file(db, mid, applied_on=applied)
        hs.give_consent(db, f.id, hs.SENSITIVE, applied, evidence="书面同意书（档案盒）")  # type: ignore[arg-type]
        publicity = rng.random() < 0.75
        if publicity:
            hs.give_consent(db, f.id, hs.PUBLICITY, applied)  # type: ignore[arg-type]
        health = rng.choice(HEALTH_BY_CAUSE.get(cause, ("良好",)))
        values: dict[str, Any] = {
            "own_monthly_income": _yuan(own), "other_annual_income": _yuan(max(0, other)),
            "rigid_expense": _yuan(rigid), "household_size": size, "main_cause": cause,
            "secondary_causes": rng.sample([c for c, _w in CAUSE_WEIGHTS if c != cause], rng.randint(0, 2)),
            "health": health, "disability": rng.choice(DISABILITY) if health == "残疾" else "",
            "housing_type": rng.choice(HOUSING), "housing_area": str(rng.randint(35, 90)),
            "marital_status": "离异" if cause == "单亲" else "已婚", "single_parent": cause == "单亲",
            "medical_insurance": "城镇职工医保", "address": f"海口市龙华区金盘路{rng.randint(1, 300)}号",
            "reason_text": {"因病": "家庭成员患重病，医疗费用支出大", "因残": "本人残疾，收入低",
                            "子女就学": "子女就读大学，学费负担重", "下岗失业": "配偶下岗失业，家庭收入减少",
                            "单亲": "离异独自抚养子女", "低收入": "家庭收入低，人口多",
                            "意外灾害": "家中遭遇台风灾害，房屋受损", "工伤": "本人工伤致残"}.get(cause, ""),
            "bank_name": "中国工商银行海口分行", "bank_account": f"6222{rng.randint(0, 10**15 - 1):015d}",
        }
        if target == rules.ACCIDENT:
            values["accident_cost"] = _yuan(int(annual * rng.uniform(0.9, 1.5)))
            values["accident_covered"] = _yuan(int(annual * 0.05))
            values["accident_desc"] = "突发重大疾病住院治疗" if cause != "意外灾害" else "台风致房屋损毁"
        d = hs.update_file(db, f.id, values)  # type: ignore[arg-type]
        values["account_holder"] = d.file.name
        hs.update_file(db, f.id, {"account_holder": d.file.name})  # type: ignore[arg-type]
        hs.set_household(db, f.id, _household(rng, size, today, cause, d.file.name[:1]))  # type: ignore[arg-type]
        hs.add_attachment(db, f.id, "收入证明", "收入证明.png", _tiny_png(rng), on=applied)  # type: ignore[arg-type]
        fid: int = f.id  # type: ignore[assignment]
        on = applied + timedelta(days=7)
        hs.advance(db, fid, hs.SURVEY, on=on, note="入户调查：情况属实")
        if final == "pipeline" and stop == "survey":
            continue
        if publicity:
            on += timedelta(days=5)
            hs.advance(db, fid, hs.PUBLICITY_STATE, on=on, note="公示5个工作日")
            if final == "pipeline" and stop == "publicity":
                continue
        on += timedelta(days=8)
        hs.advance(db, fid, hs.APPROVAL, on=on, note="公示无异议" if publicity else "未同意公示")
        hs.add_review(db, fid, "本单位工会", "同意", "经审核该家庭符合困难职工建档认定条件。", person="王建国", on=on)
        if final == "pipeline":
            continue
        on += timedelta(days=rng.randint(5, 20))
        hs.add_review(db, fid, "上级工会", "同意", "经审核该家庭符合困难职工建档认定条件。", person="海口市总工会", on=on)
        try:
            hs.advance(db, fid, hs.FILED, on=on)
        except DomainError:
            continue
        nxt = hs.get_file(db, fid).file.next_recheck_on
        while nxt is not None and nxt + timedelta(days=rng.randint(-20, 10)) <= today - timedelta(days=30):
            hs.recheck(db, fid, on=nxt - timedelta(days=rng.randint(0, 20)), note="年度复核：仍符合条件", person="王建国")
            nxt = hs.get_file(db, fid).file.next_recheck_on
        if final == "exit":
            ex = min(today - timedelta(days=rng.randint(30, 300)), (nxt or today) - timedelta(days=1))
            kind = rng.choice(hs.EXIT_STATES)
            reason = {"解困": "子女毕业就业，家庭收入稳定", "脱困": "本人病愈返岗，人均收入连续6个月高于标准",
                      "退档": "本人调离本单位"}[kind]
            try:
                hs.advance(db, fid, kind, on=max(ex, on), reason=reason)
            except DomainError:
                filed.append(fid)
                continue
            if rng.random() < 0.6 and max(ex, on) + timedelta(days=180) <= today:
                hs.add_followup(db, fid, on=max(ex, on) + timedelta(days=180), note="电话回访：生活稳定", person="刘芳")
        else:
            filed.append(fid)
    _campaign_and_aid(ctx, filed, std)


def _tiny_png(rng: random.Random) -> bytes:
    import struct
    import zlib

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    shade = rng.randint(200, 250)
    raw = b"".join(b"\x00" + bytes([shade, shade, shade]) * 8 for _ in range(8))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _campaign_and_aid(ctx: DemoContext, filed: list[int], std: int) -> None:
    db, rng, today = ctx.db, ctx.rng, ctx.today
    if not filed:
        return
    year = today.year
    fest = date(year, 1, 20) if today >= date(year, 2, 10) else None
    rows = hs.list_files(db, state=hs.FILED)
    deep_or_acc = [r for r in rows if r.category in (rules.DEEP, rules.ACCIDENT)]
    rel = [r.id for r in rows if r.category == rules.RELATIVE]
    chosen_rel = rng.sample(rel, len(rel) // 2) if rel else []
    households = len(deep_or_acc) + len(chosen_rel)
    hs.set_budget(db, year, hs.VISIT_FUND_TYPE, max(households, 1) * 500 + 5000, fund="上级帮扶资金")
    hs.set_budget(db, year, "生活救助", "30000", fund="工会经费")
    hs.set_budget(db, year, "医疗救助", "60000", fund="上级帮扶资金")
    hs.set_budget(db, year, "金秋助学", "30000", fund="社会捐助")
    if fest is not None and households:
        camp = hs.create_campaign(db, f"{year}年春节送温暖", year, kind="送温暖",
                                  categories=[rules.DEEP, rules.ACCIDENT], extra_file_ids=chosen_rel, cash="500",
                                  goods="大米10千克、食用油5升", goods_value="150", fund="上级帮扶资金",
                                  starts_on=date(year, 1, 10), ends_on=date(year, 2, 5))
        left = hs.campaign_progress(db, camp.id).left  # type: ignore[arg-type]
        for k, (v, _name) in enumerate(left):
            if k < len(left) * 0.8:
                hs.complete_visit(db, v.id, {  # type: ignore[arg-type]
                    "visited_on": fest + timedelta(days=rng.randint(-8, 12)), "visitors": "王建国、刘芳",
                    "signature": "已签收" if rng.random() < 0.9 else "代签", "notes": "送去节日问候"})
    # hospital visits and aid payments during the year
    for fid in rng.sample(filed, min(len(filed), 6)):
        on = today - timedelta(days=rng.randint(5, 250))
        if on.year != year:
            on = date(year, 1, 2) if today >= date(year, 1, 2) else today
        d = hs.get_file(db, fid).file
        try:
            if d.main_cause == "因病":
                hs.add_visit(db, fid, {"kind": "住院探视", "visited_on": on, "visitors": "王建国", "cash": "300",
                                       "goods": "水果", "goods_value": "100", "signature": "已签收"})
                hs.add_payment(db, fid, {"aid_type": "医疗救助", "amount": str(rng.choice((2000, 3000, 5000))),
                                         "paid_on": on, "fund": "上级帮扶资金", "signature": "已签收"})
            elif d.main_cause == "子女就学":
                hs.add_payment(db, fid, {"aid_type": "金秋助学", "amount": "3000", "paid_on": on, "fund": "社会捐助",
                                         "student_name": d.name[:1] + random_name(rng)[-2:], "school": rng.choice(SCHOOLS),
                                         "major": "临床医学", "admission_on": date(on.year, 9, 1) if on.month >= 9
                                         else date(on.year - 1, 9, 1), "study_years": 4, "tuition": "5800",
                                         "signature": "已签收"})
            else:
                hs.add_payment(db, fid, {"aid_type": "生活救助", "amount": str(rng.choice((1000, 1500, 2000))),
                                         "paid_on": on, "fund": "工会经费", "signature": "已签收"})
        except DomainError:
            continue
