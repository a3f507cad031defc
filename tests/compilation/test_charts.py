"""The SVG charts: well-formed, accessible, sensible for zero, none and many values."""

import uuid
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from sqlmodel import Session

from backend.compilation import charts
from backend.compilation.figures import compute_figures, compute_numbers
from backend.compilation.formatting import format_sek
from backend.compilation.svg import (
    CHAR_WIDTH,
    LABEL_WIDTH,
    LINE_HEIGHT,
    VALUE_WIDTH,
    WIDTH,
    Series,
    bar_chart,
    label_lines,
)
from backend.models.enums import CycleState
from tests.compilation import dataset
from tests.compilation import factories as f

NS = {"svg": "http://www.w3.org/2000/svg"}
NBSP = "\u00a0"


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby", "").split()
    assert root.find(f"svg:title[@id='{title_id}']", NS) is not None
    assert root.find(f"svg:desc[@id='{desc_id}']", NS) is not None
    return root


def _bars(root: ET.Element) -> list[ET.Element]:
    return root.findall(".//svg:rect[@class='bar']", NS)


def _texts(root: ET.Element) -> list[str]:
    return [text.text or "" for text in root.iter("{http://www.w3.org/2000/svg}text")]


def _sek(value: int | float) -> str:
    return format_sek(int(value))


def test_zero_values_draw_empty_bars_with_their_value() -> None:
    svg = bar_chart(chart_id="zero", title="Finansiering", description="Allt noll.",
                    categories=["Erasmus+", "Interreg"], series=[Series("Extern", [0, 0])],
                    formatter=_sek)
    root = _parse(svg)
    assert [float(bar.get("width", "x")) for bar in _bars(root)] == [0.0, 0.0]
    assert _texts(root).count(f"0{NBSP}kr") == 2
    assert root.findtext("svg:title", namespaces=NS) == "Finansiering"


def test_no_categories_says_so_in_words() -> None:
    root = _parse(bar_chart(chart_id="none", title="Tomt", description="Inget.",
                            categories=[], series=[Series("Extern", [])], formatter=_sek))
    assert _bars(root) == []
    assert "Inga uppgifter att visa" in _texts(root)


def test_many_values_grow_downwards_and_fit_the_width() -> None:
    categories = [f"Område {n} med ett mycket långt namn på svenska" for n in range(35)]
    current = [n * 1000 for n in range(35)]
    previous = [500] * 35
    root = _parse(bar_chart(chart_id="many", title="Många", description="35 områden.",
                            categories=categories,
                            series=[Series("2026", current), Series("2025", previous)],
                            formatter=_sek))
    bars = _bars(root)
    assert len(bars) == 70
    height = float(root.get("height", "0"))
    assert root.get("viewBox") == f"0 0 {WIDTH} {root.get('height')}"
    assert all(float(bar.get("y", "0")) + float(bar.get("height", "0")) <= height
               for bar in bars)
    widths = [float(bar.get("width", "0")) for bar in bars]
    assert max(widths) == pytest.approx(WIDTH - LABEL_WIDTH - VALUE_WIDTH)
    assert all(0 <= w <= WIDTH - LABEL_WIDTH - VALUE_WIDTH for w in widths)
    # Long labels wrap onto a second line beside their bars; none is shortened.
    labels = root.findall(".//svg:g/svg:text[@text-anchor='end']", NS)
    assert [" ".join(label.itertext()) for label in labels] == categories
    assert all(len(label.findall("svg:tspan", NS)) == 2 for label in labels)
    assert "…" not in "".join(root.itertext())
    assert root.findall("svg:g/svg:title", NS)[0].text == categories[0]
    assert f"34{NBSP}000{NBSP}kr" in _texts(root)


@pytest.mark.parametrize(("label", "lines"), [
    ("Politisk påverkan och omvärldsbevakning", ["Politisk påverkan och", "omvärldsbevakning"]),
    ("Verksamhets- och kunskapsutveckling", ["Verksamhets- och", "kunskapsutveckling"]),
    ("Arbetsmarknadsförvaltningens-internationella-enhet",
     ["Arbetsmarknadsförvaltningens-", "internationella-enhet"]),
    ("Barn- och utbildningsnämnden", ["Barn- och utbildningsnämnden"]),
])
def test_a_label_wraps_between_words_and_fits_its_column(label: str, lines: list[str]) -> None:
    assert label_lines(label) == lines
    assert all(len(line) * CHAR_WIDTH <= LABEL_WIDTH - 6 for line in lines)


def test_a_wrapped_label_gets_the_room_it_needs() -> None:
    root = _parse(bar_chart(chart_id="wrap", title="Områden", description="Två områden.",
                            categories=["Politisk påverkan och omvärldsbevakning", "Kort"],
                            series=[Series("2026", [3, 1])], formatter=str))
    first, second = root.findall("svg:g", NS)
    last_line = float(first.find("svg:text", NS).get("y", "0")) + LINE_HEIGHT
    next_bar = float(second.find("svg:rect", NS).get("y", "0"))
    assert next_bar >= last_line  # the second line does not run into the next group


def test_markup_in_labels_is_escaped() -> None:
    root = _parse(bar_chart(chart_id="esc", title="A & B <i>", description='"Citat"',
                            categories=["Kultur & fritid <Å>"], series=[Series("Å", [3])],
                            formatter=lambda v: str(v)))
    assert root.findtext("svg:title", namespaces=NS) == "A & B <i>"
    assert "Kultur & fritid <Å>" in _texts(root)


@pytest.fixture
def data(session: Session) -> dict[str, Any]:
    municipality = dataset.build(session)
    return compute_figures(session=session, cycle_id=municipality.current.id)


def test_compilation_charts_pair_with_tables(data: dict[str, Any]) -> None:
    built = {chart.key: chart for chart in charts.all_charts(data)}
    assert set(built) == {"funding-per-programme", "activities-per-area",
                          "activities-per-kind", "trend"}
    for chart in built.values():
        root = _parse(chart.svg)
        assert root.findtext("svg:desc", namespaces=NS) == chart.description
        assert all(len(row) == len(chart.table.headers) for row in chart.table.rows)
    funding = built["funding-per-programme"].table
    assert funding.rows[0] == ("Erasmus+", "1", f"1{NBSP}250{NBSP}000{NBSP}kr",
                               f"250{NBSP}000{NBSP}kr")
    assert funding.rows[-1] == ("Totalt", "6", f"2{NBSP}200{NBSP}000{NBSP}kr",
                                f"675{NBSP}000{NBSP}kr")
    assert len(_bars(ET.fromstring(built["funding-per-programme"].svg))) == 2 * 4
    areas = built["activities-per-area"].table
    assert areas.headers == ("Strategiskt område", "2026", "2025")
    assert areas.rows[1] == ("Verksamhets- och kunskapsutveckling", "3", "2")
    assert [row[0] for row in built["trend"].table.rows] == ["2024", "2025", "2026"]
    assert built["trend"].table.rows[-1][3] == f"66,7{NBSP}%"


def test_live_charts_draw_from_the_numbers_alone(session: Session,
                                                 data: dict[str, Any]) -> None:
    numbers = compute_numbers(session=session, cycle_id=uuid.UUID(data["cycle"]["id"])).data
    assert numbers == {key: data[key] for key in numbers}
    assert "activities" not in numbers
    assert charts.all_charts(numbers) == charts.all_charts(data)


def test_charts_of_a_cycle_without_activities(session: Session) -> None:
    org = f.organisation(session)
    cycle = f.cycle(session, org, 2026, CycleState.OPEN)
    data = compute_figures(session=session, cycle_id=cycle.id)
    built = {chart.key: chart for chart in charts.all_charts(data)}
    funding = _parse(built["funding-per-programme"].svg)
    assert "Inga uppgifter att visa" in _texts(funding)
    assert built["funding-per-programme"].table.rows == (("Totalt", "0", f"0{NBSP}kr",
                                                          f"0{NBSP}kr"),)
    area_bars = _bars(_parse(built["activities-per-area"].svg))
    assert [float(bar.get("width", "x")) for bar in area_bars] == [0.0]
    assert built["trend"].table.rows == (("2026", "0", "0", "–", f"0{NBSP}kr", f"0{NBSP}kr"),)
