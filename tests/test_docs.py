"""The README's examples run, its two commands come first, and its links resolve."""

from __future__ import annotations

import re

from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    first_block = re.search(r"```bash\n(.*?)```", README, re.S).group(1)
    commands = [line for line in first_block.splitlines() if line and not line.startswith("#")]
    assert commands == [
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/ict-coop validate && .venv/bin/ict-coop summary",
        'python3 -m venv .venv && .venv/bin/pip install -e ".[test]" && .venv/bin/python -m pytest',
    ]
    assert README.index(first_block) < README.index("## ")


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert 'python3 -m venv .venv && .venv/bin/pip install -e ".[test]" && .venv/bin/python -m pytest' in ci


def test_readme_python_examples_run(monkeypatch):
    """The README's examples run on the shipped data (checked by property: an article added changes no test)."""
    monkeypatch.setenv("ICT_COOP_DATA_DIR", str(REPO))
    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    assert len(blocks) >= 3
    namespace: dict = {}
    for block in blocks:
        exec(block.replace("path/to/working-copy", str(REPO)), namespace)
    assert namespace["talks"].date_basis in ("stated", "external", "inferred_from_context")
    assert namespace["outside"] or namespace["talks"].date_basis != "external"
    assert namespace["cited"].kind == "cited" and namespace["cited"].paraphrase
    assert namespace["joined"].num_rows == namespace["partners"].num_rows
    assert sum(namespace["per_year"].values()) <= namespace["figures"]["engagements"] * 3
    assert namespace["quote"].text in namespace["sentence"].text
    engagements = namespace["engagements"]
    assert len(engagements) == namespace["figures"]["engagements"]
    assert str(engagements["date_earliest"].dtype).startswith("datetime64")
    assert set(namespace["signed"]["event_id"]) <= set(engagements["event_id"])
    assert "weight" in namespace["edges"].column_names and "source_name" in namespace["edges"].column_names


def test_relative_links_resolve():
    for document in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        text = document.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#:]+)\)", text):
            if target.startswith("figures/"):  # drawn by `ict-coop figure` at build time (see the site test)
                continue
            assert (document.parent / target).exists(), f"{document.name}: {target}"


def test_tutorial_examples_run_on_the_shipped_data(monkeypatch):
    """Its printed answers are the shipped data's: `ict-coop curate build` regenerates them."""
    import doctest

    monkeypatch.setenv("ICT_COOP_DATA_DIR", str(REPO))
    result = doctest.testfile(str(REPO / "docs" / "tutorial.md"), module_relative=False)
    assert result.failed == 0
    assert result.attempted >= 20


def test_home_page_examples_run_on_the_shipped_data(monkeypatch):
    """The 30-second example and the citation on the home page print the shipped data's answers."""
    import doctest

    monkeypatch.setenv("ICT_COOP_DATA_DIR", str(REPO))
    result = doctest.testfile(str(REPO / "docs" / "index.md"), module_relative=False)
    assert result.failed == 0
    assert result.attempted >= 8


def test_the_glance_table_counts_what_the_package_holds():
    """Each figure of the home page's table is a count of the package it was made from."""
    from ict_coop import load
    from ict_coop.docgen import glance_markdown
    from ict_coop.research import coverage

    data = load(path=REPO / "tests" / "fixtures" / "seeds")
    table = glance_markdown(coverage(data), data)
    cells = dict(re.findall(r"^\| \*\*(.+?)\*\* \| (.+) \|$", table, re.M))
    assert cells["engagements"].startswith(f"{len(data.engagement_ids)} ")
    assert f"{len(data.tables['events'])} events in all" in cells["engagements"]
    assert cells["sources"].startswith(f"{len(data.tables['sources'])}: ")
    assert cells["evidence"].startswith(f"{len(data.tables['evidence'])} rows")
    assert f"{sum(map(len, data.tables.values())):,} rows in all" in cells["tables"]
    assert cells["version"] == data.version


def test_generated_pages_are_what_the_data_gives():
    """The tutorial's answers and the coverage tables are regenerated from the data, never typed."""
    from ict_coop.docgen import generated_pages

    for path, text in generated_pages(REPO).items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run `ict-coop curate build`"


def test_documentation_site_builds_in_strict_mode(tmp_path):
    import subprocess
    import sys

    import pytest

    pytest.importorskip("mkdocs")
    pytest.importorskip("matplotlib")
    from ict_coop import load
    from ict_coop.figures import engagements_over_time

    # the shipped data's figure, as CI draws it (not the fixture's, which the tests default to)
    engagements_over_time(REPO / "docs" / "figures" / "engagements.png", load(path=REPO))
    out = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"), "-d", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert (tmp_path / "tutorial" / "index.html").exists()
    # offline: no script, stylesheet or font from another host (the browser check in CI also
    # watches the requests themselves)
    for page in tmp_path.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<(script|link)[^>]+(src|href)=\"(https?:)?//", html), page
    # the API reference: examples are highlighted code blocks, never quotes or Sphinx roles
    api = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "api").rglob("index.html"))
    assert api.count('class="language-pycon highlight"') >= 10
    assert "<blockquote>" not in api
    assert not re.search(r":(func|class|meth|mod|attr|data|exc):", re.sub(r"<code>.*?</code>", "", api))


API_PAGES = sorted((REPO / "docs" / "api").glob("*.md"))


def test_the_api_reference_documents_exactly_the_public_api():
    """Every name of `ict_coop.__all__` has its entry; nothing outside it (or its modules) has one."""
    import ict_coop

    targets = {t for page in API_PAGES for t in re.findall(r"^::: (\S+)", page.read_text(encoding="utf-8"), re.M)}
    public_modules = {f"ict_coop.{n}" for n, m in ict_coop._LAZY.items() if m is None}
    public = {f"ict_coop.{m}.{n}" for n, m in ict_coop._LAZY.items() if m is not None}
    shown_whole = {"ict_coop.loading", "ict_coop.validation", "ict_coop.errors"}  # their docstrings only
    assert public_modules <= targets
    missing = [name for name in public if name not in targets and name.rsplit(".", 1)[0] not in public_modules]
    assert not missing, f"public names without an entry in docs/api/: {missing}"
    assert targets <= public_modules | public | shown_whole, "an API page documents a name outside __all__"


def test_docstrings_use_markdown_not_sphinx_roles():
    """The site renders docstrings as Markdown: a role such as :func:`x` would show as text."""
    role = re.compile(r":(?:py:)?(?:func|class|meth|mod|attr|data|exc|obj):`")
    for module in sorted((REPO / "src" / "ict_coop").glob("*.py")):
        found = role.findall(module.read_text(encoding="utf-8"))
        assert not found, f"{module.name}: write [`name`][ict_coop.module.name] or `name` instead of {found[0]}"
