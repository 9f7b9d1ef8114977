"""Card states by card id, kept as the progress file's columns until a state is looked up."""

from collections.abc import Iterator, Mapping, MutableMapping
from functools import partial
from typing import NamedTuple

from aieng_cli.core.records import CardState, from_micros_column, to_micros


class CardColumns(NamedTuple):
    """Every card's state as parallel columns; times in UTC epoch microseconds."""

    id: list[str]
    state: list[str]
    step: list[int | None]
    stability: list[float]
    difficulty: list[float]
    due: list[int]
    last_review: list[int]
    reps: list[int]
    lapses: list[int]


class CardTable(MutableMapping[str, CardState]):
    """The card states of a progress, as a mapping from card id to CardState.

    Read from a file, the states stay the file's columns: a summary of every card (`progress`)
    reads `columns()` and never builds 10,000 CardState objects with two datetimes each. The first
    lookup or change builds them all, once, and from then on the table is a plain dict.
    """

    def __init__(self, states: Mapping[str, CardState] | None = None, columns: CardColumns | None = None) -> None:
        self._columns = columns if states is None else None
        self._states: dict[str, CardState] | None = None if self._columns is not None else dict(states or {})
        self._ids: set[str] | None = None  # the ids in the columns, for `in` before the states are built

    def columns(self) -> CardColumns:
        """The states as columns (the ones read, or built from the states when they have changed)."""
        if self._columns is not None:
            return self._columns
        rows = list(self.states().values())
        if not rows:
            return CardColumns([], [], [], [], [], [], [], [], [])
        ids, states, steps, stability, difficulty, due, last, reps, lapses = map(list, zip(*rows, strict=True))
        return CardColumns(
            ids,
            states,
            steps,
            stability,
            difficulty,
            list(map(to_micros, due)),
            list(map(to_micros, last)),
            reps,
            lapses,
        )

    def states(self) -> dict[str, CardState]:
        if self._states is None:
            assert self._columns is not None
            ids, states, steps, stability, difficulty, due, last, reps, lapses = self._columns
            rows = zip(
                ids,
                states,
                steps,
                map(float, stability),
                map(float, difficulty),
                from_micros_column(due),
                from_micros_column(last),
                reps,
                lapses,
                strict=True,
            )
            self._states = dict(zip(ids, map(partial(tuple.__new__, CardState), rows), strict=True))  # C speed
            self._columns = self._ids = None
        return self._states

    def __getitem__(self, card_id: str) -> CardState:
        return self.states()[card_id]

    def __setitem__(self, card_id: str, state: CardState) -> None:
        self.states()[card_id] = state

    def __delitem__(self, card_id: str) -> None:
        del self.states()[card_id]

    def __contains__(self, card_id: object) -> bool:
        if self._columns is not None:
            if self._ids is None:
                self._ids = set(self._columns.id)
            return card_id in self._ids
        return card_id in self.states()

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns.id if self._columns is not None else self.states())

    def __len__(self) -> int:
        return len(self._columns.id if self._columns is not None else self.states())

    def __repr__(self) -> str:
        return f"CardTable({len(self)} cards)"
