"""Every finding of a package, one JSON object per line, in a stable order: to compare validators.

A faster validator must give exactly the findings of the one before it. Write them once with
the old code and compare with the new:

    python benchmarks/findings.py PACKAGE_DIR > before.jsonl
    ... change the validator ...
    python benchmarks/findings.py PACKAGE_DIR --compare before.jsonl   # exit 1 on any difference

Stamps are off (``ICT_COOP_CACHE_DIR=off``), so every run validates the files in full.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path


def findings(root: Path) -> list[str]:
    """The package's findings as sorted JSON lines."""
    os.environ["ICT_COOP_CACHE_DIR"] = "off"
    from ict_coop import validate

    report = validate(root)
    return sorted(json.dumps(asdict(issue), ensure_ascii=False, sort_keys=True) for issue in report.issues)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("package", type=Path)
    parser.add_argument("--compare", type=Path, help="a file written by this script: report every difference")
    args = parser.parse_args(argv)
    lines = findings(args.package)
    if args.compare is None:
        sys.stdout.write("".join(line + "\n" for line in lines))
        return 0
    before = args.compare.read_text(encoding="utf-8").splitlines()
    lost, gained = sorted(set(before) - set(lines)), sorted(set(lines) - set(before))
    for line in lost:
        print(f"- {line}")
    for line in gained:
        print(f"+ {line}")
    print(f"{len(lines)} findings; {len(lost)} lost, {len(gained)} new", file=sys.stderr)
    return 1 if lost or gained else 0


if __name__ == "__main__":
    raise SystemExit(main())
