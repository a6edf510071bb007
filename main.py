"""Run Strata: ``python main.py [FILE]`` from a source checkout; also the entry point of
the frozen build (``packaging/strata.spec``), whose background lanes start this same
program with ``--strata-lane-child`` (see ``explorer.ui.proclane.child_command``), and its
layout helpers with ``--strata-layout-helper`` (``explorer.core.layout_parallel``)."""
import sys

if sys.argv[1:2] == ["--strata-lane-child"]:
    from explorer.ui.proc_child import main as lane_child

    raise SystemExit(lane_child())
if sys.argv[1:2] == ["--strata-layout-helper"]:  # explorer.core.layout_parallel.HELPER_FLAG
    from explorer.core.layout_parallel import main as layout_helper

    raise SystemExit(layout_helper())

from explorer.app import main

raise SystemExit(main())
