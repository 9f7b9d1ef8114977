"""Card management's figures: which cards an id names, a row per card, one card's full record."""

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from aieng_cli.core.actions import NO_FLAGS, CardAction, Flags, card_flags
from aieng_cli.core.cards import StudyCard, study_cards
from aieng_cli.core.knowledge import KnowledgeBase
from aieng_cli.core.names import suggest_names
from aieng_cli.core.progress import Progress
from aieng_cli.core.records import CardState, Review
from aieng_cli.core.schedule import LEECH_LAPSES, Reviewer, is_leech
from aieng_cli.errors import NotFound

FILTERS = ("due", "suspended", "buried", "leeches", "marked", "new")


@dataclass(frozen=True)
class CardRow:
    card: StudyCard
    name: str  # the term's name or the question
    state: CardState | None  # None: never studied
    flags: Flags
    leech: bool

    def due(self, now: datetime) -> bool:
        return self.state is not None and self.state.due <= now and not self.flags.hidden(now)


@dataclass(frozen=True)
class ReviewStep:
    """One answer in a card's history, with the interval until the due time it gave."""

    review: Review
    interval: timedelta


def entry_name(kb: KnowledgeBase, card: StudyCard) -> str:
    if card.kind == "question":
        return kb.questions[card.entry_id].question
    return kb.terms[card.entry_id].term


def card_rows(
    kb: KnowledgeBase, progress: Progress, zone: tzinfo, leech_threshold: int = LEECH_LAPSES
) -> list[CardRow]:
    """A row for every card of the knowledge base, in teaching order (`zone` a study zone)."""
    flags = card_flags(progress.actions, zone)
    states = progress.cards
    rows = []
    for card in study_cards(kb):
        state = states.get(card.id)
        leech = state is not None and is_leech(state, leech_threshold)
        rows.append(CardRow(card, entry_name(kb, card), state, flags.get(card.id, NO_FLAGS), leech))
    return rows


def select_rows(rows: list[CardRow], wanted: set[str], topic: str | None, now: datetime) -> list[CardRow]:
    """The rows `cards list` shows: studied cards (or, with "new", unstudied ones) that pass every
    filter in `wanted`."""
    chosen = []
    for row in rows:
        if topic is not None and row.card.topic != topic:
            continue
        if "new" in wanted:
            listed = row.state is None
        else:
            listed = row.state is not None or row.flags != NO_FLAGS  # a new card can be suspended too
        if listed and all(_passes(row, name, now) for name in wanted - {"new"}):
            chosen.append(row)
    return chosen


def _passes(row: CardRow, name: str, now: datetime) -> bool:
    flags = row.flags
    if name == "due":
        return row.due(now)
    if name == "suspended":
        return flags.suspended
    if name == "buried":
        return flags.buried(now)
    if name == "leeches":
        return row.leech
    return flags.marked


def cards_named(kb: KnowledgeBase, ids: list[str]) -> list[StudyCard]:
    """The cards each id names: a card id names itself, an entry id (term or question) all its
    cards; NotFound for an id that names none, with the closest ids."""
    cards = study_cards(kb)
    by_id = {card.id: card for card in cards}
    by_entry: dict[str, list[StudyCard]] = {}
    for card in cards:
        by_entry.setdefault(card.entry_id, []).append(card)
    chosen: list[StudyCard] = []
    for given in ids:
        wanted = given.strip().lower()
        named = kb.resolve(given) if wanted not in by_id and wanted not in by_entry else None
        wanted = named.id if named is not None else wanted
        found = [by_id[wanted]] if wanted in by_id else by_entry.get(wanted, [])
        if not found:
            names = {key: key for key in (*by_entry, *by_id)}
            close = suggest_names(names, wanted)
            hint = f"Did you mean: {', '.join(close)}?" if close else "Find entries with: aieng search WORDS"
            raise NotFound(f"No card or entry {given!r}.", hint)
        chosen.extend(card for card in found if card not in chosen)
    return chosen


def history_steps(progress: Progress, card_id: str) -> list[ReviewStep]:
    """Every answer `card_id` has had, each with the interval it gave (replayed, so exact)."""
    reviewer = Reviewer(progress.settings)
    state: CardState | None = None
    steps = []
    for review in sorted((r for r in progress.reviews if r.card_id == card_id), key=lambda r: r.time):
        state = reviewer.review(state, card_id, review.rating, review.time)
        steps.append(ReviewStep(review, state.due - review.time))
    return steps


def changes(cards: list[StudyCard], action: str, flags: dict[str, Flags], now: datetime) -> list[CardAction]:
    """The actions that do something: suspending a suspended card, say, changes nothing."""
    return [
        CardAction(card.id, now, action) for card in cards if not _already(flags.get(card.id, NO_FLAGS), action, now)
    ]


def _already(flags: Flags, action: str, now: datetime) -> bool:
    buried = flags.buried(now)
    done = {
        "suspend": flags.suspended,
        "unsuspend": not flags.suspended,
        "bury": buried,
        "unbury": not buried,
        "mark": flags.marked,
        "unmark": not flags.marked,
    }
    return done[action]
