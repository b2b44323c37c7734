"""PollDesk works with no network: a clerk's whole session tries no connection, and runs where there is no network.

One real session (the demo's whole election day with its station packages imported at the district, a package
verified, a lookup, posted list, voter cards and ballot PDFs, a tally, the main window) runs once under three
guards at the same time:
1. In Python: socket connect/resolve functions are replaced by ones that record the attempt and refuse it.
2. In the kernel (when `unshare` may make a network namespace): the session has no network at all.
3. In every library, C included (when `strace` may trace): no internet socket is even created.
A control shows the guards do catch a program that reaches for the network.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Installed before PollDesk is imported, so a connection made at import time is caught too.
GUARD = """
import json, socket, sys
attempts = []

def refusing(what):
    def refuse(*args, **kwargs):
        attempts.append(what + repr(args[1:] if what.startswith("socket.socket") else args)[:200])
        raise OSError("offline test: " + what + " refused")
    return refuse

for name in ("connect", "connect_ex", "sendto", "sendmsg"):
    setattr(socket.socket, name, refusing("socket.socket." + name))
for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr",
             "getnameinfo"):
    setattr(socket, name, refusing("socket." + name))
"""

SESSION = GUARD + """
import contextlib, io, os
from pathlib import Path
from app.cli import main

work = Path(sys.argv[1])
codes = {}

def polldesk(label, *args):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        try:
            codes[label] = main(["--lang", "en", *args])
        except SystemExit as exit:                 # argparse refusing the arguments
            codes[label] = exit.code
    if codes[label] != 0:
        codes[label + " stderr"] = err.getvalue()[-500:]

demo, district = work / "demo", str(work / "demo" / "district.polldesk")
station = str(work / "demo" / "stations" / "C01-Z.polldesk")
os.environ["POLLDESK_PASSWORD"] = "demo-pass"                        # the demo users' published password
polldesk("demo", "demo", "--out", str(demo), "--voters", "1000")    # the whole day, packages imported (encrypted)
packages = sorted(str(p) for p in demo.rglob("*.zip"))
polldesk("package verify", "package", "verify", packages[0])
polldesk("lookup", "lookup", "--json", district, "wang", "--user", "admin1")
polldesk("posted list", "print", "posted-list", station, "--out", str(work / "list.pdf"), "--group", "1",
         "--user", "chief1")
polldesk("voter cards", "print", "voter-cards", station, "--out", str(work / "cards.pdf"), "--limit", "8",
         "--user", "chief1")
polldesk("ballots", "ballots", district, "--contest", "C01-committee", "--out", str(work / "ballot.pdf"),
         "--user", "admin1")
(work / "round.json").write_text(json.dumps({"form": "direct", "electorate": 3, "issued": 2, "round": 1,
    "positions": [{"id": "director", "seats": 1, "candidates": ["王建国"]}],
    "ballots": [{"director": ["王建国"]}] * 2}), encoding="utf-8")
polldesk("tally", "tally", str(work / "round.json"))

from PySide6.QtWidgets import QApplication
from ui.main import MainWindow
qapp = QApplication([])
window = MainWindow()
window.show()
qapp.processEvents()
codes["main window"] = 0 if window.isVisible() else 1
window.close()
print(json.dumps({"codes": codes, "packages": len(packages), "attempts": attempts}))
"""

CONTROL = GUARD + """
import urllib.request
try:
    urllib.request.urlopen("http://192.0.2.1/", timeout=1)
except OSError:
    pass
print(json.dumps({"codes": {}, "packages": 0, "attempts": attempts}))
"""


def _env(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("POLLDESK_LANG", "http_proxy", "https_proxy")}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), HOME=str(work),
               XDG_CONFIG_HOME=str(work / "config"), XDG_CACHE_HOME=str(work / "cache"))
    return env


def _works(command: list[str]) -> bool:
    try:
        return subprocess.run(command, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def no_network_wrapper() -> tuple[str, ...]:
    """`unshare -n` (or -rn as another user) when this machine allows a network namespace, else nothing."""
    unshare = shutil.which("unshare")
    for wrapper in ((unshare, "-n"), (unshare, "-rn")) if unshare else ():
        if _works([*wrapper, "true"]):
            return wrapper
    return ()


def strace_wrapper(trace: Path) -> tuple[str, ...]:
    """`strace` recording every socket and connect call of every process, when it may trace here."""
    strace = shutil.which("strace")
    if strace is None or not _works([strace, "-f", "-e", "trace=socket", "true"]):
        return ()
    return (strace, "-f", "-qq", "-e", "trace=socket,connect", "-e", "signal=none", "-o", str(trace))


def internet_calls(trace: Path) -> list[str]:
    """The traced calls on internet sockets (AF_INET, AF_INET6); AF_UNIX sockets are local."""
    return [line for line in trace.read_text(encoding="utf-8", errors="replace").splitlines() if "AF_INET" in line]


def run_session(work: Path, script: str = SESSION, wrapper: tuple[str, ...] = ()) -> dict:
    """Run `script` in a fresh interpreter (under `wrapper`); its JSON report."""
    done = subprocess.run([*wrapper, sys.executable, "-c", script, str(work)], cwd=work, env=_env(work),
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One clerk's session, run once under every guard this machine offers."""
    work = tmp_path_factory.mktemp("offline")
    trace = work / "trace.txt"
    isolation, tracing = no_network_wrapper(), strace_wrapper(trace)
    report = run_session(work, wrapper=isolation + tracing)
    report.update(isolated=bool(isolation), traced=bool(tracing), trace=trace)
    return report


def test_a_clerks_whole_session_works_offline(session: dict) -> None:
    codes = session["codes"]
    assert codes == {step: 0 for step in ("demo", "package verify", "lookup", "posted list", "voter cards",
                                          "ballots", "tally", "main window")}, codes
    assert session["packages"] >= 1


def test_the_session_tries_no_network_connection_from_python(session: dict) -> None:
    assert session["attempts"] == []


def test_the_session_ran_in_a_namespace_with_no_network_at_all(session: dict) -> None:
    wrapper = no_network_wrapper()
    if not session["isolated"]:
        pytest.skip("this machine may not create a network namespace (unshare -n)")
    assert not _works([*wrapper, sys.executable, "-c",     # the namespace really has no way out
                       "import socket; socket.create_connection(('192.0.2.1', 80), timeout=2)"])


def test_no_library_even_creates_an_internet_socket(session: dict) -> None:
    if not session["traced"]:
        pytest.skip("strace is missing or may not trace here")
    assert internet_calls(session["trace"]) == []


def test_the_guards_catch_a_program_that_does_reach_for_the_network(tmp_path: Path) -> None:
    assert run_session(tmp_path, CONTROL)["attempts"][0].startswith("socket.")
    trace = tmp_path / "control-trace.txt"
    tracing = strace_wrapper(trace)
    if tracing:
        subprocess.run([*tracing, sys.executable, "-c", "import socket; socket.socket(socket.AF_INET)"],
                       check=True, timeout=60)
        assert internet_calls(trace)
