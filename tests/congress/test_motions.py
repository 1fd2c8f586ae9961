"""The motion lifecycle: every allowed and every forbidden transition, with the rules' reasons."""

from __future__ import annotations

from datetime import date

import pytest

from app.errors import DomainError, ValidationFailed
from app.services import motions
from app.services.motions import STATES, TRANSITIONS

VALUES = {"title": "关于改善职工食堂伙食质量的建议", "category": "生活后勤", "reasons": "饭菜品种少。",
          "suggestions": "增加窗口。"}

# the data each step needs to succeed
STEP_DATA = {
    "accept": {}, "merge": {}, "reject": {"reason": "属个人诉求"}, "assign": {"lead": "后勤部", "due": "2025-04-30"},
    "start": {}, "reply": {"text": "已增加两个窗口。", "implementation": "A"},
    "rate": {"attitude": "满意", "result": "不满意"}, "return": {"reason": "没有落实"},
    "close": {"note": "审查委员会同意办结"}, "archive": {}, "review": {},
    "supervise": {},
}
# a path from a new motion to each state
PATHS = {
    "collecting": [], "reviewing": ["review"], "accepted": ["review", "accept"], "merged": ["review", "merge"],
    "rejected": ["review", "reject"], "assigned": ["review", "accept", "assign"],
    "handling": ["review", "accept", "assign", "start"],
    "replied": ["review", "accept", "assign", "start", "reply"],
    "rated": ["review", "accept", "assign", "start", "reply", "rate"],
    "returned": ["review", "accept", "assign", "start", "reply", "rate", "return"],
    "closed": ["review", "accept", "assign", "start", "reply", "rate", "return", "start", "reply", "rate", "close"],
    "archived": ["review", "reject", "archive"],
}


def new_motion(cg, cosigners=2, title=None):
    vals = dict(VALUES, title=title or VALUES["title"])
    return motions.submit(cg.db, cg.meeting_id, cg.reps[0], vals, cg.reps[1:1 + cosigners], on="2025-02-10")


def walk(cg, m, path, parent=None):
    for i, action in enumerate(path):
        data = dict(STEP_DATA[action])
        if action == "merge":
            data["into"] = parent.id
        m = motions.transition(cg.db, m.id, action, on=date(2025, 3, 1 + i), **data)
    return m


@pytest.fixture
def parent(cg):
    return walk(cg, new_motion(cg, title="父提案"), PATHS["accepted"])


def test_every_state_has_a_path_and_reaches_it(cg, parent):
    for state, path in PATHS.items():
        m = walk(cg, new_motion(cg), path, parent)
        assert m.state == state, (state, path)


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_transition_matrix(cg, parent, state, action):
    m = walk(cg, new_motion(cg), PATHS[state], parent)
    if (state, action) == ("rated", "close"):  # closing needs a satisfied proposer (tested separately below)
        m = walk(cg, new_motion(cg), PATHS["replied"], parent)
        m = motions.rate(cg.db, m.id, "满意", "基本满意", on="2025-03-20")
    data = dict(STEP_DATA[action])
    if action == "merge":
        data["into"] = parent.id
    froms, to = TRANSITIONS[action]
    on = date(2025, 6, 30) if action == "supervise" else date(2025, 4, 1)  # supervise needs an overdue motion
    if state in froms:
        after = motions.transition(cg.db, m.id, action, on=on, **data)
        assert after.state == (to or state)
        last = motions.timeline(cg.db, m.id)[-1]
        assert (last.action, last.from_state, last.to_state) == (action, state, after.state)
        assert last.actor and last.at and last.on_date == on
    else:
        with pytest.raises(DomainError) as e:
            motions.transition(cg.db, m.id, action, on=on, **data)
        assert e.value.code == "motion.transition"
        assert motions.state_label(state) in e.value.message
        assert motions.detail(cg.db, m.id).motion.state == state  # nothing changed


def test_accept_needs_enough_cosigners(cg):
    m = walk(cg, new_motion(cg, cosigners=1), ["review"])
    with pytest.raises(DomainError) as e:
        motions.accept(cg.db, m.id)
    assert e.value.code == "motion.cosigners" and "2名以上" in e.value.message
    assert motions.detail(cg.db, m.id).motion.state == "reviewing"


def test_cosigners_configurable_by_profile(cg, monkeypatch):
    from app.rules import profile as prof

    real = prof.rule

    def fake(area, key, p="national"):
        r = real(area, key, p)
        return prof.Rule(key, 1, r.cite, p) if key == "cosigners_min" else r

    monkeypatch.setattr("app.services.motions.rule", fake)
    m = walk(cg, new_motion(cg, cosigners=1), ["review", "accept"])
    assert m.state == "accepted"


def test_reply_rules(cg):
    m = walk(cg, new_motion(cg), PATHS["handling"])
    with pytest.raises(DomainError) as e:
        motions.reply(cg.db, m.id, "", "A")
    assert e.value.code == "motion.reply_text"
    with pytest.raises(DomainError) as e:
        motions.reply(cg.db, m.id, "暂不能解决", "C")
    assert e.value.code == "motion.implementation_note"
    with pytest.raises(DomainError):
        motions.reply(cg.db, m.id, "好的", "D")
    m = motions.reply(cg.db, m.id, "暂不能解决", "C", note="预算不足，列入明年计划", number="工〔2025〕3号")
    assert (m.state, m.implementation, m.reply_number) == ("replied", "C", "工〔2025〕3号")


def test_unsatisfied_must_go_back_before_closing(cg):
    m = walk(cg, new_motion(cg), PATHS["rated"])  # rated 不满意
    with pytest.raises(DomainError) as e:
        motions.close(cg.db, m.id)
    assert e.value.code == "motion.close_unsatisfied"
    m = motions.send_back(cg.db, m.id, "答复没有时间表")
    assert (m.state, m.returns) == ("returned", 1)
    m = motions.start(cg.db, m.id)
    m = motions.reply(cg.db, m.id, "补充答复", "B")
    m = motions.rate(cg.db, m.id, "满意", "不满意")
    with pytest.raises(DomainError) as e:
        motions.close(cg.db, m.id)
    assert e.value.code == "motion.close_note"
    assert motions.close(cg.db, m.id, note="经审查委员会研究同意办结").state == "closed"


def test_satisfied_cannot_be_sent_back(cg):
    m = walk(cg, new_motion(cg), PATHS["replied"])
    m = motions.rate(cg.db, m.id, "满意", "基本满意")
    with pytest.raises(DomainError) as e:
        motions.send_back(cg.db, m.id, "x")
    assert e.value.code == "motion.return_satisfied"


def test_reject_needs_reason_and_merge_needs_accepted_parent(cg):
    m = walk(cg, new_motion(cg), ["review"])
    with pytest.raises(DomainError) as e:
        motions.reject(cg.db, m.id, "  ")
    assert e.value.code == "motion.reject_reason"
    other = walk(cg, new_motion(cg, title="未立案"), ["review"])
    with pytest.raises(DomainError) as e:
        motions.merge(cg.db, m.id, other.id)
    assert e.value.code == "motion.merge_target"
    with pytest.raises(DomainError):
        motions.merge(cg.db, m.id, m.id)


def test_submission_rules(cg):
    with pytest.raises(ValidationFailed):
        motions.submit(cg.db, cg.meeting_id, cg.reps[0], dict(VALUES, title=""), cg.reps[1:3], on="2025-02-10")
    with pytest.raises(DomainError) as e:
        motions.submit(cg.db, cg.meeting_id, cg.reps[0], VALUES, cg.reps[1:3], on="2025-04-10")
    assert e.value.code == "motion.window" and "截止" in e.value.message
    with pytest.raises(DomainError) as e:
        motions.submit(cg.db, cg.meeting_id, cg.reps[0], VALUES, [cg.reps[0], cg.reps[1]], on="2025-02-10")
    assert e.value.code == "motion.self_cosign"
    m = new_motion(cg)
    assert m.number == "3-1-001" and new_motion(cg).number == "3-1-002"
    d = motions.detail(cg.db, m.id)
    assert d.proposer == "赵一" and [n for _i, n in d.cosigners] and d.motion.proposer_dept == "生产部"


def test_edit_locked_after_acceptance(cg):
    m = walk(cg, new_motion(cg), ["review"])
    assert motions.update(cg.db, m.id, {"suggestions": "增加三个窗口"}).suggestions == "增加三个窗口"
    m = motions.accept(cg.db, m.id)
    with pytest.raises(DomainError) as e:
        motions.update(cg.db, m.id, {"title": "x"})
    assert e.value.code == "motion.locked"


def test_attachments_stored_in_database(cg, tmp_path):
    m = new_motion(cg)
    f = tmp_path / "照片.jpg"
    f.write_bytes(b"\xff\xd8binary" * 100)
    aid = motions.add_attachment(cg.db, m.id, f)
    name, data = motions.attachment_data(cg.db, aid)
    assert name == "照片.jpg" and data == f.read_bytes()
    assert motions.detail(cg.db, m.id).attachments[0][1] == "照片.jpg"


def test_supervise_only_when_overdue(cg):
    m = walk(cg, new_motion(cg), PATHS["assigned"])  # due 2025-04-30
    with pytest.raises(DomainError) as e:
        motions.supervise(cg.db, m.id, on="2025-04-20")
    assert e.value.code == "motion.not_overdue"
    assert motions.supervise(cg.db, m.id, on="2025-05-05").supervisions == 1


def test_sending_back_shows_the_new_due_date_in_the_timeline(cg):
    """退回重办 sets a new due date: the handling timeline says which, so it agrees with the printed 提案表."""
    m = walk(cg, new_motion(cg), PATHS["rated"])
    m = motions.send_back(cg.db, m.id, "答复没有时间表", due="2099-06-30", on="2099-06-01")
    assert m.due_on.isoformat() == "2099-06-30"
    last = motions.timeline(cg.db, m.id)[-1]
    assert "答复没有时间表" in last.note and "2099-06-30" in last.note
    m2 = walk(cg, new_motion(cg), PATHS["rated"])
    with pytest.raises(DomainError) as e:
        motions.send_back(cg.db, m2.id, "x", due="2099-05-01", on="2099-06-01")
    assert (e.value.code, e.value.field) == ("motion.due", "due")
