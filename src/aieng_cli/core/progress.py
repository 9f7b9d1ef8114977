"""A learner's whole progress: scheduler settings, card states, the review log and card actions.

The review log and the card actions (suspend, bury, mark) are the history of record; card states
are a cache of replaying the log, kept so that loading stays cheap.
"""

from dataclasses import dataclass, field, replace

from aieng_cli.core.actions import CardAction
from aieng_cli.core.card_table import CardTable
from aieng_cli.core.records import InterviewRecord, ReviewLog
from aieng_cli.core.schedule import Settings, default_settings


@dataclass
class Progress:
    settings: Settings = field(default_factory=default_settings)
    cards: CardTable = field(default_factory=CardTable)
    reviews: ReviewLog = field(default_factory=ReviewLog)
    journal_applied: int = 0  # journal entries up to this number are already in the snapshot
    journal_pending: int = field(default=0, compare=False)  # entries read from or written to the journal since
    actions: list[CardAction] = field(default_factory=list)  # in time order
    interviews: list[InterviewRecord] = field(default_factory=list)  # oldest first

    def __post_init__(self) -> None:
        if not isinstance(self.cards, CardTable):
            self.cards = CardTable(self.cards)
        if not isinstance(self.reviews, ReviewLog):
            self.reviews = ReviewLog(self.reviews)

    def as_snapshot(self) -> "Progress":
        """The same history as one snapshot that owes nothing to a journal (for a copy elsewhere)."""
        return replace(self, journal_applied=0, journal_pending=0)
