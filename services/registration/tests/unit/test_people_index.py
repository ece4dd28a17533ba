"""Pure rules of the people search index: tokens, keys, escaping, intersection, paging."""

from __future__ import annotations

from typing import Any

from registration.domain.people_index import (
    Filters,
    Hit,
    IndexedList,
    decode_row,
    encode_row,
    escape,
    index_keys,
    intersect,
    matches,
    page,
    query_keys,
    tokens,
    unescape,
    unpack_rows,
)


def person(name: str, title: str = "lao_dong_tien_tien") -> dict[str, Any]:
    return {
        "full_name": name,
        "birth_date": "1985-03-12",
        "gender": "nữ",
        "position": "Công chức",
        "title_code": title,
        "title_name": "Lao động tiên tiến",
    }


def a_list(unit: str, names: list[str], version: int = 1, round_id: str = "dk-2020") -> IndexedList:
    return IndexedList(
        list_id=f"{round_id}|{unit}",
        version=version,
        year=2020,
        round_id=round_id,
        unit_id=unit,
        unit_name=unit,
        path=("ha-noi", "q-thanh-xuan", unit),
        rows=[person(n) for n in names],
    )


def docs(*lists: IndexedList) -> dict[str, dict[str, Any]]:
    """Posting documents as the repository would store them after applying these lists."""
    stored: dict[str, dict[str, Any]] = {}
    for lst in lists:
        for pid, titles in lst.postings().items():
            doc = stored.setdefault(pid, {"_id": pid, "lists": {}})
            doc["lists"][escape(lst.list_id)] = lst.entry(titles)
    return stored


def everyone(_: tuple[str, ...]) -> bool:
    return True


def test_tokens_fold_accents_case_and_punctuation_and_drop_repeats() -> None:
    assert tokens("Nguyễn Thị Thịnh") == ["nguyen", "thi", "thinh"]
    assert tokens("  LÊ thị Hồng-Nhung (Bé) ") == ["le", "thi", "hong", "nhung", "be"]
    assert tokens("Đặng Đức Đức") == ["dang", "duc"]
    assert tokens("  ,. ") == []


def test_a_name_is_indexed_by_whole_tokens_and_prefixes_of_two_or_more() -> None:
    assert index_keys("Thịnh") == {"thinh", "th*", "thi*", "thin*", "thinh*"}
    assert index_keys("Lê Ý") == {"le", "le*", "y"}


def test_the_last_word_of_a_query_is_a_prefix_when_it_has_two_letters_or_more() -> None:
    assert query_keys("nguyen thi thinh") == ["nguyen", "thi", "thinh*"]
    assert query_keys("NGUYỄN THỊ TH") == ["nguyen", "thi", "th*"]
    assert query_keys("thinh t") == ["thinh", "t"]
    assert query_keys("!!") == []
    assert matches("Nguyễn Thị Thịnh", query_keys("thi nguyen thin"))
    assert not matches("Nguyễn Thị Thịnh", ["thin"])  # a whole word: "thin" is not "thịnh"


def test_escaping_map_keys_is_reversible_and_leaves_no_dot_or_dollar() -> None:
    for key in ["dk-2020|p-kim-giang", "a.b|$c", "50%.x", "%2E"]:
        escaped = escape(key)
        assert "." not in escaped
        assert "$" not in escaped
        assert unescape(escaped) == key


def test_rows_round_trip_through_one_json_line() -> None:
    row = person('Trần "Văn"\nĐức')
    assert "\n" not in encode_row(row)
    assert decode_row(encode_row(row)) == row


def test_postings_hold_row_numbers_per_title_as_strings() -> None:
    lst = a_list("p-kim-giang", ["Nguyễn Thị Thịnh", "Trần Văn Đức", "Lê Thị Hồng"])
    lst.rows[1]["title_code"] = "chien_si_thi_dua_co_so"
    postings = lst.postings()
    assert postings["2020|thi"] == {"lao_dong_tien_tien": "1,3"}
    assert postings["2020|th*"] == {"lao_dong_tien_tien": "1,3"}  # row 1 once for "thi" and "thinh"
    assert postings["2020|tr*"] == {"chien_si_thi_dua_co_so": "2"}
    assert [decode_row(line)["full_name"] for line in unpack_rows(lst.rows_document()["people"])] == [
        "Nguyễn Thị Thịnh",
        "Trần Văn Đức",
        "Lê Thị Hồng",
    ]


def test_intersection_keeps_rows_holding_every_word_within_reach_and_filters() -> None:
    kim = a_list("p-kim-giang", ["Nguyễn Thị Thịnh", "Nguyễn Văn An", "Lê Thị Thịnh"])
    khuong = a_list("p-khuong-dinh", ["Nguyễn Thị Thịnh"], round_id="dk-2020-b")
    stored = docs(kim, khuong)

    def find(q: str, filters: Filters) -> list[tuple[str, tuple[int, ...]]]:
        found = intersect(2020, [stored.get(f"2020|{k}") for k in query_keys(q)], filters)
        return [(h.list_id, h.rows) for h in found]

    assert find("nguyen thinh", Filters(everyone)) == [
        ("dk-2020-b|p-khuong-dinh", (1,)),
        ("dk-2020|p-kim-giang", (1,)),
    ]
    assert find("thi th", Filters(everyone, round_id="dk-2020")) == [("dk-2020|p-kim-giang", (1, 3))]
    assert find("nguyen", Filters(everyone, unit_id="p-khuong-dinh")) == [("dk-2020-b|p-khuong-dinh", (1,))]
    kim_only = Filters(lambda path: path[-1] == "p-kim-giang")
    assert find("nguyen", kim_only) == [("dk-2020|p-kim-giang", (1, 2))]
    assert find("nguyen", Filters(everyone, title_code="chien_si_thi_dua_co_so")) == []
    assert find("nguyen xuan", Filters(everyone)) == []  # one word has no posting at all


def test_a_list_half_way_through_reindexing_is_left_out() -> None:
    old = a_list("p-kim-giang", ["Nguyễn Thị Thịnh"])
    new = a_list("p-kim-giang", ["Nguyễn Thị Thịnh"], version=2)
    stored = docs(old)
    stored["2020|nguyen"] = docs(new)["2020|nguyen"]
    assert intersect(2020, [stored["2020|nguyen"], stored["2020|thinh*"]], Filters(everyone)) == []
    assert len(intersect(2020, [stored["2020|nguyen"]], Filters(everyone))) == 1


def test_a_page_spans_lists_in_order_and_the_total_counts_every_row() -> None:
    hits = [Hit("a", 2020, 1, (1, 2, 3)), Hit("b", 2020, 1, (4,)), Hit("c", 2020, 1, (5, 6))]
    chosen, total = page(hits, skip=2, limit=3)
    assert [(h.list_id, r) for h, r in chosen] == [("a", 3), ("b", 4), ("c", 5)]
    assert total == 6
    assert page(hits, skip=6, limit=3) == ([], 6)
