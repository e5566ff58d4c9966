import sys

from dhr_desk.cli import main

sys.exit(main())
