"""``python -m trienkhai.textmine`` — see :mod:`trienkhai.textmine.cli`."""

import sys

from trienkhai.textmine.cli import cli_main

if __name__ == "__main__":
    sys.exit(cli_main(sys.argv[1:]))
