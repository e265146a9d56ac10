"""The contact search behind `!kontakt <suche>`: the one matcher over the directory's words.

People type without umlauts (`Mueller`, `Muller`), with `ss` for `ß`, without hyphens
(`horn bad meinberg`), with typos (`Lemgoo`), half words (`serv` for Serviceportal) and in
any word order; commands.parsing.fuzzy tolerates all of it, the same way as `!wer`. Every
typed word must match the entry's name, municipality, role or a topic (AND), so adding a
word narrows the result; a match in the name counts most.

The directory's distinct texts and words are indexed once per change, not per search: the
index is kept in memory per database and network and reused while the network's contact
mark (storage.search_marks) is unchanged, so a search costs one primary-key read, the
matching, and reading the shown entries.
"""

from __future__ import annotations

import asyncio
import heapq
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from commands.parsing.fuzzy import Index, IndexCache, Text, query_words, words
from storage import contacts, search_marks
from storage.records import ContactRecord, SearchableContact

FIELD_WEIGHTS = {"name": 1.0, "municipality": 0.95, "topics": 0.9, "role": 0.8}
"""How much a match in each field counts."""


@dataclass(frozen=True, slots=True)
class Directory:
    """A network's contact index and each entry's place in German name order (for ties)."""

    index: Index
    order: dict[int, int]


_CACHE: IndexCache[int, Directory] = IndexCache()
"""Per database engine and network id: the directory index and the mark it was built under."""


async def find(
    session: AsyncSession, network_id: int, query: str, *, limit: int = 20
) -> list[ContactRecord]:
    """Entries matching `query` (name, municipality, role, topic), best first.

    A whole Matrix id or e-mail address finds its entry exactly. Equal scores are in German
    name order. Full records only for the hits returned.
    """
    text = query.strip()
    if limit <= 0 or not text:
        return []
    if contacts.ADDRESS.fullmatch(text):
        return await contacts.by_address(session, network_id, text)
    typed = query_words(text)
    if not typed:
        return []
    directory = await _directory(session, network_id)
    order = directory.order
    best = heapq.nsmallest(
        limit, directory.index.rank(typed).items(), key=lambda hit: (-hit[1], order[hit[0]])
    )
    records = await contacts.by_ids(session, network_id, [key for key, _score in best])
    return [records[key] for key, _score in best if key in records]


async def _directory(session: AsyncSession, network_id: int) -> Directory:
    """The network's index: from memory while the mark holds, else read and built anew."""
    database = session.get_bind()
    mark = await search_marks.current(session, search_marks.CONTACTS, network_id)
    held = _CACHE.get(database, network_id, mark)
    if held is None:
        entries = await contacts.searchable(session, network_id)
        held = await asyncio.to_thread(build, entries)  # 0.1–0.3 s at 10,000: off the loop
        _CACHE.put(database, network_id, mark, held)
    return held


def build(entries: Sequence[SearchableContact]) -> Directory:
    """One text per distinct name, municipality, role and topic, with its entries' ids."""
    by_field: dict[str, defaultdict[str, list[int]]] = {
        field: defaultdict(list) for field in FIELD_WEIGHTS
    }
    for entry in entries:
        by_field["name"][entry.name].append(entry.id)
        if entry.municipality:  # a draft may have a name but no municipality yet
            by_field["municipality"][entry.municipality].append(entry.id)
        if entry.role:
            by_field["role"][entry.role].append(entry.id)
        for topic in dict.fromkeys(entry.topics):
            by_field["topics"][topic].append(entry.id)
    texts = [
        Text(text, FIELD_WEIGHTS[field], keys)
        for field, by_text in by_field.items()
        for text, keys in by_text.items()
    ]
    # Name order by folded words, so Ärger sorts with Arger, as in storage.collation.
    named = sorted(entries, key=lambda entry: (words(entry.name), entry.name, entry.id))
    return Directory(Index(texts), {entry.id: place for place, entry in enumerate(named)})
