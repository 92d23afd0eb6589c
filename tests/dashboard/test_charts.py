"""The SVG charts: well-formed, accessible, escaped, and the map's classes right."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from jres.dashboard import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))  # noqa: S314 (markup of our own rendering)


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


def assert_accessible(root: ET.Element, chart_id: str, title: str) -> None:
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
    assert root.find(f"{SVG}title").text == title
    assert root.find(f"{SVG}title").get("id") == f"{chart_id}-title"
    assert root.find(f"{SVG}desc").get("id") == f"{chart_id}-desc"
    # What WeasyPrint needs: a font it has, and no CSS variables nor foreignObject.
    assert root.get("font-family") == "DejaVu Sans"
    markup = ET.tostring(root, encoding="unicode")
    assert "var(" not in markup and "foreignObject" not in markup


def test_class_bounds_are_the_quintiles_of_the_positive_values():
    assert charts.class_bounds(list(range(1, 11))) == (2, 4, 6, 8)
    assert charts.class_bounds([0, 0, 0]) == (1, 2, 3, 4)
    # Ties are spread so that every class keeps its own range.
    assert charts.class_bounds([1, 1, 1, 1, 50]) == (1, 2, 3, 4)


@pytest.mark.parametrize(
    "value, expected", [(0, 0), (1, 1), (2, 1), (3, 2), (6, 3), (8, 4), (9, 5), (10_000, 5)]
)
def test_class_of_a_value(value, expected):
    assert charts.class_of(value, (2, 4, 6, 8)) == expected


def test_class_labels_read_as_ranges():
    assert charts.class_labels((2, 4, 6, 8)) == [
        "0",
        "1 à 2",
        "3 à 4",
        "5 à 6",
        "7 à 8",
        "9 et plus",
    ]
    assert charts.class_labels((1, 2, 3, 4))[1:3] == ["1", "2"]


def test_the_map_has_one_path_per_department_with_its_class():
    codes = sorted(charts.mapped_departments())
    assert len(codes) == 96 and {"2A", "2B", "01", "95"} <= set(codes)
    values = {code: index + 1 for index, code in enumerate(codes[:10])}  # 1 to 10
    values["971"] = 99  # overseas: not drawn, and does not break the map
    root = parse(charts.department_map(chart_id="map", title="Carte", values=values))
    assert_accessible(root, "map", "Carte")
    paths = {path.get("data-code"): path for path in root.iter(f"{SVG}path")}
    assert sorted(paths) == codes
    for code, path in paths.items():
        expected = charts.class_of(values.get(code, 0), (2, 4, 6, 8))
        assert path.get("class") == f"department q{expected}"
        colour = charts.EMPTY_COLOUR if expected == 0 else charts.CLASS_COLOURS[expected - 1]
        assert path.get("fill") == colour
        assert path.find(f"{SVG}title").text.endswith(f": {values.get(code, 0)}")
    legend = [text.text for text in root.iter(f"{SVG}text")]
    assert legend == ["0", "1 à 2", "3 à 4", "5 à 6", "7 à 8", "9 et plus"]


def test_the_map_uses_the_names_given():
    root = parse(
        charts.department_map(
            chart_id="m", title="t", values={"33": 3}, names={"33": "Gironde <b>"}
        )
    )
    titles = [path.find(f"{SVG}title").text for path in root.iter(f"{SVG}path")]
    assert "Gironde <b> (33) : 3" in titles


def test_hostile_labels_are_escaped():
    hostile = '<script>alert(1)</script>" onload="x'
    for markup in (
        charts.bar_chart(chart_id="b", title=hostile, rows=[(hostile, 3)]),
        charts.line_chart(
            chart_id='l"><script>',
            title=hostile,
            days=[-1, 0],
            series=[charts.Series(hostile, [1, 2])],
        ),
        charts.department_map(chart_id="m", title=hostile, values={}, names={"33": hostile}),
    ):
        root = parse(markup)
        assert not list(root.iter(f"{SVG}script")) and not list(root.iter("script"))
        assert all("onload" not in element.attrib for element in root.iter())
        assert "<script>" not in str(markup)


def test_bar_chart_draws_a_bar_per_row_in_proportion():
    root = parse(charts.bar_chart(chart_id="b", title="Régions", rows=[("A", 10), ("B", 5)]))
    assert_accessible(root, "b", "Régions")
    bars = list(root.iter(f"{SVG}rect"))
    widths = [float(bar.get("width")) for bar in bars]
    assert len(bars) == 2 and widths[0] == pytest.approx(2 * widths[1])
    assert [group.find(f"{SVG}title").text for group in root.iter(f"{SVG}g")] == ["A : 10", "B : 5"]
    assert root.find(f"{SVG}desc").text == "A : 10; B : 5"


def test_bar_chart_without_data_says_so():
    root = parse(charts.bar_chart(chart_id="b", title="Vide", rows=[]))
    assert "Aucune donnée." in [text.text for text in root.iter(f"{SVG}text")]


def test_line_chart_draws_each_series_and_stops_at_none():
    days = list(range(-14, 1))
    root = parse(
        charts.line_chart(
            chart_id="l",
            title="Courbe",
            days=days,
            series=[
                charts.Series("2026", [*range(10), None, None, None, None, None]),
                charts.Series("2025", list(range(15))),
            ],
        )
    )
    assert_accessible(root, "l", "Courbe")
    lines = root.findall(f"{SVG}polyline")
    assert [len(line.get("points").split()) for line in lines] == [10, 15]
    assert lines[0].get("stroke") != lines[1].get("stroke")
    assert lines[1].get("stroke-dasharray")
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert {"2026", "2025", "J-14", "J"} <= set(texts)


def test_day_labels_in_english():
    with translation.override("en"):
        assert charts.day_label(-7).endswith("-7")


def test_the_curves_axis_has_round_whole_numbers():
    root = parse(
        charts.line_chart(
            chart_id="l", title="t", days=[-1, 0], series=[charts.Series("2026", [3, 8])]
        )
    )
    labels = [text.text for text in root.iter(f"{SVG}text")][:6]
    assert labels == ["0", "2", "4", "6", "8", "10"]


def test_the_charts_render_in_weasyprint():
    import weasyprint

    markup = "".join(
        (
            charts.department_map(chart_id="m", title="Carte", values={"33": 5, "2A": 1}),
            charts.line_chart(
                chart_id="l", title="t", days=[-2, -1, 0], series=[charts.Series("2026", [1, 2, 3])]
            ),
            charts.bar_chart(chart_id="b", title="t", rows=[("Gironde", 5)]),
        )
    )
    pdf = weasyprint.HTML(string=f"<html><body>{markup}</body></html>").write_pdf()
    assert pdf.startswith(b"%PDF")
