"""`python -m bench.wer`: see bench/wer/run.py's `main`."""

import sys

from .run import main

sys.exit(main())
