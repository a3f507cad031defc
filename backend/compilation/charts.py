"""The compilation's charts, each paired with the table that says the same in words."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from backend.compilation.formatting import format_number, format_percent, format_sek
from backend.compilation.svg import Series, bar_chart
from backend.core.vocabulary import NO_STRATEGIC_AREA


@dataclass(frozen=True)
class ChartTable:
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # Right-align these columns (numbers).
    numeric: tuple[int, ...] = ()


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    svg: str
    table: ChartTable


def _sek(value: int | float) -> str:
    return format_sek(int(value))


def _count(value: int | float) -> str:
    return format_number(int(value))


def _chart(key: str, title: str, description: str, categories: list[str],
           series: list[Series], formatter: Callable[[int | float], str],
           table: ChartTable) -> Chart:
    svg = bar_chart(chart_id=f"chart-{key}", title=title, description=description,
                    categories=categories, series=series, formatter=formatter)
    return Chart(key=key, title=title, description=description, svg=svg, table=table)


def funding_per_programme(data: dict[str, Any]) -> Chart:
    """External and own funding per EU programme (programmes without activities left out)."""
    rows = [r for r in data["figures"]["by_programme"]
            if r["activities"] or r["external_funding_sek"] or r["own_funding_sek"]]
    totals = data["figures"]["totals"]
    description = (
        f"Extern finansiering totalt {format_sek(totals['external_funding_sek'])} och egen "
        f"finansiering {format_sek(totals['own_funding_sek'])}, fördelat på program."
    )
    table = ChartTable(
        caption="Finansiering per program",
        headers=("Program", "Aktiviteter", "Extern finansiering", "Egen finansiering"),
        rows=tuple(
            (r["label"], _count(r["activities"]), _sek(r["external_funding_sek"]),
             _sek(r["own_funding_sek"])) for r in rows
        ) + (("Totalt", _count(totals["activities"]), _sek(totals["external_funding_sek"]),
              _sek(totals["own_funding_sek"])),),
        numeric=(1, 2, 3),
    )
    series = [Series("Extern finansiering", [r["external_funding_sek"] for r in rows]),
              Series("Egen finansiering", [r["own_funding_sek"] for r in rows])]
    return _chart("funding-per-programme", "Finansiering per program", description,
                  [r["label"] for r in rows], series, _sek, table)


def activities_per_strategic_area(data: dict[str, Any]) -> Chart:
    """Activities per strategic area, beside the previous adopted cycle when there is one."""
    figures, previous = data["figures"], data["previous"]
    rows = [(r["id"], r["name"], r["activities"]) for r in figures["by_strategic_area"]]
    rows.append((None, NO_STRATEGIC_AREA, figures["activities_without_strategic_area"]))
    label = data["cycle"]["label"]
    series = [Series(label, [n for _, _, n in rows])]
    headers: tuple[str, ...] = ("Strategiskt område", label)
    table_rows: list[tuple[str, ...]] = [(name, _count(n)) for _, name, n in rows]
    if previous:
        before = {r["id"]: r["activities"] for r in previous["figures"]["by_strategic_area"]}
        before[None] = previous["figures"]["activities_without_strategic_area"]
        old = [before.get(area_id, 0) for area_id, _, _ in rows]
        series.append(Series(previous["cycle"]["label"], old))
        headers += (previous["cycle"]["label"],)
        table_rows = [(*row, _count(n)) for row, n in zip(table_rows, old, strict=True)]
    description = (
        f"Antal aktiviteter {label} per strategiskt område i policyn. En aktivitet kan "
        "höra till flera områden."
    )
    table = ChartTable("Aktiviteter per strategiskt område", headers, tuple(table_rows),
                       numeric=tuple(range(1, len(headers))))
    return _chart("activities-per-area", "Aktiviteter per strategiskt område", description,
                  [name for _, name, _ in rows], series, _count, table)


def activities_per_kind(data: dict[str, Any]) -> Chart:
    """Activities per kind of international work."""
    rows = data["figures"]["by_kind"]
    table = ChartTable("Aktiviteter per typ", ("Typ", "Aktiviteter"),
                       tuple((r["label"], _count(r["activities"])) for r in rows), numeric=(1,))
    description = f"Antal aktiviteter per typ, totalt {data['figures']['totals']['activities']}."
    return _chart("activities-per-kind", "Aktiviteter per typ", description,
                  [r["label"] for r in rows], [Series("Aktiviteter", [r["activities"]
                                                                      for r in rows])],
                  _count, table)


def trend(data: dict[str, Any]) -> Chart:
    """External and own funding of this and the earlier adopted cycles, oldest first."""
    points = data["trend"]
    first, last = points[0]["label"], points[-1]["label"]
    description = (f"Extern och egen finansiering per år {first}–{last}."
                   if len(points) > 1 else f"Extern och egen finansiering {last}.")
    table = ChartTable(
        caption="Utveckling över tid",
        headers=("År", "Aktiviteter", "Projekt", "Andel projekt med extern finansiering",
                 "Extern finansiering", "Egen finansiering"),
        rows=tuple(
            (p["label"], _count(p["activities"]), _count(p["projects"]),
             format_percent(p["project_external_share_percent"]),
             _sek(p["external_funding_sek"]), _sek(p["own_funding_sek"])) for p in points
        ),
        numeric=(1, 2, 3, 4, 5),
    )
    series = [Series("Extern finansiering", [p["external_funding_sek"] for p in points]),
              Series("Egen finansiering", [p["own_funding_sek"] for p in points])]
    return _chart("trend", "Finansiering över tid", description,
                  [p["label"] for p in points], series, _sek, table)


def all_charts(data: dict[str, Any]) -> list[Chart]:
    """Every chart of a compilation, in the order the document shows them."""
    return [funding_per_programme(data), activities_per_strategic_area(data),
            activities_per_kind(data), trend(data)]
