"""How a person reads Forms 1 and 2, initiatives and exemplars: names of forms, columns and choices."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FormView:
    """A registration form as the portal shows it: slug, the service's code, name, what a table shows."""

    slug: str
    code: str
    label: str
    title: str
    columns: tuple[tuple[str, str], ...]  # (field, Vietnamese header) shown in the table
    searched: tuple[str, ...]  # fields a search of the rows reads


_TARGETS = ("target_awards", "Danh hiệu, hình thức khen thưởng phấn đấu")
FORMS: dict[str, FormView] = {
    f.slug: f
    for f in (
        FormView(
            "mau-1",
            "collective-exemplars",
            "Mẫu 1",
            "Đăng ký gương điển hình tiên tiến đối với tập thể",
            (
                ("collective_name", "Tên tập thể"),
                ("functions", "Chức năng, nhiệm vụ"),
                ("model_name", "Tên mô hình, chuyên đề"),
                ("model_period", "Thời gian thực hiện"),
                _TARGETS,
            ),
            ("collective_name", "model_name"),
        ),
        FormView(
            "mau-2",
            "individual-exemplars",
            "Mẫu 2",
            "Đăng ký gương điển hình tiên tiến đối với cá nhân",
            (
                ("full_name", "Họ và tên"),
                ("position_unit", "Chức vụ - Đơn vị"),
                ("exemplary_field", "Lĩnh vực điển hình"),
                ("model_name", "Tên mô hình, đề tài, sáng kiến"),
                _TARGETS,
            ),
            ("full_name", "position_unit", "model_name"),
        ),
    )
}

ROUND_KIND_VI = {
    "registration": "Đăng ký thi đua",
    "nomination": "Đề nghị khen thưởng",
    "initiative": "Sáng kiến",
    "exemplar": "Gương điển hình tiên tiến",
}
RECOGNITION_LEVEL_VI = {
    "co_so": "Cấp cơ sở",
    "cap_huyen": "Cấp huyện (quận)",
    "cap_thanh_pho": "Cấp Thành phố",
}
EXEMPLAR_CATEGORY_VI = {
    "dien_hinh_tien_tien": "Điển hình tiên tiến",
    "nguoi_tot_viec_tot": "Người tốt, việc tốt",
}
SUBJECT_KIND_VI = {"collective": "Tập thể", "individual": "Cá nhân"}
GENDER_VI = {"nam": "Nam", "nữ": "Nữ"}
AUTHOR_ROWS = 3  # author lines a blank initiative form offers


def cell_text(value: object) -> str:
    """A stored form cell as read: awards by their names, joined by '; '."""
    if isinstance(value, list):
        return "; ".join(str(a.get("name", "")) if isinstance(a, dict) else str(a) for a in value)
    return "" if value is None else str(value)


LABELS = {
    "levels": RECOGNITION_LEVEL_VI,
    "categories": EXEMPLAR_CATEGORY_VI,
    "kinds": SUBJECT_KIND_VI,
    "genders": GENDER_VI,
    "author_rows": AUTHOR_ROWS,
}
