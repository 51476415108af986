"""`python -m fashion_cnn`: a real round trip through train, evaluate and predict."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from fashion_cnn import data, scores

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "fashion_cnn", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("models")
    done = run_cli(
        "train", "--model", "cnn_3conv", "--epochs", "1", "--train-size", "3000",
        "--out", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "saved" in done.stdout
    return out / "cnn_3conv.keras"


def test_train_writes_model_and_card(tiny_model: Path) -> None:
    assert tiny_model.is_file()
    card = json.loads(tiny_model.with_suffix(".json").read_text())
    assert card["name"] == "cnn_3conv" and card["epochs"] == 1
    assert card["parameters"] == 93322
    assert [p.name for p in tiny_model.parent.iterdir() if p.name.startswith(".")] == []
    # its test scores, made in the same step (the map is only for the default model)
    stored = scores.load_scores_for(tiny_model)
    assert stored is not None and stored.shape == (10000, 10)
    assert np.mean(
        stored.argmax(axis=1) == data.load_dataset().y_test
    ) == pytest.approx(card["test_accuracy"], abs=5e-4)


def test_evaluate_prints_metrics_as_json(tiny_model: Path) -> None:
    done = run_cli("evaluate", "--model", str(tiny_model))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    card = json.loads(tiny_model.with_suffix(".json").read_text())
    assert abs(report["accuracy"] - card["test_accuracy"]) < 1e-6
    assert np.array(report["confusion_matrix"]).sum() == 10000
    assert "oneDNN" not in done.stderr  # TensorFlow's start-up lines are hidden


def test_predict_top3_and_bad_files(
    tiny_model: Path, dataset: data.Dataset, tmp_path: Path
) -> None:
    index = int(np.flatnonzero(dataset.y_test == 1)[0])  # a pair of trousers
    good = tmp_path / "trouser.png"
    Image.fromarray(dataset.x_test[index]).save(good)
    bad = tmp_path / "notes.png"
    bad.write_text("this is text, not an image")
    done = run_cli("predict", "--model", str(tiny_model), "--json", str(bad), str(good))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    failure, *lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert failure["image"] == str(bad) and "not an image" in failure["error"]
    assert len(lines) == 1 and lines[0]["image"] == str(good)
    top3 = lines[0]["top3"]
    assert len(top3) == 3 and top3[0][0] == "Trouser"
    assert top3[0][1] >= top3[1][1] >= top3[2][1]


@pytest.mark.parametrize(
    "args",
    [
        ("predict", "--model", "missing.keras", "x.png"),
        ("predict", "--model", "README.md", "x.png"),  # not a Keras file
        ("evaluate", "--model", "pyproject.toml"),
        ("export", "--model", "missing.keras"),
        ("train", "--model", "resnet9000"),
        ("train", "--epochs", "0"),
        ("train", "--learning-rate", "-1"),
        ("predict",),  # no image
        ("derive", "resnet9000"),
    ],
)
def test_bad_arguments_get_one_line_and_no_traceback(args: tuple[str, ...]) -> None:
    done = run_cli(*args)
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert "error:" in done.stderr


def test_predict_json_reports_failures_as_json_lines(tmp_path: Path) -> None:
    bad = tmp_path / "notes.png"
    bad.write_text("text, not an image")
    missing = tmp_path / "nowhere.png"
    done = run_cli("predict", "--json", str(bad), str(missing))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["image"] for line in lines] == [str(bad), str(missing)]
    assert all(line["error"] for line in lines)
