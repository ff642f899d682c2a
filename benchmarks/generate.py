"""Write a synthetic ict-coop package with N events, valid against the real schema and rules.

Not part of the installed library: a tool for benchmarks and their smoke test.

Proportions follow the curated data (0.2 model). Events come in trips (one visit and four
sessions inside it; some visits undated, dated from outside knowledge, or the context of
someone else's visit); each event has one foreign partner (one in 25 is a multilateral meeting
with its convening body and two member states), two participants (a Vietnamese and a partner
principal; one event in eight has a third, non-principal member), two topics, one or two PLOVER
contexts; 80 % of events carry a commitment (one in eight made by the two states); one event
in twelve signs an agreement, and a few refer to one signed earlier or planned.

Events are reported 50 to a source, and every other source is a cited page rather than a
shipped seed, so that half the sources (and about half the evidence) are cited, with a
locator, a paraphrase and short verbatim terms, and date claims. The shipped seeds hold every
quote at its offsets: about eight sentences per event (the meeting, its place, the topics, each
participant, the partner's body, the commitment, the signing), each holding the verbatim
values its evidence must contain, so that a sentence backs about two evidence rows (1.96; the
curated seeds: 1.93). About 15 evidence rows and 4.3 aliases an event, as curated. Each source
writes each person and organisation it names (an alias, with its evidence), and a last seed
names them all, so every name is attested. A few values are outside knowledge (a trip's dates,
a person's country, a department's parent ministry).

    python benchmarks/generate.py OUT_DIR --events 100000 [--faults]

With ``--faults``, known faults are seeded at known rows and listed, with the findings
expected, in ``OUT_DIR/faults.json``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import shutil
import sys
from datetime import date, timedelta
from operator import itemgetter
from pathlib import Path

EVENTS_PER_SOURCE = 50
#: every CITED_EVERY-th block of events is reported by a cited page (2: half the sources)
CITED_EVERY = 2
COUNTRIES = [
    ("CHN", "CN", "156", "China", "Trung Quốc", 710, 710),
    ("IND", "IN", "356", "India", "Ấn Độ", 750, 750),
    ("JPN", "JP", "392", "Japan", "Nhật Bản", 740, 740),
    ("KHM", "KH", "116", "Cambodia", "Campuchia", 811, 811),
    ("KOR", "KR", "410", "Republic of Korea", "Hàn Quốc", 732, 732),
    ("LAO", "LA", "418", "Laos", "Lào", 812, 812),
    ("RUS", "RU", "643", "Russia", "Liên bang Nga", 365, 365),
    ("SGP", "SG", "702", "Singapore", "Singapore", 830, 830),
    ("TZA", "TZ", "834", "Tanzania", "Tanzania", 510, 510),
    ("VNM", "VN", "704", "Viet Nam", "Việt Nam", 816, 816),
]
NAME_VI = {c[0]: c[4] for c in COUNTRIES}
NAME_EN = {c[0]: c[3] for c in COUNTRIES}
PARTNERS = ["TZA", "RUS", "JPN", "IND", "KHM", "KOR", "CHN", "LAO", "SGP"]
CITIES = {
    "TZA": ("Dodoma", "Dodoma"),
    "RUS": ("Moskva", "Moscow"),
    "JPN": ("Tokyo", "Tokyo"),
    "IND": ("New Delhi", "New Delhi"),
    "KHM": ("Phnôm Pênh", "Phnom Penh"),
    "KOR": ("Seoul", "Seoul"),
    "CHN": ("Bắc Kinh", "Beijing"),
    "LAO": ("Viêng Chăn", "Vientiane"),
    "SGP": ("Singapore", "Singapore"),
    "VNM": ("Hà Nội", "Hanoi"),
}
TOPICS = [
    "digital_transformation",
    "telecommunications",
    "information_security",
    "digital_skills",
    "smart_cities",
    "investment_and_trade",
    "postal_services",
    "e_government",
]
CONTEXTS = ["technology", "diplomatic", "economic", "cyber"]
SESSION_KINDS = ["working_session", "talks", "reception", "meeting", "forum"]
SESSION_WORDS = {
    "working_session": "buổi làm việc",
    "talks": "cuộc hội đàm",
    "reception": "buổi tiếp",
    "meeting": "cuộc gặp",
    "forum": "diễn đàn",
    "signing": "lễ ký",
    "multilateral_meeting": "hội nghị",
    "visit": "chuyến thăm",
}
COMMITMENT_KINDS = ["cooperate", "share_experience", "provide_support", "facilitate_business", "organise_activities"]
#: about the curated shares: 52 % undertakings, 19 % proposals, 15 % offers, 14 % wishes
COMMITMENT_STATUSES = ["undertaking"] * 7 + ["proposal"] * 2 + ["offer"] * 2 + ["wish"] * 2
#: cited pages' publishers, about as often as in the curated data
PUBLISHERS = ["national_media"] * 6 + ["ministry_portal"] * 4 + ["national_news_agency"] * 4 + ["mirror"] * 3
PUBLISHERS += ["foreign_media"] * 2 + ["foreign_government", "international_organization"]
N_CONVENERS = 4
CURATED_ON = date(2026, 11, 23)
READ_ON = date(2026, 12, 1)


class Tables:
    """Rows of every table, as lists in the column order the models give (sorted by key on writing)."""

    def __init__(self, models: dict, table_schema) -> None:
        self.header = {name: [f["name"] for f in table_schema(model)["fields"]] for name, model in models.items()}
        self.fields = {name: set(header) for name, header in self.header.items()}
        self.rows: dict[str, list[list]] = {name: [] for name in models}

    def add(self, table: str, /, **values) -> None:
        if not values.keys() <= self.fields[table]:
            msg = f"{table} has no column {sorted(values.keys() - self.fields[table])}"
            raise KeyError(msg)
        self.rows[table].append(list(map(values.get, self.header[table])))


def generate(out: Path, n_events: int, *, seed: int = 0, faults: bool = False) -> dict:
    """Write the package; return a summary (row counts, and the seeded faults if any)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from ict_coop.models import MODELS
    from ict_coop.schema import render_descriptor, table_schema, topic_rows, updated_descriptor

    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "data").mkdir(parents=True)
    (out / "seeds").mkdir()
    t = Tables(MODELS, table_schema)
    width = len(str(max(n_events, 1)))
    n_blocks = max(1, -(-n_events // EVENTS_PER_SOURCE))
    n_shipped = n_blocks - n_blocks // CITED_EVERY + 1  # the last shipped seed names every person and org
    source_width = max(3, len(str(n_shipped)))
    n_people = max(10, n_events // 5)
    n_orgs = max(10, n_events // 10)

    for c in sorted(COUNTRIES):
        code, alpha2, numeric, name_en, name_vi, cow, gw = c
        t.add(
            "countries",
            country_code=code,
            alpha2=alpha2,
            iso_numeric=numeric,
            name_en=name_en,
            name_vi=name_vi,
            cow_code=cow,
            gw_code=gw,
        )
    for row in topic_rows():
        t.add("topics", **row)

    # --------------------------------------------------------------- sources
    # block b of events is reported by a cited page when b % CITED_EVERY == CITED_EVERY - 1,
    # else by the next shipped seed; shipped seeds are numbered in order, the registry last
    block_source: list[str] = []
    cited_ids: set[str] = set()
    shipped_no = 0
    for b in range(n_blocks):
        if b % CITED_EVERY == CITED_EVERY - 1:
            k = 0
            while True:
                url = f"https://news.example.org/hop-tac/bai-{b}{'-' + str(k) if k else ''}.htm"
                sid = "src-w" + hashlib.sha256(url.encode()).hexdigest()[:10]
                if sid not in cited_ids:
                    break
                k += 1
            cited_ids.add(sid)
            publisher = PUBLISHERS[b % len(PUBLISHERS)]
            published = date(2016, 1, 1) + timedelta(days=b * 3 % 3650)
            basis = ("stated", "inferred_from_metadata", "not_stated")[b % 3]
            t.add(
                "sources",
                source_id=sid,
                kind="cited",
                url=url,
                title=f"Hợp tác thông tin và truyền thông, bài {b}",
                outlet=f"Báo Số {b % 7}",
                publisher_kind=publisher,
                republishes=f"Báo Số {(b + 1) % 7}" if publisher == "mirror" else None,
                published=None if basis == "not_stated" else published,
                published_text=f"{published:%d/%m/%Y}" if basis == "stated" else None,
                published_basis=basis,
                language="vi",
                part_read="the first ~2,000 characters of the stored copy",
                read_on=READ_ON,
                **_review(b // CITED_EVERY),
            )
            block_source.append(sid)
        else:
            block_source.append(f"src-{shipped_no:0{source_width}d}")
            shipped_no += 1
    registry = f"src-{shipped_no:0{source_width}d}"
    cited = cited_ids  # membership tells a cited page from a seed

    texts: dict[str, list[str]] = {}
    lengths: dict[str, int] = {}
    evidence = t.rows["evidence"]
    ev_header = t.header["evidence"]
    column_at = {name: ev_header.index(name) for name in ev_header}
    resource_at, key_at, field_at, source_at, kind_at = (
        column_at[n] for n in ("resource", "record_key", "field", "source_id", "kind")
    )
    quote_id_at, terms_at, locator_at = column_at["quote_id"], column_at["terms"], column_at["locator"]
    quoted: set[str] = set()  # each passage is one row of quotes, however many facts cite it
    paraphrase_at, claim_at = column_at["paraphrase"], column_at["claimed_edtf"]

    def sentence(source: str, text: str) -> tuple[int, int]:
        start = lengths[source]
        texts[source].append(text + "\n")
        lengths[source] += len(text) + 1
        return start, start + len(text)

    def cite(
        resource: str,
        key: str,
        fields: list[str],
        source: str,
        span: tuple[int, int] | None,
        quote: str,
        terms: dict[str, str | None] | None = None,
        claim: str | None = None,
    ) -> None:
        """Evidence for ``fields`` of one record: the quote at its span, or (cited) a locator and terms."""
        for field in fields:
            row = [None] * len(ev_header)
            row[resource_at], row[key_at], row[field_at], row[source_at] = resource, key, field, source
            if source in cited:
                row[kind_at] = "cited"
                row[locator_at] = f"paragraph {1 + len(key) % 9}"
                row[paraphrase_at] = f"The page states this {field.replace('_', ' ')} ({resource})."
                row[terms_at] = (terms or {}).get(field)
                if claim is not None and field == "date_text":
                    row[claim_at] = claim
            else:
                quote_id = f"{source}:{span[0]}-{span[1]}"
                if quote_id not in quoted:
                    quoted.add(quote_id)
                    t.add("quotes", quote_id=quote_id, source_id=source, start=span[0], end=span[1], text=quote)
                row[kind_at] = "quote"
                row[quote_id_at] = quote_id
            evidence.append(row)

    aliases: dict[str, tuple[str, str, str]] = {}

    def alias(actor: str, name: str, source: str, span: tuple[int, int] | None, quote: str) -> None:
        """How ``source`` writes ``actor``'s name (once per actor and source), with its evidence.

        With no ``span`` in a shipped seed, ``quote`` is a sentence of its own, written only for a new alias.
        """
        alias_id = f"{actor}@{source}"
        if alias_id in aliases:
            return
        aliases[alias_id] = (actor, source, name)
        if span is None and source not in cited:
            span = sentence(source, quote)
        cite("aliases", alias_id, ["text"], source, span, quote, {"text": name})

    def outside(resource: str, key: str, field: str, reasoning: str) -> None:
        t.add(
            "outside_knowledge",
            resource=resource,
            record_key=key,
            field=field,
            confidence=("high", "medium", "low")[len(outside_rows) % 3],
            reasoning=reasoning,
            references=f"https://reference.example.org/{resource}/{key.replace('|', '/')}",
        )

    outside_rows = t.rows["outside_knowledge"]

    # --------------------------------------------------------------- people and organisations
    for i in range(n_shipped):
        sid = f"src-{i:0{source_width}d}"
        texts[sid], lengths[sid] = [], 0
        furniture = "Chuyển động ICT"
        sentence(sid, furniture)
        t.add("furniture", source_id=sid, start=0, end=len(furniture), kind="section_label", text=furniture)
    registry_names: list[tuple[str, str]] = []  # (actor, name) the registry seed names
    people = []
    for i in range(n_people):
        pid = f"per-gen-{i:0{width}d}"
        vietnamese = i % 2 == 0
        name = f"Nguyễn Văn Số {i}" if vietnamese else f"Partner Person {i}"
        home = "VNM" if vietnamese else PARTNERS[i % len(PARTNERS)]
        country, basis = home, "inferred_from_context"
        if not vietnamese and i % 30 == 1:
            country, basis = None, "not_stated"
        elif not vietnamese and i % 30 == 3:
            basis = "external"
            outside(
                "people", pid, "country_code", f"{name} is on the public staff list of a ministry of {NAME_EN[home]}."
            )
        elif i % 3 == 0:
            basis = "stated"
        t.add(
            "people",
            person_id=pid,
            name=name,
            name_en=name.replace("Nguyễn Văn Số", "Nguyen Van So"),
            country_code=country,
            country_basis=basis,
        )
        registry_names.append((pid, name))
        people.append((pid, name))
    vn_people = people[0::2]
    partner_people = people[1::2]
    orgs = []
    partner_orgs: dict[str, list[tuple[str, str]]] = {p: [] for p in PARTNERS}
    for i in range(n_orgs):
        oid = f"org-gen-{i:0{width}d}"
        vietnamese = i % 2 == 0
        department = vietnamese and i % 20 == 10
        name = (f"Cục Số {i}" if department else f"Bộ Số {i}") if vietnamese else f"Ministry Number {i}"
        country = "VNM" if vietnamese else PARTNERS[i % len(PARTNERS)]
        parent = f"org-gen-{i - 10:0{width}d}" if department else None
        t.add(
            "organizations",
            organization_id=oid,
            name=name,
            name_en=f"Department {i}" if department else f"Ministry {i}",
            country_code=country,
            kind="government_department" if department else "ministry",
            parent_organization_id=parent,
        )
        if parent is not None:
            outside("organizations", oid, "parent_organization_id", f"{name} is listed among the units of {parent}.")
        registry_names.append((oid, name))
        orgs.append((oid, name))
        if not vietnamese:
            partner_orgs[country].append((oid, name))
    vn_orgs = orgs[0::2]
    conveners = []
    for k in range(N_CONVENERS):
        oid = f"org-int-gen-{k}"
        name = f"Tổ chức Quốc tế Số {k}"
        t.add(
            "organizations",
            organization_id=oid,
            name=name,
            name_en=f"International Body {k}",
            abbreviation=f"IB{k}",
            kind="intergovernmental_organization",
        )
        registry_names.append((oid, name))
        conveners.append((oid, name))
    for actor, name in registry_names:
        quote = f"{actor[4:]}: {name}."
        alias(actor, name, registry, sentence(registry, quote), quote)

    # --------------------------------------------------------------- events
    start_day = date(2016, 1, 1)
    for e in range(n_events):
        eid = f"evt-gen-{e:0{width}d}"
        source = block_source[e // EVENTS_PER_SOURCE]
        is_cited = source in cited
        trip = e - e % 5
        trip_no = trip // 5
        trip_id = f"evt-gen-{trip:0{width}d}"
        partner = PARTNERS[trip_no % len(PARTNERS)]
        outbound = trip_no % 2 == 0
        country = partner if outbound else "VNM"
        city, city_en = CITIES[country]
        first = start_day + timedelta(days=trip_no * 7 % 3650)
        last = first + timedelta(days=3)
        is_trip = e % 5 == 0
        dates = _event_dates(e, trip_no, is_trip, first, last)
        if dates["date_basis"] == "external":
            outside(
                "events", eid, "date_edtf", "The dates are those of the ministry's published schedule for the trip."
            )
        signs = e % 12 == 7
        multilateral = not signs and e % 25 == 3
        if is_trip:
            kind = "visit"
        elif signs:
            kind = "signing"
        elif multilateral:
            kind = "multilateral_meeting"
        else:
            kind = SESSION_KINDS[e % len(SESSION_KINDS)]
        city_stated = is_trip or e % 5 != 4
        venue = "trụ sở của đối tác" if not is_trip and e % 10 == 2 else None
        topics = rng.sample(TOPICS, 2)
        if is_trip:
            cameo, plover = ("042" if outbound else "043"), "CONSULT"
        elif signs:
            cameo, plover = "057", "SUPPORT"
        else:
            cameo, plover = ("046" if kind == "talks" else "040"), "CONSULT"
        mode = None if plover != "CONSULT" else ("multilateral" if multilateral else "visit")
        t.add(
            "events",
            event_id=eid,
            parent_event_id=None if is_trip else trip_id,
            kind=kind,
            reported_as="context" if is_trip and trip_no % 5 == 1 else "occurred",
            title_en=f"Engagement {e}",
            summary_en=f"Synthetic engagement {e}.",
            direction="outbound" if outbound else "inbound",
            country_code=country,
            country_basis="stated" if is_trip else "inferred_from_context",
            city_text=city if city_stated else None,
            city_en=city_en if city_stated else None,
            city_basis="stated" if city_stated else "not_stated",
            venue_text=venue,
            place_note=None if is_trip else f"Part of the visit {trip_id}.",
            cameo_code=cameo,
            plover_event_type=plover,
            plover_mode=mode,
            **dates,
        )
        # One sentence per fact group, as articles have: the meeting itself, what was discussed,
        # each participant, the commitment, the signing.
        date_text = dates["date_text"]
        where = f" tại {city}" if city_stated else ""
        at = f" ({venue})" if venue and city_stated else (f" tại {venue}" if venue else "")
        text = f"E{e}: {date_text + ' ' if date_text else ''}{SESSION_WORDS[kind]} giữa Việt Nam và {NAME_VI[partner]}."
        span = None if is_cited else sentence(source, text)
        fields = ["kind"] + ["date_text"] * bool(date_text) + ["country_code"] * is_trip
        terms = {"date_text": date_text, "city_text": city, "venue_text": venue, "country_code": NAME_VI[country]}
        claim = dates["date_edtf"] if dates["date_earliest"] is not None else None
        cite("events", eid, fields, source, span, text, terms, claim)
        if city_stated or venue:  # where it took place, in a sentence of its own
            place = f"E{e}: {SESSION_WORDS[kind]} diễn ra{where}{at}."
            fields = ["city_text"] * city_stated + ["venue_text"] * bool(venue)
            cite("events", eid, fields, source, None if is_cited else sentence(source, place), place, terms)
        if multilateral:
            convener, convener_name = conveners[e % N_CONVENERS]
            members = sorted({partner, PARTNERS[(trip_no + 3) % len(PARTNERS)]})
            said = f"E{e}: {convener_name} triệu tập hội nghị với {' và '.join(NAME_VI[m] for m in members)}."
            said_span = None if is_cited else sentence(source, said)
            for code in members:
                t.add("event_partners", partner_id=f"{eid}/{code}", event_id=eid, country_code=code, role="member")
                cite("event_partners", f"{eid}/{code}", ["country_code"], source, said_span, said)
            t.add(
                "event_partners",
                partner_id=f"{eid}/{convener}",
                event_id=eid,
                organization_id=convener,
                role="convener",
            )
            cite("event_partners", f"{eid}/{convener}", ["organization_id"], source, said_span, said)
            alias(convener, convener_name, source, said_span, said)
        else:
            t.add(
                "event_partners", partner_id=f"{eid}/{partner}", event_id=eid, country_code=partner, role="counterpart"
            )
            cite("event_partners", f"{eid}/{partner}", ["country_code"], source, span, text)
        for context in sorted(rng.sample(CONTEXTS, 1 + e % 2)):
            t.add("event_plover_contexts", event_id=eid, context=context)
        said = f"E{e}: hai bên trao đổi về {' và '.join(topics)}."
        said_span = None if is_cited else sentence(source, said)
        for topic in sorted(topics):
            t.add("event_topics", event_id=eid, topic_id=topic)
            cite("event_topics", f"{eid}|{topic}", ["topic_id"], source, said_span, said)
        vn, vn_name = vn_people[rng.randrange(len(vn_people))]
        other, other_name = partner_people[rng.randrange(len(partner_people))]
        vn_org = vn_orgs[rng.randrange(len(vn_orgs))]
        mine = partner_orgs[partner] or orgs[1::2]
        other_org = mine[rng.randrange(len(mine))]
        cast = [
            (vn, vn_name, vn_org, "viet_nam", "lead", "true", "Bộ trưởng", "Minister"),
            (other, other_name, other_org, "partner", "lead", "true", "Thứ trưởng", "Vice-Minister"),
        ]
        if e % 8 == 5:
            member, member_name = vn_people[rng.randrange(len(vn_people))]
            if member != vn:
                cast.append(
                    (member, member_name, vn_org, "viet_nam", "member", "false", "Vụ trưởng", "Director General")
                )
        for pid, name, (oid, org_name), side, role, principal, title, title_en in sorted(cast):
            part = f"{eid}/{pid}"
            t.add(
                "participants",
                participant_id=part,
                event_id=eid,
                person_id=pid,
                organization_id=oid,
                side=side,
                role=role,
                principal=principal,
                title_text=title,
                title_en=title_en,
            )
            # the Vietnamese side is named with its body; the partner's body in a sentence of its own
            body = f" ({org_name})" if side == "viet_nam" else ""
            who = f"E{e}: {title} {name}{body} {'dẫn đầu đoàn' if role == 'lead' else 'tham gia đoàn'}."
            who_span = None if is_cited else sentence(source, who)
            cite("participants", part, ["role"], source, who_span, who, {"role": f"{title} {name}"})
            alias(pid, name, source, who_span, who)
            if body:
                alias(oid, org_name, source, who_span, who)
            else:
                alias(oid, org_name, source, None, f"E{e}: {org_name} cử đoàn tham dự.")
        if e % 5 != 4:  # four events in five carry a commitment
            cid = f"cmt-gen-{e:0{width}d}"
            target = first.year + 2 + e % 4 if e % 10 == 3 else None
            target_text = f"đến năm {target}" if target else None
            t.add(
                "commitments",
                commitment_id=cid,
                event_id=eid,
                kind=COMMITMENT_KINDS[e % len(COMMITMENT_KINDS)],
                status=COMMITMENT_STATUSES[e % len(COMMITMENT_STATUSES)],
                summary_en=f"Cooperate on {topics[0]}.",
                target_year=target,
                target_year_text=target_text,
            )
            if e % 8 == 1:  # "the two countries"
                makers = [(code, None, code) for code in sorted({"VNM", partner})]
                who = f"{NAME_VI['VNM']} và {NAME_VI[partner]}"
            else:
                picked = sorted({vn_org, *([other_org] if e % 2 else [])})
                makers = [(oid, oid, None) for oid, _ in picked]
                who = " và ".join(name for _, name in picked)
            promise = f"E{e}: {who} cam kết hợp tác về {topics[0]}{' ' + target_text if target_text else ''}."
            promise_span = None if is_cited else sentence(source, promise)
            fields = ["summary_en"] + ["target_year_text"] * bool(target_text)
            cite("commitments", cid, fields, source, promise_span, promise, {"target_year_text": target_text})
            for maker_id, oid, code in sorted(makers):
                t.add("commitment_makers", commitment_id=cid, maker_id=maker_id, organization_id=oid, country_code=code)
            if makers[0][1] is not None:
                for oid, name in picked:
                    alias(oid, name, source, promise_span, promise)
        if signs or e % 60 in (22, 46):
            place = (city_stated, city, city_en, country)
            parties = ((vn, vn_name), vn_org, other_org)
            writers = (sentence, cite, alias, outside)
            _agreement(t, e, eid, width, source, is_cited, dates, *place, topics, parties, writers)

    # --------------------------------------------------------------- seeds, aliases, writing
    for actor, source, name in (aliases[a] for a in sorted(aliases)):
        person = actor.startswith("per-")
        t.add(
            "aliases",
            alias_id=f"{actor}@{source}",
            person_id=actor if person else None,
            organization_id=None if person else actor,
            source_id=source,
            text=name,
        )
    shipped_rows = []
    for i in range(n_shipped):
        sid = f"src-{i:0{source_width}d}"
        published = date(2016, 1, 1) + timedelta(days=i * 5 % 3650)
        title = f"Bản tin hợp tác quốc tế số {i}"
        printed = f"{published.day:02d}/{published.month:02d}/{published.year} 08:{i % 60:02d}"
        for field, line in (("title", title), ("published_text", printed)):
            cite("sources", sid, [field], sid, sentence(sid, line), line)
        body = "".join(texts.pop(sid)).encode("utf-8")
        name = f"{i:0{source_width}d}_{hashlib.sha256(str(i).encode()).hexdigest()[:16]}.txt"
        (out / "seeds" / name).write_bytes(body)
        shipped_rows.append(
            dict(
                source_id=sid,
                kind="shipped",
                file_name=name,
                sha256=hashlib.sha256(body).hexdigest(),
                title=title,
                published=published,
                published_text=printed,
                published_basis="stated",
                language="vi",
                **_review(i),
            )
        )
    for row in shipped_rows:
        t.add("sources", **row)

    for name, rows in t.rows.items():
        header = t.header[name]
        rows.sort(key=itemgetter(*(header.index(k) for k in MODELS[name].primary_key)))
        with (out / "data" / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(["" if v is None else v for v in row] for row in rows)

    seeded = _seed_faults(out, width) if faults else []
    descriptor = {
        "name": "ict-coop-synthetic",
        "title": f"Synthetic ict-coop package ({n_events} events)",
        "created": "2026-11-23T00:00:00Z",
        "licenses": [{"name": "CC0-1.0", "path": "https://creativecommons.org/publicdomain/zero/1.0/"}],
        "resources": [],
    }
    (out / "datapackage.json").write_text(render_descriptor(updated_descriptor(out, descriptor)), encoding="utf-8")
    summary = {"events": n_events, "rows": {n: len(rows) for n, rows in t.rows.items()}, "faults": seeded}
    (out / "faults.json").write_text(json.dumps(seeded, indent=2), encoding="utf-8")
    return summary


def _review(i: int) -> dict:
    """The audit trail of a source: curated, and one in four also reviewed by someone else."""
    trail = {"review_state": "curated", "curated_by": f"curator-{i % 5}", "curated_on": CURATED_ON}
    if i % 4 == 3:
        trail.update(review_state="reviewed", reviewed_by=f"reviewer-{i % 3}", reviewed_on=READ_ON)
    return trail


def _event_dates(e: int, trip_no: int, is_trip: bool, first: date, last: date) -> dict:
    """The date layers of an event, in the curated data's mix of stated, inferred, external and undated dates."""
    if is_trip:
        if trip_no % 10 == 3:  # the article dates only the sessions
            return _dates(
                None, None, None, None, "unknown", "undated", "not_stated", "The article dates only the sessions."
            )
        if trip_no % 10 == 7:  # from the ministry's schedule
            note = "The trip's dates are outside knowledge (see outside_knowledge)."
            return _dates(None, f"{first}/{last}", first, last, "range", "exact", "external", note)
        since = f"{first.day}/{first.month}" + (f"/{first.year}" if first.year != last.year else "")
        text = f"từ ngày {since} đến {last.day}/{last.month}/{last.year}"
        return _dates(text, f"{first}/{last}", first, last, "range", "exact", "stated", None)
    day = first + timedelta(days=e % 5 - 1)
    if e % 25 == 13:  # known from outside the source
        note = "The day is outside knowledge (see outside_knowledge)."
        return _dates(None, day.isoformat(), day, day, "day", "exact", "external", note)
    if e % 10 == 1:  # one day of the trip, which the source does not say
        note = "A day of the visit; the source does not say which."
        return _dates(None, f"[{first}..{last}]", first, last, "range", "uncertain", "inferred_from_context", note)
    if e % 20 == 9:
        text = f"khoảng ngày {day.day}/{day.month}/{day.year}"
        return _dates(text, f"{day}~", day, day, "day", "approximate", "stated", None)
    return _dates(f"ngày {day.day}/{day.month}/{day.year}", day.isoformat(), day, day, "day", "exact", "stated", None)


def _dates(text, edtf, earliest, latest, precision, qualifier, basis, note) -> dict:
    return {
        "date_text": text,
        "date_edtf": edtf,
        "date_earliest": earliest,
        "date_latest": latest,
        "date_precision": precision,
        "date_qualifier": qualifier,
        "date_basis": basis,
        "date_note": note,
    }


def _agreement(t, e, eid, width, source, is_cited, dates, city_stated, city, city_en, country, topics, parties, out):
    """An agreement signed at the event, or (a few) one signed earlier or planned and referred to there.

    ``parties``: the Vietnamese lead (id, name) and the two bodies; ``out``: the generator's
    ``sentence``, ``cite``, ``alias`` and ``outside`` writers.
    """
    sentence, cite, alias, outside = out
    aid = f"agr-gen-{e:0{width}d}"
    status = "signed" if e % 12 == 7 else ("signed_earlier" if e % 60 == 22 else "planned")
    title = f"Bản ghi nhớ số {e}" if status != "planned" else f"Bản ghi nhớ dự kiến số {e}"
    term = (dates["date_earliest"].year if dates["date_earliest"] else 2020) if e % 72 == 7 else None
    term_text = f"giai đoạn {term}-{term + 4}" if term else None
    signed_here = status == "signed"
    if signed_here:
        layers = dict(dates)
        if layers["date_basis"] == "external":
            outside("agreements", aid, "date_edtf", "Signed at its signing event, whose day is outside knowledge.")
    elif status == "signed_earlier":
        year = 2015
        layers = _dates(f"năm {year}", str(year), date(year, 1, 1), date(year, 12, 31), "year", "exact", "stated", None)
    else:
        layers = _dates(None, None, None, None, "unknown", "undated", "not_stated", "The source gives no date.")
    here = signed_here and city_stated
    t.add(
        "agreements",
        agreement_id=aid,
        kind="mou",
        title_text=title,
        title_en=f"MoU {e}",
        status=status,
        signed_city_text=city if here else None,
        signed_city_en=city_en if here else None,
        signed_country_code=country if signed_here else None,
        signed_at_event_id=eid if signed_here else None,
        term_text=term_text,
        term_start_year=term,
        term_end_year=term + 4 if term else None,
        **layers,
    )
    date_text = layers["date_text"]
    (vn, vn_name), (vn_oid, _), (other_oid, _) = parties
    signatory = e % 3 == 1 and signed_here
    words = {"signed": "ký", "signed_earlier": "đã ký", "planned": "sẽ ký"}[status]
    signing = (
        f"A{e}: {date_text + ' ' if date_text else ''}{'tại ' + city + ', ' if here else ''}"
        f"{'Bộ trưởng ' + vn_name + ' và ' if signatory else ''}hai bên {words} {title} về {topics[0]}"
        f"{' ' + term_text if term_text else ''}."
    )
    span = None if is_cited else sentence(source, signing)
    fields = ["status", "title_text"] + ["date_text"] * bool(date_text) + ["signed_city_text"] * here
    fields += ["term_text"] * bool(term_text)
    terms = {"title_text": title, "date_text": date_text, "signed_city_text": city, "term_text": term_text}
    claim = layers["date_edtf"] if layers["date_earliest"] is not None else None
    cite("agreements", aid, sorted(fields), source, span, signing, terms, claim)
    for oid in sorted({vn_oid, other_oid}):
        named = signatory and oid == vn_oid
        t.add(
            "agreement_parties",
            agreement_id=aid,
            organization_id=oid,
            signatory_person_id=vn if named else None,
            signatory_title_text="Bộ trưởng" if named else None,
            signatory_title_en="Minister" if named else None,
        )
        who = {"signatory_person_id": f"Bộ trưởng {vn_name}"}
        fields = ["organization_id"] + ["signatory_person_id"] * named
        cite("agreement_parties", f"{aid}|{oid}", fields, source, span, signing, who)
        if named:
            alias(vn, vn_name, source, span, signing)
    t.add("agreement_mentions", agreement_id=aid, event_id=eid)
    cite("agreement_mentions", f"{aid}|{eid}", ["event_id"], source, span, signing)
    t.add("agreement_topics", agreement_id=aid, topic_id=topics[0])
    cite("agreement_topics", f"{aid}|{topics[0]}", ["topic_id"], source, span, signing)


def _seed_faults(out: Path, width: int) -> list[dict]:
    """Break known cells; return the findings ict-coop (and frictionless, where it can) must report."""

    def edit(resource: str, row: int, column: str, value: str) -> None:
        path = out / "data" / f"{resource}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        rows[row - 1][rows[0].index(column)] = value
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)

    faults = [
        ("events", 3, "date_latest", "2023-02-30", "type-error", True),
        ("events", 4, "kind", "banquet", "constraint-error", True),
        ("participants", 5, "event_id", f"evt-gen-{'9' * width}", "foreign-key", True),
        ("countries", 3, "cow_code", "many", "type-error", True),
    ]
    for resource, row, column, value, _, _ in faults:
        edit(resource, row, column, value)
    return [
        {"code": code, "file": f"data/{resource}.csv", "row": row, "field": column, "frictionless_sees": sees}
        for resource, row, column, _, code, sees in faults
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--faults", action="store_true", help="seed known faults at known rows")
    args = parser.parse_args(argv)
    summary = generate(args.out, args.events, seed=args.seed, faults=args.faults)
    print(json.dumps({"events": summary["events"], "rows": sum(summary["rows"].values())}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
