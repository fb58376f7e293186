"""The `wom` command: parse arguments, call the library, map errors to exit status.

Exit status: 0 ok, 1 content or config errors, 2 usage (including refused paths).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import sys
from pathlib import Path

import wom_site
from wom_site.config import ConfigError
from wom_site.diagnostics import BuildFailed, UnsafePath
from wom_site.locks import Busy


class UsageError(Exception):
    """A command line (or its environment) that cannot be run as given: exit status 2."""


FIRST_HOUR = """\
Your first hour with wom:
  wom init my-site && cd my-site          create a site that builds at once
  wom new story "Rosa's new bike"          write a draft story: fill in the customer's words
  wom serve --drafts                      preview at http://127.0.0.1:8000/, reloading on every save
  wom check                               what would share badly: titles, images, links
  wom deploy ~/public_html                publish: a folder, user@host:/path, s3://bucket, git+URL

Every command: wom --help. One command, with examples: wom COMMAND --help.
"""

EXAMPLES = {
    "build": "  wom build\n  wom build --drafts --output /tmp/preview\n  wom build --base-url https://example.org/shop/blog/",
    "check": "  wom check\n  wom check --format json > report.json",
    "serve": "  wom serve --open\n  wom serve --drafts --future --port 8080",
    "init": "  wom init my-site && cd my-site && wom serve",
    "new": ('  wom new story "How Rosa got her van back"\n  wom new next "Oil the chain"   # the kind the rhythm says is due\n'
            '  wom new tip "Oil the chain before winter"\n  wom new page "Opening hours"'),
    "import": "  wom import jekyll ~/old-blog my-site\n  wom import wordpress export.xml my-site --download-images",
    "kit": "  wom kit rosa\n  wom kit content/stories/rosa.md --source my-site",
    "rhythm": "  wom rhythm\n  WOM_NOW=2026-12-24 wom rhythm --source my-site",
    "deploy": ("  wom deploy ~/public_html --dry-run\n  wom deploy deploy@example.com:/var/www/site\n"
               "  wom deploy git+git@github.com:me/my-site.git\n  wom deploy production   # a name under site.yaml's deploy:"),
}


def _command(commands, name: str, **kwargs) -> argparse.ArgumentParser:
    """A subcommand whose --help ends with examples."""
    return commands.add_parser(name, epilog="examples:\n" + EXAMPLES[name],
                               formatter_class=argparse.RawDescriptionHelpFormatter, **kwargs)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wom", description="Build word-of-mouth sites from Markdown stories and tips.",
                                     epilog=FIRST_HOUR, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"wom-site {wom_site.__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for unexpected errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = _command(commands, "build", help="build the site into output/", description="Build the site into its output folder.")
    _build_arguments(build)
    build.add_argument("--output", type=Path, help="output folder (default: site.yaml's output, 'output')")
    build.add_argument("--quiet", action="store_true", help="print errors only")
    build.add_argument("--verbose", action="store_true", help="list every warning (many of one kind are otherwise summed up)")
    build.add_argument("--no-cache", action="store_true", help="ignore and do not write .wom-cache/")
    build.add_argument("--keep-going", action="store_true",
                       help="publish every post that builds, list the others with the reason (exit status 1)")

    check = _command(commands, "check", help="report how ready the built site is to be shared",
                                description="Build the site, then check every page's share tags, images and links.")
    _build_arguments(check)
    check.add_argument("--output", type=Path, help="output folder (default: site.yaml's output)")
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument("--no-build", action="store_true", help="check the existing output without building")
    check.add_argument("--verbose", action="store_true", help="list every finding (many of one kind are otherwise summed up)")
    serve = _command(commands, "serve", help="preview the site; rebuild and reload on save",
                                description="Build into .wom-cache/serve/ (never output/), serve it, rebuild on every save "
                                            "and reload open pages.")
    serve.add_argument("--source", type=Path, default=Path("."), help="the site folder holding site.yaml (default: .)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--drafts", action="store_true", help="include drafts and stories awaiting approval")
    serve.add_argument("--future", action="store_true", help="include posts dated in the future")
    serve.add_argument("--open", action="store_true", help="open the site in the browser")

    init = _command(commands, "init", help="create a new site in DIR", description="Create a new site that builds at once.")
    init.add_argument("directory", type=Path)
    init.add_argument("--language", default="en", metavar="LANG",
                      help="the site's language (de, ja, ar, pt-BR...): site.yaml's language, menu and description in it")

    new = _command(commands, "new", help="write a new story, tip or page", description="Write content/<kind>/<slug>.md with its front matter filled in.")
    new.add_argument("kind", choices=["story", "tip", "page", "next"], help="next: the kind the posting rhythm says is due first")
    new.add_argument("title")
    new.add_argument("--source", type=Path, default=Path("."), help="the site folder (default: .)")

    imp = _command(commands, "import", help="make a wom site from a Jekyll, Hugo, Pelican or WordPress site",
                              description="Make a wom site in DEST from another generator's site folder, or from a "
                                          "WordPress export (WXR) file. Running it again over its own result is safe.")
    imp.add_argument("kind", choices=["jekyll", "hugo", "pelican", "wordpress"])
    imp.add_argument("source", type=Path, help="the site's folder (for wordpress: the export .xml file)")
    imp.add_argument("dest", type=Path, nargs="?", default=Path("."), help="the new site's folder (default: .)")
    imp.add_argument("--download-images", action="store_true",
                     help="wordpress: download the export's images (http(s) only, bounded in size and number)")

    kit = _command(commands, "kit", help="print a story's share-kit address and a message for its customer",
                              description="Print the address of a story's share kit (/stories/<slug>/kit/) and a short "
                                          "message to send the customer.")
    kit.add_argument("story", help="the story's slug or file, such as rosa or content/stories/rosa.md")
    kit.add_argument("--source", type=Path, default=Path("."), help="the site folder holding site.yaml (default: .)")
    kit.add_argument("--base-url", help="override site.yaml's base_url")

    rhythm = _command(commands, "rhythm", help="show the posting rhythm: the last months, gaps, what is due next",
                      description="Show, per collection, the posts of the last months, the gaps longer than site.yaml's "
                                  "rhythm, the customers featured, and when the next post is due.")
    rhythm.add_argument("--source", type=Path, default=Path("."), help="the site folder (default: .)")

    deploy = _command(commands, "deploy", help="build, then publish the site to TARGET",
                                 description="Build the site, then publish output/ to TARGET, uploading only what changed.")
    deploy.add_argument("target", help="a name under site.yaml's deploy:, or git+URL[#branch], s3://bucket[/prefix], user@host:/path, a folder or file:// URL")
    deploy.add_argument("--source", type=Path, default=Path("."), help="the site folder holding site.yaml (default: .)")
    deploy.add_argument("--dry-run", action="store_true", help="print what would be uploaded and deleted; change nothing")
    deploy.add_argument("--yes", action="store_true", help="allow deleting more than half of what the target holds")
    deploy.add_argument("--no-build", action="store_true", help="publish output/ as it is, without building first")
    deploy.add_argument("--endpoint-url", help="S3-compatible service (MinIO, Cloudflare R2, Backblaze B2)")
    _no_wait_argument(deploy)
    return parser


def _build_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", type=Path, default=Path("."), help="the site folder holding site.yaml (default: .)")
    parser.add_argument("--drafts", action="store_true", help="include drafts and stories awaiting approval")
    parser.add_argument("--future", action="store_true", help="include posts dated in the future")
    parser.add_argument("--base-url", help="override site.yaml's base_url")
    _no_wait_argument(parser)


def _no_wait_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-wait", action="store_true",
                        help="fail at once (exit status 1) when another wom is writing the same output folder or target")


def run() -> int:
    """The `wom` command (and `python -m wom_site`): main() in a process that ends with it.
    Its objects are left to the system then. The collector stays off, as a build keeps it while
    it runs: collecting a build's objects afterwards, or at exit, would walk every one of them
    (0.15 s at 10,000 posts). `wom serve`, which keeps running, turns it back on."""
    gc.disable()
    try:
        return main()
    finally:
        gc.freeze()  # frozen objects are not collected at exit


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:  # a first-time user typing `wom`: the usage line and what to do first
        print(parser.format_usage() + "\n" + FIRST_HOUR, end="")
        return 2
    try:
        return COMMANDS[args.command](args)
    except (BuildFailed, ConfigError) as failure:
        _report(failure.problems, building=args.command not in ("init", "new"),  # those two build nothing
                verbose=getattr(args, "verbose", False))
        return 1
    except (UnsafePath, UsageError) as error:  # each message begins with its place: `place: why`
        print(error, file=sys.stderr)
        return 2
    except Busy as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted" + (": the previous output was left as it was" if args.command in ("build", "check") else ""), file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - a person gets one line, a developer --debug
        if args.debug:
            raise
        print(f"error: {type(error).__name__}: {error} (run with --debug for details)", file=sys.stderr)
        return 1


def _report(problems, building: bool = True, verbose: bool = False) -> None:
    from wom_site.progress import print_problems

    errors = [p for p in problems if p.is_error]
    print_problems(problems, verbose)
    if errors and building:
        print(f"build failed: {len(errors)} error(s); the previous output was left as it was", file=sys.stderr)


def build_now() -> dt.datetime | None:
    """The build's "now": the clock, unless WOM_NOW gives another (an ISO date or date-time,
    UTC unless it has an offset), to see the site as it will be on that day, or in tests."""
    given = os.environ.get("WOM_NOW", "").strip()
    if not given:
        return None
    try:
        moment = dt.datetime.fromisoformat(given)
    except ValueError:
        from wom_site.i18n import tell

        raise UsageError(tell("WOM_NOW: %(given)r is not a date (write it as 2026-12-12 or "
                              "2026-12-12T09:00:00+01:00)") % {"given": given}) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def cmd_build(args) -> int:
    from wom_site.build import BuildOptions, build
    from wom_site.progress import BuildProgress, report_build

    options = BuildOptions(source=args.source, output=args.output, drafts=args.drafts, future=args.future,
                           base_url=args.base_url, use_cache=not args.no_cache, wait=not args.no_wait, now=build_now(),
                           keep_going=args.keep_going)
    progress = BuildProgress.for_terminal(args.quiet)
    try:
        result = build(options, progress)
    finally:
        progress.close()
    report_build(result, quiet=args.quiet, verbose=args.verbose, now=options.now)
    if result.errors:
        for problem in result.errors:
            print(problem, file=sys.stderr)
        files = sorted({p.path for p in result.errors})
        print(f"--keep-going: published what could be built; {len(result.errors)} error(s) in {len(files)} file(s) "
              "(a post whose front matter has an error is left out)", file=sys.stderr)
        return 1
    return 0


def cmd_check(args) -> int:
    import dataclasses

    from wom_site.build import BuildOptions, build, config_for
    from wom_site.check import Finding, build_finding, check_output, format_findings
    from wom_site.diagnostics import LEFT_AS_TEXT
    from wom_site.rhythm import silence_warning, site_posts
    from wom_site.unfinished import unfinished_findings

    now = build_now() or dt.datetime.now(dt.timezone.utc)
    options = BuildOptions(source=args.source, output=args.output, drafts=args.drafts, future=args.future,
                           base_url=args.base_url, wait=not args.no_wait, now=now)
    if args.no_build:
        config = config_for(args.source, options)  # --base-url validated, also without a build
        output = args.output or args.source / config.output
    else:
        result = build(options)  # which reads and validates site.yaml once
        config, output = result.config, result.output_dir
    if not output.is_dir():
        print(f"{output}: does not exist: build the site first", file=sys.stderr)
        return 1
    findings = check_output(output, config, now) + unfinished_findings(args.source, config, now, args.drafts)
    if not args.no_build:  # what only the sources show (an image whose alt text falls back to the title)
        # another generator's syntax a page shows as text (found when its post was read) fails the check
        findings += [build_finding(dataclasses.replace(problem, severity="error") if problem.code == LEFT_AS_TEXT else problem)
                     for problem in result.warnings]
    silence = silence_warning(config, site_posts(args.source, config, now), now)
    if silence:
        findings.append(Finding("warning", "site", silence))
    print(format_findings(findings, args.format, args.verbose))
    return 1 if any(f.severity == "error" for f in findings) else 0

def cmd_serve(args) -> int:
    from wom_site.serve import ServeOptions, serve

    gc.enable()  # a long-running process (see run())
    if not 0 <= args.port <= 65535:
        print(f"--port: {args.port} is not a port number (0-65535)", file=sys.stderr)
        return 2
    return serve(ServeOptions(source=args.source, host=args.host, port=args.port, drafts=args.drafts,
                              future=args.future, open_browser=args.open))


def cmd_init(args) -> int:
    from wom_site.scaffold import init_site

    source = init_site(args.directory, args.language)
    print(f"created a new site in {args.directory}: cd {args.directory} && wom build")
    print(f"requirements.txt: its GitHub workflow installs wom-site as you did ({source.how}): {source.requirement}")
    if source.archive:
        print(f"copied {source.archive.name} into wheels/: commit it with the site")
    if source.note:
        print(f"note: {source.note}")
    return 0


def cmd_new(args) -> int:
    from wom_site.scaffold import new_content

    kind, why = args.kind, ""
    if kind == "next":
        kind, why = _next_kind(args.source)
    path = new_content(args.source, kind, args.title)
    print(f"wrote {path}" + why)
    return 0


def _next_kind(site_dir: Path) -> tuple[str, str]:
    """The kind `wom new next` writes: the collection due first; a story without a rhythm."""
    from wom_site.config import load_config
    from wom_site.i18n import tell
    from wom_site.rhythm import KIND_NAMES, day, most_due, site_posts, statuses

    config = load_config(site_dir)
    now = build_now() or dt.datetime.now(dt.timezone.utc)
    due = most_due(statuses(config, site_posts(site_dir, config, now), now), now)
    if due is None or due.kind == "site":
        return "story", " " + tell("(a story: no collection has a rhythm in site.yaml)")
    kind = KIND_NAMES[due.kind]
    if due.due:
        return kind, " " + (tell("(the story due on %(day)s)") if kind == "story" else tell("(the tip due on %(day)s)")) % {"day": day(due.due)}
    return kind, " " + (tell("(the story due now)") if kind == "story" else tell("(the tip due now)"))


def cmd_rhythm(args) -> int:
    from rich.console import Console

    from wom_site.config import load_config
    from wom_site.i18n import tell
    from wom_site.rhythm import report_lines, site_posts, statuses

    config = load_config(args.source)
    now = build_now() or dt.datetime.now(dt.timezone.utc)
    found = statuses(config, site_posts(args.source, config, now), now)
    if not found:
        print(tell("no rhythm set: add one to site.yaml, such as") + "\n  rhythm:\n    stories: 1 month\n    tips: 2 weeks")
        return 0
    console = Console(highlight=False, soft_wrap=True)
    for text, style in report_lines(found, now):
        console.print(text, style=style or None, markup=False)
    return 0


def cmd_import(args) -> int:
    from wom_site.importer import ImportFailed

    try:
        from wom_site.importer import import_site

        report = import_site(args.kind, args.source, args.dest, download_images=args.download_images)
    except ModuleNotFoundError as missing:
        if missing.name not in ("defusedxml", "markdownify", "bs4"):
            raise
        print(f"wom import {args.kind}: needs {missing.name}: pip install 'wom-site[import]'", file=sys.stderr)
        return 1
    except ImportFailed as error:
        print(error, file=sys.stderr)
        return 1
    for line in report.lines():
        print(line)
    print(f"next: cd {args.dest} && wom build" + (" (then see the notes above)" if report.notes else ""))
    for line in report.failure_lines():  # what could be read was written: nothing is lost
        print(line, file=sys.stderr)
    return 1 if report.failed else 0


def cmd_deploy(args) -> int:
    from wom_site.deploy import DeployError, DeployOptions, deploy

    options = DeployOptions(target=args.target, source=args.source, dry_run=args.dry_run, yes=args.yes,
                            build=not args.no_build, endpoint_url=args.endpoint_url, wait=not args.no_wait)
    try:
        plan = deploy(options)
    except BuildFailed as failure:
        _report(failure.problems)
        print("nothing was deployed", file=sys.stderr)
        return 1
    except DeployError as error:
        print(error, file=sys.stderr)
        return 1
    if args.dry_run:
        for line in plan.lines():
            print(line)
        print(f"dry run, nothing was changed: {plan.summary(done=False)} -> {plan.target}")
    else:
        print(f"deployed to {plan.target}: {plan.summary()}" if plan.changes else f"{plan.target} is up to date: {plan.summary()}")
    return 0


def cmd_kit(args) -> int:
    from wom_site.build import BuildOptions, config_for
    from wom_site.kit_command import NoKit, kit_link

    config = config_for(args.source, BuildOptions(source=args.source, base_url=args.base_url))
    try:
        link = kit_link(args.source.resolve(), config, args.story)
    except NoKit as error:
        print(error, file=sys.stderr)
        return 1
    print(link.url)
    print()
    print(link.message)
    return 0


COMMANDS = {"import": cmd_import, "build": cmd_build, "serve": cmd_serve, "check": cmd_check, "deploy": cmd_deploy, "init": cmd_init, "new": cmd_new, "kit": cmd_kit, "rhythm": cmd_rhythm}
