"""An Anki deck as plain data: what render fills in and the store writes as an .apkg.

Anki matches notes by GUID on import, so every id here is derived from our ids and never random:
re-importing an updated export updates the notes instead of duplicating them.
"""

from dataclasses import dataclass, field

TERM_MODEL_ID = 1732105601  # fixed forever: Anki keys note types and decks by these integers
QUESTION_MODEL_ID = 1732105602
DECK_ID = 1732105603
DECK_NAME = "AI engineering (aieng)"


@dataclass(frozen=True)
class AnkiTemplate:
    """One card a note makes: its name and the front and back templates."""

    name: str
    front: str
    back: str


@dataclass(frozen=True)
class AnkiModel:
    """A note type: its fields and its card templates (a term's note makes two cards: recall
    and reverse, like aieng's own quiz)."""

    id: int
    name: str
    templates: tuple[AnkiTemplate, ...]
    fields: tuple[str, ...]
    css: str


@dataclass(frozen=True)
class AnkiNote:
    model_id: int
    fields: list[str]
    tags: list[str]
    guid_key: tuple[str, str]  # (entry kind, entry id): the note's GUID derives from it


@dataclass
class AnkiDeck:
    models: tuple[AnkiModel, ...]
    notes: list[AnkiNote] = field(default_factory=list)
    id: int = DECK_ID
    name: str = DECK_NAME
