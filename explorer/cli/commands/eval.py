"""``strata-cli eval``: evaluation commands, one sub-command per area.

Each area adds its own module ``explorer/cli/commands/eval_<area>.py`` exposing
``register_eval(eval_subparsers)``, which adds a parser (with ``func(args) -> int``)
to the ``eval`` group. Keeping one module per area lets several people add
evaluations without editing a shared file. The ``eval_*`` modules deliberately do
not define ``register``, so the top-level dispatcher does not treat them as
commands of their own.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="evaluate a stage against reference data",
        description="Evaluate a pipeline stage against a folder of reference data.",
    )
    eval_sub = parser.add_subparsers(dest="eval_command", metavar="STAGE")
    parser.set_defaults(func=lambda args: (parser.print_help(), 2)[1])

    from .. import commands

    pkg_name = commands.__name__
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if not info.name.startswith("eval_"):
            continue
        try:
            module = importlib.import_module(f"{pkg_name}.{info.name}")
        except Exception:  # one broken evaluation must not take the whole CLI down
            log.exception("could not import evaluation module %s", info.name)
            continue
        hook = getattr(module, "register_eval", None)
        if hook is not None:
            hook(eval_sub)
