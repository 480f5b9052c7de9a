"""The check of `tender build --no-pdf`, run in a forked process while the
site is built.

A module of its own, apart from `checker`, so that the parent process does
not import the rules (about a third of a second on the 50-policy
benchmark): the fork is taken first, the child imports the checker and the
rules on the other core, and the parent goes on with what the site needs
(the project, the pages, mkdocs).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .findings import Finding


class BackgroundCheck:
    """`check_project(root)`'s findings, worked out in a forked process while
    this one goes on (`tender build --no-pdf` builds the site meanwhile, into
    its temporary folder, and swaps it in only once the check has passed).

    Why: on a 2-core machine the check and mkdocs each keep one core busy;
    run one after the other, the check costs a preview build about half again
    the time of a plain mkdocs build. None where the machine cannot fork or
    has one core: the caller then checks first, as always."""

    def __init__(self, root: Path):
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        self._root = Path(root)
        self._recv, send = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_check_into, args=(Path(root), send), daemon=True)
        self._proc.start()
        send.close()
        self._findings: list[Finding] | None = None

    @classmethod
    def start(cls, root: Path) -> BackgroundCheck | None:
        import multiprocessing

        if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return None
        return cls(root)

    def findings(self) -> list[Finding]:
        """Wait for the check; a check that died (killed, out of memory) is
        done again here, so no build ever goes on unchecked."""
        if self._findings is None:
            try:
                found = self._recv.recv()
            except (EOFError, OSError):
                found = None
            finally:
                self._recv.close()
                self._proc.join()
            if found is None:
                from .checker import check_project

                found = check_project(self._root).findings
            self._findings = found
        return self._findings


def _check_into(root: Path, send: Any) -> None:
    """The forked check. Whatever goes wrong here is said by the check the
    parent then runs itself (one place reports failures, never a traceback
    from a helper process)."""
    try:
        from .checker import check_project

        found = check_project(root).findings
    except BaseException:  # noqa: BLE001 - the parent checks again and reports
        found = None
    try:
        send.send(found)
    finally:
        send.close()
