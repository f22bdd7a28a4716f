"""A request sent down keeps every body it is addressed to: a group of the writer's lower
bodies ("các chi bộ"), a department of each ("Ban Dân vận các xã"), and a named body beside
them. Once only the first department was read and the rest fell into what was asked."""

from __future__ import annotations

import pytest

from trienkhai.textmine.extract import extract


def asked(text: str) -> list[tuple[list[tuple[str, bool]], str]]:
    return [
        ([(a["text"], a["relative"]) for a in p["addressees"]], p["content"]) for p in extract(text).proposals
    ]


def test_a_group_of_lower_bodies_is_the_addressee():
    got = asked("Đảng ủy xã Hòa Bình đề nghị các chi bộ trực thuộc tổ chức hội nghị học tập trong tháng 9.")
    assert got == [([("các chi bộ trực thuộc", True)], "Tổ chức hội nghị học tập trong tháng 9.")]


def test_a_department_of_each_lower_unit_a_named_body_and_a_group_are_three_addressees():
    got = asked(
        "Ban Thường vụ Huyện ủy đề nghị Ban Dân vận các xã, thị trấn; Ủy ban Mặt trận Tổ quốc huyện "
        "và các đoàn thể chính trị - xã hội huyện phối hợp rà soát danh sách hộ nghèo."
    )
    assert got == [
        (
            [
                ("Ban Dân vận các xã, thị trấn", True),
                ("Ủy ban Mặt trận Tổ quốc huyện", False),
                ("các đoàn thể chính trị - xã hội huyện", True),
            ],
            "Phối hợp rà soát danh sách hộ nghèo.",
        )
    ]


def test_a_department_and_the_committees_under_the_writer():
    got = asked("Thành ủy đề nghị Ban Tuyên giáo và các đảng ủy trực thuộc Thành ủy quán triệt kết luận mới.")
    assert got == [
        ([("Ban Tuyên giáo", False), ("các đảng ủy trực thuộc Thành ủy", True)], "Quán triệt kết luận mới.")
    ]


@pytest.mark.parametrize(
    ("group", "content"),
    [
        ("các địa phương, đơn vị", "Báo cáo kết quả trước ngày 15/12."),
        ("các cơ quan chức năng", "Sớm giải quyết dứt điểm."),
        ("các tổ chức cơ sở đảng", "Báo cáo kết quả trước ngày 15/12."),
    ],
)
def test_a_listed_or_qualified_group_is_read_whole(group, content):
    got = asked(f"Đảng ủy phường Tân Mỹ đề nghị {group} {content[0].lower()}{content[1:]}")
    assert got == [([(group, True)], content)]


def test_a_request_upward_is_read_as_before():
    got = asked("Chi bộ đề nghị Đảng ủy phường và Ủy ban nhân dân phường sửa nhà văn hóa tổ dân phố.")
    assert got == [
        ([("Đảng ủy phường", False), ("Ủy ban nhân dân phường", False)], "Sửa nhà văn hóa tổ dân phố.")
    ]
