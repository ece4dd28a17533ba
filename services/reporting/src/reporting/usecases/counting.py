"""Counting what units submit: registrations, lists of people, dossiers, initiatives and exemplars."""

from __future__ import annotations

from emutrack_contracts.events.registration import (
    ExemplarSubmitted,
    IndividualRegistrationsSubmitted,
    InitiativeSubmitted,
    MovementLaunched,
    NominationSubmitted,
    RegistrationFormSubmitted,
    RegistrationStatusChanged,
    RegistrationSubmitted,
    SubmissionWithdrawn,
)
from reporting.domain.facts import CountedList, CountedSubmission
from reporting.domain.numbers import Delta
from reporting.domain.rollup import (
    dossier_submitted_delta,
    exemplar_delta,
    form_counts,
    form_delta,
    individual_list_delta,
    initiative_delta,
    movement_delta,
    registration_changed_delta,
    registration_submitted_delta,
)
from reporting.usecases.context import Context
from reporting.usecases.facts import Delivery, count, count_up, record_fact


async def registration_submitted(ctx: Context, p: RegistrationSubmitted, d: Delivery) -> None:
    """Count a registration for its unit and every ancestor, exactly once."""
    await ctx.work.rounds.submitted(p.round_id, p.subject_unit_id, p.submitted_at)
    await count(ctx, d, str(p.year), registration_submitted_delta(p.title_code))


async def registration_status_changed(ctx: Context, p: RegistrationStatusChanged, d: Delivery) -> None:
    """Uncount a withdrawn registration; move an amended one to its new title."""
    delta = registration_changed_delta(
        from_status=p.from_status,
        to_status=p.to_status,
        title_code=p.title_code,
        previous_title_code=p.previous_title_code,
    )
    await count(ctx, d, str(p.year), delta)


async def people_listed(ctx: Context, p: IndividualRegistrationsSubmitted, d: Delivery) -> None:
    """Count a unit's people by title; a resubmitted list counts as its difference."""
    await ctx.work.rounds.submitted(p.round_id, p.unit_id, p.submitted_at)
    previous = await ctx.work.lists.counted(p.list_id)
    delta = individual_list_delta(dict(previous.counts) if previous else {}, p.counts_by_title)
    period = str(p.year)
    fact = await record_fact(ctx, d, delta, period=period)
    # After the fact, before the counters: a crash in between finds the fact and its stored delta.
    await ctx.work.lists.remember(p.list_id, CountedList(p.counts_by_title, p.version))
    await count_up(ctx, d, fact, period)


async def form_submitted(ctx: Context, p: RegistrationFormSubmitted, d: Delivery) -> None:
    """Count a unit's registration form (rows, and rows by award aimed at); a resubmission, its difference."""
    targets: dict[str, int] = {}
    for row in p.rows:
        for code in {a.code for a in row.target_awards}:
            targets[code] = targets.get(code, 0) + 1
    current = form_counts(len(p.rows), targets)
    previous = await ctx.work.lists.counted(p.list_id)
    if previous is not None and previous.version >= p.version:
        current = dict(previous.counts)  # an older version read late changes nothing
    delta = form_delta(p.form, dict(previous.counts) if previous else {}, current)
    period = str(p.year)
    fact = await record_fact(ctx, d, delta, period=period)
    await ctx.work.lists.remember(
        p.list_id, CountedList(current, max(p.version, previous.version if previous else 0))
    )
    await count_up(ctx, d, fact, period)


async def dossier_submitted(ctx: Context, p: NominationSubmitted, d: Delivery) -> None:
    """Count a proposed dossier for its unit and every ancestor, by award, at its first submission."""
    # A dossier sent again after a return is the same dossier (docs/decisions/0019).
    counted = await ctx.work.submissions.counted(p.dossier_id) is not None
    await ctx.work.submissions.remember(p.dossier_id, CountedSubmission("dossier", p.award_code))
    await count(ctx, d, str(p.year), {} if counted else dossier_submitted_delta(p.award_code))


async def initiative_submitted(ctx: Context, p: InitiativeSubmitted, d: Delivery) -> None:
    """Count a proposed initiative up the tree, by the level asked to recognise it."""
    await ctx.work.submissions.remember(p.submission_id, CountedSubmission("initiative", p.recognition_level))
    await count(ctx, d, str(p.year), initiative_delta(p.recognition_level))


async def exemplar_submitted(ctx: Context, p: ExemplarSubmitted, d: Delivery) -> None:
    """Count a proposed exemplar up the tree, by category."""
    await ctx.work.submissions.remember(p.submission_id, CountedSubmission("exemplar", p.category))
    await count(ctx, d, str(p.year), exemplar_delta(p.category))


async def submission_withdrawn(ctx: Context, p: SubmissionWithdrawn, d: Delivery) -> None:
    """Uncount a withdrawn initiative or exemplar (by what it was counted as)."""
    counted = await ctx.work.submissions.counted(p.submission_id)
    delta: Delta = {}  # never counted here: nothing to take back
    if counted is not None and p.kind == "initiative":
        delta = initiative_delta(counted.counted_as, -1)
    elif counted is not None:
        delta = exemplar_delta(counted.counted_as, -1)
    await count(ctx, d, str(p.year), delta)


async def movement_launched(ctx: Context, p: MovementLaunched, d: Delivery) -> None:
    """Count a movement in the year it starts, up the launching level's path, by that level's kind.

    A movement of a level reporting has not heard of yet waits (parked) until the level appears, as a
    decision does: counted then with the level's kind, the same on the live path and in a rebuild.
    """
    launching = (await ctx.work.tree.tree()).get(p.launching_unit_id)
    if launching is None:
        await ctx.work.parked.park(d.envelope, d.position, [p.launching_unit_id])
        return
    await count(ctx, d, str(p.starts_on.year), movement_delta(launching.kind, p.kind))
    await ctx.work.parked.release(str(d.envelope.event_id))


async def tree_changed(ctx: Context, d: Delivery) -> None:
    """Fold a `unit.*` event into the tree replica (names, kinds, dated parent links)."""
    await ctx.work.tree.apply(d.envelope)
