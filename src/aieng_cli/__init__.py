"""aieng: a glossary and spaced-repetition flashcards for AI engineers."""

__version__ = "0.1.0"
