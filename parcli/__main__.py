"""`python -m parcli`."""

import sys

from parcli.cli import main

sys.exit(main())
