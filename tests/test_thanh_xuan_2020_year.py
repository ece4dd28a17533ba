"""The 2020 Thanh Xuân year played through Kafka: every level sees the right numbers, live.

The synthetic year (bench/hanoi_year) is published as the services' relays would publish it,
with some events twice. The reporting consumer and HTTP app run as their own processes. The
numbers each unit shows are checked against the generator's own ground truth (computed from what
it decided to generate, not with reporting's code); the late units are listed; the 5-year report
opens with the national header, tables and charts; a rebuild from the log gives the same numbers.
"""

from __future__ import annotations

import asyncio
import io
import json
from typing import Any

import docx
import httpx

from bench.hanoi_year import YearPlay, generate, publish, with_duplicates
from emutrack_kit_testing.helpers import bearer, eventually
from tests.reporting_support import COLLECTIONS, consumed_everything, differences, read_models, rebuild

FIELDS = (
    "registrations_total",
    "registrations_by_title",
    "individuals_total",
    "individuals_by_title",
    "dossiers_total",
    "dossiers_by_award",
    "awards_total",
    "awards_by_award",
    "awards_by_level",
    "initiatives_total",
    "initiatives_by_level",
    "exemplars_total",
    "exemplars_by_category",
)


async def _get(client: httpx.AsyncClient, url: str, token: str) -> Any:
    response = await client.get(url, headers=bearer(token))
    return response.json() if response.status_code == 200 else {"status": response.status_code}


def _shown(numbers: dict[str, Any]) -> dict[str, Any]:
    return {field: numbers.get(field) for field in FIELDS}


async def _check_every_unit(client: httpx.AsyncClient, play: YearPlay, token: str) -> None:
    for (unit_id, period), _ in sorted(play.expected.counts.items()):
        shown = await _get(client, f"/units/{unit_id}/counts?period={period}", token)
        assert _shown(shown) == _shown(play.expected.numbers(unit_id, period)), (unit_id, period)


async def test_the_2020_thanh_xuan_year_shows_the_right_numbers_at_every_level(
    slice_: Any, service_env: dict[str, str], token: Any, mongo: Any, namespace: str
) -> None:
    play = generate(2020, "q-thanh-xuan", None, seed=2020)
    slice_.start("reporting-consumer")
    slice_.start("reporting-http")
    events = with_duplicates(play.events, 0.05, seed=7)  # redelivered after crashes, as relays do
    await publish(
        events, service_env["KAFKA_BOOTSTRAP_SERVERS"], namespace=service_env["EMT_TOPIC_NAMESPACE"]
    )

    viewer = token("viewer", "ha-noi")
    city = play.expected.numbers("ha-noi", "2020")
    async with httpx.AsyncClient(base_url=slice_.url("reporting-http"), timeout=30) as client:
        await eventually(
            lambda: _get(client, "/units/ha-noi/counts?period=2020", viewer),
            lambda shown: _shown(shown) == _shown(city),
            timeout=600,
        )
        await eventually(  # the city's flags are signed in January 2021
            lambda: _get(client, "/units/ha-noi/counts?period=2021", viewer),
            lambda shown: _shown(shown) == _shown(play.expected.numbers("ha-noi", "2021")),
            timeout=120,
        )
        await eventually(lambda: consumed_everything(service_env), lambda done: done)
        await _check_every_unit(client, play, viewer)

        for round_id, expectation in play.expected.rounds.items():
            shown = await _get(client, f"/rounds/{round_id}/coverage", viewer)
            assert sorted(u["unit_id"] for u in shown["late_units"]) == sorted(expectation.late_unit_ids)
            assert sorted(u["unit_id"] for u in shown["missing_units"]) == sorted(
                expectation.missing_unit_ids
            )
        district_round = play.expected.rounds["dk-2020-q-thanh-xuan"]
        assert district_round.late_unit_ids  # the year has late units, and they are listed

        office = token("standing_office", "q-thanh-xuan")
        response = await client.get(
            "/units/q-thanh-xuan/reports/five-year.docx?from=2020", headers=bearer(office)
        )
        assert response.status_code == 200
        report = docx.Document(io.BytesIO(response.content))
        header = " ".join(cell.text for cell in report.tables[0]._cells)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header
        assert "Độc lập - Tự do - Hạnh phúc" in header
        district = play.expected.numbers("q-thanh-xuan", "2020")
        figures = {row.cells[1].text: row.cells[2].text for row in report.tables[1].rows}
        assert figures["Tập thể đăng ký danh hiệu thi đua"] == f"{district['registrations_total']:,}".replace(
            ",", "."
        )
        assert len(report.inline_shapes) >= 2  # the charts

    live = await read_models(mongo, namespace)
    slice_.stop("reporting-consumer")
    done = await eventually(
        lambda: asyncio.to_thread(rebuild, service_env), lambda r: r.returncode == 0, timeout=120
    )
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["records"] == len(events)
    rebuilt = await read_models(mongo, namespace)
    for name in COLLECTIONS:
        assert rebuilt[name] == live[name], json.dumps(
            differences(live[name], rebuilt[name])[:5], default=str
        )
