"""A learner's whole progress: scheduler settings, card states and the review log.

The review log is the history of record; card states are a cache of replaying it, kept so that
loading stays cheap.
"""

from dataclasses import dataclass, field, replace

from aieng_cli.core.card_table import CardTable
from aieng_cli.core.records import ReviewLog
from aieng_cli.core.schedule import Settings, default_settings


@dataclass
class Progress:
    settings: Settings = field(default_factory=default_settings)
    cards: CardTable = field(default_factory=CardTable)
    reviews: ReviewLog = field(default_factory=ReviewLog)
    journal_applied: int = 0  # journal entries up to this number are already in the snapshot
    journal_pending: int = field(default=0, compare=False)  # entries read from or written to the journal since

    def __post_init__(self) -> None:
        if not isinstance(self.cards, CardTable):
            self.cards = CardTable(self.cards)
        if not isinstance(self.reviews, ReviewLog):
            self.reviews = ReviewLog(self.reviews)

    def as_snapshot(self) -> "Progress":
        """The same history as one snapshot that owes nothing to a journal (for a copy elsewhere)."""
        return replace(self, journal_applied=0, journal_pending=0)
