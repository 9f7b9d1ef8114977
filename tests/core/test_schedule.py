"""The scheduler wrapper: state names in fsrs's order, and fsrs loaded only when a card is scheduled."""

import subprocess
import sys
from datetime import UTC, datetime

from fsrs import State

from aieng_cli.core.schedule import STATES, Reviewer, Settings, default_settings


def test_state_names_are_fsrs_states_in_their_order():
    assert [State(number).name.lower() for number in range(1, len(State) + 1)] == list(STATES)


def test_every_state_survives_a_round_trip_through_fsrs():
    reviewer = Reviewer(default_settings())
    moment = datetime(2026, 3, 2, 9, tzinfo=UTC)
    seen = set()
    state = None
    for rating in (3, 3, 3, 1, 3, 3):  # learning, review, a lapse into relearning, back to review
        state = reviewer.review(state, "term:rag:recall", rating, moment)
        seen.add(state.state)
        moment = state.due
    assert seen == set(STATES)


def test_fsrs_is_imported_only_when_a_card_is_scheduled():
    code = (
        "import sys\n"
        "from aieng_cli.core.schedule import Reviewer, Settings\n"
        "reviewer = Reviewer(Settings())\n"
        "assert 'fsrs' not in sys.modules, 'imported early'\n"
        "from datetime import UTC, datetime\n"
        "reviewer.review(None, 'term:rag:recall', 3, datetime(2026, 3, 2, tzinfo=UTC))\n"
        "assert 'fsrs' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_settings_default_to_fsrs_defaults():
    assert Settings().parameters == () and len(default_settings().parameters) == 21
