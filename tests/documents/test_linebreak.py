"""Chinese line breaking: no line starts with closing punctuation, none ends with opening punctuation."""

from __future__ import annotations

import random

from app.documents.linebreak import NO_END, NO_START, break_units, units


def _lines(text: str, per_line: int) -> list[str]:
    us = units(text)
    widths = [float(len(u)) if not u.isascii() else len(u) * 0.5 for u in us]
    return ["".join(us[s:e]) for s, e in break_units(us, widths, per_line, per_line)]


def test_latin_words_and_numbers_stay_whole():
    assert units("于2026年GB/T 9704") == ["于", "2026", "年", "GB/T", " ", "9704"]
    assert units("——……") == ["——", "……"]


def test_a_comma_is_never_first_on_a_line():
    lines = _lines("一二三四五，六七八九十", 5)
    assert lines[0] == "一二三四" and lines[1].startswith("五，")


def test_an_opening_bracket_is_never_last_on_a_line():
    lines = _lines("一二三四《五六》七八", 5)
    assert lines[0] == "一二三四" and lines[1].startswith("《")


def test_random_texts_follow_the_rules_and_lose_nothing():
    rng = random.Random(7)
    alphabet = list("工会会员职工代表大会合同") + list("，。、；：？！）》”’（《“‘")
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 120)))
        lines = _lines(text, rng.randint(4, 28))
        assert "".join(lines) == text
        for a, b in zip(lines, lines[1:], strict=False):
            assert b[0] not in NO_START, (a, b)
            # only a line made of nothing but opening marks may end with one
            if any(ch not in NO_END for ch in a):
                assert a[-1] not in NO_END, (a, b)


def test_a_long_url_is_cut_so_it_never_sticks_out_of_the_line():
    url = "https://www.example.com/" + "x" * 60
    assert "".join(units(url)) == url
    assert max(len(u) for u in units(url)) <= 16


def test_a_number_with_thousands_separators_stays_whole():
    assert units("收入61,662.53元，即1,2") == ["收", "入", "61,662.53", "元", "，", "即", "1,2"]
    assert units("一,二") == ["一", ",", "二"] and units("12,") == ["12", ","]
