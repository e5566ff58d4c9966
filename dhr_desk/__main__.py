"""python -m dhr_desk runs the command line."""

import sys

from dhr_desk.cli import main

sys.exit(main())
