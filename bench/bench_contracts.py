"""Contract benchmarks: the redline of two versions of a long contract, and the deadlines view over many contracts."""

from __future__ import annotations

import difflib
import tempfile
from datetime import date, timedelta
from pathlib import Path

from bench.common import best_of


def _db():
    from app.core import open_data
    from app.services import org

    db = open_data(Path(tempfile.mkdtemp(prefix="uniondesk-bench-contracts-")))
    org.save_org(db, {"union_name": "基准工会", "enterprise_name": "基准公司", "chair_name": "王主席"})
    return db


def contracts_redline(quick: bool) -> dict:
    """Redline of a long contract (the whole clause library repeated) with scattered edits, character level."""
    from app.services import contracts as cs

    db = _db()
    reps = 3 if quick else 10
    c = cs.create_contract(db, "comprehensive", from_library=False)
    base = cs.starter_tree("comprehensive") * reps
    tree = [cs.Chapter(ch.title, [cs.Article(a.text, a.topic) for a in ch.articles]) for ch in base]
    cs.save_draft(db, c.id, tree, "a")
    for i, ch in enumerate(tree):
        for j, a in enumerate(ch.articles):
            if (i + j) % 4 == 0:
                a.text = a.text.replace("企业", "公司", 1) + "（修改）"
    cs.save_draft(db, c.id, tree, "b")
    old = cs.plain_text(cs.draft(db, c.id, 2))
    new = cs.plain_text(cs.draft(db, c.id, 3))
    ours = best_of(lambda: cs.redline(db, c.id, 2, 3))
    # Floor: the naive approach — difflib over all characters of the two texts already in memory.
    floor = best_of(lambda: difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes())
    db.close()
    return {"name": "contracts_redline", "n": len(new), "ours_s": round(ours, 4), "floor_s": round(floor, 4),
            "goal": "redline shown within 1 s for a long contract"}


def contracts_deadlines(quick: bool) -> dict:
    """The deadlines view across many contracts, each with a 要约, 6 representatives and meetings."""
    from sqlalchemy import text

    from app.services import contracts as cs

    db = _db()
    n = 40 if quick else 200
    start = date(2026, 1, 5)
    for i in range(n):
        c = cs.create_contract(db, ("wage", "comprehensive", "women", "safety")[i % 4], f"合同{i}",
                               from_library=False)
        d = start + timedelta(days=i)
        cs.send_offer(db, c.id, sent_on=d, received_on=d + timedelta(days=1))
        for side in ("worker", "employer"):
            for k in range(3):
                cs.add_representative(db, c.id, {"side": side, "name": f"{side}{i}-{k}", "chief": k == 0,
                                                 "union_chair": side == "worker" and k == 0,
                                                 "left_on": d + timedelta(days=5) if k == 2 and i % 3 == 0 else None})
        cs.add_meeting(db, c.id, held_on=d + timedelta(days=10), agenda="x")
    ours = best_of(lambda: cs.deadlines(db, date(2026, 6, 1)))

    # Floor: reading the same rows (contracts, open offers, representatives, meetings) in four plain queries.
    def floor_read() -> None:
        with db.engine.connect() as conn:
            for q in ("SELECT * FROM contract WHERE state != 'ended'", "SELECT * FROM contract_offer WHERE reply_on IS NULL",
                      "SELECT * FROM contract_representative", "SELECT * FROM contract_meeting"):
                conn.execute(text(q)).all()

    floor = best_of(floor_read)
    db.close()
    return {"name": "contracts_deadlines", "n": n, "ours_s": round(ours, 4), "floor_s": round(floor, 4),
            "goal": "deadlines view and start page under 0.5 s for 200 contracts"}


BENCHMARKS = [contracts_redline, contracts_deadlines]
