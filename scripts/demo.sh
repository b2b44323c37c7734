#!/usr/bin/env bash
# README command (1): set up, then run the demo of the seed's district.
# With a display the main window opens on the demo district; without one it runs headless
# and says where it wrote its output. Extra arguments go to `polldesk demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
out="${POLLDESK_DEMO_OUT:-$PWD/demo-output}"
.venv/bin/polldesk demo --out "$out" --force "$@"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec .venv/bin/polldesk gui "$out/district.polldesk"
else
  echo "没有显示器：已在后台运行。演示输出在 $out (No display: ran headless; the demo output is in $out)" >&2
  echo "数据文件已加密：用 admin1 / chief1 / clerk1 登录，密码 demo-pass (files encrypted: sign in as admin1, chief1 or clerk1, password demo-pass)" >&2
fi
