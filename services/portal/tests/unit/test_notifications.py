"""How the notification settings page reads notify's preferences and turns its forms into notify's bodies."""

from __future__ import annotations

from portal.domain.notifications import (
    KIND_VI,
    choosable,
    chosen_channels,
    contacts_posted,
    preferences_body,
    roles_of_unit,
)


def test_every_kind_notify_knows_has_a_vietnamese_name() -> None:
    from notify.domain.channels import KINDS

    assert set(KIND_VI) == set(KINDS)


def test_a_kind_never_chosen_has_every_channel_and_no_digest() -> None:
    chosen = chosen_channels({"channels": {"registration": ["webhook"]}, "digest_kinds": ["deadline"]})
    assert chosen["registration"] == {"webhook"}
    assert chosen["deadline"] == {"email", "webhook", "digest"}
    assert chosen_channels(None)["decision"] == {"email", "webhook"}


def test_the_ticked_boxes_become_notifys_body_naming_every_kind() -> None:
    body = preferences_body(email=["decision"], webhook=["decision", "council"], digest=["deadline", "nope"])
    assert body["channels"]["decision"] == ["email", "webhook"]
    assert body["channels"]["council"] == ["webhook"]
    assert body["channels"]["registration"] == []
    assert set(body["channels"]) == set(KIND_VI)
    assert body["digest_kinds"] == ["deadline"]
    assert chosen_channels(body)["decision"] == {"email", "webhook"}


def test_a_head_chooses_for_every_role_of_its_unit_and_others_for_their_own() -> None:
    assert roles_of_unit("ward") == ("unit_officer", "unit_head")
    assert choosable({"unit_head"}, "ward") == ["unit_officer", "unit_head"]
    assert choosable({"unit_head"}, "district")[2:] == [
        "standing_office", "council_member", "council_chair", "cluster_head",
    ]  # fmt: skip
    assert choosable({"unit_officer", "viewer"}, "ward") == ["unit_officer"]
    assert choosable({"viewer", "admin"}, "district") == []


def test_contacts_are_read_row_by_row_leaving_out_blank_rows() -> None:
    form = {
        "roles.unit_officer.0.name": " Nguyễn Văn An ", "roles.unit_officer.0.email": "an@tx.vn",
        "roles.unit_officer.1.name": "", "roles.unit_officer.1.email": "",
        "roles.unit_officer.2.name": "", "roles.unit_officer.2.email": "b@tx.vn",
        "roles.unit_head.0.name": "", "roles.unit_head.0.email": "",
    }  # fmt: skip
    assert contacts_posted(form, ["unit_officer", "unit_head", "standing_office"]) == {
        "unit_officer": [{"name": "Nguyễn Văn An", "email": "an@tx.vn"}, {"name": "", "email": "b@tx.vn"}],
        "unit_head": [],
        "standing_office": [],
    }
