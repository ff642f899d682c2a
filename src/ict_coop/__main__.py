"""``python -m ict_coop`` runs the command-line interface."""

from .cli import main

raise SystemExit(main())
