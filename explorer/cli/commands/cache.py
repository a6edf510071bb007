"""``strata-cli cache``: how big the cache folder is, and ``--prune`` to bring it within its budget."""
from __future__ import annotations

import argparse


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def run(args: argparse.Namespace) -> int:
    from ...core import store
    from ...core.cache_prune import cache_budget_bytes, prune_cache

    root = store.cache_dir()
    budget = int(args.budget_mb * 1024 * 1024) if args.budget_mb is not None else cache_budget_bytes()
    if args.prune:
        rep = prune_cache(budget)
        print(f"removed {rep.stale_removed} stale and {rep.lru_removed} least recently used files, "
              f"{rep.rows_removed} embedding rows: {_mb(rep.bytes_before)} -> {_mb(rep.bytes_after)} (budget {_mb(budget)})")
        return 0
    total = 0
    for sub in sorted(p for p in root.iterdir() if p.is_dir()):
        size = sum(f.stat().st_size for f in sub.rglob("*") if f.is_file())
        total += size
        print(f"{sub.name:22s} {_mb(size):>12s}")
    for f in sorted(root.glob("*.sqlite*")):
        total += f.stat().st_size
        print(f"{f.name:22s} {_mb(f.stat().st_size):>12s}")
    print(f"{'total':22s} {_mb(total):>12s} in {root} (budget {_mb(budget)}; pruned automatically)")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("cache", help="show or prune the cache folder",
                              description="Show the cache folder's size per kind, or prune it to its budget.")
    p.add_argument("--prune", action="store_true", help="remove stale and least recently used cache files now")
    p.add_argument("--budget-mb", type=float, default=None,
                   help="budget in MB (default: STRATA_CACHE_BUDGET_MB or 2048)")
    p.set_defaults(func=run)
