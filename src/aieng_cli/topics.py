"""The fixed list of knowledge-base topics, in teaching order (fundamentals first)."""

from typing import NamedTuple


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
