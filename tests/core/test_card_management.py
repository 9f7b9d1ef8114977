"""Study days, card actions (suspend, bury, mark), leeches, held-back cards and missed-card drills."""

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from aieng_cli.core.actions import CardAction, card_flags, merge_actions
from aieng_cli.core.days import StudyZone, day_start, next_day_start, study_day, study_zone
from aieng_cli.core.grading import grade_term_answer
from aieng_cli.core.merge import merge_progress
from aieng_cli.core.progress import Progress
from aieng_cli.core.quiz import Session
from aieng_cli.core.quiz_types import QuizOptions
from aieng_cli.core.schedule import Reviewer
from aieng_cli.store.knowledge_files import load_knowledge

MINI = Path(__file__).parents[1] / "data" / "decks" / "mini.yaml"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture(scope="module")
def kb():
    kb, problems = load_knowledge([MINI])
    assert not problems
    return kb


def session(kb, progress, now, zone=UTC, **options):
    return Session(kb, progress, Reviewer(progress.settings), zone, QuizOptions(**options), now)


# -- study days ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("zone", "utc", "day"),
    [
        # Berlin, the night clocks go forward (29 March 2026, 02:00 -> 03:00 local)
        (BERLIN, "2026-03-29T01:59:00", "2026-03-28"),  # 03:59 CEST: still Saturday's study day
        (BERLIN, "2026-03-29T02:00:00", "2026-03-29"),  # 04:00 CEST: Sunday's begins
        # Berlin, the night clocks go back (25 October 2026, 03:00 -> 02:00 local)
        (BERLIN, "2026-10-25T02:59:00", "2026-10-24"),  # 03:59 CET
        (BERLIN, "2026-10-25T03:00:00", "2026-10-25"),  # 04:00 CET
        # New York, both changes
        (NEW_YORK, "2026-03-08T07:59:00", "2026-03-07"),
        (NEW_YORK, "2026-03-08T08:00:00", "2026-03-08"),
        (NEW_YORK, "2026-11-01T08:59:00", "2026-10-31"),
        (NEW_YORK, "2026-11-01T09:00:00", "2026-11-01"),
        (UTC, "2026-03-02T03:59:59", "2026-03-01"),
        (UTC, "2026-03-02T04:00:00", "2026-03-02"),
    ],
)
def test_a_study_day_starts_at_4_am_local_across_dst(zone, utc, day):
    moment = datetime.fromisoformat(utc).replace(tzinfo=UTC)
    days = StudyZone(zone, 4)
    assert study_day(moment, days).isoformat() == day
    start = day_start(study_day(moment, days), days)
    assert start.astimezone(zone).hour == 4 and start <= moment < next_day_start(moment, days)


@pytest.mark.parametrize("hour", [0, 4, 23])
def test_any_start_hour_gives_24_hour_days_away_from_dst(hour):
    days = StudyZone(BERLIN, hour)
    moment = datetime(2026, 6, 10, 12, tzinfo=UTC)
    assert next_day_start(moment, days) - day_start(study_day(moment, days), days) == timedelta(hours=24)
    assert day_start(study_day(moment, days), days).astimezone(BERLIN).hour == hour


def test_daily_limits_use_the_study_day(kb):
    """Ten new cards at 23:30 and ten more at 03:30 share one study day: the second session gets none."""
    progress = Progress()
    evening = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    first = session(kb, progress, evening, StudyZone(UTC, 4), new_per_day=2)
    while (card := first.next_card(evening)) is not None and len(first.done) < 2:
        first.answer(card, 4, evening)
    night = evening + timedelta(hours=4)
    assert session(kb, progress, night, StudyZone(UTC, 4), new_per_day=2).queue == []
    assert session(kb, progress, night, UTC, new_per_day=2).queue  # with midnight days it is a new day


# -- actions ---------------------------------------------------------------------------------------
def act(card, minutes, action):
    return CardAction(card, START + timedelta(minutes=minutes), action)


def test_flags_follow_the_actions_in_time_order():
    actions = [act("a", 2, "unsuspend"), act("a", 1, "suspend"), act("b", 1, "mark"), act("c", 0, "suspend")]
    flags = card_flags(actions, StudyZone(UTC, 4))
    assert not flags["a"].suspended and flags["b"].marked and flags["c"].suspended


def test_a_bury_lasts_until_the_next_study_day():
    flags = card_flags([act("a", 0, "bury")], StudyZone(UTC, 4))["a"]
    assert flags.buried_until == datetime(2026, 3, 3, 4, tzinfo=UTC)
    assert flags.hidden(datetime(2026, 3, 3, 3, 59, tzinfo=UTC))
    assert not flags.hidden(datetime(2026, 3, 3, 4, tzinfo=UTC))
    assert card_flags([act("a", 0, "bury"), act("a", 5, "unbury")], UTC)["a"].buried_until is None


def test_merging_actions_in_either_order_gives_the_same_flags(kb):
    mine = [act("a", 1, "suspend"), act("b", 3, "mark")]
    theirs = [act("a", 2, "unsuspend"), act("b", 3, "mark"), act("c", 4, "bury")]
    assert merge_actions(mine, theirs) == merge_actions(theirs, mine)
    assert merge_actions(mine, mine) == mine
    one = merge_progress(Progress(actions=list(mine)), Progress(actions=list(theirs)))
    other = merge_progress(Progress(actions=list(theirs)), Progress(actions=list(mine)))
    assert one.actions == other.actions and len(one.actions) == 4
    flags = card_flags(one.actions, UTC)
    assert not flags["a"].suspended and flags["b"].marked and flags["c"].buried_until is not None


def test_suspended_and_buried_cards_never_come_up(kb):
    progress = Progress()
    first = session(kb, progress, START, new_per_day=3)
    card = first.next_card(START)
    first.act(card, "suspend", START)
    assert card not in first.queue and first.next_card(START) != card
    later = START + timedelta(days=30)
    assert card.id not in {c.id for c in session(kb, progress, later, new_per_day=50).queue}
    assert card.id not in {c.id for c in session(kb, progress, later, cram=True).queue}
    second = session(kb, progress, later, new_per_day=50)
    buried = second.next_card(later)
    second.act(buried, "bury", later)
    assert buried.id not in {c.id for c in session(kb, progress, later, new_per_day=50).queue}
    assert buried.id in {c.id for c in session(kb, progress, later + timedelta(days=1), new_per_day=50).queue}


def test_undo_takes_back_an_action(kb):
    progress = Progress()
    quiz = session(kb, progress, START, new_per_day=3)
    card = quiz.next_card(START)
    quiz.act(card, "suspend", START)
    assert quiz.undo() == CardAction(card.id, START, "suspend")
    assert progress.actions == [] and quiz.next_card(START) == card


# -- leeches ---------------------------------------------------------------------------------------
def lapse_until_leech(kb, progress, card, **options):
    """Learn `card`, then forget it after each interval; returns the answer that made it a leech."""
    clock = START
    while True:
        quiz = session(kb, progress, clock, new_per_day=1, **options)
        shown = quiz.next_card(clock)
        while shown is not None and shown.id != card:
            quiz.skip(shown)
            shown = quiz.next_card(clock)
        assert shown is not None
        state = progress.cards.get(card)
        rating = 1 if state is not None and state.state == "review" else 4
        answered = quiz.answer(shown, rating, clock)
        if answered.became_leech:
            return answered
        clock = progress.cards[card].due + timedelta(minutes=1)


@pytest.mark.parametrize(("threshold", "action"), [(8, "suspend"), (3, "suspend"), (8, "tag")])
def test_a_card_becomes_a_leech_at_the_threshold_lapse(kb, threshold, action):
    progress = Progress()
    card = session(kb, progress, START).queue[0].id
    answered = lapse_until_leech(kb, progress, card, leech_threshold=threshold, leech_action=action)
    assert answered.after.lapses == threshold
    suspended = card_flags(progress.actions, UTC).get(card)
    if action == "suspend":
        assert answered.action == CardAction(card, answered.action.time, "suspend", "leech")
        assert suspended is not None and suspended.suspended
    else:
        assert answered.action is None and suspended is None


# -- held back, missed, counter, plurals -------------------------------------------------------------
def test_due_cards_held_back_are_counted_with_their_reason(kb):
    progress = Progress()
    day_one = session(kb, progress, START, new_per_day=4)
    while (card := day_one.next_card(START)) is not None:
        day_one.answer(card, 4, START)
    later = max(state.due for state in progress.cards.values()) + timedelta(hours=1)
    reverse = session(kb, progress, later, new_per_day=0)
    card = reverse.next_card(later)
    assert card is not None
    due = [c for c in reverse.queue if c.id in progress.cards]
    limited = session(kb, progress, later, new_per_day=0, max_reviews=1)
    assert limited.held_by_limit == len(due) - 1
    idle = limited.idle(later)
    assert idle.held_by_limit == len(due) - 1 and idle.max_reviews == 1


def test_sibling_held_back_and_released_with_siblings(kb):
    progress = Progress()
    quiz = session(kb, progress, START, new_per_day=1)
    recall = quiz.next_card(START)
    quiz.answer(recall, 4, START)
    progress.cards[recall.id] = progress.cards[recall.id]._replace(state="review")
    reverse = f"term:{recall.entry_id}:reverse"
    progress.cards[reverse] = progress.cards[recall.id]._replace(card_id=reverse, due=START)
    progress.cards[recall.id] = progress.cards[recall.id]._replace(due=START)
    later = START + timedelta(hours=1)  # the same day: the term was studied today, both cards wait
    held = session(kb, progress, later, new_per_day=0)
    assert held.held_siblings == 2 and held.queue == []
    assert held.idle(later).held_siblings == 2
    assert len(session(kb, progress, later, new_per_day=0, siblings=True).queue) == 2


def test_missed_drills_todays_again_cards_without_scheduling(kb):
    progress = Progress()
    quiz = session(kb, progress, START, new_per_day=3)
    ratings = iter([1, 3, 1])
    while (card := quiz.next_card(START)) is not None and len(quiz.done) < 3:
        quiz.answer(card, next(ratings), START)
    missed_ids = [a.card.id for a in quiz.done if a.rating == 1]
    before = (dict(progress.cards), len(progress.reviews))
    drill = session(kb, progress, START + timedelta(minutes=5), missed=True)
    assert [c.id for c in drill.queue] == missed_ids
    drill.answer(drill.queue[0], 3, START + timedelta(minutes=5))
    assert (dict(progress.cards), len(progress.reviews)) == before
    assert session(kb, progress, START + timedelta(days=1), missed=True).queue == []


def test_the_counter_total_stays_put_as_cards_return(kb):
    progress = Progress()
    quiz = session(kb, progress, START, new_per_day=3)
    positions = []
    clock = START
    while (card := quiz.next_card(clock)) is not None and len(quiz.done) < 6:
        positions.append(quiz.position())
        quiz.answer(card, 1 if len(quiz.done) == 0 else 3, clock)
        clock += timedelta(minutes=2)
    assert {total for _, total, _ in positions} == {3}
    assert positions[0] == (1, 3, 0) and any(returning for _, _, returning in positions)


def test_summary_counts_answers_and_cards_apart(kb):
    progress = Progress()
    quiz = session(kb, progress, START, new_per_day=2)
    card = quiz.next_card(START)
    quiz.answer(card, 1, START)
    quiz.answer(quiz.next_card(START), 3, START)
    quiz.answer(card, 3, START + timedelta(minutes=2))
    summary = quiz.summary()
    assert (summary.answers, summary.cards, summary.again) == (3, 2, 1) and summary.missed == [card]


def test_a_plural_of_the_name_is_graded_exact(kb):
    term = next(iter(kb.terms.values()))
    assert grade_term_answer(term.term + "s", term) == (3, True)


def test_undo_puts_the_counter_back(kb):
    quiz = session(kb, Progress(), START, new_per_day=3)
    first = quiz.next_card(START)
    quiz.answer(first, 3, START)
    assert quiz.next_card(START) != first and quiz.position()[0] == 2
    quiz.undo()
    assert quiz.next_card(START) == first and quiz.position()[0] == 1


@pytest.mark.parametrize("zone", [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8)), BERLIN])
def test_a_fixed_offset_study_zone_gives_the_same_days(zone):
    quick, general = study_zone(zone, 4), StudyZone(zone, 4)
    for hours in range(0, 24 * 400, 7):
        moment = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=hours, minutes=13)
        assert study_day(moment, quick) == study_day(moment, general)
        day = study_day(moment, general)
        assert day_start(day, quick) == day_start(day, general)
