"""The body's shapes: the right keys on the right views, mirrored, inside the canvas, tiling."""

import re
from bisect import bisect_right
from collections import Counter

from conditions.body import geometry
from conditions.body.geometry import CANVAS_HEIGHT, CANVAS_WIDTH, MIDLINE_X

# key: (views, bilateral), as the app's content expects them.
REGIONS = {
    "head": ({"front", "back"}, False),
    "side-of-neck": ({"front"}, True),
    "back-of-neck": ({"back"}, False),
    "shoulder": ({"front", "back"}, True),
    "chest": ({"front"}, False),
    "upper-back": ({"back"}, False),
    "between-shoulder-blade-and-spine": ({"back"}, True),
    "shoulder-blade": ({"back"}, True),
    "mid-back": ({"back"}, False),
    "lower-back": ({"back"}, False),
    "sacroiliac-joint": ({"back"}, True),
    "buttock": ({"back"}, True),
    "hip": ({"front"}, True),
    "thigh": ({"front", "back"}, True),
    "knee": ({"front", "back"}, True),
    "calf-and-shin": ({"front", "back"}, True),
    "ankle": ({"front", "back"}, True),
    "foot": ({"front", "back"}, True),
    "upper-arm": ({"front", "back"}, True),
    "elbow": ({"front", "back"}, True),
    "forearm": ({"front", "back"}, True),
    "wrist": ({"front", "back"}, True),
    "hand": ({"front", "back"}, True),
}
FILLERS = {"abdomen": {"front"}, "pelvis": {"front"}, "sacrum": {"back"}}


# --- A small reader for the path data the geometry writes (absolute M, L, C, Q and Z) -----------

NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")
COMMAND = re.compile(r"([MLCQZ])([^MLCQZ]*)")


def coordinates(d: str) -> list[tuple[float, float]]:
    numbers = [float(n) for n in NUMBER.findall(d)]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def polygon(d: str, steps: int = 8) -> list[tuple[float, float]]:
    """The outline as a polygon, each curve flattened into `steps` straight pieces."""
    points: list[tuple[float, float]] = []
    for command, args in COMMAND.findall(d):
        xy = coordinates(args)
        if command in "ML":
            points.extend(xy)
        elif command in "CQ":
            size = 3 if command == "C" else 2
            for i in range(0, len(xy), size):
                controls = [points[-1], *xy[i : i + size]]
                points.extend(_bezier(controls, k / steps) for k in range(1, steps + 1))
    return points


def _bezier(controls, t):
    while len(controls) > 1:
        controls = [
            (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
            for a, b in zip(controls, controls[1:], strict=False)
        ]
    return controls[0]


def crossings(points, y: float) -> list[float]:
    """Where the horizontal line at y crosses the polygon's edges, left to right."""
    xs = []
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
        if (y1 > y) != (y2 > y):
            xs.append(x1 + (y - y1) * (x2 - x1) / (y2 - y1))
    return sorted(xs)


def inside(points, x: float, y: float) -> bool:
    return bisect_right(crossings(points, y), x) % 2 == 1


# --- Tests -------------------------------------------------------------------------------------


def test_every_region_key_is_on_exactly_its_views():
    for key, (views, _) in REGIONS.items():
        assert geometry.views_of(key) == views, key
    for key, views in FILLERS.items():
        assert geometry.views_of(key) == views, key


def test_no_unexpected_keys():
    assert geometry.shape_keys() - set(REGIONS) - set(FILLERS) <= {"front-of-neck"}


def test_bilateral_keys_have_one_left_and_one_right_per_view():
    for key, (views, bilateral) in REGIONS.items():
        assert geometry.is_bilateral(key) == bilateral, key
        for view in views:
            sides = Counter(shape.side for shape in geometry.shapes_for(key) if shape.view == view)
            expected = {"left": 1, "right": 1} if bilateral else {None: 1}
            assert sides == Counter(expected), (key, view)


def test_no_two_shapes_share_key_view_and_side():
    places = [(shape.key, shape.view, shape.side) for shape in geometry.SHAPES]
    assert len(places) == len(set(places))


def test_every_path_stays_inside_the_canvas():
    paths = [shape.d for shape in geometry.SHAPES]
    paths += [geometry.silhouette(view) for view in geometry.VIEWS]
    for d in paths:
        points = coordinates(d)
        assert points
        assert all(0 <= x <= CANVAS_WIDTH and 0 <= y <= CANVAS_HEIGHT for x, y in points), d[:40]


def test_left_and_right_are_mirror_images_about_the_views_midline():
    for key in geometry.shape_keys():
        for view in geometry.views_of(key):
            shapes = {s.side: s for s in geometry.shapes_for(key) if s.view == view}
            if "left" not in shapes:
                continue
            (lx, ly), (rx, ry) = shapes["left"].anchor, shapes["right"].anchor
            assert abs(2 * MIDLINE_X[view] - lx - rx) < 0.01, (key, view)
            assert abs(ly - ry) < 0.01, (key, view)


def test_the_patients_right_is_on_the_viewers_left_in_front_only():
    for shape in geometry.shapes_for("hand"):
        on_viewers_left = shape.anchor[0] < MIDLINE_X[shape.view]
        assert on_viewers_left == ((shape.side == "right") == (shape.view == "front"))


def test_anchors_lie_inside_their_own_shape():
    for shape in geometry.SHAPES:
        x, y = shape.anchor
        assert 0 <= x <= CANVAS_WIDTH and 0 <= y <= CANVAS_HEIGHT
        assert inside(polygon(shape.d), x, y), (shape.key, shape.view, shape.side)


def test_shapes_tile_the_silhouette_without_holes_or_overlaps():
    """Sample a grid: each point of the body lies in exactly one shape, and none outside it."""
    for view in geometry.VIEWS:
        outline = polygon(geometry.silhouette(view))
        shapes = [polygon(s.d) for s in geometry.SHAPES if s.view == view]
        xs = [MIDLINE_X[view] - 200 + 0.37 + 3.1 * i for i in range(130)]
        checked = 0
        for row in range(300):
            y = 95.21 + 2.9 * row
            in_body = crossings(outline, y)
            per_shape = [crossings(points, y) for points in shapes]
            for x in xs:
                covering = sum(bisect_right(c, x) % 2 for c in per_shape)
                expected = bisect_right(in_body, x) % 2
                assert covering == expected, (view, round(x, 1), round(y, 1), covering)
                checked += expected
        assert checked > 4000  # the grid really went over the body


def test_silhouette_of_each_view_is_one_closed_path():
    for view in geometry.VIEWS:
        d = geometry.silhouette(view)
        assert d.startswith("M") and d.endswith("Z") and d.count("M") == 1


def test_spine_runs_from_skull_to_sacrum_in_order():
    segments = geometry.spine()
    assert [s.letter for s in segments] == ["C", "T", "L", "S"]
    assert [len(s.vertebrae) for s in segments[:3]] == [7, 12, 5]
    tops = [s.vertebrae[0][1] for s in segments[:3]]
    assert tops == sorted(tops)
    sacrum_top = min(y for _, y in coordinates(segments[3].outline))
    assert sacrum_top > segments[2].vertebrae[-1][1]
    for segment in segments:
        for x, _, width, _ in segment.vertebrae:
            assert abs(x + width / 2 - MIDLINE_X["back"]) < 0.01
