# Everything runs from .venv, made with plain `python3 -m venv`: no root, no system packages.
VENV := .venv
PY := $(VENV)/bin/python
RUNTIME := $(VENV)/.runtime-stamp
STAMP := $(VENV)/.installed-stamp

.PHONY: demo demo-digits test bench lab docs site e2e clean

# The demos need only chainrule's own dependencies; the tests add the dev and site tools.
$(RUNTIME): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $(RUNTIME)

$(STAMP): $(RUNTIME)
	$(PY) -m pip install --quiet -e '.[dev,site]'
	touch $(STAMP)

demo: $(RUNTIME)
	$(PY) -m viz.demo

demo-digits: $(RUNTIME)
	$(PY) -m pip install --quiet scikit-learn
	$(PY) -m viz.demo --digits

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) -m benchmarks

lab: $(STAMP)
	$(PY) -m pip install --quiet jupyterlab
	cd notebooks && ../$(VENV)/bin/jupyter lab

docs: $(STAMP)
	$(PY) -m viz.docs
	$(PY) -m tests.browser.screenshots

e2e: $(STAMP)
	$(PY) -m pip install --quiet jupyterlab
	$(PY) -m tests.browser.e2e_jupyterlab

site: $(STAMP)
	$(PY) docs/build_site.py

clean:
	rm -rf $(VENV) out build .pytest_cache .mypy_cache .ruff_cache .hypothesis
