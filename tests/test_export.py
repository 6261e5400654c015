"""The downloadable picture: a standalone SVG that opens anywhere and holds the highlights."""

import xml.etree.ElementTree as ET

from lessons import content as lesson_content

SVG = "{http://www.w3.org/2000/svg}"


def parse(response) -> ET.Element:
    assert response["Content-Type"].startswith("image/svg+xml")
    return ET.fromstring(response.content)


def test_a_region_downloads_as_a_standalone_svg(client, shipped_content):
    response = client.get("/regions/left-wrist/export.svg")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bodymap-left-wrist.svg"'
    root = parse(response)
    assert root.tag == f"{SVG}svg"
    assert root.get("width") and root.get("height")  # a size of its own for Inkscape
    assert root.find(f"{SVG}defs/{SVG}style") is not None  # carries its own styles
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Wrist, left" in texts
    assert "Postural compensation along the kinetic chain" in texts  # the legend


def test_the_download_holds_the_highlighted_regions_and_arrows(client, shipped_content):
    root = parse(client.get("/regions/left-wrist/export.svg"))
    marks = [g for g in root.iter(f"{SVG}g") if "mark" in (g.get("class") or "")]
    assert "mark mark-selected" in [g.get("class") for g in marks]
    # Places of one look share a group: count the places it paints (each in three layers).
    connected = [g for g in marks if g.get("class") == "mark mark-connected"]
    assert sum(len(list(g.iter(f"{SVG}use"))) for g in connected) >= 5 * 3
    assert any(p.get("marker-end") for p in root.iter(f"{SVG}path"))
    links = [a.get("href") for a in root.iter(f"{SVG}a")]
    assert "http://testserver/regions/left-wrist/" in links  # regions link back to the site


def test_the_download_follows_the_filters(client, shipped_content):
    everything = parse(client.get("/regions/lower-back/export.svg"))
    incoming = parse(client.get("/regions/lower-back/export.svg?direction=incoming"))

    def arrows(root):
        return sum(1 for p in root.iter(f"{SVG}path") if p.get("marker-end"))

    assert 0 < arrows(incoming) < arrows(everything)


def test_a_lesson_step_downloads_too(client, shipped_content):
    lesson_content.load()
    response = client.get("/lessons/from-the-neck-to-the-lower-back/2/export.svg")
    root = parse(response)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "From the neck to the lower back: cervical myelopathy" in texts
    assert "Step 2 of 4: When the spinal cord itself is compressed" in texts


def test_an_unknown_region_cannot_be_downloaded(client, shipped_content):
    assert client.get("/regions/tail/export.svg").status_code == 404
