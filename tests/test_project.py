"""What the project declares about itself holds: installable, pinned, Python 3.11+."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_package_builds_as_a_wheel_with_its_dependencies(tmp_path: Path) -> None:
    """`pip install .` works: the wheel holds every module and declares what it
    imports (built offline, with the setuptools that requirements.txt pins, from a
    copy so that no build folder is left in the checkout)."""
    source = tmp_path / "source"
    shutil.copytree(ROOT / "fashion_cnn", source / "fashion_cnn")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-q", str(source), "-w", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    (wheel,) = tmp_path.glob("fashion_cnn_studio-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        (metadata,) = [n for n in names if n.endswith("METADATA")]
        requires = archive.read(metadata).decode()
    modules = {f"fashion_cnn/{p.name}" for p in (ROOT / "fashion_cnn").glob("*.py")}
    assert modules <= names
    for package in ("tensorflow-cpu", "keras", "numpy", "pillow", "opencv"):
        assert f"Requires-Dist: {package}" in requires


def test_requirements_txt_pins_every_package() -> None:
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    requirements = [line for line in lines if line and not line.startswith(" ")]
    requirements = [line for line in requirements if not line.startswith("#")]
    assert len(requirements) > 50  # the whole tree, not only the direct ones
    for line in requirements:
        assert re.match(r"^[A-Za-z0-9_.\-\[\]]+==[^ ;]+( ; .+)?$", line), line
    direct = (ROOT / "requirements.in").read_text()
    for name in ("streamlit", "keras", "plotly", "pandas"):
        assert name in direct and re.search(rf"^{name}==", "\n".join(lines), re.M)


def test_python_3_11_or_newer_everywhere() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert config["project"]["requires-python"] == ">=3.11"
    assert config["tool"]["ruff"]["target-version"] == "py311"
    assert sys.version_info >= (3, 11)
