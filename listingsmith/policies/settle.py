"""Pack data that lives as long as the process, kept out of the cyclic garbage collector.

The phrase index of a language (its matchers, the dictionaries its words were looked up in, the
rule sets and packs before it) is a few hundred thousand objects that never become garbage.
Python's collector still visits every one of them in each full collection: about 0.2 to 0.5 s
of CPU, due after every few thousand new objects survive (a catalogue's new texts fill the
reading and word caches), which is a quarter of what a new listing costs on average. `settle`
moves everything alive into the collector's permanent generation (`gc.freeze`) once such data
is built: reference counting still frees any of it that is dropped, only cycles among it are
no longer looked for. The young generations are collected first, so their garbage is not kept.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Keep what is alive now out of later collections (called when long-lived pack data was
    built: a bounded number of times per process, one per language's phrase index)."""
    gc.collect(1)
    gc.freeze()
