# Strata: `make run` opens the app, `make test` runs the whole suite.
# Both create .venv on first use and install the project with its test extras.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: run test bench install clean dist

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# The CPU build of torch lies on disk here; pin it first so nothing pulls a CUDA build.
	$(PY) -m pip install -q "torch==2.13.0" || $(PY) -m pip install -q "torch>=2.2,<2.15"
	$(PY) -m pip install -q -e ".[test,media]"
	# Byte-compile the package now (pip does it for what it installs, not for an editable
	# checkout): the first launch then skips compiling ~300 modules, and so does every
	# launch where PYTHONDONTWRITEBYTECODE is set (importing the window: 0.6-0.9 s vs 1.0 s).
	$(PY) -m compileall -q explorer main.py
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) main.py $(FILE)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) bench/load.py
	@for b in bench/search.py bench/first_search.py bench/ui_responsiveness.py; do \
	  if [ -f $$b ]; then QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(PY) $$b; fi; done

# A self-contained folder build (PyInstaller, no torch: the model runs on onnxruntime, exported
# here first): dist/strata/strata [FILE]. Ends with smoke runs of the built program with no
# Python environment: it draws the sample's first page, then analyses and indexes it.
dist: $(STAMP)
	$(PY) -m pip install -q "pyinstaller>=6.10"
	HF_HUB_OFFLINE=1 $(PY) -m explorer.core.embedding_onnx build/onnx
	# --clean: a module edited while an earlier build ran was kept stale in its cached archive
	$(PY) -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/strata.spec
	env -i HOME="$$HOME" PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen dist/strata/strata resources/sample.pdf --exit-after-first-page
	tmp=$$(mktemp -d) && env -i HOME="$$HOME" PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen STRATA_DATA_DIR=$$tmp \
	  timeout 600 dist/strata/strata resources/sample.pdf --exit-after-index; code=$$?; rm -rf $$tmp; exit $$code

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
