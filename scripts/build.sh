#!/usr/bin/env bash
# Build the PollDesk application with PyInstaller (docs/building.md).
# Usage: scripts/build.sh [onefolder|onefile] [DIST_FOLDER]
#   onefolder (default) -> DIST_FOLDER/polldesk/polldesk   (copy the whole folder)
#   onefile             -> DIST_FOLDER/onefile/polldesk    (a single file)
# DIST_FOLDER defaults to dist/. PyInstaller comes from the `build` extra: pip install -e '.[build]'.
# POLLDESK_BUILD_WORK overrides the scratch folder (default build/<mode>).
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-onefolder}"
case "$mode" in
  onefolder|onefile) ;;
  *) echo "usage: scripts/build.sh [onefolder|onefile] [DIST_FOLDER]" >&2; exit 2 ;;
esac
dist="${2:-$PWD/dist}"
work="${POLLDESK_BUILD_WORK:-$PWD/build/$mode}"
python="${PYTHON:-.venv/bin/python}"
if ! "$python" -c "import PyInstaller" 2>/dev/null; then
  echo "PyInstaller is missing: run  .venv/bin/pip install -e '.[build]'  first." >&2
  exit 2
fi
if [ "$mode" = onefile ]; then dist="$dist/onefile"; fi

start=$(date +%s)
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$dist" --workpath "$work" build.spec -- --mode "$mode"
seconds=$(( $(date +%s) - start ))
built="$dist/polldesk"       # the folder (one-folder) or the program itself (one-file)
size=$(du -sh "$built" | cut -f1)
echo "Built $mode in ${seconds}s: $built ($size)" >&2
