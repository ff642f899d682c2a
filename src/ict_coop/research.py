"""Tools for research code: dates under uncertainty, dyad-year panels, event data, networks.

Nothing here turns an uncertain date into a fixed one without being told how:

Examples:
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

from ._locate import seed_path
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
    """[`resolve_date`][ict_coop.research.resolve_date] for every row of an Arrow table.

    The table needs `date_earliest` and `date_latest` columns (any table of dated records).
    """
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
    """[`happened_in`][ict_coop.research.happened_in] for every row of an Arrow table.

    The answers are strings, `certain`, `possible` or `no`, one per row.
    """
    low, high = table.column("date_earliest"), table.column("date_latest")
    first, last = pa.scalar(date(year, 1, 1)), pa.scalar(date(year, 12, 31))
    certain = pc.fill_null(pc.and_(pc.greater_equal(low, first), pc.less_equal(high, last)), False)
    overlaps = pc.and_(pc.fill_null(pc.less_equal(low, last), True), pc.fill_null(pc.greater_equal(high, first), True))
    return pc.if_else(certain, "certain", pc.if_else(overlaps, "possible", "no"))


# --------------------------------------------------------------------------- panels

Code = Literal["iso3", "cow", "gw"]
#: The state codes every panel carries, each as ``{code}_a`` (Viet Nam) and ``{code}_b`` (the partner).
CODES: tuple[Code, ...] = ("iso3", "cow", "gw")
_COUNT_PARTS = ("certain", "possible", "certain_stated", "certain_inferred", "certain_external")


def _years_of(records: list[Any]) -> tuple[int, int] | None:
    years = [d.year for r in records for d in _bounds(r) if d is not None]
    return (min(years), max(years)) if years else None


OutsidePolicy = Literal["exclude", "include"]


def _dated(record: Any, outside_knowledge: OutsidePolicy) -> bool:
    """Whether a record's bounds may be used: dates from outside knowledge only when included."""
    return outside_knowledge == "include" or str(record.date_basis) != "external"


def _undated(record: Any, outside_knowledge: OutsidePolicy) -> bool:
    """No usable bounds: none at all, or only outside knowledge's when it is left out."""
    no_bounds = record.date_earliest is None and record.date_latest is None
    return no_bounds or not _dated(record, outside_knowledge)


def _dyad_items(
    data: Any, count: Literal["engagements", "events"], top_level: bool
) -> dict[str, list[tuple[str, Any]]]:
    """``events`` and ``agreements``: (partner state, record) pairs for the dyads of Viet Nam."""
    counterparts = data.counterpart_countries
    if count == "engagements":
        chosen = set(data.engagement_ids)
        events_all = [e for e in data.tables["events"] if e.event_id in chosen]
    elif count == "events":
        events_all = [e for e in data.tables["events"] if str(e.reported_as) == "occurred"]
        if top_level:
            events_all = [e for e in events_all if e.parent_event_id is None]
    else:
        msg = f"count must be 'engagements' or 'events', not {count!r}"
        raise ValueError(msg)
    pairs = [(c, e) for e in events_all for c in counterparts.get(e.event_id, ()) if c != "VNM"]
    orgs = {o.organization_id: o for o in data.tables["organizations"]}
    agreements = []
    for record in data.agreements:
        partners = {orgs[p.organization_id].country_code for p in record.parties} - {"VNM", None}
        agreements += [(partner, record.agreement) for partner in sorted(partners)]
    return {"events": pairs, "agreements": agreements}


def _dyad_columns(data: Any, partners: list[str]) -> dict[str, Any]:
    """The state-code columns of dyads (Viet Nam, partner): ``{code}_a`` and ``{code}_b`` for every code."""
    countries = {c.country_code: c for c in data.tables["countries"]}

    def codes(iso3: str) -> dict[str, Any]:
        country = countries[iso3]
        return {"iso3": iso3, "cow": country.cow_code, "gw": country.gw_code}

    viet_nam = codes("VNM")
    columns: dict[str, Any] = {}
    for code in CODES:
        kind = pa.string() if code == "iso3" else pa.int64()
        columns[f"{code}_a"] = pa.array([viet_nam[code]] * len(partners), kind)
        columns[f"{code}_b"] = pa.array([codes(p)[code] for p in partners], kind)
    return columns


def _policy(code: Code | None, outside_knowledge: OutsidePolicy, count: str) -> dict[str, str]:
    """Check the arguments every panel function shares; the table metadata that records them."""
    if code is not None:
        import warnings

        if code not in CODES:
            msg = f"code must be 'iso3', 'cow' or 'gw', not {code!r}"
            raise ValueError(msg)
        warnings.warn(
            "dyad_year_panel(code=...) is deprecated: every panel has iso3_a/_b, cow_a/_b and gw_a/_b",
            DeprecationWarning,
            stacklevel=3,
        )
    if outside_knowledge not in ("exclude", "include"):
        msg = f"outside_knowledge must be 'exclude' or 'include', not {outside_knowledge!r}"
        raise ValueError(msg)
    return {"count": count, "outside_knowledge": outside_knowledge}


def dyad_year_panel(
    dataset: Any = None,
    *,
    code: Code | None = None,
    years: range | None = None,
    count: Literal["engagements", "events"] = "engagements",
    top_level: bool = False,
    outside_knowledge: OutsidePolicy = "exclude",
) -> pa.Table:
    """Engagements and agreements per (Viet Nam, partner, year), ready to join onto IR panels.

    Args:
        dataset: a [`Dataset`][ict_coop.loading.Dataset]; by default the shipped one.
        code: deprecated and ignored: every panel has the same columns, with every state code.
        years: the panel's years; by default from the first to the last year any usable bound reaches.
        count: ``"engagements"`` (the default: occurred events that are not sessions of
            another occurred event, so a trip counts once) or ``"events"`` (every event the
            sources report as occurred, sessions included).
        top_level: with ``count="events"``, only events without a parent.
        outside_knowledge: ``"exclude"`` (the default) treats a date known only from outside
            knowledge (``date_basis`` external) as undated; ``"include"`` uses its bounds.

    Returns:
        One row per partner and year, with the same columns whatever the arguments: the
        dyad's state codes ``iso3_a``/``iso3_b`` (ISO 3166-1 alpha-3), ``cow_a``/``cow_b``
        (Correlates of War) and ``gw_a``/``gw_b`` (Gleditsch–Ward), where ``_a`` is Viet Nam;
        ``year``; ``events_certain`` (the year is certain), ``events_possible`` (the bounds
        overlap the year but leave it uncertain), and ``events_certain_stated``,
        ``_inferred`` and ``_external``, which split the certain count by the basis of the
        date (``_external`` is 0 unless outside knowledge is included); the same five for
        agreements (by signature date). Certain and possible are never added up. An
        engagement whose own bounds leave the year open but one of whose sessions certainly
        took place in a year counts as certain in that year, with the session's basis (the
        year `coverage` and `load("engagements")` give it). Records with no usable date are
        in no year: `dyad_undated` counts them, once per dyad.
        Partners are the counterparts' states (a body's or company's country); multilateral
        meetings, whose partner is an international body, are not dyads of states. The
        table's metadata records ``count`` and ``outside_knowledge``.
    """
    from .loading import load

    metadata = _policy(code, outside_knowledge, count)
    data = dataset if dataset is not None else load()
    items = _dyad_items(data, count, top_level)
    by_sessions = _years_by_sessions(data, outside_knowledge) if count == "engagements" else {}
    usable = [r for pairs in items.values() for _, r in pairs if not _undated(r, outside_knowledge)]
    if years is None:
        reach = _years_of(usable)
        found = {year for year, _ in by_sessions.values()}
        if reach or found:
            low, high = min([*found, *(reach or ())]), max([*found, *(reach or ())])
            years = range(low, high + 1)
        else:
            years = range(0)
    rows: dict[tuple[str, int], Counter] = defaultdict(Counter)
    for prefix, pairs in items.items():
        for partner, record in pairs:
            # an engagement its own bounds leave in no single year may be dated by a session
            session_year, session_basis = by_sessions.get(getattr(record, "event_id", None) or "", (None, ""))
            if _undated(record, outside_knowledge) and session_year is None:
                continue  # in no year: see dyad_undated
            for year in years:
                own = "no" if _undated(record, outside_knowledge) else happened_in(record, year)
                verdict, basis = own, str(record.date_basis)
                if year == session_year and own != "certain":
                    verdict, basis = "certain", session_basis
                if verdict != "no":
                    rows[(partner, year)][f"{prefix}_{verdict}"] += 1
                if verdict == "certain":  # by the basis of that certain year, kept apart
                    basis = "inferred" if basis.startswith("inferred") else basis
                    rows[(partner, year)][f"{prefix}_certain_{basis}"] += 1
    ordered = sorted(rows)
    columns = _dyad_columns(data, [partner for partner, _ in ordered])
    columns["year"] = pa.array([year for _, year in ordered], pa.int64())
    for name in (f"{prefix}_{part}" for prefix in ("events", "agreements") for part in _COUNT_PARTS):
        columns[name] = pa.array([rows[k][name] for k in ordered], pa.int64())
    return pa.table(columns).replace_schema_metadata(metadata)


def _years_by_sessions(data: Any, outside_knowledge: OutsidePolicy) -> dict[str, tuple[int, str]]:
    """Engagement id -> (year, basis) for engagements whose own bounds give no single year but a session's do.

    The same year `coverage` and the engagements view give such a trip: the sources' first,
    outside knowledge's only when it is included and no source dates any session.
    """
    events = {e.event_id: e for e in data.tables["events"]}
    sessions = _sessions(events)
    found = {}
    for eid in data.engagement_ids:
        own, _ = certain_year(eid, {eid: events[eid]}, {}, outside_knowledge=outside_knowledge)
        if own is not None:
            continue  # its own bounds decide
        if outside_knowledge == "include":
            year, basis = sourced_year(eid, events, sessions)
        else:
            year, basis = certain_year(eid, events, sessions, outside_knowledge="exclude")
        if year is not None:
            found[eid] = (year, basis)
    return found


def dyad_undated(
    dataset: Any = None,
    *,
    count: Literal["engagements", "events"] = "engagements",
    top_level: bool = False,
    outside_knowledge: OutsidePolicy = "exclude",
) -> pa.Table:
    """What `dyad_year_panel` cannot place in a year: per dyad, the records with no usable date.

    The arguments mean what they mean for the panel. One row per partner with at least one
    such record: the state codes (as in the panel), ``events_undated`` and
    ``agreements_undated``. Each record is counted once, so the column sums are the numbers of
    undated (dyad, record) pairs; add them to the panel's yearly counts only on purpose.
    """
    from .loading import load

    metadata = _policy(None, outside_knowledge, count)
    data = dataset if dataset is not None else load()
    by_sessions = _years_by_sessions(data, outside_knowledge) if count == "engagements" else {}
    counts: dict[str, Counter] = defaultdict(Counter)
    for prefix, pairs in _dyad_items(data, count, top_level).items():
        for partner, record in pairs:
            if _undated(record, outside_knowledge) and getattr(record, "event_id", None) not in by_sessions:
                counts[partner][f"{prefix}_undated"] += 1
    partners = sorted(counts)
    columns = _dyad_columns(data, partners)
    for name in ("events_undated", "agreements_undated"):
        columns[name] = pa.array([counts[p][name] for p in partners], pa.int64())
    return pa.table(columns).replace_schema_metadata(metadata)


# --------------------------------------------------------------------------- event data


def _lookups(dataset: Any) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    """The dataset (the shipped one by default), its organisations and its people by id."""
    from .loading import load

    data = dataset if dataset is not None else load()
    orgs = {o.organization_id: o for o in data.tables["organizations"]}
    people = {p.person_id: p for p in data.tables["people"]}
    return data, orgs, people


def _sides(meeting: Any, orgs: dict[str, Any], people: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Side -> (name, country) of its principal (or, where none is marked, its lead or host)."""
    found: dict[str, tuple[str, str]] = {}
    ranked = sorted(
        meeting.participants, key=lambda p: (not p.principal, p.role != "lead", p.role != "host", p.participant_id)
    )
    for p in ranked:
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

    Only events the sources report as occurred are coded. Every coded event gives two rows: as
    coded (the Vietnamese side as ``Actor1``) and its mirror (the partner as ``Actor1``). A
    visit becomes its 042/043 pair (the visitor makes the visit, the host hosts it); for other
    codes the mirror keeps the code. ``SQLDATE`` is set only when the day is certain;
    ``DateEarliest``/``DateLatest`` always carry the bounds.
    """
    data, orgs, people = _lookups(dataset)
    rows = []
    for meeting in data.meetings:
        event = meeting.event
        if event.cameo_code is None or str(event.reported_as) != "occurred":
            continue
        sides = _sides(meeting, orgs, people)
        vn = sides.get("viet_nam", ("Viet Nam", "VNM"))
        counterpart = data.counterpart_countries.get(event.event_id, (None,))[0]
        partner = sides.get("partner", (counterpart, counterpart))
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
    """A short citation of one source, from what the page itself says (a cited page by its URL)."""
    parts = [source.outlet or "Outlet not named", f"\u201c{source.title}\u201d" if source.title else "Untitled page"]
    parts.append(source.published.strftime("%d %B %Y") if source.published else "date not given")
    parts.append(source.url if source.url else f"ict-coop seed {source.file_name}")
    return ", ".join(parts) + "."


def plover_records(dataset: Any = None) -> list[dict[str, Any]]:
    """PLOVER-style event records, each with the sentence it rests on and the source's citation."""
    data, orgs, people = _lookups(dataset)
    sources = {s.source_id: s for s in data.tables["sources"]}
    records = []
    for meeting in data.meetings:
        event = meeting.event
        if event.plover_event_type is None or str(event.reported_as) != "occurred":
            continue
        sides = _sides(meeting, orgs, people)
        visitor_first = event.direction != "inbound"
        actor, recipient = (sides.get("viet_nam"), sides.get("partner"))
        if not visitor_first:
            actor, recipient = recipient, actor
        evidence = data.evidence_for("events", event.event_id, "kind")[0]
        source = sources[evidence.source_id]
        quote = data.quote_for(evidence)
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
                "text": quote.text if quote else evidence.paraphrase,
                "text_kind": "verbatim quote" if quote else "curators' paraphrase of a cited page",
                "source": {
                    "source_id": source.source_id,
                    "file": seed_path(source.file_name) if source.file_name else None,
                    "start": quote.start if quote else None,
                    "end": quote.end if quote else None,
                    "outlet": source.outlet,
                    "url": source.url,
                },
                "citation": citation_of(source),
            }
        )
    return records


def plover_jsonl(dataset: Any = None) -> str:
    """[`plover_records`][ict_coop.research.plover_records] as JSON Lines."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in plover_records(dataset))


# --------------------------------------------------------------------------- networks

Level = Literal["organization", "country"]


def edge_list(dataset: Any = None, *, level: Level = "organization") -> pa.Table:
    """Who met whom, weighted by the number of events they shared, with the nodes' names.

    An undirected edge joins every Vietnamese and every partner participant of an event the
    sources report as occurred, at the level of organisations (ids) or of countries (codes);
    ``source`` sorts before ``target``, and ``source_name``/``target_name`` give their
    English names. `to_networkx` takes this table (or the dataset) and gives a graph.
    """
    if level not in ("organization", "country"):
        msg = f"level must be 'organization' or 'country', not {level!r}"
        raise ValueError(msg)
    data, orgs, people = _lookups(dataset)
    weights: Counter[tuple[str, str]] = Counter()
    for meeting in data.meetings:
        if str(meeting.event.reported_as) != "occurred":
            continue
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
    names = {o.organization_id: o.name_en for o in orgs.values()}
    names.update({c.country_code: c.name_en for c in data.tables["countries"]})
    return pa.table(
        {
            "source": [a for a, _ in ordered],
            "source_name": [names.get(a) for a, _ in ordered],
            "target": [b for _, b in ordered],
            "target_name": [names.get(b) for _, b in ordered],
            "weight": pa.array([weights[e] for e in ordered], pa.int64()),
        }
    )


def to_networkx(dataset: Any = None, *, level: Level = "organization") -> Any:
    """A ``networkx.Graph`` of who met whom, weighted, with node names as attributes.

    ``dataset`` is a `Dataset` (by default the shipped one: nodes
    also get their kinds and countries) or a table from `edge_list` (the graph of
    exactly those edges; ``level`` is then the table's).
    """
    try:
        import networkx as nx
    except ImportError as exc:
        msg = "to_networkx needs networkx: pip install 'ict-coop[network]'"
        raise MissingDependencyError(msg) from exc
    from .loading import load

    graph = nx.Graph()
    if isinstance(dataset, pa.Table):
        for row in dataset.to_pylist():
            graph.add_node(row["source"], name=row.get("source_name"))
            graph.add_node(row["target"], name=row.get("target_name"))
            graph.add_edge(row["source"], row["target"], weight=row["weight"])
        return graph
    data = dataset if dataset is not None else load()
    edges = edge_list(data, level=level)  # checks the level
    if level == "organization":
        for org in data.tables["organizations"]:
            graph.add_node(org.organization_id, name=org.name_en, kind=str(org.kind), country=org.country_code)
    else:
        for country in data.tables["countries"]:
            graph.add_node(country.country_code, name=country.name_en)
    for row in edges.to_pylist():
        graph.add_edge(row["source"], row["target"], weight=row["weight"])
    graph.remove_nodes_from([n for n in list(graph.nodes) if graph.degree(n) == 0])
    return graph


# --------------------------------------------------------------------------- coverage


def engagement_partners(dataset: Any) -> dict[str, tuple[str, ...]]:
    """Engagement id -> its partners (country codes or body ids), its sessions' partners included.

    A partner is a counterpart or the convener of a multilateral meeting; member states a
    source names are not counted. A trip's partners are those of the trip and its sessions.
    """
    partner_ids = dataset.partner_ids
    children: dict[str, list[str]] = defaultdict(list)
    for event in dataset.tables["events"]:
        if event.parent_event_id:
            children[event.parent_event_id].append(event.event_id)
    found = {}
    for eid in dataset.engagement_ids:
        seen: list[str] = []
        stack, visited = [eid], set()
        while stack:
            current = stack.pop()
            if current in visited:
                continue
            visited.add(current)
            seen += [p for p in partner_ids.get(current, ()) if p not in seen]
            stack += children.get(current, [])
        found[eid] = tuple(seen)
    return found


def _sessions(events: dict[str, Any]) -> dict[str, list[str]]:
    """Event id -> the ids of the events that are part of it, in id order."""
    children: dict[str, list[str]] = defaultdict(list)
    for event_id in sorted(events):
        parent = events[event_id].parent_event_id
        if parent:
            children[parent].append(event_id)
    return children


def certain_year(
    event_id: str,
    events: dict[str, Any],
    sessions: dict[str, list[str]] | None = None,
    *,
    outside_knowledge: OutsidePolicy = "include",
) -> tuple[int | None, str]:
    """(year, basis) when an event certainly took place (at least partly) in one year, else (None, "").

    The event's own bounds decide when they fall in one year. A trip without such bounds
    took place in year Y when one of its sessions certainly did (the session's basis is
    given): a session is part of the trip. ``sessions`` (event id -> its sessions' ids) is
    computed from ``events`` when not given. With ``outside_knowledge="exclude"``, bounds
    known only from outside knowledge (basis ``external``) are passed over: a trip dated by a
    minister's tenure then takes its year from a session the sources date, if any.
    """
    sessions = _sessions(events) if sessions is None else sessions
    seen: set[str] = set()
    stack = [event_id]
    while stack:  # the event first, then its sessions depth-first, in id order
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        event = events[current]
        low, high = event.date_earliest, event.date_latest
        usable = _dated(event, outside_knowledge)
        if usable and low is not None and high is not None and low.year == high.year:
            return low.year, str(event.date_basis)
        stack.extend(reversed(sessions.get(current, [])))
    return None, ""


def sourced_year(
    event_id: str, events: dict[str, Any], sessions: dict[str, list[str]] | None = None
) -> tuple[int | None, str]:
    """`certain_year` by the sources first: outside knowledge only when the sources give no year.

    The basis says which: ``external`` only for a year no source gives.
    """
    year, basis = certain_year(event_id, events, sessions, outside_knowledge="exclude")
    return (year, basis) if year is not None else certain_year(event_id, events, sessions)


def coverage(dataset: Any = None) -> dict[str, Any]:
    """What the data covers: engagements, partners, years (certain or not, by basis), sources.

    Definitions (``docs/scope.md``): an **engagement** is an event reported as occurred that
    is not a session of another occurred event; a **partner** is a state or international
    body that is the counterpart (or, for a multilateral meeting, the convener) of at least
    one engagement; a **certain year** means both date bounds fall in one calendar year (a
    trip's own, or a session's). The basis of a certain year is the ``date_basis`` of the
    bounds that give it: ``stated`` by a source, ``inferred`` (from the dateline, the context
    or the page's metadata) or ``external`` (outside knowledge), the last only when no source
    gives a year (`sourced_year`).
    """
    from .loading import load

    data = dataset if dataset is not None else load()
    events = {e.event_id: e for e in data.tables["events"]}
    partners = engagement_partners(data)
    names = {c.country_code: c.name_en for c in data.tables["countries"]}
    names.update({o.organization_id: o.name_en for o in data.tables["organizations"]})
    by_year: dict[str, Counter] = defaultdict(Counter)
    by_partner: Counter[str] = Counter()
    basis_counts: Counter[str] = Counter()
    sessions = _sessions(events)
    for eid in data.engagement_ids:
        year, basis = sourced_year(eid, events, sessions)
        if year is not None:
            basis = "inferred" if basis.startswith("inferred") else basis
            basis_counts[basis] += 1
            by_year[str(year)][basis] += 1
        else:
            basis_counts["uncertain"] += 1
            by_year["year not certain"]["uncertain"] += 1
        for partner in partners[eid]:
            by_partner[partner] += 1
    sources_per_event: dict[str, set[str]] = defaultdict(set)
    for row in data.tables["evidence"]:
        if row.resource == "events":
            sources_per_event[row.record_key].add(row.source_id)
    # a trip's sources include its sessions'
    multi = 0
    for eid in data.engagement_ids:
        found = set(sources_per_event.get(eid, ()))
        for session in sessions.get(eid, ()):
            found |= sources_per_event.get(session, set())
        multi += len(found) >= 2
    kinds = Counter(str(s.kind) for s in data.tables["sources"])
    return {
        "version": data.version,
        "engagements": len(data.engagement_ids),
        "events": len(events),
        "events_by_reported_as": dict(sorted(Counter(str(e.reported_as) for e in events.values()).items())),
        "partners": len(by_partner),
        "certain_year": {k: basis_counts[k] for k in ("stated", "inferred", "external")},
        "year_not_certain": basis_counts["uncertain"],
        "engagements_with_two_or_more_sources": multi,
        "engagements_without_partner": sum(1 for eid in data.engagement_ids if not partners[eid]),
        "by_year": {
            year: {k: by_year[year][k] for k in ("stated", "inferred", "external", "uncertain") if by_year[year][k]}
            for year in sorted(by_year)
        },
        "by_partner": [
            {"partner": p, "name": names.get(p, p), "engagements": n}
            for p, n in sorted(by_partner.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "sources": dict(sorted(kinds.items())),
        "agreements": len(data.tables["agreements"]),
        "commitments": len(data.tables["commitments"]),
    }
