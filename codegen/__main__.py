"""`python -m codegen parse PATH` and `python -m codegen generate`: see codegen/cli.py."""

import sys

from codegen.cli import main

sys.exit(main())
