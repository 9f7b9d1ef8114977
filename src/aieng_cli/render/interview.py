"""The mock interview's views: each question with its timer, the answer being typed, the score of
each answer, the report, and the history with a trend per topic."""

from __future__ import annotations

import sys
from datetime import tzinfo
from typing import Any

from rich.text import Text

from aieng_cli.core.interview import Planned, Scored
from aieng_cli.core.records import InterviewRecord
from aieng_cli.core.topics import TOPIC_NAMES
from aieng_cli.render import PROSE_WIDTH, Screen
from aieng_cli.render.live import LiveRows
from aieng_cli.render.text import markdown_source, printable, visible_rows, wrap_words

_SPARKS = "▁▂▃▄▅▆▇█"


def clock_text(seconds_left: float) -> str:
    """`2:13 left`, or `0:25 over` once the time is up (running over is allowed)."""
    whole = int(abs(seconds_left))
    return f"{whole // 60}:{whole % 60:02d} {'left' if seconds_left >= 0 else 'over'}"


class InterviewScreen:
    """On stdout, or on stderr when stdout carries the JSON report."""

    def __init__(self, screen: Screen, zone: tzinfo, *, to_stderr: bool = False) -> None:
        self.screen = screen
        self.out = screen.err if to_stderr else screen.out
        self.stream: Any = sys.stderr if to_stderr else sys.stdout
        self.zone = zone
        self._draft = LiveRows(self.stream)

    def _width(self) -> int:
        """Where prose wraps: the console's width, at most PROSE_WIDTH."""
        return min(self.out.width, PROSE_WIDTH)

    def line(self, text: str, style: str = "") -> None:
        self.out.print(Text(printable(text), style=style), width=self._width())

    def intro(self, count: int, minutes: float, seed: int, terminal: bool) -> None:
        how = (
            "Type your answer; Enter starts a new line, an empty line or Ctrl-D submits it."
            if terminal
            else "One answer per line; an empty line is no answer."
        )
        each = f"{minutes:g} min" if minutes >= 1 else f"{minutes * 60:.0f} s"
        self.line(f"Mock interview: {count} question(s), about {each} each (seed {seed}). {how}", "bold")

    def question(self, planned: Planned, position: int, total: int) -> None:
        question = planned.question
        self.out.print()
        self.line(
            f"Question {position}/{total}  [{TOPIC_NAMES[question.topic]} · {question.type} · {question.difficulty}]",
            "dim",
        )
        self.line(question.question, "bold")

    def follow_up(self, text: str) -> None:
        self.line("Follow-up: " + text, "bold")

    def draft(self, seconds_left: float, lines: list[str]) -> None:
        """Redraw, in place, the timer and the whole answer typed so far (a terminal only)."""
        width = max(self.out.width - 1, 10)
        rows = [clock_text(seconds_left)]
        for line in lines:
            rows.extend(wrap_words(printable(line, one_line=True), width, "> ", "  "))
        rows = [rows[0], *visible_rows(rows[1:], max(self.out.height - 3, 3))]
        self._draft.draw(rows)

    def draft_done(self) -> None:
        self._draft.done()

    def scored(self, scored: Scored, limit_seconds: float) -> None:
        points = len(scored.covered) + len(scored.missed)
        over = f", {scored.seconds - limit_seconds:.0f}s over time" if scored.seconds > limit_seconds else ""
        self.line(
            f"Score {scored.score:.0%}: {len(scored.covered)} of {points} key points, {scored.seconds:.0f}s{over}.",
            "green" if scored.score >= 0.8 else "yellow" if scored.score >= 0.4 else "red",
        )
        for point in scored.missed:
            self.out.print(self.screen.bullet(Text("missed: " + printable(point, one_line=True)), "✗"))

    def stopped(self, answered: int) -> None:
        self.stream.write("\n")
        kept = f" {answered} answered question(s) are kept." if answered else ""
        self.line("Interview stopped." + kept, "yellow")

    def next_prompt(self) -> None:
        self.line("m: the model answer · Enter: next question · q: end the interview", "dim")

    def model_answer(self, planned: Planned) -> None:
        from rich.markdown import Markdown

        self.out.print(Markdown(markdown_source(planned.question.answer), justify="default"), width=self._width())
        if planned.follow_up is not None:
            self.line(f"Follow-up answer: {planned.follow_up.answer}", "dim")

    def report(
        self, record: InterviewRecord, asked: list[Planned], review: list[tuple[str, str]], minutes: float
    ) -> None:
        """The report: each question's score, points covered and missed, time and model answer; the
        overall and per-topic scores; the terms to review."""
        self.out.print()
        self.line(f"Interview report ({record.id}): overall {record.score:.0%}", "bold")
        for row, planned in zip(record.questions, asked, strict=True):
            self.out.print()
            mark = "over time" if row["seconds"] > minutes * 60 else f"{row['seconds']:.0f}s"
            score = f"{row['score']:.0%}".ljust(4)
            title = printable(f"{row['question']}  ({mark})", one_line=True)
            for line in wrap_words(title, self._width() - 1, score + "  ", " " * (len(score) + 2)):
                self.out.print(Text(line, style="bold"))
            for point in row["covered"]:
                self.out.print(self.screen.bullet(Text(printable(point, one_line=True), "green"), "✓"))
            for point in row["missed"]:
                self.out.print(self.screen.bullet(Text(printable(point, one_line=True), "red"), "✗"))
            follow = row["follow_up"]
            if follow is not None:
                self.line(f"  follow-up {follow['score']:.0%}: {follow['question']}", "dim")
            self.line("Model answer:", "dim")
            self.model_answer(planned)
        self.out.print()
        self.line("By topic: " + ", ".join(f"{TOPIC_NAMES[t['id']]} {t['score']:.0%}" for t in record.topics))
        if review:
            self.line("Terms to review: " + ", ".join(f"{name} (aieng define {term_id})" for term_id, name in review))

    def saved(self, missed: int) -> None:
        message = "Saved in your history (aieng interview --history)."
        if missed:
            message += f" {missed} missed question(s) are due again in the quiz."
        self.line(message, "dim")

    def history(self, records: list[InterviewRecord], trends: dict[str, list[float]]) -> None:
        if not records:
            self.screen.note("No interviews yet. Start one with: aieng interview")
            return
        for record in records:
            when = record.started.astimezone(self.zone)
            self.line(f"{when:%Y-%m-%d %H:%M}  {record.score:.0%}  {len(record.questions)} question(s)  [{record.id}]")
        self.out.print()
        self.line("Trend per topic, oldest to newest:", "bold")
        for topic, scores in trends.items():
            spark = "".join(_SPARKS[min(7, int(score * 8))] for score in scores[-20:])
            change = f"{scores[0]:.0%} → {scores[-1]:.0%}" if len(scores) > 1 else f"{scores[0]:.0%}"
            self.line(f"  {TOPIC_NAMES.get(topic, topic):<29} {spark}  {change}")


def interview_json(record: InterviewRecord) -> dict[str, Any]:
    """`aieng interview --json`: {id, started, seed, score, questions: [...], topics: [{id, score}]}."""
    return record.as_json()
