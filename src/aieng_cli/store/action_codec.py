"""Card actions in the progress file (a list under "actions") and in the journal (one line each).

A file written before actions existed has no "actions" and reads as none; an older aieng reading
a newer file ignores the key.
"""

from datetime import datetime
from typing import Any

from aieng_cli.core.actions import ACTIONS, CardAction
from aieng_cli.core.records import from_micros, to_micros


class ActionFormatError(ValueError):
    """An action that is not one this version of aieng records."""


def actions_to_json(actions: list[CardAction]) -> list[dict[str, Any]]:
    return [_action_to_json(action, {"time_us": to_micros(action.time)}) for action in actions]


def _action_to_json(action: CardAction, when: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {"card": action.card_id, "action": action.action, **when}
    if action.reason is not None:
        entry["reason"] = action.reason
    return entry


def actions_from_json(raw: Any, high_micros: int) -> list[CardAction]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ActionFormatError("'actions' must be a list")
    actions = []
    for index, item in enumerate(raw):
        where = f"actions[{index}]"
        moment = item.get("time_us") if isinstance(item, dict) else None
        if not isinstance(moment, int) or isinstance(moment, bool) or not 0 <= moment <= high_micros:
            raise ActionFormatError(f"{where}.time_us is missing or out of range")
        actions.append(action_from_json(item, from_micros(moment), where))
    return sorted(actions, key=lambda action: action.time)


def action_from_json(item: Any, moment: datetime, where: str) -> CardAction:
    if not isinstance(item, dict):
        raise ActionFormatError(f"{where} is not an object")
    card, action, reason = item.get("card"), item.get("action"), item.get("reason")
    if not isinstance(card, str) or not card:
        raise ActionFormatError(f"{where}.card must be a card id")
    if action not in ACTIONS:
        raise ActionFormatError(f"{where}.action must be one of {', '.join(ACTIONS)}, not {action!r}")
    if reason is not None and not isinstance(reason, str):
        raise ActionFormatError(f"{where}.reason must be text")
    return CardAction(card, moment, action, reason)


def action_journal_entry(number: int, action: CardAction) -> dict[str, Any]:
    """One journal line's object for an action (an answer's line has a rating instead)."""
    return {"n": number, **_action_to_json(action, {"time": action.time.isoformat()})}
