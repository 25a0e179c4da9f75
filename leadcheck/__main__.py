"""`python -m leadcheck`."""

from leadcheck.launch import main

main()
