"""Chinese line breaking (禁则): which characters may not start or end a line, and a greedy breaker that keeps
Latin words and numbers whole.

No line starts with closing punctuation (，。、；：？！）》”’ …); no line ends with opening punctuation (（《“‘ …).
When a break would violate this, the last character of the line moves down to the next line (推出) and the
justified line is spread over the full width; when that is impossible (a run of marks), the closing marks hang on
the line and the renderer squeezes it (挤进).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Sequence
from itertools import combinations

NO_START = set("，。、；：？！）》”’〉」』】〕］｝〗…—·～％‰℃,.;:?!)]}%'\"")
NO_END = set("（《“‘〈「『【〔［｛〖([{")
MAX_WORD = 16   # longer Latin runs (URLs, long numbers) are cut so no unit is wider than a line
_WORD = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-/_%@+#&")


def units(text: str) -> list[str]:
    """Split into unbreakable units: a Latin word or number stays whole; other characters stand alone.

    Dashes and ellipses that come in pairs (——, ……) stay together.
    """
    text = text.replace("\r", "").replace("\n", " ").replace("\t", " ")  # hard breaks are split before
    return [text[i:j] for i, j in spans(text)]


def spans(chars: Sequence[str]) -> list[tuple[int, int]]:
    """The units of ``chars`` (a string, or a list of one-character strings) as (start, end) index pairs."""
    out: list[tuple[int, int]] = []
    i, n = 0, len(chars)
    while i < n:
        ch = chars[i]
        if ch and ch in _WORD:
            j = i + 1
            while j < n and chars[j] and j - i < MAX_WORD and (
                    chars[j] in _WORD or (chars[j] == "," and _digit(chars[j - 1]) and j + 1 < n
                                          and _digit(chars[j + 1]))):   # 61,662.53 is one number
                j += 1
            out.append((i, j))
            i = j
        elif ch and ch in "—…" and i + 1 < n and chars[i + 1] == ch:
            out.append((i, i + 2))
            i += 2
        else:
            out.append((i, i + 1))
            i += 1
    return out


# Table cells and form fields: runs the line breaker keeps whole (a narrow cell must not print "（草 / 案）" or
# "海口市总工 / 会"). Body text on the character grid is not affected.
KEEP_BRACKETED = 6   # a bracketed term of at most this many characters stays whole: （草案）, （修订稿）, 《工会法》
NAME_MAX = 8         # a whole cell line of at most this many characters, no space or mark, is a name: 海口市总工会
CODE_MAX = 24        # … and so is one of at most this many Latin characters and digits: 440106********7319
_PAIRS = {"（": "）", "《": "》", "“": "”", "‘": "’", "〈": "〉", "「": "」", "『": "』", "【": "】", "〔": "〕",
          "［": "］", "〖": "〗", "(": ")", "[": "]"}
_NAME_MARKS = (NO_START | NO_END | set("、 \u3000")) - set("·-./")


def _name_like(chars: Sequence[str]) -> bool:
    if len(chars) < 2 or any(not ch or ch in _NAME_MARKS or ch.isspace() for ch in chars):
        return False
    return len(chars) <= (CODE_MAX if all(ch.isascii() for ch in chars) else NAME_MAX)


def kept_spans(chars: Sequence[str]) -> list[tuple[int, int]]:
    """The units of a table cell or form field line: those of :func:`spans`, with the runs a reader takes as one
    word merged: a short text with no space or mark (a name, 海口市总工会; a masked number) and a short bracketed
    term (（草案）)."""
    n = len(chars)
    if _name_like(chars):
        return [(0, n)]
    base = spans(chars)
    groups: dict[int, int] = {}
    i = 0
    while i < n:
        close = _PAIRS.get(chars[i]) if chars[i] else None
        if close:
            j = i + 1
            while j < n and j - i - 1 <= KEEP_BRACKETED and chars[j] and chars[j] != close \
                    and chars[j] not in _NAME_MARKS:
                j += 1
            if j < n and chars[j] == close and 1 <= j - i - 1 <= KEEP_BRACKETED:
                groups[i] = j + 1
                i = j + 1
                continue
        i += 1
    if not groups:
        return base
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(base):
        a, b = base[k]
        end = groups.get(a)
        if end is not None:
            while k < len(base) and base[k][1] <= end:
                k += 1
            out.append((a, end))
            continue
        out.append((a, b))
        k += 1
    return out


def cell_spans(chars: Sequence[str], char_widths: Sequence[float], avail: float) -> list[tuple[int, int]]:
    """:func:`kept_spans`, with a kept run too wide for ``avail`` cut into as few even pieces as fit (海口市 /
    总工会, never 海口市总工 / 会); the 禁则 still hold inside it."""
    out: list[tuple[int, int]] = []
    for a, b in kept_spans(chars):
        w = sum(char_widths[a:b])
        if b - a < 2 or w <= avail + 1e-6 or avail <= 0:
            out.append((a, b))
            continue
        items = [str(c) for c in chars[a:b]]
        cw = list(char_widths[a:b])
        pieces = max(2, math.ceil(w / avail))
        least = w / pieces
        best = break_units(items, cw, avail, avail)
        for step in range(11):   # the narrowest target that still needs no more lines than ``pieces``
            target = least + (avail - least) * step / 10
            lines = break_units(items, cw, target, target)
            if len(lines) <= max(pieces, len(best)):
                best = lines
                break
        out += [(a + s, a + e) for s, e in best]
    return out


def _digit(ch: str) -> bool:
    return bool(ch) and "0" <= ch <= "9"


def break_units(items: Sequence[str], widths: Sequence[float], first_width: float,
                width: float, *, hang: float = 0.0) -> list[tuple[int, int]]:
    """Break ``items`` (units, with their ``widths``) into lines; returns (start, end) index pairs.

    ``first_width`` is the width of the first line (after its indent), ``width`` that of the others. Closing
    marks may stick out of the line by up to ``hang`` (标点悬挂, e.g. into a table cell's padding) rather than
    push the last character down.
    """
    eps = 1e-6
    lines: list[tuple[int, int]] = []
    n = len(items)
    start = 0
    avail = first_width
    while start < n:
        used = 0.0
        end = start
        while end < n and used + widths[end] <= avail + eps:
            used += widths[end]
            end += 1
        while 0 < end - start and end < n and items[end][:1] in NO_START and used + widths[end] <= avail + hang:
            used += widths[end]
            end += 1
        if end == start:  # a unit wider than the line: put it alone (it overflows rather than loops)
            end = start + 1
            while end < n and items[end][:1] in NO_START:   # with the closing marks that follow it
                end += 1
        elif end < n:
            # 禁则: push characters down while the next line would start with a closing mark,
            # or this line would end with an opening mark.
            e = end
            while e - start > 1 and (items[e][:1] in NO_START or items[e - 1][-1:] in NO_END):
                e -= 1
            if not (items[e][:1] in NO_START or items[e - 1][-1:] in NO_END):
                end = e
            else:
                # Nothing to push down (a run of marks): hang the closing marks on this line instead;
                # the renderer squeezes the line to fit.
                while end < n and items[end][:1] in NO_START:
                    end += 1
        lines.append((start, end))
        start = end
        avail = width
    return lines


def no_widow(items: Sequence[str], lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Lines without a lone last character (孤字, "…增长机制的提 / 案"): when the last line of a paragraph is one
    character (with any closing marks), one or two more units move down to it, where the 禁则 allow."""
    if len(lines) < 2:
        return lines
    (s, e), (_e, end) = lines[-2], lines[-1]
    body = [u for u in items[e:end] if u[:1] not in NO_START]
    if len(body) != 1 or len(body[0]) != 1 or body[0].isascii():
        return lines
    for cut in (e - 1, e - 2):
        if cut - s >= 2 and items[cut][:1] not in NO_START and items[cut - 1][-1:] not in NO_END:
            return [*lines[:-2], (s, cut), (cut, end)]
    return lines


def is_valid_break(prev_line: str, next_line: str) -> bool:
    """True when the break between two lines follows the rules (used by tests)."""
    if not prev_line or not next_line:
        return True
    return next_line[0] not in NO_START and prev_line[-1] not in NO_END


# ---------------------------------------------------------------------------------------------------------------
# Titles: GB/T 9704-2012 7.3.3 — "回行时，要做到词意完整，排列对称，长短适宜，间距恰当".

# Words of union documents that a title line must not cut. Boundaries of these words are fair places to break.
TITLE_WORDS = (
    "职工代表大会", "代表大会", "职工代表", "委员会", "工会", "会议", "大会", "情况", "报告", "工作", "提案", "办理",
    "集体合同", "专项", "合同", "集体协商", "协商", "决议", "通知", "决定", "意见", "方案", "实施", "办法", "规定",
    "纪要", "请示", "困难职工", "职工", "帮扶", "年度", "汇总", "有限公司", "公司", "名册", "会员", "登记表",
    "申请表", "签收表", "慰问金", "发放", "审查", "报送", "材料", "表决", "记录", "公示", "名单", "档案", "建档",
    "要约书", "修改", "对照", "汇编", "台账", "资金", "签名", "密钥", "登记", "工资", "劳动", "安全", "保护",
    "女职工", "权益", "选举", "换届", "召开", "关于", "印发", "做好", "加强", "开展", "制造", "示例", "机械",
)
_TITLE_NUMBERED = re.compile(r"第?[0-9０-９一二三四五六七八九十百]+[届次号条章年月日件人户期批](?:会议|大会)?")
# Break before 关于 (the subject follows the issuer), after 的 (…的 / 通知), around marks.
_GOOD_BEFORE = ("关于", "《", "（", "“")
_GOOD_AFTER = ("的", "》", "）", "”", "、", "，", "：", "；")
COST_GOOD, COST_WORD_EDGE, COST_UNKNOWN, COST_IN_WORD = 0.0, 2.0, 6.0, 20.0
COST_BALANCE, COST_EXTRA_LINE = 4.0, 3.0


def _title_break_costs(text: str, cuts: Sequence[int]) -> dict[int, float]:
    """Cost of breaking ``text`` before each index in ``cuts`` (0 = a good place, 20 = inside a word)."""
    inside: set[int] = set()
    edges: set[int] = set()
    for w in TITLE_WORDS:
        start = text.find(w)
        while start >= 0:
            inside.update(range(start + 1, start + len(w)))
            edges.update((start, start + len(w)))
            start = text.find(w, start + 1)
    for m in _TITLE_NUMBERED.finditer(text):
        inside.update(range(m.start() + 1, m.end()))
        edges.update((m.start(), m.end()))
    costs: dict[int, float] = {}
    for p in cuts:
        if text.startswith(_GOOD_BEFORE, p) or text[:p].endswith(_GOOD_AFTER):
            costs[p] = COST_GOOD if p not in inside else COST_WORD_EDGE
        elif p in inside:
            costs[p] = COST_IN_WORD
        elif p in edges:
            costs[p] = COST_WORD_EDGE
        else:
            costs[p] = COST_UNKNOWN
    return costs


def title_lines(text: str, width_of: Callable[[str], float], avail: float) -> list[str]:
    """Lines of a title set centred in ``avail``: as few lines as fit, broken where words stay whole (after 的,
    before 关于, at punctuation and word boundaries), of similar length; Chinese 禁则 and Latin words respected.

    ``width_of`` measures a piece of text in the title's font. A title too long for four lines is broken greedily.
    """
    text = text.strip()
    if not text or width_of(text) <= avail + 1e-6:
        return [text] if text else []
    sp = spans(text)
    widths = [width_of(text[a:b]) for a, b in sp]
    greedy = break_units([text[a:b] for a, b in sp], widths, avail, avail)
    least = len(greedy)
    if least > 4:
        return [text[sp[s][0]:sp[e - 1][1]] for s, e in greedy]
    # candidate cuts: between units, never against the 禁则
    cuts = [sp[i][0] for i in range(1, len(sp))
            if text[sp[i][0]] not in NO_START and text[sp[i][0] - 1] not in NO_END]
    costs = _title_break_costs(text, cuts)
    prefix = [0.0]
    for w in widths:
        prefix.append(prefix[-1] + w)
    unit_at = {a: i for i, (a, _b) in enumerate(sp)}

    def line_w(a: int, b: int) -> float:
        return prefix[unit_at.get(b, len(sp))] - prefix[unit_at[a]]

    best: tuple[float, tuple[int, ...]] | None = None
    for k in (least, least + 1):
        for chosen in combinations(cuts, k - 1):
            bounds = (0, *chosen, len(text))
            ws = [line_w(a, b) for a, b in itertools.pairwise(bounds)]
            if max(ws) > avail + 1e-6:
                continue
            cost = sum(costs[c] for c in chosen) + COST_BALANCE * (1 - min(ws) / max(ws))
            cost += COST_EXTRA_LINE * (k - least)
            if best is None or cost < best[0] - 1e-9:
                best = (cost, chosen)
    if best is None:
        return [text[sp[s][0]:sp[e - 1][1]] for s, e in greedy]
    bounds = (0, *best[1], len(text))
    return [text[a:b] for a, b in itertools.pairwise(bounds)]
