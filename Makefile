# The two commands of the README. Both make their own virtualenv in .venv.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --quiet --disable-pip-version-check

.PHONY: demo test schema bench

$(PY):
	python3 -m venv $(VENV)

demo: $(PY)
	$(PIP) -e .
	$(VENV)/bin/glasnost analyze samples/harbour-oped.txt -f html -o report.html

test: $(PY)
	$(PIP) -e '.[test,postgres,parquet,dask]'
	scripts/ensure-chromium
	-scripts/ensure-postgres
	$(PY) -m pytest

schema: $(PY)
	$(VENV)/bin/glasnost schema > src/glasnost/schema/analysis.schema.json

bench: $(PY)
	$(PY) bench/speed.py
