"""The sample data tells one consistent story: what the printed documents of the demo show must agree."""

from __future__ import annotations

from sqlmodel import select

from app.models.congress import CongressMeeting, CongressVote, Motion
from app.models.contracts import Contract, ContractVote


def test_no_motion_is_submitted_after_its_meeting(demo_db):
    with demo_db.session() as s:
        meetings = {m.id: m for m in s.exec(select(CongressMeeting)).all()}
        late = [(m.number, m.submitted_on, meetings[m.meeting_id].held_on) for m in s.exec(select(Motion)).all()
                if meetings[m.meeting_id].held_on and m.submitted_on > meetings[m.meeting_id].held_on]
    assert not late


def test_each_contract_draft_is_put_to_the_vote_once(demo_db):
    """A contract's draft goes to one vote (at one congress session): not voted on at 5-2 and again at 5-3."""
    with demo_db.session() as s:
        contracts = s.exec(select(Contract)).all()
        congress_votes = s.exec(select(CongressVote)).all()
        contract_votes = s.exec(select(ContractVote)).all()
    assert contracts
    for c in contracts:
        at_congress = [v for v in congress_votes if c.title in v.title]
        own = [v for v in contract_votes if v.contract_id == c.id]
        assert len(own) <= 1, c.title
        assert len(at_congress) <= 1, (c.title, [(v.meeting_id, v.title) for v in at_congress])
        if at_congress and own:              # the congress vote and the contract's record are the same vote
            assert at_congress[0].passed == own[0].passed
