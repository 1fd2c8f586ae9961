# UnionDesk — every target sets itself up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test lint bench package clean screenshots

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/uniondesk $(ARGS)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check app ui tests bench
	$(VENV)/bin/mypy

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m bench $(BENCH_ARGS)

# The Linux one-folder build + tarball; the built program runs `about --check` and `selftest` offscreen, so a
# missing module or data file fails here. Windows/macOS: .github/workflows/package.yml (docs/packaging.md).
package: $(STAMP)
	$(PY) -m pip install --quiet -e '.[package]'
	packaging/build_linux.sh $(PY)

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m ui.screenshots docs

clean:
	rm -rf $(VENV) build dist *.egg-info
