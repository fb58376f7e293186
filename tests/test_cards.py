"""Tests for wom_site.share.cards (social card images)."""

from __future__ import annotations

import dataclasses
import io

import pytest
from PIL import Image, ImageDraw

from wom_site.share import cards
from wom_site.share.cards import Card, CardSpec, card_key, render_card

BASE = CardSpec(title="Five ways to make your bakery's website sell more bread",
                site_name="Rosa's Bakery", kicker="Tip")
STORY = CardSpec(
    title="How Rosa's Bakery doubled its online orders",
    site_name="Rosa's Bakery",
    kicker="Customer story",
    quote="Since we switched, our customers order ahead from their phones.",
    attribution="Rosa Díaz, Owner, Rosa's Bakery",
)


def _open(card: Card) -> Image.Image:
    image = Image.open(io.BytesIO(card.data))
    image.load()
    return image


def _check(card: Card) -> Image.Image:
    """Every card: 1200x630, the declared format, under 300 KB."""
    image = _open(card)
    assert image.size == (1200, 630) == (card.width, card.height)
    assert image.format.lower() == card.format
    assert len(card.data) < 300_000
    return image


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _flat_logo() -> bytes:
    logo = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(logo)
    draw.ellipse((0, 0, 199, 199), fill="#e4572e")
    draw.rectangle((60, 60, 140, 140), fill="#ffffff")
    return _png(logo)


def _photo_logo() -> bytes:
    # Smooth noise in three channels: thousands of distinct colours, like a photo.
    channels = [Image.effect_noise((160, 120), 60).resize((320, 240), Image.Resampling.BICUBIC)
                for _ in range(3)]
    out = io.BytesIO()
    Image.merge("RGB", channels).save(out, format="JPEG", quality=90)
    return out.getvalue()


def _covered_by_system(ch: str) -> bool:
    return cards._face_for(ch, True) is not None


def test_basic_card_is_png():
    card = render_card(BASE)
    image = _check(card)
    assert card.format == "png"
    assert card.missing == ()
    assert image.getpixel((600, 5)) is not None


def test_story_card():
    card = render_card(STORY)
    _check(card)
    assert card.missing == ()
    assert card.data != render_card(dataclasses.replace(STORY, quote=None)).data


def test_long_title_shrinks_and_truncates():
    short = render_card(dataclasses.replace(BASE, title="Bread"))
    long_ = render_card(dataclasses.replace(BASE, title="A very long title indeed " * 40))
    _check(long_)
    assert long_.data != short.data
    # The layout picks a smaller size for a longer title and ends in an ellipsis.
    block = cards._fit("A very long title indeed " * 40, True, cards.TITLE_SIZES, 330, 1.12)
    assert block.size == cards.TITLE_SIZES[-1]
    assert block.lines[-1].endswith(cards.ELLIPSIS)
    assert cards._fit("Bread", True, cards.TITLE_SIZES, 330, 1.12).size == cards.TITLE_SIZES[0]


def test_long_quote_and_word_render():
    story = dataclasses.replace(STORY, quote="Lorem ipsum dolor sit amet " * 40,
                                attribution="Somebody " * 30)
    _check(render_card(story))
    _check(render_card(dataclasses.replace(BASE, title="Donaudampfschifffahrts" * 6)))


def test_greek_and_cyrillic_need_no_fallback():
    card = render_card(dataclasses.replace(
        BASE, title="Καλημέρα κόσμε — Привет, мир! Ἀθῆναι, Ёлка, Ґанок", site_name="Παράδειγμα"))
    _check(card)
    assert card.missing == ()


def test_emoji_is_reported_missing():
    emoji = "\U0001F600"
    if _covered_by_system(emoji):
        pytest.skip("an installed font covers emoji")
    card = render_card(dataclasses.replace(BASE, title=f"We love bread {emoji}\ufe0f!"))
    _check(card)
    assert card.missing == (emoji,)  # the variation selector is dropped silently


def test_emoji_is_left_out_not_drawn_as_tofu():
    emoji = "\U0001F35E"
    if _covered_by_system(emoji):
        pytest.skip("an installed font covers emoji")
    with_emoji = render_card(dataclasses.replace(BASE, title=f"Bread {emoji} day"))
    without = render_card(dataclasses.replace(BASE, title="Bread day"))
    assert with_emoji.data == without.data


def test_cjk_title():
    title = "東京のパン屋さん"
    card = render_card(dataclasses.replace(BASE, title=title))
    _check(card)
    if all(_covered_by_system(ch) for ch in title):
        assert card.missing == ()
    else:
        assert set(card.missing) == {ch for ch in title if not _covered_by_system(ch)}


def test_other_scripts_render():
    for title in ("مرحبا بكم في موقعنا", "שלום עולם", "नमस्ते दुनिया", "สวัสดีชาวโลก"):
        card = render_card(dataclasses.replace(BASE, title=title))
        _check(card)
        for ch in card.missing:  # only characters really without a font are missing
            assert not _covered_by_system(ch)


def test_deterministic():
    for spec in (BASE, STORY, dataclasses.replace(BASE, logo=_flat_logo()),
                 dataclasses.replace(BASE, logo=_photo_logo())):
        assert render_card(spec).data == render_card(spec).data


def test_card_key():
    key = card_key(BASE)
    assert len(key) == 16 and int(key, 16) >= 0
    assert key == card_key(dataclasses.replace(BASE))
    assert key != card_key(dataclasses.replace(BASE, title=BASE.title + "!"))
    assert key != card_key(dataclasses.replace(BASE, accent="#000000"))
    assert key != card_key(dataclasses.replace(BASE, logo=_flat_logo()))


def test_flat_logo_is_drawn_as_png():
    plain = render_card(BASE)
    card = render_card(dataclasses.replace(BASE, logo=_flat_logo()))
    image = _check(card).convert("RGB")
    assert card.format == "png"
    assert card.data != plain.data
    # The logo's red disc sits in the footer, left-aligned with the text.
    top = cards.HEIGHT - cards.BOTTOM - cards.FOOTER_H
    r, g, b = image.getpixel((cards.LEFT + cards.FOOTER_H // 2, top + 10))
    assert r > 180 and g < 140 and b < 100


def test_photo_logo_makes_jpeg():
    card = render_card(dataclasses.replace(BASE, logo=_photo_logo()))
    _check(card)
    assert card.format == "jpeg"


def test_unreadable_logo_is_skipped():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    card = render_card(dataclasses.replace(BASE, logo=svg))
    assert card.data == render_card(BASE).data


def test_bad_colour_is_an_error():
    with pytest.raises(ValueError, match="background"):
        render_card(dataclasses.replace(BASE, background="nope"))


def test_wrap_keeps_words_and_fits():
    lines, broken = cards._wrap("one two three four five six seven", True, 60, 400)
    assert not broken and len(lines) > 1
    assert " ".join(lines) == "one two three four five six seven"
    assert all(cards._width(line, True, 60) <= 400 for line in lines)


@pytest.mark.skipif(not cards.RAQM, reason="bidi reordering needs Pillow's raqm layout")
def test_right_to_left_words_are_reordered():
    text = "abc אבג דהו"
    if any(not _covered_by_system(ch) for ch in "אבגדהו"):
        pytest.skip("no Hebrew font installed")
    runs = cards._visual_order(cards._split_runs(text, False), rtl=False)
    assert [part for _, part in runs] == ["abc", " ", "דהו", " ", "אבג"]
    runs = cards._visual_order(cards._split_runs("אבג דהו", False), rtl=True)
    assert [part for _, part in runs] == ["דהו", " ", "אבג"]
