"""Card actions and interviews in the progress file and the journal: kept exactly, read back the
same way by the fast decoder and the codec, and a damaged one is one clear line."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aieng_cli.core.actions import ACTIONS, CardAction, action_order
from aieng_cli.core.progress import Progress
from aieng_cli.core.records import InterviewRecord
from aieng_cli.errors import UnreadableProgress
from aieng_cli.store.progress_codec import encode_progress, progress_from_json
from aieng_cli.store.progress_decoder import decode_typed
from aieng_cli.store.progress_file import ProgressFile

START = datetime(2026, 3, 2, 9, tzinfo=UTC)
moments = st.integers(min_value=0, max_value=10**12).map(lambda us: START + timedelta(microseconds=us))
actions = st.builds(
    CardAction,
    st.sampled_from(["term:rag:recall", "question:q", "term:a-b:reverse"]),
    moments,
    st.sampled_from(ACTIONS),
    st.sampled_from([None, "leech"]),
)
scores = st.floats(min_value=0, max_value=1)
interviews = st.builds(
    InterviewRecord,
    st.text("abc0123-", min_size=1, max_size=12),
    moments,
    st.integers(min_value=0, max_value=10**9),
    scores,
    st.lists(st.fixed_dictionaries({"id": st.just("q"), "score": scores}), max_size=3),
    st.lists(st.fixed_dictionaries({"id": st.just("retrieval"), "score": scores}), max_size=2),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(actions, max_size=6), st.lists(interviews, max_size=3, unique_by=lambda r: r.id))
def test_actions_and_interviews_round_trip_through_both_readers(kept_actions, kept_interviews):
    progress = Progress(actions=sorted(kept_actions, key=lambda a: a.time), interviews=kept_interviews)
    raw = encode_progress(progress)
    slow = progress_from_json(json.loads(raw))
    fast = decode_typed(raw)
    assert fast is not None, "a file aieng writes takes the fast path"
    for read in (slow, fast):
        assert sorted(read.actions, key=action_order) == sorted(progress.actions, key=action_order)
        assert read.interviews == sorted(kept_interviews, key=lambda r: (r.started, r.id))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["actions"].append({"card": "x", "action": "explode", "time_us": 1}), "actions[0].action"),
        (lambda d: d["actions"].append({"card": "x", "action": "mark", "time_us": 10**30}), "actions[0].time_us"),
        (lambda d: d.__setitem__("actions", "all of them"), "'actions' must be a list"),
        (lambda d: d["interviews"].append({"id": "a", "started": "soon"}), "interviews[0].started"),
        (
            lambda d: d["interviews"].append(
                {"id": "a", "started": START.isoformat(), "seed": 1, "score": 7, "questions": [], "topics": []}
            ),
            "interviews[0].score",
        ),
    ],
)
def test_a_damaged_event_is_one_line_naming_it(tmp_path, change, message):
    path = tmp_path / "progress.json"
    document = json.loads(encode_progress(Progress()))
    change(document)
    path.write_text(json.dumps(document))
    with pytest.raises(UnreadableProgress) as caught:
        ProgressFile(path).load()
    assert message in caught.value.message and "left untouched" in caught.value.message


def test_actions_and_interviews_are_journaled_then_folded(tmp_path):
    file = ProgressFile(tmp_path / "progress.json")
    progress = file.load()
    action = CardAction("term:rag:recall", START, "suspend")
    record = InterviewRecord("20260302T090000-1", START, 1, 0.5, [{"id": "q", "score": 0.5}], [])
    progress.actions.append(action)
    file.record_action(progress, action)
    progress.interviews.append(record)
    file.record_interview(progress, record)
    assert file.journal.exists() and file.load().actions == [action] and file.load().interviews == [record]
    file.compact(progress)
    assert not file.journal.exists() and file.load().interviews == [record]
