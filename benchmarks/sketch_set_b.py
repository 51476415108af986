"""A second held-out set of hand-drawn garment sketches (set B), five per class.

Written on 2026-12-01 by someone who never saw the model, the preprocessing or
the results on the first set (``benchmarks/sketch_set.py``), and who did not
copy or adapt the first set's drawings: only its data format and helpers are
reused. The templates are drawn the way different visitors quickly draw on the
280 x 280 canvas of the Predict page (white strokes on black): a few straight
segments, closed outlines and open ones, one stroke or several, with and without
interior details (collars, buttons, zips, pockets, belts, laces, soles, straps,
heels, handles, flaps), some filling the canvas and some smaller, shoes facing
left and right. Each template yields the same six deterministic variants as
the first set (``variants``): as drawn, small, off-centre, thin brush, thick
brush and a wobbly hand.

This set must never be reshaped to suit a model: the only edits ever allowed
are to make a drawing read as its class to a human eye.

Run ``python -m benchmarks.sketch_set_b [sheet.png]`` from the repository root
to write a contact sheet of every template and print the counts per class.
"""

from __future__ import annotations

import sys

from benchmarks.sketch_set import (
    CANVAS,
    Sketch,
    Template,
    _mirror,
    _t,
    contact_sheet,
    render,
    variants,
)
from fashion_cnn.data import CLASS_NAMES

__all__ = ["CANVAS", "SKETCH_SET_B", "TEMPLATES_B", "main", "render"]


# fmt: off
TEMPLATES_B: dict[str, list[Template]] = {
    "T-shirt/top": [
        _t("b_tee_boxy", "one outline, boxy body, flat rectangular short sleeves",
           [(112, 40), (62, 40), (16, 58), (16, 108), (68, 108), (68, 258),
            (212, 258), (212, 108), (264, 108), (264, 58), (218, 40), (168, 40),
            (156, 62), (124, 62), (112, 40)]),
        _t("b_tank_top", "sleeveless tank: thin straps, scoop neck, deep armholes",
           [(92, 22), (86, 72), (66, 108), (66, 256), (214, 256), (214, 108),
            (194, 72), (188, 22), (166, 22), (158, 72), (140, 86), (122, 72),
            (114, 22), (92, 22)]),
        _t("b_tee_strokes", "smaller: body, shoulders/neck and each sleeve apart",
           [(98, 84), (98, 216), (182, 216), (182, 84)],
           [(98, 84), (120, 72), (130, 86), (150, 86), (160, 72), (182, 84)],
           [(98, 84), (58, 112), (74, 136), (98, 120)],
           [(182, 84), (222, 112), (206, 136), (182, 120)]),
        _t("b_tee_pocket", "crew neck tee with slanted sleeves and a chest pocket",
           [(115, 48), (78, 56), (30, 100), (56, 134), (84, 114), (84, 248),
            (196, 248), (196, 114), (224, 134), (250, 100), (202, 56), (165, 48),
            (152, 66), (128, 66), (115, 48)],
           [(140, 104), (180, 104), (180, 146), (140, 146), (140, 104)]),
        _t("b_tee_raglan", "raglan tee: open hem, seams from neck to underarms",
           [(72, 246), (72, 112), (40, 136), (18, 100), (110, 34), (128, 50),
            (152, 50), (170, 34), (262, 100), (240, 136), (208, 112), (208, 246)],
           [(110, 34), (72, 112)],
           [(170, 34), (208, 112)],
           [(72, 246), (208, 246)]),
    ],
    "Trouser": [
        _t("b_trouser_outline", "one closed outline with a separate waistband line",
           [(82, 18), (198, 18), (214, 266), (160, 266), (140, 108), (120, 266),
            (66, 266), (82, 18)],
           [(82, 46), (198, 46)]),
        _t("b_trouser_legs", "two separate legs, then a waistband across the top",
           [(88, 42), (72, 262), (126, 262), (138, 104)],
           [(192, 42), (208, 262), (154, 262), (142, 104)],
           [(82, 36), (198, 36)]),
        _t("b_trouser_fly", "slim outline with fly line and slanted hip pockets",
           [(92, 24), (188, 24), (200, 264), (156, 264), (140, 118), (124, 264),
            (80, 264), (92, 24)],
           [(140, 24), (140, 86)],
           [(114, 24), (94, 62)],
           [(166, 24), (186, 62)]),
        _t("b_trouser_wide", "wide flared legs, open shape: hems left out",
           [(102, 28), (178, 28)],
           [(102, 28), (58, 266)],
           [(112, 266), (140, 118), (168, 266)],
           [(178, 28), (222, 266)]),
        _t("b_trouser_small", "smaller straight trousers with a belt line",
           [(100, 54), (180, 54), (190, 236), (152, 236), (140, 122), (128, 236),
            (90, 236), (100, 54)],
           [(100, 80), (180, 80)]),
    ],
    "Pullover": [
        _t("b_pull_outline", "one closed outline, sleeves angled down to the wrists",
           [(116, 40), (76, 50), (24, 214), (52, 228), (82, 112), (82, 250),
            (198, 250), (198, 112), (228, 228), (256, 214), (204, 50), (164, 40),
            (152, 58), (128, 58), (116, 40)]),
        _t("b_pull_ribbed", "sleeves hanging down, ribbed cuff and hem band lines",
           [(118, 30), (72, 40), (30, 244), (64, 254), (86, 122), (86, 262),
            (194, 262), (194, 122), (216, 254), (250, 244), (208, 40), (162, 30),
            (152, 50), (128, 50), (118, 30)],
           [(36, 218), (70, 228)],
           [(244, 218), (210, 228)],
           [(86, 236), (194, 236)]),
        _t("b_pull_parts", "body box, neck arc and two long sleeves drawn apart",
           [(96, 62), (96, 238), (184, 238), (184, 62), (96, 62)],
           [(120, 62), (130, 80), (150, 80), (160, 62)],
           [(96, 62), (42, 196), (68, 210), (96, 126)],
           [(184, 62), (238, 196), (212, 210), (184, 126)]),
        _t("b_pull_turtleneck", "turtleneck box on top of a long-sleeved body",
           [(112, 16), (168, 16), (168, 50), (112, 50), (112, 16)],
           [(112, 50), (74, 60), (36, 230), (64, 240), (88, 124), (88, 256),
            (192, 256), (192, 124), (216, 240), (244, 230), (206, 60), (168, 50)]),
        _t("b_pull_vneck_fill", "fills the canvas: V-neck, drop shoulders, cuffs",
           [(108, 10), (50, 26), (8, 232), (44, 244), (70, 104), (70, 270),
            (210, 270), (210, 104), (236, 244), (272, 232), (230, 26), (172, 10),
            (140, 64), (108, 10)],
           [(12, 208), (48, 220)],
           [(268, 208), (232, 220)]),
    ],
    "Dress": [
        _t("b_dress_aline", "sleeveless A-line: straps, V neckline, one outline",
           [(104, 20), (124, 20), (140, 52), (156, 20), (176, 20), (182, 66),
            (166, 120), (222, 262), (58, 262), (114, 120), (98, 66), (104, 20)]),
        _t("b_dress_sleeves", "short sleeves, fitted waist with belt, flared skirt",
           [(122, 24), (94, 32), (66, 60), (84, 80), (100, 66), (108, 122),
            (54, 264), (226, 264), (172, 122), (180, 66), (196, 80), (214, 60),
            (186, 32), (158, 24), (150, 40), (130, 40), (122, 24)],
           [(108, 122), (172, 122)]),
        _t("b_dress_strokes", "bodice, skirt and two straps as separate strokes",
           [(110, 72), (106, 126), (174, 126), (170, 72), (110, 72)],
           [(106, 126), (56, 256), (224, 256), (174, 126)],
           [(116, 72), (112, 24)],
           [(164, 72), (168, 24)]),
        _t("b_dress_slip_small", "smaller slip dress on thin straps, slight flare",
           [(112, 50), (108, 100), (118, 140), (96, 236), (184, 236), (162, 140),
            (172, 100), (168, 50)],
           [(108, 100), (140, 112), (172, 100)]),
        _t("b_dress_gown", "long halter gown: neck ring, waist seam, wavy hem",
           [(126, 18), (154, 18)],
           [(126, 18), (104, 70), (116, 124), (60, 232), (80, 256), (100, 236),
            (120, 258), (140, 238), (160, 258), (180, 236), (200, 256), (220, 232),
            (164, 124), (176, 70), (154, 18)],
           [(116, 124), (164, 124)]),
    ],
    "Coat": [
        _t("b_coat_buttons", "long coat outline, V collar and a row of buttons",
           [(112, 18), (70, 30), (22, 222), (50, 232), (78, 108), (78, 268),
            (202, 268), (202, 108), (230, 232), (258, 222), (210, 30), (168, 18),
            (140, 70), (112, 18)],
           [(140, 100)], [(140, 146)], [(140, 192)], [(140, 238)]),
        _t("b_coat_trench", "trench: lapels, belt at the waist, two pockets",
           [(110, 16), (72, 28), (28, 220), (56, 230), (82, 110), (80, 268),
            (200, 268), (198, 110), (224, 230), (252, 220), (208, 28), (170, 16),
            (140, 96), (110, 16)],
           [(110, 16), (124, 58), (106, 70), (140, 96)],
           [(170, 16), (156, 58), (174, 70), (140, 96)],
           [(80, 150), (200, 150)],
           [(96, 196), (124, 196)], [(156, 196), (184, 196)]),
        _t("b_coat_parka", "parka: stand collar, full zip line, patch pockets",
           [(108, 20), (108, 40), (70, 52), (30, 226), (58, 236), (84, 118),
            (84, 268), (196, 268), (196, 118), (222, 236), (250, 226), (210, 52),
            (172, 40), (172, 20), (108, 20)],
           [(140, 22), (140, 266)],
           [(98, 180), (124, 180), (124, 226), (98, 226), (98, 180)],
           [(156, 180), (182, 180), (182, 226), (156, 226), (156, 180)]),
        _t("b_coat_parts", "open front: two body halves, sleeves and collar apart",
           [(136, 32), (92, 44), (92, 264), (136, 264), (136, 32)],
           [(144, 32), (188, 44), (188, 264), (144, 264), (144, 32)],
           [(92, 44), (46, 212), (72, 222), (92, 130)],
           [(188, 44), (234, 212), (208, 222), (188, 130)],
           [(118, 38), (112, 16), (136, 32)], [(162, 38), (168, 16), (144, 32)]),
        _t("b_coat_double_small", "smaller double-breasted coat, two button rows",
           [(122, 40), (96, 48), (62, 200), (82, 208), (102, 112), (102, 240),
            (178, 240), (178, 112), (198, 208), (218, 200), (184, 48), (158, 40),
            (140, 74), (122, 40)],
           [(124, 110)], [(156, 110)], [(124, 150)], [(156, 150)], [(124, 190)],
           [(156, 190)]),
    ],
    "Sandal": [
        _t("b_sandal_flat", "facing left: thin sole slab, toe, instep, heel straps",
           [(20, 222), (32, 208), (250, 208), (262, 222), (250, 236), (32, 236),
            (20, 222)],
           [(44, 208), (54, 182), (76, 172), (98, 182), (108, 208)],
           [(128, 208), (138, 172), (162, 158), (186, 172), (194, 208)],
           [(214, 208), (216, 140), (248, 138), (250, 208)]),
        _t("b_sandal_heel", "high-heeled, facing left: sloped sole, stiletto, straps",
           [(20, 226), (100, 222), (176, 180), (238, 132)],
           [(232, 140), (236, 250)],
           [(36, 224), (62, 190), (92, 222)],
           [(200, 156), (212, 96), (248, 96), (240, 132)]),
        _t("b_sandal_tbar", "facing right: toe band, instep strap, ankle strap, heel",
           *_mirror(
               [(18, 232), (250, 232), (250, 254), (222, 254), (222, 232)],
               [(38, 232), (52, 198), (84, 188), (112, 232)],
               [(132, 232), (146, 186), (178, 160)],
               [(242, 232), (242, 146), (178, 160)])),
        _t("b_sandal_slide", "slide: thin sole and one broad band over the toes",
           [(50, 196), (236, 196), (240, 180)],
           [(64, 196), (86, 150), (134, 142), (150, 196)]),
        _t("b_sandal_cross", "facing left: toe strap, crossed straps, heel block",
           [(16, 216), (244, 216), (248, 242), (216, 242), (212, 216)],
           [(34, 216), (48, 186), (80, 178), (104, 216)],
           [(112, 216), (190, 136)],
           [(120, 140), (196, 216)],
           [(120, 140), (190, 136), (236, 130), (236, 216)]),
    ],
    "Shirt": [
        _t("b_shirt_collar", "long sleeves, pointed collar, placket and buttons",
           [(140, 52), (128, 74), (116, 34), (76, 44), (30, 220), (58, 230),
            (84, 110), (84, 262), (196, 262), (196, 110), (222, 230), (250, 220),
            (204, 44), (164, 34), (152, 74), (140, 52)],
           [(140, 52), (140, 260)],
           [(156, 112)], [(156, 162)], [(156, 212)]),
        _t("b_shirt_short", "short-sleeved shirt: collar points, placket, buttons",
           [(140, 56), (126, 82), (114, 36), (78, 46), (30, 96), (56, 126),
            (84, 110), (84, 250), (196, 250), (196, 110), (224, 126), (250, 96),
            (202, 46), (166, 36), (154, 82), (140, 56)],
           [(140, 56), (140, 248)],
           [(124, 120)], [(124, 166)], [(124, 212)]),
        _t("b_shirt_parts", "body, collar, placket and both sleeves drawn apart",
           [(98, 64), (98, 244), (182, 244), (182, 64)],
           [(98, 64), (122, 50), (132, 88), (140, 64), (148, 88), (158, 50),
            (182, 64)],
           [(140, 64), (140, 244)],
           [(98, 64), (48, 204), (72, 216), (98, 128)],
           [(182, 64), (232, 204), (208, 216), (182, 128)]),
        _t("b_shirt_rolled", "sleeves rolled to the elbow, cuff lines, dash buttons",
           [(140, 50), (126, 76), (112, 28), (72, 40), (26, 150), (58, 166),
            (86, 112), (86, 264), (194, 264), (194, 112), (222, 166), (254, 150),
            (208, 40), (168, 28), (154, 76), (140, 50)],
           [(32, 132), (64, 146)], [(248, 132), (216, 146)],
           [(140, 50), (140, 262)],
           [(150, 118), (164, 118)], [(150, 168), (164, 168)],
           [(150, 218), (164, 218)]),
        _t("b_shirt_small", "smaller long-sleeved shirt with collar and placket",
           [(140, 74), (130, 94), (122, 60), (96, 68), (64, 200), (84, 208),
            (104, 120), (104, 232), (176, 232), (176, 120), (196, 208),
            (216, 200), (184, 68), (158, 60), (150, 94), (140, 74)],
           [(140, 74), (140, 230)]),
    ],
    "Sneaker": [
        _t("b_sneaker_outline", "facing left: one outline, sole line and laces",
           [(26, 222), (22, 196), (40, 176), (102, 160), (172, 118), (200, 134),
            (242, 118), (258, 196), (256, 222), (26, 222)],
           [(26, 200), (256, 200)],
           [(110, 146), (126, 168)], [(136, 130), (152, 152)]),
        _t("b_sneaker_thick", "facing right: upper on a thick separate sole, laces",
           *_mirror(
               [(34, 190), (30, 166), (52, 150), (100, 138), (146, 106),
                (172, 100), (200, 114), (236, 98), (248, 190)],
               [(22, 190), (258, 190), (258, 230), (22, 230), (22, 190)],
               [(110, 128), (124, 146)], [(134, 112), (148, 130)])),
        _t("b_sneaker_stripe", "facing left: low shoe, collar dip, curved side stripe",
           [(20, 214), (24, 184), (52, 170), (110, 158), (168, 116), (196, 132),
            (244, 116), (262, 180), (260, 214), (20, 214)],
           [(80, 198), (150, 180), (226, 140)]),
        _t("b_sneaker_small", "small, facing right: outline, sole line, two laces",
           *_mirror(
               [(62, 190), (66, 164), (110, 152), (150, 122), (172, 130),
                (210, 120), (220, 190), (62, 190)],
               [(64, 174), (220, 174)],
               [(120, 140), (132, 156)], [(140, 128), (152, 144)])),
        _t("b_sneaker_runner", "runner facing left: open heel, zigzag laces, sole",
           [(248, 118), (196, 124), (168, 110), (80, 160), (30, 176), (18, 208),
            (260, 208), (256, 150)],
           [(20, 230), (262, 230)],
           [(88, 150), (104, 166), (120, 138), (136, 154), (152, 124)]),
    ],
    "Bag": [
        _t("b_bag_tote", "tote: trapezoid body and two tall handles",
           [(40, 110), (240, 110), (216, 262), (64, 262), (40, 110)],
           [(78, 110), (98, 30), (132, 110)],
           [(148, 110), (182, 30), (202, 110)]),
        _t("b_bag_flap", "handbag with a pointed flap, clasp dot and top handle",
           [(34, 108), (246, 108), (246, 250), (34, 250), (34, 108)],
           [(34, 108), (140, 186), (246, 108)],
           [(140, 206)],
           [(92, 108), (104, 44), (176, 44), (188, 108)]),
        _t("b_bag_shoulder", "shoulder bag: wide body, long arched strap, flap line",
           [(56, 178), (224, 178), (224, 256), (56, 256), (56, 178)],
           [(66, 178), (70, 120), (86, 70), (112, 36), (140, 26), (168, 36),
            (194, 70), (210, 120), (214, 178)],
           [(56, 206), (224, 206)]),
        _t("b_bag_clutch", "wide envelope clutch with a wrist loop at one end",
           [(20, 110), (260, 110), (260, 220), (20, 220), (20, 110)],
           [(20, 110), (140, 170), (260, 110)],
           [(250, 220), (256, 250), (236, 266), (214, 256), (222, 220)]),
        _t("b_bag_backpack", "backpack: wide rounded top, loop handle, front pocket",
           [(46, 262), (46, 104), (74, 62), (140, 46), (206, 62), (234, 104),
            (234, 262), (46, 262)],
           [(116, 48), (118, 16), (162, 16), (164, 48)],
           [(80, 166), (200, 166), (200, 236), (80, 236), (80, 166)],
           [(80, 166), (140, 190), (200, 166)]),
    ],
    "Ankle boot": [
        _t("b_boot_chelsea", "chelsea facing left: elastic V, heel, pull tab",
           [(150, 30), (236, 30), (240, 262), (200, 262), (196, 240), (30, 240),
            (22, 220), (34, 196), (96, 180), (148, 156), (150, 30)],
           [(172, 92), (192, 140), (212, 92)],
           [(236, 30), (252, 12)]),
        _t("b_boot_heeled", "facing right: block heel and a zip down the shaft",
           *_mirror(
               [(146, 24), (232, 24), (236, 214), (236, 266), (196, 266),
                (190, 222), (96, 214), (38, 222), (24, 206), (40, 184),
                (100, 170), (144, 146), (146, 24)],
               [(214, 34), (214, 200)])),
        _t("b_boot_laced", "combat boot facing left: laces, thick sole",
           [(138, 40), (228, 40), (234, 218), (20, 218), (22, 192), (58, 170),
            (110, 162), (136, 136), (138, 40)],
           [(18, 244), (238, 244)],
           [(126, 66), (154, 80)], [(126, 100), (154, 114)],
           [(116, 140), (144, 154)]),
        _t("b_boot_parts", "facing right: shaft, foot, sole and heel drawn apart",
           *_mirror(
               [(150, 36), (150, 150), (232, 150), (232, 36), (150, 36)],
               [(150, 150), (84, 164), (36, 188), (32, 214), (232, 214),
                (232, 150)],
               [(28, 236), (236, 236)],
               [(196, 236), (200, 262), (234, 262), (236, 236)])),
        _t("b_boot_small", "small simple L-shaped boot facing left",
           [(138, 70), (196, 70), (200, 204), (74, 204), (70, 186), (92, 172),
            (136, 162), (138, 70)],
           [(176, 204), (176, 222), (200, 222)]),
    ],
}
# fmt: on


SKETCH_SET_B: list[Sketch] = [
    sketch
    for label, items in TEMPLATES_B.items()
    for index, template in enumerate(items)
    for sketch in variants(template, index, label)
]


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/sketch_set_b.png"
    plain = [s for s in SKETCH_SET_B if s.variant == "plain"]
    columns = max(len(items) for items in TEMPLATES_B.values())
    contact_sheet(plain, columns).save(path)
    for label in CLASS_NAMES:
        n_t = len(TEMPLATES_B[label])
        n_s = sum(s.label == label for s in SKETCH_SET_B)
        print(f"{label:12s} {n_t} templates {n_s} sketches")
    print(
        f"total        {sum(map(len, TEMPLATES_B.values()))} templates "
        f"{len(SKETCH_SET_B)} sketches -> {path}"
    )


if __name__ == "__main__":
    main()
