"""Validators: ID numbers (GB 11643), credit codes (GB 32100), phones, dates, code lists."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.validation import codes, idnumber, phone, uscc
from app.validation.dates import DateError, parse_date

AREAS = sorted(idnumber.PROVINCES)


@st.composite
def valid_ids(draw):
    area = draw(st.sampled_from(AREAS)) + draw(st.from_regex(r"[0-9]{4}", fullmatch=True))
    born = draw(st.dates(min_value=date(1930, 1, 1), max_value=date(2010, 12, 31)))
    seq = draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    first17 = f"{area}{born:%Y%m%d}{seq}"
    return first17 + idnumber.check_char(first17)


def test_reference_vector():
    info = idnumber.parse("11010519491231002X")
    assert info.birth_date == date(1949, 12, 31)
    assert info.sex == "女"


def test_lower_case_x_and_full_width_are_normalised():
    assert idnumber.parse("１１０１０５１９４９１２３１００２x").number == "11010519491231002X"


@given(valid_ids())
def test_valid_numbers_pass(n):
    info = idnumber.parse(n)
    assert info.number == n
    assert info.sex == ("男" if int(n[16]) % 2 else "女")


@settings(max_examples=300)
@given(valid_ids(), st.integers(min_value=0, max_value=17), st.integers(min_value=1, max_value=10))
def test_any_single_character_change_fails(n, pos, delta):
    alphabet = "0123456789X" if pos == 17 else "0123456789"
    i = alphabet.index(n[pos])
    changed = n[:pos] + alphabet[(i + delta) % len(alphabet)] + n[pos + 1:]
    if changed == n:
        return
    assert not idnumber.is_valid(changed)


@pytest.mark.parametrize("raw,code", [
    ("1.10105E+17", "id.scientific"),
    ("11010519491231002", "id.length"),
    ("11010519491331002X", "id.birth"),
    ("99010519491231002X", "id.area"),
    ("110105194912310021", "id.checksum"),
    ("", "id.empty"),
])
def test_each_problem_is_named(raw, code):
    with pytest.raises(idnumber.IdNumberError) as e:
        idnumber.parse(raw)
    assert e.value.code == code
    assert e.value.message


def test_fifteen_digit_numbers_upgrade():
    assert idnumber.parse("110105491231002").number == "110105194912310026"[:17] + idnumber.check_char("11010519491231002")


def test_masking_keeps_area_and_tail_only():
    assert idnumber.mask("11010519491231002X") == "110105********002X"
    assert phone.mask("13800138000") == "138****8000"


def test_an_id_number_excel_turned_into_a_number_is_shown_as_excel_shows_it():
    # the chair must find the cell: "1.10105E+17" (area code, digits lost) is not cut into "1.1010*E+17"
    assert idnumber.mask(idnumber.normalise(110105194912310020.0)) == "1.10105E+17"
    assert idnumber.mask("110105194912310020") == "110105********0020"  # a full number is masked as ever


def test_uscc_vector_and_warning_text():
    assert uscc.check("91350100M000100Y43") is None
    msg = uscc.check("91350100M000100Y44")
    assert msg and "校验位" in msg
    assert "18位" in (uscc.check("9135") or "")


@pytest.mark.parametrize("raw", ["2023/5/1", "2023-05-01", "2023.5.1", "2023年5月1日", "20230501", 45047, "45047",
                                 date(2023, 5, 1)])
def test_date_forms(raw):
    assert parse_date(raw) == date(2023, 5, 1)


@given(st.text(max_size=30))
def test_date_parser_never_crashes(s):
    try:
        parse_date(s)
    except DateError as e:
        assert str(e)


def test_code_synonyms_and_rejection_message():
    assert codes.normalise_code("education", "本科", "学历") == "大学"
    assert codes.normalise_code("political_status", "党员", "政治面貌") == "中共党员"
    assert codes.normalise_code("id_type", "身份证", "证件类别") == "居民身份证"
    with pytest.raises(codes.CodeError) as e:
        codes.normalise_code("education", "幼儿园", "学历")
    assert "学历" in str(e.value) and "大学" in str(e.value)


def test_phone_separators():
    assert phone.normalise("138-0013 8000") == "13800138000"
    assert phone.check_mobile("+86 138 0013 8000") is None
    assert "11位" in (phone.check_mobile("1380013800") or "")


@settings(max_examples=400)
@given(st.sampled_from(__import__("app.services.roster", fromlist=["EDITABLE_FIELDS"]).EDITABLE_FIELDS),
       st.one_of(st.text(max_size=40), st.floats(allow_nan=True, allow_infinity=True), st.integers(),
                 st.booleans(), st.none(), st.dates()))
def test_member_validator_reports_never_raises(field, value):
    from app.services.roster import validate_member

    cm = validate_member({"name": "张三", "id_number": "11010519491231002X", field: value})
    for p in cm.problems:
        assert p.message and p.field


def test_remembered_today_follows_the_clock(monkeypatch):
    """dates.today() is date.today(), remembered only until local midnight or until the clock is set back."""
    from datetime import date, datetime, timedelta

    from app.validation import dates

    assert dates.today() == date.today()
    tomorrow = datetime.combine(date.today() + timedelta(days=1), datetime.min.time())
    monkeypatch.setattr(dates._time, "time", lambda: tomorrow.timestamp() + 5)
    monkeypatch.setattr(dates, "date", type("D", (date,), {"today": classmethod(lambda cls: tomorrow.date())}))
    assert dates.today() == tomorrow.date()  # past midnight: asked again
    yesterday = tomorrow - timedelta(days=2)
    monkeypatch.setattr(dates._time, "time", lambda: yesterday.timestamp() + 5)
    monkeypatch.setattr(dates, "date", type("D", (date,), {"today": classmethod(lambda cls: yesterday.date())}))
    assert dates.today() == yesterday.date()  # the clock went back: asked again


@settings(max_examples=500)
@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_check_char_by_base_13_is_the_standards_weighted_sum(first17):
    by_weights = sum(int(d) * w for d, w in zip(first17, idnumber.WEIGHTS, strict=True)) % 11
    assert idnumber.check_char(first17) == idnumber.CHECK_CHARS[by_weights]


def test_check_char_of_the_standards_example_and_of_bad_input():
    assert idnumber.check_char("11010519491231002") == "X"  # GB 11643-1999's own example: 11010519491231002X
    for bad in ("1101051949123100", "1101051949123100X", "1101051949123100٣"):
        with pytest.raises(ValueError):
            idnumber.check_char(bad)
