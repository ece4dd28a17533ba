"""Journey 2: the rounds a level receives, who submitted on time, late or not yet; remind now; accept late."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from portal.adapters.api import ApiError, ServiceApi
from portal.domain.office import by_name
from portal.usecases.office import Choice, child_units
from portal.usecases.office_nomination import for_form, refusal

LATE_FIELDS = ("unit_id", "title_code", "reason")
MIN_LATE_REASON = 5  # registration's LateRegistrationIn


async def level_rounds(registration: ServiceApi, level_id: str) -> list[dict[str, Any]]:
    """The rounds the level itself receives, the latest deadline first."""
    rounds = await registration.get("/rounds", unit_id=level_id)
    mine = [r for r in rounds if r["receiving_unit_id"] == level_id]
    return sorted(mine, key=lambda r: (r["deadline"], r["name"]), reverse=True)


@dataclass(frozen=True)
class RoundCoverage:
    """A round, who submitted to it on time, late or not yet (named), and what a late acceptance offers."""

    round: dict[str, Any]
    coverage: dict[str, Any] | None
    closed: bool
    titles: list[Choice] = field(default_factory=list)
    late: list[dict[str, Any]] = field(default_factory=list)
    units: list[Choice] = field(default_factory=list)  # whose registration may be received late


def _missing(coverage: dict[str, Any] | None) -> list[Choice]:
    units = coverage["missing_units"] if coverage else []
    return [Choice(u["unit_id"], u["name"]) for u in units]


def _named(coverage: dict[str, Any]) -> dict[str, Any]:
    """The coverage with its late and missing units in a Vietnamese reader's order."""
    ordered = {
        k: sorted(coverage[k], key=lambda u: by_name(u["name"])) for k in ("late_units", "missing_units")
    }
    return {**coverage, **ordered}


async def round_coverage(
    registration: ServiceApi, reporting: ServiceApi, round_id: str, now: datetime | None = None
) -> RoundCoverage:
    """The round, its coverage (None until reporting knows it), past its deadline what a late entry needs."""
    round_ = await registration.get(f"/rounds/{round_id}")
    try:
        coverage = _named(await reporting.get(f"/rounds/{round_id}/coverage"))
    except ApiError as error:
        if error.status != 404:
            raise
        coverage = None
    closed = datetime.fromisoformat(round_["deadline"]) < (now or datetime.now(UTC))
    if round_["kind"] != "registration" or not closed:
        return RoundCoverage(round_, coverage, closed)
    titles = await registration.get("/titles", subject_kind="collective")
    received = await registration.get(
        "/registrations", round_id=round_id, unit_id=round_["receiving_unit_id"], limit=100
    )
    late = [r for r in received["items"] if r.get("late_reason")]
    units = _missing(coverage) or await child_units(registration, round_["receiving_unit_id"])
    return RoundCoverage(
        round_, coverage, closed, [Choice(t["code"], t["name"]) for t in titles], late, units
    )


async def remind(notify: ServiceApi, round_id: str, unit_id: str, key: str) -> list[dict[str, str]]:
    """Remind now the unit named, or every unit still to submit; the units reminded."""
    body = {"unit_ids": [unit_id]} if unit_id else {}
    done = await notify.post(f"/rounds/{round_id}/reminders", body, key=key)
    return list(done["reminded"])


async def accept_late(
    registration: ServiceApi, round_id: str, typed: dict[str, str], key: str
) -> dict[str, Any]:
    """The receiving office accepts a unit's registration after the deadline, with its reason."""
    if not typed.get("unit_id"):
        raise refusal("unit_id", "Hãy chọn đơn vị gửi muộn.")
    if not typed.get("title_code"):
        raise refusal("title_code", "Hãy chọn danh hiệu đơn vị đăng ký.")
    if len(typed.get("reason", "").strip()) < MIN_LATE_REASON:
        raise refusal(
            "reason", "Cần ghi rõ lý do tiếp nhận muộn (ít nhất 5 ký tự), ví dụ số công văn giải trình."
        )
    body = {k: typed[k].strip() for k in LATE_FIELDS}
    try:
        return dict(await registration.post(f"/rounds/{round_id}/late-registrations", body, key=key))
    except ApiError as error:
        raise for_form(error, LATE_FIELDS) from None
