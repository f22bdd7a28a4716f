from __future__ import annotations

from trienkhai.documents.selectors import document_chain, document_search


def codes(qs):
    return sorted(d.code for d in qs)


def test_search_by_code_ignores_spacing_and_zeros(docs, personas):
    for q in ["0091-KH/TU", "0091- KH/TU", "0091 KH TU", "91-KH/TU", "0091-kh/tu"]:
        assert codes(document_search(viewer=personas.own, q=q)) == ["0091-KH/TU"], q


def test_search_by_words_ignores_diacritics(docs, personas):
    assert codes(document_search(viewer=personas.own, q="nen tang tu tuong")) == ["35-NQ/TW"]
    assert codes(document_search(viewer=personas.own, q="NỀN TẢNG")) == ["35-NQ/TW"]


def test_filters(docs, personas):
    su = personas.superuser
    assert codes(document_search(viewer=su, kind="nghi_quyet")) == ["35-NQ/TW"]
    assert codes(document_search(viewer=su, year=2018)) == ["35-NQ/TW"]
    assert codes(document_search(viewer=su, term="khóa XII")) == ["35-NQ/TW"]
    assert codes(document_search(viewer=su, issuer=docs.kh.issuing_unit_id)) == ["0091-KH/TU"]
    assert codes(document_search(viewer=su, year="abc")) == []


def test_visibility_subtree_and_above_not_siblings(docs, personas):
    # The city sees what it issued, what its wards issued, and what came from above.
    assert codes(document_search(viewer=personas.own)) == ["0091-KH/TU", "12-KH/ĐU", "35-NQ/TW"]
    # A ward sees its own and everything above it, nothing of the sibling city.
    assert codes(document_search(viewer=personas.child)) == ["0091-KH/TU", "12-KH/ĐU", "35-NQ/TW"]
    assert codes(document_search(viewer=personas.sibling)) == ["07-KH/TU", "35-NQ/TW"]
    assert codes(document_search(viewer=personas.other)) == ["35-NQ/TW"]


def test_chain_up_and_down(docs, personas):
    chain = document_chain(viewer=personas.own, document=docs.kh)
    assert [(s.document.code, s.kind, s.depth) for s in chain["up"]] == [("35-NQ/TW", "implements", 1)]
    assert [s.document.code for s in chain["down"]] == ["12-KH/ĐU"]
    full = document_chain(viewer=personas.own, document=docs.nq)
    assert [(s.document.code, s.depth) for s in full["down"]] == [("0091-KH/TU", 1), ("12-KH/ĐU", 2)]
    # The sibling city sees the resolution but not Bình Yên's plans that implement it.
    assert document_chain(viewer=personas.sibling, document=docs.nq)["down"] == []
