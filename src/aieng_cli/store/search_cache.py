"""The compiled search index: its own cache file beside the compiled knowledge base."""

from __future__ import annotations

import marshal
import zlib
from pathlib import Path

from aieng_cli.core.search import SearchIndex, build_index
from aieng_cli.errors import UnreadableInput
from aieng_cli.store.atomic import atomic_write
from aieng_cli.store.kb_cache import cache_path, cache_signature, open_knowledge, prune_caches
from aieng_cli.store.knowledge_files import knowledge_sources

SEARCH_MAGIC = b"AIENGSI\x03"  # then a CRC-32 of the rest: a damaged file is found, never served


def _crc(data: bytes) -> bytes:
    return zlib.crc32(data).to_bytes(4, "little")


def open_search_index(warnings: list[str], extra: list[Path] | None = None) -> SearchIndex:
    """The search index, from its own cache file beside the compiled knowledge base when that is
    fresh (same sources, same version), else built from the knowledge base and cached.

    Its own file, so that building it (every word of every entry stemmed) is paid by the first
    search, not by every lookup or validation that rebuilds the knowledge-base cache.
    """
    sources = knowledge_sources(extra or [])
    try:
        signature = cache_signature(sources)
    except OSError as error:
        raise UnreadableInput(f"Cannot read the knowledge base: {error}.") from None
    path = cache_path(sources, "search")
    try:
        raw = path.read_bytes()
        payload = raw[len(SEARCH_MAGIC) + 4 :]
        if raw.startswith(SEARCH_MAGIC) and raw[len(SEARCH_MAGIC) : len(SEARCH_MAGIC) + 4] == _crc(payload):
            stored, row = marshal.loads(payload)
            if stored == signature:
                return SearchIndex.from_row(row)
        elif raw:
            warnings.append(f"Ignoring the unreadable cache {path}; it is rebuilt.")
    except FileNotFoundError:
        pass
    except (OSError, EOFError, ValueError, TypeError) as error:
        warnings.append(f"Ignoring the unreadable cache {path} ({error or error.__class__.__name__}); it is rebuilt.")
    index = build_index(open_knowledge(warnings, extra))
    try:
        payload = marshal.dumps((signature, index.to_row()))
        atomic_write(path, SEARCH_MAGIC + _crc(payload) + payload, durable=False)
    except OSError as error:
        warnings.append(f"Cannot write the cache {path} ({error.strerror}); searches will be slower.")
    else:
        prune_caches(path)
    return index
