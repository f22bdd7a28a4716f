from trienkhai.textmine.extract import extract


def values(text):
    return [p["value"] for p in extract(text).percents]


def test_decimal_comma_and_forms():
    assert values("đạt 97,55% kế hoạch") == [97.55]
    assert values("100% chi bộ; 0,29% yếu kém; 12.5 % khác") == [100, 0.29, 12.5]
    assert values("tăng 5 phần trăm") == [5]


def test_ranges():
    assert values("từ 80-90% cán bộ") == [80, 90]
    assert values("kết nạp từ 8% - 9% số đảng viên") == [8, 9]
    assert values("83,2%/50% tổng số xã") == [83.2, 50]


def test_percent_item_fields():
    p = extract("Có 100% các chi bộ trực thuộc đã xây dựng kế hoạch.").percents[0]
    assert p["value"] == 100
    assert "chi bộ" in p["who"] and "xây dựng kế hoạch" in p["what"]
    assert "100%" in p["text"]
