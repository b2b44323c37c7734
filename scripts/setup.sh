#!/usr/bin/env bash
# Set up PollDesk on this machine: the Debian packages Qt and the reports need (when missing
# and we are root), then a virtual environment in .venv with PollDesk installed in it.
# Usage: scripts/setup.sh [test]     ("test" also installs the test tools)
set -euo pipefail
cd "$(dirname "$0")/.."

runtime_pkgs=(fonts-wqy-microhei libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
              libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0)
test_pkgs=(zbar-tools poppler-utils unicode-data strace)
extra=""
pkgs=("${runtime_pkgs[@]}")
if [ "${1:-}" = "test" ]; then
  pkgs+=("${test_pkgs[@]}")
  extra="[test,build]"
fi

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages: ${missing[*]}" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  else
    echo "Please install these Debian packages (as root): ${missing[*]}" >&2
  fi
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=".venv/.polldesk-installed${extra}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip >&2
  # sqlcipher3-wheels replaced sqlcipher3-binary (the same module, built faster): never both in one .venv
  .venv/bin/python -m pip uninstall -q -y sqlcipher3-binary >/dev/null 2>&1 || true
  .venv/bin/python -m pip install -q -e ".${extra}" >&2
  touch "$stamp"
fi
