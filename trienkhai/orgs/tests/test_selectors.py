from __future__ import annotations

from trienkhai.orgs import selectors


def test_search_ignores_diacritics_and_case(tree, personas):
    found = list(selectors.unit_search(viewer=personas.superuser, q="cam thuy"))
    assert [u.name for u in found] == ["Đảng ủy phường Cẩm Thủy"]
    assert list(selectors.unit_search(viewer=personas.superuser, q="ĐẢNG ỦY PHƯỜNG CẨM THUỶ")) == found


def test_search_stays_inside_scope(tree, personas):
    assert not selectors.unit_search(viewer=personas.sibling, q="cam thuy").exists()
    assert selectors.unit_search(viewer=personas.parent, q="cam thuy").exists()
    assert not selectors.unit_search(viewer=personas.other, q="binh yen").exists()


def test_subtree_is_one_prefix_query(tree, personas, django_assert_num_queries):
    with django_assert_num_queries(2):  # the viewer's roles, then the subtree
        names = [u.name for u in selectors.unit_subtree(viewer=personas.own, unit=tree.city)]
    assert names == ["Thị ủy Bình Yên", "Đảng ủy phường Cẩm Thủy", "Chi bộ Tổ dân phố số 1"]


def test_roots_are_where_the_roles_sit(tree, personas):
    assert list(selectors.unit_roots(viewer=personas.child)) == [tree.ward]
    assert list(selectors.unit_roots(viewer=personas.superuser)) == [tree.root]


def test_breadcrumb_shows_only_visible_ancestors(tree, personas):
    assert selectors.unit_ancestors_visible(viewer=personas.own, unit=tree.cell) == [tree.city, tree.ward]
