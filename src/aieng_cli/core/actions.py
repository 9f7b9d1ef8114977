"""Card actions, Anki's card management: suspend, bury and mark, kept as events in the history.

An action is recorded with its time like an answer, and a card's flags are what its actions say
when replayed in time order; so actions travel with `progress export`/`import`, and merging two
histories in either order gives the same flags.
"""

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, tzinfo
from typing import NamedTuple

from aieng_cli.core.days import next_day_start

ACTIONS = ("suspend", "unsuspend", "bury", "unbury", "mark", "unmark")


class CardAction(NamedTuple):
    """One action on one card (`reason` says why aieng took it itself, e.g. "leech")."""

    card_id: str
    time: datetime
    action: str
    reason: str | None = None


class Flags(NamedTuple):
    suspended: bool = False
    buried_until: datetime | None = None
    marked: bool = False

    def buried(self, now: datetime) -> bool:
        return self.buried_until is not None and now < self.buried_until

    def hidden(self, now: datetime) -> bool:
        """Whether the card stays out of study sessions at `now`."""
        return self.suspended or self.buried(now)


NO_FLAGS = Flags()


def card_flags(actions: Iterable[CardAction], study_zone: tzinfo) -> dict[str, Flags]:
    """Each acted-on card's flags after all its actions; a bury lasts until the next study day."""
    flags: dict[str, Flags] = {}
    for action in sorted(actions, key=action_order):
        current = flags.get(action.card_id, NO_FLAGS)
        if action.action in ("suspend", "unsuspend"):
            current = current._replace(suspended=action.action == "suspend")
        elif action.action == "bury":
            current = current._replace(buried_until=next_day_start(action.time, study_zone))
        elif action.action == "unbury":
            current = current._replace(buried_until=None)
        else:
            current = current._replace(marked=action.action == "mark")
        flags[action.card_id] = current
    return flags


def hidden_cards(actions: Iterable[CardAction], study_zone: tzinfo, now: datetime) -> frozenset[str]:
    """The cards out of study sessions at `now` (suspended, or buried until a later study day)."""
    return frozenset(card for card, flags in card_flags(actions, study_zone).items() if flags.hidden(now))


def action_order(action: CardAction) -> tuple[datetime, str, int, str]:
    return (action.time, action.card_id, ACTIONS.index(action.action), action.reason or "")


def merge_actions(*histories: Iterable[CardAction]) -> list[CardAction]:
    """The union of action histories in time order, each action once (as for answers, an action
    one history holds n times is kept max(n) times): commutative and idempotent."""
    counts: Counter[CardAction] = Counter()
    for history in histories:
        for action, count in Counter(history).items():
            counts[action] = max(counts[action], count)
    return sorted(counts.elements(), key=action_order)
