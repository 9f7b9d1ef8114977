"""The quiz core with an injected clock: weeks of study, daily limits, siblings, undo, replay."""

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from aieng_cli.core.progress import Progress
from aieng_cli.core.quiz import LEARN_AHEAD, Session
from aieng_cli.core.quiz_types import QuizOptions
from aieng_cli.core.schedule import Reviewer, default_settings
from aieng_cli.store.knowledge_files import load_knowledge
from aieng_cli.store.progress_file import ProgressFile

MINI = Path(__file__).parents[1] / "data" / "decks" / "mini.yaml"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday morning
BERLIN = timezone(timedelta(hours=1))


@pytest.fixture(scope="module")
def kb():
    kb, problems = load_knowledge([MINI])
    assert not problems
    return kb


def new_session(kb, progress, now, tz=UTC, **options):
    return Session(kb, progress, Reviewer(progress.settings), tz, QuizOptions(**options), now)


def study(kb, progress, now, rating_for, tz=UTC, **options):
    """Answer every card the session offers at `now` (learning steps included); returns the cards shown."""
    session = new_session(kb, progress, now, tz, **options)
    shown = []
    clock = now
    while (card := session.next_card(clock)) is not None:
        shown.append(card.id)
        session.answer(card, rating_for(card.id), clock)
        clock += timedelta(seconds=20)
        if session.next_card(clock) is None and session.learning:
            clock = max(clock, session.progress.cards[session.learning[0].id].due)
    return shown


def test_new_cards_follow_teaching_order_recall_first(kb):
    session = new_session(kb, Progress(), START, new_per_day=20)
    ids = [card.id for card in session.queue]
    assert ids[:2] == ["term:embedding:recall", "term:large-language-model:recall"]
    assert not any(card_id.endswith(":reverse") for card_id in ids), "reverse waits until its recall was seen"


def test_good_answers_grow_intervals_and_again_resets(kb):
    progress = Progress()
    reviewer = Reviewer(progress.settings)
    state, now, intervals = None, START, []
    for rating in (3, 3, 3, 3, 3):
        state = reviewer.review(state, "term:rag:recall", rating, now)
        intervals.append(state.due - now)
        now = state.due
    assert intervals == sorted(intervals) and intervals[-1] > timedelta(days=20)
    lapsed = reviewer.review(state, "term:rag:recall", 1, now)
    assert lapsed.state == "relearning" and lapsed.due - now < timedelta(hours=1) and lapsed.lapses == 1


def test_weeks_of_study_respect_the_daily_new_limit(kb):
    progress = Progress()
    total_new = 0
    for day in range(21):
        now = START + timedelta(days=day)
        before = set(progress.cards)
        study(kb, progress, now, lambda _: 3, new_per_day=2)
        introduced = set(progress.cards) - before
        assert len(introduced) <= 2
        total_new += len(introduced)
        groups = [cid.rsplit(":", 1)[0] for cid in introduced]
        assert len(groups) == len(set(groups)), "a term's two cards are never new on the same day"
    assert total_new == 11, "every card of the deck was eventually introduced"
    assert all(state.state == "review" for state in progress.cards.values())


def test_new_limit_holds_across_local_midnight(kb):
    progress = Progress()
    late = datetime(2026, 3, 2, 22, 30, tzinfo=UTC)  # 23:30 in Berlin
    study(kb, progress, late, lambda _: 3, tz=BERLIN, new_per_day=2)
    assert len(progress.cards) == 2
    still_today = late + timedelta(minutes=20)  # 23:50 in Berlin: same local day
    assert [c.id for c in new_session(kb, progress, still_today, BERLIN, new_per_day=2).queue] == []
    after_midnight = late + timedelta(minutes=40)  # 00:10 in Berlin, still 23:10 UTC
    queue = new_session(kb, progress, after_midnight, BERLIN, new_per_day=2).queue
    assert len([c for c in queue if c.id not in progress.cards]) == 2


def test_failed_card_comes_back_in_the_same_session(kb):
    progress = Progress()
    session = new_session(kb, progress, START, new_per_day=1)
    card = session.next_card(START)
    session.answer(card, 1, START)
    assert session.next_card(START + timedelta(seconds=5)) == card, "learn-ahead brings it back before the end"
    assert progress.cards[card.id].due <= START + LEARN_AHEAD


def test_due_cards_come_most_overdue_first_and_siblings_are_buried(kb):
    progress = Progress()
    reviewer = Reviewer(progress.settings)
    overdue = {"term:rag:recall": 30, "term:rag:reverse": 40, "term:embedding:recall": 10}
    for card_id, days in overdue.items():
        state = reviewer.review(None, card_id, 4, START)
        progress.cards[card_id] = state._replace(due=START + timedelta(days=60 - days))
    later = START + timedelta(days=60)
    queue = [c.id for c in new_session(kb, progress, later, new_per_day=0).queue]
    assert queue == ["term:rag:reverse", "term:embedding:recall"], "most overdue first; its sibling waits"


def test_review_cap_and_limit(kb):
    progress = Progress()
    reviewer = Reviewer(progress.settings)
    for card_id in ("term:rag:recall", "term:embedding:recall", "term:quantization:recall"):
        progress.cards[card_id] = reviewer.review(None, card_id, 4, START)
    later = START + timedelta(days=90)
    assert len(new_session(kb, progress, later, new_per_day=0, max_reviews=2).queue) == 2
    session = new_session(kb, progress, later, new_per_day=0, limit=1)
    session.answer(session.next_card(later), 3, later)
    assert session.next_card(later) is None


def test_filters_by_topic_and_kind(kb):
    session = new_session(kb, Progress(), START, new_per_day=50, topic="retrieval")
    assert {c.topic for c in session.queue} == {"retrieval"}
    session = new_session(kb, Progress(), START, new_per_day=50, kind="questions")
    assert [c.id for c in session.queue] == ["question:rag-vs-fine-tuning"]


def test_cram_changes_nothing(kb):
    progress = Progress()
    study(kb, progress, START, lambda _: 3, new_per_day=3)
    snapshot = (dict(progress.cards), list(progress.reviews))
    session = new_session(kb, progress, START + timedelta(hours=2), cram=True)
    assert session.queue
    while (card := session.next_card(START)) is not None:
        session.answer(card, 3, START + timedelta(hours=2))
    assert (progress.cards, progress.reviews) == snapshot


def test_undo_restores_the_file_byte_for_byte(kb, tmp_path):
    file = ProgressFile(tmp_path / "progress.json")
    progress = Progress()
    session = new_session(kb, progress, START)
    first = session.next_card(START)
    session.answer(first, 3, START)
    file.save(progress)
    after_one = file.path.read_bytes()
    second = session.next_card(START)
    session.answer(second, 2, START + timedelta(seconds=30))
    file.save(progress)
    assert session.undo().card == second
    file.undo()
    assert file.path.read_bytes() == after_one
    assert session.next_card(START) == second
    session.undo()
    file.undo()
    assert not file.path.exists(), "undoing the very first answer removes the file it created"


def test_reloading_reproduces_the_state_and_replay_matches(kb, tmp_path):
    file = ProgressFile(tmp_path / "progress.json")
    progress = Progress()
    ratings = iter([3, 1, 3, 4, 2, 3, 3, 1, 3, 3] * 40)
    for day in range(0, 40, 3):
        study(kb, progress, START + timedelta(days=day), lambda _: next(ratings), new_per_day=3)
        file.save(progress)
    loaded = file.load()
    assert loaded.cards == progress.cards and loaded.reviews == progress.reviews
    assert Reviewer(default_settings()).replay(loaded.reviews) == loaded.cards


def test_leech_after_eight_lapses(kb):
    progress = Progress()
    session = new_session(kb, progress, START, new_per_day=1)
    card = session.next_card(START)
    reviewer = session.reviewer
    now = START
    state = reviewer.review(None, card.id, 4, now)
    for _ in range(8):
        now = state.due + timedelta(days=1)
        state = reviewer.review(reviewer.review(state, card.id, 1, now), card.id, 4, now + timedelta(minutes=10))
    assert state.lapses == 8


def test_core_terms_are_taught_before_the_rest(kb):
    from aieng_cli.core.cards import study_cards
    from aieng_cli.core.knowledge import KnowledgeBase

    terms = dict(kb.terms)
    terms["quantization"] = terms["quantization"]._replace(core=True)  # inference: a late topic
    marked = KnowledgeBase(terms, kb.questions, kb.names)
    order = [card.id for card in study_cards(marked)]
    assert order[:2] == ["term:quantization:recall", "term:quantization:reverse"]
    assert order[2:4] == ["term:embedding:recall", "term:embedding:reverse"], "then the usual teaching order"
    session = new_session(marked, Progress(), START, new_per_day=1)
    assert [card.id for card in session.queue] == ["term:quantization:recall"]


def test_type_filter_keeps_only_that_round(kb):
    assert {card.kind for card in new_session(kb, Progress(), START, question_type="concept").queue} == {"question"}
    assert new_session(kb, Progress(), START, question_type="coding").queue == []
