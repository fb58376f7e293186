#!/usr/bin/env python3
"""Generate the example site's illustrations (Spoke & Kettle).

Everything here is drawn from simple shapes with Pillow, so the images are
ours to publish: no photos, no real faces. The output is deterministic: no
randomness, no system fonts (text uses the font bundled with Pillow), so
running the script twice with the same Pillow version gives the same files.

Usage (from the repository root):

    python scripts/make_example_images.py

Writes:
    content/stories/images/*.jpg   story covers (1200x630)
    content/stories/images/*.png   customer avatars (400x400)
    content/tips/images/*.png      tip covers and one diagram
    static/images/logo.png         512x512
    static/images/logo.svg
    static/images/default-share.png 1200x630
"""

from __future__ import annotations

import hashlib
import math
import unicodedata
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
STORIES = ROOT / "content" / "stories" / "images"
TIPS = ROOT / "content" / "tips" / "images"
STATIC = ROOT / "static" / "images"

# Warm, flat palette.
CREAM = (246, 235, 221)
PAPER = (251, 245, 236)
TERRACOTTA = (217, 103, 78)
MUSTARD = (232, 176, 75)
TEAL = (47, 111, 106)
NAVY = (39, 50, 63)
SAGE = (157, 181, 154)
COFFEE = (107, 74, 58)
BLUSH = (242, 184, 162)
SKY = (196, 221, 222)
BLUE = (70, 120, 170)
WHITE = (255, 255, 255)

SS = 2  # supersampling factor: draw big, shrink for smooth edges

COVER = (1200, 630)
AVATAR = (400, 400)


# --------------------------------------------------------------------------
# drawing helpers (all coordinates are in final-image pixels; we scale by SS)
# --------------------------------------------------------------------------

class Canvas:
    def __init__(self, size, bg):
        self.size = size
        self.img = Image.new("RGB", (size[0] * SS, size[1] * SS), bg)
        self.d = ImageDraw.Draw(self.img)

    @staticmethod
    def _s(v):
        return int(round(v * SS))

    def rect(self, x0, y0, x1, y1, fill, radius=0):
        box = [self._s(x0), self._s(y0), self._s(x1), self._s(y1)]
        if radius:
            self.d.rounded_rectangle(box, radius=self._s(radius), fill=fill)
        else:
            self.d.rectangle(box, fill=fill)

    def circle(self, cx, cy, r, fill=None, outline=None, width=0):
        box = [self._s(cx - r), self._s(cy - r), self._s(cx + r), self._s(cy + r)]
        self.d.ellipse(box, fill=fill, outline=outline, width=self._s(width) if width else 0)

    def line(self, pts, fill, width):
        w = self._s(width)
        scaled = [(self._s(x), self._s(y)) for x, y in pts]
        self.d.line(scaled, fill=fill, width=w, joint="curve")
        # round caps
        for x, y in (scaled[0], scaled[-1]):
            self.d.ellipse([x - w / 2, y - w / 2, x + w / 2, y + w / 2], fill=fill)

    def poly(self, pts, fill):
        self.d.polygon([(self._s(x), self._s(y)) for x, y in pts], fill=fill)

    def arc(self, cx, cy, r, start, end, fill, width):
        box = [self._s(cx - r), self._s(cy - r), self._s(cx + r), self._s(cy + r)]
        self.d.arc(box, start, end, fill=fill, width=self._s(width))

    def text(self, x, y, s, size, fill, anchor="la"):
        font = ImageFont.load_default(size=self._s(size))
        self.d.text((self._s(x), self._s(y)), s, font=font, fill=fill, anchor=anchor)

    def finish(self):
        return self.img.resize(self.size, Image.LANCZOS)


def wheel(c, cx, cy, r, tire=NAVY, rim=CREAM, hub=NAVY, spokes=8, width=None):
    width = width or max(4, r * 0.14)
    c.circle(cx, cy, r, fill=tire)
    c.circle(cx, cy, r - width, fill=rim)
    for i in range(spokes):
        a = math.pi * 2 * i / spokes
        c.line([(cx, cy), (cx + math.cos(a) * (r - width), cy + math.sin(a) * (r - width))],
               fill=tire, width=max(1.5, r * 0.025))
    c.circle(cx, cy, max(3, r * 0.1), fill=hub)


def bike(c, x, y, wb, r, frame=TERRACOTTA, tire=NAVY, rim=CREAM, stroke=None):
    """A diamond-frame bike. (x, y) is the rear hub, wb the wheelbase."""
    stroke = stroke or max(4, r * 0.12)
    wheel(c, x, y, r, tire=tire, rim=rim)
    wheel(c, x + wb, y, r, tire=tire, rim=rim)
    bb = (x + wb * 0.42, y + r * 0.08)
    seat = (x + wb * 0.30, y - r * 0.95)
    head = (x + wb * 0.80, y - r * 0.85)
    head_low = (x + wb * 0.84, y - r * 0.55)
    c.line([(x, y), bb, seat, (x, y)], fill=frame, width=stroke)
    c.line([seat, head], fill=frame, width=stroke)
    c.line([bb, head_low], fill=frame, width=stroke)
    c.line([head, head_low, (x + wb, y)], fill=frame, width=stroke)
    # saddle
    sx, sy = seat
    c.line([(sx, sy), (sx - r * 0.05, sy - r * 0.22)], fill=NAVY, width=stroke * 0.8)
    c.rect(sx - r * 0.28, sy - r * 0.30, sx + r * 0.16, sy - r * 0.18, fill=NAVY, radius=r * 0.06)
    # handlebar
    hx, hy = head
    c.line([(hx, hy), (hx - r * 0.05, hy - r * 0.28), (hx + r * 0.22, hy - r * 0.32)],
           fill=NAVY, width=stroke * 0.8)
    # crank
    c.circle(bb[0], bb[1], r * 0.16, fill=NAVY)
    c.line([bb, (bb[0] + r * 0.2, bb[1] + r * 0.22)], fill=NAVY, width=stroke * 0.7)
    return {"bb": bb, "seat": seat, "head": head, "rear": (x, y), "front": (x + wb, y)}


def cup(c, cx, cy, w, body=CREAM, band=TERRACOTTA, steam=True):
    """A coffee cup; (cx, cy) is the bottom center."""
    h = w * 0.9
    c.poly([(cx - w / 2, cy - h), (cx + w / 2, cy - h), (cx + w * 0.38, cy), (cx - w * 0.38, cy)], fill=body)
    c.rect(cx - w * 0.47, cy - h * 0.62, cx + w * 0.44, cy - h * 0.42, fill=band)
    c.arc(cx + w * 0.46, cy - h * 0.55, w * 0.2, -90, 90, fill=body, width=w * 0.08)
    c.rect(cx - w * 0.6, cy - w * 0.02, cx + w * 0.6, cy + w * 0.06, fill=body, radius=w * 0.04)
    if steam:
        for i, dx in enumerate((-0.2, 0.05, 0.3)):
            x0 = cx + w * dx
            pts = [(x0 + math.sin(t / 3.0 + i) * w * 0.06, cy - h - w * 0.1 - t * w * 0.04) for t in range(8)]
            c.line(pts, fill=WHITE, width=w * 0.05)


def sun(c, cx, cy, r, color=MUSTARD):
    c.circle(cx, cy, r, fill=color)


def hills(c, w, h, base, colors=(SAGE, TEAL)):
    c.circle(w * 0.15, base + h * 0.55, h * 0.7, fill=colors[0])
    c.circle(w * 0.85, base + h * 0.6, h * 0.75, fill=colors[0])
    c.rect(0, base + h * 0.05, w, h * 2, fill=colors[1])


def snowflake(c, cx, cy, r, color=WHITE):
    for i in range(3):
        a = math.pi * i / 3
        c.line([(cx - math.cos(a) * r, cy - math.sin(a) * r), (cx + math.cos(a) * r, cy + math.sin(a) * r)],
               fill=color, width=max(2, r * 0.18))


def save(img, path: Path, **kw):
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".jpg":
        img.save(path, "JPEG", quality=kw.get("quality", 86), optimize=True, progressive=False)
    else:
        # a palette keeps flat illustrations small
        img = img.quantize(colors=kw.get("colors", 96), method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        img.save(path, "PNG", optimize=True)
    print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")


# --------------------------------------------------------------------------
# story covers
# --------------------------------------------------------------------------

def cover_okafor_cargo():
    W, H = COVER
    c = Canvas(COVER, SKY)
    sun(c, 1010, 150, 80)
    hills(c, W, H, 430, colors=(SAGE, (120, 160, 130)))
    c.rect(0, 500, W, H, fill=(214, 196, 170))
    # cargo (box) bike: long frame, box between rider and front wheel
    rx, ry, r = 330, 470, 95
    fx = 880
    wheel(c, rx, ry, r)
    wheel(c, fx, ry + 25, r * 0.75)
    # box
    c.rect(560, 300, 820, 440, fill=BLUE, radius=14)
    c.rect(560, 300, 820, 330, fill=(90, 145, 195), radius=10)
    # two child seats / helmets peeking out
    for hx, col in ((625, MUSTARD), (745, TERRACOTTA)):
        c.circle(hx, 292, 36, fill=col)
        c.rect(hx - 36, 290, hx + 36, 300, fill=col)
    frame = BLUE
    bb = (470, 480)
    seat = (400, 330)
    c.line([(rx, ry), bb, seat, (rx, ry)], fill=frame, width=14)
    c.line([bb, (560, 440), (820, 450), (fx, ry + 25)], fill=frame, width=14)
    c.line([(520, 260), (545, 330), (560, 440)], fill=frame, width=12)
    c.line([(520, 260), (480, 250)], fill=NAVY, width=12)
    c.line([(fx - 60, 430), (fx, ry + 25)], fill=frame, width=10)
    c.rect(350, 305, 440, 322, fill=NAVY, radius=6)
    c.circle(bb[0], bb[1], 16, fill=NAVY)
    # school flag
    c.line([(rx - 40, ry - 20), (rx - 40, 250)], fill=NAVY, width=5)
    c.poly([(rx - 40, 250), (rx + 25, 268), (rx - 40, 286)], fill=MUSTARD)
    return c.finish()


def cover_alvarez_courier():
    W, H = COVER
    c = Canvas(COVER, (250, 226, 200))
    # city blocks
    for i, (x, w, h, col) in enumerate([(40, 160, 300, TEAL), (220, 120, 380, NAVY), (360, 180, 250, COFFEE),
                                         (760, 150, 340, TEAL), (930, 120, 260, NAVY), (1070, 140, 360, COFFEE)]):
        c.rect(x, 520 - h, x + w, 520, fill=col)
        for wy in range(520 - h + 30, 500, 55):
            for wx in range(x + 20, x + w - 30, 45):
                c.rect(wx, wy, wx + 22, wy + 28, fill=(252, 214, 140) if (wx + wy + i) % 3 else CREAM)
    c.rect(0, 520, W, H, fill=(70, 74, 80))
    for x in range(0, W, 140):
        c.rect(x + 20, 568, x + 90, 578, fill=MUSTARD)
    # speed lines
    for y, x0, x1 in ((360, 170, 330), (400, 120, 310), (440, 190, 330)):
        c.line([(x0, y), (x1, y)], fill=WHITE, width=8)
    parts = bike(c, 420, 470, 360, 100, frame=TERRACOTTA)
    # rear rack with a parcel
    rx, ry = parts["rear"]
    c.line([(rx - 10, ry - 110), (parts["seat"][0] - 10, ry - 110)], fill=NAVY, width=8)
    c.line([(rx, ry), (rx - 10, ry - 110)], fill=NAVY, width=6)
    c.rect(rx - 60, ry - 200, rx + 90, ry - 112, fill=MUSTARD, radius=6)
    c.rect(rx + 5, ry - 200, rx + 25, ry - 112, fill=(200, 140, 50))
    return c.finish()


def cover_tuesday_spokes():
    W, H = COVER
    c = Canvas(COVER, (252, 222, 190))
    sun(c, 600, 420, 190, color=(245, 170, 110))
    c.circle(180, 700, 380, fill=SAGE)
    c.circle(1050, 720, 420, fill=SAGE)
    c.rect(0, 500, W, H, fill=TEAL)
    c.rect(0, 520, W, 545, fill=(230, 210, 180))
    colors = [TERRACOTTA, MUSTARD, BLUE, COFFEE]
    for i, col in enumerate(colors):
        x = 80 + i * 290
        bike(c, x, 470, 160, 55, frame=col)
    return c.finish()


def cover_brandt_forty():
    W, H = COVER
    c = Canvas(COVER, (236, 226, 246))
    c.rect(0, 500, W, H, fill=(200, 170, 140))
    # pegboard dots
    for x in range(40, W, 60):
        for y in range(40, 260, 60):
            c.circle(x, y, 5, fill=(215, 200, 230))
    bike(c, 340, 450, 380, 105, frame=MUSTARD)
    # price tag hanging from the handlebar
    c.line([(865, 230), (905, 300)], fill=NAVY, width=4)
    c.poly([(880, 300), (960, 300), (990, 340), (960, 380), (880, 380)], fill=TERRACOTTA)
    c.circle(960, 340, 8, fill=CREAM)
    c.text(918, 340, "$40", 30, CREAM, anchor="mm")
    # wrench
    c.line([(150, 560), (290, 600)], fill=(150, 160, 170), width=18)
    c.circle(140, 557, 26, fill=(150, 160, 170))
    c.circle(128, 548, 12, fill=(200, 170, 140))
    return c.finish()


def cover_ferrer_flowers():
    W, H = COVER
    c = Canvas(COVER, (250, 228, 222))
    # shop front with striped awning
    c.rect(700, 90, 1160, 520, fill=CREAM)
    for i in range(8):
        c.rect(700 + i * 57.5, 90, 757.5 + i * 57.5, 160, fill=TEAL if i % 2 == 0 else PAPER)
    c.rect(740, 210, 1120, 420, fill=SKY, radius=8)
    c.rect(0, 520, W, H, fill=(200, 180, 160))
    # long-tail cargo bike with flower buckets on the rear deck
    parts = bike(c, 190, 470, 390, 95, frame=TERRACOTTA)
    rx, ry = parts["rear"]
    c.rect(rx - 90, ry - 130, parts["seat"][0] - 20, ry - 112, fill=NAVY, radius=6)
    for i, col in enumerate((MUSTARD, BLUSH, TERRACOTTA)):
        bx = rx - 80 + i * 55
        for j in range(3):
            c.line([(bx + 20, ry - 140), (bx + 5 + j * 15, ry - 215 - (i + j) % 2 * 20)], fill=(90, 140, 90), width=5)
            c.circle(bx + 5 + j * 15, ry - 222 - (i + j) % 2 * 20, 16, fill=col)
        c.rect(bx, ry - 175, bx + 42, ry - 130, fill=COFFEE, radius=6)
    return c.finish()


# --------------------------------------------------------------------------
# tip covers
# --------------------------------------------------------------------------

def cover_winter():
    W, H = COVER
    c = Canvas(COVER, NAVY)
    c.circle(980, 140, 70, fill=CREAM)
    c.circle(1010, 120, 62, fill=NAVY)  # crescent moon
    flakes = [(90, 80, 14), (260, 160, 10), (420, 60, 16), (560, 190, 9), (700, 90, 13), (830, 240, 11),
              (150, 300, 12), (1120, 300, 15), (640, 310, 8), (350, 280, 9), (1150, 60, 10)]
    for x, y, r in flakes:
        snowflake(c, x, y, r)
    c.circle(300, 900, 520, fill=WHITE)
    c.circle(1000, 930, 560, fill=(232, 240, 244))
    parts = bike(c, 400, 470, 380, 100, frame=TERRACOTTA, tire=(30, 36, 44))
    # front light beam
    hx, hy = parts["head"]
    c.poly([(hx + 10, hy + 30), (W, hy - 40), (W, hy + 140)], fill=(255, 240, 170))
    c.circle(hx + 10, hy + 30, 16, fill=MUSTARD)
    # rear light
    c.circle(parts["seat"][0] - 40, parts["seat"][1] + 30, 12, fill=(230, 60, 50))
    return c.finish()


def cover_tire_pressure():
    W, H = COVER
    c = Canvas(COVER, CREAM)
    c.circle(360, 330, 250, fill=BLUSH)
    wheel(c, 360, 330, 220, spokes=16)
    # gauge
    gx, gy, gr = 860, 300, 170
    c.circle(gx, gy, gr, fill=NAVY)
    c.circle(gx, gy, gr - 18, fill=PAPER)
    c.arc(gx, gy, gr - 45, 150, 250, fill=SAGE, width=22)
    c.arc(gx, gy, gr - 45, 250, 330, fill=MUSTARD, width=22)
    c.arc(gx, gy, gr - 45, 330, 390, fill=TERRACOTTA, width=22)
    for i in range(11):
        a = math.radians(150 + i * 24)
        c.line([(gx + math.cos(a) * (gr - 70), gy + math.sin(a) * (gr - 70)),
                (gx + math.cos(a) * (gr - 85), gy + math.sin(a) * (gr - 85))], fill=NAVY, width=4)
    a = math.radians(285)
    c.line([(gx, gy), (gx + math.cos(a) * (gr - 60), gy + math.sin(a) * (gr - 60))], fill=TERRACOTTA, width=10)
    c.circle(gx, gy, 16, fill=NAVY)
    c.text(gx, gy + 70, "PSI", 34, NAVY, anchor="mm")
    # hose to valve
    c.line([(gx - 60, gy + gr - 10), (gx - 200, 580), (520, 560), (360 + 150, 330 + 150)], fill=NAVY, width=12)
    return c.finish()


def cover_kids():
    W, H = COVER
    c = Canvas(COVER, (214, 234, 222))
    sun(c, 150, 130, 70)
    for x, y in ((420, 110), (760, 80), (1040, 150)):
        c.circle(x, y, 38, fill=WHITE)
        c.circle(x + 40, y + 6, 30, fill=WHITE)
        c.circle(x - 38, y + 8, 28, fill=WHITE)
    c.rect(0, 520, W, H, fill=(190, 160, 120))
    parts = bike(c, 560, 470, 330, 95, frame=TEAL)
    # trailer behind the bike
    tx = 220
    c.line([(parts["rear"][0], parts["rear"][1] - 10), (tx + 170, 430)], fill=NAVY, width=8)
    c.rect(tx - 20, 330, tx + 180, 460, fill=MUSTARD, radius=26)
    c.rect(tx + 10, 350, tx + 150, 420, fill=(250, 220, 150), radius=16)
    c.circle(tx + 55, 372, 24, fill=TERRACOTTA)  # helmets
    c.circle(tx + 115, 378, 22, fill=BLUE)
    wheel(c, tx + 80, 480, 45, spokes=6)
    # a flag
    c.line([(tx - 10, 340), (tx - 10, 210)], fill=NAVY, width=5)
    c.poly([(tx - 10, 210), (tx + 60, 228), (tx - 10, 246)], fill=TERRACOTTA)
    return c.finish()


def cover_ebike_battery():
    W, H = COVER
    c = Canvas(COVER, (250, 236, 214))
    c.circle(600, 330, 260, fill=(244, 214, 178))
    # battery
    c.rect(380, 190, 760, 430, fill=NAVY, radius=30)
    c.rect(760, 270, 800, 350, fill=NAVY, radius=8)
    for i in range(4):
        col = SAGE if i < 3 else (200, 190, 175)
        c.rect(410 + i * 87, 220, 480 + i * 87, 400, fill=col, radius=10)
    c.poly([(600, 170), (540, 320), (595, 320), (570, 450), (665, 280), (610, 280), (640, 170)], fill=MUSTARD)
    # thermometer
    tx = 980
    c.rect(tx - 22, 150, tx + 22, 420, fill=PAPER, radius=22)
    c.rect(tx - 9, 250, tx + 9, 420, fill=TERRACOTTA)
    c.circle(tx, 440, 42, fill=TERRACOTTA)
    for y in range(180, 400, 40):
        c.line([(tx + 30, y), (tx + 50, y)], fill=NAVY, width=4)
    # plug & cord
    c.line([(380, 310), (250, 310), (200, 420), (120, 460)], fill=COFFEE, width=10)
    c.rect(70, 440, 130, 490, fill=COFFEE, radius=8)
    c.rect(0, 560, W, H, fill=TEAL)
    return c.finish()


def diagram_chain_wear():
    W, H = 1200, 500
    c = Canvas((W, H), PAPER)
    # a row of chain links
    y = 230
    for i in range(11):
        x = 80 + i * 95
        outer = i % 2 == 0
        c.rect(x - 8, y - 42, x + 103, y + 42, fill=(120, 130, 140) if outer else (170, 178, 186), radius=40)
        c.rect(x + 14, y - 20, x + 81, y + 20, fill=PAPER, radius=18)
    for i in range(12):
        c.circle(80 + i * 95 + 0, y, 17, fill=NAVY)
    # chain checker tool resting on the chain
    c.rect(260, 120, 840, 160, fill=TERRACOTTA, radius=18)
    c.rect(270, 150, 300, 215, fill=TERRACOTTA, radius=6)
    c.rect(800, 150, 830, 215, fill=TERRACOTTA, radius=6)
    c.text(550, 140, "0.5   0.75", 26, CREAM, anchor="mm")
    # labels
    c.text(80, 330, "pin", 28, NAVY)
    c.line([(95, 320), (92, 250)], fill=NAVY, width=3)
    c.text(340, 330, "inner link", 28, NAVY)
    c.text(600, 400, "If the checker drops all the way in at 0.75, it's time for a new chain.", 26, COFFEE, anchor="mm")
    return c.finish()


# --------------------------------------------------------------------------
# avatars (abstract, initials only)
# --------------------------------------------------------------------------

AVATAR_PALETTES = [
    (TERRACOTTA, CREAM, MUSTARD),
    (TEAL, CREAM, BLUSH),
    (MUSTARD, NAVY, TERRACOTTA),
    (NAVY, CREAM, MUSTARD),
    (SAGE, NAVY, PAPER),
    (COFFEE, CREAM, BLUSH),
    (BLUE, CREAM, MUSTARD),
    (BLUSH, NAVY, TEAL),
]


def initials(name: str) -> str:
    # The bundled font has no accented capitals, so "José Álvarez" -> "JA".
    name = "".join(ch for ch in unicodedata.normalize("NFD", name) if not unicodedata.combining(ch))
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalpha()]
    if not parts:
        return "?"
    if len(parts) == 1:
        return parts[0][:1].upper()
    return (parts[0][:1] + parts[-1][:1]).upper()


def avatar(name: str, motif: str):
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    bg, fg, accent = AVATAR_PALETTES[digest[0] % len(AVATAR_PALETTES)]
    W, H = AVATAR
    c = Canvas(AVATAR, bg)
    if motif == "wheel":
        c.circle(300, 310, 150, fill=accent)
        c.circle(300, 310, 122, fill=bg)
        for i in range(10):
            a = math.pi * 2 * i / 10 + digest[1] / 40
            c.line([(300, 310), (300 + math.cos(a) * 122, 310 + math.sin(a) * 122)], fill=accent, width=5)
    elif motif == "cup":
        c.circle(310, 320, 130, fill=accent)
        c.poly([(250, 260), (370, 260), (355, 360), (265, 360)], fill=bg)
        c.arc(372, 300, 26, -90, 90, fill=bg, width=12)
    elif motif == "sun":
        c.circle(320, 320, 110, fill=accent)
        for i in range(12):
            a = math.pi * 2 * i / 12
            c.line([(320 + math.cos(a) * 130, 320 + math.sin(a) * 130),
                    (320 + math.cos(a) * 165, 320 + math.sin(a) * 165)], fill=accent, width=10)
    elif motif == "moon":
        c.circle(300, 300, 120, fill=accent)
        c.circle(345, 265, 110, fill=bg)
        for x, y in ((110, 90), (330, 60), (80, 300)):
            snowflake(c, x, y, 14, color=accent)
    elif motif == "stripes":
        for i in range(6):
            c.line([(-40 + i * 90, H + 40), (200 + i * 90, -40)], fill=accent, width=22)
    else:  # dots
        for i in range(5):
            for j in range(5):
                if (i + j + digest[2]) % 3 == 0:
                    c.circle(50 + i * 75, 50 + j * 75, 16, fill=accent)
    c.circle(W / 2, H / 2, 118, fill=fg)
    c.text(W / 2, H / 2 + 4, initials(name), 104, bg, anchor="mm")
    return c.finish()


# --------------------------------------------------------------------------
# logo and share image
# --------------------------------------------------------------------------

LOGO_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512" role="img" aria-labelledby="t">
  <title id="t">Spoke &amp; Kettle</title>
  <rect width="512" height="512" rx="96" fill="#F6EBDD"/>
  <circle cx="256" cy="256" r="184" fill="#D9674E"/>
  <circle cx="256" cy="256" r="150" fill="#F6EBDD"/>
  <g stroke="#D9674E" stroke-width="10" stroke-linecap="round">
{spokes}
  </g>
  <path d="M196 236 H316 L302 330 Q300 344 286 344 H226 Q212 344 210 330 Z" fill="#273240"/>
  <path d="M316 252 Q352 256 346 288 Q340 314 308 312" fill="none" stroke="#273240" stroke-width="14" stroke-linecap="round"/>
  <rect x="186" y="350" width="140" height="14" rx="7" fill="#273240"/>
  <g fill="none" stroke="#E8B04B" stroke-width="10" stroke-linecap="round">
    <path d="M226 214 Q214 196 226 180 Q238 164 226 146"/>
    <path d="M256 214 Q244 196 256 180 Q268 164 256 146"/>
    <path d="M286 214 Q274 196 286 180 Q298 164 286 146"/>
  </g>
</svg>
"""


def logo_spokes() -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The wheel's visible spokes (inner and outer end), shared by logo.svg and logo.png."""
    spokes = []
    for i in range(12):
        a = math.pi * 2 * i / 12
        if 0.9 < a < 2.3 or 3.8 < a < 5.6:
            continue  # leave room for the cup and steam (kept simple)
        spokes.append(((256 + math.cos(a) * 120, 256 + math.sin(a) * 120), (256 + math.cos(a) * 150, 256 + math.sin(a) * 150)))
    return spokes


def logo_svg() -> str:
    lines = [f'    <line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}"/>' for (x0, y0), (x1, y1) in logo_spokes()]
    return LOGO_SVG.replace("{spokes}", "\n".join(lines))


def logo_png(size=512):
    """Raster twin of logo.svg, drawn with the same geometry."""
    c = Canvas((512, 512), (0, 0, 0))
    c.img = Image.new("RGBA", (512 * SS, 512 * SS), (0, 0, 0, 0))
    c.d = ImageDraw.Draw(c.img)
    c.rect(0, 0, 512, 512, fill=CREAM, radius=96)
    c.circle(256, 256, 184, fill=TERRACOTTA)
    c.circle(256, 256, 150, fill=CREAM)
    for inner, outer in logo_spokes():
        c.line([inner, outer], fill=TERRACOTTA, width=10)
    c.poly([(196, 236), (316, 236), (302, 330), (296, 342), (286, 344), (226, 344), (216, 342), (210, 330)], fill=NAVY)
    c.arc(318, 282, 30, -90, 90, fill=NAVY, width=14)
    c.rect(186, 350, 326, 364, fill=NAVY, radius=7)
    for x in (226, 256, 286):
        pts = [(x + math.sin(t / 10 * math.pi * 2) * 11, 214 - t * 6.8) for t in range(11)]
        c.line(pts, fill=MUSTARD, width=10)
    img = c.img.resize((size, size), Image.LANCZOS)
    return img


def share_image(logo):
    W, H = COVER
    c = Canvas(COVER, CREAM)
    c.rect(0, 0, 14, H, fill=TERRACOTTA)
    c.circle(1150, 600, 190, fill=BLUSH)
    wheel(c, 1120, 590, 120, tire=TERRACOTTA, rim=BLUSH, hub=TERRACOTTA, spokes=12)
    c.text(420, 230, "Spoke & Kettle", 84, NAVY)
    c.text(422, 330, "Bike repair and coffee on Linden Street, Eastbrook", 30, COFFEE)
    c.text(422, 390, "Stories from our customers, tips from our bench", 30, TEAL)
    img = c.finish()
    small = logo.resize((300, 300), Image.LANCZOS)
    img.paste(small, (70, 165), small)
    return img


# --------------------------------------------------------------------------

CUSTOMERS = [
    # (file stem, name, motif)
    ("ben-okafor", "Ben Okafor", "sun"),
    ("jose-alvarez", "José Álvarez", "stripes"),
    ("eleanor-pratt", "Eleanor Pratt", "dots"),
    ("priya-natarajan", "Priya Natarajan", "cup"),
    ("zoe-brandt", "Zoë Brandt", "wheel"),
    ("kwame-mensah", "Kwame Mensah", "moon"),
    ("walt-hennessy", "Walt Hennessy", "wheel"),
    ("hana-sato", "Hana Sato", "dots"),
    ("lucia-ferrer", "Lucía Ferrer", "sun"),
    ("amira-haddad", "Amira Haddad", "stripes"),
]


def main():
    save(cover_okafor_cargo(), STORIES / "okafor-cargo.jpg")
    save(cover_alvarez_courier(), STORIES / "alvarez-courier.jpg")
    save(cover_tuesday_spokes(), STORIES / "tuesday-spokes.jpg")
    save(cover_brandt_forty(), STORIES / "brandt-forty-dollar-bike.jpg")
    save(cover_ferrer_flowers(), STORIES / "ferrer-flowers.jpg")
    for stem, name, motif in CUSTOMERS:
        save(avatar(name, motif), STORIES / f"{stem}.png", colors=64)

    save(cover_winter(), TIPS / "winter-riding.png")
    save(cover_tire_pressure(), TIPS / "tire-pressure.png")
    save(cover_kids(), TIPS / "riding-with-kids.png")
    save(cover_ebike_battery(), TIPS / "ebike-battery.png")
    save(diagram_chain_wear(), TIPS / "chain-wear.png")

    STATIC.mkdir(parents=True, exist_ok=True)
    logo = logo_png()
    logo.save(STATIC / "logo.png", "PNG", optimize=True)
    print(f"static/images/logo.png  {(STATIC / 'logo.png').stat().st_size // 1024} KB")
    (STATIC / "logo.svg").write_text(logo_svg(), encoding="utf-8")
    print("static/images/logo.svg")
    save(share_image(logo), STATIC / "default-share.png", colors=128)


if __name__ == "__main__":
    main()
