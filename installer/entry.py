"""The bundle's `facepay` binary: the same CLI as the installed package."""

import multiprocessing

from pos_app.cli.main import main

if __name__ == "__main__":
    # uvicorn with --workers > 1 starts processes by re-running this binary.
    multiprocessing.freeze_support()
    raise SystemExit(main())
