"""What the consumers read (Mastodon, X, Threads, Slack, Google), checked with independent parsers:
extruct reads the JSON-LD and Open Graph; LocalBusiness is held to Google's documented rules."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import extruct
import pytest

from conftest import BASIC_SITE, REPO, post
from helpers import meta_property, png, soup
from wom_site.build import BuildOptions, build as build_site
from wom_site.share.business import Unreadable, read_hours


def build(make_site, wom, files, config=BASIC_SITE):
    site = make_site(files, config=config)
    wom("build", "--source", str(site), check=True)
    return site / "output"


def extracted(path):
    data = extruct.extract(path.read_text(encoding="utf-8"), syntaxes=["json-ld", "opengraph"], uniform=True)
    graph = []
    for item in data["json-ld"]:
        graph += item.get("@graph", [item])
    og = {}
    for item in data["opengraph"]:
        og.update({k: v for k, v in item.items() if k.startswith("og:")})
    return graph, og


# --- Mastodon: credit and one URL per page -----------------------------------------------

def test_fediverse_creator_comes_from_post_then_author_then_site(make_site, wom):
    config = BASIC_SITE + ('social:\n  fediverse: "shop@Mastodon.Social"\n'
                           'authors:\n  - {name: "Ana", fediverse: "@ana@münchen.social"}\n')
    out = build(make_site, wom, {
        "content/tips/own.md": post("Own", "2026-02-01", fediverse="@guest@fosstodon.org", author="Ana"),
        "content/tips/by-ana.md": post("By Ana", "2026-02-02", author="Ana"),
        "content/tips/by-house.md": post("By the house", "2026-02-03"),
    }, config)
    creator = {slug: meta_property(soup(out / f"tips/{slug}/index.html"), "fediverse:creator") for slug in ("own", "by-ana", "by-house")}
    assert creator == {"own": "@guest@fosstodon.org", "by-ana": "@ana@xn--mnchen-3ya.social", "by-house": "@shop@mastodon.social"}
    assert meta_property(soup(out / "index.html"), "fediverse:creator") == "@shop@mastodon.social"


@pytest.mark.parametrize("where, files, expected", [
    ("site.yaml", {"site.yaml": BASIC_SITE + "social:\n  fediverse: https://mastodon.social/@shop\n"},
     "site.yaml:7: social.fediverse: 'https://mastodon.social/@shop' is not a fediverse handle"),
    ("front matter", {"content/tips/t.md": post("T", "2026-02-01", fediverse="just-a-name")},
     "content/tips/t.md:4: fediverse: 'just-a-name' is not a fediverse handle"),
])
def test_a_handle_that_is_not_user_at_host_is_an_error_with_its_line(make_site, wom, where, files, expected):
    site = make_site({"content/tips/ok.md": post("Ok", "2026-02-01"), **files})
    result = wom("build", "--source", str(site))
    assert result.returncode == 1 and expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def example_output(tmp_path_factory):
    output = tmp_path_factory.mktemp("example") / "output"
    build_site(BuildOptions(source=REPO, output=output, use_cache=False))
    return output


def test_every_page_kind_has_one_url_canonical_and_og_url_agree(example_output):
    checked = set()
    for path in example_output.rglob("*.html"):
        page = soup(path)
        canonical = page.find("link", rel="canonical")["href"]
        _, og = extracted(path)
        assert og["og:url"] == canonical, path
        assert urlsplit(canonical).scheme == "https", path
        checked.add(path.relative_to(example_output).parts[0] if len(path.relative_to(example_output).parts) > 1 else "home")
    assert {"home", "stories", "tips", "tags", "archive", "customers", "share"} <= checked
    card = soup(example_output / "stories/okafor-cargo-bike/card/index.html")
    assert meta_property(card, "og:url") == "https://example.com/stories/okafor-cargo-bike/"


# --- Share intents as documented ---------------------------------------------------------

def test_x_and_threads_intents_carry_text_and_url_as_documented(make_site, wom):
    out = build(make_site, wom, {"content/stories/s.md": post("Fixed my brakes", "2026-02-01", slug="brakes", description="Fixed my brakes & more")})
    links = {a["class"][1].removeprefix("share-"): a["href"] for a in soup(out / "stories/brakes/index.html").select(".share-list a.share-button") if len(a["class"]) > 1}
    canonical = "https://example.org/stories/brakes/"
    for network, (host, path) in {"x": ("x.com", "/intent/tweet"), "threads": ("www.threads.com", "/intent/post")}.items():
        parts = urlsplit(links[network])
        query = parse_qs(parts.query)
        assert (parts.netloc, parts.path) == (host, path), links[network]
        assert query["url"] == [canonical] and query["text"] == ["Fixed my brakes & more"], query
    assert urlsplit(links["bluesky"]).netloc == "bsky.app" and "url" not in parse_qs(urlsplit(links["bluesky"]).query)


def test_every_network_names_its_documentation_in_the_code():
    source = (REPO / "wom_site/share/links.py").read_text()
    for network in ("x", "facebook", "linkedin", "whatsapp", "telegram", "reddit", "bluesky", "threads", "hackernews", "mastodon"):
        branch = source.split(f'if network == "{network}":', 1)[1].split("return", 1)[0]
        assert "https://" in branch or "documents no" in branch, network


# --- X titles ------------------------------------------------------------------------------

def test_x_title_is_cut_at_70_at_a_word_on_every_page_kind(make_site, wom):
    title = "A ninety character title about a bakery's cargo bike that carries bread across the whole town"
    tag = "cargo bikes and the people who ride them every single day in the rain and the snow and sun"
    story = post(title, "2026-02-01", slug="long", tags=f"[{tag!r}]")
    out = build(make_site, wom, {"content/stories/long.md": story})
    pages = {"post": "stories/long/index.html", "card": "stories/long/card/index.html", "tag": "tags/cargo-bikes-and-the-people-who-ride-them-every-single-day-in-the-rain-and-the-snow-and-sun/index.html"}
    for kind, rel in pages.items():
        page = soup(out / rel)
        x_title, og_title = meta_property(page, "twitter:title"), meta_property(page, "og:title")
        assert len(og_title) > 70, kind
        assert len(x_title) <= 70 and x_title.endswith("…"), (kind, x_title)
        assert og_title.startswith(x_title[:-1]) and og_title[len(x_title) - 1] == " ", (kind, x_title)


# --- Slack -----------------------------------------------------------------------------------

def test_slack_labels_show_reading_time_and_the_customer(make_site, wom):
    story = post("Story", "2026-02-01", slug="story", body="word " * 450,
                 customer='{name: "Zoë Ortiz", company: "Ortiz Bakery", approved: 2026-01-01}')
    out = build(make_site, wom, {"content/stories/s.md": story, "content/tips/t.md": post("Tip", "2026-02-01", slug="tip")})
    page = soup(out / "stories/story/index.html")
    labels = [(meta_property(page, f"twitter:label{n}"), meta_property(page, f"twitter:data{n}")) for n in (1, 2)]
    shown = re.search(r"(\d+) min read", page.find("article").get_text()).group(0)  # what the byline says
    assert labels == [("Reading time", shown), ("Customer", "Zoë Ortiz, Ortiz Bakery")] and shown != "1 min read"
    tip = soup(out / "tips/tip/index.html")
    assert meta_property(tip, "twitter:label1") == "Reading time" and meta_property(tip, "twitter:label2") is None


# --- Google: LocalBusiness ------------------------------------------------------------------

# https://developers.google.com/search/docs/appearance/structured-data/local-business
GOOGLE_REQUIRED = {"name", "address"}
GOOGLE_RECOMMENDED = {"telephone", "url", "geo", "openingHoursSpecification", "priceRange", "image"}
SCHEMA_DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}


def google_problems(business: dict) -> list[str]:
    """Google's rules for a LocalBusiness rich result, as its documentation states them."""
    problems = [f"missing required {key}" for key in GOOGLE_REQUIRED - business.keys()]
    problems += [f"missing recommended {key}" for key in GOOGLE_RECOMMENDED - business.keys()]
    address = business.get("address", {})
    if address.get("@type") != "PostalAddress":
        problems.append("address is not a PostalAddress")
    problems += [f"address lacks {k}" for k in ("streetAddress", "addressLocality", "postalCode", "addressRegion", "addressCountry") if not address.get(k)]
    if not re.fullmatch(r"\+\d[\d \-]{6,}", business.get("telephone", "")):
        problems.append(f"telephone {business.get('telephone')!r} is not in international form")
    for spec in business.get("openingHoursSpecification", []):
        if spec.get("@type") != "OpeningHoursSpecification" or not set(spec["dayOfWeek"]) <= SCHEMA_DAYS:
            problems.append(f"bad opening hours {spec}")
        if not all(re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", spec[k]) for k in ("opens", "closes")):
            problems.append(f"bad opening times {spec}")
    geo = business.get("geo", {})
    if geo and not (geo.get("@type") == "GeoCoordinates" and isinstance(geo.get("latitude"), float) and isinstance(geo.get("longitude"), float)):
        problems.append(f"bad geo {geo}")
    for key in ("url", "image"):
        if key in business and not business[key].startswith("https://"):
            problems.append(f"{key} is not an absolute URL")
    return problems


BUSINESS = """\
business:
  name: "Ortiz Bakery"
  type: Bakery
  address: {street: "12 Rue Verte", locality: "Lyon", postal_code: "69001", region: "Auvergne-Rhône-Alpes", country: fr}
  phone: "04 72 00 00 00"
  opening_hours: ["Mon-Fri 9-17:30", "Sat 10am-2pm", "Mo-Fr 07:00-08:30", "Sun 8-12, 14-18"]
  geo: {latitude: 45.7640, longitude: 4.8357}
  price_range: "€"
  image: images/shop.png
"""


def test_local_business_meets_googles_rules(make_site, wom):
    out = build(make_site, wom, {"content/tips/t.md": post("T", "2026-02-01"), "static/images/shop.png": png()}, BASIC_SITE + BUSINESS)
    graph, _ = extracted(out / "index.html")
    business = next(item for item in graph if item["@type"] == "Bakery")
    assert google_problems(business) == []
    assert business["telephone"] == "+33 4 72 00 00 00"
    assert business["address"]["addressCountry"] == "FR" and business["image"] == "https://example.org/images/shop.png"
    hours = [(spec["dayOfWeek"], spec["opens"], spec["closes"]) for spec in business["openingHoursSpecification"]]
    weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    assert hours == [(weekdays, "09:00", "17:30"), (["Saturday"], "10:00", "14:00"), (weekdays, "07:00", "08:30"),
                     (["Sunday"], "08:00", "12:00"), (["Sunday"], "14:00", "18:00")]
    footer = soup(out / "index.html").find("footer").get_text(" ")
    assert "12 Rue Verte, 69001 Lyon" in footer and "Mon-Fri 9-17:30" in footer


def test_example_site_business_meets_googles_rules(example_output):
    graph, _ = extracted(example_output / "index.html")
    business = next(item for item in graph if item["@type"] == "BikeStore")
    assert google_problems(business) == []


@pytest.mark.parametrize("written, days, opens, closes", [
    ("Mon-Fri 9-17:30", "Monday..Friday", "09:00", "17:30"),
    ("Sat 10am-2pm", "Saturday", "10:00", "14:00"),
    ("Mo-Fr 09:00-17:30", "Monday..Friday", "09:00", "17:30"),
    ("Tue–Thu 8.30 to 6pm", "Tuesday..Thursday", "08:30", "18:00"),
    ("Fri-Mon 9-5", "Friday,Saturday,Sunday,Monday", "09:00", "17:00"),
    ("Daily 12pm-12am", "Monday..Sunday", "12:00", "23:59"),
    ("Sat, Sun 11:00-24:00", "Saturday,Sunday", "11:00", "23:59"),
])
def test_opening_hours_as_people_write_them(written, days, opens, closes):
    names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    if ".." in days:
        first, last = days.split("..")
        days = ",".join(names[names.index(first): names.index(last) + 1])
    (spec,) = read_hours(written)
    assert (",".join(spec.days), spec.opens, spec.closes) == (days, opens, closes)


@pytest.mark.parametrize("written", ["By appointment", "Mon-Fri", "Someday 9-5", "Mon 25-26", "Mon 13pm-2pm", "Mon 17-9"])
def test_unreadable_hours_raise(written):
    with pytest.raises(Unreadable):
        read_hours(written)


@pytest.mark.parametrize("business, expected", [
    ('  opening_hours: ["Mon-Fri 9-17", "By appointment"]\n',
     "site.yaml:8: business.opening_hours: cannot read 'By appointment' as opening hours"),
    ('  phone: "555 0142"\n', "site.yaml:8: business.phone: cannot read '555 0142' as a phone number"),
    ('  geo: {latitude: 123, longitude: 4}\n', "site.yaml:8: business.geo.latitude: must be a number between -90 and 90"),
])
def test_business_details_that_cannot_be_read_name_site_yaml_and_the_line(make_site, wom, business, expected):
    site = make_site({"content/tips/t.md": post("T", "2026-02-01")}, config=BASIC_SITE + 'business:\n  name: "Shop"\n' + business)
    result = wom("build", "--source", str(site))
    assert result.returncode == 1 and expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


# --- Alt text hidden by a fallback --------------------------------------------------------------

def test_wom_check_reports_a_cover_without_alt_text_even_though_og_image_alt_is_filled(make_site, wom):
    site = make_site({
        "content/tips/no-alt.md": post("No alt here", "2026-02-01", slug="no-alt", image="photo.png"),
        "content/tips/photo.png": png(),
        "content/tips/with-alt.md": post("With alt", "2026-02-01", slug="with-alt", image="photo.png", image_alt="A red bike"),
    })
    result = wom("check", "--source", str(site))
    page = soup(site / "output/tips/no-alt/index.html")
    assert meta_property(page, "og:image:alt") == "No alt here"  # the fallback a crawler sees
    assert "content/tips/no-alt.md: warning: image photo.png has no alt text" in result.stdout, result.stdout
    assert not [line for line in result.stdout.splitlines() if "with-alt.md" in line and "alt text" in line]
