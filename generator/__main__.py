"""`python -m generator` is the same as the `tender` command."""

from .cli import run

run()
