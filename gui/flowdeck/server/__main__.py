"""`python -m flowdeck.server`: the same program as the `flowdeck-gateway` script."""

import sys

from .main import main

sys.exit(main())
