"""PySide6's per-import check, made cheap: the same answer, no source text kept."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_SCRIPT = textwrap.dedent("""
    import json, linecache, sys
    sys.path.insert(0, sys.argv[1])
    import PySide6.QtCore
    feature = sys.modules["shibokensupport.feature"]
    pysides_own = feature._mod_uses_pyside
    from explorer.ui.pyside_imports import lighten_pyside_import_check
    placed = lighten_pyside_import_check() and lighten_pyside_import_check()
    import uses_qt, plain_module
    kept = sorted(f for f in linecache.cache if f.endswith(("uses_qt.py", "plain_module.py")))
    print(json.dumps({
        "placed": placed,
        "recorded": {name: feature.pyside_feature_dict.get(name) for name in ("uses_qt", "plain_module")},
        "pysides_answer": {m.__name__: pysides_own(m) for m in (uses_qt, plain_module)},
        "kept_in_linecache": kept,
    }))
""")


def test_modules_imported_after_pyside_get_pysides_answer_without_their_source_kept(tmp_path: Path) -> None:
    (tmp_path / "uses_qt.py").write_text("from PySide6.QtCore import QObject\n\nclass Thing(QObject):\n    pass\n")
    (tmp_path / "plain_module.py").write_text("VALUE = 1\n" * 200)
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", _SCRIPT, str(tmp_path)], capture_output=True, text=True,
                         env=env, timeout=120, check=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    assert result["placed"] is True
    # 0: a module that uses PySide6; -1: one PySide6 may ignore (PySide6's own values)
    assert result["recorded"] == {"uses_qt": 0, "plain_module": -1}
    assert result["pysides_answer"] == {"uses_qt": True, "plain_module": False}
    # PySide6's own check reads each module through linecache, which keeps its lines for good
    assert result["kept_in_linecache"] == []
