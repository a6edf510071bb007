"""Run Strata: ``python main.py [FILE]`` from a source checkout; also the entry point of
the frozen build (``packaging/strata.spec``), whose background lanes start this same
program with ``--strata-lane-child`` (see ``explorer.ui.proclane.child_command``)."""
import sys

if sys.argv[1:2] == ["--strata-lane-child"]:
    from explorer.ui.proc_child import main as lane_child

    raise SystemExit(lane_child())

from explorer.app import main

raise SystemExit(main())
