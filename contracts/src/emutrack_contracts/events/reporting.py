"""Events published by the reporting service."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ReportSnapshotUpdated(BaseModel):
    """`report.snapshot_updated` v1: the latest numbers of a unit for a period.

    Published on a compacted topic keyed by `<unit_id>:<period>`, so a late consumer
    still gets the latest state of every unit.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    unit_id: str
    period: str = Field(description="e.g. '2020'")
    version: int = Field(ge=1, description="Increases with every change of the numbers")
    registrations_total: int = Field(ge=0)
    registrations_by_title: dict[str, int]
    individuals_total: int = Field(0, ge=0, description="People registered for individual titles")
    individuals_by_title: dict[str, int] = Field(default_factory=dict)
    dossiers_total: int = Field(0, ge=0, description="Dossiers proposed (award nominations submitted)")
    dossiers_by_award: dict[str, int] = Field(default_factory=dict)
    awards_total: int = Field(0, ge=0, description="Awards decided for the unit's subtree, per awardee")
    awards_by_award: dict[str, int] = Field(default_factory=dict)
    awards_by_level: dict[str, int] = Field(
        default_factory=dict, description="By the deciding level's kind: ward, district, city"
    )
    initiatives_total: int = Field(0, ge=0, description="Initiatives proposed (withdrawn ones taken back)")
    initiatives_by_level: dict[str, int] = Field(
        default_factory=dict,
        description="By the level asked to recognise them: co_so, cap_huyen, cap_thanh_pho",
    )
    exemplars_total: int = Field(0, ge=0, description="Exemplars proposed (withdrawn ones taken back)")
    exemplars_by_category: dict[str, int] = Field(default_factory=dict)
    awards_by_subject_kind: dict[str, int] = Field(
        default_factory=dict, description="Awards by awardee kind: collective, individual"
    )
    review_at_level: dict[str, int] = Field(
        default_factory=dict,
        description="The unit's own processing of nominations as a level: received, returned (at least "
        "once), finished, timed (finished with a known receipt) and days (their total processing days)",
    )
    awards_by_level_award_subject: dict[str, int] = Field(
        default_factory=dict,
        description="Awards by `<deciding level kind>:<award code>:<subject kind>` (the Ministry's forms)",
    )
    movements_total: int = Field(0, ge=0, description="Emulation movements launched in the subtree")
    movements_by_level_kind: dict[str, int] = Field(
        default_factory=dict, description="Movements by `<launching level kind>:<regular|by_phase|thematic>`"
    )
    form_rows: dict[str, int] = Field(
        default_factory=dict,
        description="Rows of the registration forms by form (collective-exemplars: Form 1)",
    )
    form_targets: dict[str, int] = Field(
        default_factory=dict, description="Rows of each form aiming at an award: `<form>:<award code>`"
    )
