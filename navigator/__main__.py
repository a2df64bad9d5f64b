"""`python -m navigator` runs the same command as the `navigator` script."""

import sys

from navigator.cli import main

sys.exit(main())
