"""`python -m notes2insight` runs the command line."""

from .cli import main

main()
