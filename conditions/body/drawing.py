"""SVG drawings of the body map, built with svgwrite from the shapes in `geometry`.

`draw_body` is the clickable base, styled only through classes (the Content-Security-Policy
forbids inline styles), and `draw_overlay` paints the highlights and arrows for one selection.
A page writes the overlay inside the base drawing (`Diagram`), so both share one coordinate
system by construction and cannot drift apart at any size, zoom or layout.

Classes the stylesheet is expected to style: .body-map, .view-caption, .orientation,
.body-map-note, .silhouette, .region, .region-shape, .region-filler, .spine, .vertebra,
.sacrum-bone, .spine-label, .detail (and .is-selected / .is-connected if the page marks regions).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import svgwrite

from . import geometry
from .geometry import CANVAS_HEIGHT, CANVAS_WIDTH, HEAD_HEIGHT, MIDLINE_X, Point

VIEW_BOX = f"0 0 {CANVAS_WIDTH} {CANVAS_HEIGHT}"
SIDES_NOTE = "Left and right are the patient's."

# Stroke dash arrays for each line pattern. "double" and "wavy" are drawn specially (two
# parallel strokes, a wavy line), so they carry no dash array.
LINE_PATTERNS: dict[str, str | None] = {
    "solid": None,
    "dashed": "16 9",
    "dotted": "0.1 10",
    "dash-dot": "16 7 0.1 7",
    "long-dash": "34 10",
    "dash-dot-dot": "16 6 0.1 6 0.1 6",
    "double": None,
    "wavy": None,
}

ARROW_WIDTH = 5.0
HALO_WIDTH = 10.0
INK = "#1b1b1b"  # outlines and pattern marks: dark enough to read in greyscale
HALO = "#ffffff"


@dataclass(frozen=True)
class RegionSpec:
    slug: str
    name: str
    shape_key: str
    bilateral: bool
    order: int = 0  # head to toe: the order the arrow keys move in (bodymap.js)
    connections: int | None = None  # how many links touch it, said with its name


@dataclass(frozen=True)
class Mark:
    shape_key: str
    side: str | None  # None on a bilateral shape marks both sides
    role: str  # "selected" | "connected"
    colour: str
    pattern: str


@dataclass(frozen=True)
class Arrow:
    start: tuple[str, str | None]  # (shape_key, side)
    end: tuple[str, str | None]
    colour: str
    pattern: str
    label: str
    # Places passed on the way to `end` down one limb: one branching path, not several arrows.
    branches: tuple[tuple[str, str | None], ...] = ()
    strong: bool = True  # a key connection; the others are drawn lighter
    rows: str = ""  # the ids of the panel's rows it draws (space-separated), for highlighting
    href: str = ""  # where following it leads (its line in the panel); "" draws no link


def place_slug(slug: str, side: str | None) -> str:
    return f"{side}-{slug}" if side else slug


def place_label(name: str, side: str | None) -> str:
    return f"{name}, {side}" if side else name


def _drawing(view_box: str = VIEW_BOX, **extra) -> svgwrite.Drawing:
    # debug=False: svgwrite's validator rejects data-* and aria-* attributes.
    return svgwrite.Drawing(size=None, viewBox=view_box, debug=False, **extra)


def _text(dwg: svgwrite.Drawing, content: str, at: Point, class_: str):
    # text-anchor is layout rather than look, so it lives on the element, not in the CSS.
    return dwg.text(content, insert=at, class_=class_, text_anchor="middle")


# --- The base diagram --------------------------------------------------------------------------


def draw_body(
    regions: Iterable[RegionSpec], href: Callable[[str], str], title: str = "Body map"
) -> str:
    """The clickable diagram: one link per region shape, fillers and labels inert."""
    by_shape = {region.shape_key: region for region in regions}
    dwg = _drawing(class_="body-map", role="group", aria_label=title)
    named: set[str] = set()
    for view in geometry.VIEWS:
        dwg.add(_view_group(dwg, view, by_shape, href, named))
    note = _text(dwg, SIDES_NOTE, (CANVAS_WIDTH / 2, geometry.NOTE_Y), "body-map-note")
    dwg.add(note)
    # A phone shows one view at a time, and would cut the note above in two: each view has
    # its own copy there (the stylesheet shows one or the other; the intro says it in words).
    for view in geometry.VIEWS:
        copy = _text(dwg, SIDES_NOTE, (MIDLINE_X[view], geometry.NOTE_Y), "body-map-note view-note")
        copy["aria-hidden"] = "true"
        dwg.add(copy)
    return dwg.tostring()


@dataclass(frozen=True)
class Diagram:
    """The base drawing as a page writes it around the overlay: `opening`, the overlay (a
    nested <svg id="overlay"> that htmx swaps out of band), then `closing`. A nested <svg>
    without a viewBox fills its parent's and keeps its units: the highlights land on the
    shapes whatever size, zoom or layout draws the figure. The base is drawn once per content
    version and the overlay once per answer, so they meet as text, each built by svgwrite."""

    opening: str
    closing: str

    @classmethod
    def around_overlay(cls, body_svg: str) -> Diagram:
        opening, closing, _ = body_svg.rpartition("</svg>")
        return cls(opening, closing)


def _view_group(
    dwg, view: str, by_shape: dict[str, RegionSpec], href, named: set[str] | None = None
) -> svgwrite.container.Group:
    """One view of the figure. `named`: the places already linked in another view, whose
    shapes here stay clickable but are not named again (a screen reader hears each once)."""
    named = set() if named is None else named
    group = dwg.g(class_=f"view view-{view}")
    mid = MIDLINE_X[view]
    group.add(_text(dwg, view.capitalize(), (mid, geometry.CAPTION_Y), "view-caption"))
    # Facing us, the patient's right is on our left; from behind it is on our right.
    offset = 1.25 * HEAD_HEIGHT
    right_x, left_x = (
        (mid - offset, mid + offset) if view == "front" else (mid + offset, mid - offset)
    )
    group.add(_text(dwg, "Right", (right_x, geometry.ORIENTATION_Y), "orientation"))
    group.add(_text(dwg, "Left", (left_x, geometry.ORIENTATION_Y), "orientation"))
    group.add(dwg.path(d=geometry.silhouette(view), class_="silhouette"))
    for shape in geometry.SHAPES:
        if shape.view != view:
            continue
        region = by_shape.get(shape.key)
        group.add(
            _region_link(dwg, shape, region, href, named)
            if region
            else dwg.path(d=shape.d, class_="region-filler", id=shape_id(shape))
        )
    group.add(_details(dwg, view))
    if view == "back":
        group.add(_spine(dwg))
    return group


def shape_id(shape: geometry.Shape) -> str:
    """The id of a shape's path in the base drawing, which overlays `<use>`."""
    return "-".join(["bm-shape", shape.key, shape.view, *([shape.side] if shape.side else [])])


def _region_link(dwg, shape: geometry.Shape, region: RegionSpec, href, named: set[str]):
    side = shape.side if region.bilateral else None
    place = place_slug(region.slug, side)
    label = place_label(region.name, side)
    if region.connections is not None:
        label += f": {region.connections} connection{'' if region.connections == 1 else 's'}"
    link = dwg.a(
        href(place),
        target=None,
        class_="region",
        data_region=place,
        data_shape=shape.key,
        data_order=region.order,
        aria_label=label,
    )
    if place in named:
        # Its shape in the other view: a pointer's target, but no second name or tab stop.
        link["aria-hidden"] = "true"
        link["tabindex"] = "-1"
    named.add(place)
    link["href"] = href(place)  # SVG 2 spelling, next to svgwrite's xlink:href
    # htmx swaps the answer in when JavaScript runs; the href above works without it.
    link["hx-get"] = href(place)
    # svgwrite drops empty attributes, so midline shapes simply have no data-side.
    if side:
        link["data-side"] = side
    # Its centre (where arrows end), which a tap on a phone resolves by (bodymap.js): a
    # shape's box's middle can lie on a neighbour.
    link["data-centre"] = " ".join(f"{coord:.1f}" for coord in shape.anchor)
    link.add(dwg.path(d=shape.d, class_="region-shape", id=shape_id(shape)))
    return link


def _details(dwg, view: str):
    """Inert anatomy hints (navel, kneecaps...) that help the eye but never catch a click."""
    group = dwg.g(class_="detail", aria_hidden="true", pointer_events="none")
    for d in geometry.details(view):
        group.add(dwg.path(d=d))
    return group


def _spine(dwg):
    group = dwg.g(class_="spine", aria_hidden="true", pointer_events="none")
    for segment in geometry.spine():
        for x, y, width, height in segment.vertebrae:
            group.add(
                dwg.rect((x, y), (width, height), rx=min(width, height) / 3, class_="vertebra")
            )
        if segment.outline:
            group.add(dwg.path(d=segment.outline, class_="sacrum-bone"))
        group.add(_text(dwg, segment.letter, segment.label, "spine-label"))
    return group


# --- Fill patterns (shared by the overlay and the legend swatches) ----------------------------

PATTERN_TILE = 10.0


def _tile_marks(pattern: str, s: float) -> list[tuple[str, tuple]]:
    """Marks inside one s-by-s tile, chosen so that tiles join into a seamless texture.

    Each pattern name gets a texture that differs from the others without colour.
    """
    forward = [
        ("line", (0, s, s, 0)),
        ("line", (-s / 2, s / 2, s / 2, -s / 2)),
        ("line", (s / 2, 3 * s / 2, 3 * s / 2, s / 2)),
    ]
    backward = [
        ("line", (0, 0, s, s)),
        ("line", (-s / 2, s / 2, s / 2, 3 * s / 2)),
        ("line", (s / 2, -s / 2, 3 * s / 2, s / 2)),
    ]
    across = [("line", (0, s / 2, s, s / 2))]
    down = [("line", (s / 2, 0, s / 2, s))]
    marks: dict[str, list[tuple[str, tuple]]] = {
        "solid": forward,
        "dashed": backward,
        "dotted": [("dot", (s / 2, s / 2, s * 0.17))],
        "dash-dot": forward + backward,
        "long-dash": across,
        "dash-dot-dot": down,
        "double": across + down,
        "wavy": [("wave", (s,))],
    }
    return marks[pattern]


def _add_tile_marks(dwg, parent, pattern: str, s: float, origin: Point, ink: str) -> None:
    ox, oy = origin
    for kind, args in _tile_marks(pattern, s):
        if kind == "line":
            x1, y1, x2, y2 = args
            parent.add(
                dwg.line(
                    (ox + x1, oy + y1),
                    (ox + x2, oy + y2),
                    stroke=ink,
                    stroke_width=s * 0.14,
                    stroke_linecap="round",
                )
            )
        elif kind == "dot":
            cx, cy, r = args
            parent.add(dwg.circle((ox + cx, oy + cy), r, fill=ink))
        else:
            wave = dwg.path(d=f"M{ox},{oy + s / 2}", fill="none", stroke=ink, stroke_width=s * 0.14)
            wave.push("Q", ox + s / 4, oy, ox + s / 2, oy + s / 2)
            wave.push("T", ox + s, oy + s / 2)
            parent.add(wave)


def _pattern_id(pattern: str) -> str:
    return f"bm-fill-{pattern}"


def _fill_pattern(dwg, pattern: str):
    tile = dwg.pattern(
        id=_pattern_id(pattern), size=(PATTERN_TILE, PATTERN_TILE), patternUnits="userSpaceOnUse"
    )
    _add_tile_marks(dwg, tile, pattern, PATTERN_TILE, (0, 0), INK)
    return tile


# --- The overlay -------------------------------------------------------------------------------


def draw_overlay(marks: Iterable[Mark], arrows: Iterable[Arrow]) -> str:
    """Highlights and arrows for one selection, in `draw_body`'s coordinates: a page nests it
    inside the base drawing (see `Diagram`)."""
    return _overlay(tuple(marks), tuple(arrows))


# svgwrite takes milliseconds per drawing, and a click asks for the same few overlays again and
# again: the answer depends only on these frozen values, so each process keeps the recent ones.
@functools.lru_cache(maxsize=512)
def _overlay(marks: tuple[Mark, ...], arrows: tuple[Arrow, ...]) -> str:
    if any(arrow.href for arrow in arrows):
        # Arrows that lead to their line are links a keyboard and a screen reader reach;
        # the highlights stay hidden from them (the panel says the same in words).
        dwg = _drawing(
            class_="body-overlay", role="group", aria_label="Arrows", pointer_events="none"
        )
    else:
        dwg = _drawing(class_="body-overlay", aria_hidden="true", pointer_events="none")
    _add_overlay(dwg, dwg, marks, arrows)
    return dwg.tostring()


def _add_overlay(dwg, parent, marks: Iterable[Mark], arrows: Iterable[Arrow]) -> None:
    marks, arrows = list(marks), list(arrows)
    defs = dwg.defs
    for pattern in sorted({mark.pattern for mark in marks if mark.role != "selected"}):
        defs.add(_fill_pattern(dwg, pattern))
    if arrows:
        defs.add(_arrowhead(dwg, HALO, "bm-arrow-halo", 1.7))
    for colour in sorted({arrow.colour for arrow in arrows}):
        defs.add(_arrowhead(dwg, colour, _marker_id(colour), 1.0))

    # Connected regions first so that the selection's outline stays on top. The places of one
    # look (colour and pattern) share one group, whose paint their <use>s inherit, and each
    # names the base drawing's own path (same page, same file) rather than copying it: a busy
    # overlay, a click's largest part, is a third of the size it was.
    looks: dict[tuple, list[str]] = {}
    for mark in sorted(marks, key=lambda m: m.role == "selected"):
        hrefs = looks.setdefault((mark.role, mark.colour, mark.pattern), [])
        hrefs += ["#" + shape_id(shape) for shape in _marked_shapes(mark)]
    for (role, colour, pattern), hrefs in looks.items():
        parent.add(_mark_group(dwg, Mark("", None, role, colour, pattern), hrefs))
    for arrow in arrows:
        parent.add(_arrow_group(dwg, arrow))


def _marked_shapes(mark: Mark) -> list[geometry.Shape]:
    return [
        shape
        for shape in geometry.shapes_for(mark.shape_key)
        if mark.side is None or shape.side is None or shape.side == mark.side
    ]


def _mark_group(dwg, mark: Mark, hrefs: list[str]):
    """The places `hrefs` painted in `mark`'s look; the shapes inherit the paint."""
    group = dwg.g(class_=f"mark mark-{mark.role}", aria_hidden="true")
    if mark.role == "selected":
        layers = [dwg.g(fill=mark.colour, stroke=INK, stroke_width=4, stroke_linejoin="round")]
    else:
        # The outline repeats the mechanism's line pattern: a cue that survives greyscale.
        outline = dwg.g(fill="none", stroke=mark.colour, stroke_width=2.5, stroke_linejoin="round")
        dash = LINE_PATTERNS.get(mark.pattern)
        if dash:
            outline["stroke-dasharray"] = dash
            outline["stroke-linecap"] = "round"
        layers = [
            dwg.g(fill=mark.colour, fill_opacity=0.45),
            dwg.g(fill=f"url(#{_pattern_id(mark.pattern)})", fill_opacity=0.6),
            outline,
        ]
    for layer in layers:
        for href in hrefs:
            layer.add(_Use(href, debug=False))
        group.add(layer)
    return group


class _Use(svgwrite.container.Use):
    """A <use> with SVG 2's plain href: a busy overlay has a hundred of them, and xlink's
    spelling is six bytes more each (every browser the site supports reads href)."""

    def update_id(self):
        self.attribs["href"] = self.href


class _Link(svgwrite.container.Hyperlink):
    """An <a> with SVG 2's plain href only, for the same reason as `_Use`."""

    def __init__(self, href, **extra):
        super().__init__(href, **extra)
        self.attribs["href"] = self.attribs.pop("xlink:href")


def _marker_id(colour: str) -> str:
    return "bm-arrow-" + (re.sub(r"[^A-Za-z0-9]+", "", colour).lower() or "plain")


def _arrowhead(dwg, colour: str, marker_id: str, scale: float):
    # userSpaceOnUse keeps the head the same size whatever the stroke width of its path.
    size = 22 * scale
    marker = dwg.marker(
        id=marker_id,
        insert=(size * 0.62, size / 2),
        size=(size, size),
        orient="auto",
        markerUnits="userSpaceOnUse",
    )
    top, middle, bottom = (round(size * share, 2) for share in (0.12, 0.5, 0.88))
    head = dwg.path(d=f"M0,{top}", fill=colour)
    head.push("L", round(size * 0.9, 2), middle, 0, bottom)
    head.push("Q", round(size * 0.22, 2), middle, 0, top)
    marker.add(head)
    return marker


def _arrow_group(dwg, arrow: Arrow):
    start, end = _arrow_ends(arrow)
    curve = _arrow_curve(start, end)
    view = _view_at(start[0])
    branch_lines = [
        _branch_line(curve, _anchor(*branch, arrow.start[1], view)) for branch in arrow.branches
    ]
    strength = "arrow-key" if arrow.strong else "arrow-light"
    if arrow.href:
        # A link for the keyboard and screen readers, but never a pointer's target (the
        # overlay's pointer-events: none holds for it too): arrows end on the centres of places
        # and cross others, and a click there must choose the place.
        group = _Link(
            arrow.href,
            target=None,
            class_=f"arrow {strength}",
            aria_label=arrow.label,
            data_rows=arrow.rows,
            debug=False,
        )
    else:
        # The label is kept for whoever inspects the picture; drawn, long labels would bury
        # the body.
        group = dwg.g(class_=f"arrow {strength}", data_label=arrow.label)
    halo = {
        "fill": "none",
        "stroke": HALO,
        "stroke_width": HALO_WIDTH if arrow.strong else HALO_WIDTH * 0.6,
        "stroke_linecap": "round",
        "stroke_opacity": 0.9,
        "marker_end": "url(#bm-arrow-halo)",
    }
    # Branches share their stroke through a group (markers are inherited too): a bundle of
    # five places costs little more than one arrow.
    halos = dwg.g(**halo)
    halos.add(_curve_path(dwg, curve))
    for line in branch_lines:
        halos.add(_branch_path(dwg, line))
    group.add(halos)
    group.add(_styled_stroke(dwg, curve, arrow))
    if branch_lines:
        width = (ARROW_WIDTH if arrow.strong else ARROW_WIDTH * 0.6) * 0.8
        branches = dwg.g(
            fill="none",
            stroke=arrow.colour,
            stroke_width=width,
            stroke_linecap="round",
            marker_end=f"url(#{_marker_id(arrow.colour)})",
        )
        if not arrow.strong:
            branches["stroke-opacity"] = 0.75
        for line in branch_lines:
            branches.add(_branch_path(dwg, line))
        group.add(branches)
    return group


def _branch_path(dwg, line):
    """A branch is straight: a line, not a curve, in its path."""
    path = dwg.path(d=["M", *_tenths(line[:1])])
    path.push("L", *_tenths(line[3:]))
    return path


def _branch_line(curve, target: Point):
    """A short straight branch from the point of `curve` nearest `target` to it."""
    points = [_bezier_point(curve, t / 40) for t in range(4, 37)]
    fork = min(points, key=lambda point: math.dist(point, target))
    return (fork, fork, target, target)


def same_view(start: tuple[str, str | None], end: tuple[str, str | None]) -> bool:
    """Whether one view of the diagram shows both places (so an arrow need not cross)."""
    starts = {shape.view for shape in _shapes_at(*start, other_side=end[1])}
    return any(shape.view in starts for shape in _shapes_at(*end, other_side=start[1]))


def _anchor(key: str, side: str | None, other_side: str | None, view: str) -> Point:
    shapes = _shapes_at(key, side, other_side)
    return next((shape.anchor for shape in shapes if shape.view == view), shapes[0].anchor)


def _styled_stroke(dwg, curve, arrow: Arrow, solid: bool = False):
    marker = f"url(#{_marker_id(arrow.colour)})"
    common = {"fill": "none", "stroke": arrow.colour, "marker_end": marker}
    width = ARROW_WIDTH if arrow.strong else ARROW_WIDTH * 0.6
    if not arrow.strong:
        common["stroke_opacity"] = 0.75
    if solid:  # a branch: too short for the mechanism's pattern to read
        return _curve_path(dwg, curve, stroke_width=width * 0.8, stroke_linecap="round", **common)
    if arrow.pattern == "wavy":
        return _wavy_path(
            dwg, curve, stroke_width=ARROW_WIDTH * 0.8, stroke_linejoin="round", **common
        )
    if arrow.pattern == "double":
        # Two parallel lines: a wide stroke with a narrow white stroke down its middle.
        pair = dwg.g()
        pair.add(_curve_path(dwg, curve, stroke_width=ARROW_WIDTH * 1.6, **common))
        pair.add(_curve_path(dwg, curve, fill="none", stroke=HALO, stroke_width=ARROW_WIDTH * 0.55))
        return pair
    path = _curve_path(dwg, curve, stroke_width=width, stroke_linecap="round", **common)
    dash = LINE_PATTERNS.get(arrow.pattern)
    if dash:
        path["stroke-dasharray"] = dash
    return path


def _arrow_ends(arrow: Arrow) -> tuple[Point, Point]:
    """Anchors to join: on one view when both shapes appear there, else across the gap."""
    start_shapes = _shapes_at(*arrow.start, other_side=arrow.end[1])
    end_shapes = _shapes_at(*arrow.end, other_side=arrow.start[1])
    for start in start_shapes:
        for end in end_shapes:
            if start.view == end.view:
                return start.anchor, end.anchor
    return start_shapes[0].anchor, end_shapes[0].anchor


def _shapes_at(key: str, side: str | None, other_side: str | None) -> list[geometry.Shape]:
    shapes = geometry.shapes_for(key)
    if not shapes:
        raise KeyError(key)
    wanted = side or other_side or "right"
    matching = [shape for shape in shapes if shape.side in (None, wanted)]
    return matching or shapes


def _arrow_curve(start: Point, end: Point) -> tuple[Point, Point, Point, Point]:
    """A cubic from start to end that bows away from the body, so it never reads as a limb."""
    (x1, y1), (x2, y2) = start, end
    length = math.dist(start, end) or 1.0
    if _view_at(x1) != _view_at(x2):
        # Across the gap between the figures: arc over it.
        lift = 0.18 * abs(x2 - x1)
        return start, (x1 + (x2 - x1) / 3, y1 - lift), (x2 - (x2 - x1) / 3, y2 - lift), end
    nx, ny = (y2 - y1) / length, -(x2 - x1) / length  # a unit normal
    midline = MIDLINE_X[_view_at(x1)]
    outward = (x1 + x2) / 2 - midline
    if outward * nx < 0 or (abs(outward) < 1 and nx < 0):
        nx, ny = -nx, -ny
    bulge = max(0.28 * length, 24.0)
    c1 = (x1 + (x2 - x1) / 3 + nx * bulge, y1 + (y2 - y1) / 3 + ny * bulge)
    c2 = (x1 + 2 * (x2 - x1) / 3 + nx * bulge, y1 + 2 * (y2 - y1) / 3 + ny * bulge)
    return start, c1, c2, end


def _view_at(x: float) -> str:
    return "front" if x < CANVAS_WIDTH / 2 else "back"


def _bezier_point(curve, t: float) -> Point:
    p0, p1, p2, p3 = curve
    u = 1 - t
    return (
        u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
        u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
    )


def _curve_path(dwg, curve, **attributes):
    path = dwg.path(d=["M", *_tenths(curve[:1])], **attributes)
    path.push("C", *_tenths(curve[1:]))
    return path


def _tenths(points) -> list[float]:
    # A tenth of a unit is finer than a pixel at any size the page draws; more digits only
    # weigh down every click's overlay.
    # And a whole number is written without its ".0".
    return [
        int(rounded) if rounded.is_integer() else rounded
        for point in points
        for coord in point
        if (rounded := round(coord, 1)) is not None
    ]


def _wavy_path(dwg, curve, **attributes):
    """A sine wave riding along the curve, calmed at both ends so the arrowhead sits straight."""
    steps = 120
    points = [_bezier_point(curve, i / steps) for i in range(steps + 1)]
    lengths = [0.0]
    for a, b in zip(points, points[1:], strict=False):
        lengths.append(lengths[-1] + math.dist(a, b))
    total = lengths[-1] or 1.0
    wave: list[Point] = []
    for i, (x, y) in enumerate(points):
        a, b = points[max(i - 1, 0)], points[min(i + 1, steps)]
        tx, ty = b[0] - a[0], b[1] - a[1]
        norm = math.hypot(tx, ty) or 1.0
        envelope = min(1.0, lengths[i] / 20, (total - lengths[i]) / 24)
        amplitude = 4.5 * max(envelope, 0.0) * math.sin(2 * math.pi * lengths[i] / 22)
        wave.append((x - ty / norm * amplitude, y + tx / norm * amplitude))
    path = dwg.path(d=["M", *_tenths(wave[:1])], **attributes)
    path.push("L", *_tenths(wave[1:]))
    return path


# --- Small pictures ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def draw_line_key(colour: str, pattern: str, width: int = 40, height: int = 12) -> str:
    """A mechanism's arrow in small (its colour and line pattern): the key a panel's lines
    carry. A tenth of a swatch's size, since a panel repeats it on every line."""
    if pattern not in LINE_PATTERNS:
        raise KeyError(pattern)
    # A nested <svg> rather than a Drawing: inline in HTML it needs no namespaces or profile.
    dwg = svgwrite.container.SVG(size=(width, height), viewBox=f"0 0 {width} {height}", debug=False)
    dwg.elements.remove(dwg.defs)  # nothing to define: an empty <defs /> on every line
    dwg["class"] = "line-key"
    dwg["aria-hidden"] = "true"
    mid = height // 2 if height % 2 == 0 else height / 2
    if pattern == "wavy":
        wave = svgwrite.path.Path(d=f"M3,{mid:g} q4,-5 8,0 t8,0 t8,0 t8,0", debug=False)
        wave.update({"fill": "none", "stroke": colour, "stroke-width": 2.5})
        dwg.add(wave)
    elif pattern == "double":
        for stroke, stroke_width in ((colour, 6), (HALO, 2)):
            dwg.add(
                svgwrite.shapes.Line(
                    (2, mid), (width - 2, mid), stroke=stroke, stroke_width=stroke_width
                )
            )
    else:
        line = svgwrite.shapes.Line(
            (3, mid), (width - 3, mid), stroke=colour, stroke_width=4, stroke_linecap="round"
        )
        dash = LINE_PATTERNS[pattern]
        if dash:  # the arrows' dashes, at the key's scale
            line["stroke-dasharray"] = _scaled_dash(dash, 0.5)
        dwg.add(line)
    return dwg.tostring()


@functools.lru_cache(maxsize=256)  # a few mechanisms, drawn on every map page: keep them
def draw_swatch(colour: str, pattern: str, width: int = 48, height: int = 16) -> str:
    """A legend chip for one mechanism: its fill texture with its line pattern across it."""
    if pattern not in LINE_PATTERNS:
        raise KeyError(pattern)
    dwg = _drawing(
        f"0 0 {width} {height}", width=width, height=height, aria_hidden="true", class_="swatch"
    )
    _add_swatch(dwg, dwg, colour, pattern, width, height)
    return dwg.tostring()


def _add_swatch(dwg, parent, colour: str, pattern: str, width: float, height: float) -> None:
    parent.add(dwg.rect((0, 0), (width, height), rx=3, fill=colour, fill_opacity=0.35))
    # Tiles drawn as plain marks rather than a <pattern>: a legend repeats swatches, and
    # pattern ids would then clash within the page.
    tile = height / 2
    texture = dwg.g(opacity=0.55)
    for row in range(int(height // tile)):
        for column in range(math.ceil(width / tile)):
            _add_tile_marks(dwg, texture, pattern, tile, (column * tile, row * tile), INK)
    parent.add(texture)
    mid = height / 2
    line = ((3.0, mid), (width / 3, mid), (2 * width / 3, mid), (width - 3.0, mid))
    parent.add(
        _curve_path(dwg, line, fill="none", stroke=HALO, stroke_width=6, stroke_linecap="round")
    )
    if pattern == "wavy":
        parent.add(_wavy_path(dwg, line, fill="none", stroke=colour, stroke_width=2.5))
    elif pattern == "double":
        parent.add(_curve_path(dwg, line, fill="none", stroke=colour, stroke_width=5))
        parent.add(_curve_path(dwg, line, fill="none", stroke=HALO, stroke_width=1.6))
    else:
        stroke = _curve_path(
            dwg, line, fill="none", stroke=colour, stroke_width=3, stroke_linecap="round"
        )
        if LINE_PATTERNS[pattern]:
            stroke["stroke-dasharray"] = _scaled_dash(LINE_PATTERNS[pattern], 0.45)
        parent.add(stroke)


def _scaled_dash(dash: str, factor: float) -> str:
    return " ".join(f"{float(n) * factor:g}" for n in dash.split())


def draw_shape_preview(shape_key: str) -> str:
    """A thumbnail for the admin: the views holding the shape, faint, with the shape filled."""
    shapes = geometry.shapes_for(shape_key)
    if not shapes:
        raise KeyError(shape_key)
    views = [view for view in geometry.VIEWS if view in geometry.views_of(shape_key)]
    half = CANVAS_WIDTH / 2
    left = 0 if views[0] == "front" else half
    view_box = f"{left:g} 60 {half * len(views):g} {CANVAS_HEIGHT - 60}"
    # The admin does not load the app's stylesheet, so this picture carries its own colours.
    dwg = _drawing(
        view_box,
        class_="shape-preview",
        role="img",
        aria_label=f"Shape {shape_key}",
        width=60 * len(views),
        height=110,
    )
    for view in views:
        dwg.add(
            dwg.path(d=geometry.silhouette(view), fill="#eeeeee", stroke="#9a9a9a", stroke_width=3)
        )
    for shape in shapes:
        dwg.add(dwg.path(d=shape.d, fill="#c2410c", stroke=INK, stroke_width=2))
    return dwg.tostring()


# --- A standalone picture ---------------------------------------------------------------------

# The page's stylesheet does not travel with a downloaded file, so the file carries the few rules
# its classes need. (A standalone document is not subject to the site's CSP.)
STANDALONE_CSS = """
.view-caption { font: 700 30px sans-serif; fill: #1b2430; }
.orientation { font: 600 20px sans-serif; fill: #4a5260; }
.body-map-note { font: italic 18px sans-serif; fill: #4a5260; }
.silhouette { fill: #fff; stroke: #6b6b6b; stroke-width: 2.5; stroke-linejoin: round; }
.view > .region-filler, .region > .region-shape {
  stroke: #fff; stroke-width: 1.6; stroke-linejoin: round;
}
.region > .region-shape { fill: #e6e1d8; }
.view > .region-filler { fill: #f3f0ea; }
.detail { fill: none; stroke: #b5aca1; stroke-width: 1.4; stroke-linecap: round; }
.spine .vertebra, .spine .sacrum-bone { fill: #d2cbc1; stroke: #a89f94; stroke-width: 0.8; }
.spine-label { font: 700 14px sans-serif; fill: #5f574e; }
.export-title { font: 700 28px sans-serif; fill: #1b2430; }
.export-subtitle { font: 19px sans-serif; fill: #4a5260; }
.export-line { font: 15px sans-serif; fill: #1b2430; }
.legend-label { font: 18px sans-serif; fill: #1b2430; }
"""


@dataclass(frozen=True)
class LegendItem:
    label: str
    colour: str
    pattern: str  # a LINE_PATTERNS key, or "selected" for the chosen part


def draw_standalone(
    regions: Iterable[RegionSpec],
    href: Callable[[str], str],
    marks: Iterable[Mark],
    arrows: Iterable[Arrow],
    legend: Iterable[LegendItem],
    title: str,
    subtitle: str = "",
    footnote: str = "",
    lines: Iterable[str] = (),
) -> str:
    """One self-contained SVG file: title, the answer's key lines (`lines`, as the page shows
    them first), diagram, highlights, arrows and legend, for download (opens in a browser or
    Inkscape)."""
    legend, lines = list(legend), list(lines)
    columns, row_height, line_height = 2, 34, 22
    top = 110 + line_height * len(lines)
    legend_height = 70 + row_height * math.ceil(len(legend) / columns)
    height = top + CANVAS_HEIGHT + legend_height
    dwg = svgwrite.Drawing(
        size=(f"{CANVAS_WIDTH}px", f"{height}px"),
        viewBox=f"0 {-top} {CANVAS_WIDTH} {height}",
        debug=False,
    )
    dwg.defs.add(dwg.style(STANDALONE_CSS))
    dwg.set_desc(title=title)
    dwg.add(dwg.rect((0, -top), (CANVAS_WIDTH, height), fill="#ffffff"))
    dwg.add(_text(dwg, title, (CANVAS_WIDTH / 2, -top + 48), "export-title"))
    if subtitle:
        dwg.add(_text(dwg, subtitle, (CANVAS_WIDTH / 2, -top + 82), "export-subtitle"))
    for number, line in enumerate(lines):
        y = -top + 110 + line_height * number
        dwg.add(dwg.text(f"• {line}", insert=(30, y), class_="export-line"))
    by_shape = {region.shape_key: region for region in regions}
    for view in geometry.VIEWS:
        dwg.add(_view_group(dwg, view, by_shape, href))
    dwg.add(
        _text(
            dwg,
            "Left and right are the patient's.",
            (CANVAS_WIDTH / 2, geometry.NOTE_Y),
            "body-map-note",
        )
    )
    overlay = dwg.g(class_="highlights")
    _add_overlay(dwg, overlay, marks, arrows)
    dwg.add(overlay)
    key = dwg.g(class_="legend")
    column_width = (CANVAS_WIDTH - 80) / columns
    for index, item in enumerate(legend):
        x = 40 + (index % columns) * column_width
        y = CANVAS_HEIGHT + 20 + (index // columns) * row_height
        chip = dwg.g(transform=f"translate({x:g},{y:g})")
        if item.pattern == "selected":
            chip.add(dwg.rect((0, 0), (48, 18), rx=3, fill=item.colour, stroke=INK, stroke_width=2))
        else:
            _add_swatch(dwg, chip, item.colour, item.pattern, 48, 18)
        key.add(chip)
        label = dwg.text(item.label, insert=(x + 60, y + 15), class_="legend-label")
        key.add(label)
    dwg.add(key)
    if footnote:
        dwg.add(_text(dwg, footnote, (CANVAS_WIDTH / 2, height - top - 16), "export-subtitle"))
    return dwg.tostring()
