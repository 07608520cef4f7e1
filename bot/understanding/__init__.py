"""Understanding: what a citizen's message is (question, report, emergency, ...), before any flow runs.

Editable patterns (rules.yaml, extended by the KB's understanding.yaml) decide where they are sure; a
classifier trained on the labelled corpus in data/ decides the rest, given the conversation context.
"""

from bot.understanding.kinds import CONTEXTS, Kind, Reading
from bot.understanding.understander import Understander, default_understander, understander_for_kb

__all__ = ["CONTEXTS", "Kind", "Reading", "Understander", "default_understander", "understander_for_kb"]
