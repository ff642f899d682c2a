"""The library's layers: the package-files layer at the bottom, no upward and no private imports.

Read from the source with ``ast``, so that a new import that breaks a rule fails here.
"""

from __future__ import annotations

import ast

from tests.conftest import REPO

SOURCE = REPO / "src" / "ict_coop"
#: The package-files layer: the version, locating the package, findings, file hashes and stamps.
BOTTOM = {"_version", "_locate", "errors", "stamps"}
#: Entry points: nothing in the library imports them, so they may import the package itself.
TOP = {"cli", "__main__", "__init__"}


def _imports(module: str) -> list[tuple[str, str]]:
    """(module imported, name imported) for every import of an ict_coop module in ``module``."""
    tree = ast.parse((SOURCE / f"{module}.py").read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level == 1 or (node.module or "").startswith("ict_coop")):
            target = (node.module or "").removeprefix("ict_coop").lstrip(".")
            found += [(target, alias.name) for alias in node.names]
    return found


MODULES = sorted(path.stem for path in SOURCE.glob("*.py"))


def test_the_package_files_layer_imports_nothing_above_it():
    for module in sorted(BOTTOM):
        above = {target or name for target, name in _imports(module)} - BOTTOM
        assert not above, f"{module} imports {sorted(above)} from above the package-files layer"


def test_no_module_imports_upward_from_the_package_or_another_modules_private_names():
    for module in MODULES:
        for target, name in _imports(module):
            if not target and module not in TOP:  # `from . import x`: only submodules, never the package's own names
                assert (SOURCE / f"{name}.py").exists(), f"{module} imports {name!r} from the package itself"
            if target and name.startswith("_") and name != "__version__":
                raise AssertionError(f"{module} imports the private name {name!r} from {target}")
