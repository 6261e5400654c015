"""The highlights are drawn inside the diagram's own SVG: at every size, mode and zoom each
one lies exactly on the shape of its place."""

from conditions import content

# (viewport width, height, device scale factor, presenting). Browser zoom at 200 % on a
# 1366 px screen is a 683 CSS px viewport drawn with two device pixels to each CSS pixel.
CONFIGURATIONS = [
    (width, height, 1, present)
    for width, height in ((320, 640), (390, 844), (768, 1024), (1366, 768), (1920, 1080))
    for present in (False, True)
] + [(683, 384, 2, False), (683, 384, 2, True)]

# Each painted <use> against the path it paints (the region's shape in the base drawing).
MISALIGNMENTS = """() => {
  const far = [];
  document.querySelectorAll('#overlay use').forEach((use) => {
    const id = (use.getAttribute('href') || use.getAttribute('xlink:href')).slice(1);
    const shape = document.getElementById(id).getBoundingClientRect();
    const mark = use.getBoundingClientRect();
    const off = Math.max(Math.abs(mark.left - shape.left), Math.abs(mark.top - shape.top),
                         Math.abs(mark.right - shape.right), Math.abs(mark.bottom - shape.bottom));
    if (off > 1 || shape.width === 0) far.push(id + ' off by ' + off.toFixed(1) + ' px');
  });
  return far;
}"""


def test_every_highlight_lies_on_its_shape_at_every_size_mode_and_zoom(
    live_server, transactional_db, browser
):
    content.load()
    for width, height, scale, present in CONFIGURATIONS:
        context = browser.new_context(
            viewport={"width": width, "height": height}, device_scale_factor=scale
        )
        page = context.new_page()
        page.goto(live_server.url + "/regions/lower-back/" + ("?present=1" if present else ""))
        configuration = f"{width}x{height} at {scale * 100}%{' presenting' if present else ''}"
        assert page.locator("#overlay use").count() > 10, configuration
        assert page.evaluate(MISALIGNMENTS) == [], configuration
        context.close()
