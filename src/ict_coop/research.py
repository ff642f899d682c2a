"""Tools for research code: dates under uncertainty, dyad-year panels, event data, networks.

Nothing here turns an uncertain date into a fixed one without being told how:

>>> from ict_coop import load
>>> from ict_coop.research import happened_in, resolve_date
>>> talks = load().get("events", "evt-ind-meity-talks")   # "ngày 28/3", year not stated
>>> resolve_date(talks, "earliest") is None                # no bound: nothing to resolve to
True
>>> happened_in(talks, 2018)                               # possible, never certain
'possible'
>>> reception = load().get("events", "evt-jpn-mic-reception")
>>> resolve_date(reception, "midpoint"), happened_in(reception, 2018), happened_in(reception, 2019)
(datetime.date(2018, 5, 2), 'certain', 'no')
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date
from typing import Any, Literal

import pyarrow as pa
import pyarrow.compute as pc

from .errors import MissingDependencyError

How = Literal["earliest", "latest", "midpoint"]
Verdict = Literal["certain", "possible", "no"]

#: Goldstein scale values of the CAMEO codes the dataset uses (from the CAMEO codebook).
GOLDSTEIN = {"030": 4.0, "036": 4.0, "040": 1.0, "041": 1.0, "042": 1.9, "043": 2.8, "044": 2.5, "046": 7.0, "057": 8.0}
#: Codes whose mirror image is another code: a visit made is a visit hosted.
MIRROR = {"042": "043", "043": "042"}


# --------------------------------------------------------------------------- dates


def _bounds(record: Any) -> tuple[date | None, date | None]:
    return record.date_earliest, record.date_latest


def resolve_date(record: Any, how: How) -> date | None:
    """One date for a record by an explicit policy, or None when its bounds do not allow it.

    ``earliest`` and ``latest`` need that bound; ``midpoint`` needs both. A record whose
    source gives no year has no bounds, so it resolves to None under every policy: drop it or
    handle it, but never let a default fill it in.
    """
    low, high = _bounds(record)
    if how == "earliest":
        return low
    if how == "latest":
        return high
    if how == "midpoint":
        return None if low is None or high is None else low + (high - low) // 2
    msg = f"how must be 'earliest', 'latest' or 'midpoint', not {how!r}"
    raise ValueError(msg)


def happened_in(record: Any, year: int) -> Verdict:
    """Whether a record's date falls in ``year``: ``certain``, ``possible`` or ``no``.

    Certain when both bounds lie in the year; possible when the bounds (an empty bound is open)
    overlap the year without lying inside it; no otherwise.
    """
    low, high = _bounds(record)
    first, last = date(year, 1, 1), date(year, 12, 31)
    if low is not None and high is not None and first <= low and high <= last:
        return "certain"
    if (low is None or low <= last) and (high is None or high >= first):
        return "possible"
    return "no"


def resolve_dates(table: pa.Table, how: How) -> pa.Array:
    """:func:`resolve_date` for every row of an Arrow table with ``date_earliest``/``date_latest``."""
    low, high = table.column("date_earliest"), table.column("date_latest")
    if how == "earliest":
        return low.combine_chunks()
    if how == "latest":
        return high.combine_chunks()
    if how == "midpoint":
        low_days = pc.cast(pc.cast(low, pa.int32()), pa.int64())
        high_days = pc.cast(pc.cast(high, pa.int32()), pa.int64())
        middle = pc.add(low_days, pc.divide(pc.subtract(high_days, low_days), 2))
        return pc.cast(pc.cast(middle, pa.int32()), pa.date32())
    msg = f"how must be 'earliest', 'latest' or 'midpoint', not {how!r}"
    raise ValueError(msg)


def happened_in_table(table: pa.Table, year: int) -> pa.Array:
    """:func:`happened_in` for every row of an Arrow table (strings ``certain``/``possible``/``no``)."""
    low, high = table.column("date_earliest"), table.column("date_latest")
    first, last = pa.scalar(date(year, 1, 1)), pa.scalar(date(year, 12, 31))
    certain = pc.fill_null(pc.and_(pc.greater_equal(low, first), pc.less_equal(high, last)), False)
    overlaps = pc.and_(pc.fill_null(pc.less_equal(low, last), True), pc.fill_null(pc.greater_equal(high, first), True))
    return pc.if_else(certain, "certain", pc.if_else(overlaps, "possible", "no"))


# --------------------------------------------------------------------------- panels

Code = Literal["iso3", "cow", "gw"]
_CODE_COLUMNS = {"iso3": ("iso3_a", "iso3_b"), "cow": ("ccode1", "ccode2"), "gw": ("gwno_a", "gwno_b")}


def _years_of(records: list[Any]) -> tuple[int, int] | None:
    years = [d.year for r in records for d in _bounds(r) if d is not None]
    return (min(years), max(years)) if years else None


def dyad_year_panel(
    dataset: Any = None, *, code: Code = "iso3", years: range | None = None, top_level: bool = False
) -> pa.Table:
    """Engagements and agreements per (Viet Nam, partner, year), ready to join onto IR panels.

    Args:
        dataset: a :class:`~ict_coop.loading.Dataset`; by default the shipped one.
        code: the state code to key on: ISO 3166-1 alpha-3 (``iso3_a``/``iso3_b``), Correlates
            of War (``ccode1``/``ccode2``) or Gleditsch–Ward (``gwno_a``/``gwno_b``).
        years: the panel's years; by default from the first to the last year any bound reaches.
        top_level: count only top-level events (trips and stand-alone meetings), not the
            sessions inside trips.

    Returns:
        One row per partner and year: ``events_certain`` (the year is certain),
        ``events_possible`` (the bounds overlap the year but leave it uncertain),
        ``events_undated`` (no bounds at all; the same in every year of the dyad), and the
        same three for agreements (by signature date). Certain and possible are never added up.
    """
    from .loading import load

    data = dataset if dataset is not None else load()
    countries = {c.country_code: c for c in data.tables["countries"]}
    events = [e for e in data.tables["events"] if e.partner_country_code and e.partner_country_code != "VNM"]
    if top_level:
        events = [e for e in events if e.parent_event_id is None]
    orgs = {o.organization_id: o for o in data.tables["organizations"]}
    agreements = []
    for record in data.agreements:
        partners = {orgs[p.organization_id].country_code for p in record.parties} - {"VNM", None}
        agreements += [(partner, record.agreement) for partner in sorted(partners)]
    if years is None:
        reach = _years_of(events + [a for _, a in agreements])
        years = range(reach[0], reach[1] + 1) if reach else range(0)
    span = years
    rows: dict[tuple[str, int], Counter] = defaultdict(Counter)
    for prefix, items in (("events", [(e.partner_country_code, e) for e in events]), ("agreements", agreements)):
        for partner, record in items:
            undated = record.date_earliest is None and record.date_latest is None
            for year in span:
                verdict = "undated" if undated else happened_in(record, year)
                if verdict != "no":
                    rows[(partner, year)][f"{prefix}_{verdict}"] += 1
    a_col, b_col = _CODE_COLUMNS[code]

    def key(iso3: str) -> Any:
        country = countries[iso3]
        return {"iso3": iso3, "cow": country.cow_code, "gw": country.gw_code}[code]

    ordered = sorted(rows)
    counts = (
        "events_certain",
        "events_possible",
        "events_undated",
        "agreements_certain",
        "agreements_possible",
        "agreements_undated",
    )
    columns: dict[str, Any] = {
        a_col: [key("VNM")] * len(ordered),
        b_col: [key(partner) for partner, _ in ordered],
        "iso3_partner": [partner for partner, _ in ordered],
        "year": [year for _, year in ordered],
    }
    if code == "iso3":
        del columns["iso3_partner"]
    for name in counts:
        columns[name] = pa.array([rows[k][name] for k in ordered], pa.int64())
    return pa.table(columns)


# --------------------------------------------------------------------------- event data


def _lookups(dataset: Any) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    """The dataset (the shipped one by default), its organisations and its people by id."""
    from .loading import load

    data = dataset if dataset is not None else load()
    orgs = {o.organization_id: o for o in data.tables["organizations"]}
    people = {p.person_id: p for p in data.tables["people"]}
    return data, orgs, people


def _sides(meeting: Any, orgs: dict[str, Any], people: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Side -> (name, country) of its lead participant (organisation name in English)."""
    found: dict[str, tuple[str, str]] = {}
    for p in sorted(meeting.participants, key=lambda p: (p.role != "lead", p.role != "host", p.participant_id)):
        side = str(p.side)
        if side in found:
            continue
        org = orgs.get(p.organization_id or "")
        person = people.get(p.person_id or "")
        name = org.name_en if org else person.name_en if person else p.participant_id
        country = org.country_code if org and org.country_code else person.country_code if person else None
        found[side] = (name, country)
    return found


def cameo_dyads(dataset: Any = None) -> pa.Table:
    """Directed CAMEO event rows with GDELT-style column names.

    Every coded event gives two rows: as coded (the Vietnamese side as ``Actor1``) and its
    mirror (the partner as ``Actor1``). A visit becomes its 042/043 pair (the visitor makes the
    visit, the host hosts it); for other codes the mirror keeps the code. ``SQLDATE`` is set
    only when the day is certain; ``DateEarliest``/``DateLatest`` always carry the bounds.
    """
    data, orgs, people = _lookups(dataset)
    rows = []
    for meeting in data.meetings:
        event = meeting.event
        if event.cameo_code is None:
            continue
        sides = _sides(meeting, orgs, people)
        vn = sides.get("viet_nam", ("Viet Nam", "VNM"))
        partner = sides.get("partner", (event.partner_country_code, event.partner_country_code))
        day = event.date_earliest if event.date_earliest and event.date_earliest == event.date_latest else None
        code = str(event.cameo_code)
        for role, (a1, a2), cameo in (
            ("as_coded", (vn, partner), code),
            ("mirror", (partner, vn), MIRROR.get(code, code)),
        ):
            rows.append(
                {
                    "GlobalEventID": f"{event.event_id}#{role}",
                    "SQLDATE": int(day.strftime("%Y%m%d")) if day else None,
                    "DateEarliest": event.date_earliest,
                    "DateLatest": event.date_latest,
                    "DateEDTF": event.date_edtf,
                    "Actor1Name": a1[0],
                    "Actor1CountryCode": a1[1],
                    "Actor2Name": a2[0],
                    "Actor2CountryCode": a2[1],
                    "EventCode": cameo,
                    "EventBaseCode": cameo[:3],
                    "EventRootCode": cameo[:2],
                    "QuadClass": 1 if cameo[:2] <= "04" else 2,
                    "GoldsteinScale": GOLDSTEIN[cameo],
                    "ActionGeo_CountryISO3": event.country_code,
                    "ActionGeo_FullName": event.city_en,
                    "DyadRole": role,
                    "EventID": event.event_id,
                }
            )
    return pa.Table.from_pylist(rows)


def citation_of(source: Any) -> str:
    """A short citation of one source article, from what the page itself says."""
    parts = [source.outlet or "Outlet not named", f"\u201c{source.title}\u201d" if source.title else "Untitled page"]
    parts.append(source.published.strftime("%d %B %Y") if source.published else "date not given")
    parts.append(f"ict-coop seed {source.file_name}")
    return ", ".join(parts) + "."


def plover_records(dataset: Any = None) -> list[dict[str, Any]]:
    """PLOVER-style event records, each with the sentence it rests on and the source's citation."""
    data, orgs, people = _lookups(dataset)
    sources = {s.source_id: s for s in data.tables["sources"]}
    records = []
    for meeting in data.meetings:
        event = meeting.event
        if event.plover_event_type is None:
            continue
        sides = _sides(meeting, orgs, people)
        visitor_first = event.direction != "inbound"
        actor, recipient = (sides.get("viet_nam"), sides.get("partner"))
        if not visitor_first:
            actor, recipient = recipient, actor
        evidence = data.evidence_for("events", event.event_id, "kind")[0]
        source = sources[evidence.source_id]
        records.append(
            {
                "id": event.event_id,
                "date": event.date_edtf,
                "date_earliest": event.date_earliest.isoformat() if event.date_earliest else None,
                "date_latest": event.date_latest.isoformat() if event.date_latest else None,
                "date_precision": str(event.date_precision),
                "event_type": str(event.plover_event_type),
                "mode": str(event.plover_mode) if event.plover_mode else None,
                "context": [str(c) for c in meeting.plover_contexts],
                "actor": actor[0] if actor else None,
                "actor_country": actor[1] if actor else None,
                "recipient": recipient[0] if recipient else None,
                "recipient_country": recipient[1] if recipient else None,
                "country": event.country_code,
                "city": event.city_en,
                "cameo": str(event.cameo_code),
                "ict_topics": [str(t) for t in meeting.topics],
                "text": evidence.quote,
                "source": {
                    "source_id": source.source_id,
                    "file": f"seeds/{source.file_name}",
                    "start": evidence.start,
                    "end": evidence.end,
                    "outlet": source.outlet,
                    "url": source.url,
                },
                "citation": citation_of(source),
            }
        )
    return records


def plover_jsonl(dataset: Any = None) -> str:
    """:func:`plover_records` as JSON Lines."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in plover_records(dataset))


# --------------------------------------------------------------------------- networks

Level = Literal["organization", "country"]


def edge_list(dataset: Any = None, *, level: Level = "organization") -> pa.Table:
    """Who met whom, weighted by the number of events they shared.

    An undirected edge joins every Vietnamese and every partner participant of an event, at the
    level of organisations or of countries (``source`` sorts before ``target``).
    """
    data, orgs, people = _lookups(dataset)
    weights: Counter[tuple[str, str]] = Counter()
    for meeting in data.meetings:
        sides: dict[str, set[str]] = defaultdict(set)
        for p in meeting.participants:
            if level == "organization":
                node = p.organization_id
            else:
                org = orgs.get(p.organization_id or "")
                person = people.get(p.person_id or "")
                node = org.country_code if org and org.country_code else person.country_code if person else None
            if node:
                sides[str(p.side)].add(node)
        pairs = {tuple(sorted((a, b))) for a in sides["viet_nam"] for b in sides["partner"] if a != b}
        weights.update(pairs)
    ordered = sorted(weights)
    return pa.table(
        {
            "source": [a for a, _ in ordered],
            "target": [b for _, b in ordered],
            "weight": pa.array([weights[e] for e in ordered], pa.int64()),
        }
    )


def to_networkx(dataset: Any = None, *, level: Level = "organization") -> Any:
    """The edge list as a ``networkx.Graph`` with node names, kinds and countries as attributes."""
    try:
        import networkx as nx
    except ImportError as exc:
        msg = "to_networkx needs networkx: pip install 'ict-coop[network]'"
        raise MissingDependencyError(msg) from exc
    from .loading import load

    data = dataset if dataset is not None else load()
    graph = nx.Graph()
    if level == "organization":
        for org in data.tables["organizations"]:
            graph.add_node(org.organization_id, name=org.name_en, kind=str(org.kind), country=org.country_code)
    else:
        for country in data.tables["countries"]:
            graph.add_node(country.country_code, name=country.name_en)
    for row in edge_list(data, level=level).to_pylist():
        graph.add_edge(row["source"], row["target"], weight=row["weight"])
    graph.remove_nodes_from([n for n in list(graph.nodes) if graph.degree(n) == 0])
    return graph
