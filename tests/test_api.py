"""The public surface: lazy imports, exports, version."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import ict_coop


def test_import_is_light():
    """`import ict_coop` imports neither pyarrow, pydantic nor frictionless, and reads no data."""
    code = (
        "import sys, ict_coop, json; "
        "print(json.dumps([m for m in ('pyarrow', 'pydantic', 'frictionless', 'ict_coop.models', "
        "'ict_coop.loading') if m in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_heavy_modules_load_on_first_use():
    code = (
        "import sys, ict_coop, json; ict_coop.load; "
        "print(json.dumps(['pydantic' in sys.modules, 'frictionless' in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [True, False]


def test_every_exported_name_resolves():
    for name in ict_coop.__all__:
        assert getattr(ict_coop, name) is not None
    assert set(dir(ict_coop)) == set(ict_coop.__all__)


def test_unknown_attribute_raises_attribute_error():
    with pytest.raises(AttributeError, match="no_such_thing"):
        ict_coop.no_such_thing  # noqa: B018


def test_one_version_everywhere():
    from tests.conftest import REPO

    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == ict_coop.__version__
    citation = (REPO / "CITATION.cff").read_text(encoding="utf-8")
    assert f'version: "{ict_coop.__version__}"' in citation
    assert f"## {ict_coop.__version__}" in (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
