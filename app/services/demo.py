"""``uniondesk demo``: realistic sample data (Chinese names, valid ID numbers, departments, membership history).

Each module registers its own sample data with :func:`register` — they run in order after the roster.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, text

from app.models import AuditLog, Department, Member, MembershipEvent
from app.models.base import new_uuid, utcnow
from app.pinyin import name_keys
from app.services import org as org_service
from app.storage.db import Database
from app.storage.tracking import next_rv
from app.validation.codes import code_list
from app.validation.idnumber import check_char

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单解仇查区朴"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英建华志强文辉玉兰海燕俊红梅鑫波斌宇浩凯健晨瑞博"
    "欣怡佳琪子涵梓萱雨轩思远嘉怡晓东春燕国庆建国卫东振华永刚丽娟秋菊金凤立新红霞德明慧敏雪梅淑珍国华"
)
AREAS = ("110105", "110108", "310104", "310115", "330106", "330102", "320102", "440106", "440305", "460105",
         "460106", "510104", "420106", "370102", "350102", "130102", "410105", "430104", "500103", "610113")
DEPARTMENTS = {
    "生产部": ["一车间", "二车间", "三车间"],
    "技术部": ["研发组", "工艺组"],
    "质量部": ["检验班", "质保班"],
    "设备部": ["维修班"],
    "物流部": ["仓储班", "运输班"],
    "行政部": [],
    "财务部": [],
    "人力资源部": [],
    "销售部": ["华东片区", "华南片区"],
}
POSTS = ("操作工", "技术员", "班组长", "质检员", "维修工", "工程师", "会计", "文员", "销售代表", "仓管员", "司机",
         "车间主任", "部门经理")


@dataclass
class DemoContext:
    db: Database
    rng: random.Random
    members: int
    today: date = field(default_factory=date.today)
    extra: dict[str, Any] = field(default_factory=dict)


DemoStep = Callable[[DemoContext], None]
_steps: list[tuple[int, str, DemoStep]] = []


def register(order: int, name: str, step: DemoStep) -> None:
    """Modules add their sample data: ``register(40, "congress", fn)``; steps run by ``order``."""
    if not any(n == name for _o, n, _s in _steps):
        _steps.append((order, name, step))


def random_name(rng: random.Random) -> str:
    sur = rng.choice(SURNAMES)
    if rng.random() < 0.01:
        sur = rng.choice(("欧阳", "司马", "上官", "诸葛"))
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return sur + given


def random_id(rng: random.Random, born: date, sex: str) -> str:
    seq = rng.randint(0, 99) * 10 + (rng.choice((1, 3, 5, 7, 9)) if sex == "男" else rng.choice((0, 2, 4, 6, 8)))
    first17 = f"{rng.choice(AREAS)}{born:%Y%m%d}{seq:03d}"
    return first17 + check_char(first17)


def _departments(db: Database) -> list[int]:
    """Create the sample tree; return the ids members can belong to (teams and team-less departments)."""
    leaves: list[int] = []
    with db.session(write=True) as s:
        for order, (dept, teams) in enumerate(DEPARTMENTS.items()):
            d = Department(name=dept, kind="部门", sort_order=order)
            s.add(d)
            s.flush()
            if not teams:
                leaves.append(d.id)  # type: ignore[arg-type]
            for t_order, team in enumerate(teams):
                t = Department(name=team, kind="班组", parent_id=d.id, sort_order=t_order)
                s.add(t)
                s.flush()
                leaves.append(t.id)  # type: ignore[arg-type]
    return leaves


def generate_members(db: Database, n: int, rng: random.Random, dept_ids: list[int],
                     today: date | None = None) -> int:
    """Bulk-insert ``n`` members with consistent IDs and histories (fast path: Core inserts, one transaction)."""
    today = today or date.today()
    eth = code_list("ethnicity")
    edu = code_list("education")
    pol = code_list("political_status")
    seen: set[str] = set()
    rows: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    now = utcnow()
    with db.session(write=True) as s:
        first_id = int(s.execute(text("SELECT COALESCE(MAX(id), 0) FROM member")).scalar() or 0) + 1
        rv = next_rv(s, n * 3)
        for i in range(n):
            sex = "男" if rng.random() < 0.58 else "女"
            born = date(rng.randint(1965, 2004), rng.randint(1, 12), rng.randint(1, 28))
            idn = random_id(rng, born, sex)
            while idn in seen:
                idn = random_id(rng, born, sex)
            seen.add(idn)
            name = random_name(rng)
            py, ini = name_keys(name)
            hire = born + timedelta(days=365 * rng.randint(18, 30) + rng.randint(0, 364))
            if hire > today:
                hire = today - timedelta(days=rng.randint(30, 400))
            join = min(today, hire + timedelta(days=rng.randint(0, 200)))
            mobile = f"1{rng.choice('3456789')}{rng.randint(0, 999_999_999):09d}"
            migrant = rng.random() < 0.22
            mid = first_id + i
            status = "active"
            evs = [("入会", join, "")]
            r = rng.random()
            if r < 0.04:
                d2 = min(today, join + timedelta(days=rng.randint(200, 3000)))
                evs.append(("保留", d2, "退休"))
                status = "retained"
            elif r < 0.07:
                d2 = min(today, join + timedelta(days=rng.randint(200, 3000)))
                evs.append(("转出", d2, "劳动（工作）关系发生变化"))
                status = "transferred_out"
            elif r < 0.08:
                d2 = min(today, join + timedelta(days=rng.randint(200, 3000)))
                evs.append(("退会", d2, "其他"))
                status = "withdrawn"
            rows.append({
                "id": mid, "uuid": new_uuid(), "created_at": now, "updated_at": now, "rv": rv,
                "name": name, "sex": sex, "birth_date": born, "ethnicity": "汉族" if rng.random() < 0.9 else rng.choice(eth),
                "employment_status": "退休" if status == "retained" else "在岗", "id_type": "居民身份证",
                "id_number": idn, "education": rng.choice(edu), "skill_level": "", "mobile": mobile,
                "hukou_type": "农业户口" if migrant else "非农业户口", "hukou_place": "", "political_status":
                rng.choice(pol[:3] + ("群众",) * 6), "work_unit": "", "native_place": "",
                "migrant_worker": migrant, "department_id": rng.choice(dept_ids) if dept_ids else None,
                "post": rng.choice(POSTS), "hire_date": hire, "join_date": join,
                "card_number": f"HN{mid:08d}", "dispatched": rng.random() < 0.06, "model_worker": rng.random() < 0.01,
                "notes": "", "status": status, "name_pinyin": py, "name_initials": ini,
                "id_rev": idn[::-1], "mobile_rev": mobile[::-1],
            })
            rv += 1
            for kind, d, reason in evs:
                events.append({"uuid": new_uuid(), "created_at": now, "updated_at": now, "rv": rv,
                               "member_id": mid, "kind": kind, "on_date": d, "reason": reason, "note": ""})
                rv += 1
            if len(rows) >= 5000:
                s.execute(insert(Member), rows)
                s.execute(insert(MembershipEvent), events)
                rows, events = [], []
        if rows:
            s.execute(insert(Member), rows)
            s.execute(insert(MembershipEvent), events)
        s.add(AuditLog(actor=db.actor, action="demo", table_name="member",
                       changes=f"generated {n} sample members"))
    return n


def run_demo(db: Database, members: int = 300, seed: int = 1) -> dict[str, Any]:
    """Fill an empty database with sample data. Returns what was created."""
    from app.errors import DomainError
    from app.i18n import _
    from app.services.registry import load_all

    load_all()  # the modules' demo steps register themselves on import
    rng = random.Random(seed)
    with db.engine.connect() as conn:
        existing = conn.execute(text("SELECT COUNT(*) FROM member")).scalar()
    if existing:
        raise DomainError("demo.not_empty", _("数据文件夹里已有{n}名会员；示例数据只能放进空的数据文件夹（可用 --data-dir 指定新文件夹）").format(n=existing))
    if org_service.get_org(db) is None:
        org_service.save_org(db, {
            "union_name": "海南示例机械制造有限公司工会委员会", "enterprise_name": "海南示例机械制造有限公司",
            "enterprise_credit_code": "91460100MA5T00000H", "union_credit_code": "",
            "parent_union": "海口市总工会", "chair_name": "王建国", "staff_count": max(members + members // 10, 30),
            "female_staff_count": int(members * 0.42), "address": "海南省海口市龙华区示例路1号",
            "region": "海南省海口市", "industry": "通用设备制造业", "union_type": "独立", "phone": "0898-66000000",
            "founded_on": date(2008, 5, 1), "is_sample": True,
        })
    dept_ids = _departments(db)
    generate_members(db, members, rng, dept_ids)
    ctx = DemoContext(db=db, rng=rng, members=members)
    done = ["roster"]
    for _order, name, step in sorted(_steps, key=lambda t: t[0]):
        step(ctx)
        done.append(name)
    return {"members": members, "departments": len(DEPARTMENTS), "modules": done}
