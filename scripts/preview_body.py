"""Write an HTML page previewing the body map, to look at the drawing without running Django.

    .venv/bin/python scripts/preview_body.py /tmp/body.html            # sample highlights
    .venv/bin/python scripts/preview_body.py /tmp/body.html --plain    # the base diagram only

Then open the file in a browser, or screenshot it with headless Chromium.
The stylesheet below is a stand-in for the app's own CSS.
"""

from __future__ import annotations

import argparse
import html
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conditions.body import geometry  # noqa: E402
from conditions.body.drawing import (  # noqa: E402
    LINE_PATTERNS,
    Arrow,
    Mark,
    RegionSpec,
    draw_body,
    draw_overlay,
    draw_shape_preview,
    draw_swatch,
)

FILLERS = {"abdomen", "pelvis", "sacrum", "front-of-neck"}

CSS = """
body { font-family: system-ui, sans-serif; margin: 16px; color: #222; background: #fff; }
.stack { position: relative; width: 940px; }
.stack svg { display: block; width: 100%; height: auto; }
.stack .body-overlay { position: absolute; inset: 0; }
.view-caption { font-size: 30px; font-weight: 600; fill: #333; }
.orientation { font-size: 19px; fill: #555; letter-spacing: .04em; }
.body-map-note { font-size: 18px; fill: #555; font-style: italic; }
.silhouette { fill: #fff; stroke: #6b6b6b; stroke-width: 4; stroke-linejoin: round; }
.region-shape, .region-filler { stroke: #fff; stroke-width: 1.6; stroke-linejoin: round; }
.region-shape { fill: #e9e5df; }
.region-filler { fill: #f4f2ee; }
.region:hover .region-shape, .region:focus .region-shape { fill: #cfe0f4; }
.region:focus { outline: none; }
.region:focus .region-shape { stroke: #1d4ed8; stroke-width: 3; }
.detail { fill: none; stroke: #b5aca1; stroke-width: 1.4; stroke-linecap: round; }
.spine .vertebra { fill: #d2cbc1; stroke: #a89f94; stroke-width: .8; }
.spine .sacrum-bone { fill: #d2cbc1; stroke: #a89f94; stroke-width: .8; }
.spine-label { font-size: 13px; font-weight: 600; fill: #6d655c; }
.legend { display: flex; flex-wrap: wrap; gap: 10px 22px; margin-top: 12px; font-size: 14px; }
.legend span { display: inline-flex; gap: 6px; align-items: center; }
.previews { display: flex; gap: 8px; margin-top: 12px; }
"""

SAMPLE_COLOURS = [
    "#0f766e",
    "#7c3aed",
    "#b45309",
    "#be123c",
    "#1d4ed8",
    "#4d7c0f",
    "#a21caf",
    "#334155",
]


def region_specs() -> list[RegionSpec]:
    keys = sorted(geometry.shape_keys() - FILLERS)
    return [
        RegionSpec(key, key.replace("-", " ").capitalize(), key, geometry.is_bilateral(key))
        for key in keys
    ]


def sample_overlay() -> str:
    marks = [
        Mark("lower-back", None, "selected", "#ea580c", "solid"),
        Mark("buttock", "left", "connected", "#0f766e", "dashed"),
        Mark("thigh", "left", "connected", "#7c3aed", "dotted"),
        Mark("calf-and-shin", "left", "connected", "#7c3aed", "dotted"),
        Mark("abdomen", None, "connected", "#b45309", "dash-dot"),
        Mark("hip", "left", "connected", "#be123c", "wavy"),
    ]
    arrows = [
        Arrow(("lower-back", None), ("buttock", "left"), "#0f766e", "dashed", ""),
        Arrow(("lower-back", None), ("calf-and-shin", "left"), "#7c3aed", "dotted", ""),
        Arrow(("lower-back", None), ("abdomen", None), "#b45309", "dash-dot", ""),
        Arrow(("lower-back", None), ("hip", "left"), "#be123c", "wavy", ""),
        Arrow(("shoulder", "right"), ("hand", "right"), "#1d4ed8", "double", ""),
        Arrow(("side-of-neck", "left"), ("shoulder-blade", "left"), "#334155", "long-dash", ""),
    ]
    return draw_overlay(marks, arrows)


def page(plain: bool) -> str:
    base = draw_body(region_specs(), href=lambda place: f"/regions/{place}/")
    overlay = "" if plain else sample_overlay()
    legend = "".join(
        f"<span>{draw_swatch(colour, name)}{html.escape(name)}</span>"
        for name, colour in zip(LINE_PATTERNS, SAMPLE_COLOURS, strict=True)
    )
    previews = "".join(draw_shape_preview(key) for key in ("shoulder", "sacroiliac-joint", "hand"))
    return (
        f"<!doctype html><meta charset=utf-8><title>Body map preview</title><style>{CSS}</style>"
        f"<div class=stack>{base}{overlay}</div><div class=legend>{legend}</div>"
        f"<div class=previews>{previews}</div>"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="where to write the HTML page")
    parser.add_argument("--plain", action="store_true", help="leave out the sample overlay")
    args = parser.parse_args()
    args.output.write_text(page(args.plain), encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
