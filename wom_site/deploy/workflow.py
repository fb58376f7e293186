"""The GitHub Actions workflow `wom init` writes: build the site, publish it with GitHub Pages.

It runs on every push to main, by hand (workflow_dispatch), and once a day, so a post
dated in the future goes live on its day without anyone pushing.
"""

from __future__ import annotations

from wom_site.deploy.requirements import REQUIREMENTS_PATH, InstallSource, requirements_text

WORKFLOW_PATH = ".github/workflows/wom.yml"
DAILY = "17 6 * * *"  # 06:17 UTC: off the hour, when GitHub's scheduler is least busy

WORKFLOW = """\
# Builds the site with wom and publishes it on GitHub Pages.
# In the repository's Settings > Pages, set "Source" to "GitHub Actions".
name: Publish the site

on:
  push:
    branches: [main]
  workflow_dispatch:
  schedule:
    - cron: "{cron}"  # daily, so posts dated in the future go live on their day

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install wom-site
        # requirements.txt records the wom-site that `wom init` ran with (a release, a git commit, a wheel)
        run: python -m pip install -r requirements.txt
      - name: Keep wom's cache and the last output between runs
        # so a run rebuilds only what changed (wom checks every kept file before trusting it)
        uses: actions/cache@v4
        with:
          path: |
            .wom-cache
            output
          key: wom-${{{{ github.run_id }}}}
          restore-keys: wom-
      - id: pages
        uses: actions/configure-pages@v5
      - name: Build
        # Pages' own address (github.io or your custom domain); remove --base-url to use site.yaml's.
        run: wom build --base-url "${{{{ steps.pages.outputs.base_url }}}}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: output

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""


def workflow_text() -> str:
    return WORKFLOW.format(cron=DAILY)


def init_files(source: InstallSource) -> dict[str, str]:
    """Files `wom init` adds to a new site for its workflow: relative path -> text."""
    return {WORKFLOW_PATH: workflow_text(), REQUIREMENTS_PATH: requirements_text(source)}
