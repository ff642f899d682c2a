"""Write a synthetic ict-coop package with N events, valid against the real schema and rules.

Not part of the installed library: a tool for benchmarks and their smoke test.

Proportions follow the curated data: events come in trips (one visit and four sessions
inside it); each event has two participants (a Vietnamese and a partner lead), two topics,
one or two PLOVER contexts; 80 % of events carry a commitment with one or two makers; one
event in twelve signs an agreement (two parties, a topic, a mention); every fact has its
evidence row (about nine per event). Each source's seed text holds about five sentences per
event (the meeting, the topics, each participant, the commitment, the signing), each holding
the verbatim values its evidence must contain, so that a sentence backs about 1.9 evidence
rows, as in the curated data (1.8).

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
from pathlib import Path

EVENTS_PER_SOURCE = 50
COUNTRIES = [
    ("VNM", "VN", "704", "Viet Nam", "Việt Nam", 816, 816),
    ("TZA", "TZ", "834", "Tanzania", "Tanzania", 510, 510),
    ("RUS", "RU", "643", "Russia", "Liên bang Nga", 365, 365),
    ("JPN", "JP", "392", "Japan", "Nhật Bản", 740, 740),
    ("IND", "IN", "356", "India", "Ấn Độ", 750, 750),
    ("KHM", "KH", "116", "Cambodia", "Campuchia", 811, 811),
]
PARTNERS = [c[0] for c in COUNTRIES[1:]]
CITIES = {"TZA": "Dodoma", "RUS": "Moskva", "JPN": "Tokyo", "IND": "New Delhi", "KHM": "Phnôm Pênh"}
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


class Tables:
    """Rows of every table, written in primary-key order (ids are zero-padded to make it so)."""

    def __init__(self) -> None:
        self.rows: dict[str, list[list]] = {}

    def add(self, name: str, *row) -> None:
        self.rows.setdefault(name, []).append(list(row))


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
    t = Tables()
    width = len(str(max(n_events, 1)))
    source_width = max(3, len(str(n_events // EVENTS_PER_SOURCE + 1)))
    n_people = max(10, n_events // 5)
    n_orgs = max(10, n_events // 10)
    n_sources = max(1, -(-n_events // EVENTS_PER_SOURCE)) + 1  # the last one names people and orgs

    for c in sorted(COUNTRIES):
        t.add("countries", *c)
    for row in topic_rows():
        t.add("topics", *row.values())

    texts: dict[int, list[str]] = {i: [] for i in range(n_sources)}
    lengths = dict.fromkeys(range(n_sources), 0)
    evidence: list[list] = []

    def sentence(source: int, text: str) -> tuple[int, int]:
        start = lengths[source]
        texts[source].append(text + "\n")
        lengths[source] += len(text) + 1
        return start, start + len(text)

    def evidence_for(resource: str, key: str, fields: list[str], source: int, span: tuple[int, int], quote: str):
        for field in fields:
            evidence.append([resource, key, field, f"src-{source:0{source_width}d}", span[0], span[1], quote, ""])

    registry = n_sources - 1
    people = []
    for i in range(n_people):
        pid = f"per-gen-{i:0{width}d}"
        country = "VNM" if i % 2 == 0 else PARTNERS[i % len(PARTNERS)]
        name = f"Nguyễn Văn Số {i}" if country == "VNM" else f"Partner Person {i}"
        quote = f"N{i}: {name}."
        t.add("people", pid, name, name.replace("Nguyễn Văn Số", "Nguyen Van So"), country)
        evidence_for("people", pid, ["name"], registry, sentence(registry, quote), quote)
        people.append((pid, country))
    vn_people = [p for p in people if p[1] == "VNM"]
    partner_people = [p for p in people if p[1] != "VNM"]
    orgs = []
    for i in range(n_orgs):
        oid = f"org-gen-{i:0{width}d}"
        country = "VNM" if i % 2 == 0 else PARTNERS[i % len(PARTNERS)]
        name = f"Bộ Số {i}" if country == "VNM" else f"Ministry Number {i}"
        quote = f"O{i}: {name}."
        t.add("organizations", oid, name, f"Ministry {i}", None, country, "ministry", None, None)
        evidence_for("organizations", oid, ["name"], registry, sentence(registry, quote), quote)
        orgs.append((oid, country))
    vn_orgs = [o for o in orgs if o[1] == "VNM"]
    vn_org_ids = [o[0] for o in vn_orgs]

    start_day = date(2016, 1, 1)
    commitments, makers, agreements, parties, mentions, agreement_topics = [], [], [], [], [], []
    for e in range(n_events):
        eid = f"evt-gen-{e:0{width}d}"
        source = e // EVENTS_PER_SOURCE
        trip = e - e % 5
        partner = PARTNERS[(trip // 5) % len(PARTNERS)]
        first = start_day + timedelta(days=(trip // 5) * 7 % 3650)
        is_trip = e % 5 == 0
        day = first + timedelta(days=e % 5 - 1) if not is_trip else first
        if is_trip:
            last = first + timedelta(days=3)
            date_text = f"từ ngày {first.day}/{first.month} đến {last.day}/{last.month}/{last.year}"
            edtf, earliest, latest, precision = f"{first}/{last}", first, last, "range"
        else:
            date_text = f"ngày {day.day}/{day.month}/{day.year}"
            edtf, earliest, latest, precision = day.isoformat(), day, day, "day"
        vn = vn_people[rng.randrange(len(vn_people))][0]
        other = partner_people[rng.randrange(len(partner_people))][0]
        topics = rng.sample(TOPICS, 2)
        city = CITIES[partner]
        signs = e % 12 == 7
        mou = f"Bản ghi nhớ số {e}"
        # One sentence per fact group, as articles have: the meeting itself, what was discussed,
        # each participant, the commitment, the signing. Quotes repeat about as often as in the
        # curated data (about 1.9 evidence rows per distinct sentence; the curated 1.8).
        text = f"E{e}: {date_text} tại {city} diễn ra {'lễ ký' if signs else 'cuộc gặp'} giữa hai bên."
        span = sentence(source, text)
        kind = "visit" if is_trip else ("signing" if signs else "working_session")
        cameo = "042" if is_trip else ("057" if signs else "040")
        plover = "SUPPORT" if signs and not is_trip else "CONSULT"
        t.add(
            "events",
            eid,
            None if is_trip else f"evt-gen-{trip:0{width}d}",
            kind,
            f"Engagement {e}",
            f"Synthetic engagement {e}.",
            "outbound",
            partner,
            partner,
            "stated",
            city,
            city,
            "stated",
            None,
            None,
            date_text,
            edtf,
            earliest,
            latest,
            precision,
            "exact",
            "stated",
            None,
            cameo,
            plover,
            "visit" if plover == "CONSULT" else None,
        )
        evidence_for("events", eid, ["city_text", "country_code", "date_text", "kind"], source, span, text)
        for context in sorted(rng.sample(CONTEXTS, 1 + e % 2)):
            t.add("event_plover_contexts", eid, context)
        said = f"E{e}: hai bên trao đổi về {' và '.join(topics)}."
        said_span = sentence(source, said)
        for topic in sorted(topics):
            t.add("event_topics", eid, topic)
            evidence_for("event_topics", f"{eid}|{topic}", ["topic_id"], source, said_span, said)
        for pid, side, title in sorted([(vn, "viet_nam", "Bộ trưởng"), (other, "partner", "Thứ trưởng")]):
            part = f"{eid}/{pid}"
            t.add(
                "participants",
                part,
                eid,
                pid,
                None,
                side,
                "lead",
                title,
                "Minister" if side == "viet_nam" else "Vice-Minister",
                None,
            )
            who = f"E{e}: {title} Số {pid[-5:]} dẫn đầu đoàn."
            evidence_for("participants", part, ["role"], source, sentence(source, who), who)
        if e % 5 != 4:  # four events in five carry a commitment
            cid = f"cmt-gen-{e:0{width}d}"
            commitments.append([cid, eid, None, "cooperate", f"Cooperate on {topics[0]}.", None, None])
            promise = f"E{e}: hai bên cam kết hợp tác về {topics[0]}."
            evidence_for("commitments", cid, ["summary_en"], source, sentence(source, promise), promise)
            for oid in sorted(rng.sample(vn_org_ids, 1 + e % 2)):
                makers.append([cid, oid])
        if signs:
            aid = f"agr-gen-{e:0{width}d}"
            agreements.append(
                [
                    aid,
                    "mou",
                    mou,
                    f"MoU {e}",
                    "signed",
                    city,
                    city,
                    partner,
                    eid,
                    date_text,
                    edtf,
                    earliest,
                    latest,
                    precision,
                    "exact",
                    "stated",
                    None,
                    None,
                ]
            )
            signing = f"A{e}: {date_text} tại {city}, hai bên ký {mou} về {topics[0]}."
            span = sentence(source, signing)
            text = signing
            evidence_for(
                "agreements", aid, ["date_text", "signed_city_text", "status", "title_text"], source, span, text
            )
            for oid in sorted({vn_orgs[e % len(vn_orgs)][0], orgs[(e + 1) % len(orgs)][0]}):
                parties.append([aid, oid, None, None, None])
                evidence_for("agreement_parties", f"{aid}|{oid}", ["organization_id"], source, span, text)
            mentions.append([aid, eid])
            evidence_for("agreement_mentions", f"{aid}|{eid}", ["event_id"], source, span, text)
            agreement_topics.append([aid, topics[0]])
            evidence_for("agreement_topics", f"{aid}|{topics[0]}", ["topic_id"], source, span, text)
    t.rows.update(
        commitments=commitments,
        commitment_makers=makers,
        agreements=agreements,
        agreement_parties=sorted(parties),
        agreement_mentions=mentions,
        agreement_topics=sorted(agreement_topics),
    )

    for i in range(n_sources):
        body = "".join(texts[i]).encode("utf-8")
        name = f"{i:0{source_width}d}_{hashlib.sha256(str(i).encode()).hexdigest()[:16]}.txt"
        (out / "seeds" / name).write_bytes(body)
        t.add(
            "sources",
            f"src-{i:0{source_width}d}",
            name,
            hashlib.sha256(body).hexdigest(),
            None,
            None,
            None,
            None,
            None,
            "vi",
            None,
            None,
        )
    evidence.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    t.rows["evidence"] = evidence
    t.rows["furniture"] = []

    for name in MODELS:
        rows = t.rows.get(name, [])
        header = [f["name"] for f in table_schema(MODELS[name])["fields"]]
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
    summary = {"events": n_events, "rows": {n: len(t.rows.get(n, [])) for n in MODELS}, "faults": seeded}
    (out / "faults.json").write_text(json.dumps(seeded, indent=2), encoding="utf-8")
    return summary


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
