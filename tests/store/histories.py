"""Hypothesis strategies for histories (card states and answers), shared by the tests of the
progress file's readers: the typed decoder and the cached copy."""

from datetime import UTC, datetime

from hypothesis import strategies as st

from aieng_cli.core.records import CardState, Review

times = st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(9998, 1, 1), timezones=st.just(UTC))
card_ids = st.text(min_size=1, max_size=20)  # NUL and every other character included
states = st.builds(
    CardState,
    card_id=card_ids,
    state=st.sampled_from(["learning", "review", "relearning"]),
    step=st.none() | st.integers(0, 5),
    stability=st.floats(0, 1e300, allow_nan=False),
    difficulty=st.floats(-1e300, 1e300, allow_nan=False),
    due=times,
    last_review=times,
    reps=st.integers(0, 10**12),
    lapses=st.integers(0, 10**6),
)
reviews = st.builds(
    Review, card_id=card_ids, time=times, rating=st.integers(1, 4), duration_ms=st.none() | st.integers(0, 10**12)
)
