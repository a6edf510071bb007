"""Generate ``resources/sample.pdf``: Strata's own sample document.

A short field guide to rivers (about eight A4 pages, five chapters) written to show
what Strata does: chapters with headings and an outline, sections, a vector figure
with a caption, a table, bullet and numbered lists, a footnote and page numbers.
Run ``python resources/make_sample.py`` to rebuild it; the output is deterministic.
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

import pymupdf

OUT = Path(__file__).resolve().parent / "sample.pdf"

CSS = """
body { font-family: serif; font-size: 11pt; line-height: 1.35; }
h1 { page-break-before: always; font-family: sans-serif; font-size: 20pt; margin-top: 6pt; margin-bottom: 8pt; color: #123c69; }
h2 { font-family: sans-serif; font-size: 13.5pt; margin-top: 10pt; margin-bottom: 4pt; color: #123c69; }
p { margin-top: 0; margin-bottom: 6pt; text-align: justify; }
.caption { font-size: 9.5pt; font-style: italic; text-align: center; margin-bottom: 10pt; }
.title { font-family: sans-serif; font-size: 28pt; text-align: center; margin-top: 60pt; color: #123c69; }
.subtitle { font-size: 13pt; text-align: center; margin-bottom: 40pt; }
table { border-collapse: collapse; margin-bottom: 8pt; }
th, td { border: 0.6pt solid #555; padding: 3pt 6pt; font-size: 10pt; }
th { background-color: #dde6f0; font-family: sans-serif; }
.fig { height: 170pt; }
.note { font-size: 8.5pt; }
"""

FIGURE_MARK = "figure-1"

HTML = f"""
<p class="title">A Field Guide to Rivers</p>
<p class="subtitle">Water, land, life and people: a Strata sample document</p>

<h1 id="c1">1 What a River Is</h1>
<p>A river is water that remembers where it has been. Rain falls on hills, gathers in rills and
brooks, and the brooks join into streams that run downhill until they reach a lake or the sea.
Every river drains a catchment, the whole area of land whose rain ends up in its channel, and the
line that separates one catchment from the next is called a watershed or divide.</p>
<p>Hydrologists describe a river by its discharge, the volume of water that passes a point each
second. Discharge rises after storms and snowmelt and falls in dry seasons; the lowest steady
flow, fed by groundwater, is called base flow. A river with a large catchment in a wet climate
carries enormous discharge: the Amazon alone pours about a fifth of all river water into the sea.</p>
<h2>Sources and mouths</h2>
<p>The source of a river is rarely a single spring. More often it is a wet meadow, a glacier or a
tangle of small channels high in the hills. At the other end the mouth may be a single channel, an
estuary where fresh and salt water mix with the tide, or a delta that splits the river into many
distributaries across the sediment it has built.</p>
<ul>
<li>Headwaters: steep, cold, fast water over rock and gravel.</li>
<li>Middle course: wider valleys, meanders and floodplains.</li>
<li>Lower course: slow water, fine silt, estuaries and deltas.</li>
</ul>

<h1 id="c2">2 How Rivers Shape the Land</h1>
<p>Running water is the great sculptor of continents. A river erodes its bed and banks, carries
the loosened sediment downstream and deposits it where the current slows. Over thousands of years
this slow conveyor carves canyons, widens valleys and builds plains of fertile silt.</p>
<h2>Erosion and transport</h2>
<p>Fast water lifts sand and rolls pebbles along the bed; the finest clay travels in suspension and
colours the water brown after rain. The steeper the slope and the greater the discharge, the more
sediment a river can move. When a flood recedes, gravel bars and sand banks appear where the
current dropped its load.</p>
<div id="{FIGURE_MARK}" class="fig"></div>
<p class="caption">Figure 1. A meandering river: erosion on the outer bank of each bend, deposition on
the inner bank, and an oxbow lake left behind when a meander was cut off.</p>
<h2>Meanders and oxbow lakes</h2>
<p>On a gentle slope a river swings from side to side in loops called meanders. Water on the
outside of a bend flows faster and cuts into the bank, while slower water on the inside drops sand
to form a point bar. Year after year the loops grow more extreme until, during a flood, the river
breaks through the narrow neck of land and abandons the loop, which becomes a crescent-shaped
oxbow lake.</p>

<h1 id="c3">3 Life in the River</h1>
<p>Rivers are among the richest habitats on Earth for their size. Fresh water covers less than one
percent of the planet's surface yet holds about a tenth of all known animal species. Life in a
river is shaped by the current, the temperature and the oxygen the water carries.</p>
<h2>Fish and invertebrates</h2>
<p>Trout and salmon need cold, clear, oxygen-rich water and clean gravel to lay their eggs. Further
downstream carp, catfish and pike thrive in warmer, slower water. Beneath the stones live the
larvae of mayflies, stoneflies and caddisflies; because many of them cannot survive pollution,
biologists count them to judge the health of a stream.</p>
<h2>The river corridor</h2>
<p>Along the banks, willows and alders hold the soil with their roots and shade the water.
Otters, kingfishers and herons hunt in the shallows, and floodplain wetlands act as nurseries for
young fish. A healthy river is not just a channel but a corridor of habitats linked by water.</p>
<ol>
<li>Riffles: shallow, fast water over stones, rich in oxygen.</li>
<li>Pools: deep, slow water where fish rest and shelter.</li>
<li>Runs: smooth stretches joining riffles and pools.</li>
</ol>

<h1 id="c4">4 Rivers and People</h1>
<p>Cities grew where rivers offered water, food, transport and defence. Mesopotamia rose between
the Tigris and the Euphrates, Egypt depended on the annual flood of the Nile, and the great cities
of Europe sit on the Thames, the Seine, the Rhine and the Danube. Rivers carried trade long before
roads and railways, and barges still move bulk cargo cheaply today.</p>
<h2>Great rivers compared</h2>
<p>The table lists some of the world's great rivers with their approximate length, average
discharge at the mouth and the area of their catchment.</p>
<table>
<tr><th>River</th><th>Length (km)</th><th>Discharge (m³/s)</th><th>Catchment (million km²)</th></tr>
<tr><td>Amazon</td><td>6,400</td><td>209,000</td><td>7.0</td></tr>
<tr><td>Nile</td><td>6,650</td><td>2,800</td><td>3.3</td></tr>
<tr><td>Yangtze</td><td>6,300</td><td>30,000</td><td>1.8</td></tr>
<tr><td>Mississippi</td><td>3,730</td><td>16,800</td><td>3.2</td></tr>
<tr><td>Congo</td><td>4,700</td><td>41,000</td><td>4.0</td></tr>
<tr><td>Danube</td><td>2,850</td><td>6,500</td><td>0.8</td></tr>
</table>
<h2>Dams, mills and power</h2>
<p>Water wheels ground grain for two thousand years before turbines turned them into engines of
electricity. Today hydroelectric dams supply about a sixth of the world's power and store water
for irrigation and cities. They also block the migration of fish, trap the sediment that deltas
need, and flood valleys where people once lived.<sup>1</sup></p>
<p class="note">1. The Three Gorges Dam on the Yangtze displaced more than a million people when its
reservoir filled.</p>

<h1 id="c5">5 Rivers in a Changing Climate</h1>
<p>A warmer atmosphere holds more moisture, so when it rains it often rains harder. Many rivers now
rise faster and higher after storms, while long droughts leave others shrunken for months. Glaciers
that fed rivers through the summer are retreating, and the snowpack that once melted slowly in spring
now runs off weeks earlier.</p>
<h2>Floods and droughts</h2>
<p>Flood defences built for the storms of the past may be too low for the storms of the future.
Engineers increasingly plan for the uncertain: washlands that can store water for a few days, homes
raised on stilts, and warning systems that give people hours rather than minutes to leave. In dry
years, farmers and cities compete for the same dwindling flow, and agreements that divide a river's
water between countries come under strain.</p>
<h2>Warmer water</h2>
<p>Warm water holds less oxygen than cold water. Salmon and trout suffer first, and in hot summers
fish die in rivers where they once thrived. Shade from bankside trees can lower the water temperature
by several degrees, which is why planting along the banks is one of the cheapest ways to help a river
cope with heat.</p>

<h1 id="c6">6 Keeping Rivers Healthy</h1>
<p>Many rivers suffer from pollution, straightened channels and too much water taken for farms
and towns. Fertiliser washed from fields feeds algae that use up the oxygen fish need, and
concrete banks speed floods downstream instead of letting them spread across the floodplain.</p>
<h2>Restoration</h2>
<p>River restoration gives water room again. Engineers remove old weirs so salmon can swim
upstream, reconnect meanders that were cut off, and let floodplains flood so that towns further
down are spared. Planting trees along the banks cools the water and filters runoff before it
reaches the channel.</p>
<h2>What anyone can do</h2>
<ul>
<li>Use less water at home and in the garden, especially in dry summers.</li>
<li>Never pour oil, paint or medicines down the drain.</li>
<li>Join a local group that monitors insects or clears litter from the banks.</li>
<li>Support projects that restore wetlands and floodplains.</li>
</ul>
<p>A river that is given space, clean water and time will mend itself remarkably quickly. The
same water that once carved the valleys can carry life back into them, as long as people
remember that a river is not a drain but a living system that connects the hills to the sea.</p>
"""


def draw_meander(page: pymupdf.Page, rect: pymupdf.Rect) -> None:
    """A vector drawing of a meandering river with an oxbow lake (paths, no image)."""
    shape = page.new_shape()
    shape.draw_rect(rect)
    shape.finish(color=(0.6, 0.6, 0.6), fill=(0.93, 0.96, 0.90), width=0.6)
    x0, y0, w, h = rect.x0, rect.y0, rect.width, rect.height
    pts = [(0.02, 0.5), (0.15, 0.2), (0.3, 0.25), (0.38, 0.55), (0.5, 0.8), (0.65, 0.75), (0.72, 0.45),
           (0.82, 0.2), (0.92, 0.3), (0.98, 0.5)]
    ps = [pymupdf.Point(x0 + px * w, y0 + py * h) for px, py in pts]
    for i in range(0, len(ps) - 3, 3):
        shape.draw_bezier(ps[i], ps[i + 1], ps[i + 2], ps[i + 3])
    shape.finish(color=(0.15, 0.4, 0.75), width=9, closePath=False, lineCap=1)
    oxbow = pymupdf.Rect(x0 + 0.42 * w, y0 + 0.1 * h, x0 + 0.6 * w, y0 + 0.38 * h)
    shape.draw_oval(oxbow)
    shape.finish(color=(0.15, 0.4, 0.75), fill=(0.55, 0.75, 0.95), width=1.5)
    for px, py in ((0.3, 0.25), (0.72, 0.45)):
        c = pymupdf.Point(x0 + px * w, y0 + py * h - 14)
        shape.draw_circle(c, 3)
        shape.finish(color=(0.8, 0.3, 0.1), fill=(0.8, 0.3, 0.1))
    shape.commit()
    page.insert_text((x0 + 0.44 * w, y0 + 0.45 * h), "oxbow lake", fontsize=8, color=(0.1, 0.2, 0.4))
    page.insert_text((x0 + 0.2 * w, y0 + 0.15 * h), "erosion", fontsize=8, color=(0.6, 0.2, 0.05))
    page.insert_text((x0 + 0.52 * w, y0 + 0.92 * h), "deposition (point bar)", fontsize=8, color=(0.3, 0.3, 0.3))


def build(out: Path = OUT) -> Path:
    story = pymupdf.Story(html=HTML, user_css=CSS)
    mediabox = pymupdf.paper_rect("a4")
    where = mediabox + (64, 64, -64, -72)
    buf = io.BytesIO()
    writer = pymupdf.DocumentWriter(buf)
    headings: list[tuple[int, str, int, float]] = []
    figure: list[tuple[int, pymupdf.Rect]] = []
    page_no = [0]

    def positions(pos) -> None:  # noqa: ANN001 - Story callback
        if pos.open_close & 1 and pos.heading in (1, 2) and pos.text:
            headings.append((pos.heading, pos.text.strip(), pos.page_num, pos.rect[1]))
        if pos.id == FIGURE_MARK and pos.open_close & 1:
            figure.append((pos.page_num, pymupdf.Rect(pos.rect)))

    more = 1
    while more:
        dev = writer.begin_page(mediabox)
        more, _ = story.place(where)
        story.element_positions(positions, {"page_num": page_no[0]})
        story.draw(dev)
        writer.end_page()
        page_no[0] += 1
    writer.close()
    doc = pymupdf.open("pdf", buf.getvalue())
    for i, page in enumerate(doc):
        page.insert_text((mediabox.width / 2 - 10, mediabox.height - 36), f"{i + 1}", fontsize=9, color=(0.4, 0.4, 0.4))
        if i > 0:
            page.insert_text((64, 40), "A Field Guide to Rivers", fontsize=8, color=(0.45, 0.45, 0.45))
    for pno, rect in figure:
        r = pymupdf.Rect(rect.x0, rect.y0, where.x1, rect.y0 + 170)
        draw_meander(doc[pno], r + (30, 6, -30, -6))
    doc.set_toc([[lvl, title, pno + 1, {"kind": pymupdf.LINK_GOTO, "page": pno, "to": pymupdf.Point(64, y)}]
                 for lvl, title, pno, y in headings])
    doc.set_metadata({"title": "A Field Guide to Rivers", "author": "Strata", "subject": "Strata sample document",
                      "creator": "resources/make_sample.py", "producer": "PyMuPDF",
                      "creationDate": "D:20260101000000Z", "modDate": "D:20260101000000Z"})
    doc.save(out, garbage=4, deflate=True, no_new_id=True)
    doc.close()
    return out


if __name__ == "__main__":
    path = build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
    d = pymupdf.open(path)
    print(f"{path}: {d.page_count} pages, {len(d.get_toc())} outline entries")
