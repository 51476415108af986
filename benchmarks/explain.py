"""Benchmark explain by example: the map page, placing an input, memory, the build.

Run (from the repository root):

    nice -n 19 .venv/bin/python -m benchmarks.explain [--runs 3] [--build]

Measures, on this machine:

- the map page's first render in Chromium (goal <= 2 s): a sidebar click to the
  map drawn and the run finished, on a fresh server (the map file is loaded, and
  the browser loads Plotly for the first chart it shows, unless it had an idle
  moment to load it ahead: ``--pauses``) and again; a deep link in
  a new browser context, beside Home's deep link (what every page pays to load
  Streamlit itself); ``--runs`` fresh servers;
- placing an input and finding its 8 nearest training images (goal <= 100 ms):
  ``embedding.place`` on the 420 held-out sketches, in process;
- the server's extra memory for the map (goal <= 100 MB): RSS after Home and
  Predict, then after the map page;
- with ``--build``, the offline build (features of 65,000 images, PCA, openTSNE)
  and the size of the files and of openTSNE's installation.
"""

from __future__ import annotations

import argparse
import importlib.util
import time
from pathlib import Path

import numpy as np

from benchmarks.common import (
    launch_browser,
    median,
    new_tab,
    percentile,
    prepare_drawing,
    print_machine,
    print_table,
    rss_mb,
    running_app,
    wait_charts,
    wait_until,
)

MAP_DRAWN = "!!document.querySelector('.st-key-map_chart .js-plotly-plot .main-svg')"
HEADING = "!!document.querySelector('h1')"


def _seconds_until(tab, condition: str, action) -> float:
    start = time.perf_counter()
    action()
    wait_until(tab, condition, timeout_ms=300_000)
    if condition == MAP_DRAWN:
        wait_charts(tab)
    return time.perf_counter() - start


def page_render(runs: int, pause: float) -> list[list[object]]:
    """Return one row per fresh server: the map page opened from the sidebar (cold
    server, then warm), a deep link in a new browser context (Home's deep link in
    a new context as the baseline every page pays), and the server's RSS.

    ``pause``: seconds the visitor spends on Predict before clicking (0: at once,
    before the browser was ever idle enough to load the chart code ahead).
    """
    from playwright.sync_api import sync_playwright

    rows: list[list[object]] = []
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        for run in range(1, runs + 1):
            with running_app() as server:
                pid = server.proc.pid
                tab = new_tab(browser)
                for path in ("", "predict"):  # the model and data are warm
                    tab.goto(f"{server.url}/{path}", wait_until="domcontentloaded")
                    wait_until(tab, HEADING, timeout_ms=300_000)
                time.sleep(pause)
                before = rss_mb(pid)
                link = tab.get_by_role("link", name="Explain by example").first
                cold = _seconds_until(tab, MAP_DRAWN, link.click)
                after = rss_mb(pid)
                tab.get_by_role("link", name="Predict").first.click()
                wait_until(tab, HEADING, timeout_ms=300_000)
                warm = _seconds_until(tab, MAP_DRAWN, link.click)
                fresh = new_tab(browser)
                deep = _seconds_until(
                    fresh,
                    MAP_DRAWN,
                    lambda t=fresh: t.goto(
                        f"{server.url}/explain", wait_until="domcontentloaded"
                    ),
                )
                home = new_tab(browser)
                baseline = _seconds_until(
                    home,
                    HEADING,
                    lambda t=home: t.goto(server.url, wait_until="domcontentloaded"),
                )
                row: list[object] = [run, pause, cold, warm, deep, baseline, before]
                rows.append([*row, after - before])
        browser.close()
    return rows


def placement_times() -> tuple[list[float], float]:
    """Return per-input seconds of ``embedding.place`` on the held-out sketches and
    the share of sketches whose 8 neighbours are mostly of the sketch's class."""
    from benchmarks import sketch_set
    from fashion_cnn import data, embedding, models

    model = models.load(models.model_path())
    example_map = embedding.load_map_for(models.model_path())
    labels = data.load_dataset().y_train
    times, agree = [], []
    for sketch in sketch_set.SKETCH_SET:
        label = sketch.label
        canvas = sketch_set.render(sketch.strokes, sketch.brush)
        image28 = prepare_drawing(canvas).image28
        start = time.perf_counter()
        placement = embedding.place(image28, model, example_map)
        times.append(time.perf_counter() - start)
        class_id = data.CLASS_NAMES.index(label)
        agree.append(np.mean(labels[placement.train_indices] == class_id) > 0.5)
    return times[1:], float(np.mean(agree))  # the first call traces the graph


def build() -> list[list[object]]:
    """Build a map into a temp folder; return rows of what it costs."""
    import shutil
    import tempfile

    from fashion_cnn import data, embedding, models

    dataset = data.load_dataset()
    with tempfile.TemporaryDirectory() as folder:
        model_file = Path(folder) / "studio.keras"
        shutil.copy(models.model_path(), model_file)
        model = models.load(model_file)
        start = time.perf_counter()
        path = embedding.write_map(model, model_file, dataset)
        seconds = time.perf_counter() - start
        size = path.stat().st_size / 1e6
    spec = importlib.util.find_spec("openTSNE")
    package = Path(spec.origin).parent if spec and spec.origin else None
    installed = (
        sum(p.stat().st_size for p in package.rglob("*") if p.is_file()) / 1e6
        if package
        else float("nan")
    )
    return [
        ["build (features of 65,000 images, PCA, openTSNE)", f"{seconds:.0f} s"],
        ["studio.map.npz", f"{size:.1f} MB"],
        ["openTSNE installed (requirements-dev.txt only)", f"{installed:.1f} MB"],
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--pauses",
        type=float,
        nargs="+",
        default=[0.0, 5.0],
        help="seconds on Predict before the click, one set of runs each",
    )
    parser.add_argument("--build", action="store_true")
    args = parser.parse_args(argv)
    print_machine("Explain by example")

    times, agree = placement_times()
    ms = [t * 1000 for t in times]
    print("Placing an input and finding its 8 nearest training images (in process):\n")
    print_table(
        ["inputs", "p50 (ms)", "p95 (ms)", "max (ms)", "neighbours mostly its class"],
        [[len(ms), median(ms), percentile(ms, 95), max(ms), f"{agree:.1%}"]],
    )
    rows = [row for pause in args.pauses for row in page_render(args.runs, pause)]
    print("The map page in Chromium (after Home and Predict, on a fresh server):\n")
    print_table(
        [
            "run",
            "on Predict before (s)",
            "sidebar click, first (s)",
            "sidebar click, again (s)",
            "deep link, new browser (s)",
            "Home deep link, new browser (s)",
            "RSS before (MB)",
            "map's extra RSS (MB)",
        ],
        rows,
    )
    if args.build:
        print("The offline build:\n")
        print_table(["what", "cost"], build())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
