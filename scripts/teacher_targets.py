"""Write the teacher's probabilities that the studio recipe learns from.

Usage: ``python scripts/teacher_targets.py [--commit 8619312] [--out PATH]``

The teacher is the 10-view ``studio`` shipped on 2026-11-21 (94.65% on the test set),
taken from the project's own git history
(``git show COMMIT:assets/models/studio.keras``; its test-time-view layers live in
``benchmarks/legacy_views.py``). It answers once
for each of the 60,000 training-file images, in the file's order; the result goes to
``assets/models/studio.teacher.npz`` (``fashion_cnn.distillation``). Prints the
teacher's accuracy on the validation split and the test set as a check.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: make the project importable
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402

import benchmarks.legacy_views  # noqa: E402, F401 - the teacher's custom layers
from fashion_cnn import data, distillation, metrics, models  # noqa: E402

TEACHER_COMMIT = "8619312"  # "Ship studio (94.65% test, ...)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commit", default=TEACHER_COMMIT)
    parser.add_argument("--out", type=Path, default=distillation.TEACHER_FILE)
    args = parser.parse_args(argv)
    blob = subprocess.run(
        ["git", "show", f"{args.commit}:assets/models/studio.keras"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "teacher.keras"
        path.write_bytes(blob)
        teacher = keras.saving.load_model(path, compile=False)
    dataset = data.load_dataset()
    probs = models.predict_in_batches(teacher, dataset.x_train)
    _, val_rows = data.split_indices(dataset.y_train)
    val = metrics.top_k_accuracy(dataset.y_train[val_rows], probs[val_rows], 1)
    test_probs = models.predict_in_batches(teacher, dataset.x_test)
    test = metrics.top_k_accuracy(dataset.y_test, test_probs, 1)
    print(f"teacher {args.commit}: validation {val:.2%}, test {test:.2%}")
    source = {
        "model": f"git show {args.commit}:assets/models/studio.keras",
        "views": "10 (mirror x five 1-pixel shifts), averaged",
        "validation_accuracy": f"{val:.4f}",
        "test_accuracy": f"{test:.4f}",
    }
    print(f"wrote {distillation.save_targets(args.out, probs, source)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
