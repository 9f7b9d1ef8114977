"""The fixed list of knowledge-base topics, in teaching order (fundamentals first)."""

from typing import NamedTuple

from aieng_cli.core.names import letters_key, normalize


class Topic(NamedTuple):
    id: str
    name: str


TOPICS: tuple[Topic, ...] = (
    Topic("foundations", "Foundations"),
    Topic("language-models", "Language models"),
    Topic("foundation-models", "Foundation & multimodal models"),
    Topic("prompting", "Prompt & context engineering"),
    Topic("adaptation", "Model adaptation & training"),
    Topic("retrieval", "Retrieval & RAG"),
    Topic("agents", "Agents & tools"),
    Topic("inference", "Inference & serving"),
    Topic("evaluation", "Evaluation"),
    Topic("safety", "Safety & security"),
    Topic("data", "Data & dataset engineering"),
    Topic("engineering", "AI engineering practice & ecosystem"),
)

TOPIC_NAMES: dict[str, str] = {topic.id: topic.name for topic in TOPICS}
TOPIC_ORDER: dict[str, int] = {topic.id: index for index, topic in enumerate(TOPICS)}

_BY_KEY: dict[str, str] = {
    **{letters_key(topic.name): topic.id for topic in TOPICS},
    **{letters_key(topic.id): topic.id for topic in TOPICS},
}


def topic_names() -> dict[str, str]:
    """Each topic's id and name, normalised as term names are, to its id (for "Did you mean")."""
    return {normalize(text): topic.id for topic in TOPICS for text in (topic.id, topic.name)}


def topic_matches(text: str) -> list[str]:
    """The topic ids `text` may name, in teaching order: the one it names exactly (an id or a
    name, in any case and punctuation: `retrieval`, `Retrieval & RAG`), else every topic whose id
    or name begins with it (`retr`; `e` gives evaluation and engineering)."""
    key = letters_key(text)
    if key in _BY_KEY:
        return [_BY_KEY[key]]
    starting = {topic_id for name_key, topic_id in _BY_KEY.items() if key and name_key.startswith(key)}
    return sorted(starting, key=TOPIC_ORDER.__getitem__)
