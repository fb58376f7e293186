from wom_site.cli import run

raise SystemExit(run())
