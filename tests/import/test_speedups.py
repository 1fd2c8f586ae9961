"""The shortcuts taken for bulk imports give exactly the answers of the slow paths."""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import pinyin
from app.i18n import set_language
from app.services.demo import random_name
from app.validation import codes, dates


def test_cached_pinyin_equals_pypinyin_on_the_whole_name():
    rng = random.Random(7)
    names = {random_name(rng) for _ in range(3000)} | {"曾长城", "单于长青", "解放军", "重庆", "长江", "欧阳银行",
                                                          "朴正熙", "乐乐", "行长", "覃"}
    for n in names:
        assert pinyin._syllables(n) == pinyin._syllables_full(n), n
        assert pinyin._syllables(n[1:] or n) == pinyin._syllables_full(n[1:] or n), n


def _keys_of_syllables(name: str) -> tuple[str, str]:
    syl = [s for s in pinyin.name_syllables(name) if s.strip()]
    return "".join(syl), "".join(s[0] for s in syl if s and s[0].isalnum())


def test_name_keys_are_the_keys_of_the_name_read_as_a_surname_and_a_given_name():
    """name_keys joins remembered keys of the surname and of the rest; it must give what reading the whole name
    gives — phrases across the surname (长江, 重庆), special surname readings (曾, 单, 单于), mixed text."""
    rng = random.Random(11)
    names = {random_name(rng) for _ in range(5000)} | {
        "曾志伟", "单于平", "欧阳娜娜", "曾长城", "重庆", "长江", "长江大桥", "银行行长", "王银行", "解放军", "朴正熙",
        "乐乐", "覃", "单", "司马相如", "张 三", "A李", "李a", "Tom", "李·明", "", " ", "张三丰丰丰丰丰丰丰"}
    for n in names:
        assert pinyin.name_keys(n) == _keys_of_syllables(n), n
    assert pinyin.name_keys("曾志伟") == ("zengzhiwei", "zzw")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("张王李曾单长江重庆银行于欧阳解放军乐覃a ·"), max_size=9))
def test_name_keys_equal_the_slow_reading_for_any_short_text(name: str) -> None:
    assert pinyin.name_keys(name) == _keys_of_syllables(name)


def test_remembered_code_values_still_report_errors_in_the_current_language():
    assert codes.normalise_code("education", "本科", "学历") == "大学"
    assert codes.normalise_code("education", " 本科 ", "学历") == "大学"
    for lang, word in (("zh_CN", "不在代码表中"), ("en", "")):
        set_language(lang)
        with pytest.raises(codes.CodeError) as e:
            codes.normalise_code("education", "幼儿园", "学历")
        assert word in str(e.value)
    set_language("zh_CN")
    assert dates.parse_date("2023年5月1日") == dates.parse_date(" 2023/5/1 ")
    with pytest.raises(dates.DateError):
        dates.parse_date("2023/2/30")
    with pytest.raises(dates.DateError):
        dates.parse_date("2023/2/30")  # the second time too (errors are not remembered as answers)


def _grams(db):
    from sqlalchemy import text

    with db.engine.connect() as conn:
        grams = set(conn.execute(text("SELECT gram, member_id FROM member_name_gram")).all())
        trig = conn.execute(text("SELECT sql FROM sqlite_master WHERE type='trigger' AND name='member_name_gram_ai'")
                            ).scalar()
    return grams, trig


def _schema(db):
    from sqlalchemy import text

    with db.engine.connect() as conn:
        return set(conn.execute(text("SELECT type, name, tbl_name, sql FROM sqlite_master")).all())


def test_bulk_import_writes_the_same_name_pieces_as_the_trigger(empty_db, tmp_path, monkeypatch):
    """A large import writes the name pieces itself, in batches: the same pieces the per-row trigger writes,
    the trigger is back afterwards (and after a Cancel), and searching by a name fragment finds the members.
    The indexes it rebuilds instead of keeping up row by row are all back too, exactly as they were."""
    from sqlalchemy import text

    from app.services import roster
    from app.services import roster_import as ri

    from .corpus import make_id

    monkeypatch.setattr(ri, "_BULK_INDEXES", 100)  # the rebuild path at test size
    schema = _schema(empty_db)
    assert any(r[0] == "index" and r[1] == "ix_member_name_pinyin" for r in schema)
    _grams_before, trigger = _grams(empty_db)
    assert trigger
    rng = random.Random(3)
    names = [random_name(rng) for _ in range(600)] + ["欧阳" + "长" * 30]  # longer than the trigger's 20 pieces
    f = tmp_path / "many.csv"
    f.write_text("姓名,证件号码\n" + "".join(f"{n},{make_id('330106', date(1980, 1, 1 + k % 28), k)}\n"
                                          for k, n in enumerate(names)), encoding="utf-8")
    preview = ri.read_file(empty_db, f)
    with pytest.raises(ri.ImportCancelled):
        ri.commit(empty_db, preview, progress=lambda done, total: done < len(names))
    assert _grams(empty_db) == (set(), trigger)
    assert _schema(empty_db) == schema
    ri.commit(empty_db, preview)
    assert _schema(empty_db) == schema
    bulk, after = _grams(empty_db)
    assert after == trigger
    with empty_db.engine.connect() as conn:
        plan = " ".join(str(r[-1]) for r in conn.execute(text(
            "EXPLAIN QUERY PLAN SELECT id FROM member WHERE name_pinyin >= 'a' AND name_pinyin < 'b'")))
        assert "ix_member_name_pinyin" in plan
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    with empty_db.engine.begin() as conn:  # what the trigger writes for the same names, one by one
        conn.execute(text("DELETE FROM member_name_gram"))
        conn.execute(text("UPDATE member SET name = name || ''"))
    by_trigger, _t = _grams(empty_db)
    assert bulk == by_trigger and len(bulk) > 1000
    assert names[0] in [r.name for r in roster.search(empty_db, names[0][1:], limit=1000)]


def test_import_uuids_are_random_version_4_uuids():
    import uuid

    from app.services import roster_import as ri

    gen = ri._fresh_uuids()
    got = [next(gen) for _ in range(3000)]  # more than one draw of 1,024
    assert len(set(got)) == len(got)
    for u in got:
        parsed = uuid.UUID(u)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122 and str(parsed) == u


def test_a_failure_while_writing_in_the_helper_thread_leaves_nothing_written(empty_db, tmp_path, monkeypatch):
    """The statements run in a helper thread: an error there reaches the caller, the whole import is rolled back
    (members, dropped indexes and trigger), and Python's thread switching is as it was."""
    import sys

    from app.services import roster
    from app.services import roster_import as ri

    from .corpus import make_id

    monkeypatch.setattr(ri, "_BULK_INDEXES", 100)
    schema = _schema(empty_db)
    switch = sys.getswitchinterval()
    f = tmp_path / "many.csv"
    rng = random.Random(5)
    f.write_text("姓名,证件号码\n" + "".join(f"{random_name(rng)},{make_id('330106', date(1981, 1 + k // 900, 1 + k % 28), k % 900)}\n"
                                          for k in range(4500)), encoding="utf-8")
    preview = ri.read_file(empty_db, f)
    real, calls = ri._insert_rows, []

    def failing(cur, head, columns, rows):
        calls.append(head)
        if len(calls) == 3:
            raise OSError("disk full")
        real(cur, head, columns, rows)

    monkeypatch.setattr(ri, "_insert_rows", failing)
    with pytest.raises(OSError, match="disk full"):
        ri.commit(empty_db, preview)
    assert roster.count(empty_db) == 0 and _schema(empty_db) == schema and sys.getswitchinterval() == switch
    monkeypatch.setattr(ri, "_insert_rows", real)
    assert ri.commit(empty_db, preview).created == 4500 and roster.count(empty_db) == 4500
    assert _schema(empty_db) == schema and sys.getswitchinterval() == switch


def test_imported_members_are_stored_exactly_as_the_editor_stores_them(empty_db, tmp_path):
    """The import builds rows in their stored form itself (dates, timestamps, flags): the same stored values as
    a member added in the editor, read back the same way."""
    from sqlalchemy import text

    from app.services import roster
    from app.services import roster_import as ri

    from .corpus import make_id

    a, b = make_id("330106", date(1980, 3, 9), 11), make_id("330106", date(1981, 4, 10), 13)
    roster.create_member(empty_db, {"name": "张三", "id_number": a, "join_date": date(2005, 6, 7),
                                    "hire_date": date(2004, 1, 2), "migrant_worker": True, "dispatched": False})
    f = tmp_path / "one.csv"
    f.write_text(f"姓名,证件号码,入会日期,入职日期,是否农民工会员,劳务派遣\n李四,{b},2005/6/7,2004-01-02,是,否\n",
                 encoding="utf-8")
    ri.import_file(empty_db, f)
    cols = ("birth_date, join_date, hire_date, typeof(birth_date), migrant_worker, typeof(migrant_worker), dispatched,"
            " typeof(dispatched), typeof(created_at), length(created_at), length(updated_at)")
    with empty_db.engine.connect() as conn:
        edited, imported = conn.execute(text(f"SELECT {cols} FROM member ORDER BY id")).all()
        ev = conn.execute(text("SELECT typeof(on_date), on_date, length(created_at) FROM membership_event "
                               "ORDER BY id")).all()
    assert imported[1:] == edited[1:] and imported[0] == "1981-04-10" and edited[0] == "1980-03-09"
    assert ev[0] == ev[1] == ("text", "2005-06-07", ev[0][2])
    m = roster.get_member(empty_db, roster.search_ids(empty_db, "李四")[0])
    assert (m.birth_date, m.join_date, m.migrant_worker, m.dispatched) == (date(1981, 4, 10), date(2005, 6, 7), True,
                                                                        False)


_MEMO: dict = {}  # shared across examples, as one import shares it across rows


@pytest.mark.parametrize("seed", range(3))
def test_validate_member_with_a_memo_gives_the_answers_it_gives_without(seed):
    """The importer's memo (each repeating value read once) changes nothing in the verdict: the same values and
    the same problems as the editor's call without it, row after row, errors included."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from app.services import roster

    from .corpus import make_id

    cell = st.one_of(st.none(), st.sampled_from(["", " ", "汉", "汉族", "本科", "幼儿园", "男", "女", "是", "否", "Y",
                                                 "2023/5/1", "2023年5月1日", "2023/2/30", "20230501", "9999-01-01",
                                                 "海南省海口市", "x" * 300, "a\x07b", 45000, 45000.5, 1.10105e17, True, 1, 1.0, 0, False]),
                     st.text(max_size=6))
    fields = ["sex", "birth_date", "ethnicity", "education", "hukou_place", "join_date", "hire_date",
              "migrant_worker", "political_status", "post", "employment_status"]

    @settings(max_examples=150, deadline=None)
    @given(st.fixed_dictionaries({f: cell for f in fields}), st.integers(0, 899))
    def check(row, seq):
        raw = {k: v for k, v in row.items() if v is not None}
        raw["name"] = "王五"
        raw["id_number"] = make_id("460100", date(1990, 1 + seq % 12, 1 + seq % 28), seq)
        plain, memoised = roster.validate_member(dict(raw)), roster.validate_member(dict(raw), memo=_MEMO)
        assert memoised.values == plain.values
        assert sorted(p.message for p in memoised.problems) == sorted(p.message for p in plain.problems)

    check()


_CELL = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from([0.0, 1.0, 2.5]),
                  st.sampled_from(["", "a", "在岗", "it's"]))


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 4).flatmap(lambda w: st.lists(st.lists(_CELL, min_size=w, max_size=w), min_size=1, max_size=40)))
def test_many_row_inserts_store_what_one_row_inserts_store(rows):
    """Columns alike in every row are bound once; the stored values and their types must not change."""
    import sqlite3

    from app.services import roster_import as ri

    width = len(rows[0])
    cols = [f"c{k}" for k in range(width)]
    conn = sqlite3.connect(":memory:")
    for t in ("a", "b"):
        conn.execute(f"CREATE TABLE {t} (n INTEGER PRIMARY KEY, {', '.join(cols)})")
    conn.executemany(f"INSERT INTO a ({', '.join(cols)}) VALUES ({', '.join('?' * width)})", rows)
    ri._insert_rows(conn.cursor(), "INSERT INTO b", cols, rows)
    typed = ", ".join(f"{c}, typeof({c})" for c in cols)
    assert (conn.execute(f"SELECT n, {typed} FROM a ORDER BY n").fetchall()
            == conn.execute(f"SELECT n, {typed} FROM b ORDER BY n").fetchall())
