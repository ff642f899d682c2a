"""Figures drawn from the data (``ict-coop figure OUT.png``; needs matplotlib).

Uncertain dates are drawn as ranges from ``date_earliest`` to ``date_latest``, never as points;
a date bounded on one side only is drawn open on the other; engagements on the same day are
counted, not overplotted; and events whose source gives no year are counted in a strip of their
own instead of being placed on the time axis.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from .errors import MissingDependencyError

#: ranges up to this long are drawn as a square: as bars they would be thinner than a pixel
SHORT_RANGE_DAYS = 31


class Marks(NamedTuple):
    """What the figure draws for each partner, before anything is drawn (so it can be tested)."""

    days: Counter[tuple[str, date]]
    """(partner, day) -> how many engagements the sources date to that day."""
    ranges: list[tuple[str, date, date]]
    """(partner, earliest, latest) of each engagement known only within a range."""
    open_ranges: list[tuple[str, date | None, date | None]]
    """(partner, earliest, latest) of each engagement bounded on one side only (the other is None)."""
    undated: Counter[str]
    """partner -> how many of its engagements have no date bound at all (their year is not known)."""


def marks(dataset: Any) -> Marks:
    """Sort every (engagement, partner) pair of ``dataset`` into what the figure draws for it."""
    from .research import engagement_partners

    events = {e.event_id: e for e in dataset.tables["events"]}
    found = Marks(Counter(), [], [], Counter())
    for eid, partners in engagement_partners(dataset).items():
        low, high = events[eid].date_earliest, events[eid].date_latest
        for partner in partners:
            if low is None and high is None:
                found.undated[partner] += 1
            elif low is not None and low == high:
                found.days[partner, low] += 1
            elif low is not None and high is not None:
                found.ranges.append((partner, low, high))
            else:
                found.open_ranges.append((partner, low, high))
    return found


def engagements_over_time(out: str | Path, dataset: Any = None) -> Path:
    """Engagements by partner (state or international body) over time, uncertain dates as ranges; write a PNG.

    A day the sources state is a point, sized and numbered by how many engagements fall on it;
    a range of possible dates is a bar (a square when it is a month or less); a date bounded on
    one side only is a dashed line ending in an arrow on its open side; engagements whose source
    gives no year are counted in a strip of their own beside the time axis. The legend is part
    of the image.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")  # no screen needed
        import matplotlib.pyplot as plt
        from matplotlib.lines import Line2D
    except ImportError as exc:
        msg = "figures need matplotlib: pip install 'ict-coop[plot]'"
        raise MissingDependencyError(msg) from exc
    from .loading import load

    data = dataset if dataset is not None else load()
    names = {c.country_code: c.name_en for c in data.tables["countries"]}
    names.update({o.organization_id: o.name_en for o in data.tables["organizations"]})
    drawn = marks(data)
    partners = {p for p, _ in drawn.days} | {m[0] for m in drawn.ranges + drawn.open_ranges} | set(drawn.undated)
    partners = sorted(partners, key=lambda p: names.get(p, p), reverse=True)
    rows = {p: i for i, p in enumerate(partners)}
    figure, (axis, strip) = plt.subplots(
        1,
        2,
        sharey=True,
        figsize=(11, 1.8 + 0.3 * len(partners)),
        gridspec_kw={"width_ratios": [14, 1], "wspace": 0.04},
    )
    open_span = timedelta(days=300)  # how far an open end is drawn: far enough to read as open
    for partner, low, high in drawn.ranges:
        y = rows[partner]
        if (high - low).days <= SHORT_RANGE_DAYS:
            # a few days are narrower than a pixel at this scale: a square at their middle
            axis.plot([low + (high - low) / 2], [y], marker="s", color="tab:orange", markersize=5, alpha=0.8)
        else:
            axis.plot([low, high], [y, y], color="tab:orange", linewidth=6, alpha=0.55, solid_capstyle="butt")
    for partner, low, high in drawn.open_ranges:  # a dashed line running off towards the open side
        y = rows[partner]
        known = low if low is not None else high
        far = known + open_span if low is not None else known - open_span
        axis.plot([known, far], [y, y], color="tab:orange", linewidth=1.5, linestyle=(0, (3, 2)))
        axis.plot([far], [y], marker=">" if low is not None else "<", color="tab:orange", markersize=6)
        axis.plot([known], [y], marker="|", color="tab:orange", markersize=10, markeredgewidth=2)
    for (partner, day), count in drawn.days.items():
        y = rows[partner]
        axis.plot([day], [y], marker="o", color="tab:blue", markersize=4 + 2.5 * min(count, 4), zorder=3)
        if count > 1:
            axis.annotate(
                str(count), (day, y), ha="center", va="center", fontsize=6, color="white", weight="bold", zorder=4
            )
    for partner, count in drawn.undated.items():
        strip.annotate(str(count), (0.5, rows[partner]), ha="center", va="center", fontsize=8, color="tab:gray")
    strip.set_xlim(0, 1)
    strip.set_xticks([])
    strip.set_title("no year", fontsize=8)
    strip.tick_params(left=False)
    for side in ("top", "right", "bottom"):
        strip.spines[side].set_visible(False)
    axis.set_yticks(range(len(partners)))
    axis.set_yticklabels([names.get(p, p)[:40] for p in partners], fontsize=7)
    axis.set_ylim(-0.7, len(partners) - 0.3)
    axis.set_xlabel("date")
    axis.set_title(f"Engagements by partner (ict-coop {data.version}; a trip counts once)")
    axis.grid(axis="x", alpha=0.3)
    legend = [
        Line2D([], [], marker="o", linestyle="", color="tab:blue", label="day stated (larger, numbered: several)"),
        Line2D([], [], color="tab:orange", linewidth=6, alpha=0.55, label="range of possible dates"),
        Line2D([], [], marker="s", linestyle="", color="tab:orange", label=f"range of {SHORT_RANGE_DAYS} days or less"),
        Line2D([], [], color="tab:orange", linestyle=(0, (3, 2)), marker=">", label="bounded on one side only"),
        Line2D([], [], marker="$n$", linestyle="", color="tab:gray", label="n engagements with no year (right)"),
    ]
    figure.legend(handles=legend, loc="lower center", ncol=5, fontsize=7, frameon=False)
    figure.subplots_adjust(
        left=0.2, right=0.98, top=1 - 0.5 / figure.get_figheight(), bottom=0.9 / figure.get_figheight()
    )
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out, dpi=110)
    plt.close(figure)
    return out
