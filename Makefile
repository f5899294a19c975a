# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test install install-dev system-packages test-packages lint migrate demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Stamp files so that a second `make run` does not reinstall.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install system-packages
	$(BIN)/python manage.py migrate --no-input

demo: migrate
	$(BIN)/python manage.py load_demo

# The demo, with DEBUG on and e-mail printed to the console instead of sent; a production host
# starts with scripts/serve instead (see the README).
# With a background-task worker beside the server (the documents' renders); both stop together.
run: demo
	DEBUG=1 EMAIL_URL=$${EMAIL_URL:-console://} scripts/run-with-worker $(BIN)/python manage.py runserver $(HOST)

# Pango and fonts for the PDFs; without root the demo still runs, PDF downloads then fail.
system-packages:
	-scripts/ensure-system-packages

# And Chromium (browser tests), poppler-utils and LibreOffice Writer (document tests).
test-packages:
	scripts/ensure-system-packages --tests

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install-dev test-packages lint
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

clean:
	rm -rf $(VENV) db.sqlite3
