"""Option bundles shared by several commands."""
from __future__ import annotations

import os

import click

DEFAULT_STORE = os.environ.get("KG_STORE", ".kg/store")


def store_option(func):
    return click.option("--store", "store", default=DEFAULT_STORE, show_default=True,
                        type=click.Path(file_okay=False), envvar="KG_STORE",
                        help="Folder of the on-disk graph store (env KG_STORE).")(func)


def format_option(*choices: str, default: str | None = None):
    def decorate(func):
        return click.option("--format", "fmt", type=click.Choice(choices), default=default or choices[0],
                            show_default=True, help="Output format; json is for scripts.")(func)
    return decorate
