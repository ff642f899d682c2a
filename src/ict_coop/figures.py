"""Figures drawn from the data (``ict-coop figure OUT.png``; needs matplotlib).

Uncertain dates are drawn as ranges from ``date_earliest`` to ``date_latest``, never as points,
and events whose source gives no year are counted beside their partner instead of being placed
on the time axis.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import MissingDependencyError


def engagements_over_time(out: str | Path, dataset: Any = None) -> Path:
    """Engagements by partner (state or international body) over time, uncertain dates as ranges; write a PNG."""
    try:
        import matplotlib

        matplotlib.use("Agg")  # no screen needed
        import matplotlib.pyplot as plt
    except ImportError as exc:
        msg = "figures need matplotlib: pip install 'ict-coop[plot]'"
        raise MissingDependencyError(msg) from exc
    from datetime import timedelta

    from .loading import load
    from .research import engagement_partners

    data = dataset if dataset is not None else load()
    names = {c.country_code: c.name_en for c in data.tables["countries"]}
    names.update({o.organization_id: o.name_en for o in data.tables["organizations"]})
    events = {e.event_id: e for e in data.tables["events"]}
    placed = [(p, events[eid]) for eid, ps in engagement_partners(data).items() for p in ps]
    partners = sorted({p for p, _ in placed}, key=lambda p: names.get(p, p))
    rows = {p: i for i, p in enumerate(partners)}
    figure, axis = plt.subplots(figsize=(10, 1.2 + 0.32 * len(partners)))
    undated: dict[str, int] = dict.fromkeys(partners, 0)
    for partner, event in placed:
        y = rows[partner]
        low, high = event.date_earliest, event.date_latest
        if low is None and high is None:
            undated[partner] += 1
            continue
        if low is not None and high is not None and low == high:
            axis.plot([low], [y], marker="o", color="tab:blue", markersize=5, zorder=3)
            continue
        # a one-sided bound is drawn as a range reaching a year beyond it, with an open end
        start = low if low is not None else high - timedelta(days=365)
        end = high if high is not None else low + timedelta(days=365)
        axis.plot([start, end], [y, y], color="tab:orange", linewidth=6, alpha=0.5, solid_capstyle="butt")
        if low is None or high is None:
            axis.annotate(
                "open",
                (start if low is None else end, y),
                textcoords="offset points",
                xytext=(0, 6),
                fontsize=7,
                ha="center",
            )
    axis.set_yticks(range(len(partners)))
    labels = [names.get(p, p)[:40] for p in partners]
    axis.set_yticklabels(
        [
            f"{label}  (+{undated[p]} undated)" if undated[p] else label
            for label, p in zip(labels, partners, strict=True)
        ],
        fontsize=7,
    )
    axis.set_ylim(-0.7, len(partners) - 0.3)
    axis.set_xlabel("date (points: day known; bars: range of possible dates)")
    axis.set_title(f"Engagements by partner (ict-coop {data.version}; a trip counts once)")
    axis.grid(axis="x", alpha=0.3)
    figure.tight_layout()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out, dpi=110)
    plt.close(figure)
    return out
