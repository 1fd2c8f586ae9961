"""Motions benchmarks: the motions page with thousands of motions — filtering the list (ids + the first page of
rows, what the lazy table model asks for) and the dashboard + statistics — each against plain SQL as the floor."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

from bench.common import demo_data_dir, median


def _fill(db, n: int) -> int:
    """Add ``n`` motions spread over states to the demo congress (bulk insert); returns the meeting id."""
    from sqlalchemy import insert, select

    from app.models.base import new_uuid, utcnow
    from app.models.congress import CongressMeeting, Motion, Representative
    from app.models.roster import Department
    from app.services import motions
    from app.storage.tracking import next_rv

    rng = random.Random(3)
    states = list(motions.STATES)
    today = date.today()
    with db.session(write=True) as s:
        meeting = s.execute(select(CongressMeeting.id).order_by(CongressMeeting.id.desc())).scalars().first()
        reps = s.execute(select(Representative.id)).scalars().all()
        depts = s.execute(select(Department.id)).scalars().all()
        rv = next_rv(s, n)
        now = utcnow()
        rows = []
        for i in range(n):
            st = rng.choice(states)
            accepted = st in motions.ACCEPTED_STATES or st == "archived"
            rows.append({
                "uuid": new_uuid(), "created_at": now, "updated_at": now, "rv": rv + i, "meeting_id": meeting,
                "number": f"B-{i:06d}", "seq": 1000 + i, "title": f"关于第{i}项工作的建议", "category": rng.choice(
                    motions.CATEGORIES), "proposer_id": rng.choice(reps), "proposer_dept": "", "proposer_post": "",
                "proposer_contact": "", "reasons": "理由", "suggestions": "建议", "submitted_on": today, "state": st,
                "disposition": "立案" if accepted else ("不予立案" if st == "rejected" else ""),
                "review_opinion": "", "lead_department_id": rng.choice(depts) if accepted else None,
                "assist_departments": "", "due_on": today - timedelta(days=rng.randint(-30, 30)),
                "reply_text": "", "reply_number": "", "reply_kind": "", "implementation": rng.choice("ABC")
                if st in ("replied", "rated", "closed", "archived") else "", "implementation_note": "",
                "handler": "", "signer": "", "replied_on": today if st in ("replied", "rated", "closed") else None,
                "rating_attitude": "", "rating_result": rng.choice(("满意", "基本满意", "不满意"))
                if st in ("rated", "closed") else "", "return_reason": "", "returns": 0, "supervisions": 0,
            })
        s.execute(insert(Motion), rows)
    return int(meeting)


def motions_list_filter(quick: bool) -> dict:
    from app.core import open_data
    from app.services import motions

    n = 2_000 if quick else 20_000
    data = demo_data_dir(300)
    db = open_data(data)
    meeting = _fill(db, n)
    filters = [motions.Filters(meeting_id=meeting, states=(s,)) for s in motions.STATES]
    filters += [motions.Filters(meeting_id=meeting), motions.Filters(overdue=True),
                motions.Filters(query="第12")]

    def ours_once(f: motions.Filters) -> None:
        ids = motions.search_ids(db, f)
        motions.rows_by_ids(db, ids[:200])

    ours = []
    for f in filters * 3:
        t = time.perf_counter()
        ours_once(f)
        ours.append(time.perf_counter() - t)

    import sqlcipher3.dbapi2 as sqlite

    conn = sqlite.connect(str(data / "uniondesk.db"))
    if db.key is not None:
        conn.execute(f"PRAGMA key = \"x'{db.key.hex()}'\"")
    floor = []
    page_sql = ("SELECT m.id, m.number, m.title, m.state, m.category, mem.name, d.name, m.due_on, m.submitted_on "
                "FROM motion m JOIN congress_representative r ON r.id = m.proposer_id JOIN member mem "
                "ON mem.id = r.member_id LEFT JOIN department d ON d.id = m.lead_department_id WHERE m.id IN (%s)")
    for f in filters * 3:
        t = time.perf_counter()
        if f.states:
            ids = [r[0] for r in conn.execute("SELECT id FROM motion WHERE meeting_id = ? AND state = ? "
                                              "ORDER BY meeting_id, seq", (meeting, f.states[0]))]
        elif f.overdue:
            ids = [r[0] for r in conn.execute("SELECT id FROM motion WHERE state IN ('assigned','handling',"
                                              "'returned') AND due_on < ? ORDER BY meeting_id, seq",
                                              (date.today().isoformat(),))]
        elif f.query:
            ids = [r[0] for r in conn.execute("SELECT id FROM motion WHERE title LIKE ? OR number LIKE ? "
                                              "ORDER BY meeting_id, seq", (f"%{f.query}%", f"%{f.query}%"))]
        else:
            ids = [r[0] for r in conn.execute("SELECT id FROM motion WHERE meeting_id = ? ORDER BY meeting_id, seq",
                                              (meeting,))]
        page = ids[:200]
        if page:
            conn.execute(page_sql % ",".join("?" * len(page)), page).fetchall()
        floor.append(time.perf_counter() - t)
    conn.close()
    db.close()
    return {"name": "motions_list_filter", "n": n, "ours_s": round(median(ours), 5),
            "floor_s": round(median(floor), 5), "ours_ms": round(median(ours) * 1000, 2),
            "goal": "median filter + first page < 50 ms with 20,000 motions"}


def motions_dashboard_stats(quick: bool) -> dict:
    from app.core import open_data
    from app.services import motions

    n = 2_000 if quick else 20_000
    data = demo_data_dir(300)
    db = open_data(data)
    meeting = _fill(db, n)
    t = time.perf_counter()
    for _ in range(3):
        motions.dashboard(db, meeting)
        motions.statistics(db, meeting)
    ours = (time.perf_counter() - t) / 3

    import sqlcipher3.dbapi2 as sqlite

    conn = sqlite.connect(str(data / "uniondesk.db"))
    if db.key is not None:  # the same encrypted file, keyed like the program keys it
        conn.execute(f"PRAGMA key = \"x'{db.key.hex()}'\"")
    t = time.perf_counter()
    for _ in range(3):
        conn.execute("SELECT state, count(*) FROM motion WHERE meeting_id = ? GROUP BY state", (meeting,)).fetchall()
        conn.execute("SELECT id FROM motion WHERE state IN ('assigned','handling','returned') AND due_on < ?",
                     (date.today().isoformat(),)).fetchall()
        conn.execute("SELECT id FROM motion WHERE state = 'replied' AND meeting_id = ?", (meeting,)).fetchall()
        conn.execute("SELECT m.disposition, m.implementation, m.assigned_on, m.replied_on, m.rating_result, "
                     "m.category, d.name FROM motion m LEFT JOIN department d ON d.id = m.lead_department_id "
                     "WHERE m.meeting_id = ?", (meeting,)).fetchall()
    floor = (time.perf_counter() - t) / 3
    conn.close()
    db.close()
    return {"name": "motions_dashboard_stats", "n": n, "ours_s": round(ours, 5), "floor_s": round(floor, 5),
            "ours_ms": round(ours * 1000, 1), "goal": "dashboard + statistics < 300 ms with 20,000 motions"}


BENCHMARKS = [motions_list_filter, motions_dashboard_stats]
