from wom_site.cli import main

raise SystemExit(main())
