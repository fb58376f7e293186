"""The `wom` command: parse arguments (cli_options.py), call the library, map errors to exit status.

Exit status: 0 ok, 1 content or config errors, 2 usage (including refused paths).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from pathlib import Path

from wom_site.cli_options import FIRST_HOUR, _parser
from wom_site.config import ConfigError
from wom_site.diagnostics import BuildFailed, UnsafePath
from wom_site.locks import Busy


class UsageError(Exception):
    """A command line (or its environment) that cannot be run as given: exit status 2."""


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
