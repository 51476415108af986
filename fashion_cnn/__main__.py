"""Command line: ``python -m fashion_cnn {train,derive,evaluate,predict,export}``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def _import_tensorflow_quietly() -> None:
    """Import TensorFlow with the process's stderr silenced for the import only.

    TensorFlow 2.21 prints two "oneDNN custom operations are on" lines through
    absl before any log level applies (TF_CPP_MIN_LOG_LEVEL does not stop them);
    Python errors still surface, raised after stderr is restored.
    """
    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        import tensorflow  # noqa: F401
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def _positive_int(text: str) -> int:
    value = int(text)  # argparse turns a ValueError into a usage message
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {text}")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be above 0, got {text}")
    return value


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m fashion_cnn", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p_train = sub.add_parser(
        "train", help="train a recipe and save NAME.keras + NAME.json"
    )
    p_train.add_argument("--model", default="studio", help="recipe name")
    p_train.add_argument("--epochs", type=_positive_int, default=None)
    p_train.add_argument("--batch-size", type=_positive_int, default=None)
    p_train.add_argument("--learning-rate", type=_positive_float, default=None)
    p_train.add_argument(
        "--train-size", type=_positive_int, default=None, help="subset size"
    )
    p_train.add_argument("--no-augment", action="store_true")
    p_train.add_argument("--seed", type=int, default=42)
    p_train.add_argument("--out", type=Path, default=None, help="output folder")
    p_train.add_argument("--data-dir", type=Path, default=None)

    p_derive = sub.add_parser(
        "derive",
        help="remake the files derived from shipped models (calibration, test "
        "scores, the default model's map and ONNX copy)",
    )
    p_derive.add_argument(
        "names", nargs="*", help="model names (default: every shipped model)"
    )
    p_derive.add_argument("--data-dir", type=Path, default=None)

    p_eval = sub.add_parser("evaluate", help="print test-set metrics as JSON")
    p_eval.add_argument(
        "--model", type=Path, default=None, help="path to a .keras file"
    )
    p_eval.add_argument("--data-dir", type=Path, default=None)

    p_pred = sub.add_parser("predict", help="top-3 classes for image files")
    p_pred.add_argument(
        "--model", type=Path, default=None, help="path to a .keras file"
    )
    p_pred.add_argument("--json", action="store_true", help="print JSON lines")
    p_pred.add_argument("images", nargs="+", type=Path)

    p_export = sub.add_parser("export", help="write a model in another format")
    p_export.add_argument("--format", choices=["onnx"], default="onnx")
    p_export.add_argument(
        "--model", type=Path, default=None, help="path to a .keras file"
    )
    p_export.add_argument(
        "--out", type=Path, default=None, help="output file (default: beside it)"
    )

    args = parser.parse_args(argv)
    _import_tensorflow_quietly()
    commands = {
        "export": _export,
        "train": _train,
        "derive": _derive,
        "evaluate": _evaluate,
        "predict": _predict,
    }
    try:
        return commands[args.command](args)
    except _Refused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _train(args: argparse.Namespace) -> int:
    from fashion_cnn import derived, models, training

    if args.model not in models.RECIPES:
        raise _Refused(
            f"unknown model {args.model!r}; choose one of {', '.join(models.RECIPES)}"
        )
    dataset = _load_dataset(args.data_dir)
    config = training.TrainConfig(
        recipe=args.model,
        epochs=args.epochs,
        batch_size=args.batch_size,
        learning_rate=args.learning_rate,
        augment=not args.no_augment,
        train_size=args.train_size,
        seed=args.seed,
    )
    verbose = 1 if sys.stdout.isatty() else 2
    result = training.train(config, dataset, verbose=verbose)
    card = training.build_card(result, dataset)
    path = training.save_atomic(result.model, card, args.out or models.ASSETS_DIR)
    for written in derived.refresh(result.model, path, dataset):
        print(f"wrote {written}")
    print(
        f"saved {path}: test accuracy {card['test_accuracy']:.4f}, "
        f"validation {card['validation_accuracy']:.4f}, "
        f"{card['parameters']:,} parameters, {card['train_seconds']:.0f} s"
    )
    return 0


def _derive(args: argparse.Namespace) -> int:
    from fashion_cnn import derived, models

    names = args.names or models.list_models()
    unknown = [n for n in names if not models.model_path(n).is_file()]
    if unknown:
        raise _Refused(
            f"no shipped model named {', '.join(unknown)}; "
            f"choose from {', '.join(models.list_models())}"
        )
    dataset = _load_dataset(args.data_dir)
    if models.DEFAULT_MODEL in names and not derived.can_build_map():
        print(
            "note: openTSNE is not installed, so the map is not rebuilt "
            "(pip install -r requirements-dev.txt)"
        )
    for name in names:
        path = models.model_path(name)
        for written in derived.refresh(_load_model(path), path, dataset):
            print(f"wrote {written}")
    return 0


class _Refused(Exception):
    """A bad argument, explained in one line (the command exits with status 2)."""


def _load_model(path: Path | None):
    """Load ``path`` (default: the shipped model); a bad file becomes _Refused."""
    from fashion_cnn import models

    try:
        return models.load(path or models.model_path())
    except (FileNotFoundError, ValueError) as exc:
        raise _Refused(str(exc)) from exc


def _load_dataset(directory: Path | None):
    from fashion_cnn import data

    try:
        return data.load_dataset(directory)
    except data.DatasetError as exc:
        raise _Refused(str(exc)) from exc


def _export(args: argparse.Namespace) -> int:
    from fashion_cnn import models

    source = args.model or models.model_path()
    model = _load_model(source)
    target = models.export_onnx(
        model, args.out or Path(source).with_suffix(".onnx"), models.fingerprint(source)
    )
    print(f"wrote {target}")
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from fashion_cnn import metrics, models

    path = args.model or models.model_path()
    model = _load_model(path)
    dataset = _load_dataset(args.data_dir)
    report = metrics.summarize_predictions(
        dataset.y_test, models.predict_in_batches(model, dataset.x_test)
    )
    report = {"model": str(path), "parameters": int(model.count_params()), **report}
    print(json.dumps(report, indent=1))
    return 0


def _predict(args: argparse.Namespace) -> int:
    from fashion_cnn import data, models, preprocessing

    model = _load_model(args.model)
    failed = False
    for path in args.images:
        try:
            prepared = preprocessing.prepare_upload(path.read_bytes(), path.name)
        except (OSError, preprocessing.ImageError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else str(exc)
            if args.json:
                print(json.dumps({"image": str(path), "error": reason}))
            else:
                print(f"{path}: {reason}", file=sys.stderr)
            failed = True
            continue
        probs = models.predict_probabilities(model, prepared.batch)[0]
        top = probs.argsort()[::-1][:3]
        ranked = [(data.CLASS_NAMES[i], float(probs[i])) for i in top]
        if args.json:
            print(json.dumps({"image": str(path), "top3": ranked}))
        else:
            text = ", ".join(f"{name} {p:.1%}" for name, p in ranked)
            print(f"{path}: {text}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
