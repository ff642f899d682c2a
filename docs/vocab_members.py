"""A griffe extension for the API pages: every vocabulary lists its members and their definitions.

The members of `ict_coop.vocab`'s enumerations are declared as `NAME = "value", "definition"`,
which griffe sees as attributes without docstrings. This appends a table of them (read from
the imported enumeration, so the page cannot disagree with the code) to each class docstring.
"""

from __future__ import annotations

import enum
import importlib
from typing import Any

import griffe


class VocabularyMembers(griffe.Extension):
    """Append a members table to every enumeration of `ict_coop.vocab`."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Once the package is loaded, document each enumeration's members."""
        if pkg.name != "ict_coop":
            return
        vocab = importlib.import_module("ict_coop.vocab")
        module = pkg["vocab"]
        for name, value in vars(vocab).items():
            if not (isinstance(value, type) and issubclass(value, enum.Enum) and value.__module__ == vocab.__name__):
                continue
            members = list(value)
            if not members or name not in module.members:
                continue
            rows = [
                "| member | value | definition |",
                "|---|---|---|",
                *(f"| `{m.name}` | `{m.value}` | {vocab.definition(m).replace('|', '&#124;')} |" for m in members),
            ]
            table = "\n".join(rows)
            target = module[name]
            if target.docstring is None:
                target.docstring = griffe.Docstring(table, parent=target)
            else:
                target.docstring.value = f"{target.docstring.value}\n\n{table}"
