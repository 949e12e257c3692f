# Set-up and the two everyday commands. `make serve` and `make test` install what is
# missing first (Python venv, npm assets, Debian's chromium and rsync for the tests).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python

.PHONY: setup bytecode serve build lint test bench hexo-diff clean chromium debs

setup: $(VENV)/.installed node_modules/.installed node_modules/.cache/quillpress/.warmed bytecode

# QuillPress's and its plugins' compiled bytecode, as pip writes it for an installed package.
# Where Python writes none (PYTHONDONTWRITEBYTECODE is set, as on our build machines) every
# command would compile ~140 modules again: ~0.3 s of CPU, a quarter of a small blog's build.
# compileall only compiles what changed since, so this costs nothing when up to date.
bytecode: $(VENV)/.installed
	$(PY) -m compileall -q quillpress plugins build.py quillpress_launcher.py

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# What a blog's first build would otherwise compile itself: V8's code cache of KaTeX and of
# MathJax for the math worker, warmed on the sample formulas, and the bundled theme's compiled templates
# (themes/.compiled/) and the regular expressions and dataclass methods a build compiles
# (quillpress/__pycache__/patterns.*.bin), from a build of the demo blog in a temporary
# folder. A build without them works, a little more slowly, and saves them itself. Also the
# names MathJax's packages define, with which a build knows a formula MathJax would reject
# without starting MathJax (plugins/math/mathjax_names.py); a build without them asks it.
WARM_SOURCES := plugins/math/launch.py plugins/math/math_worker.js plugins/math/katex_fast.js plugins/math/katex_glue.js plugins/math/mathjax_names.py plugins/math/mathjax_names.js $(wildcard themes/default/layout/*.html themes/default/layout/*/*.html)
node_modules/.cache/quillpress/.warmed: $(VENV)/.installed node_modules/.installed $(WARM_SOURCES)
	$(PY) plugins/math/launch.py tests/data/math_formulas.tsv
	$(PY) plugins/math/mathjax_names.py
	demo=$$(mktemp -d) && cp -r content _config.yml scaffolds "$$demo" && \
	  $(PY) build.py --quiet --cwd "$$demo" build; status=$$?; rm -rf "$$demo"; exit $$status
	mkdir -p $(@D) && touch $@

# Debian's programs the tests run: chromium (browser tests, through Playwright with no browser
# download) and rsync (the rsync deploy target, into a local folder). Only missing ones install.
DEBS := chromium rsync
debs:
	@missing=; for p in $(DEBS); do command -v $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	[ -z "$$missing" ] || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; }

chromium: debs

serve: setup
	$(PY) build.py serve

build: setup
	$(PY) build.py build

# ruff and mypy (settings in pyproject.toml): part of `make test`, so of CI.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

test: setup debs lint
	$(PY) -m pytest -q

# The two headline benchmarks on the 1,000-post corpus (bench/README.md lists them all).
bench: setup
	$(PY) bench/build_bench.py --posts 1000
	$(PY) bench/serve_latency.py --posts 1000

# Hexo as the oracle on the real blogs of bench/hexo_diff/blogs.txt, fetched into
# HEXO_DIFF_ROOT (bench/hexo_diff/README.md). pandoc is for the Hexo side only (two blogs use
# hexo-renderer-pandoc); QuillPress itself never runs it.
HEXO_DIFF_ROOT ?= /tmp/realblogs
HEXO_DIFF_OUT  ?= /tmp/hexo_diff
hexo-diff: setup
	$(MAKE) debs DEBS=pandoc
	$(PY) bench/hexo_diff/hexo_diff.py --blogs-file bench/hexo_diff/blogs.txt \
	    --root $(HEXO_DIFF_ROOT) --out $(HEXO_DIFF_OUT) --runs 3

clean:
	rm -rf site .quillpress-cache
