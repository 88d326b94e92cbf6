"""Where the labels of a bubble chart go: a deterministic placement that keeps them apart.

Word, PowerPoint and LibreOffice put a data label where its `c:dLblPos` says (right, left,
above, below or centred on its bubble) and never move it to avoid another: overlapping
names are the writer's to prevent. This module models the chart as the renderers draw it,
in points with y downwards: the plot's inner area where the chart's manual layout puts it,
each bubble's radius (the largest bubble's diameter is a quarter of the plot's shorter
side, the area of the others in proportion to their size, as Office and LibreOffice draw
them at a bubble scale of 100), and each label's box from the width of its text. It then
picks, for every label, the position whose box overlaps nothing (other labels, other
bubbles, the fixed names and lines of the quadrants, the edge of the chart), or the
least overlap when the chart is too crowded for none.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from kamdocs.valueclass import valueclass
from kamdocs.writers._measure import text_em

POSITIONS = ("r", "l", "t", "b", "ctr")  # in order of preference
GAP_PT = 3.0  # between a bubble's edge and its label, as the renderers leave it
PAD_PT = 1.0  # margin kept around each label box when testing overlaps
LINE_EM = 1.25
BUBBLE_SHARE = 0.25  # the largest bubble's diameter, as a share of the plot's shorter side
PREFERENCE = 0.01  # cost of each step down POSITIONS: a tie goes to the earlier position
SEARCH_BUDGET = 5000  # positions the search may try before it keeps its best answer


@valueclass(frozen=True)
class Rect:
    """A box in points, y downwards."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlap(self, other: Rect) -> float:
        """Return the area this box shares with `other`."""
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.y1, other.y1) - max(self.y0, other.y0)
        return w * h if w > 0 and h > 0 else 0.0

    def outside(self, bounds: Rect) -> float:
        """Return the area of this box that lies outside `bounds`."""
        area = (self.x1 - self.x0) * (self.y1 - self.y0)
        return area - self.overlap(bounds)

    def grown(self, by: float) -> Rect:
        return Rect(self.x0 - by, self.y0 - by, self.x1 + by, self.y1 + by)


@valueclass(frozen=True)
class Frame:
    """The plot's inner area in the chart (points) and the data range of each axis."""

    left: float
    top: float
    width: float
    height: float
    x_min: float
    x_max: float
    y_min: float
    y_max: float

    def point(self, x: float, y: float) -> tuple[float, float]:
        """Return where the data point (x, y) is drawn."""
        px = self.left + (x - self.x_min) / (self.x_max - self.x_min) * self.width
        py = self.top + (self.y_max - y) / (self.y_max - self.y_min) * self.height
        return px, py

    def data(self, px: float, py: float) -> tuple[float, float]:
        """Return the data point drawn at (px, py)."""
        x = self.x_min + (px - self.left) / self.width * (self.x_max - self.x_min)
        y = self.y_max - (py - self.top) / self.height * (self.y_max - self.y_min)
        return x, y


@valueclass(frozen=True)
class Bubble:
    """A bubble as drawn: its centre and radius in points."""

    cx: float
    cy: float
    r: float

    def covers(self, box: Rect) -> float:
        """Return roughly how much of `box` the disc covers: the overlap of the box with the
        square inscribed in the disc (a label grazing the curve is not counted)."""
        half = self.r / math.sqrt(2)
        return box.overlap(Rect(self.cx - half, self.cy - half, self.cx + half, self.cy + half))


def text_size(text: str, font_pt: float, *, bold: bool = False) -> tuple[float, float]:
    """Return the width and height in points of a one-line label."""
    return text_em(text, bold) * font_pt, LINE_EM * font_pt


def radii(sizes: Sequence[float], frame: Frame) -> list[float]:
    """Return the drawn radius of each bubble: areas in proportion to the sizes."""
    largest = max((s for s in sizes if s > 0), default=0.0)
    top = BUBBLE_SHARE * min(frame.width, frame.height) / 2
    return [top * math.sqrt(s / largest) if largest and s > 0 else 0.0 for s in sizes]


def label_box(position: str, bubble: Bubble, width: float, height: float) -> Rect:
    """Return the box of a label of `width` x `height` at `position` of `bubble`."""
    cx, cy, reach = bubble.cx, bubble.cy, bubble.r + GAP_PT
    if position == "r":
        return Rect(cx + reach, cy - height / 2, cx + reach + width, cy + height / 2)
    if position == "l":
        return Rect(cx - reach - width, cy - height / 2, cx - reach, cy + height / 2)
    if position == "t":
        return Rect(cx - width / 2, cy - reach - height, cx + width / 2, cy - reach)
    if position == "b":
        return Rect(cx - width / 2, cy + reach, cx + width / 2, cy + reach + height)
    return Rect(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


def place(
    bubbles: Sequence[Bubble],
    sizes: Sequence[tuple[float, float]],
    bounds: Rect,
    fixed: Sequence[Rect] = (),
) -> tuple[str, ...]:
    """Return a position (of POSITIONS) for the label of each bubble.

    `sizes` are the labels' (width, height) in points; `bounds` is where labels may go (the
    chart's area); `fixed` are boxes already taken (the quadrants' names, the quadrant
    lines). The cost of a placement is the area its labels share with other bubbles and
    with `fixed`, plus ten times the area they share with each other (text over a pale
    bubble stays readable, two texts over each other do not) and ten times what leaves
    `bounds`; a label prefers
    the earlier positions of POSITIONS. A greedy placement (largest bubble first) gives a
    first answer; a bounded depth-first search then looks for a cheaper one, so that a
    crowded corner is untangled when it can be, and the same chart always gets the same
    labels.
    """
    count = len(bubbles)
    order = sorted(range(count), key=lambda i: (-bubbles[i].r, i))
    boxes = {
        (i, p): label_box(p, bubbles[i], *sizes[i]).grown(PAD_PT)
        for i in range(count)
        for p in POSITIONS
    }
    alone = {
        (i, p): 10 * box.outside(bounds)
        + sum(box.overlap(f) for f in fixed)
        + sum(bubbles[j].covers(box) for j in range(count) if j != i)
        + PREFERENCE * POSITIONS.index(p)
        for (i, p), box in boxes.items()
    }

    def added(i: int, p: str, chosen: dict[int, str]) -> float:
        box = boxes[(i, p)]
        return alone[(i, p)] + 10 * sum(box.overlap(boxes[(j, q)]) for j, q in chosen.items())

    greedy: dict[int, str] = {}
    for i in order:
        costs = [(added(i, p, greedy), n) for n, p in enumerate(POSITIONS)]
        greedy[i] = POSITIONS[min(costs)[1]]
    best = dict(greedy)
    best_cost = sum(added(i, best[i], {j: best[j] for j in order[:k]}) for k, i in enumerate(order))
    budget = SEARCH_BUDGET

    def search(k: int, chosen: dict[int, str], cost: float) -> None:
        nonlocal best, best_cost, budget
        if k == count:
            best, best_cost = dict(chosen), cost
            return
        i = order[k]
        for p in sorted(POSITIONS, key=lambda p: (alone[(i, p)], POSITIONS.index(p))):
            budget -= 1
            if budget < 0:
                return
            step = cost + added(i, p, chosen)
            if step < best_cost - 1e-9:
                chosen[i] = p
                search(k + 1, chosen, step)
                del chosen[i]

    search(0, {}, 0.0)
    return tuple(best[i] for i in range(count))


def label_boxes(
    positions: Sequence[str], bubbles: Sequence[Bubble], sizes: Sequence[tuple[float, float]]
) -> list[Rect]:
    """Return the box of each label at its position (what a test checks for overlaps)."""
    return [label_box(p, b, *s) for p, b, s in zip(positions, bubbles, sizes, strict=True)]


def quadrant_boxes(
    frame: Frame,
    split: float,
    sizes: Sequence[tuple[float, float]],
    bubbles: Sequence[Bubble],
    inset: float,
) -> list[Rect]:
    """Return the box of each quadrant's name (top left, top right, bottom left, bottom
    right): in the quadrant's outer corner, or the corner of that quadrant that covers the
    fewest bubbles."""
    sx, sy = frame.point(min(max(split, frame.x_min), frame.x_max), split)
    sy = min(max(sy, frame.top), frame.top + frame.height)
    left, top = frame.left, frame.top
    right, bottom = left + frame.width, top + frame.height
    areas = (
        Rect(left, top, sx, sy),
        Rect(sx, top, right, sy),
        Rect(left, sy, sx, bottom),
        Rect(sx, sy, right, bottom),
    )
    # The corners of each quadrant, its outer corner first.
    corners = (("tl", "tr", "bl", "br"), ("tr", "tl", "br", "bl"),
               ("bl", "br", "tl", "tr"), ("br", "bl", "tr", "tl"))  # fmt: skip
    boxes = []
    for area, order, (w, h) in zip(areas, corners, sizes, strict=True):
        options = [_corner(area, corner, w, h, inset) for corner in order]
        scores = [sum(b.covers(box) for b in bubbles) for box in options]
        boxes.append(options[scores.index(min(scores))])
    return boxes


def _corner(area: Rect, corner: str, w: float, h: float, inset: float) -> Rect:
    x0 = area.x0 + inset if corner[1] == "l" else area.x1 - inset - w
    y0 = area.y0 + inset if corner[0] == "t" else area.y1 - inset - h
    return Rect(x0, y0, x0 + w, y0 + h)
