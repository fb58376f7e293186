"""The business's colours: site.yaml's brand, made into the theme's CSS custom properties.

Every role a colour plays in the theme (link text, a button's fill under its label, focus
rings, the accent's small text) must stay readable, in light and dark schemes. Where the
brand colour itself fails WCAG AA for a role, a shade of it that passes is derived for that
role (mixed toward black on light backgrounds, toward white on dark ones: the hue is kept).
Pure: no disk access.
"""

from __future__ import annotations

from dataclasses import dataclass

from wom_site.config import CONFIG_FILE, SiteConfig
from wom_site.diagnostics import Problem, warning

Colour = tuple[int, int, int]

TEXT_CONTRAST = 4.5  # WCAG AA, normal text
UI_CONTRAST = 3.0  # WCAG AA, non-text (focus rings, borders that carry meaning)

# The theme's surfaces (themes/default/static/css/site.css): page background and cards.
LIGHT = {"bg": "#fbf8f3", "surface": "#ffffff", "text": "#1d232b"}
DARK = {"bg": "#14181e", "surface": "#1c222a", "text": "#e9edf2"}
WHITE, INK = "#ffffff", "#111418"
THEME_COLOR, THEME_ACCENT = "#1f3a5f", "#f2b134"  # site.css's own brand (share.theme_color's default)


@dataclass(frozen=True)
class Brand:
    color: str  # "#rrggbb"
    accent: str
    logo: str  # a path under the site (static/ or content/), or ""


def brand_of(config: SiteConfig) -> Brand:
    """site.yaml's `brand:`, falling back to what sites set before it existed: share.theme_color,
    share.accent_color and the top-level logo."""
    given = config.brand
    return Brand(_long_hex(given.color or config.share.theme_color), _long_hex(given.accent or config.share.accent_color),
                 given.logo or config.logo)


@dataclass(frozen=True)
class Scheme:
    """One colour scheme's brand properties, each checked against the surfaces it sits on."""

    link: str  # text: links, the brand's name in headings
    fill: str  # buttons, the header's band, the hero
    on_fill: str  # text on `fill`
    focus: str  # focus rings
    accent_text: str  # the accent as small text (kickers, labels)
    accent_fill: str  # the accent as decoration (stripes, quote bars)
    accent_soft: str  # a pale accent wash behind text (outcomes, tags)


@dataclass(frozen=True)
class BrandPalette:
    light: Scheme
    dark: Scheme
    derived: tuple[tuple[str, str, float], ...]  # light-scheme roles where brand.color failed: (role, shade, its ratio)

    def css(self) -> str:
        """Custom properties over the theme's defaults; a page that is light only (the printable
        card: <html data-scheme="light">) keeps the light ones in a dark browser."""
        return (f"/* From site.yaml's brand (wom_site/brand.py): contrast checked at build time. */\n"
                f":root {{\n{_properties(self.light)}}}\n"
                f"@media (prefers-color-scheme: dark) {{\n  :root:not([data-scheme=light]) {{\n{_properties(self.dark, '  ')}  }}\n}}\n")

    def message(self, brand: Brand, key: str = "brand.color") -> str:
        """The one line the build prints when the brand colour had to be shaded, or ""; `key`:
        where site.yaml set the colour."""
        if not self.derived:
            return ""
        roles = "; ".join(f"{role} use {shade} ({ratio:.1f}:1)" for role, shade, ratio in self.derived)
        return (f"{key} {brand.color} has too little contrast for some roles (WCAG AA asks "
                f"{TEXT_CONTRAST}:1 for text, {UI_CONTRAST}:1 for focus rings); shades that pass are used: {roles}")


def brand_css(config: SiteConfig) -> bytes | None:
    """css/brand.css, or None when the brand is the theme's own navy and gold: site.css's
    defaults are made for those (and a page then loads one stylesheet less)."""
    brand = brand_of(config)
    if (brand.color, brand.accent) == (_long_hex(THEME_COLOR), _long_hex(THEME_ACCENT)):
        return None
    return brand_palette(brand).css().encode()


def brand_warning(config: SiteConfig) -> list[Problem]:
    """The build's one message about the brand colour's contrast, if it had to be shaded."""
    brand = brand_of(config)
    key = "brand.color" if config.brand.color else "share.theme_color"
    message = brand_palette(brand).message(brand, key)
    return [warning(CONFIG_FILE, None, message)] if message else []


def brand_palette(brand: Brand) -> BrandPalette:
    derived: list[tuple[str, str, float]] = []
    light = _scheme(brand, LIGHT, toward="#000000", noted=derived)
    dark = _scheme(brand, DARK, toward="#ffffff", noted=None)  # dark schemes tint by design: not a failure
    return BrandPalette(light, dark, tuple(derived))


def _scheme(brand: Brand, surfaces: dict, toward: str, noted: list | None) -> Scheme:
    backgrounds = (surfaces["bg"], surfaces["surface"])
    link = _passing(brand.color, backgrounds, TEXT_CONTRAST, toward, "links", noted)
    focus = _passing(brand.color, backgrounds, UI_CONTRAST, toward, "focus rings", noted)
    fill, on_fill = _fill_and_label(brand.color, toward, noted)
    accent_text = _passing(brand.accent, backgrounds, TEXT_CONTRAST, toward, "", None)
    soft = to_hex(mix(rgb(surfaces["surface"]), rgb(brand.accent), 0.16))
    if contrast(rgb(soft), rgb(surfaces["text"])) < TEXT_CONTRAST:  # a wash must never make text unreadable
        soft = surfaces["surface"]
    return Scheme(link, fill, on_fill, focus, accent_text, brand.accent, soft)


def _fill_and_label(color: str, toward: str, noted: list | None) -> tuple[str, str]:
    """A button's fill and its label colour: the label (white or ink) that reads best on the
    brand colour; when neither reaches AA, the fill is shaded until the better one does."""
    label = max((WHITE, INK), key=lambda text: contrast(rgb(text), rgb(color)))
    if contrast(rgb(label), rgb(color)) >= TEXT_CONTRAST:
        return color, label
    fill = _passing(color, (label,), TEXT_CONTRAST, "#000000" if label == WHITE else "#ffffff", "buttons", noted)
    return fill, label


def _passing(color: str, backgrounds, target: float, toward: str, role: str, noted: list | None) -> str:
    """`color`, or the nearest shade of it toward `toward` with `target` contrast on every background."""
    base, end = rgb(color), rgb(toward)
    for step in range(0, 101):
        shade = mix(base, end, step / 100)
        ratio = min(contrast(shade, rgb(b)) for b in backgrounds)
        if ratio >= target:
            if step and noted is not None:
                noted.append((role, to_hex(shade), ratio))
            return to_hex(shade)
    return toward


def _properties(scheme: Scheme, indent: str = "") -> str:
    values = {
        "--brand": scheme.link, "--brand-fill": scheme.fill, "--brand-text": scheme.on_fill,
        "--focus": scheme.focus, "--hero-bg": scheme.fill, "--hero-text": scheme.on_fill,
        "--accent": scheme.accent_text, "--accent-fill": scheme.accent_fill, "--accent-soft": scheme.accent_soft,
    }
    return "".join(f"{indent}  {name}: {value};\n" for name, value in values.items())


# --- colour arithmetic (WCAG 2.x relative luminance) ---------------------------------

def rgb(value: str) -> Colour:
    value = _long_hex(value)
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def to_hex(colour: Colour) -> str:
    return "#" + "".join(f"{v:02x}" for v in colour)


def mix(a: Colour, b: Colour, t: float) -> Colour:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))  # type: ignore[return-value]


def luminance(colour: Colour) -> float:
    def linear(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: Colour, b: Colour) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _long_hex(value: str) -> str:
    """#abc -> #aabbcc, lower case (config has checked the form)."""
    value = value.lower()
    return "#" + "".join(c * 2 for c in value[1:]) if len(value) == 4 else value
