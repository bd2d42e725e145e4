"""The dashboard's three panels as Figures: a chart and the same numbers as a table.

A panel's CSV download is its figures' tables, one after another, so the download and the
page can never disagree.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.http import QueryDict
from django.urls import reverse

from claims.dashboard import charts, figures
from claims.dashboard.charts import Figure, Table
from claims.models import ClaimStatus
from claims.reports.exports import csv_safe

PANELS = {
    "waiting": "Work waiting",
    "throughput": "Throughput",
    "published": "What we published",
}


@dataclass
class Panel:
    slug: str
    title: str
    figures: list[Figure]
    facts: list[tuple[str, str]]


def age_text(age: timedelta | None) -> str:
    if age is None:
        return "—"
    hours = int(age.total_seconds() // 3600)
    if hours < 48:
        return f"{hours} h"
    return f"{hours // 24} days"


def hours_text(hours: float | None) -> str:
    return "—" if hours is None else age_text(timedelta(hours=hours))


def days_text(days: int | None) -> str:
    return "—" if days is None else f"{days} day{'' if days == 1 else 's'}"


def waiting_panel(now: datetime, sl: figures.Slice) -> Panel:
    counts = figures.status_counts(sl)
    queue = figures.open_queue_age(now, sl)
    approval = figures.awaiting_approval(now, sl)
    expired = figures.expired_assignments(now, sl)
    status_items = [(label, counts[value]) for value, label in ClaimStatus.choices]
    figs = [
        Figure(
            "status",
            "Claims by status",
            charts.horizontal_bars("Claims by status", status_items),
            Table(["Status", "Claims"], [list(i) for i in status_items]),
        ),
        Figure(
            "queue-age",
            "Age of the open queue",
            charts.columns(
                "Open claims by age",
                [label for label, _ in queue["buckets"]],
                [("Open claims", [n for _, n in queue["buckets"]])],
                kind="histogram",
            ),
            Table(["Age", "Open claims"], [list(b) for b in queue["buckets"]]),
            note="New and in-review claims, aged in whole days of the desk's time zone from the"
            " day they were extracted (today's are under 1 day old).",
        ),
        Figure(
            "approval-age",
            "Waiting for approval",
            charts.columns(
                "Verdicts awaiting approval by time waiting",
                [label for label, _ in approval["buckets"]],
                [("Awaiting approval", [n for _, n in approval["buckets"]])],
                kind="histogram",
            ),
            Table(["Waiting", "Verdicts"], [list(b) for b in approval["buckets"]]),
            note="Time since the verdict was saved.",
        ),
        Figure(
            "expired",
            "Expired assignments",
            charts.horizontal_bars("Expired assignments by person", expired["by_person"]),
            Table(["Assigned to", "Claims"], [list(r) for r in expired["by_person"]]),
            note="Assignments nobody has worked on within the assignment time; anyone may "
            "take these claims.",
        ),
    ]
    facts = [
        ("Open claims", str(queue["total"])),
        ("Median age of an open claim", days_text(queue["median_days"])),
        ("Oldest open claim", age_text(queue["oldest_age"])),
        ("Awaiting approval", str(approval["total"])),
        ("Median wait for approval", age_text(approval["median_age"])),
        ("Longest wait for approval", age_text(approval["oldest_age"])),
        ("Expired assignments", str(expired["total"])),
    ]
    return Panel("waiting", PANELS["waiting"], figs, facts)


def throughput_panel(rng: figures.Range, sl: figures.Slice) -> Panel:
    labels = [rng.label(p) for p in rng.periods()]
    rows = [rng.table_label(p) for p in rng.periods()]
    flow = figures.flow(rng, sl)
    times = figures.turnaround(rng, sl)
    people = figures.per_person(rng, sl)
    series = [(name, flow[metric]) for metric, name in figures.FLOW_METRICS[:4]]
    period_name = "Week" if rng.group == "week" else "Day"
    figs = [
        Figure(
            "flow",
            f"Work done per {period_name.lower()}",
            charts.lines(f"Work done per {period_name.lower()}", labels, series),
            Table(
                [period_name, *(name for name, _ in series)],
                [[rows[i], *(values[i] for _, values in series)] for i in range(len(labels))],
            ),
        ),
        Figure(
            "people",
            "Per person",
            charts.columns(
                "Verdicts saved, approved and sent back per person",
                [p["name"] for p in people],
                [
                    ("Verdicts saved", [p["verdicts"] for p in people]),
                    ("Approved", [p["approved"] for p in people]),
                    ("Sent back", [p["sent_back"] for p in people]),
                ],
            ),
            Table(
                ["Person", "Verdicts saved", "Approved", "Sent back"],
                [[p["name"], p["verdicts"], p["approved"], p["sent_back"]] for p in people],
            ),
            note="Counts for planning the desk's work, in alphabetical order; not a ranking.",
        ),
    ]
    totals = {metric: sum(values) for metric, values in flow.items()}
    facts = [
        *((name, str(totals[metric])) for metric, name in figures.FLOW_METRICS[:4]),
        (
            "Median time from extraction to first verdict",
            f"{hours_text(times['to_verdict']['median_hours'])} "
            f"({times['to_verdict']['count']} claims)",
        ),
        (
            "Median time from extraction to approval",
            f"{hours_text(times['to_approval']['median_hours'])} "
            f"({times['to_approval']['count']} claims)",
        ),
    ]
    return Panel("throughput", PANELS["throughput"], figs, facts)


def published_panel(rng: figures.Range, sl: figures.Slice, query: str = "") -> Panel:
    labels = [rng.label(p) for p in rng.periods()]
    rows = [rng.table_label(p) for p in rng.periods()]
    period_name = "Week" if rng.group == "week" else "Day"
    ratings, by_rating = figures.in_force_by_rating(rng, sl)
    shown = [r for r in ratings if any(by_rating[r.pk]) or not r.retired]
    series = [(r.label, by_rating[r.pk]) for r in shown]
    corrections = figures.flow(rng, sl, ["corrections"])["corrections"]
    breakdown = figures.published_breakdown(rng, sl)

    def link(dim: str, value: str) -> str:
        if dim == "speaker":
            return reverse("speaker_detail", args=[value])
        # A type or outlet bar opens the dashboard filtered to it, same range.
        return f"{reverse('dashboard')}?{filtered_query(query, dim, value)}"

    def bars(dim: str, title: str, column: str) -> Figure:
        items = [(name, n) for name, n, _ in breakdown[dim]]
        return Figure(
            f"by-{dim}",
            title,
            charts.horizontal_bars(title, items),
            Table([column, "Verdicts"], [list(i) for i in items]),
            note=f"The top {figures.TOP}." if len(items) == figures.TOP else "",
            links=[link(dim, value) if value else "" for _, _, value in breakdown[dim]],
        )

    figs = [
        Figure(
            "in-force",
            "Verdicts in force by rating",
            charts.columns("Verdicts approved and in force, by rating", labels, series),
            Table(
                [period_name, *(name for name, _ in series)],
                [[rows[i], *(values[i] for _, values in series)] for i in range(len(labels))],
            ),
            note="By the day each was approved; verdicts later corrected count under their "
            "correction.",
        ),
        bars("type", "By claim type", "Type"),
        bars("outlet", "By outlet", "Outlet"),
        bars("speaker", "By speaker", "Speaker"),
        Figure(
            "corrections",
            "Corrections issued",
            charts.columns("Corrections issued", labels, [("Corrections", corrections)]),
            Table(
                [period_name, "Corrections"],
                [[lab, corrections[i]] for i, lab in enumerate(labels)],
            ),
        ),
    ]
    facts = [
        ("Verdicts in force approved in this range", str(sum(sum(v) for _, v in series))),
        ("Corrections issued", str(sum(corrections))),
    ]
    return Panel("published", PANELS["published"], figs, facts)


def filtered_query(query: str, name: str, value: str) -> str:
    params = QueryDict(query, mutable=True)
    params[name] = value
    return params.urlencode()


def build(
    slug: str, rng: figures.Range, now: datetime, sl: figures.Slice = figures.ALL, query: str = ""
) -> Panel:
    if slug == "waiting":
        return waiting_panel(now, sl)
    if slug == "throughput":
        return throughput_panel(rng, sl)
    return published_panel(rng, sl, query)


def panel_csv(panel: Panel, rng: figures.Range, sl: figures.Slice = figures.ALL) -> str:

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["panel", panel.title])
    if panel.slug != "waiting":
        writer.writerow(["range", rng.start.isoformat(), rng.end.isoformat(), rng.group])
    if sl.type:
        writer.writerow(["type", csv_safe(sl.type)])
    if sl.outlet:
        writer.writerow(["outlet", csv_safe(sl.outlet)])
    for label, value in panel.facts:
        writer.writerow(["fact", label, value])
    for fig in panel.figures:
        writer.writerow([])
        writer.writerow(["figure", fig.title])
        writer.writerow(fig.table.columns)
        for row in fig.table.rows:
            writer.writerow([csv_safe(v) if isinstance(v, str) else v for v in row])
    return out.getvalue()
