"""Draw the printers' guide's pictures (curriculum/_about/images/*.png): how a mini-zine
sheet is cut and folded, and a print-test sheet read right and wrong.

Run from the project folder after changing the mini-zine layout:

    .venv/bin/python docs/images/printing_pictures.py

The pictures carry numbers, arrows and marks only, no words, so one picture serves every
language. The panel order comes from the writer itself (``samizdat.writers.minizine``)."""

from __future__ import annotations

from pathlib import Path

import fontpkg_pt_sans
from PIL import Image, ImageDraw, ImageFont

from samizdat.writers.minizine import PANELS

OUT = Path(__file__).resolve().parents[2] / "curriculum" / "_about" / "images"
FONT = Path(fontpkg_pt_sans.__file__).parent / "files" / "PT_Sans-Web-Bold.ttf"
INK, PAPER, GUIDE, BACKDROP = (17, 17, 17), (255, 255, 255), (110, 110, 110), (236, 233, 226)


def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


def dashed(d: ImageDraw.ImageDraw, a: tuple[float, float], b: tuple[float, float], dash: int, gap: int, width: int, fill) -> None:
    (x0, y0), (x1, y1) = a, b
    length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    steps = int(length // (dash + gap)) + 1
    for i in range(steps):
        s, e = i * (dash + gap) / length, min(1, (i * (dash + gap) + dash) / length)
        d.line([(x0 + (x1 - x0) * s, y0 + (y1 - y0) * s), (x0 + (x1 - x0) * e, y0 + (y1 - y0) * e)], fill=fill, width=width)


def number(img: Image.Image, text: str, centre: tuple[float, float], size: int, upside_down: bool) -> None:
    tile = Image.new("RGBA", (size * 2, size * 2), (0, 0, 0, 0))
    ImageDraw.Draw(tile).text((size, size), text, font=font(size), fill=INK, anchor="mm")
    if upside_down:
        tile = tile.rotate(180)
    img.paste(tile, (int(centre[0] - size), int(centre[1] - size)), tile)


def scissors(d: ImageDraw.ImageDraw, x: float, y: float, r: float) -> None:
    """Two rings and two crossing blades: a pair of scissors pointing right."""
    for dy in (-r * 0.8, r * 0.8):
        d.ellipse([x - r * 2.4, y + dy - r * 0.55, x - r * 1.3, y + dy + r * 0.55], outline=INK, width=3)
    d.line([(x - r * 1.3, y - r * 0.8), (x + r * 1.4, y + r * 0.25)], fill=INK, width=4)
    d.line([(x - r * 1.3, y + r * 0.8), (x + r * 1.4, y - r * 0.25)], fill=INK, width=4)


def arrow(d: ImageDraw.ImageDraw, x: float, y: float, length: float, up: bool, width: int = 5) -> None:
    s = -1 if up else 1
    shaft, head_w, head_h = length * 0.12, length * 0.42, length * 0.3
    tip, tail = y + s * length / 2, y - s * length / 2
    base = tip - s * head_h
    pts = [(x - shaft / 2, tail), (x + shaft / 2, tail), (x + shaft / 2, base), (x + head_w / 2, base), (x, tip),
           (x - head_w / 2, base), (x - shaft / 2, base)]
    d.polygon(pts, outline=INK, width=width)


def tick(d: ImageDraw.ImageDraw, x: float, y: float, r: float) -> None:
    d.line([(x - r, y), (x - r * 0.3, y + r * 0.7), (x + r, y - r * 0.8)], fill=INK, width=9, joint="curve")


def cross(d: ImageDraw.ImageDraw, x: float, y: float, r: float) -> None:
    d.line([(x - r, y - r), (x + r, y + r)], fill=INK, width=9)
    d.line([(x - r, y + r), (x + r, y - r)], fill=INK, width=9)


def fold_and_cut() -> Image.Image:
    """Step 1: the printed sheet (pages numbered as they end up, the top row upside
    down, the cut dashed, folds dotted). Step 2: folded in half across, cut from the fold
    along the middle crease. Step 3: ends pushed together, the middle opens. Step 4: the
    booklet, cover on top."""
    W, H = 1800, 560
    img = Image.new("RGB", (W, H), BACKDROP)
    d = ImageDraw.Draw(img)
    # step 1: the sheet
    sx, sy, sw, sh = 40, 80, 760, 420
    d.rectangle([sx, sy, sx + sw, sy + sh], fill=PAPER, outline=INK, width=3)
    for c in range(1, 4):
        dashed(d, (sx + c * sw / 4, sy), (sx + c * sw / 4, sy + sh), 4, 8, 2, GUIDE)
    dashed(d, (sx, sy + sh / 2), (sx + sw / 4, sy + sh / 2), 4, 8, 2, GUIDE)
    dashed(d, (sx + 3 * sw / 4, sy + sh / 2), (sx + sw, sy + sh / 2), 4, 8, 2, GUIDE)
    dashed(d, (sx + sw / 4, sy + sh / 2), (sx + 3 * sw / 4, sy + sh / 2), 16, 8, 5, INK)
    scissors(d, sx + sw / 4 - 8, sy + sh / 2, 14)
    for page, (col, row, flipped) in PANELS.items():
        cx = sx + col * sw / 4 + sw / 8
        cy = sy + (1 - row) * sh / 2 + sh / 4
        number(img, str(page), (cx, cy), 64, flipped)
    number(img, "1", (sx + 24, 40), 34, False)
    # step 2: folded in half across (the fold on the right), cut from the fold along the
    # middle crease as far as the next crease
    x2, y2, w2, h2 = 900, 80, 190, 420
    number(img, "2", (x2 + 20, 40), 34, False)
    d.rectangle([x2, y2, x2 + w2, y2 + h2], fill=PAPER, outline=INK, width=3)
    d.line([(x2 + w2, y2), (x2 + w2, y2 + h2)], fill=INK, width=7)  # the fold
    dashed(d, (x2 + w2 / 2, y2), (x2 + w2 / 2, y2 + h2), 4, 8, 2, GUIDE)
    dashed(d, (x2, y2 + h2 / 2), (x2 + w2 / 2, y2 + h2 / 2), 4, 8, 2, GUIDE)
    d.line([(x2 + w2 / 2, y2 + h2 / 2), (x2 + w2, y2 + h2 / 2)], fill=INK, width=5)  # the cut
    scissors(d, x2 + w2 / 2 - 26, y2 + h2 / 2, 12)
    # step 3: the ends pushed together: the cut opens into a diamond
    x3, y3 = 1230, 300
    number(img, "3", (x3 - 40, 40), 34, False)
    d.polygon([(x3, y3), (x3 + 90, y3 - 70), (x3 + 180, y3), (x3 + 90, y3 + 70)], fill=PAPER, outline=INK, width=3)
    d.line([(x3 - 80, y3), (x3, y3)], fill=INK, width=3)
    d.line([(x3 + 180, y3), (x3 + 260, y3)], fill=INK, width=3)
    for x, s in ((x3 - 70, 1), (x3 + 250, -1)):
        d.line([(x, y3 + 40), (x + s * 50, y3 + 40)], fill=INK, width=4)
        d.polygon([(x + s * 50, y3 + 30), (x + s * 66, y3 + 40), (x + s * 50, y3 + 50)], fill=INK)
    # step 4: the booklet
    x4, y4 = 1620, 160
    number(img, "4", (x4 + 20, 40), 34, False)
    d.rectangle([x4 + 10, y4 + 10, x4 + 150, y4 + 230], fill=PAPER, outline=GUIDE, width=2)
    d.rectangle([x4, y4, x4 + 140, y4 + 220], fill=PAPER, outline=INK, width=3)
    number(img, "1", (x4 + 70, y4 + 110), 64, False)
    return img


def test_sheets() -> Image.Image:
    """A print-test sheet turned over like the page of a book: on the left, the back's
    arrow points the same way as the front's (right); on the right, it points the other
    way (wrong: the printer flips on the long edge)."""
    W, H = 1500, 420
    img = Image.new("RGB", (W, H), BACKDROP)
    d = ImageDraw.Draw(img)

    def sheet(x: float, y: float, up: bool, arrow_right: bool) -> None:
        w, h = 300, 212
        d.rectangle([x, y, x + w, y + h], fill=PAPER, outline=INK, width=3)
        d.rectangle([x + 10, y + 10, x + w - 10, y + h - 10], outline=GUIDE, width=1)
        dashed(d, (x + w / 2, y + 10), (x + w / 2, y + h - 10), 4, 6, 2, GUIDE)
        for i in range(5):
            lx = x + 24 if arrow_right else x + w / 2 + 16
            ly = y + 40 + i * 22 if up else y + h - 40 - i * 22  # upside down: the text at the foot
            d.line([(lx, ly), (lx + 100, ly)], fill=GUIDE, width=4)
        arrow(d, x + (3 * w / 4 if arrow_right else w / 4), y + h / 2, h * 0.6, up)

    def turn(x: float, y: float) -> None:
        """A curved "turn over" arrow between a front and its back."""
        d.arc([x, y - 40, x + 80, y + 40], start=200, end=340, fill=INK, width=4)
        d.polygon([(x + 78, y - 14), (x + 92, y + 6), (x + 62, y + 4)], fill=INK)

    for left, right in ((40, True), (780, False)):
        sheet(left, 50, True, True)
        turn(left + 310, 150)
        # turned over, a right sheet shows the back upright (arrow on the left, pointing up);
        # a sheet printed flipping on the long edge shows it upside down (arrow right, down)
        sheet(left + 400, 50, right, not right)
        (tick if right else cross)(d, left + 350, 340, 34)
    return img


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    fold_and_cut().save(OUT / "minizine-fold-and-cut.png", optimize=False)
    test_sheets().save(OUT / "print-test-right-and-wrong.png", optimize=False)
    print(f"wrote {OUT / 'minizine-fold-and-cut.png'} and {OUT / 'print-test-right-and-wrong.png'}")


if __name__ == "__main__":
    main()
