"""Fashion-MNIST CNN Studio: data, models, training and explanations (no UI code)."""

from __future__ import annotations

__version__ = "0.1.0"
