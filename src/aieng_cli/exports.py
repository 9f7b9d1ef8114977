"""Exports of the knowledge base: an Anki package, CSV, and one Markdown document.

Anki matches notes by GUID on import, so every id here is derived from our ids and never random:
re-importing an updated export updates the notes instead of duplicating them.
"""

import csv
import html
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TextIO

from aieng_cli.knowledge import KnowledgeBase
from aieng_cli.models import Question, Source, Term
from aieng_cli.topics import TOPIC_NAMES, TOPICS

TERM_MODEL_ID = 1732105601  # fixed forever: Anki keys note types and decks by these integers
QUESTION_MODEL_ID = 1732105602
DECK_ID = 1732105603
DECK_NAME = "AI engineering (aieng)"

Tick = Callable[[], None]

_CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; }
.short { font-style: italic; } .meta { color: #888; font-size: 14px; } code { background: #f2f2f2; }"""


def _markdown_html(text: str) -> str:
    """Markdown to HTML with raw HTML escaped (knowledge-base text is data, not markup)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).render(text).strip()


def _sources_html(sources: Iterable[Source]) -> str:
    items = "".join(f'<li><a href="{html.escape(s.url, quote=True)}">{html.escape(s.title)}</a></li>' for s in sources)
    return f"<ul>{items}</ul>"


def anki_tag(text: str) -> str:
    """Anki tags cannot contain spaces."""
    return re.sub(r"\s+", "_", text.strip())


def _tags(entry: Term | Question) -> list[str]:
    extra = entry.tags if isinstance(entry, Term) else (entry.difficulty,)
    return list(dict.fromkeys(["aieng", f"aieng::{entry.topic}", *(anki_tag(t) for t in extra if t.strip())]))


def note_guid(kind: str, entry_id: str) -> str:
    import genanki

    return genanki.guid_for("aieng", kind, entry_id)


def write_anki(kb: KnowledgeBase, path: Path, topic: str | None, tick: Tick, exported_at: datetime) -> int:
    """Write an .apkg with one note type for terms and one for questions; returns the note count.

    Notes are stamped with the export time: Anki's importer updates an existing note (same GUID)
    only when the incoming one is newer, so a later export must carry a later time.
    """
    import genanki

    term_model = genanki.Model(
        TERM_MODEL_ID,
        "aieng term",
        fields=[{"name": n} for n in ("Term", "Short", "Definition", "Example", "Related", "Sources", "Id")],
        templates=[
            {
                "name": "Term",
                "qfmt": "<h2>{{Term}}</h2>",
                "afmt": '{{FrontSide}}<hr id="answer"><p class="short">{{Short}}</p>{{Definition}}'
                "{{#Example}}<p><b>Example:</b> {{Example}}</p>{{/Example}}"
                '{{#Related}}<p class="meta">Related: {{Related}}</p>{{/Related}}<div class="meta">{{Sources}}</div>',
            }
        ],
        css=_CSS,
    )
    question_model = genanki.Model(
        QUESTION_MODEL_ID,
        "aieng interview question",
        fields=[{"name": n} for n in ("Question", "Answer", "KeyPoints", "Difficulty", "Sources", "Id")],
        templates=[
            {
                "name": "Question",
                "qfmt": '<h3>{{Question}}</h3><p class="meta">{{Difficulty}}</p>',
                "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}<p><b>Key points</b></p>{{KeyPoints}}'
                '<div class="meta">{{Sources}}</div>',
            }
        ],
        css=_CSS,
    )
    deck = genanki.Deck(DECK_ID, DECK_NAME)
    for term in kb.terms_in_order(topic):
        related = ", ".join(html.escape(kb.terms[r].term) for r in term.related if r in kb.terms)
        fields = [
            html.escape(term.term),
            html.escape(term.short),
            _markdown_html(term.definition),
            html.escape(term.example or ""),
            related,
            _sources_html(term.sources),
            html.escape(term.id),
        ]
        deck.add_note(genanki.Note(term_model, fields, tags=_tags(term), guid=note_guid("term", term.id)))
        tick()
    for question in _questions(kb, topic):
        points = "<ul>" + "".join(f"<li>{html.escape(p)}</li>" for p in question.key_points) + "</ul>"
        fields = [
            html.escape(question.question),
            _markdown_html(question.answer),
            points,
            question.difficulty,
            _sources_html(question.sources),
            html.escape(question.id),
        ]
        guid = note_guid("question", question.id)
        deck.add_note(genanki.Note(question_model, fields, tags=_tags(question), guid=guid))
        tick()
    genanki.Package(deck).write_to_file(str(path), timestamp=exported_at.timestamp())
    return len(deck.notes)


def _questions(kb: KnowledgeBase, topic: str | None) -> list[Question]:
    order = {t.id: i for i, t in enumerate(TOPICS)}
    chosen = [q for q in kb.questions.values() if topic is None or q.topic == topic]
    return sorted(chosen, key=lambda q: order[q.topic])


def _csv_row(front: str, back: str, kind: str, entry: Term | Question) -> list[str]:
    return [front, back, kind, entry.id, entry.topic, " ".join(_tags(entry)), " ".join(s.url for s in entry.sources)]


def write_csv(kb: KnowledgeBase, out: TextIO, topic: str | None, tick: Tick) -> int:
    """Front and back first (what Anki, Quizlet and spreadsheets expect), then our metadata.

    `out` must be opened with `newline=""` (the csv module writes its own line ends)."""
    rows = [
        _csv_row(t.term, f"{t.short} {t.definition}".replace("\n", " "), "term", t) for t in kb.terms_in_order(topic)
    ]
    rows += [_csv_row(q.question, q.answer, "question", q) for q in _questions(kb, topic)]
    writer = csv.writer(out)
    writer.writerow(["front", "back", "kind", "id", "topic", "tags", "sources"])
    for row in rows:
        writer.writerow(row)
        tick()
    return len(rows)


def write_markdown(kb: KnowledgeBase, out: TextIO, topic: str | None, tick: Tick) -> int:
    """The glossary as one document, grouped by topic, with links between related terms."""
    shown = [t for t in TOPICS if topic in (None, t.id) and kb.terms_in_order(t.id)]
    questions = _questions(kb, topic)
    lines = ["# AI engineering glossary (aieng)", "", "Contents:", ""]
    lines += [f"- [{t.name}](#topic-{t.id}) ({len(kb.terms_in_order(t.id))} terms)" for t in shown]
    if questions:
        lines.append(f"- [Interview questions](#interview-questions) ({len(questions)})")
    lines.append("")
    count = 0
    for current in shown:
        terms = kb.terms_in_order(current.id)
        lines += [f'<a id="topic-{current.id}"></a>', "", f"## {current.name}", ""]
        for term in terms:
            lines += [f'<a id="{term.id}"></a>', f"### {term.term}", ""]
            if term.aliases:
                lines += [f"*Also:* {', '.join(term.aliases)}", ""]
            lines += [f"**{term.short}**", "", term.definition, ""]
            if term.example:
                lines += [f"*Example:* {term.example}", ""]
            related = [f"[{kb.terms[r].term}](#{r})" for r in term.related if r in kb.terms]
            if related:
                lines += [f"*Related:* {', '.join(related)}", ""]
            lines += ["*Sources:* " + "; ".join(f"[{s.title}]({s.url})" for s in term.sources), ""]
            count += 1
            tick()
    if questions:
        lines += ['<a id="interview-questions"></a>', "", "## Interview questions", ""]
        for question in questions:
            lines += [
                f'<a id="q-{question.id}"></a>',
                "",
                f"### {question.question}",
                "",
                f"*{TOPIC_NAMES[question.topic]} · {question.difficulty}*",
                "",
                question.answer,
                "",
                "Key points: " + "; ".join(question.key_points),
                "",
            ]
            count += 1
            tick()
    out.write("\n".join(lines) + "\n")
    return count
