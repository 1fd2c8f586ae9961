"""The redline reproduces both versions exactly, whatever the edit (property test on Chinese text)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.services.contracts import redline_segments

CHARS = st.sampled_from(list("企业职工工资每月日前支付合同期限争议违约第一二三条章，。；【】\n0123456789"))


@settings(max_examples=200, deadline=None)
@given(st.text(CHARS, max_size=120), st.text(CHARS, max_size=120))
def test_redline_rebuilds_old_and_new(old, new):
    segs = redline_segments(old, new)
    assert "".join(t for k, t in segs if k != "ins") == old
    assert "".join(t for k, t in segs if k != "del") == new
    assert all(t for _k, t in segs)
    assert all(a[0] != b[0] for a, b in zip(segs, segs[1:], strict=False))  # neighbours merged


def test_one_character_change_in_a_long_line_is_marked_alone():
    old = "第二条　企业每月15日前以货币形式足额支付职工上月工资。\n第三条　不变。"
    new = "第二条　企业每月10日前以货币形式足额支付职工上月工资。\n第三条　不变。"
    assert redline_segments(old, new) == [("same", "第二条　企业每月1"), ("del", "5"), ("ins", "0"),
                                          ("same", "日前以货币形式足额支付职工上月工资。\n第三条　不变。")]
