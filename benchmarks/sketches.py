"""Quick few-stroke drawings of five classes, as a visitor makes them on the canvas.

Each sketch is a list of strokes; each stroke a list of (x, y) points on the
280 x 280 canvas of the Predict page (white strokes on black). The benchmark and
the tests render them with Pillow (``render``); the browser tests draw the same
strokes with the mouse.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

CANVAS = 280
Stroke = list[tuple[int, int]]

SKETCHES: dict[str, list[list[Stroke]]] = {
    "Trouser": [
        # one outline: waist, outer leg, hem, crotch, inner leg, hem, outer leg
        [
            [
                (95, 30),
                (185, 30),
                (205, 250),
                (162, 250),
                (140, 100),
                (118, 250),
                (75, 250),
                (95, 30),
            ]
        ],
        # two legs as thick lines and a waistband
        [[(100, 35), (180, 35)], [(110, 35), (95, 250)], [(170, 35), (185, 250)]],
        # outline in two strokes, slightly slanted
        [
            [(100, 25), (175, 28), (195, 255), (158, 255), (138, 105)],
            [(138, 105), (118, 252), (82, 250), (100, 25)],
        ],
    ],
    "T-shirt/top": [
        [
            [
                (110, 40),
                (70, 55),
                (25, 110),
                (60, 135),
                (80, 115),
                (80, 250),
                (200, 250),
                (200, 115),
                (220, 135),
                (255, 110),
                (210, 55),
                (170, 40),
                (140, 65),
                (110, 40),
            ]
        ],
        # body and two sleeves as separate strokes
        [
            [(85, 50), (85, 245), (195, 245), (195, 50), (85, 50)],
            [(85, 55), (35, 115), (70, 135), (88, 110)],
            [(195, 55), (245, 115), (210, 135), (192, 110)],
        ],
        # a blockier T
        [
            [
                (60, 45),
                (220, 45),
                (255, 120),
                (205, 130),
                (205, 240),
                (75, 240),
                (75, 130),
                (25, 120),
                (60, 45),
            ]
        ],
    ],
    "Bag": [
        # body and a handle
        [
            [(40, 110), (240, 110), (230, 250), (50, 250), (40, 110)],
            [(95, 110), (105, 55), (175, 55), (185, 110)],
        ],
        # rounder tote
        [
            [(35, 120), (245, 120), (235, 235), (45, 235), (35, 120)],
            [(90, 120), (140, 45), (190, 120)],
        ],
        # a box with a short strap
        [
            [(30, 95), (250, 95), (250, 240), (30, 240), (30, 95)],
            [(110, 95), (115, 60), (165, 60), (170, 95)],
        ],
    ],
    "Sneaker": [
        # side view, toe to the left: sole, heel, ankle opening, tongue, laces
        [
            [
                (20, 200),
                (262, 200),
                (264, 165),
                (248, 118),
                (215, 112),
                (190, 130),
                (160, 105),
                (105, 140),
                (55, 160),
                (22, 178),
                (20, 200),
            ]
        ],
        # sole, then the upper in one stroke
        [
            [(20, 195), (260, 195)],
            [
                (22, 193),
                (40, 165),
                (100, 150),
                (150, 110),
                (185, 125),
                (215, 108),
                (250, 115),
                (258, 193),
            ],
        ],
        # flatter trainer
        [
            [
                (20, 200),
                (255, 200),
                (255, 150),
                (225, 120),
                (190, 135),
                (150, 115),
                (60, 155),
                (20, 175),
                (20, 200),
            ]
        ],
    ],
    "Ankle boot": [
        # shaft on the right, toe to the left, like the dataset's boots
        [
            [
                (150, 50),
                (235, 50),
                (240, 225),
                (30, 225),
                (35, 190),
                (100, 170),
                (150, 140),
                (150, 50),
            ]
        ],
        # two strokes: shaft, then foot
        [
            [(145, 55), (230, 55), (235, 220)],
            [(145, 55), (145, 145), (90, 170), (35, 185), (30, 220), (235, 220)],
        ],
        # chunkier boot with a heel
        [
            [
                (140, 45),
                (225, 45),
                (230, 205),
                (245, 205),
                (245, 235),
                (25, 235),
                (30, 195),
                (95, 175),
                (140, 150),
                (140, 45),
            ]
        ],
    ],
}


def render(strokes: list[Stroke], width: int = 20, size: int = CANVAS) -> np.ndarray:
    """Draw white ``width``-px strokes on a black canvas; return (size, size, 4) RGBA.

    Mimics the canvas' free-drawing brush: round caps and joins, fully opaque.
    """
    img = Image.new("RGBA", (size, size), (0, 0, 0, 255))
    draw = ImageDraw.Draw(img)
    scale = size / CANVAS
    radius = width / 2
    for stroke in strokes:
        points = [(x * scale, y * scale) for x, y in stroke]
        draw.line(points, fill=(255, 255, 255, 255), width=width, joint="curve")
        for x, y in points:
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill="white")
    return np.asarray(img).copy()


def all_sketches() -> list[tuple[str, list[Stroke]]]:
    """Return (class name, strokes) for every sketch, in a fixed order."""
    return [(name, strokes) for name, items in SKETCHES.items() for strokes in items]
