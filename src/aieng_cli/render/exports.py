"""The text of every export: Anki note fields (HTML), CSV rows and the Markdown document.

Knowledge-base text is data, never markup: it is HTML-escaped for Anki, and Markdown is rendered
with raw HTML disabled. Writing the files is the store's job (`store/outputs.py`).
"""

import csv
import html
import re
from collections.abc import Callable, Iterable
from typing import TextIO

from aieng_cli.core.anki import QUESTION_MODEL_ID, TERM_MODEL_ID, AnkiDeck, AnkiModel, AnkiNote, AnkiTemplate
from aieng_cli.core.knowledge import KnowledgeBase
from aieng_cli.core.models import Entry, Question, Source, Term
from aieng_cli.core.topics import TOPIC_NAMES, TOPICS
from aieng_cli.render.text import markdown_source, printable, web_link

Tick = Callable[[], None]

ANKI_CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; }
.short { font-style: italic; } .meta { color: #888; font-size: 14px; } code { background: #f2f2f2; }"""
ANKI_TERM_FIELDS = ("Term", "Short", "Definition", "Example", "Related", "Sources", "Id")
ANKI_TERM_BACK = (
    '{{FrontSide}}<hr id="answer"><p class="short">{{Short}}</p>{{Definition}}'
    "{{#Example}}<p><b>Example:</b> {{Example}}</p>{{/Example}}"
    '{{#Related}}<p class="meta">Related: {{Related}}</p>{{/Related}}<div class="meta">{{Sources}}</div>'
)
ANKI_REVERSE_FRONT = '<p class="short">{{Short}}</p><p class="meta">Name the term</p>'
ANKI_REVERSE_BACK = (
    '{{FrontSide}}<hr id="answer"><h2>{{Term}}</h2>{{Definition}}'
    '{{#Related}}<p class="meta">Related: {{Related}}</p>{{/Related}}<div class="meta">{{Sources}}</div>'
)
ANKI_QUESTION_FIELDS = ("Question", "Answer", "KeyPoints", "Difficulty", "Sources", "Id")
ANKI_QUESTION_FRONT = '<h3>{{Question}}</h3><p class="meta">{{Difficulty}}</p>'
ANKI_QUESTION_BACK = (
    '{{FrontSide}}<hr id="answer">{{Answer}}<p><b>Key points</b></p>{{KeyPoints}}<div class="meta">{{Sources}}</div>'
)


def markdown_html(text: str) -> str:
    """Markdown to HTML with raw HTML escaped (knowledge-base text is data, not markup)."""
    from markdown_it import MarkdownIt

    rendered: str = MarkdownIt("commonmark", {"html": False}).render(markdown_source(text))
    return rendered.strip()


def _html(text: str) -> str:
    """Knowledge-base text as HTML text: controls escaped (`\\x1b`), markup characters escaped."""
    return html.escape(printable(text))


def _sources_html(sources: Iterable[Source]) -> str:
    items = "".join(
        f'<li><a href="{html.escape(s.url, quote=True)}">{_html(s.title)}</a></li>'
        if web_link(s.url)
        else f"<li>{_html(s.title)} ({_html(s.url)})</li>"
        for s in sources
    )
    return f"<ul>{items}</ul>"


def anki_tag(text: str) -> str:
    """Anki tags cannot contain spaces."""
    return re.sub(r"\s+", "_", text.strip())


def entry_tags(entry: Entry) -> list[str]:
    """`aieng`, `aieng::<topic>`, and a term's own tags or a question's difficulty and `aieng::type::<type>`."""
    extra = entry.tags if isinstance(entry, Term) else (entry.difficulty, f"aieng::type::{entry.type}")
    return list(dict.fromkeys(["aieng", f"aieng::{entry.topic}", *(anki_tag(t) for t in extra if t.strip())]))


def anki_term_fields(kb: KnowledgeBase, term: Term) -> list[str]:
    related = ", ".join(_html(name) for _, name in kb.related_names(term))
    return [
        _html(term.term),
        _html(term.short),
        markdown_html(term.definition),
        _html(term.example or ""),
        related,
        _sources_html(term.sources),
        _html(term.id),
    ]


def anki_question_fields(question: Question) -> list[str]:
    points = "<ul>" + "".join(f"<li>{_html(p)}</li>" for p in question.key_points) + "</ul>"
    return [
        _html(question.question),
        markdown_html(question.answer),
        points,
        question.difficulty,
        _sources_html(question.sources),
        _html(question.id),
    ]


def anki_deck(kb: KnowledgeBase, topic: str | None, tick: Tick) -> AnkiDeck:
    """Every term and question (of `topic`) as Anki notes of two note types; a term's note makes
    a recall card (name -> definition) and a reverse one (one-liner -> name)."""
    term_model = AnkiModel(
        TERM_MODEL_ID,
        "aieng term",
        (
            AnkiTemplate("Term", "<h2>{{Term}}</h2>", ANKI_TERM_BACK),
            AnkiTemplate("Reverse", ANKI_REVERSE_FRONT, ANKI_REVERSE_BACK),
        ),
        ANKI_TERM_FIELDS,
        ANKI_CSS,
    )
    question_model = AnkiModel(
        QUESTION_MODEL_ID,
        "aieng interview question",
        (AnkiTemplate("Question", ANKI_QUESTION_FRONT, ANKI_QUESTION_BACK),),
        ANKI_QUESTION_FIELDS,
        ANKI_CSS,
    )
    deck = AnkiDeck((term_model, question_model))
    for term in kb.terms_in_order(topic):
        deck.notes.append(AnkiNote(TERM_MODEL_ID, anki_term_fields(kb, term), entry_tags(term), ("term", term.id)))
        tick()
    for question in kb.questions_in_order(topic):
        fields = anki_question_fields(question)
        deck.notes.append(AnkiNote(QUESTION_MODEL_ID, fields, entry_tags(question), ("question", question.id)))
        tick()
    return deck


def _csv_row(front: str, back: str, kind: str, entry: Entry) -> list[str]:
    tags, urls = " ".join(entry_tags(entry)), " ".join(s.url for s in entry.sources)
    return [inert_cell(cell) for cell in (front, back, kind, entry.id, entry.topic, tags, urls)]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(cell: str) -> str:
    """A CSV cell a spreadsheet shows as text: control characters escaped, and a cell that would
    start a formula (`=`, `+`, `-`, `@`) prefixed with an apostrophe, as OWASP advises."""
    cell = printable(cell)
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_INLINE_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")


def _md(text: str) -> str:
    """Knowledge-base text for the Markdown document: control characters escaped, anything that
    would open an HTML tag (`<script`, `<img onerror=...>`) made literal, and links kept only to
    http(s) addresses (a `javascript:` link becomes its text and address)."""
    text = _TAG_START.sub("&lt;", printable(text))
    return _INLINE_LINK.sub(lambda m: m.group(0) if web_link(m.group(2)) else f"{m.group(1)} ({m.group(2)})", text)


def _md_link(title: str, url: str) -> str:
    """A link only to an http(s) address; any other scheme is shown as text."""
    if web_link(url):
        return f"[{_md(title)}]({url.replace(')', '%29').replace(' ', '%20')})"
    return f"{_md(title)} ({_md(url)})"


def write_csv(kb: KnowledgeBase, out: TextIO, topic: str | None, tick: Tick) -> int:
    """Front and back first (what Anki, Quizlet and spreadsheets expect), then our metadata.

    `out` must be opened with `newline=""` (the csv module writes its own line ends)."""
    rows = [
        _csv_row(t.term, f"{t.short} {t.definition}".replace("\n", " "), "term", t) for t in kb.terms_in_order(topic)
    ]
    rows += [_csv_row(q.question, q.answer, "question", q) for q in kb.questions_in_order(topic)]
    writer = csv.writer(out)
    writer.writerow(["front", "back", "kind", "id", "topic", "tags", "sources"])
    for row in rows:
        writer.writerow(row)
        tick()
    return len(rows)


def write_markdown(kb: KnowledgeBase, out: TextIO, topic: str | None, tick: Tick) -> int:
    """The glossary as one document, grouped by topic, with links between related terms."""
    shown = [t for t in TOPICS if topic in (None, t.id) and kb.terms_in_order(t.id)]
    questions = kb.questions_in_order(topic)
    lines = ["# AI engineering glossary (aieng)", "", "Contents:", ""]
    lines += [f"- [{t.name}](#topic-{t.id}) ({len(kb.terms_in_order(t.id))} terms)" for t in shown]
    if questions:
        lines.append(f"- [Interview questions](#interview-questions) ({len(questions)})")
    lines.append("")
    count = 0
    for current in shown:
        lines += [f'<a id="topic-{current.id}"></a>', "", f"## {current.name}", ""]
        for term in kb.terms_in_order(current.id):
            lines += _term_section(kb, term, linked=topic is None)
            count += 1
            tick()
    if questions:
        lines += ['<a id="interview-questions"></a>', "", "## Interview questions", ""]
        for question in questions:
            lines += [
                f'<a id="q-{question.id}"></a>',
                "",
                f"### {_md(question.question)}",
                "",
                f"*{TOPIC_NAMES[question.topic]} · {question.difficulty} · {question.type}*",
                "",
                _md(question.answer),
                "",
                "Key points: " + "; ".join(map(_md, question.key_points)),
                "",
            ]
            for follow in question.follow_ups:
                lines += [f"*Follow-up:* **{_md(follow.question)}** {_md(follow.answer)}", ""]
            count += 1
            tick()
    out.write("\n".join(lines) + "\n")
    return count


def _term_section(kb: KnowledgeBase, term: Term, *, linked: bool) -> list[str]:
    """One term; related terms are links only when the document holds them (`linked` says whether
    it holds every topic), otherwise plain names."""
    lines = [f'<a id="{term.id}"></a>', f"### {_md(term.term)}", ""]
    if term.aliases:
        lines += [f"*Also:* {_md(', '.join(term.aliases))}", ""]
    lines += [f"**{_md(term.short)}**", "", _md(term.definition), ""]
    if term.example:
        lines += [f"*Example:* {_md(term.example)}", ""]
    related = [
        f"[{_md(name)}](#{r})" if linked or kb.terms[r].topic == term.topic else _md(name)
        for r, name in kb.related_names(term)
    ]
    if related:
        lines += [f"*Related:* {', '.join(related)}", ""]
    lines += ["*Sources:* " + "; ".join(_md_link(s.title, s.url) for s in term.sources), ""]
    return lines
