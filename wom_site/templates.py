"""The Jinja2 environment: theme inheritance, autoescape, filters, and page rendering."""

from __future__ import annotations

import hmac
import os
from pathlib import Path

import jinja2
import jinja2.bccache

import wom_site
from wom_site.brand import brand_of
from wom_site.search import BUNDLE, SEARCH_PAGE, enabled as search_enabled
from wom_site.diagnostics import Problem
from wom_site import i18n
from wom_site.i18n import Translator
from wom_site.site import BODY_FIELDS, Page, Site
from wom_site.urls import Urls, tags_index_path

BODY_ATTRIBUTES = frozenset(BODY_FIELDS) | {"html"}


class Environment(jinja2.Environment):
    """Notes when a template reads what only a post's own page is meant to show (its body, see
    site.BODY_FIELDS) of a post other than `own`, the one the page is about: a build may then
    remake a post's own page alone when only its body changes (see snapshot.py)."""

    own: object = None  # the post the page being rendered is about, if any
    foreign_read = False
    i18n: Translator | None = None  # the language of the page being rendered (speak)
    translators: dict = {}  # language -> Translator: every language of a multilingual site

    def speak(self, language: str | None) -> None:
        """Render the next page in `language` (a page's context "lang"), or the site's own."""
        self.i18n = self.translators.get(language) or self.translators.get(None)

    def getattr(self, obj, attribute):
        if attribute in BODY_ATTRIBUTES and obj is not self.own and isinstance(obj, Page):
            self.foreign_read = True
        # Jinja's own getattr, inline: templates call it for every `a.b`, and a call to super()
        # here made rendering 9% slower
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)

    def getitem(self, obj, argument):
        if argument in BODY_ATTRIBUTES and obj is not self.own and isinstance(obj, Page):
            self.foreign_read = True
        return super().getitem(obj, argument)


class SignedBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept in .wom-cache/templates/, each signed with a key of this user's
    (outside the site): Jinja reads a cached template with pickle and marshal, so a file planted
    in a shared or downloaded .wom-cache/ would run as code. An unsigned or altered file is
    ignored (the template is compiled again); without a key, nothing is kept on disk."""

    def __init__(self, directory: str):
        super().__init__(directory)
        self.key = _signing_key()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if self.key is None:
            return
        try:
            with open(self._get_cache_filename(bucket), "rb") as f:
                signed = f.read()
        except OSError:
            return
        mac, data = signed[:32], signed[32:]
        if len(mac) == 32 and hmac.compare_digest(mac, hmac.digest(self.key, data, "sha256")):
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if self.key is None:
            return
        data = bucket.bytecode_to_string()
        try:
            name = self._get_cache_filename(bucket)
            with open(f"{name}.{os.getpid()}.tmp", "wb") as f:
                f.write(hmac.digest(self.key, data, "sha256") + data)
            os.replace(f"{name}.{os.getpid()}.tmp", name)
        except OSError:
            pass


def _signing_key() -> bytes | None:
    """This user's key for signing cached templates ($XDG_CACHE_HOME/wom-site/template-key, 0600)."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "wom-site"
    path = folder / "template-key"
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:  # two first builds at once: the last key wins, the other's files fail to verify once
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        scratch = folder / f"template-key.{os.getpid()}"
        with os.fdopen(os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
            f.write(os.urandom(32))
        os.replace(scratch, path)
        return path.read_bytes()
    except OSError:
        return None


def make_environment(template_dirs: tuple[Path, ...], globals_: dict, bytecode_dir: Path | None = None,
                     translator: Translator | None = None, others: tuple[Translator, ...] = ()) -> Environment:
    """`translator`: the language templates speak (`_()`, `ngettext()`, `{% trans %}` and the
    `date` filter); English when None. `bytecode_dir`: where compiled templates are kept between builds (Jinja checks each
    against its source), so a build that renders a few pages does not compile every template."""
    bytecode = None
    if bytecode_dir is not None:
        try:
            bytecode_dir.mkdir(parents=True, exist_ok=True)
            bytecode = SignedBytecodeCache(str(bytecode_dir))
        except OSError:
            bytecode = None
    env = Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        bytecode_cache=bytecode,
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a typo in a template is an error, not a blank
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True  # {% trans %} blocks' line breaks are not the translators' business
    env.filters["isodate"] = lambda value: value.isoformat() if value else ""
    env.globals.update(globals_)
    install_translator(env, translator or i18n.translator("en"), others)
    return env


def install_translator(env: Environment, translator: Translator, others: tuple[Translator, ...] = ()) -> None:
    """Templates speak `translator`'s language, or one of `others` for a page whose context
    says so (Environment.speak). Newstyle gettext escapes its result when autoescaping and
    fills %(name)s from keyword arguments (ngettext's count is `num`)."""
    env.translators = {None: translator, **{t.language: t for t in others}}
    env.i18n = translator
    env.install_gettext_callables(lambda message: env.i18n.gettext(message),
                                  lambda singular, plural, n: env.i18n.ngettext(singular, plural, n), newstyle=True,
                                  pgettext=lambda context, message: env.i18n.pgettext(context, message),
                                  npgettext=lambda context, s, p, n: env.i18n.npgettext(context, s, p, n))
    env.filters["date"] = lambda value, style="long": env.i18n.format_date(value, style)
    env.filters["number"] = lambda value: env.i18n.format_number(value)
    env.filters["quoted"] = lambda text: env.i18n.quoted(text)
    env.globals["lang"] = translator.language  # a page in another language has its own in its context
    env.globals["dir"] = translator.direction


def template_problem(error: Exception, template_dirs: tuple[Path, ...]) -> Problem:
    """A template error as `themes/.../x.html:LINE: message`."""
    name = getattr(error, "filename", None) or getattr(error, "name", None) or "template"
    line = getattr(error, "lineno", None)
    if isinstance(error, jinja2.UndefinedError) or not line:
        name, line = _frame_of(error, name, line)
    return Problem(_shorten(str(name)), line, f"template error: {getattr(error, 'message', None) or error}")


def _frame_of(error: Exception, name, line):
    """Find the template frame in the traceback (Jinja rewrites them to the template file)."""
    tb = error.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt")):
            name, line = filename, tb.tb_lineno
        tb = tb.tb_next
    return name, line


def _shorten(path: str) -> str:
    marker = "/themes/"
    return "themes/" + path.split(marker, 1)[1] if marker in path else path


def template_globals(site: Site, asset_urls: dict[str, str]) -> dict:
    """What every template sees: the site's title, menu, business, feed URLs... and `asset()`."""
    config, urls = site.config, site.urls
    brand = brand_of(config)

    def asset(logical: str) -> str:
        return asset_urls.get(logical) or urls.path(logical)

    return {
        "site": {
            "title": config.title,
            "description": config.description,
            "language": config.language,
            "base_url": config.base_url,
            "home_url": urls.path(site.local("")),
            "logo_url": asset(brand.logo.lstrip("/")) if brand.logo else "",
            "menu": [{"title": m.title, "url": _menu_url(urls, m.url)} for m in config.menu],
            "business": config.business,
            "social": config.social,
            "theme_color": brand.color,
            "brand_css": asset_urls.get("css/brand.css", ""),  # "": the theme's own colours
            "feed_atom": urls.path(site.local("feeds/all.xml")) if config.feeds.atom else "",
            "feed_json": urls.path(site.local("feeds/all.json")) if config.feeds.json else "",
            "tags_url": urls.path(site.local(tags_index_path(config.taxonomies.tags.permalink))),
            "archive_url": urls.path(site.local("archive/")),
            "customers_url": urls.path(site.local("customers/")),
            "search_url": urls.path(site.local(SEARCH_PAGE)) if search_enabled(config) else "",  # "": no search box
            "search_bundle_url": urls.path(BUNDLE),  # one bundle: Pagefind picks each language's index by <html lang>
            "year": site.now.year,
            "generator": f"wom-site {wom_site.__version__}",
        },
        "extra": config.extra,
        "asset": asset,
    }


def _menu_url(urls: Urls, url: str) -> str:
    return url if "://" in url or url.startswith(("mailto:", "tel:")) else urls.path(url.lstrip("/"))
