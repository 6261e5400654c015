"""Shapes of the body diagram: an adult figure, front and back views side by side.

Everything is plain data computed once at import. The figure is designed in head heights (H)
for one half only, the viewer's left, with x negative away from the midline and y down from
the top of the head (landmarks from /work/shared/FIGURE.md); the other half is its mirror image.

Regions are built from shared boundary curves, each walked forwards by one region and
backwards by its neighbour, so neighbours meet exactly: the regions tile the silhouette, and
the thin gaps between them come from the stroke the stylesheet gives `.region-shape`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Literal

View = Literal["front", "back"]
Side = Literal["left", "right"]
Point = tuple[float, float]
Cubic = tuple[Point, Point, Point, Point]
Curve = tuple[Cubic, ...]

CANVAS_WIDTH = 1000
CANVAS_HEIGHT = 1000
VIEWS: tuple[View, View] = ("front", "back")

HEAD_HEIGHT = 105.0  # pixels per head height; the figure is 8 of them tall
TOP_OF_HEAD = 100.0  # leaves room above for the caption and the Right/Left labels
MIDLINE_X: dict[str, float] = {"front": 250.0, "back": 750.0}
CAPTION_Y = 42.0
ORIENTATION_Y = 78.0
NOTE_Y = 988.0


@dataclass(frozen=True)
class Shape:
    """One clickable (or filler) area of one view, in canvas coordinates."""

    key: str
    view: View
    side: Side | None
    d: str
    anchor: Point


@dataclass(frozen=True)
class SpineSegment:
    """A run of vertebrae on the back view, drawn as small rounded boxes with a letter."""

    name: str
    letter: str
    vertebrae: tuple[tuple[float, float, float, float], ...]  # x, y, width, height
    outline: str  # path data; empty for segments drawn only as vertebrae
    label: Point


# --- Curves -----------------------------------------------------------------------------------


def _scaled(v: Point, k: float) -> Point:
    return (v[0] * k, v[1] * k)


def _unit(v: Point) -> Point:
    length = math.hypot(*v) or 1.0
    return (v[0] / length, v[1] / length)


@dataclass(frozen=True)
class Chain:
    """A smooth curve through knots (Catmull-Rom, one cubic per pair of knots).

    Knots double as junctions: `part(a, b)` returns the stretch between two knots so that two
    regions can share exactly the same edge.
    """

    knots: tuple[Point, ...]
    segments: Curve

    def part(self, start: Point, end: Point) -> Curve:
        i, j = self.knots.index(start), self.knots.index(end)
        return self.segments[i:j] if i < j else reverse(self.segments[j:i])

    def whole(self) -> Curve:
        return self.segments


def smooth(
    *knots: Point,
    start: Point | None = None,
    end: Point | None = None,
    corners: tuple[Point, ...] = (),
) -> Chain:
    """Chain through `knots`; `start`/`end` are tangent directions, `corners` break smoothness."""
    n = len(knots)
    tangents: list[tuple[Point, Point]] = []  # (incoming, outgoing) per knot
    for i, p in enumerate(knots):
        prev_p = knots[i - 1] if i > 0 else None
        next_p = knots[i + 1] if i < n - 1 else None
        if prev_p is None or next_p is None or p in corners:
            incoming = (p[0] - prev_p[0], p[1] - prev_p[1]) if prev_p else None
            outgoing = (next_p[0] - p[0], next_p[1] - p[1]) if next_p else None
            if i == 0 and start is not None:
                outgoing = _scaled(_unit(start), math.dist(p, next_p))
            if i == n - 1 and end is not None:
                incoming = _scaled(_unit(end), math.dist(prev_p, p))
            tangents.append((incoming or outgoing, outgoing or incoming))
        else:
            t = ((next_p[0] - prev_p[0]) / 2, (next_p[1] - prev_p[1]) / 2)
            tangents.append((t, t))
    segments = tuple(
        (
            knots[i],
            (knots[i][0] + tangents[i][1][0] / 3, knots[i][1] + tangents[i][1][1] / 3),
            (
                knots[i + 1][0] - tangents[i + 1][0][0] / 3,
                knots[i + 1][1] - tangents[i + 1][0][1] / 3,
            ),
            knots[i + 1],
        )
        for i in range(n - 1)
    )
    return Chain(knots, segments)


def straight(a: Point, b: Point) -> Chain:
    return smooth(a, b)


def bowed(a: Point, b: Point, bulge: float) -> Chain:
    """A gentle arc from a to b; positive bulge sags downwards like a bracelet seen from above."""
    mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2 + bulge)
    return smooth(a, mid, b)


def reverse(curve: Curve) -> Curve:
    return tuple((d, c, b, a) for a, b, c, d in reversed(curve))


def mirror(curve: Curve) -> Curve:
    return tuple(tuple((-x, y) for x, y in seg) for seg in curve)  # type: ignore[misc]


def loop(*pieces: Curve) -> Curve:
    """Join pieces into a closed outline, insisting that each piece starts where the last ended."""
    curve = tuple(seg for piece in pieces for seg in piece)
    for here, after in zip(curve, curve[1:] + curve[:1], strict=True):
        if math.dist(here[3], after[0]) > 1e-9:
            raise ValueError(f"outline breaks between {here[3]} and {after[0]}")
    return curve


def midline_loop(*half: Curve) -> Curve:
    """Close a half outline running from the midline, round the viewer's left, back to it."""
    left = loop_open(*half)
    return loop(left, reverse(mirror(left)))


def loop_open(*pieces: Curve) -> Curve:
    return tuple(seg for piece in pieces for seg in piece)


# --- The half figure, in head heights -------------------------------------------------------
# Junction points shared by several regions have names; in-between knots only shape the curve.

TOP = (0.0, 0.0)
JAW_ANGLE = (-0.25, 0.84)
CHIN = (0.0, 1.0)
SKULL_BASE_MID = (0.0, 0.94)
NECK_BASE = (-0.27, 1.2)
NOTCH = (0.0, 1.33)
ACROMION = (-0.74, 1.44)
DELTOID_OUT = (-1.075, 2.12)
ELBOW_OUT_TOP = (-1.22, 2.84)
ELBOW_OUT_BOTTOM = (-1.28, 3.14)
WRIST_OUT_TOP = (-1.39, 3.9)
WRIST_OUT_BOTTOM = (-1.405, 4.05)
WRIST_IN_BOTTOM = (-1.16, 4.06)
WRIST_IN_TOP = (-1.145, 3.92)
ELBOW_IN_BOTTOM = (-1.0, 3.15)
ELBOW_IN_TOP = (-0.94, 2.87)
DELTOID_IN = (-0.82, 2.2)
ARMPIT = (-0.75, 1.97)

SCAPULA_OUTER = (-0.71, 1.7)
SCAPULA_INNER = (-0.3, 1.75)
SCAPULA_TIP = (-0.43, 2.6)
COLUMN_TOP = (-0.075, 1.75)
COLUMN_BOTTOM = (-0.075, 2.6)
COLUMN_BOTTOM_MID = (0.0, 2.6)

CHEST_SIDE = (-0.735, 2.45)
CHEST_BOTTOM_MID = (0.0, 2.54)
RIBS_SIDE = (-0.625, 2.88)  # narrowest waist, level with the lowest ribs
RIBS_MID = (0.0, 2.9)
PELVIS_SIDE = (-0.665, 3.3)  # top of the pelvis at the flank
PUBIC_CORNER = (-0.3, 3.5)
PUBIC_MID = (0.0, 3.53)
CROTCH = (0.0, 4.06)
FOLD_OUT = (-0.79, 4.12)  # back: where the buttock crease meets the flank
GROIN_OUT = (-0.775, 4.32)  # front: where the groin line meets the flank
KNEE_OUT_TOP = (-0.545, 5.72)
KNEE_OUT_BOTTOM = (-0.5, 6.3)
ANKLE_OUT_TOP = (-0.475, 7.55)
ANKLE_OUT_BOTTOM = (-0.47, 7.84)
ANKLE_IN_BOTTOM = (-0.235, 7.84)
ANKLE_IN_TOP = (-0.225, 7.55)
KNEE_IN_BOTTOM = (-0.14, 6.3)
KNEE_IN_TOP = (-0.1, 5.72)

SACRUM_CORNER = (-0.155, 3.4)
SACRUM_TOP_MID = (0.0, 3.38)
SACRUM_WAIST = (-0.095, 3.66)
SACRUM_TIP = (0.0, 3.93)

HEAD = smooth(
    TOP,
    (-0.24, 0.07),
    (-0.325, 0.28),
    (-0.33, 0.42),
    (-0.36, 0.46),  # ear
    (-0.355, 0.58),
    (-0.32, 0.64),
    JAW_ANGLE,
    start=(-1, 0),
)
JAW = smooth(JAW_ANGLE, (-0.16, 0.95), CHIN, end=(1, 0))
SKULL_BASE = smooth(JAW_ANGLE, (-0.13, 0.91), SKULL_BASE_MID, end=(1, 0))

# From the jaw round the shoulder, down the outside of the arm, round the hand, and up the
# inside of the arm to the armpit: one outline, so the arm reads as one limb.
THUMB_WEB = (-1.455, 4.355)
ARM = smooth(
    JAW_ANGLE,
    (-0.24, 1.02),
    NECK_BASE,
    (-0.46, 1.33),
    ACROMION,
    (-0.93, 1.53),
    (-1.04, 1.74),
    DELTOID_OUT,
    (-1.15, 2.5),
    ELBOW_OUT_TOP,
    ELBOW_OUT_BOTTOM,
    (-1.36, 3.45),
    WRIST_OUT_TOP,
    WRIST_OUT_BOTTOM,
    (-1.455, 4.14),
    (-1.51, 4.27),
    (-1.535, 4.375),
    (-1.525, 4.43),  # thumb tip
    (-1.495, 4.445),
    (-1.47, 4.41),
    THUMB_WEB,
    (-1.46, 4.45),
    (-1.44, 4.64),
    (-1.37, 4.76),  # fingertips
    (-1.28, 4.77),
    (-1.2, 4.7),
    (-1.17, 4.5),
    (-1.16, 4.28),
    WRIST_IN_BOTTOM,
    WRIST_IN_TOP,
    (-1.04, 3.5),
    ELBOW_IN_BOTTOM,
    ELBOW_IN_TOP,
    (-0.88, 2.5),
    DELTOID_IN,
    ARMPIT,
    corners=(THUMB_WEB,),
)
NECK_BOTTOM = smooth(NECK_BASE, (-0.13, 1.3), NOTCH, end=(1, 0))
DELTOID_BORDER = smooth(ACROMION, SCAPULA_OUTER, ARMPIT)

ARM_BANDS = {
    "deltoid": bowed(DELTOID_OUT, DELTOID_IN, 0.03),
    "elbow_top": bowed(ELBOW_OUT_TOP, ELBOW_IN_TOP, 0.02),
    "elbow_bottom": bowed(ELBOW_OUT_BOTTOM, ELBOW_IN_BOTTOM, 0.02),
    "wrist_top": bowed(WRIST_OUT_TOP, WRIST_IN_TOP, 0.015),
    "wrist_bottom": bowed(WRIST_OUT_BOTTOM, WRIST_IN_BOTTOM, 0.015),
}

# From the armpit down the flank and the outside of the leg to the ankle.
FLANK = smooth(
    ARMPIT,
    (-0.765, 2.2),
    CHEST_SIDE,
    (-0.695, 2.68),
    RIBS_SIDE,
    (-0.615, 3.04),
    PELVIS_SIDE,
    (-0.755, 3.7),
    FOLD_OUT,
    GROIN_OUT,
    (-0.72, 4.9),
    (-0.63, 5.4),
    KNEE_OUT_TOP,
    KNEE_OUT_BOTTOM,
    (-0.555, 6.65),
    (-0.56, 6.9),
    (-0.515, 7.2),
    ANKLE_OUT_TOP,
    ANKLE_OUT_BOTTOM,
    corners=(ARMPIT,),
)
INNER_LEG = smooth(
    ANKLE_IN_BOTTOM,
    ANKLE_IN_TOP,
    (-0.185, 7.2),
    (-0.115, 6.88),
    (-0.095, 6.6),
    KNEE_IN_BOTTOM,
    KNEE_IN_TOP,
    (-0.075, 5.0),
    (-0.03, 4.45),
    CROTCH,
    end=(0.3, -1),
)
LEG_BANDS = {
    "knee_top": bowed(KNEE_OUT_TOP, KNEE_IN_TOP, 0.03),
    "knee_bottom": bowed(KNEE_OUT_BOTTOM, KNEE_IN_BOTTOM, 0.03),
    "ankle_top": bowed(ANKLE_OUT_TOP, ANKLE_IN_TOP, 0.015),
    "ankle_bottom": bowed(ANKLE_OUT_BOTTOM, ANKLE_IN_BOTTOM, 0.015),
}
# Seen from the front the toes point a little outwards; seen from behind, the heel.
FOOT = {
    "front": smooth(
        ANKLE_OUT_BOTTOM,
        (-0.515, 7.94),
        (-0.545, 8.0),
        (-0.5, 8.05),
        (-0.38, 8.085),
        (-0.26, 8.085),
        (-0.215, 8.01),
        ANKLE_IN_BOTTOM,
        start=(-0.4, 1),
        end=(-0.1, -1),
    ),
    "back": smooth(
        ANKLE_OUT_BOTTOM,
        (-0.5, 7.95),
        (-0.45, 8.02),
        (-0.35, 8.04),
        (-0.25, 8.0),
        ANKLE_IN_BOTTOM,
        start=(-0.3, 1),
        end=(0.1, -1),
    ),
}

# Front interior.
CHEST_BOTTOM = smooth(CHEST_SIDE, (-0.38, 2.535), CHEST_BOTTOM_MID, end=(1, 0))
LOWER_BELLY = smooth(PELVIS_SIDE, PUBIC_CORNER, PUBIC_MID, corners=(PUBIC_CORNER,), end=(1, 0))
GROIN_LINE = smooth(PUBIC_CORNER, (-0.16, 3.8), CROTCH)
THIGH_TOP_FRONT = smooth(GROIN_OUT, (-0.45, 4.25), (-0.15, 4.13), CROTCH)

# Back interior.
SCAPULA_TOP = smooth(SCAPULA_OUTER, (-0.5, 1.71), SCAPULA_INNER)
SCAPULA_INNER_EDGE = smooth(SCAPULA_INNER, (-0.31, 2.25), SCAPULA_TIP, end=(-0.5, 1))
SCAPULA_OUTER_EDGE = smooth(SCAPULA_OUTER, (-0.67, 2.15), SCAPULA_TIP, end=(1, 0.8))
STRIP_TOP = straight(SCAPULA_INNER, COLUMN_TOP)
COLUMN = straight(COLUMN_TOP, COLUMN_BOTTOM)
STRIP_BOTTOM = straight(SCAPULA_TIP, COLUMN_BOTTOM)
COLUMN_FOOT = straight(COLUMN_BOTTOM, COLUMN_BOTTOM_MID)
RIBS_LINE = smooth(RIBS_SIDE, (-0.3, 2.92), RIBS_MID, end=(1, 0))
ILIAC_CREST = smooth(PELVIS_SIDE, (-0.42, 3.27), SACRUM_CORNER, end=(1, 0.4))
SACRUM_TOP = straight(SACRUM_CORNER, SACRUM_TOP_MID)
SACRUM_EDGE = smooth(SACRUM_CORNER, SACRUM_WAIST, SACRUM_TIP)
SACROILIAC = smooth(SACRUM_CORNER, (-0.225, 3.53), SACRUM_WAIST)
CLEFT = straight(SACRUM_TIP, CROTCH)
BUTTOCK_CREASE = smooth(FOLD_OUT, (-0.6, 4.3), (-0.3, 4.34), (-0.08, 4.25), CROTCH)


def _band(top: Chain, bottom: Chain, outer: Chain, inner: Chain) -> Curve:
    """A limb segment between two cross lines, each running from the outer to the inner side."""
    t_out, t_in = top.knots[0], top.knots[-1]
    b_out, b_in = bottom.knots[0], bottom.knots[-1]
    return loop(
        outer.part(t_out, b_out), bottom.whole(), inner.part(b_in, t_in), reverse(top.whole())
    )


def _arm_band(top: str, bottom: str) -> Curve:
    return _band(ARM_BANDS[top], ARM_BANDS[bottom], ARM, ARM)


def _leg_band(top: str, bottom: str) -> Curve:
    return _band(LEG_BANDS[top], LEG_BANDS[bottom], FLANK, INNER_LEG)


@dataclass(frozen=True)
class _Design:
    """A shape in head heights before it is placed on a view; bilateral ones are the left half."""

    key: str
    views: tuple[View, ...]
    bilateral: bool
    outline: Curve
    anchor: Point


def _designs() -> list[_Design]:
    both: tuple[View, ...] = ("front", "back")
    front: tuple[View, ...] = ("front",)
    back: tuple[View, ...] = ("back",)
    shoulder = loop(
        ARM.part(ACROMION, DELTOID_OUT),
        ARM_BANDS["deltoid"].whole(),
        ARM.part(DELTOID_IN, ARMPIT),
        DELTOID_BORDER.part(ARMPIT, ACROMION),
    )
    hand = loop(
        ARM.part(WRIST_OUT_BOTTOM, WRIST_IN_BOTTOM), reverse(ARM_BANDS["wrist_bottom"].whole())
    )
    upper_arm = loop(
        ARM.part(DELTOID_OUT, ELBOW_OUT_TOP),
        ARM_BANDS["elbow_top"].whole(),
        ARM.part(ELBOW_IN_TOP, DELTOID_IN),
        reverse(ARM_BANDS["deltoid"].whole()),
    )
    return [
        # Front.
        _Design(
            "head", front, False, midline_loop(HEAD.part(TOP, JAW_ANGLE), JAW.whole()), (0, 0.5)
        ),
        _Design(
            "side-of-neck",
            front,
            True,
            loop(
                reverse(JAW.whole()),
                ARM.part(JAW_ANGLE, NECK_BASE),
                NECK_BOTTOM.whole(),
                straight(NOTCH, CHIN).whole(),
            ),
            (-0.12, 1.12),
        ),
        _Design(
            "chest",
            front,
            False,
            midline_loop(
                reverse(NECK_BOTTOM.whole()),
                ARM.part(NECK_BASE, ACROMION),
                DELTOID_BORDER.part(ACROMION, ARMPIT),
                FLANK.part(ARMPIT, CHEST_SIDE),
                CHEST_BOTTOM.whole(),
            ),
            (0, 1.95),
        ),
        _Design(
            "abdomen",
            front,
            False,
            midline_loop(
                reverse(CHEST_BOTTOM.whole()),
                FLANK.part(CHEST_SIDE, PELVIS_SIDE),
                LOWER_BELLY.whole(),
            ),
            (0, 3.0),
        ),
        _Design(
            "pelvis",
            front,
            False,
            midline_loop(LOWER_BELLY.part(PUBIC_MID, PUBIC_CORNER), GROIN_LINE.whole()),
            (0, 3.72),
        ),
        _Design(
            "hip",
            front,
            True,
            loop(
                FLANK.part(PELVIS_SIDE, GROIN_OUT),
                THIGH_TOP_FRONT.whole(),
                GROIN_LINE.part(CROTCH, PUBIC_CORNER),
                LOWER_BELLY.part(PUBIC_CORNER, PELVIS_SIDE),
            ),
            (-0.55, 3.85),
        ),
        _Design(
            "thigh",
            front,
            True,
            loop(
                FLANK.part(GROIN_OUT, KNEE_OUT_TOP),
                LEG_BANDS["knee_top"].whole(),
                INNER_LEG.part(KNEE_IN_TOP, CROTCH),
                THIGH_TOP_FRONT.part(CROTCH, GROIN_OUT),
            ),
            (-0.38, 4.95),
        ),
        _Design("foot", front, True, _foot("front"), (-0.4, 7.97)),
        # Back.
        _Design(
            "head",
            back,
            False,
            midline_loop(HEAD.part(TOP, JAW_ANGLE), SKULL_BASE.whole()),
            (0, 0.47),
        ),
        _Design(
            "back-of-neck",
            back,
            False,
            midline_loop(
                reverse(SKULL_BASE.whole()), ARM.part(JAW_ANGLE, NECK_BASE), NECK_BOTTOM.whole()
            ),
            (0, 1.1),
        ),
        _Design(
            "upper-back",
            back,
            False,
            midline_loop(
                reverse(NECK_BOTTOM.whole()),
                ARM.part(NECK_BASE, ACROMION),
                DELTOID_BORDER.part(ACROMION, SCAPULA_OUTER),
                SCAPULA_TOP.whole(),
                STRIP_TOP.whole(),
                COLUMN.whole(),
                COLUMN_FOOT.whole(),
            ),
            (0, 1.5),
        ),
        _Design(
            "between-shoulder-blade-and-spine",
            back,
            True,
            loop(
                reverse(STRIP_TOP.whole()),
                SCAPULA_INNER_EDGE.whole(),
                STRIP_BOTTOM.whole(),
                reverse(COLUMN.whole()),
            ),
            (-0.19, 2.15),
        ),
        _Design(
            "shoulder-blade",
            back,
            True,
            loop(
                SCAPULA_TOP.whole(), SCAPULA_INNER_EDGE.whole(), reverse(SCAPULA_OUTER_EDGE.whole())
            ),
            (-0.5, 2.0),
        ),
        _Design(
            "mid-back",
            back,
            False,
            midline_loop(
                reverse(COLUMN_FOOT.whole()),
                reverse(STRIP_BOTTOM.whole()),
                SCAPULA_OUTER_EDGE.part(SCAPULA_TIP, SCAPULA_OUTER),
                DELTOID_BORDER.part(SCAPULA_OUTER, ARMPIT),
                FLANK.part(ARMPIT, RIBS_SIDE),
                RIBS_LINE.whole(),
            ),
            (0, 2.74),
        ),
        _Design(
            "lower-back",
            back,
            False,
            midline_loop(
                reverse(RIBS_LINE.whole()),
                FLANK.part(RIBS_SIDE, PELVIS_SIDE),
                ILIAC_CREST.whole(),
                SACRUM_TOP.whole(),
            ),
            (0, 3.12),
        ),
        _Design(
            "sacrum",
            back,
            False,
            midline_loop(reverse(SACRUM_TOP.whole()), SACRUM_EDGE.whole()),
            (0, 3.58),
        ),
        _Design(
            "sacroiliac-joint",
            back,
            True,
            loop(SACRUM_EDGE.part(SACRUM_CORNER, SACRUM_WAIST), reverse(SACROILIAC.whole())),
            (-0.16, 3.52),
        ),
        _Design(
            "buttock",
            back,
            True,
            loop(
                FLANK.part(PELVIS_SIDE, FOLD_OUT),
                BUTTOCK_CREASE.whole(),
                reverse(CLEFT.whole()),
                SACRUM_EDGE.part(SACRUM_TIP, SACRUM_WAIST),
                SACROILIAC.part(SACRUM_WAIST, SACRUM_CORNER),
                reverse(ILIAC_CREST.whole()),
            ),
            (-0.42, 3.8),
        ),
        _Design(
            "thigh",
            back,
            True,
            loop(
                FLANK.part(FOLD_OUT, KNEE_OUT_TOP),
                LEG_BANDS["knee_top"].whole(),
                INNER_LEG.part(KNEE_IN_TOP, CROTCH),
                reverse(BUTTOCK_CREASE.whole()),
            ),
            (-0.38, 5.0),
        ),
        _Design("foot", back, True, _foot("back"), (-0.36, 7.94)),
        # Both views: the limbs look the same from either side at this scale.
        _Design("shoulder", both, True, shoulder, (-0.92, 1.8)),
        _Design("upper-arm", both, True, upper_arm, (-1.02, 2.5)),
        _Design("elbow", both, True, _arm_band("elbow_top", "elbow_bottom"), (-1.11, 3.0)),
        _Design("forearm", both, True, _arm_band("elbow_bottom", "wrist_top"), (-1.21, 3.5)),
        _Design("wrist", both, True, _arm_band("wrist_top", "wrist_bottom"), (-1.27, 3.98)),
        _Design("hand", both, True, hand, (-1.31, 4.4)),
        _Design("knee", both, True, _leg_band("knee_top", "knee_bottom"), (-0.32, 6.0)),
        _Design("calf-and-shin", both, True, _leg_band("knee_bottom", "ankle_top"), (-0.33, 6.9)),
        _Design("ankle", both, True, _leg_band("ankle_top", "ankle_bottom"), (-0.35, 7.7)),
    ]


def _foot(view: View) -> Curve:
    return loop(FOOT[view].whole(), reverse(LEG_BANDS["ankle_bottom"].whole()))


# --- Placing the design on the canvas ---------------------------------------------------------


def _to_canvas(point: Point, view: View, flip: bool) -> Point:
    x, y = point
    return (MIDLINE_X[view] + (-x if flip else x) * HEAD_HEIGHT, TOP_OF_HEAD + y * HEAD_HEIGHT)


def _path_data(curve: Curve, view: View, flip: bool) -> str:
    """SVG path data for a closed outline of cubics (absolute commands, one decimal place)."""

    def fmt(p: Point) -> str:
        x, y = _to_canvas(p, view, flip)
        return f"{x:.1f},{y:.1f}"

    commands = [f"M{fmt(curve[0][0])}"]
    commands += [f"C{fmt(b)} {fmt(c)} {fmt(d)}" for _, b, c, d in curve]
    return " ".join(commands) + "Z"


def _side_of_viewers_left(view: View) -> Side:
    # The design's half is the viewer's left: the patient's right when we face them.
    return "right" if view == "front" else "left"


def _place(design: _Design, view: View) -> list[Shape]:
    if not design.bilateral:
        anchor = _to_canvas(design.anchor, view, flip=False)
        return [Shape(design.key, view, None, _path_data(design.outline, view, False), anchor)]
    near = _side_of_viewers_left(view)
    far: Side = "left" if near == "right" else "right"
    return [
        Shape(
            design.key,
            view,
            near,
            _path_data(design.outline, view, False),
            _to_canvas(design.anchor, view, False),
        ),
        Shape(
            design.key,
            view,
            far,
            _path_data(design.outline, view, True),
            _to_canvas(design.anchor, view, True),
        ),
    ]


@cache
def all_shapes() -> tuple[Shape, ...]:
    return tuple(
        shape for design in _designs() for view in design.views for shape in _place(design, view)
    )


SHAPES: tuple[Shape, ...] = all_shapes()


def shapes_for(key: str) -> list[Shape]:
    return [shape for shape in SHAPES if shape.key == key]


def shape_keys() -> set[str]:
    return {shape.key for shape in SHAPES}


def views_of(key: str) -> set[str]:
    return {shape.view for shape in SHAPES if shape.key == key}


def is_bilateral(key: str) -> bool:
    return any(shape.side is not None for shape in shapes_for(key))


def find_shape(key: str, view: str, side: str | None) -> Shape | None:
    for shape in SHAPES:
        if (shape.key, shape.view, shape.side) == (key, view, side):
            return shape
    return None


@cache
def silhouette(view: View) -> str:
    half = loop_open(
        HEAD.part(TOP, JAW_ANGLE),
        ARM.whole(),
        FLANK.whole(),
        FOOT[view].whole(),
        INNER_LEG.whole(),
    )
    return _path_data(loop(half, reverse(mirror(half))), view, flip=False)


# --- Spine (back view) -------------------------------------------------------------------------
# (name, letter, vertebrae, top and bottom in head heights, vertebra width in head heights)
_SPINE_RUNS = (
    ("cervical", "C", 7, SKULL_BASE_MID[1] + 0.03, ACROMION[1], 0.08),
    ("thoracic", "T", 12, ACROMION[1], RIBS_MID[1] - 0.02, 0.1),
    ("lumbar", "L", 5, RIBS_MID[1] - 0.02, SACRUM_TOP_MID[1] - 0.01, 0.13),
)


def _vertebrae(count: int, top: float, bottom: float, width: float) -> tuple:
    pitch = (bottom - top) / count
    boxes = []
    for i in range(count):
        x, y = _to_canvas((-width / 2, top + i * pitch + pitch * 0.14), "back", flip=False)
        boxes.append((x, y, width * HEAD_HEIGHT, pitch * 0.72 * HEAD_HEIGHT))
    return tuple(boxes)


@cache
def spine() -> tuple[SpineSegment, ...]:
    """Cervical, thoracic and lumbar vertebrae, then the sacrum, with where to put each letter."""
    segments = [
        SpineSegment(
            name,
            letter,
            _vertebrae(count, top, bottom, width),
            "",
            _to_canvas((0.16, (top + bottom) / 2), "back", flip=False),
        )
        for name, letter, count, top, bottom, width in _SPINE_RUNS
    ]
    sacrum = midline_loop(reverse(SACRUM_TOP.whole()), SACRUM_EDGE.whole())
    segments.append(
        SpineSegment(
            "sacrum",
            "S",
            (),
            _path_data(sacrum, "back", False),
            _to_canvas((0.3, 3.6), "back", False),
        )
    )
    return tuple(segments)


def _oval(centre: Point, rx: float, ry: float) -> Curve:
    cx, cy = centre
    k = 0.5523  # cubic approximation of a quarter circle
    top, left, bottom, right = (cx, cy - ry), (cx - rx, cy), (cx, cy + ry), (cx + rx, cy)
    return (
        (top, (cx - k * rx, cy - ry), (cx - rx, cy - k * ry), left),
        (left, (cx - rx, cy + k * ry), (cx - k * rx, cy + ry), bottom),
        (bottom, (cx + k * rx, cy + ry), (cx + rx, cy + k * ry), right),
        (right, (cx + rx, cy - k * ry), (cx + k * rx, cy - ry), top),
    )


_FINGERS = tuple(
    straight((x, bottom - 0.065), (x, bottom)).whole()
    for x, bottom in ((-1.39, 4.725), (-1.325, 4.75), (-1.26, 4.745))
)
# (curve, mirrored to both sides?)
_DETAILS: dict[str, tuple[tuple[Curve, bool], ...]] = {
    "front": (
        (smooth((-0.07, 1.385), (-0.3, 1.42), (-0.6, 1.41)).whole(), True),  # collarbone
        (_oval((0.0, 3.0), 0.018, 0.03), False),  # navel
        (_oval((-0.315, 5.99), 0.085, 0.115), True),  # kneecap
        *((finger, True) for finger in _FINGERS),
        *(
            (straight(a, b).whole(), True)
            for a, b in (
                ((-0.305, 8.03), (-0.305, 8.08)),
                ((-0.375, 8.03), (-0.375, 8.075)),
                ((-0.44, 8.02), (-0.44, 8.06)),
            )
        ),
    ),
    "back": (
        (bowed((-0.44, 6.04), (-0.2, 6.04), 0.025).whole(), True),  # back of the knee
        *((finger, True) for finger in _FINGERS),
    ),
}


def _open_path_data(curve: Curve, view: View, flip: bool) -> str:
    return _path_data(curve, view, flip).removesuffix("Z")


@cache
def details(view: View) -> tuple[str, ...]:
    """Inert hint lines (navel, kneecaps, fingers, toes) that make the figure read as a body."""
    paths = []
    for curve, bilateral in _DETAILS[view]:
        paths.append(_open_path_data(curve, view, flip=False))
        if bilateral:
            paths.append(_open_path_data(curve, view, flip=True))
    return tuple(paths)
