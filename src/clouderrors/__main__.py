"""`python -m clouderrors explain CODE`, `python -m clouderrors list`: see clouderrors/_cli.py."""

import sys

from clouderrors._cli import main

sys.exit(main())
