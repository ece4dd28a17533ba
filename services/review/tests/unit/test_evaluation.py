"""Unit tests of review.domain.evaluation: only registered subjects are evaluated at year end."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from review.domain.evaluation import RegisteredSubject, may_be_evaluated

KIM_GIANG_2020 = RegisteredSubject(2020, "collective", "p-kim-giang", "tap_the_lao_dong_tien_tien")
DAI_KIM_2020 = RegisteredSubject(2020, "collective", "p-dai-kim", "tap_the_lao_dong_xuat_sac")
REGISTERED = [KIM_GIANG_2020, DAI_KIM_2020]


def test_registered_unit_may_be_evaluated_for_its_title_and_year() -> None:
    assert may_be_evaluated(REGISTERED, 2020, "p-kim-giang", "tap_the_lao_dong_tien_tien")
    assert may_be_evaluated(REGISTERED, 2020, "p-dai-kim", "tap_the_lao_dong_xuat_sac")


@pytest.mark.parametrize(
    ("year", "unit_id", "title_code"),
    [
        (2021, "p-kim-giang", "tap_the_lao_dong_tien_tien"),  # another year
        (2020, "p-ha-dinh", "tap_the_lao_dong_tien_tien"),  # a unit that did not register
        (2020, "p-kim-giang", "tap_the_lao_dong_xuat_sac"),  # a title it did not register for
        (2020, "p-dai-kim", "tap_the_lao_dong_tien_tien"),  # someone else's title
        (2020, "q-thanh-xuan", "tap_the_lao_dong_tien_tien"),  # the parent of a registered ward
    ],
)
def test_unregistered_combinations_may_not_be_evaluated(year: int, unit_id: str, title_code: str) -> None:
    assert not may_be_evaluated(REGISTERED, year, unit_id, title_code)


def test_nobody_registered_means_nobody_is_evaluated() -> None:
    assert not may_be_evaluated([], 2020, "p-kim-giang", "tap_the_lao_dong_tien_tien")


def test_accepts_any_iterable_such_as_a_generator() -> None:
    def rows() -> Iterator[RegisteredSubject]:
        yield DAI_KIM_2020
        yield KIM_GIANG_2020

    assert may_be_evaluated(rows(), 2020, "p-kim-giang", "tap_the_lao_dong_tien_tien")
