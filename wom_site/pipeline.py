"""The full build: every stage from the sources to output/, one line a stage (docs/architecture.md).

build.py runs it when the last build's record says there is more to do than nothing or posts'
bodies. Reading happens at the start (run.start), writing at the end (publish.publish); the
stages between take plain data and return plain data. The helpers below `full_build` give its
stages their inputs from the Run; they hold no logic of their own.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from wom_site.activecontent import sanitized
from wom_site.brand import brand_warning
from wom_site.cached import assemble_site, parse_all, render_bodies
from wom_site.content import SourceFile
from wom_site.diagnostics import Problem
from wom_site.held_back import held_back
from wom_site.outputs import Inputs
from wom_site.outputs.registry import every_output
from wom_site.pages import PageImages, alias_clashes, plan_pages
from wom_site.publish import problem_order, publish, remember
from wom_site.rhythm import newest_per_kind, published_posts
from wom_site.run import BuildResult, Rendering, Run
from wom_site.share_images import share_images
from wom_site.site import select_entries, selection_window
from wom_site.snapshot import Snapshot
from wom_site.search import missing_binary_problems
from wom_site.stages import language_problems, post_language_problems, without_markdown
from wom_site.translations import other_languages


def full_build(run: Run, sources: list[SourceFile], progress) -> BuildResult:
    """Every stage, from the sources run.start read to output/ and the record of this build."""
    entries, problems = parse_all(sources, run.config, run.cache, run.site_dir, run.variables)
    problems += site_problems(run) + post_language_problems(run.site_dir, run.config, entries)
    chosen, digests = choose(run, entries), {source.path: source.digest for source in sources}
    del entries, sources  # the unpublished entries, and every source's bytes
    bodies = bodies_of(run, chosen, progress)  # Markdown to HTML, in the pool; cached by content
    chosen = chosen.without_markdown()  # 60-90 MB at 10,000 posts
    sites, body_problems = assemble(run, chosen, bodies)
    site = sites[run.config.language]  # the default language's (the only one of most sites)
    images, photos, cards = images_of(run, sites, problems)  # share images, photos, cards to draw
    jobs = plan_pages(site, images, run.theme.templates())
    jobs, voices = in_every_language(run, sites, jobs, photos, cards, problems)
    files, clashes = every_output(outputs_inputs(run, sites, images, jobs, photos, cards, voices, problems))
    problems += clashes + alias_clashes(site)
    made, stats = publish(run, files, sites, problems + body_problems, progress)
    problems += made.problems
    warnings = sorted(set(problems + body_problems), key=problem_order)
    snap = snapshot(run, sites, chosen, digests, images, len(jobs), body_problems, problems, made.foreign)
    remember(run, made, len(jobs), warnings, chosen.held, chosen.newest, chosen.window, snap)
    rendering = Rendering(site, images, run.theme, run.asset_urls, run.selection)
    return run.result(stats, len(jobs), warnings, chosen.held, made.rendered, rendering, chosen.newest)


@dataclass(frozen=True)
class Chosen:
    """The entries this build publishes, and what it says of the others."""

    entries: list  # content.Entry, published
    awaiting: list  # content.Entry: stories waiting for their customer's approval
    held: list  # record.Held: what is not published, and why (said after the build)
    newest: tuple  # the newest published post of each kind (the posting rhythm's overdue line)
    window: tuple  # site.selection_window: the span of "now" this choice holds for

    def without_markdown(self) -> Chosen:
        return dataclasses.replace(self, entries=without_markdown(self.entries), awaiting=without_markdown(self.awaiting))


def site_problems(run: Run) -> list[Problem]:
    """What the build says of the site as a whole: its language, search, variables, brand (a
    post's own warnings, unknown front-matter keys among them, come with it from parsing)."""
    return (language_problems(run.site_dir, run.config) + missing_binary_problems(run.config) + run.variable_problems
            + brand_warning(run.config))


def choose(run: Run, entries: list) -> Chosen:
    """select_entries: drafts, future posts and stories awaiting approval stay out."""
    published, awaiting = select_entries(entries, run.config, run.now, run.selection)
    return Chosen(published, awaiting, held_back(entries, run.config, run.now, run.selection),
                  newest_per_kind(published_posts(published, run.now)), selection_window(entries, run.now))


def bodies_of(run: Run, chosen: Chosen, progress) -> dict:
    """Each published entry's body as HTML, by the entry's digest."""
    return render_bodies(chosen.entries, run.config, run.urls.base_path, run.cache, run.site_dir, progress, run.variables)


def assemble(run: Run, chosen: Chosen, bodies: dict) -> tuple[dict, list[Problem]]:
    """One Site per language, the default's first."""
    return assemble_site(chosen.entries, bodies, run.config, run.now, run.known_files, chosen.awaiting, run.cache)


def images_of(run: Run, sites: dict, problems: list[Problem]) -> tuple:
    """The default language's share images, its cleaned photos and the cards to draw (share_images.py)."""
    site = sites[run.config.language]
    return share_images(site, run.site_dir, run.assets, run.site_static, run.cache, problems)


def in_every_language(run: Run, sites: dict, jobs: list, photos, cards: dict, problems: list[Problem]) -> tuple[list, tuple]:
    """The default language's pages and every other language's (translations.py), and those
    languages as Voices (for generators that plan pages of their own)."""
    translated, voices = other_languages(sites, jobs, run.site_dir, photos, problems, run.cache, cards, run.theme.templates(),
                                         run.asset_urls, run.assets, run.site_static)
    return jobs + translated, voices


def outputs_inputs(run: Run, sites: dict, images: PageImages, jobs: list, photos, cards: dict, voices: tuple,
                   problems: list[Problem]) -> Inputs:
    """What the generators of outputs/ read (`problems` gets what sanitizing files beside posts removed)."""
    site, *others = sites.values()
    return Inputs(site, images, tuple(jobs), run.site_dir, run.static, frozenset(run.site_static), tuple(run.assets),
                  photos.files, cards, tuple(others), sanitized=sanitized(run.assets, run.site_dir, problems), voices=voices)


def snapshot(run: Run, sites: dict, chosen: Chosen, digests: dict, images: PageImages, pages: int,
             body_problems: list[Problem], problems: list[Problem], foreign: set) -> Snapshot | None:
    """The site a later build that changes only bodies starts from (snapshot.py); one language only."""
    if len(sites) != 1:
        return None
    return Snapshot(run.environment, chosen.window, digests, sites[run.config.language], images, pages, body_problems,
                    problems, chosen.awaiting, not foreign)
