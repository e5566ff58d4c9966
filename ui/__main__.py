"""``python -m ui`` starts the desktop app; also the entry script of the frozen build."""

import sys

from ui.app import main

sys.exit(main())
