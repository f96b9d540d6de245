"""A claim about which license a model is under, asked to be confirmed: "qwen 2.5 is apache 2.0 so the 72b is too,
right? we can use it with no strings?", "kimi k2 is mit so there are zero extra conditions, right?".

The claimed license is resolved like any name; when the model's own terms are another license, the claim does not
hold and the answer is `no`, quoting the opening of the terms that do apply. A claim that names the license the
model is really under is left to the other stages (what that license lets you do is then the question).
"""

from __future__ import annotations

import re

from . import decide as _decide  # Decision; decide imports this module in turn
from . import understand
from .corpus import Corpus
from .errors import ExplainerError
from .quotes import of_clause
from .resolve import Resolved, from_name
from .understand import Asked

# "<it> is / under / licensed under <a plain license>", or "<license>-based"
CLAIMED = re.compile(r"\b(?:is|it's|its|are|was|being|under|licensed under|uses)\s+(?:just |plain |basically |simply |"
                     r"an? |the |regular |normal |standard )?(?P<name>apache(?:[- ]2(?:\.0)?)?|mit|bsd|cc0|"
                     r"cc[- ]by(?:[- ](?:sa|nc|nd))*(?: 4\.0)?)(?:[- ]?(?:based|style|ish|licensed))?\b")
# the claim's conclusion: the terms add nothing to the plain license
NOTHING_ADDED = re.compile(r"\b(no strings|no conditions|any (strings|conditions)|zero (extra )?(conditions|"
                           r"restrictions|strings|rules)|nothing extra|same as|just a suggestion|don'?t have to|"
                           r"no (extra|additional|other) (conditions|terms|rules|restrictions))\b")
# the claim is what is asked: a tag, or that conclusion
ASKS_CLAIM = re.compile(rf"\b(right|correct|true)\b|{NOTHING_ADDED.pattern}")
PLAIN_NAMES = {"apache": "apache 2.0", "bsd": "bsd-new"}  # a family named bare: its usual version
TOPIC = "use_restrictions"  # the terms' conditions beyond the claimed license


def claimed_key(question: str, corpus: Corpus) -> tuple[str, str] | None:
    """(the claimed license as written, its key), or None when the question claims no plain license."""
    found = CLAIMED.search(question)
    if not found:
        return None
    name = found.group("name")
    key = _plain_key(name, corpus)
    return (name, key) if key else None


def _plain_key(name: str, corpus: Corpus) -> str | None:
    """The key of a plain license as a question names it ("apache" -> apache-2.0), or None."""
    try:
        keys = from_name(corpus, PLAIN_NAMES.get(name, name), "explicit").license_keys
    except ExplainerError:
        return None
    return keys[0] if keys else None


def _spelled(name: str) -> str:
    """A plain license's name as written in an answer: "MIT", "Apache 2.0"."""
    return name.upper() if len(name) <= 3 else name.title()


def _terms(resolved: Resolved, corpus: Corpus) -> tuple[str, object] | None:
    """The title of the terms that apply and their opening clause, or None when it cannot be read."""
    key = resolved.license_keys[0]
    try:
        opening = corpus.clauses(key)[0]
    except (IndexError, KeyError, ExplainerError):
        return None
    entry = corpus.licenses.get(key)
    return (entry.name if entry is not None and entry.name else key), opening


# the whole question is which license it is: "is flux schnell apache 2.0?", "is it under the MIT license?"
IDENTITY_ASKED = re.compile(r"^\W*(?:so |and |but )?(?:is|are|isn't|was) (?!there\b)(?:\S+ ){1,6}?"
                            r"(?<!\bin )(?<!\bof )(?<!\bfor )(?<!\babout )(?<!\bby )(?<!\bfrom )(?<!\bwith )"
                            r"(?:licensed under |released under |under )?(?:the |an? |plain )?"
                            r"(?P<name>apache(?:[- ]2(?:\.0)?)?|mit|bsd|cc0|cc[- ]by(?:[- ](?:sa|nc|nd))*(?: 4\.0)?)"
                            r"(?: licen[cs]e)?\W*$")


def decide(resolved: Resolved, asked: Asked, corpus: Corpus, routed: bool = False):
    """`no` when the question asks to confirm that the model is under a plain license it is not under; else None.
    `routed`: the question was routed to a topic of its own, which keeps it unless the claim's conclusion is that
    the terms add nothing to the plain license ("…, so there are no extra conditions, right?"). A question that
    only asks which license it is ("is flux schnell apache 2.0?") is answered either way."""
    question = understand.fold(asked.question)
    if not resolved.license_keys:
        return None
    identity_asked = IDENTITY_ASKED.search(understand.fold(asked.asking))
    if identity_asked:
        return _identity(resolved, asked, corpus, identity_asked.group("name"))
    if not (NOTHING_ADDED if routed else ASKS_CLAIM).search(question):
        return None
    claimed = claimed_key(question, corpus)
    if claimed is None or claimed[1] in resolved.license_keys:
        return None
    terms = _terms(resolved, corpus)
    if terms is None:
        return None
    title, opening = terms
    conditions = (f"These terms are not plain {_spelled(claimed[0])}: the model is under the {title}, whose own "
                  "conditions apply.")
    return _decide.Decision(TOPIC, "no", conditions, "card", (of_clause(opening),),
                            ("read from the resolved terms: your question names another license",),
                            kind=asked.kind, origin=_decide._text_origin(resolved))


def _identity(resolved: Resolved, asked: Asked, corpus: Corpus, name: str):
    """"is flux schnell apache 2.0?": `yes` when the model's terms are that license, `no` when they are another,
    quoting the opening of the terms that apply."""
    key, terms = _plain_key(name, corpus), _terms(resolved, corpus)
    if key is None or terms is None:
        return None
    title, opening = terms
    held = key in resolved.license_keys
    conditions = f"Yes: the model is under the {title}." if held else \
        f"No: the model is under the {title}, not plain {_spelled(name)}."
    return _decide.Decision("license_identity", "yes" if held else "no", conditions, "card", (of_clause(opening),),
                            ("read from the resolved terms",), kind=asked.kind, origin=_decide._text_origin(resolved))
