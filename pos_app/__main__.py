from pos_app.cli.main import main

raise SystemExit(main())
