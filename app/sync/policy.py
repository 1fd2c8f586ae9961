"""Data policy levels (BUNDLE.md): what may leave the enterprise, enforced by the exporter and the receiver.

L0 aggregates only (default). L1 pseudonymous records: HMAC-SHA256 of the normalised ID number with the key agreed
with the receiver, birth year, sex, join date, status. L2 identified records for a stated purpose the user
confirms, with a recorded legal basis. A valid 18-digit ID number never goes into L0/L1 (every string is scanned).

Whom an L2 bundle names. 《个人信息保护法》第六条: processing is limited to what is directly related to its purpose
and collection to the smallest scope that achieves it; 第二十三条: the receiver may process the data only within the
purpose the person was told of. So an L2 bundle names only the members its purpose concerns
(:func:`concerned_members`); every other member is in the aggregates only (roster.members, as at L0):

- ``aid`` (直接帮扶救助): members whose hardship file is open (申请, 入户调查, 公示, 审批, 在档), and members who were
  paid aid or visited (走访慰问, done) during the current year, whatever their file's state now (the payment is what
  the higher-level union's aid fund accounts for). A file that ended (解困, 脱困, 退档) in an earlier year: nobody.
- ``transfer`` (会员组织关系转接): members with a 转出 or 转入 event in the last 12 months (a year back from today
  included): the transfers the higher-level union may still have to pass on or confirm. Older transfers are done.

Records of organisations, not of people (collective contracts, workers' congress motions — no proposer or other
personal field is on their allow-list below) are not narrowed by the purpose. Since who is concerned changes without
the member's own record changing (a file is opened, an aid paid), an L2 bundle is always a full snapshot: the
receiver replaces what it held for the union, so someone no longer concerned is deleted there too (第四十七条).
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from app.i18n import N_, _
from app.validation.idnumber import ID_PATTERN, is_valid, normalise, parse

LEVELS = ("L0", "L1", "L2")
LEVEL_LABELS = {
    "L0": N_("L0 仅合计数（默认）"),
    "L1": N_("L1 化名记录（不含姓名、证件号、电话）"),
    "L2": N_("L2 实名记录（须说明用途）"),
}
PURPOSES = {
    "transfer": N_("会员组织关系转接"),
    "aid": N_("直接帮扶救助"),
}


def concerned_members(purpose: str, today: date) -> tuple[str, dict[str, Any]]:
    """SQL selecting the ``member.id`` of everyone an L2 bundle for ``purpose`` concerns (see the module docstring),
    and its parameters (named style; dates are stored as ISO strings)."""
    if purpose == "aid":
        from app.services.hardship import OPEN_STATES

        states = {f"s{i}": st for i, st in enumerate(OPEN_STATES)}
        sql = ("SELECT member_id FROM hardship_file WHERE member_id IS NOT NULL AND state IN ("
               + ", ".join(f":{k}" for k in states) + ") "
               "UNION SELECT f.member_id FROM hardship_aid a JOIN hardship_file f ON f.id = a.file_id "
               "WHERE f.member_id IS NOT NULL AND a.year = :year "
               "UNION SELECT f.member_id FROM hardship_visit v JOIN hardship_file f ON f.id = v.file_id "
               "WHERE f.member_id IS NOT NULL AND v.done AND v.visited_on >= :year_start")
        return sql, {**states, "year": today.year, "year_start": date(today.year, 1, 1).isoformat()}
    if purpose == "transfer":
        try:
            since = today.replace(year=today.year - 1)
        except ValueError:  # 29 February
            since = today.replace(year=today.year - 1, day=28)
        return ("SELECT member_id FROM membership_event WHERE kind IN ('转出', '转入') AND on_date >= :since",
                {"since": since.isoformat()})
    raise ValueError(f"unknown purpose {purpose!r}")


# Providing identified records to another processor (the higher-level union): consent, told and separate (Art. 23).
LEGAL_BASIS = N_("《个人信息保护法》第十三条第一款第（一）项、第二十三条：已向本人告知接收方、用途、处理方式和信息种类，并取得本人的单独同意")

# Per table: the fields permitted at each level. Providers add their tables here; the receiver enforces it (E21).
TABLE_FIELDS: dict[str, dict[str, frozenset[str]]] = {
    "member": {
        "L1": frozenset({"pseudonym", "birth_year", "sex", "join_date", "status"}),
        "L2": frozenset({"name", "id_number", "sex", "birth_date", "join_date", "status", "migrant_worker",
                         "dispatched"}),
    },
    "contract": {
        "L1": frozenset({"kind", "title", "state", "term_start", "term_end", "signed_on", "in_force_on",
                         "people_covered"}),
    },
    "motion": {
        "L2": frozenset({"number", "title", "category", "state", "disposition", "submitted_on", "due_on",
                         "implementation", "rating_result"}),
    },
}
# Aggregate names the receiver understands (sent at every level).
AGGREGATES: set[str] = {"roster.members", "congress.stats", "contracts.stats", "hardship.totals"}


def level_label(level: str) -> str:
    return _(LEVEL_LABELS.get(level, level))


def allowed_fields(table: str, level: str) -> frozenset[str] | None:
    """The permitted fields, or None when the table is not permitted at this level at all."""
    per = TABLE_FIELDS.get(table)
    if per is None:
        return None
    order = LEVELS.index(level)
    for lv in reversed(LEVELS[:order + 1]):
        if lv in per:
            return per[lv]
    return None


def known_field(table: str, name: str) -> bool:
    return any(name in f for f in TABLE_FIELDS.get(table, {}).values())


def hmac_sha256(key: bytes) -> Callable[[bytes], bytes]:
    """HMAC-SHA256 under a fixed key (RFC 2104 with the padded key's hash states computed once: ~3x faster than
    hmac.digest per call for 100,000 members; identical output)."""
    if len(key) > 64:
        key = hashlib.sha256(key).digest()
    key = key.ljust(64, b"\0")
    inner0 = hashlib.sha256(bytes(b ^ 0x36 for b in key))
    outer0 = hashlib.sha256(bytes(b ^ 0x5C for b in key))

    def mac(msg: bytes) -> bytes:
        inner = inner0.copy()
        inner.update(msg)
        outer = outer0.copy()
        outer.update(inner.digest())
        return outer.digest()

    return mac


def pseudonym(id_number: str | None, key: bytes) -> str | None:
    """HMAC-SHA256 of the normalised ID number (15-digit numbers upgraded, X upper-case), base64 without padding.

    base64 has 10 digits among 64 symbols: a run of 18 digits (an ID-number look-alike) is ~1e-14 per value.
    """
    if not id_number:
        return None
    if not (len(id_number) == 18 and id_number.isascii() and id_number[:17].isdigit()
            and (id_number[17].isdigit() or id_number[17] == "X")):  # stored numbers are normalised: fast path
        try:
            id_number = parse(id_number).number
        except ValueError:
            id_number = normalise(id_number)
    mac = hmac.digest(key, id_number.encode(), "sha256")
    return binascii.b2a_base64(mac, newline=False).decode()[:43]


_DIGITS = bytes.maketrans(b"0123456789", b"0" * 10)
_RUN = b"0" * 17


def find_id_numbers(text: str | bytes) -> Iterable[str]:
    """Valid 18-digit ID numbers anywhere in ``text`` (every string of a payload is scanned).

    Runs of 17 digits are found with a C-speed substring search on a digit-folded copy; only those are checked.
    """
    data = text if isinstance(text, bytes) else text.encode()
    folded = data.translate(_DIGITS)
    pos = folded.find(_RUN)
    while pos >= 0:
        start = max(0, pos - 1)
        window = data[start:pos + 40].decode(errors="ignore")
        for m in ID_PATTERN.finditer(window):
            if is_valid(m.group(0)):
                yield m.group(0)
        end = pos + 17
        while end < len(folded) and folded[end:end + 1] == b"0":
            end += 1
        pos = folded.find(_RUN, end)
