"""Hardship benchmarks (a large union: 1,000 household files, 6 months of income records each).

``hardship_reminders_1000``: the reminders the page and the start page show (re-checks due, exit reviews from the
monthly incomes, follow-up calls) — ours vs a floor that only reads the same rows with two plain SQL queries.
``hardship_totals_1000``: the yearly aggregates for the upward bundle — ours vs the same counts as raw GROUP BYs.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import insert, text

from bench.common import best_of, demo_data_dir, peak_rss_mb


def _big_db(n: int):
    from app.core import open_data
    from app.models.base import new_uuid, utcnow
    from app.models.hardship import HardshipFile, HardshipIncome, HardshipVisit
    from app.services import hardship as hs  # noqa: F401  (registers the demo step)
    from app.storage.tracking import next_rv

    db = open_data(demo_data_dir(300))  # the bench data is encrypted: open it the way the program does
    today = date.today()
    now = utcnow()
    cats = ("深度困难", "相对困难", "意外致困")
    with db.session(write=True) as s:
        rv = next_rv(s, n * 8)
        first = int(s.execute(text("SELECT COALESCE(MAX(id), 0) FROM hardship_file")).scalar() or 0) + 1
        files, incomes, visits = [], [], []
        for i in range(n):
            fid = first + i
            state = "在档" if i % 5 else "脱困"
            files.append({"id": fid, "uuid": new_uuid(), "created_at": now, "updated_at": now, "rv": rv,
                          "name": f"测试{i}", "category": cats[i % 3], "category_computed": cats[i % 3],
                          "state": state, "state_since": today - timedelta(days=400), "household_size": 3,
                          "filed_on": today - timedelta(days=400), "main_cause": "因病",
                          "next_recheck_on": today + timedelta(days=(i % 400) - 30) if state == "在档" else None,
                          "exit_on": today - timedelta(days=200) if state != "在档" else None,
                          "exit_kind": "" if state == "在档" else state})
            rv += 1
            for m in range(6):
                d = date(today.year, today.month, 1) - timedelta(days=31 * (6 - m))
                incomes.append({"uuid": new_uuid(), "created_at": now, "updated_at": now, "rv": rv, "file_id": fid,
                                "month": d.replace(day=1), "household_income_fen": 150_000 + (i % 7) * 50_000,
                                "rigid_expense_fen": 0, "household_size": 3})
                rv += 1
            visits.append({"uuid": new_uuid(), "created_at": now, "updated_at": now, "rv": rv, "file_id": fid,
                           "kind": "送温暖", "done": True, "visited_on": date(today.year, 1, 15), "cash_fen": 50_000,
                           "goods": "", "goods_value_fen": 0, "fund": "", "signature": "已签收", "notes": ""})
            rv += 1
        defaults = {"file_no": "", "category_override": False, "override_reason": "", "exit_reason": "", "sex": "",
                    "ethnicity": "", "id_number": "", "political_status": "", "health": "", "disability": "",
                    "work_status": "", "model_worker_type": "", "mobile": "", "address": "", "work_unit": "",
                    "housing_type": "", "housing_area": "", "marital_status": "", "single_parent": False,
                    "medical_insurance": "", "zero_employment": False, "accident_desc": "", "secondary_causes": "",
                    "reason_text": "", "bank_name": "", "bank_account": "", "account_holder": "", "notes": ""}
        s.execute(insert(HardshipFile), [{**defaults, **f} for f in files])
        s.execute(insert(HardshipIncome), incomes)
        s.execute(insert(HardshipVisit), visits)
    return db


def hardship_reminders_1000(quick: bool) -> dict:
    from app.services import hardship as hs

    n = 200 if quick else 1000
    db = _big_db(n)

    def ours() -> None:
        hs.reminders(db)

    def floor() -> None:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT * FROM hardship_file WHERE state IN ('在档','解困','脱困','退档')")).all()
            conn.execute(text("SELECT file_id, month, household_income_fen, rigid_expense_fen, household_size "
                              "FROM hardship_income")).all()

    ours()
    floor()
    floor_s = best_of(floor, 7)   # best of 7: the machine is shared and noisy
    ours_s = best_of(ours, 7)
    found = len(hs.reminders(db))
    db.close()
    return {"name": "hardship_reminders_1000", "n": n, "ours_s": round(ours_s, 4), "floor_s": round(floor_s, 4),
            "reminders": found, "goal": "ours/floor <= 10", "peak_mb": round(peak_rss_mb(), 1)}


def hardship_totals_1000(quick: bool) -> dict:
    from app.services import hardship as hs

    n = 200 if quick else 1000
    db = _big_db(n)
    year = date.today().year

    def ours() -> None:
        hs.totals(db, year)

    def floor() -> None:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT category, COUNT(*) FROM hardship_file WHERE state='在档' GROUP BY category")).all()
            conn.execute(text("SELECT state, COUNT(*) FROM hardship_file GROUP BY state")).all()
            conn.execute(text("SELECT kind, COUNT(*), SUM(cash_fen) FROM hardship_visit WHERE done=1 "
                              "AND strftime('%Y', visited_on)=:y GROUP BY kind"), {"y": str(year)}).all()
            conn.execute(text("SELECT aid_type, SUM(amount_fen) FROM hardship_aid WHERE year=:y GROUP BY aid_type"),
                         {"y": year}).all()

    ours()
    floor()
    floor_s = best_of(floor, 7)   # best of 7: the machine is shared and noisy
    ours_s = best_of(ours, 7)
    db.close()
    return {"name": "hardship_totals_1000", "n": n, "ours_s": round(ours_s, 4), "floor_s": round(floor_s, 4),
            "goal": "ours/floor <= 10", "peak_mb": round(peak_rss_mb(), 1)}


BENCHMARKS = [hardship_reminders_1000, hardship_totals_1000]
