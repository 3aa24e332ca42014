"""The frozen executables' entry point. One program, named by how it is started:
`flowdeck-gateway` (a symlink on Linux/macOS, its own console .exe on Windows) serves the
API; anything else (`flowdeck`, `flowdeck-cli`) is the window or, with a subcommand,
the command line (`flowdeck fetch ...`, `flowdeck gateway ...`)."""

import sys
from pathlib import Path

from flowdeck.launcher import gateway_main, main

if __name__ == "__main__":
    if Path(sys.argv[0]).stem.lower().endswith("gateway"):
        sys.exit(gateway_main())
    sys.exit(main())
