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
    """Engagements by partner country over time, uncertain dates as ranges; write a PNG."""
    try:
        import matplotlib

        matplotlib.use("Agg")  # no screen needed
        import matplotlib.pyplot as plt
    except ImportError as exc:
        msg = "figures need matplotlib: pip install 'ict-coop[plot]'"
        raise MissingDependencyError(msg) from exc
    from datetime import timedelta

    from .loading import load

    data = dataset if dataset is not None else load()
    names = {c.country_code: c.name_en for c in data.tables["countries"]}
    events = [e for e in data.tables["events"] if e.partner_country_code]
    partners = sorted({e.partner_country_code for e in events})
    rows = {p: i for i, p in enumerate(partners)}
    figure, axis = plt.subplots(figsize=(9, 1.2 + 0.6 * len(partners)))
    undated: dict[str, int] = dict.fromkeys(partners, 0)
    for event in events:
        y = rows[event.partner_country_code]
        low, high = event.date_earliest, event.date_latest
        if low is None and high is None:
            undated[event.partner_country_code] += 1
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
    axis.set_yticklabels([f"{names[p]}  (+{undated[p]} undated)" if undated[p] else names[p] for p in partners])
    axis.set_ylim(-0.7, len(partners) - 0.3)
    axis.set_xlabel("date (points: day known; bars: range of possible dates)")
    axis.set_title(f"Engagements by partner country (ict-coop {data.version})")
    axis.grid(axis="x", alpha=0.3)
    figure.tight_layout()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out, dpi=110)
    plt.close(figure)
    return out
