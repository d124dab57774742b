# Everything runs from .venv, made with plain `python3 -m venv`: no root, no system packages.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test bench lab docs clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -c "from autograd import Value; a, b = Value(2.0), Value(-3.0); c = a * b + a; c.backward(); print(c, a.grad, b.grad)"

test: $(STAMP)
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache .hypothesis
