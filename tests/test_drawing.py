"""The SVG drawings: links where regions are, nothing inline-styled, overlays that line up."""

import re
import xml.etree.ElementTree as ET

from conditions.body import geometry
from conditions.body.drawing import (
    LINE_PATTERNS,
    Arrow,
    Mark,
    RegionSpec,
    draw_body,
    draw_overlay,
    draw_shape_preview,
    draw_swatch,
    place_label,
    place_slug,
)

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

REGIONS = [
    RegionSpec("wrist", "Wrist", "wrist", True),
    RegionSpec("lower-back", "Lower back", "lower-back", False),
    RegionSpec("head", "Head", "head", False),
    RegionSpec("shoulder", "Shoulder", "shoulder", True),
]


def href(place: str) -> str:
    return f"/regions/{place}/"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def body() -> ET.Element:
    return parse(draw_body(REGIONS, href))


def links(root: ET.Element) -> list[ET.Element]:
    return root.findall(f".//{SVG}a")


def test_places_and_labels_name_the_patients_side():
    assert place_slug("wrist", "left") == "left-wrist"
    assert place_slug("lower-back", None) == "lower-back"
    assert place_label("Wrist", "left") == "Wrist, left"
    assert place_label("Lower back", None) == "Lower back"


def test_body_root_is_a_labelled_group_sized_by_css():
    root = body()
    assert root.get("viewBox") == f"0 0 {geometry.CANVAS_WIDTH} {geometry.CANVAS_HEIGHT}"
    assert root.get("width") is None and root.get("height") is None
    assert "body-map" in root.get("class").split()
    assert root.get("role") == "group"
    assert root.get("aria-label") == "Body map"
    assert parse(draw_body(REGIONS, href, title="Where it hurts")).get("aria-label") == (
        "Where it hurts"
    )


def test_every_region_shape_is_a_link_with_place_and_label():
    root = body()
    expected = [s for s in geometry.SHAPES if s.key in {r.shape_key for r in REGIONS}]
    found = links(root)
    assert len(found) == len(expected)
    for link in found:
        place = link.get("data-region")
        assert link.get("href") == href(place) == link.get(XLINK_HREF)
        assert link.get("aria-label")
        assert link.get("class") == "region"
        assert link.get("target") is None
        (path,) = link.findall(f"{SVG}path")
        assert path.get("class") == "region-shape" and path.get("d")


def test_bilateral_sides_get_their_own_place_and_midline_shapes_share_one():
    by_region: dict[str, set[str]] = {}
    for link in links(body()):
        by_region.setdefault(link.get("data-shape"), set()).add(link.get("data-region"))
    assert by_region["wrist"] == {"left-wrist", "right-wrist"}
    assert by_region["shoulder"] == {"left-shoulder", "right-shoulder"}
    assert by_region["lower-back"] == {"lower-back"}
    # Head appears on both views: two links to the same place.
    head_links = [a for a in links(body()) if a.get("data-shape") == "head"]
    assert len(head_links) == 2 and {a.get("data-region") for a in head_links} == {"head"}


def test_link_sides_and_labels_agree():
    for link in links(body()):
        side = link.get("data-side")
        place = link.get("data-region")
        if side:
            assert place.startswith(f"{side}-")
            assert link.get("aria-label").endswith(f", {side}")
        else:
            assert "," not in link.get("aria-label")


def test_shapes_without_a_region_are_inert_fillers():
    root = body()
    fillers = root.findall(f".//{SVG}path[@class='region-filler']")
    linked_paths = {id(p) for a in links(root) for p in a.iter()}
    assert fillers and not any(id(p) in linked_paths for p in fillers)
    region_keys = {r.shape_key for r in REGIONS}
    assert len(fillers) == sum(1 for s in geometry.SHAPES if s.key not in region_keys)


def test_each_view_has_its_caption_and_the_patients_orientation():
    root = body()
    for view in geometry.VIEWS:
        (group,) = [g for g in root.iter(f"{SVG}g") if g.get("class") == f"view view-{view}"]
        texts = {t.text: t for t in group.iter(f"{SVG}text")}
        assert view.capitalize() in texts
        right_x = float(texts["Right"].get("x"))
        left_x = float(texts["Left"].get("x"))
        assert (right_x < left_x) == (view == "front")
        assert group.find(f"{SVG}path[@class='silhouette']") is not None
    assert any("patient" in (t.text or "") for t in root.iter(f"{SVG}text"))


def test_spine_is_drawn_on_the_back_and_never_blocks_clicks():
    root = body()
    (spine,) = [g for g in root.iter(f"{SVG}g") if g.get("class") == "spine"]
    assert spine.get("aria-hidden") == "true"
    assert spine.get("pointer-events") == "none"
    assert [t.text for t in spine.iter(f"{SVG}text")] == ["C", "T", "L", "S"]
    assert len(spine.findall(f"{SVG}rect")) == 7 + 12 + 5
    back = [g for g in root.iter(f"{SVG}g") if g.get("class") == "view view-back"][0]
    assert spine in list(back)


def test_no_inline_styles_anywhere():
    marks = [
        Mark("wrist", "left", "selected", "#c2410c", "solid"),
        Mark("hand", "left", "connected", "#0f766e", "dotted"),
    ]
    arrows = [Arrow(("wrist", "left"), ("hand", "left"), "#0f766e", "dotted", "Wrist to hand")]
    for svg in [
        draw_body(REGIONS, href),
        draw_overlay(marks, arrows),
        draw_swatch("#000", "wavy"),
        draw_shape_preview("knee"),
    ]:
        assert all(el.get("style") is None for el in parse(svg).iter())
        assert "<style" not in svg


def test_ids_are_unique_across_base_and_overlay():
    marks = [
        Mark(key, "left", "connected", "#0f766e", pattern)
        for key, pattern in zip(["wrist", "hand", "knee"], LINE_PATTERNS, strict=False)
    ]
    arrows = [
        Arrow(("wrist", "left"), ("knee", "left"), colour, "dashed", "")
        for colour in ("#0f766e", "#7c3aed", "#0f766e")
    ]
    ids = [
        el.get("id")
        for svg in (draw_body(REGIONS, href), draw_overlay(marks, arrows))
        for el in parse(svg).iter()
        if el.get("id")
    ]
    assert ids and len(ids) == len(set(ids))


def test_empty_overlay_is_a_valid_stackable_svg():
    root = parse(draw_overlay([], []))
    assert root.get("viewBox") == body().get("viewBox")
    assert root.get("class") == "body-overlay"
    assert root.get("aria-hidden") == "true" and root.get("pointer-events") == "none"
    assert not root.findall(f".//{SVG}path")


def test_overlay_paints_the_marked_shape_and_a_curved_arrow_with_a_head():
    (shape,) = [s for s in geometry.shapes_for("lower-back")]
    marks = [
        Mark("lower-back", None, "selected", "#c2410c", "solid"),
        Mark("buttock", "left", "connected", "#0f766e", "dashed"),
    ]
    arrows = [Arrow(("lower-back", None), ("buttock", "left"), "#0f766e", "dashed", "Referred")]
    root = parse(draw_overlay(marks, arrows))
    paths = list(root.iter(f"{SVG}path"))
    # Each marked shape is painted by <use> elements that point at its path in the base
    # drawing, which every page (and the download) holds under the overlay.
    base = parse(draw_body(REGIONS, lambda place: f"/regions/{place}/"))
    shapes = {p.get("id"): p.get("d") for p in base.iter(f"{SVG}path") if p.get("id")}
    # The places of one look share a group whose paint they inherit.
    painted = [
        (shapes[use.get("href").removeprefix("#")], layer.get("fill"))
        for layer in root.iter(f"{SVG}g")
        for use in layer.findall(f"{SVG}use")
    ]
    assert (shape.d, "#c2410c") in painted
    (left_buttock,) = [s for s in geometry.shapes_for("buttock") if s.side == "left"]
    assert (left_buttock.d, "#0f766e") in painted
    assert not any(
        d == s.d for s in geometry.shapes_for("buttock") if s.side == "right" for d, _ in painted
    )
    headed = [p for p in paths if p.get("marker-end")]
    assert headed
    marker_ids = {m.get("id") for m in root.iter(f"{SVG}marker")}
    for path in headed:
        assert re.fullmatch(r"url\(#(.+)\)", path.get("marker-end")).group(1) in marker_ids
        assert " C" in path.get("d") or "C" in path.get("d")  # a curve, not a straight line
    arrow_path = [p for p in headed if p.get("stroke") == "#0f766e"][0]
    assert arrow_path.get("stroke-dasharray") == LINE_PATTERNS["dashed"]


def test_connected_marks_carry_a_fill_pattern_per_line_pattern():
    marks = [Mark("knee", "left", "connected", "#0f766e", p) for p in LINE_PATTERNS]
    root = parse(draw_overlay(marks, []))
    patterns = {p.get("id") for p in root.iter(f"{SVG}pattern")}
    assert len(patterns) == len(LINE_PATTERNS)
    fills = {
        g.get("fill")
        for g in root.iter(f"{SVG}g")
        if (g.get("fill") or "").startswith("url") and g.findall(f"{SVG}use")
    }
    assert fills == {f"url(#{i})" for i in patterns}


def test_arrow_between_views_crosses_the_gap():
    # The side of the neck is only drawn in front and the shoulder blade only behind.
    arrows = [Arrow(("side-of-neck", "left"), ("shoulder-blade", "left"), "#333", "solid", "")]
    root = parse(draw_overlay([], arrows))
    (path,) = [p for p in root.iter(f"{SVG}path") if p.get("stroke") == "#333"]
    numbers = [float(n) for n in re.findall(r"-?\d+\.?\d*", path.get("d"))]
    start_x, end_x = numbers[0], numbers[-2]
    assert start_x < geometry.CANVAS_WIDTH / 2 < end_x


def test_arrow_on_one_view_stays_on_it():
    arrows = [Arrow(("shoulder", "right"), ("hand", "right"), "#333", "solid", "")]
    root = parse(draw_overlay([], arrows))
    (path,) = [p for p in root.iter(f"{SVG}path") if p.get("stroke") == "#333"]
    numbers = [float(n) for n in re.findall(r"-?\d+\.?\d*", path.get("d"))]
    xs = numbers[::2]
    assert all(x < geometry.CANVAS_WIDTH / 2 for x in xs)  # both in front, where the start is


def test_line_patterns_are_the_eight_named_ones():
    assert set(LINE_PATTERNS) == {
        "solid",
        "dashed",
        "dotted",
        "dash-dot",
        "long-dash",
        "dash-dot-dot",
        "double",
        "wavy",
    }
    dashes = [d for d in LINE_PATTERNS.values() if d]
    assert len(dashes) == len(set(dashes))


def test_swatches_differ_per_pattern_and_are_hidden_from_screen_readers():
    swatches = {pattern: draw_swatch("#0f766e", pattern) for pattern in LINE_PATTERNS}
    assert len(set(swatches.values())) == len(LINE_PATTERNS)
    for svg in swatches.values():
        root = parse(svg)
        assert root.get("aria-hidden") == "true"
        assert root.get("width") == "48" and root.get("height") == "16"
        assert not any(el.get("id") for el in root.iter())  # safe to repeat on one page


def test_shape_preview_fills_the_shape_and_rejects_unknown_keys():
    root = parse(draw_shape_preview("sacroiliac-joint"))
    ds = {p.get("d") for p in root.iter(f"{SVG}path")}
    assert {s.d for s in geometry.shapes_for("sacroiliac-joint")} <= ds
    try:
        draw_shape_preview("elbow-of-the-knee")
    except KeyError:
        pass
    else:
        raise AssertionError("unknown shape keys must raise KeyError")
