"""The shortcuts taken for bulk imports give exactly the answers of the slow paths."""

from __future__ import annotations

import random

import pytest

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
