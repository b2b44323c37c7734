"""`python -m app.cli` is the `polldesk` command."""

import sys

from app.cli import main

sys.exit(main())
