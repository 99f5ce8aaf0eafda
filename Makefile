# audiozine: `make demo` builds the seed shows, `make test` runs the tests,
# `make test-fast` all but the slow ones (those that narrate more than a sentence).
# Both set up everything first: Debian packages (apt-get, when missing), a
# virtual environment in .venv and the Python packages. Re-running reuses it all.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# espeak-ng: the system voice; ffmpeg: ffprobe/ffplay. The tests also drive the
# page in Debian's headless Chromium, and publish over SFTP to an OpenSSH server
# (openssh-server) they start on loopback.
DEMO_PACKAGES := espeak-ng ffmpeg
TEST_PACKAGES := $(DEMO_PACKAGES) chromium chromium-driver openssh-server
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test test-fast bench clean venv

demo: venv
	@$(MAKE) --no-print-directory debian-packages PACKAGES="$(DEMO_PACKAGES)"
	$(BIN)/audiozine build
	@echo
	@echo "Built. Listen: open feeds/working-life/index.html, or run"
	@echo "  $(BIN)/audiozine serve feeds/working-life   (then subscribe to http://127.0.0.1:8000/feed.xml)"

test: venv
	@$(MAKE) --no-print-directory debian-packages PACKAGES="$(TEST_PACKAGES)"
	$(BIN)/python -m pytest

test-fast: venv
	@$(MAKE) --no-print-directory debian-packages PACKAGES="$(TEST_PACKAGES)"
	$(BIN)/python -m pytest -m "not slow"

bench: venv
	@$(MAKE) --no-print-directory debian-packages PACKAGES="$(DEMO_PACKAGES)"
	$(BIN)/pip install -q -e '.[bench]'
	$(BIN)/python -m bench.run

venv: $(STAMP)

$(STAMP): pyproject.toml
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,cluster]'
	@touch $@

debian-packages:
	@missing=""; for package in $(PACKAGES); do \
	  dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; \
	fi

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	for show in feeds/*.toml; do rm -rf "$${show%.toml}"; done
