"""Pages: one Output per planned page (pages.plan_pages), rendered by Jinja in the process pool."""

from __future__ import annotations

from collections.abc import Iterator

from wom_site.outputs import Inputs, Output
from wom_site.pages import LazyJob, PageJob
from wom_site.site import Page


def rendered_in_pool(job: PageJob | LazyJob) -> bytes:
    """A page's `make`: the loop renders pages together, in the process pool (render.render_jobs)."""
    raise RuntimeError(f"{job.output} is rendered by the loop's template renderer, not one by one")


def generate(inputs: Inputs) -> Iterator[Output]:
    for job in inputs.jobs:
        yield page_output(job)


def page_output(job: PageJob | LazyJob) -> Output:
    page = job.page if isinstance(job, LazyJob) else job.context.get("page")
    if isinstance(page, Page):
        origin = page.entry.source
        label = origin + (" (an alias)" if job.template == "redirect.html" else "")
    else:
        origin, label = "", f"the generated page {job.template.removesuffix('.html')}"
    return Output(job.output, "page", rendered_in_pool, (job,), origin, label)
