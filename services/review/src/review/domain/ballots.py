"""Secret ballots (bỏ phiếu kín): who voted is kept apart from what was voted; only tallies are published.

A vote yields two records sharing nothing but the ballot id: a `RollEntry` for the voter roll
(member, time, in person or in writing: what refuses a second vote) and a `BoxEntry` (the marks
only: no member, no time, no sequence). The `BallotBox` keeps counts, never papers in arrival
order; store it as counters, not one document per paper (its id and timestamp would line up with
the roll). A tally is computed only once the ballot is closed: a running tally read after each
vote would reveal each vote.

Yes/no ballots are tallied here against a `ThresholdRule`; approval ballots (candidates) are ranked
in `review.domain.honouring`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from fractions import Fraction
from typing import Any, Literal, cast

from emutrack_kit.errors import Conflict, Forbidden, Unprocessable

BallotKind = Literal["yes_no", "approval"]
VoteMode = Literal["in_person", "written"]
Base = Literal["all_members", "present", "votes_cast"]
YES_NO_MARKS = ("yes", "no", "abstain")
BASE_VI: dict[str, str] = {
    "all_members": "tổng số thành viên",
    "present": "số thành viên dự họp (kể cả phiếu gửi bằng văn bản)",
    "votes_cast": "số phiếu bầu",
}
_BASE_ALIASES = {"present_members": "present"}  # the spelling of rules.CouncilThreshold


def percent(value: Fraction) -> str:
    """A share as Vietnamese people write it: 13/15 -> '86,7%'."""
    return f"{float(value * 100):.1f}".replace(".", ",") + "%"


def share_text(share: Fraction) -> str:
    """A rule's share as written in rules: 9/10 -> '90%', 2/3 -> '2/3' (never a rounded percentage)."""
    whole = share * 100
    return f"{whole.numerator}%" if whole.denominator == 1 else f"{share.numerator}/{share.denominator}"


@dataclass(frozen=True)
class ThresholdRule:
    """Passes when marks / base ≥ share; `of` names the base (exact fractions, no rounding)."""

    share: Fraction
    of: Base

    def describe(self) -> str:
        """E.g. '≥ 90% tổng số thành viên', '≥ 2/3 số phiếu bầu'."""
        return f"≥ {share_text(self.share)} {BASE_VI[self.of]}"


def parse_threshold(raw: Mapping[str, Any], field: str = "threshold") -> ThresholdRule:
    """A rule from its data shape `{"share": 0.9, "of": "all_members"}`; share may also be "2/3"."""
    of = _BASE_ALIASES.get(str(raw.get("of")), raw.get("of"))
    share_raw = raw.get("share")
    try:
        if isinstance(share_raw, bool) or not isinstance(share_raw, int | float | str):
            raise ValueError(share_raw)
        share = Fraction(str(share_raw)).limit_denominator(1000)  # 0.6666666666666666 -> 2/3
    except (ValueError, ZeroDivisionError):
        share = Fraction(-1)
    if of not in BASE_VI or not 0 < share <= 1:
        raise Unprocessable(
            "BAD_THRESHOLD",
            f"Ngưỡng biểu quyết cần dạng {{'share': tỉ lệ trong (0, 1] như 0.9 hoặc '2/3', "
            f"'of': một trong {', '.join(BASE_VI)}}}, đang là {dict(raw)!r}.",
            field=field,
        )
    return ThresholdRule(share, cast(Base, of))


UNIT_LEVEL_DEFAULT = ThresholdRule(Fraction(2, 3), "present")  # "≥ 2/3", the unit's own rule as a rule
# Configurable data, from docs/domain.md §5: NĐ 91/2017 (CSTĐ cấp tỉnh; toàn quốc: ≥ 90%), QĐ 35/2024 and
# QĐ 71/2025 of UBND TP (Công dân Thủ đô ưu tú). Awards not listed take UNIT_LEVEL_DEFAULT.
DEFAULT_THRESHOLDS: dict[str, ThresholdRule] = {
    code: ThresholdRule(Fraction(9, 10), "all_members")
    for code in ("chien_si_thi_dua_thanh_pho", "chien_si_thi_dua_toan_quoc", "cong_dan_thu_do_uu_tu")
}
DEFAULT_QUORUM = Fraction(2, 3)  # share of members taking part: present, or absent with a written vote


def threshold_for(
    award_code: str,
    rules: Mapping[str, ThresholdRule] = DEFAULT_THRESHOLDS,
    default: ThresholdRule | None = UNIT_LEVEL_DEFAULT,
) -> ThresholdRule:
    """The vote threshold of an award (the default when not listed; NO_THRESHOLD_RULE without one)."""
    rule = rules.get(award_code, default)
    if rule is None:
        raise Unprocessable(
            "NO_THRESHOLD_RULE",
            f"Chưa cấu hình ngưỡng biểu quyết cho '{award_code}'; cơ quan thường trực cần nhập ngưỡng.",
            field="award_code",
        )
    return rule


@dataclass(frozen=True)
class Ballot:
    """One question put to a vote: who may vote, who attends, and (approval) the candidates."""

    ballot_id: str
    question: str
    members: frozenset[str]
    present: frozenset[str]
    kind: BallotKind = "yes_no"
    candidates: tuple[str, ...] = ()
    max_approvals: int = 1
    quorum: Fraction = DEFAULT_QUORUM
    closed_at: datetime | None = None


@dataclass(frozen=True)
class Approval:
    """What makes a ballot an approval ballot: its candidates, and how many a voter may approve (M)."""

    candidates: Sequence[str]
    max_approvals: int = 1


def open_ballot(
    ballot_id: str,
    question: str,
    members: Iterable[str],
    present: Iterable[str],
    *,
    approval: Approval | None = None,
    quorum: Fraction = DEFAULT_QUORUM,
) -> Ballot:
    """A yes/no ballot, or an approval ballot when candidates are given (each voter approves ≤ M)."""
    candidates, max_approvals = (approval.candidates, approval.max_approvals) if approval else ((), 1)
    members_set, present_set = frozenset(members), frozenset(present)
    if not members_set:
        raise Unprocessable("NO_MEMBERS", "Cần danh sách thành viên được bỏ phiếu.", field="members")
    if not present_set <= members_set:
        raise Forbidden(
            "NOT_A_MEMBER",
            f"Không phải thành viên, không điểm danh được: {', '.join(sorted(present_set - members_set))}.",
            field="present",
        )
    if len(set(candidates)) != len(candidates) or not 1 <= max_approvals <= max(len(candidates), 1):
        raise Unprocessable(
            "BAD_CANDIDATES",
            f"Danh sách ứng viên không được trùng; mỗi phiếu chọn từ 1 đến {len(candidates)} ứng viên.",
            field="candidates",
        )
    kind: BallotKind = "approval" if candidates else "yes_no"
    return Ballot(
        ballot_id, question, members_set, present_set, kind, tuple(candidates), max_approvals, quorum
    )


def close_ballot(ballot: Ballot, at: datetime) -> Ballot:
    """The ballot closed at `at`; no vote is taken after that."""
    _ensure_open(ballot)
    return replace(ballot, closed_at=at)


@dataclass(frozen=True)
class RollEntry:
    """Voter roll: this member has voted on this ballot (never what)."""

    ballot_id: str
    member_id: str
    voted_at: datetime
    mode: VoteMode


@dataclass(frozen=True)
class BoxEntry:
    """Ballot box: one paper's marks (sorted), with nothing that names or dates the voter."""

    ballot_id: str
    marks: tuple[str, ...]


@dataclass(frozen=True)
class VoterRoll:
    """Who has voted on a ballot."""

    ballot_id: str
    entries: tuple[RollEntry, ...] = ()

    def has_voted(self, member_id: str) -> bool:
        """True if the member already voted."""
        return any(e.member_id == member_id for e in self.entries)

    def written_voters(self) -> frozenset[str]:
        """Members who voted in writing."""
        return frozenset(e.member_id for e in self.entries if e.mode == "written")

    def with_entry(self, entry: RollEntry) -> VoterRoll:
        """The roll with one more voter."""
        return replace(self, entries=(*self.entries, entry))


@dataclass(frozen=True)
class BallotBox:
    """What was voted: the number of papers and, per mark, how many papers carry it."""

    ballot_id: str
    papers: int = 0
    counts: tuple[tuple[str, int], ...] = ()

    def count(self, mark: str) -> int:
        """Papers carrying this mark."""
        return dict(self.counts).get(mark, 0)

    def with_entry(self, entry: BoxEntry) -> BallotBox:
        """The box with one more paper (counts only: the paper itself is not kept)."""
        counts = Counter(dict(self.counts))
        counts.update(entry.marks)
        return replace(self, papers=self.papers + 1, counts=tuple(sorted(counts.items())))


def cast_vote(
    ballot: Ballot, roll: VoterRoll, member_id: str, marks: Iterable[str], *, mode: VoteMode, at: datetime
) -> tuple[RollEntry, BoxEntry]:
    """The two records of one vote, to be stored separately; refuses what the voting rules forbid."""
    _ensure_open(ballot)
    if member_id not in ballot.members:
        raise Forbidden(
            "NOT_A_MEMBER", "Người này không phải thành viên nên không được bỏ phiếu.", field="member_id"
        )
    if roll.has_voted(member_id):
        raise Conflict(
            "ALREADY_VOTED", "Thành viên này đã bỏ phiếu; mỗi người chỉ bỏ một phiếu.", field="member_id"
        )
    if mode == "written" and member_id in ballot.present:
        raise Conflict(
            "WRITTEN_VOTE_NOT_ABSENT",
            "Chỉ thành viên vắng mặt mới gửi phiếu bằng văn bản; thành viên có mặt bỏ phiếu tại phiên họp.",
            field="mode",
        )
    if mode == "in_person" and member_id not in ballot.present:
        raise Conflict(
            "NOT_PRESENT",
            "Thành viên chưa được điểm danh có mặt; điểm danh trước, hoặc gửi phiếu bằng văn bản nếu vắng.",
            field="mode",
        )
    return RollEntry(ballot.ballot_id, member_id, at, mode), BoxEntry(
        ballot.ballot_id, _checked_marks(ballot, marks)
    )


def _checked_marks(ballot: Ballot, marks: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(sorted(marks))
    if ballot.kind == "yes_no":
        if len(chosen) != 1 or chosen[0] not in YES_NO_MARKS:
            raise Unprocessable(
                "INVALID_CHOICE",
                "Phiếu phải chọn đúng một: đồng ý (yes), không đồng ý (no), không biểu quyết (abstain).",
                field="marks",
            )
        return chosen
    unknown = sorted(set(chosen) - set(ballot.candidates))
    if unknown or len(set(chosen)) != len(chosen):
        raise Unprocessable(
            "INVALID_CHOICE",
            "Phiếu chỉ được chọn ứng viên trong danh sách, mỗi ứng viên một lần.",
            field="marks",
        )
    if len(chosen) > ballot.max_approvals:
        raise Unprocessable(
            "TOO_MANY_APPROVALS", f"Mỗi phiếu chọn tối đa {ballot.max_approvals} ứng viên.", field="marks"
        )
    return chosen


def _ensure_open(ballot: Ballot) -> None:
    if ballot.closed_at is not None:
        raise Conflict(
            "BALLOT_CLOSED", "Cuộc bỏ phiếu đã kết thúc; không nhận thêm phiếu.", field="ballot_id"
        )


@dataclass(frozen=True)
class Turnout:
    """Attendance and participation of a closed ballot (no one's choice)."""

    members: int
    present: int
    written: int
    votes_cast: int

    def base(self, of: Base) -> int:
        """The count a threshold share is taken of ("present" includes absent members' written votes)."""
        return {
            "all_members": self.members,
            "present": self.present + self.written,
            "votes_cast": self.votes_cast,
        }[of]


def checked_turnout(ballot: Ballot, roll: VoterRoll, box: BallotBox, kind: BallotKind) -> Turnout:
    """The turnout of a ballot to count, once checked: closed, right kind, box matches roll, quorum met."""
    if ballot.closed_at is None:
        raise Conflict("BALLOT_OPEN", "Chỉ kiểm phiếu sau khi kết thúc bỏ phiếu.", field="ballot_id")
    if ballot.kind != kind:
        raise Unprocessable("WRONG_BALLOT_KIND", f"Phiếu này thuộc loại '{ballot.kind}'.", field="ballot_id")
    if {roll.ballot_id, box.ballot_id} != {ballot.ballot_id} or box.papers != len(roll.entries):
        raise Conflict(
            "BOX_ROLL_MISMATCH",
            f"Số phiếu trong hòm ({box.papers}) khác số người đã bỏ phiếu ({len(roll.entries)}); "
            "cần kiểm tra lại trước khi kiểm phiếu.",
            field="ballot_id",
        )
    written = len(roll.written_voters() - ballot.present)
    turnout = Turnout(len(ballot.members), len(ballot.present), written, box.papers)
    attending = turnout.present + written
    if Fraction(attending, turnout.members) < ballot.quorum:
        raise Conflict(
            "QUORUM_NOT_MET",
            f"Chỉ {attending}/{turnout.members} thành viên tham gia (có mặt hoặc gửi phiếu), chưa đạt "
            f"{share_text(ballot.quorum)} cần thiết; kết quả bỏ phiếu không có giá trị.",
            field="present",
            details={"attending": attending, "members": turnout.members},
        )
    return turnout


@dataclass(frozen=True)
class Tally:
    """The publishable result of a yes/no ballot under a threshold rule."""

    ballot_id: str
    question: str
    turnout: Turnout
    yes: int
    no: int
    abstain: int
    rule: ThresholdRule

    def passes(self, rule: ThresholdRule) -> bool:
        """True if yes / base ≥ share (exactly; a base of 0 never passes)."""
        base = self.turnout.base(rule.of)
        return base > 0 and Fraction(self.yes, base) >= rule.share

    @property
    def passed(self) -> bool:
        """Passed under the rule the tally was made with."""
        return self.passes(self.rule)

    def explain(self, rule: ThresholdRule | None = None) -> str:
        """E.g. 'Đồng ý 13/15 = 86,7%, cần ≥ 90% tổng số thành viên: không đạt'."""
        rule = rule or self.rule
        base = self.turnout.base(rule.of)
        share = percent(Fraction(self.yes, base)) if base else "—"
        verdict = "đạt" if self.passes(rule) else "không đạt"
        return f"Đồng ý {self.yes}/{base} = {share}, cần {rule.describe()}: {verdict}"

    def public(self) -> dict[str, object]:
        """The tally as published: counts and the rule, never a voter."""
        t = self.turnout
        return {
            "ballot_id": self.ballot_id,
            "question": self.question,
            "members": t.members,
            "present": t.present,
            "written": t.written,
            "votes_cast": t.votes_cast,
            "yes": self.yes,
            "no": self.no,
            "abstain": self.abstain,
            "rule": {"share": str(self.rule.share), "of": self.rule.of},
            "passed": self.passed,
            "explanation": self.explain(),
        }


def tally(ballot: Ballot, roll: VoterRoll, box: BallotBox, rule: ThresholdRule) -> Tally:
    """Count a closed yes/no ballot (quorum checked) and apply the threshold rule."""
    turnout = checked_turnout(ballot, roll, box, "yes_no")
    yes, no, abstain = (box.count(m) for m in YES_NO_MARKS)
    return Tally(ballot.ballot_id, ballot.question, turnout, yes, no, abstain, rule)
