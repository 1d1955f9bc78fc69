#!/usr/bin/env bash
# The full API fuzz run (issue 6): schemathesis against /api/openapi.json, in-process, on SQLite with the
# demo data. Passes when no case gets a 5xx, an undocumented status or a body outside its schema.
# ESEAL_FUZZ_EXAMPLES (default 100 here, 5 in ./scripts/test.sh) is Hypothesis' max_examples per operation;
# the default gives ≥ 2,000 cases, whose count is printed at the end. Each run uses a fresh random seed
# (ESEAL_FUZZ_RANDOM=0 for the fixed one). Extra arguments go to pytest.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_venv requirements-test.txt || exit 1
say "schemathesis: ${ESEAL_FUZZ_EXAMPLES:-100} examples per operation"
ESEAL_FUZZ_EXAMPLES="${ESEAL_FUZZ_EXAMPLES:-100}" ESEAL_FUZZ_RANDOM="${ESEAL_FUZZ_RANDOM:-1}" \
  "$PY" -m pytest -q -p no:cacheprovider -p no:logging "$@" tests/fuzz
