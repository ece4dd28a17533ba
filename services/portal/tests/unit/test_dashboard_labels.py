"""Unit tests of portal.domain.dashboard's registration forms summary (issue 18.10)."""

from __future__ import annotations

from portal.domain import dashboard as labels


def test_forms_summed_across_the_subtree_read_as_a_leader_reads_them() -> None:
    counts = {
        "form_rows": {"individual-exemplars": 4, "collective-exemplars": 1},
        "form_targets": {
            "individual-exemplars:chien_si_thi_dua_co_so": 3, "individual-exemplars:lao_dong_tien_tien": 2,
        },
    }  # fmt: skip
    first, second = labels.form_summaries(counts)
    assert (first.name, first.rows, first.aims) == ("Mẫu 1 — gương điển hình tập thể", 1, [])
    assert second.aims == [("Lao động tiên tiến", 2), ("Chiến sĩ thi đua cơ sở", 3)]
    assert labels.form_summaries({}) == []
