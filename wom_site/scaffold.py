"""`wom init` and `wom new`: files that start a site or a post. They never overwrite."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from wom_site.config import load_config
from wom_site.deploy.requirements import WHEELS_FOLDER, InstallSource, installed_source
from wom_site.deploy.workflow import init_files
from wom_site.content import slugify
from wom_site.diagnostics import BuildFailed, Problem
from wom_site.i18n import N_, parse_locale, translator

SITE_YAML = """\
# The site's configuration: every key is documented in the wom-site README.
title: {title}
description: {description}
base_url: "https://example.com/"
language: {language}
timezone: UTC
author: "Your name"

stories:
  require_approval: true   # a story naming a customer needs customer.approved

brand:
  color: "#1f3a5f"         # links, buttons, the header, icons and social cards
  accent: "#f2b134"
  # logo: logo.png         # a file in static/: the header, the icons and the cards

share:
  cards: true              # draw a social card for pages without an image

menu:
  - {{title: {stories}, url: /stories/}}
  - {{title: {tips}, url: /tips/}}
  - {{title: {about}, url: /about/}}
"""
# What site.yaml says to readers, in the language `wom init --language` names (the starter posts
# are the writer's to replace, and stay English).
SITE_TEXTS = {"description": N_("Stories from our customers, and tips that help."),
              "stories": N_("Stories"), "tips": N_("Tips"), "about": N_("About")}

FIRST_STORY = """\
---
title: "How our first customer found us"
date: {date}
description: "A short story about the first customer who told a friend about us."
tags: [welcome]
customer:
  name: "Alex Example"
  company: "Example & Co"
  role: "Owner"
  quote: "They fixed it the same day and told me what it would cost before starting."
  approved: {day}
outcome: "Came back with two friends"
---

Write the story in the customer's words. What did they need, what did you do,
what changed for them? Ask them before you publish, and record the date they agreed
as `customer.approved`.

> [!quote]
> Quotable lines like this one get their own share links.
"""

FIRST_TIP = """\
---
title: "A first tip worth passing on"
date: {date}
description: "Tips are short, practical and easy to share."
tags: [welcome]
---

Share one thing your customers always ask you about.

## Why tips travel

People pass on what helps them. Keep each tip to one idea.
"""

ABOUT = """\
---
title: "About us"
description: "Who we are and how we collect our customers' stories."
---

Tell readers who you are, where to find you and how you ask customers before
telling their stories.
"""

GITIGNORE = "output/\n.wom-cache/\n"


def init_site(directory: Path, language: str = "en") -> InstallSource:
    """Write a new site into an empty `directory`; returns how its workflow installs wom-site."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise BuildFailed([Problem(str(directory), None, "is not empty: `wom init` only creates new sites (nothing was changed)")])
    if parse_locale(language) is None:
        raise BuildFailed([Problem("--language", None, f"{language!r} is not a language tag such as de, pt-BR or zh-Hant (nothing was created)")])
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    yesterday = now - dt.timedelta(days=1)
    files = {
        "site.yaml": site_yaml(directory.resolve().name.replace("-", " ").title() or "My site", language),
        "content/stories/first-story.md": FIRST_STORY.format(date=yesterday.isoformat(), day=yesterday.date().isoformat()),
        "content/tips/first-tip.md": FIRST_TIP.format(date=yesterday.isoformat()),
        "content/pages/about.md": ABOUT,
        "themes/default/README.md": "Files here override the default theme by path (templates/*.html, static/...).\n",
        "static/.gitkeep": "",
        ".gitignore": GITIGNORE,
    }
    source = installed_source()
    files.update(init_files(source))  # the deploy workflow a new site starts with, and what it installs
    for rel, text in files.items():
        path = directory / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if source.archive:  # the workflow installs this very file: it goes into the repository
        (directory / WHEELS_FOLDER).mkdir()
        shutil.copyfile(source.archive, directory / WHEELS_FOLDER / source.archive.name)
    return source


def site_yaml(title: str, language: str) -> str:
    """site.yaml for a new site: what readers see of it (menu, description) in `language`;
    values as JSON strings, which YAML reads as they are (quotes, colons, any script)."""
    _ = translator(language).gettext
    texts = {key: json.dumps(_(text), ensure_ascii=False) for key, text in SITE_TEXTS.items()}
    return SITE_YAML.format(title=json.dumps(title, ensure_ascii=False), language=language, **texts)  # a tag Babel parsed: letters, digits, - and _


# What `wom new` leaves for the writer to replace; `wom check` finds any that is still there.
STORY_PROMPT = "Write the story in the customer's words"
TIP_PROMPT = "Write the tip here"
PAGE_PROMPT = "Write the page here"
PLACEHOLDERS = (STORY_PROMPT, TIP_PROMPT, PAGE_PROMPT)

FRONT_MATTER = {
    "story": """\
---
title: {title}
date: {date}
slug: {slug}
draft: true
description: ""     # one or two sentences that make someone want to read it (link cards show them)
tags: []
customer:
  name: ""          # the customer's name, as they want it shown
  company: ""
  role: ""
  photo: ""         # a photo of them, with their permission: images/{slug}.jpg beside this file
  quote: ""         # one sentence they said, in their words, not yours
  approved:         # the date they agreed to this story being published, e.g. {day}
outcome: ""         # one line of what changed for them
---

""" + STORY_PROMPT + """: what they needed, what you did, what changed for them.

Before you publish, read the story to them and ask if you may publish it; record the day
they agreed as customer.approved, and remove draft: true.
""",
    "tip": "---\ntitle: {title}\ndate: {date}\nslug: {slug}\ndraft: true\ndescription: \"\"\ntags: []\n---\n\n"
           + TIP_PROMPT + ": one thing your customers always ask you about.\n",
    "page": "---\ntitle: {title}\nslug: {slug}\ndraft: true\ndescription: \"\"\n---\n\n" + PAGE_PROMPT + ".\n",
}
FOLDERS = {"story": "stories", "tip": "tips", "page": "pages"}


def new_content(site_dir: Path, kind: str, title: str) -> Path:
    config = load_config(site_dir)
    slug = slugify(title)
    if not slug:
        raise BuildFailed([Problem(title, None, "the title leaves nothing for a file name; use some letters or digits")])
    path = site_dir / "content" / FOLDERS[kind] / f"{slug}.md"
    if path.exists():
        raise BuildFailed([Problem(str(path), None, "already exists; nothing was overwritten")])
    now = dt.datetime.now(config.tz).replace(microsecond=0)
    import json

    text = FRONT_MATTER[kind].format(title=json.dumps(title, ensure_ascii=False), date=now.isoformat(), slug=slug, day=now.date().isoformat())
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as f:  # "x": never overwrite, even in a race
        f.write(text)
    return path
