"""Chinese line breaking (禁则): which characters may not start or end a line, and a greedy breaker that keeps
Latin words and numbers whole.

No line starts with closing punctuation (，。、；：？！）》”’ …); no line ends with opening punctuation (（《“‘ …).
When a break would violate this, the last character of the line moves down to the next line (推出) and the
justified line is spread over the full width; when that is impossible (a run of marks), the closing marks hang on
the line and the renderer squeezes it (挤进).
"""

from __future__ import annotations

from collections.abc import Sequence

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
            while j < n and chars[j] and chars[j] in _WORD and j - i < MAX_WORD:
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


def is_valid_break(prev_line: str, next_line: str) -> bool:
    """True when the break between two lines follows the rules (used by tests)."""
    if not prev_line or not next_line:
        return True
    return next_line[0] not in NO_START and prev_line[-1] not in NO_END
