"""The `wom` command: parse arguments, call the library, map errors to exit status.

Exit status: 0 ok, 1 content or config errors, 2 usage (including refused paths).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import wom_site
from wom_site.config import ConfigError
from wom_site.diagnostics import BuildFailed, UnsafePath


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wom", description="Build word-of-mouth sites from Markdown stories and tips.")
    parser.add_argument("--version", action="version", version=f"wom-site {wom_site.__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for unexpected errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build the site into output/", description="Build the site into its output folder.")
    _build_arguments(build)
    build.add_argument("--output", type=Path, help="output folder (default: site.yaml's output, 'output')")
    build.add_argument("--quiet", action="store_true", help="print errors only")
    build.add_argument("--no-cache", action="store_true", help="ignore and do not write .wom-cache/")

    init = commands.add_parser("init", help="create a new site in DIR", description="Create a new site that builds at once.")
    init.add_argument("directory", type=Path)

    new = commands.add_parser("new", help="write a new story, tip or page", description="Write content/<kind>/<slug>.md with its front matter filled in.")
    new.add_argument("kind", choices=["story", "tip", "page"])
    new.add_argument("title")
    new.add_argument("--source", type=Path, default=Path("."), help="the site folder (default: .)")
    return parser


def _build_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", type=Path, default=Path("."), help="the site folder holding site.yaml (default: .)")
    parser.add_argument("--drafts", action="store_true", help="include drafts and stories awaiting approval")
    parser.add_argument("--future", action="store_true", help="include posts dated in the future")
    parser.add_argument("--base-url", help="override site.yaml's base_url")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    try:
        return COMMANDS[args.command](args)
    except (BuildFailed, ConfigError) as failure:
        _report(failure.problems)
        return 1
    except UnsafePath as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - a person gets one line, a developer --debug
        if args.debug:
            raise
        print(f"error: {type(error).__name__}: {error} (run with --debug for details)", file=sys.stderr)
        return 1


def _report(problems) -> None:
    errors = [p for p in problems if p.is_error]
    for problem in problems:
        print(problem, file=sys.stderr)
    if errors:
        print(f"build failed: {len(errors)} error(s); the previous output was left as it was", file=sys.stderr)


def cmd_build(args) -> int:
    from wom_site.build import BuildOptions, build
    from wom_site.progress import BuildProgress, report_build

    options = BuildOptions(source=args.source, output=args.output, drafts=args.drafts, future=args.future,
                           base_url=args.base_url, use_cache=not args.no_cache)
    progress = BuildProgress.for_terminal(args.quiet)
    try:
        result = build(options, progress)
    finally:
        progress.close()
    report_build(result, quiet=args.quiet)
    return 0


def cmd_init(args) -> int:
    from wom_site.scaffold import init_site

    init_site(args.directory)
    print(f"created a new site in {args.directory}: cd {args.directory} && wom build")
    return 0


def cmd_new(args) -> int:
    from wom_site.scaffold import new_content

    path = new_content(args.source, args.kind, args.title)
    print(f"wrote {path}")
    return 0


COMMANDS = {"build": cmd_build, "init": cmd_init, "new": cmd_new}
