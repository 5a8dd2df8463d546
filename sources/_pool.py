"""Process pools on every core (private): for parsing files (:mod:`sources.ingest`) and annotating passages
(:mod:`corridors.annotate`), each with results in their input's order."""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.pool import Pool


def cores() -> int:
    """The number of cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def fork_pool(workers: int) -> Pool:
    """A pool of ``workers`` processes, forked where the platform can (the children inherit the catalogs and
    compiled rules already loaded), else started the platform's default way."""
    import multiprocessing  # here: importing this module costs nothing until a pool is wanted

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None).Pool(workers)
