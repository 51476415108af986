"""Load test: N visitors drawing and uploading at once, then memory after they leave.

Run (from the repository root; defaults: 10 sessions for 120 s, session TTL 120 s):

    nice -n 19 .venv/bin/python -m benchmarks.load --sessions 10 --seconds 120

Short smoke run: ``--sessions 2 --seconds 15 --ttl 10 --wait 20``.

One ``streamlit run app.py`` on a free loopback port (nothing leaves 127.0.0.1) and
one headless Chromium with N browser contexts, each its own server session. Every
session opens the Predict page and, until T seconds have passed or it has done
``--max-actions`` cycles, repeats: Draw tab, the canvas's bin (from the second
cycle on), two pen strokes (each timed until the bars change), Upload tab, a PNG
upload (timed until its verdict is shown). Each action follows a pause of
``--think`` seconds (default 1 s: people look at the result before they act
again; ``--think 0`` fires actions back to back, a stress test). It reports errors
(exceptions shown, timeouts, lost connections), p50/p95 response times, the server's
resident memory over time, and the memory after every session closed and the
session TTL (``server.disconnectedSessionTTL``) passed; goal: back within 100 MB of
the warm baseline. Goal at N=10: zero errors, p95 <= 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from benchmarks.app_latency import (
    BLANK_JS,
    CANVAS,
    CANVAS_HOST_JS,
    CLEAR_BUTTON,
    MOUSEUP_JS,
    RESULT_SNAPSHOT_JS,
    STROKES,
)
from benchmarks.common import (
    DESKTOP,
    IDLE_JS,
    median,
    percentile,
    print_machine,
    print_table,
    ready_js,
    rss_mb,
    running_app,
)
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

ACTION_TIMEOUT_MS = 120_000


@dataclass
class Tally:
    """Response times (ms) per action and the errors seen, for all sessions."""

    times: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def add(self, action: str, ms: float | None) -> None:
        if ms is not None:
            self.times.setdefault(action, []).append(ms)


def garment_png(seed: int) -> bytes:
    """Return a 320x320 PNG "photo": a dark garment on a light background."""
    rng = np.random.default_rng(seed)
    image = Image.new(
        "RGB", (320, 320), tuple(int(v) for v in rng.integers(215, 255, 3))
    )
    draw = ImageDraw.Draw(image)
    colour = tuple(int(v) for v in rng.integers(10, 90, 3))
    if seed % 2:  # trousers
        draw.polygon(
            [
                (100, 30),
                (220, 30),
                (240, 300),
                (175, 300),
                (160, 120),
                (145, 300),
                (80, 300),
            ],
            fill=colour,
        )
    else:  # a T-shirt
        draw.polygon(
            [
                (110, 40),
                (210, 40),
                (290, 100),
                (255, 145),
                (225, 120),
                (225, 290),
                (95, 290),
                (95, 120),
                (65, 145),
                (30, 100),
            ],
            fill=colour,
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


async def wait_until(page, condition: str, timeout_ms: int = ACTION_TIMEOUT_MS):
    """Wait until the JS expression ``condition`` holds and the app is idle."""
    await page.wait_for_function(ready_js(condition), timeout=timeout_ms, polling=20)


async def check_page(page, tally: Tally, session: int) -> None:
    """Count exceptions shown and lost connections as errors."""
    shown = await page.locator('[data-testid="stException"]').count()
    if shown:
        tally.errors.append(f"session {session}: {shown} exception(s) shown")
    state = await page.evaluate(
        """() => document.querySelector('[data-testid="stApp"]')
                  ?.getAttribute('data-test-connection-state')"""
    )
    if state not in (None, "CONNECTED"):
        tally.errors.append(f"session {session}: connection {state}")


# What each Predict tab shows once its run has finished (the uploader only runs
# while its tab is open; the drawing stays mounted).
TAB_SHOWN = {
    "Draw": f"{CANVAS_HOST_JS} && !document.querySelector('.st-key-upload_files')",
    "Upload": "document.querySelector('.st-key-upload_files')",
}
UPLOAD_CARD = ".st-key-upload_card_0"


async def open_tab(page, name: str) -> float | None:
    """Open the Predict page's tab ``name``; return ms until its content is shown.

    Returns None when the tab is already open (a click would not rerun).
    """
    tab = page.get_by_role("tab", name=name, exact=True)
    if await tab.get_attribute("aria-selected") == "true":
        return None
    start = time.perf_counter()
    await tab.click()
    await wait_until(page, TAB_SHOWN[name])
    return (time.perf_counter() - start) * 1000


async def stroke(page, points: list[tuple[int, int]]) -> float:
    """Draw one stroke; return ms from mouse-up to the bars changing in the DOM."""
    canvas = page.locator(CANVAS).first
    await canvas.wait_for(state="visible", timeout=ACTION_TIMEOUT_MS)
    await page.evaluate(MOUSEUP_JS)
    box = await canvas.bounding_box()
    before = await page.evaluate(RESULT_SNAPSHOT_JS)
    await page.mouse.move(box["x"] + points[0][0], box["y"] + points[0][1])
    await page.mouse.down()
    for x, y in points[1:]:
        await page.mouse.move(box["x"] + x, box["y"] + y, steps=8)
    await page.mouse.up()
    handle = await page.wait_for_function(
        f"""(before) => ({RESULT_SNAPSHOT_JS})() !== before
              && performance.timeOrigin + performance.now()""",
        arg=before,
        timeout=ACTION_TIMEOUT_MS,
        polling=10,
    )
    changed_at = await handle.json_value()
    latency = changed_at - await page.evaluate("() => window.__lastUp")
    await page.wait_for_function(IDLE_JS, timeout=ACTION_TIMEOUT_MS, polling=20)
    return latency


async def clear(page) -> float:
    """Press the canvas's bin; return ms until the page asks for a new drawing."""
    start = time.perf_counter()
    await page.locator(CLEAR_BUTTON).first.click()
    await wait_until(page, BLANK_JS)
    return (time.perf_counter() - start) * 1000


async def upload(page, name: str, png: bytes) -> float:
    """Replace the uploaded file with ``png``; return ms until its verdict is shown."""
    root = page.locator(".st-key-upload_files")
    delete = root.locator('[data-testid="stFileChipDeleteBtn"]')
    if await delete.count():
        await delete.first.click()
        await wait_until(page, f"!document.querySelector('{UPLOAD_CARD}')")
    start = time.perf_counter()
    await root.locator('input[type="file"]').set_input_files(
        files=[{"name": name, "mimeType": "image/png", "buffer": png}]
    )
    await wait_until(page, f"document.querySelector('{UPLOAD_CARD} .studio-verdict')")
    return (time.perf_counter() - start) * 1000


async def visitor(browser, url: str, session: int, args, tally: Tally) -> int:
    """One visitor: Predict page, then draw/upload until the deadline.

    Returns the number of draw+upload cycles done."""
    context = await browser.new_context(viewport=DESKTOP)
    page = await context.new_page()
    actions = 0
    try:
        start = time.perf_counter()
        await page.goto(f"{url}/predict", wait_until="domcontentloaded")
        await wait_until(page, BLANK_JS, timeout_ms=5 * ACTION_TIMEOUT_MS)
        tally.add("open Predict page", (time.perf_counter() - start) * 1000)
        deadline = time.monotonic() + args.seconds  # T counts once the page is open
        think = args.think
        while time.monotonic() < deadline and actions < args.max_actions:
            try:
                await asyncio.sleep(think)
                tally.add("switch tab", await open_tab(page, "Draw"))
                if actions:  # a new garment: the bin first, as a visitor would
                    await asyncio.sleep(think)
                    tally.add("clear canvas", await clear(page))
                for points in STROKES[session % 3 :: 3]:
                    await asyncio.sleep(think)
                    tally.add("stroke to bars", await stroke(page, points))
                await asyncio.sleep(think)
                tally.add("switch tab", await open_tab(page, "Upload"))
                png = garment_png(session * 1000 + actions)  # a new file each time
                await asyncio.sleep(think)
                tally.add(
                    "upload to result", await upload(page, f"s{session}.png", png)
                )
                await check_page(page, tally, session)
            except Exception as exc:  # noqa: BLE001 - every failure is counted
                tally.errors.append(f"session {session}: {type(exc).__name__}: {exc}")
                await page.goto(f"{url}/predict", wait_until="domcontentloaded")
                await wait_until(page, BLANK_JS)
            actions += 1
    finally:
        await context.close()
    return actions


def lower_priority(name: str, nice: int) -> int:
    """Renice this process's descendants whose command contains ``name``.

    The browsers stand in for visitors' own machines; at a lower priority they
    no longer take the server's CPU on equal terms. Renderers forked later
    inherit the niceness. Returns how many processes were reniced.
    """
    if nice <= 0:
        return 0
    count = 0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if name in command and _descends_from(int(proc.name), os.getpid()):
                os.setpriority(os.PRIO_PROCESS, int(proc.name), nice)
                count += 1
        except (OSError, ValueError):
            continue
    return count


def _descends_from(pid: int, ancestor: int) -> bool:
    while pid > 1:
        if pid == ancestor:
            return True
        stat = Path(f"/proc/{pid}/stat").read_text()
        pid = int(stat.rsplit(")", 1)[1].split()[1])
    return False


async def sample_memory(pid: int, every: float, samples: list, stop: asyncio.Event):
    start = time.monotonic()
    while not stop.is_set():
        samples.append((time.monotonic() - start, rss_mb(pid)))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=every)


async def run(args) -> None:
    from playwright.async_api import async_playwright

    env = {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(args.ttl)}
    tally = Tally()
    phases: list[list[object]] = []
    samples: list[tuple[float, float]] = []
    with running_app(env=env) as server:
        pid = server.proc.pid
        phases.append(["server started", rss_mb(pid)])
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            niced = lower_priority("chromium", args.browser_nice)
            # Warm-up visitor: loads the model and every code path once.
            warm = Tally()
            warm_args = argparse.Namespace(**{**vars(args), "max_actions": 1})
            await visitor(browser, server.url, 99, warm_args, warm)
            await asyncio.sleep(2)
            baseline = rss_mb(pid)
            phases.append(["warm baseline (after one visitor)", baseline])

            stop = asyncio.Event()
            sampler = asyncio.create_task(sample_memory(pid, args.every, samples, stop))
            start = time.monotonic()
            actions = await asyncio.gather(
                *(
                    visitor(browser, server.url, i, args, tally)
                    for i in range(args.sessions)
                )
            )
            elapsed = time.monotonic() - start
            phases.append(
                [
                    f"{args.sessions} sessions done (peak)",
                    max((m for _, m in samples), default=float("nan")),
                ]
            )
            phases.append(["all sessions closed", rss_mb(pid)])
            await browser.close()
            await asyncio.sleep(args.wait)
            stop.set()
            await sampler
        final = rss_mb(pid)
        phases.append([f"{args.wait:.0f} s later (TTL {args.ttl} s)", final])

    print_machine(f"Load: {args.sessions} sessions drawing and uploading")
    print(
        f"- sessions: {args.sessions}, planned {args.seconds} s, think {args.think} s,"
        f" browsers at nice {args.browser_nice} ({niced} processes),"
        f" ran {elapsed:.0f} s, "
        f"{sum(actions)} draw+upload cycles, {len(tally.errors)} errors\n"
    )
    rows = []
    timed = ("stroke to bars", "upload to result")
    for action, values in tally.times.items():
        p95 = percentile(values, 95)
        goal = "p95 <= 1000 ms" if action in timed else ""
        verdict = ("met" if p95 <= 1000 else "MISSED") if goal else ""
        rows.append(
            [
                action,
                len(values),
                median(values),
                p95,
                max(values),
                goal,
                verdict,
            ]
        )
    print_table(["response (ms)", "n", "p50", "p95", "max", "goal", "result"], rows)
    print_table(
        ["errors", "goal", "result"],
        [[len(tally.errors), "0", "met" if not tally.errors else "MISSED"]],
    )
    for error in tally.errors[:20]:
        print(f"- {error}")
    step = max(1, len(samples) // 12)
    print_table(["t (s)", "server RSS (MB)"], samples[::step] + samples[-1:])
    growth = final - baseline
    phases.append(["after TTL minus warm baseline", growth])
    print_table(["phase", "server RSS (MB)"], phases)
    print_table(
        ["memory back within 100 MB of warm baseline", "result"],
        [[f"{growth:+.0f} MB", "met" if growth <= 100 else "MISSED"]],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10, help="N browser contexts")
    parser.add_argument("--seconds", type=float, default=120, help="T, per session")
    parser.add_argument(
        "--max-actions",
        type=int,
        default=200,
        help="draw+upload cycles per session at most",
    )
    parser.add_argument(
        "--ttl",
        type=int,
        default=120,
        help="server.disconnectedSessionTTL for the server (s)",
    )
    parser.add_argument(
        "--wait",
        type=float,
        default=None,
        help="seconds to wait after closing (default TTL + 30)",
    )
    parser.add_argument("--every", type=float, default=5, help="memory sample (s)")
    parser.add_argument(
        "--browser-nice",
        type=int,
        default=0,
        help="run the browsers at this niceness (0: same priority as the server)",
    )
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="a visitor's pause before each action (s); 0 for back-to-back actions",
    )
    args = parser.parse_args()
    if args.sessions < 1 or args.sessions > 50:
        parser.error("--sessions must be between 1 and 50")
    if args.wait is None:
        args.wait = args.ttl + 30
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
