"""Shared helpers for the benchmarks: the server, the browser, memory and statistics.

Every benchmark runs against real processes on loopback only: ``streamlit run
app.py`` on a free 127.0.0.1 port and Debian's Chromium driven by Playwright.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    IDLE_JS,
    free_port,
    start_streamlit,
    stop_streamlit,
)

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Server:
    """A running ``streamlit run app.py`` and its address."""

    proc: subprocess.Popen
    url: str
    log_path: Path


@contextmanager
def running_app(
    env: dict[str, str] | None = None, log_path: Path | None = None
) -> Iterator[Server]:
    """Start ``streamlit run app.py`` on a free loopback port; stop it on exit."""
    port = free_port()
    log_path = log_path or Path(f"/tmp/bench_streamlit_{port}.log")
    proc = start_streamlit(port, env=env, log_path=log_path, timeout=600)
    try:
        yield Server(proc, f"http://127.0.0.1:{port}", log_path)
    finally:
        stop_streamlit(proc)


def launch_browser(playwright):
    """Return Debian's headless Chromium (never ``playwright install``)."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )


def new_tab(browser, viewport: dict[str, int] = DESKTOP):
    """Return a page in a fresh context (its own server session)."""
    context = browser.new_context(viewport=viewport, accept_downloads=True)
    return context.new_page()


def wait_idle(page, timeout_ms: int = 120_000) -> None:
    """Wait until the app has finished its script run and is connected."""
    wait_until(page, "true", timeout_ms)


def ready_js(condition: str) -> str:
    """Return a JS predicate: the expression ``condition`` holds and the app is idle."""
    return f"() => ({condition}) && ({IDLE_JS})()"


def wait_until(page, condition: str, timeout_ms: int = 120_000) -> None:
    """Wait until the JS expression ``condition`` holds and the app is idle.

    Waiting for what a run shows (a heading, a result) rather than counting runs:
    a fast run can go from "running" to "notRunning" within one browser frame.
    """
    try:
        page.wait_for_function(ready_js(condition), timeout=timeout_ms, polling=10)
    except Exception as exc:
        raise TimeoutError(f"app not ready: {app_state(page)}") from exc


def app_state(page) -> str:
    """Return the app root's script and connection state, for error messages."""
    return page.evaluate(
        """() => {
          const app = document.querySelector('[data-testid="stApp"]');
          return JSON.stringify({
            script: app && app.getAttribute('data-test-script-state'),
            connection: app && app.getAttribute('data-test-connection-state'),
            running: !!document.querySelector(
              '[data-testid="stStatusWidgetRunningIcon"]'),
          });
        }"""
    )


def wait_charts(page, timeout_ms: int = 60_000) -> None:
    """Wait until every Plotly chart on the page has drawn its SVG."""
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                 .every((c) => c.querySelector('.main-svg'))""",
        timeout=timeout_ms,
        polling=50,
    )


def _process_tree(pid: int) -> list[int]:
    """Return ``pid`` and all its descendants that are alive."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
        found.append(current)
    return found


def _sum_kb(pids: list[int], path: str, key: str | tuple[str, ...]) -> int:
    """Sum the kB of the lines starting with ``key`` in each ``/proc/PID/path``."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/{path}").read_text().splitlines():
                if line.startswith(key):
                    total += int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def rss_mb(pid: int) -> float:
    """Return the resident memory (MB) of ``pid`` and all its descendants (pages
    that several of them share, such as TensorFlow's library, count once each)."""
    return _sum_kb(_process_tree(pid), "status", "VmRSS:") / 1024


def tree_mb(pid: int) -> float:
    """Return the RAM (MB) that ``pid`` and its descendants hold together: its own
    resident memory plus its descendants' anonymous (private) memory.

    Spawned children (the lab's training process) map the same TensorFlow library
    files as the server; ``rss_mb`` counts those shared pages once per process.
    Here they count once (the server's), as the machine's RAM does; a page only a
    child reads from a file is left out (at most its ``RssFile``).
    """
    pids = _process_tree(pid)
    children = [p for p in pids if p != pid]
    own = _sum_kb([pid], "status", "VmRSS:")
    return (own + _sum_kb(children, "status", ("RssAnon:", "RssShmem:"))) / 1024


def percentile(values: Sequence[float], q: float) -> float:
    """Return the ``q``-th percentile (0-100) of ``values``, linear interpolation."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print a GitHub-flavoured markdown table."""
    cells = [[_cell(v) for v in row] for row in rows]
    print("| " + " | ".join(headers) + " |")
    print("|" + "|".join("---" for _ in headers) + "|")
    for row in cells:
        print("| " + " | ".join(row) + " |")
    print()


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return str(value)


def machine() -> dict[str, str]:
    """Return the CPU model, core count, RAM, OS and date of this run."""
    cpu = platform.processor() or platform.machine()
    ram = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "ram": ram,
        "os": platform.platform(),
        "python": platform.python_version(),
        "niceness": str(os.nice(0)),
        "load average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
    }


def print_machine(title: str) -> None:
    """Print a heading and the machine the benchmark ran on."""
    print(f"## {title}\n")
    for key, value in machine().items():
        print(f"- {key}: {value}")
    print()


def prepare_drawing(canvas, config=None):
    """Return ``preprocessing.prepare_sketch(canvas, config)``; a benchmark drawing
    is never blank, so None raises ValueError."""
    from fashion_cnn import preprocessing

    prepared = preprocessing.prepare_sketch(
        canvas, config or preprocessing.SketchConfig()
    )
    if prepared is None:
        raise ValueError("a benchmark drawing came out blank")
    return prepared
