"""``strata-cli``: headless commands on the same core the window uses.

Each sub-command lives in its own module under :mod:`explorer.cli.commands` and
exposes ``register(subparsers)``, which adds a parser whose ``func(args) -> int``
runs it. Failures the user can act on (:class:`StrataError`) print one line on
stderr and exit 1; no traceback unless ``--debug``.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import os
import pkgutil
import sys
from typing import Optional, Sequence

from .. import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="strata-cli", description="Strata document explorer, headless.")
    parser.add_argument("--version", action="version", version=f"strata {__version__}")
    parser.add_argument("--debug", action="store_true", help="verbose logging and tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    from . import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    from ..core.errors import StrataError

    try:
        return int(args.func(args) or 0)
    except StrataError as exc:
        if args.debug:
            raise
        print(f"strata-cli: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("strata-cli: interrupted", file=sys.stderr)
        return 130
