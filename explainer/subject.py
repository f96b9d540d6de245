"""Whose right a question is about: the licensed work itself, what is made with it, or the user.

A card's rights are written for a model; under a license for data, code or fonts its "model" rights are the
work's and its output rights are about what is made WITH the work. A question about ownership asks either
whether the licensor claims something or whether the user owns it: one is the other's opposite. This module
reads which one a question means; `decide` applies it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import understand
from .corpus import Corpus
from .resolve import Resolved
from .understand import Asked

# the user named as the owner ("do I own what it writes?"): the opposite of the licensor's claim
USER_OWNS = re.compile(r"\b(do|does|will|would) (i|we|the user|users|my \w+|our \w+) "
                       r"(actually |really |still |even |fully |legally |then )?(own|get to keep|keep|hold|have)\b"
                       r"|\b(that|whether) (i|we) (actually |really |fully |legally )?(own|hold)\b"
                       r"|\b(is|are) (it|they|the \w+|these|those) (mine|ours|my property)\b|\bmine\b|\bours\b"
                       r"|\b(owned|held) by (me|us|myself|ourselves)\b|\bbelongs? to (me|us)\b")  # the passive voice

# "Does Meta own / claim my fine-tune?": the licensor named as the owner (not "who owns it?", not "do I own it?")
LICENSOR_OWNS = re.compile(r"\b(does|do|will|would|could|can|did) (?!(i|we|you|my|our)\b)[\w.-]+( \w+)? "
                           r"(own|claim|get|take|acquire|retain|keep|hold)\b"
                           r"|\b(owned|claimed|held|retained) by (?!(me|us|you|myself|ourselves)\b)"  # the passive voice
                           r"|\bbelongs? to (?!(me|us|you)\b)")


# -- the licensed work itself, under a license for data, code or fonts ------------------------------------------
# Cards for licenses of data, code, fonts or photos read their model rights as the work's ("For a data license,
# 'the model' in the rights below means the data"); their output rights are about what is made WITH the work
# (results, generated documents, a trained model). A question that names nothing made with the work asks about
# the work itself.
MODEL_WORK = "model"  # corpus license kind of a license for AI models; others (content, software) cover a work
OUTPUT_TOPICS = ("outputs_commercial", "train_other_models_on_outputs", "output_attribution")
SERVICE_TOPIC = "hosted_service_or_api"  # for a data or font license: serving what was made with it
# the rights a work license grants on the work itself, as its card reads them
WORK_RIGHTS = ("model_commercial_use", "redistribute_weights", "derivatives_allowed", "license_copy", "notice_file",
               "attribution_or_naming")
# the output topic's counterpart for the work, when no work right is among the question's candidates
WORK_COUNTERPART = {"outputs_commercial": "model_commercial_use", "train_other_models_on_outputs": "derivatives_allowed",
                    "output_attribution": "attribution_or_naming", SERVICE_TOPIC: "redistribute_weights"}
# something made with the work: the question is then about results, not the work
MADE_WITH = re.compile(r"\b(outputs?|results?|generat\w*|produced|produc\w+ work|made (with|from|using)|"
                       r"created (with|from|using)|insights?|(trained|train|training|fine-?tun\w*) (a|an|my|our|the) "
                       r"(\w+ )?models?|models? (i|we) trained|documents?|images? (i|we) (made|make|create)|"
                       # the work as the one that produces: "the text it writes", "its answers"
                       r"(it|they) (writes?|wrote|makes?|made|creates?|created|draws?|drew|says?|said|answers?|"
                       r"predicts?|returns?|suggests?|composes?|paints?)|its (replies|answers|completions|predictions|"
                       r"suggestions|text|images?|pictures?|art|audio|music|code)|completions?|predictions?)\b")
# the question says the licensed work is a model ("sell images from a CC BY-NC model"): its outputs are outputs
MODEL_NAMED = re.compile(r"\b(models?|weights|checkpoints?|loras?|fine-?tunes?|finetunes?)\b")
# the question hands out copies of the work ("sell copies", "share it", "publish our version")
HANDS_OUT = re.compile(r"\b(cop(y|ies)|shar\w*|distribut\w*|redistribut\w*|publish\w*|upload\w*|releas\w*|"
                       r"convey\w*|hand\w* out|give (it|them) away)\b")


def _covers_a_work(resolved: Resolved, corpus: Corpus) -> bool:
    """Whether the license is one for data, code, fonts or photos rather than for an AI model (the corpus's
    own kind of the license)."""
    entry = corpus.licenses.get(resolved.key)
    return entry is not None and getattr(entry, "kind", MODEL_WORK) != MODEL_WORK


def about_the_work(resolved: Resolved, asked: Asked, corpus: Corpus) -> Asked:
    """"Can we publish our version of the dataset?", "sell binaries of my modified GPL program?": under a license
    for a work (data, code, fonts), a question routed to what is made with the work but naming nothing made with
    it is about the work itself; it is re-read as the work's own right: the best of its candidates among the
    work's rights, else the output topic's counterpart. Selling or sharing copies of the work is sharing it."""
    topic = asked.topic
    output_like = topic in OUTPUT_TOPICS or (topic == SERVICE_TOPIC and _is_content(resolved, corpus))
    if (not output_like or resolved.model or not _covers_a_work(resolved, corpus)  # a model's outputs are outputs
            or MADE_WITH.search(understand.fold(asked.asking)) or MODEL_NAMED.search(understand.fold(asked.asking))):
        return asked
    candidates = [t for t, _ in asked.candidates if t in WORK_RIGHTS]
    work = candidates[0] if candidates else WORK_COUNTERPART[topic]
    if (work == "model_commercial_use" and asked.kind == "permission"
            and HANDS_OUT.search(understand.fold(asked.asking))):
        work = "redistribute_weights"
    return replace(asked, topics=(work, *(t for t in asked.topics if t != work)))


def _is_content(resolved: Resolved, corpus: Corpus) -> bool:
    entry = corpus.licenses.get(resolved.key)
    return entry is not None and getattr(entry, "kind", "") == "content"
