"""Vietnamese display names of the codes reporting counts by (titles, awards, levels, categories).

Reporting may not import the registration or review packages, and no shared catalogue exists in
contracts or the kit, so the names are kept here; an unknown code is shown as the code itself.
The order of each map is the order rows appear in reports (collective titles first, then people's).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from emutrack_kit.text import nfc

TITLES: dict[str, str] = {
    "tap_the_lao_dong_tien_tien": "Tập thể lao động tiên tiến",
    "tap_the_lao_dong_xuat_sac": "Tập thể lao động xuất sắc",
    "co_thi_dua_thanh_pho": "Cờ thi đua Thành phố",
    "co_thi_dua_chinh_phu": "Cờ thi đua của Chính phủ",
    "lao_dong_tien_tien": "Lao động tiên tiến",
    "chien_si_thi_dua_co_so": "Chiến sĩ thi đua cơ sở",
    "chien_si_thi_dua_thanh_pho": "Chiến sĩ thi đua Thành phố",
    "chien_si_thi_dua_toan_quoc": "Chiến sĩ thi đua toàn quốc",
}
AWARDS: dict[str, str] = {
    **TITLES,
    "giay_khen": "Giấy khen",
    "bang_khen_thanh_pho": "Bằng khen của Chủ tịch UBND Thành phố",
    "bang_khen_cap_tinh": "Bằng khen của Chủ tịch UBND Thành phố",
    "bang_khen_thu_tuong": "Bằng khen của Thủ tướng Chính phủ",
    "cong_dan_thu_do_uu_tu": "Công dân Thủ đô ưu tú",
    "hoan_thanh_xuat_sac_nhiem_vu": "Hoàn thành xuất sắc nhiệm vụ",
    "huan_chuong_lao_dong_hang_ba": "Huân chương Lao động hạng Ba",
    "huan_chuong_lao_dong_hang_nhi": "Huân chương Lao động hạng Nhì",
    "huan_chuong_lao_dong_hang_nhat": "Huân chương Lao động hạng Nhất",
    "huan_chuong_doc_lap": "Huân chương Độc lập",
    "anh_hung_lao_dong": "Danh hiệu Anh hùng Lao động",
}
# The kind of the deciding unit (`awards_by_level`), from the base up.
LEVEL_KINDS: dict[str, str] = {
    "residential_group": "Tổ dân phố",
    "school": "Trường học",
    "mass_organisation": "Mặt trận, đoàn thể",
    "department": "Phòng, ban, ngành",
    "ward": "Cấp phường, xã",
    "district": "Cấp quận, huyện",
    "city": "Cấp Thành phố",
    "central": "Cấp Nhà nước (Trung ương)",
    "unknown": "Chưa xác định cấp",
}
INITIATIVE_LEVELS: dict[str, str] = {
    "co_so": "Cấp cơ sở",
    "cap_huyen": "Cấp huyện (quận)",
    "cap_thanh_pho": "Cấp Thành phố",
}
EXEMPLAR_CATEGORIES: dict[str, str] = {
    "dien_hinh_tien_tien": "Điển hình tiên tiến",
    "nguoi_tot_viec_tot": "Người tốt, việc tốt",
}
# Units whose reports are issued by their people's committee (Ủy ban nhân dân).
TERRITORIAL_KINDS = frozenset({"city", "district", "ward"})


def label(catalogue: Mapping[str, str], code: str) -> str:
    """The Vietnamese name of a code in a catalogue (NFC), or the code itself when unknown."""
    return nfc(catalogue.get(code, code))


def ordered(catalogue: Mapping[str, str], codes: Iterable[str]) -> list[str]:
    """Codes in the catalogue's order, unknown ones after them alphabetically."""
    position = {code: i for i, code in enumerate(catalogue)}
    return sorted(set(codes), key=lambda c: (position.get(c, len(position)), c))
