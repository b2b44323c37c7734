#!/usr/bin/env bash
# README command (2): set up (with the test tools), then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export QT_QPA_PLATFORM=offscreen
if [ $# -gt 0 ]; then
  exec .venv/bin/python -m pytest "$@"
fi
.venv/bin/python -m pytest
# The same tests again with every data file encrypted (issue 9): see tests/vault/encrypted_suite.py.
echo "--- again on encrypted data files (pytest -p tests.vault.encrypted_suite) ---"
exec .venv/bin/python -m pytest -p tests.vault.encrypted_suite -m "not slow"
