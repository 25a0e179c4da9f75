"""`python -m leadcheck`."""

from leadcheck.cli import main

main()
