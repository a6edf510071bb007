import subprocess
import sys


def test_core_imports_no_pyside6():
    """The core must stay usable without Qt (CLI, workers, other front ends)."""
    code = (
        "import sys, pkgutil, importlib, explorer.core as c\n"
        "for m in pkgutil.walk_packages(c.__path__, 'explorer.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.startswith('PySide6')]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
