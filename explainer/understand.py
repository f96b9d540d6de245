"""Question understanding: what a question asks, before any license is read.

It finds the kind of question (permission "can I", obligation "do I have to", fact "is it / does it"), its
subject (the model, its outputs, a derivative, the weights, a service), the topic it is about (one of the 13
rights of `rights.yaml` or a fact topic of `topics.yaml`), the specific uses it names, places, and figures with
their time ("next year", "at release", "more than").

Topics are ranked by two signals that each hold up differently under paraphrase: cue expressions (data:
`rights.yaml`, `understanding.yaml`) and a nearest-neighbour classifier over MiniLM embeddings of labelled
example questions (`topics.yaml` examples, `training-questions.yaml`), reordered by a weaker vote of the tuned eval
questions labelled with their topic (`topic-examples.yaml`, `_by_learned`). Below `MIN_CONFIDENCE` the question is
`unclear` and the candidates are named; nothing is guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import yaml

from . import config, embeddings, rights, thresholds, topics, yamlio
from .errors import StorageError

KINDS = ("permission", "obligation", "fact", "threshold")
MIN_CONFIDENCE = 0.45  # combined score below which no topic is taken (the answer is `unclear`)
WEAK_GUESS = 0.6  # a classifier-only score below which a permission that describes a use asks the right to use
CUE_WEIGHT = 0.035  # how much one cue weight point adds to the embedding similarity
KIND_BONUS = 0.12
FIGURE_BONUS = 0.15  # a question stating a user count or revenue leans to the caps  # a topic whose kind matches the question's kind gets this much
RUNNER_UP_SHARE = 0.92  # a second topic is kept when it scores this close to the best
USE_WEIGHT = 9  # cue weight of a question that names a use a license may forbid
FOLLOW_UP_WORDS = 8  # a follow-up with no cue of its own and at most this many words takes the previous topic
FOCUS_SHARE = 0.35  # share of the asking sentence's own similarity when a backstory surrounds it (the rest: the whole text)
FOCUS_MIN_WORDS = 6  # an asking sentence shorter than this ("can we use F5-TTS?", "Permitted?") and with no cue names no topic of its own
PLACE_TOPIC = "geography"  # the topic of a question that names where the asker is and no rule of its own
PLACE_KINDS = ("permission", "fact")  # kinds of such a question a territory answers ("allowed?", "are we excluded?")
USE_TOPIC = "model_commercial_use"  # the right to use the model: a permission that describes a use and names no rule
NEIGHBOURS = 3  # similarity of a topic = mean of its best k example similarities
LEARNED_FILE = "topic-examples.yaml"  # tuned eval questions labelled with their topic (explainer/evals/topic_examples)
LEARNED_WEIGHT = 0.2  # how far their similarity moves a topic against the best-scored one
LEARNED_TIE = 0.001  # how far above (or below) the best-scored topic a rival they prefer may end
# rights whose verdict already answers a fact question literally ("Is it non-commercial?" yes = it is)
FACT_RIGHTS = {"licensor_claims_outputs", "non_commercial_only", "restrictions_flow_down", "user_or_revenue_threshold"}
# a fact question that names a rule ("does X have the same requirement?", "is there a clause about …?"): whether a
# duty exists, so duty topics fit it as well as fact topics
FACT_ABOUT_RULE = "fact_about_rule"
OBLIGATION_RIGHTS = {"attribution_or_naming"}  # its question is "do I have to credit …?"


@dataclass(frozen=True)
class Asked:
    """What a question asks: read once, used by every later stage."""

    question: str
    kind: str  # permission | obligation | fact | threshold
    topics: tuple[str, ...]  # best first; empty = unclear
    subjects: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()  # prohibited-use ids the question names
    places: tuple[str, ...] = ()
    figures: tuple[thresholds.Figure, ...] = ()
    triggers: tuple[str, ...] = ()  # surfaces the question says it reaches: copies | service | publish
    unrestricted: bool = False  # "can I use it for any purpose / whatever I want?"
    later: bool = False  # the figure is about later growth ("next year", "if we grow past")
    at_release: bool = False
    routed_by: str = "none"  # cues | classifier | cues+classifier | previous turn | place | use | none
    confidence: float = 0.0
    candidates: tuple[tuple[str, float], ...] = ()  # the closest topics with their scores (shown when unclear)
    focus: str = ""  # the sentences that ask (a backstory around them is context, not the question)
    checks_policy: bool = False  # "is <my activity> ok under the use policy?"
    waives: bool = False  # "can we skip the badge?": the duty asked turned round (yes = you need not)

    @property
    def asking(self) -> str:
        """The asking part, folded: where "do I own …" or "do I have to …" is read (not "I assumed they were mine")."""
        return self.focus or fold(self.question)

    @property
    def topic(self) -> str | None:
        return self.topics[0] if self.topics else None

    @property
    def clear(self) -> bool:
        return bool(self.topics)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "topics": list(self.topics), "subjects": list(self.subjects),
                "triggers": list(self.triggers),
                "uses": list(self.uses), "places": list(self.places), "routed_by": self.routed_by,
                "waives": self.waives,
                "confidence": round(self.confidence, 3),
                "candidates": [{"topic": t, "score": round(s, 3)} for t, s in self.candidates]}


@dataclass(frozen=True)
class Keeper:
    """Something a question can state that meets the one condition of a conditional permission (understanding.yaml
    `keepers`): "a free public chatbot, nobody pays" under "only a paid hosted service needs an agreement"."""

    name: str
    condition: re.Pattern  # found in the card's conditions: the permission is limited only in that case
    question: re.Pattern  # found in the question: the asker is outside that case
    unless: re.Pattern  # found in the question: it is in the case after all ("a free tier and a paid plan")
    says: str
    topics: tuple[str, ...] = ()  # the topics it applies to, beside every permission (a fact such as later_version)


@dataclass(frozen=True)
class Breaker:
    """Something a question can state that breaks a conditional permission (understanding.yaml `breakers`)."""

    name: str
    condition: re.Pattern  # found in the card's conditions: the permission depends on it
    question: re.Pattern  # found in the question: the asker will not meet it
    says: str
    skip: tuple[str, ...] = ()  # rights it does not apply to
    with_figures: bool = True  # False: a verdict the question's figures decided stands (below the cap)
    affirmed: bool = False  # True: its words count only where the question does not deny them ("i don't make money")
    duty: bool = False  # True: it leaves a duty undone, so it also reads a duty asked as leave ("without the text?")
    entry: str = ""  # the card's entry for the duty it leaves undone ("license_copy"), read when another is routed


@dataclass(frozen=True)
class _Data:
    kinds: tuple[tuple[str, tuple[re.Pattern, ...]], ...]
    subjects: tuple[tuple[str, re.Pattern], ...]
    cues: dict[str, tuple[tuple[re.Pattern, int], ...]]
    families: tuple[str, ...]
    later: re.Pattern
    unrestricted: re.Pattern
    follow_up: re.Pattern
    triggers: tuple[tuple[str, re.Pattern], ...]
    regions: dict[str, tuple[str, ...]]
    release: re.Pattern
    strict: re.Pattern
    places: tuple[str, ...]
    text_rights: dict[str, dict[str, re.Pattern | str]] = field(default_factory=dict)
    non_commercial_use: re.Pattern | None = None
    asks_what_text_says: re.Pattern | None = None
    cap_exceptions: tuple[tuple[re.Pattern, re.Pattern, str], ...] = ()
    excluded_users: dict[str, tuple[re.Pattern, re.Pattern, str]] = field(default_factory=dict)
    spellings: tuple[tuple[str, str], ...] = ()
    shorthands: re.Pattern | None = None
    shorthand_words: dict[str, str] = field(default_factory=dict)
    registration: dict[str, re.Pattern] = field(default_factory=dict)
    carve_outs: re.Pattern | None = None
    carve_out_kinds: tuple[tuple[re.Pattern, re.Pattern], ...] = ()
    exception_unsaid: dict[str, re.Pattern] = field(default_factory=dict)
    cap_open: tuple[tuple[re.Pattern, re.Pattern, re.Pattern, str], ...] = ()  # scope, denied, affirmed, says
    activity_barred: re.Pattern | None = None  # "would using it to … violate the AUP?"
    details: tuple[tuple[str, re.Pattern, re.Pattern, str], ...] = ()  # name, asked, given by a rule, in words
    revocation: dict[str, re.Pattern] = field(default_factory=dict)
    policy_check: re.Pattern | None = None
    naming: dict[str, re.Pattern] = field(default_factory=dict)
    disclosure: re.Pattern | None = None
    disclosure_required: re.Pattern | None = None
    asks_now: re.Pattern | None = None
    asks_later: re.Pattern | None = None
    demonyms: dict[str, str] = field(default_factory=dict)
    language_use: str = ""
    demonym_party: str = ""  # a demonym naming the place of a party or of the law
    place_denied: str = ""  # a place named only to deny it ("isn't EU")
    place_not_named: tuple[tuple[str, str], ...] = ()  # (place or "*", pattern): a place's name used for another thing
    vague_members: dict = field(default_factory=dict)  # region -> members too vague to place a named place in it
    licensor: str = ""  # the licensor family: the names people call licensors by
    worldwide: re.Pattern | None = None
    sanctions_only: frozenset[str] = frozenset()
    end_users: re.Pattern | None = None
    breakers: tuple[Breaker, ...] = ()
    keepers: tuple[Keeper, ...] = ()
    duty_breakers: tuple[Breaker, ...] = ()
    duty_concepts: tuple[tuple[str, re.Pattern], ...] = ()
    fact_exception: re.Pattern | None = None
    asks_limits: re.Pattern | None = None
    asks_forbidden: re.Pattern | None = None
    derivative_status: dict[str, re.Pattern] = field(default_factory=dict)
    relicensing: dict[str, re.Pattern] = field(default_factory=dict)
    asks_free: re.Pattern | None = None
    pays_licensor: re.Pattern | None = None  # money the licensor may ask of the user: a fee, a royalty, "anything"
    earlier_terms: re.Pattern | None = None
    asks_venue: re.Pattern | None = None
    points_back: re.Pattern | None = None
    surfaces_denied: dict[str, re.Pattern] = field(default_factory=dict)
    duty_scopes: tuple[tuple[str, re.Pattern], ...] = ()
    asks_activity_restricted: re.Pattern | None = None
    asks_activity_barred: re.Pattern | None = None
    cure: dict[str, re.Pattern] = field(default_factory=dict)
    liability_cap: dict[str, re.Pattern] = field(default_factory=dict)
    file_present: dict[str, re.Pattern] = field(default_factory=dict)
    frames: dict[str, re.Pattern] = field(default_factory=dict)
    not_figures: dict[str, re.Pattern | frozenset[str]] = field(default_factory=dict)
    examples: tuple[tuple[str, str], ...] = field(default=())  # (topic, question)


@dataclass(frozen=True)
class _PartyNames:
    """The licensor family (understanding.yaml `licensor`), put in place of `{licensor}` in a pattern."""

    family: str

    def compile(self, pattern: str) -> re.Pattern:
        return re.compile(pattern.replace("{licensor}", self.family))


@lru_cache(maxsize=4)
def _load(path: str, training: str) -> _Data:
    try:
        with open(path, encoding="utf-8") as handle:
            data = yamlio.load(handle)
        parties = _PartyNames(str(data["licensor"]))
        kinds = tuple((kind, tuple(parties.compile(p) for p in patterns)) for kind, patterns in data["kinds"].items())
        subjects = tuple((name, re.compile(p)) for name, p in data["subjects"].items())
        cues = {name: tuple((parties.compile(c["re"]), int(c["w"])) for c in items)
                for name, items in data["cues"].items()}
        time = data["time"]
        # longest first, then by name: places of one length never keep a set's per-process hash order
        places = tuple(sorted({str(p).lower() for p in data["places"]}, key=lambda p: (-len(p), p)))
        examples = list(_examples(training))
        return _Data(
            kinds=kinds, subjects=subjects, cues=cues, families=tuple(str(f).lower() for f in data["families"]),
            later=re.compile(time["later"]), unrestricted=re.compile(data["unrestricted"]),
            follow_up=re.compile(data["follow_up"]),
            triggers=tuple((name, re.compile(p)) for name, p in data["triggers"].items()),
            regions={name: tuple(str(m).lower() for m in members) for name, members in data["regions"].items()},
            release=re.compile(time["release"]), strict=re.compile(time["strict"]), places=places,
            text_rights=_text_rights(data["text_rights"]),
            non_commercial_use=re.compile(data["non_commercial_use"]),
            asks_what_text_says=re.compile(data["asks_what_text_says"]),
            cap_exceptions=tuple((re.compile(e["scope"]), re.compile(e["question"]), e["says"])
                                 for e in (data.get("cap_exceptions") or {}).values()),
            cap_open=tuple((re.compile(e["scope"]), re.compile(e["question"]), re.compile(e["affirms"]), e["open"])
                           for e in (data.get("cap_exceptions") or {}).values() if e.get("affirms")),
            excluded_users={name: (re.compile(e["asker"]), re.compile(e["except"]), e["says"])
                            for name, e in (data.get("excluded_users") or {}).items()},
            spellings=tuple((str(k).lower(), str(v).lower()) for k, v in (data.get("spellings") or {}).items()),
            shorthands=_whole_words(data.get("shorthands") or {}),
            shorthand_words={str(k).lower(): str(v).lower() for k, v in (data.get("shorthands") or {}).items()},
            registration={k: re.compile(v) for k, v in data["registration"].items()},
            carve_outs=re.compile(data["carve_outs"]),
            carve_out_kinds=tuple((re.compile(rf"\b({k['question']})"), re.compile(k["item"], re.I))
                                  for k in (data.get("carve_out_kinds") or {}).values()),
            exception_unsaid={k: re.compile(v) for k, v in data["exception_unsaid"].items()},
            activity_barred=re.compile(data["activity_barred"]),
            details=tuple((name, re.compile(d["question"]), re.compile(d["value"], re.I), str(d["says"]))
                          for name, d in (data.get("details") or {}).items()),
            revocation={k: re.compile(v) for k, v in data["revocation"].items()},
            policy_check=re.compile(data["policy_check"]),
            naming={k: re.compile(v) for k, v in data["naming"].items()},
            disclosure=re.compile(data["disclosure"]["question"]),
            disclosure_required=re.compile(data["disclosure"]["requires"], re.I),
            asks_now=re.compile(time["asks_now"]), asks_later=re.compile(time["asks_later"]),
            demonyms={str(k).lower(): str(v).lower() for k, v in (data.get("demonyms") or {}).items()},
            language_use=str(data.get("language_use") or ""), demonym_party=str(data.get("demonym_party") or ""),
            place_denied=str(data.get("place_denied") or ""), licensor=parties.family,
            place_not_named=tuple((str(k), str(v)) for k, v in (data.get("place_not_named") or {}).items()),
            vague_members={str(k): tuple(str(m).lower() for m in v)
                           for k, v in (data.get("vague_members") or {}).items()},
            worldwide=re.compile(data["worldwide"]),
            sanctions_only=frozenset(str(p).lower() for p in data["sanctions_only"]),
            end_users=re.compile(data["end_users"]) if data.get("end_users") else None,
            breakers=tuple(_breaker(name, b) for name, b in (data.get("breakers") or {}).items()),
            keepers=tuple(Keeper(name, re.compile(k["condition"], re.I), re.compile(k["question"]),
                                 re.compile(k["unless"]), k["says"], tuple(k.get("topics") or ()))
                          for name, k in (data.get("keepers") or {}).items()),
            duty_breakers=tuple(_breaker(name, b) for name, b in (data.get("duty_breakers") or {}).items()),
            fact_exception=re.compile(data["fact_exception"]), asks_limits=re.compile(data["asks_limits"]),
            asks_forbidden=re.compile(data["asks_forbidden"]),
            asks_free=re.compile(data["asks_free"]), pays_licensor=parties.compile(data["pays_licensor"]),
            earlier_terms=re.compile(data["earlier_terms"]), asks_venue=re.compile(data["asks_venue"]),
            points_back=re.compile(data["points_back"]),
            surfaces_denied={k: re.compile(v) for k, v in data["surfaces_denied"].items()},
            duty_scopes=tuple((k, re.compile(v)) for k, v in data["duty_scopes"].items()),
            asks_activity_restricted=re.compile(data["asks_activity_restricted"]),
            asks_activity_barred=re.compile(data["asks_activity_barred"]),
            cure={k: re.compile(v) for k, v in data["cure"].items()},
            liability_cap={k: re.compile(v) for k, v in data["liability_cap"].items()},
            file_present={k: re.compile(v) for k, v in data["file_present"].items()},
            derivative_status={k: re.compile(v) for k, v in data["derivative_status"].items()},
            relicensing={k: re.compile(v) for k, v in data["relicensing"].items()},
            duty_concepts=tuple((name, re.compile(p, re.I)) for name, p in (data.get("duty_concepts") or {}).items()),
            frames={k: parties.compile(v) for k, v in data["frames"].items()},
            not_figures=_not_figures(data["figures"]),
            examples=tuple(examples))
    except (OSError, KeyError, TypeError, re.error, yaml.YAMLError) as exc:
        raise StorageError(f"cannot read the question-understanding data {path}: {exc}") from exc


def _whole_words(words: dict) -> re.Pattern | None:
    """One pattern finding any of `words` as a whole word (not inside another: "u" in "use", "ppl" in "apple")."""
    if not words:
        return None
    alternatives = "|".join(re.escape(str(w).lower()) for w in sorted(words, key=lambda w: -len(str(w))))
    return re.compile(rf"(?<![\w'/])({alternatives})(?![\w'/])")


def _not_figures(found: dict) -> dict[str, re.Pattern | frozenset[str]]:
    return {"size_words": re.compile(found["size_words"], re.I),
            "not_model_words": frozenset(str(w).lower() for w in found["not_model_words"]),
            "measure_before": re.compile(found["measure_before"], re.I),
            "measure_after": re.compile(found["measure_after"], re.I),
            "names_the_rule": re.compile(found["names_the_rule"], re.I),
            "names_the_rule_before": re.compile(found["names_the_rule_before"], re.I)}


def _breaker(name: str, found: dict) -> Breaker:
    return Breaker(name, re.compile(found["condition"], re.I), re.compile(found["question"]), found["says"],
                   tuple(found.get("skip") or ()), bool(found.get("with_figures", True)),
                   bool(found.get("affirmed", False)), bool(found.get("duty", False)), str(found.get("entry") or ""))


def _text_rights(found: dict) -> dict[str, dict[str, re.Pattern | str]]:
    negation = re.compile(found["negation"])
    return {name: {**{k: re.compile(v) for k, v in entry.items() if k not in ("says", "found")},
                   "says": entry["says"], "found": entry.get("found", ""), "negation": negation}
            for name, entry in found.items() if name != "negation"}


def _examples(training: str):
    for name, right in rights.rights().items():
        yield name, right.ask
    for name, topic in topics.topics().items():
        yield name, topic.ask
        for example in topic.examples:
            yield name, example
    known = topic_names()
    for path in filter(None, training.split("\n")):
        with open(path, encoding="utf-8") as handle:
            labelled = yamlio.load(handle) or {}
        for name, questions in (labelled.get("questions") or {}).items():
            if name not in known:
                raise StorageError(f"{path}: unknown topic {name!r}")
            for question in questions or ():
                yield name, str(question)


def data() -> _Data:
    root = config.corpus_dir()
    training = "\n".join(str(p) for p in sorted(root.glob("training-questions*.yaml")))
    return _load(str(root / "understanding.yaml"), training)


def topic_names() -> frozenset[str]:
    """Every name a question can be routed to, and so every label an example question may carry: the rights of
    rights.yaml and the topics of topics.yaml."""
    return frozenset(rights.names()) | frozenset(topics.topics())


def topic_kind(name: str) -> str:
    """The topic's kind from topics.yaml (governing_law is a value there), else a right's: permission, or fact
    for the rights whose verdict already states a fact."""
    if name in topics.topics():
        return topics.topics()[name].kind
    if name in OBLIGATION_RIGHTS:
        return "obligation"
    return "fact" if name in FACT_RIGHTS else "permission"


def duty_surfaces(name: str) -> tuple[str, ...]:
    """The surfaces a duty applies to (topics.yaml `when`); a general duty (credit, naming) applies to all."""
    found = topics.topics().get(name)
    return found.when if found and found.when else ("copies", "service", "publish")


def topic_label(name: str) -> str:
    if name in rights.rights():
        return rights.rights()[name].label
    found = topics.topics().get(name)
    return found.label if found else name.replace("_", " ").capitalize()  # a fact read from the text: "Minimum age"



def topic_ask(name: str) -> str:
    if name in rights.rights():
        return rights.rights()[name].ask
    return topics.topics()[name].ask


# -- the signals ---------------------------------------------------------------------------------------------
EMPHASIS = re.compile(r"\*{1,2}([^*\s](?:[^*]{0,40}?[^*\s])?)\*{1,2}")  # "do i *have* to", "**must** we"


# a trailing-off pause inside a sentence ("do our rights just... end?"): not a sentence end
PAUSE = re.compile(r"\b(just|really|actually|like|um|uh|kinda|sorta|well|maybe|basically|simply|totally|then)"
                   r"(?:\.{2,}|…)\s*(?=[a-z])")


def fold(text: str) -> str:
    folded = PAUSE.sub(r"\1 ", " ".join(EMPHASIS.sub(r"\1", text).lower().replace("’", "'").split()))
    for written, read in data().spellings:  # "fine tune" read as "fine-tune"
        folded = folded.replace(written, read)
    if data().shorthands is not None:  # "let ppl know" read as "let people know"
        folded = data().shorthands.sub(lambda m: data().shorthand_words[m.group(1)], folded)
    return folded


SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
CONFIRMATION = re.compile(r"\b(right|true|correct|so|accurate|ok|okay)\W*$")
# the words of a sentence that only asks whether what was said holds ("is that right?", "that ok?", "correct?"); a
# sentence with any other word asks something of its own ("is commercial use ok?")
CONFIRMATION_WORDS = frozenset("is isn't was that this it that's it's right true correct so accurate ok okay am i are "
                               "we really actually still all then yes".split())


def confirms_only(sentence: str) -> bool:
    """A sentence that asks only whether the statement before it holds: then the statement is what is asked."""
    words = [w.strip("\"'()[],:;!?.") for w in sentence.split()]
    if not CONFIRMATION.search(sentence):
        return False  # "non-commercial means that's allowed, correct?" points back at the statement it confirms
    return all(w in CONFIRMATION_WORDS for w in words if w) or points_back(sentence)




def focus(text: str) -> str:
    """The sentences that ask: those ending in "?"; with none, the whole text (lower-case questions often have no
    mark). "We ship on Friday. Do I have to credit Meta?" asks the second sentence."""
    sentences = [s.strip() for s in SENTENCE_END.split(text) if s.strip()]
    asking = [s for s in sentences if s.endswith("?")]
    if asking and sentences[-1] not in asking and QUESTION_OPENING.search(sentences[-1]):
        asking.append(sentences[-1])  # "… the latest version?? is that actually in there": an unmarked last question
    if asking and confirms_only(asking[-1]):
        return text  # "My boss says we must keep a notice. Is that right?": the statement is what is asked
    return " ".join(asking) if asking and len(asking) < len(sentences) else text


# a short lead naming what the question is about, before the question itself: "msr license q: is there a cap …?",
# "falcon 2 11b license — which courts …?"
LABEL = re.compile(r"^(?:[^\s.?!:;—–]+\s+){0,5}[^\s.?!:;—–]+(?::|\s[—–-])\s+"
                   r"(?=(is|are|am|do|does|did|can|could|may|might|will|would|should|must|have|has|what|which|who|"
                   r"where|when|how|why)\b(\W*[^\s?]+){3,})")


# a condition put first by inversion: "should i file suit against them, would i keep my patent license?"
INVERTED_CONDITION = re.compile(r"^\W*(should|were|had) (i|we|you|they|someone|anyone|my \w+|our \w+) [^,?]{3,120}?,\s+"
                                r"(?=(is|are|am|do|does|did|can|could|will|would|may|might|must|have|has)\b)")


def without_label(asking: str) -> str:
    """The asking text without a short lead that only names its subject, and without a condition put first by
    inversion ("should I sue them, …"), so that the question's own opening is read."""
    return INVERTED_CONDITION.sub("", LABEL.sub("", asking, count=1), count=1)


MODEL_WORD = re.compile(r"[a-z][a-z0-9.]*")
WORDS_BESIDE = 2  # words before a glued size that may name the model ("falcon 2 11b", "nemotron nano 9b")
SIZE_LETTERS = ("b", "m")  # "7b", "135m": a parameter count when glued to its number beside a model's name


@lru_cache(maxsize=2)
def _model_words(path: str, skip: frozenset[str]) -> frozenset[str]:
    """Every word of the known models' names and aliases ("zephyr", "nano", "t2v", "lite"), less common words."""
    try:
        with open(path, encoding="utf-8") as handle:
            models = (yamlio.load(handle) or {}).get("models") or []
    except (OSError, yaml.YAMLError) as exc:
        raise StorageError(f"cannot read the models {path}: {exc}") from exc
    words = set()
    for model in models:
        for name in [model.get("name") or "", *(model.get("aliases") or ())]:
            words.update(MODEL_WORD.findall(str(name).lower().split("/")[-1]))
    return frozenset(w for w in words if w not in skip and len(w) > 1)


def model_words() -> frozenset[str]:
    return _model_words(str(config.corpus_dir() / "models.yaml"), data().not_figures["not_model_words"])


def _beside(question: str, start: int, end: int) -> tuple[list[str], list[str]]:
    """The words just before a number and the word just after it (split at spaces, outer punctuation removed)."""
    before = [w.strip("\"'()[],:;!?").lower() for w in question[:start].split()][-WORDS_BESIDE:]
    after = [w.strip("\"'()[],:;!?.").lower() for w in question[end:].split()][:1]
    return before, after


def parameter_count(question: str, figure: thresholds.Figure) -> bool:
    """"zephyr 7b", "the 72b qwen", "nemotron nano 9b v2", "llama-70b": a number glued to b/m that is part of a
    model's name (a name word or a size word beside it, or a dash or letters glued to it), unless a user or revenue
    word follows it ("1.1B users"). Why: the model sizes of every name the corpus knows are never figures."""
    match = thresholds.NUMBER.match(question, figure.start)
    if not match or match.group("cur") or match.group("cur2"):
        return False
    number_end = match.end("mult") if match.group("mult") else -1
    if (match.group("mult") or "").lower() not in SIZE_LETTERS or number_end < 0:
        return False
    if data().not_figures["measure_after"].search(question[number_end:]):
        return False
    glued = figure.start > 0 and (question[figure.start - 1].isalnum() or question[figure.start - 1] in "-_")
    before, after = _beside(question, figure.start, number_end)
    names, sizes = model_words(), data().not_figures["size_words"]
    named = any(w in names for w in before + after) or any(sizes.search(w) for w in after)
    return glued or named


def bare_number_without_measure(question: str, figure: thresholds.Figure) -> bool:
    """"section 13", "18+", "70% owned", "jan 21": a number with no currency and no multiplier counts only when a
    measure stands right beside it ("700,000,000 monthly active users", "users were precisely 700,000,000")."""
    match = thresholds.NUMBER.match(question, figure.start)
    if not match or match.group("mult") or match.group("cur") or match.group("cur2"):
        return False
    shapes = data().not_figures
    return not (shapes["measure_after"].search(question[match.end("num"):])
                or shapes["measure_before"].search(question[:figure.start]))


def names_the_rule(question: str, figure: thresholds.Figure) -> bool:
    """"the 700M MAU section", "the $1M cap", "a 100M-user threshold", "is the cap 700M?": the figure names the
    license's limit, not a count or sum of the user's."""
    match = thresholds.NUMBER.match(question, figure.start)
    return bool(match) and bool(data().not_figures["names_the_rule"].search(question[match.end():])
                                or data().not_figures["names_the_rule_before"].search(question[:figure.start][-60:]))


def named_limits(question: str) -> list[thresholds.Figure]:
    """The figures a question gives as the value of the license's limit ("does it have a 100M MAU cap?", "is the
    cap $1M?"), which a fact question asks about, not sizes of the asker's to judge."""
    return [figure for figure in thresholds.figures(question)
            if names_the_rule(question, figure) and not parameter_count(question, figure)]


def question_figures(question: str) -> list[thresholds.Figure]:
    """The user counts and sums a question states, less the numbers that only look like one (model sizes,
    sections, ages, shares, dates, the license's own limit named by its figure)."""
    return [figure for figure in thresholds.figures(question)
            if not parameter_count(question, figure) and not bare_number_without_measure(question, figure)
            and not names_the_rule(question, figure)]


def kind_of(text: str) -> str:
    """The kind of the asking text. A fact read from it yields to a request the text also makes: "R1 is MIT now,
    right? can I distill it and sell that?" confirms a premise, then asks a permission; "is that allowed, or does
    it count as banned 'financial advice'?" asks a permission with a doubt attached; "want to train a LoRA on its
    outputs. isn't that banned?" asks whether what the asker wants to do is allowed."""
    stated = stated_kind(text)
    if stated == "fact":
        return request_kind(text) or stated
    if stated == "obligation" and _first_alternative_asks_leave(text):
        return "permission"  # "is that even allowed or do we need the paid license first?": the first asks leave
    return stated or "permission"


def _first_alternative_asks_leave(text: str) -> bool:
    """An alternative question ("A, or do we need B?") whose first alternative asks leave ("is that allowed")."""
    alternatives = [u for u in re.split(ALTERNATIVE, text) if u.strip()]
    if len(alternatives) < 2:
        return False
    first = re.split(r"(?<=[?!.])\s+", alternatives[0].strip())[-1]  # the sentence the alternative opens in
    frames = data().frames
    kind = stated_kind(first)
    return kind == "permission" or (kind is None and bool(frames["permission_opening"].search(first)
                                                          or frames["grants"].search(first)))


def waives_duty(asking: str) -> bool:
    """The asking clause asks leave to skip a duty ("can we skip the 'built with' badge since we never ship the
    weights?"): it is the duty's question turned round, so it is read as the duty and answered the other way."""
    return bool(data().frames["waive"].search(asking))


def intended_kind(text: str, asking: str, kind: str) -> str:
    """"want to train a LoRA on its outputs and release it. isn't using outputs for training banned?": a question
    whether something is banned, after the asker says what it wants to do, asks whether it may do it."""
    frames = data().frames
    if kind != "fact" or asking == text or not frames["doubt_banned"].search(asking) or points_back(asking):
        return kind
    return "permission" if frames["intent"].search(backstory(text, asking)) else kind


# the "or" that joins two questions ("is that allowed, or do we need a license?")
ALTERNATIVE = r",?\s+\bor\s+(?=(?:is|are|does|do|did|would|will|can|could|should|must|am|has|have)\b)"
QUESTION_UNIT = re.compile(rf"(?<=[?!.])\s+|{ALTERNATIVE}")


def question_units(text: str) -> list[str]:
    """The separate questions of an asking text: its sentences, and the alternatives "…, or does it …" joins."""
    return [unit.strip() for unit in QUESTION_UNIT.split(text) if unit and unit.strip()]


def request_kind(text: str) -> str | None:
    """The kind of the first request among the separate questions of a text read as a fact (a permission or a duty
    asked in its own words, a clause opening on "can I", or a predicate that grants: "is that allowed"), or, for a
    single question whether an activity is forbidden, the permission the text's stated intent asks ("we want to
    … . isn't that banned?"). None: the text asks only facts."""
    frames = data().frames
    units = question_units(text)
    if len(units) > 1:
        for unit in units:
            kind = stated_kind(unit)
            if kind in ("permission", "obligation"):
                return kind
            if kind is None and (frames["permission_opening"].search(unit) or frames["grants"].search(unit)):
                return "permission"
    return None


def stated_kind(text: str) -> str | None:
    """The kind the question's own words say, or None when none does (then it reads as a permission question).
    The closed phrasings of `kinds` come first, except that a license that "makes / forces me" do something asks
    an obligation and one that "permits / lets / allows" someone something asks a permission, before any fact
    phrasing is read ("does the license …?" alone reads as a fact), and a duty that binds the licensor ("are the
    authors required to notify me?") is a fact about them; with no phrasing matched, the frame of the
    asking clauses decides (`frame_kind`)."""
    for kind, patterns in data().kinds:
        if kind == "fact" and data().frames["compel"].search(text):
            return "obligation"
        if kind == "fact" and (data().frames["grant"].search(text) or data().frames["leave_opening"].search(text)):
            return "permission"
        if any(p.search(text) for p in patterns):
            return "fact" if kind == "obligation" and data().frames["licensor_duty"].search(text) else kind
    return frame_kind(text)


def clauses(text: str) -> list[str]:
    """The clauses of the asking text, each starting where a question's frame may start: after a sentence end, a
    comma or colon, or a coordinating word ("Stability AI being British, is its license subject to English law?")."""
    parts = re.split(r"[?.!]+(?:\s+|$)|\s*[,:;—–]\s+|\s+-\s+|\b(?:and|but|so|or)\s+(?=(?:is|are|does|do|can|could|must|will|would)\b)",
                     text)
    return [p.strip() for p in parts if p and p.strip()]


def frame_kind(text: str) -> str | None:
    """The kind read from the grammatical frame of an asking clause, for a question no phrasing of `kinds` names.
    A duty word asks an obligation (unless the licensor is the one bound); what someone else can do to the license,
    "is/are <a thing> <state>" and "does <a thing> <verb>" ask whether something holds (a fact); a clause opening
    on "can I / am I allowed" keeps the permission reading. None: nothing in the frame says (a permission)."""
    frames = data().frames
    for sentence in SENTENCE_END.split(text.replace("?", "? ")):
        tagged = tagged_statement_kind(sentence.strip(), frames)
        if tagged:
            return tagged
        found = _sentence_frame_kind(sentence.strip(), frames)
        if found != "unsaid":
            return found
    return None


QUESTION_OPENING = re.compile(r"^\W*(is|are|am|was|were|do|does|did|can|could|may|might|will|would|should|must|have|has|"
                              r"isn't|aren't|don't|doesn't|can't|what|which|who|how|where|when|why)\b")


def tagged_statement_kind(sentence: str, frames: dict[str, re.Pattern]) -> str | None:
    """A statement closed by a question tag asks whether the statement holds; its own modality says what kind:
    "we don't need any badge, do we?" asks a duty, "that's fine under the policy, right?" a permission, and "cc0
    gives me their patent rights too, right?" (no modality) a fact. A last clause worded as a statement and closed
    by "?" ("I am owner of them?") reads the same way. None: the sentence is neither."""
    if not sentence.rstrip().endswith("?") or QUESTION_OPENING.search(sentence):
        return None  # "can I use it (I don't share the model)?": a question already, its own frame decides
    tag = frames["tag"].search(sentence)
    if tag and tag.start() > 0:
        statement = sentence[:tag.start()]
    else:  # no tag: a last clause worded as a statement ("the outputs, I am owner of them?") asks the same
        last = (clauses(sentence) or [""])[-1]
        if not frames["declarative"].search(last):
            return None
        statement = last
    if QUESTION_OPENING.search(statement):
        return None  # "is it ok?", "can I sell it, right?": a question already, its own frame decides
    if frames["statement_power"].search(statement.strip()):
        return "fact"  # "nvidia can't change the terms on us, right?": the licensor's power, not the asker's leave
    if frames["statement_duty"].search(statement):
        return "obligation"
    if frames["statement_grant"].search(statement):
        return "permission"
    return "fact"


def _sentence_frame_kind(sentence: str, frames: dict[str, re.Pattern]) -> str | None:
    """One sentence's frame kind ("unsaid" when no clause of it has one); a grant word anywhere in the sentence
    ("Is using its outputs as training data, say for Mistral, allowed?") keeps the copula reading a permission."""
    grants = bool(frames["grants"].search(sentence))
    for clause in clauses(sentence):
        if frames["permission_opening"].search(clause) or frames["subjectless_leave"].search(clause):
            return None
        if (frames["duty"].search(clause) or frames["compel"].search(clause)) and not frames["licensor_duty"].search(clause):
            return "obligation"
        if frames["existential_ban"].search(clause):
            return None
        if frames["third_party_power"].search(clause) or frames["existential"].search(clause):
            return "fact"
        if frames["copula_fact"].search(clause) and not grants:
            return "fact"
        if frames["do_fact"].search(clause) and not (frames["do_grants"].search(clause) or grants):
            return "fact"
    return "unsaid"


def subjects_of(text: str) -> tuple[str, ...]:
    return tuple(name for name, pattern in data().subjects if pattern.search(text))


WORLDWIDE = "worldwide"


def sanctions_only(place: str) -> bool:
    """An exclusion of sanctioned or embargoed places only (not a region such as the EU)."""
    return place in data().sanctions_only


def places_in(text: str) -> tuple[str, ...]:
    """Places the question names, with the regions they belong to ("based in Berlin" names the EU too)."""
    found: list[str] = []
    for place in data().places:
        if _names_place(place, text) and not any(place in f for f in found):
            found.append(place)
    for adjective, place in data().demonyms.items():  # "Irish law", "a German company"
        if place not in found and _names_party_place(adjective, text) and not _language_only(adjective, text):
            found.append(place)
    if data().worldwide.search(text):  # "sell it worldwide": every region
        found.append(WORLDWIDE)
    vague = data().vague_members
    other_regions = {r for r, members in data().regions.items() if r in found or any(m in found for m in members)}
    for region, members in data().regions.items():
        named = [m for m in members if m in found]
        if named and all(m in vague.get(region, ()) for m in named) and other_regions - {region}:
            found = [p for p in found if p not in named]  # "i'm in zurich … or is all of europe excluded?": "europe"
            continue  # beside a place of another region places the asker in neither
        if region not in found and named:
            found += [region, "european union"] if region == "eu" else [region]
    return tuple(found)


def _names_place(place: str, text: str) -> bool:
    """`place` is named, and not only to deny it ("since switzerland isn't EU" names switzerland, not the EU), to
    name a rule ("does the EU exclusion apply?") or as another word ("does it apply to us?")."""
    named = len(re.findall(rf"\b{re.escape(place)}\b", text))
    if not named:
        return False
    patterns = [data().place_denied] if data().place_denied else []
    patterns += [pattern for owner, pattern in data().place_not_named if owner in ("*", place)]
    return named > sum(len(re.findall(pattern.replace("{place}", re.escape(place)), text)) for pattern in patterns)


def _names_party_place(demonym: str, text: str) -> bool:
    """`demonym` says where a party or the law is ("a German company", "Irish courts", "we're Dutch"), not where a
    thing comes from ("polish recipes"); without the data pattern, any use of it does."""
    if not re.search(rf"\b{re.escape(demonym)}\b", text):
        return False
    party = data().demonym_party
    return not party or bool(re.search(party.replace("{demonym}", re.escape(demonym)), text))


def _language_only(demonym: str, text: str) -> bool:
    """Every use of `demonym` in the text names a language ("from english to polish"), none a place."""
    if not data().language_use:
        return False
    as_language = len(re.findall(data().language_use.replace("{demonym}", re.escape(demonym)), text))
    return as_language > 0 and as_language == len(re.findall(rf"\b{re.escape(demonym)}\b", text))


def undenied(text: str) -> str:
    """The text less the spans that deny a surface ("(no downloads)", "nothing shipped to outsiders") and less what
    a service's users send in ("customers upload audio"), which hands out nothing."""
    denied = data().surfaces_denied
    return denied["users_send"].sub(" ", denied["negated"].sub(" ", text))


def triggers_of(text: str, described_too: bool = False) -> tuple[str, ...]:
    """The surfaces the question says it uses (copies, a service, publishing), named by the `triggers:` phrases,
    and with `described_too` also the ones it describes in other words (explainer/uses.py: "people who download my
    merged checkpoint" is sharing copies); a surface it denies ("nothing shipped to outsiders") is not one."""
    from . import uses  # the semantic matcher loads embeddings: only when a question is read

    text = undenied(text)
    named = [name for name, pattern in data().triggers if pattern.search(text)]
    found = uses.semantic_surfaces(text) if described_too else ()
    described = [name for name in found if name not in named]
    order = [name for name, _ in data().triggers]
    return tuple(sorted(named + described, key=order.index))


def without_asked_duty(text: str, asking: str) -> str:
    """The question less the duty it asks about: "do I have to open source my weights?" asks whether to share them,
    it does not say they are shared, and "i still need to display 'built with llama', right?" names no app. Only the
    asking sentences are cut (a backstory's "we need to ship it to a client" is the case); a place or a case named
    after the duty ("include the license | in my app", "| when we host it") is kept."""
    pattern = data().surfaces_denied["asked_duty"]
    if not asking or asking == text:
        return pattern.sub(" ", text)
    return text.replace(asking, pattern.sub(" ", asking))


def asked_duty(asking: str) -> str:
    """The duty an obligation question asks about, from its modal to the case it then names ("must I pass the
    restrictions on | to my customers"), or "" when it names none."""
    found = data().surfaces_denied["asked_duty"].search(asking)
    return found.group(0) if found else ""


def case_triggers(text: str, asking: str, kind: str) -> tuple[str, ...]:
    """The surfaces of the case a question describes; an obligation question's own duty is not part of its case. A
    question that says its use stays private ("only run it on my own PC") is not read for surfaces by meaning: what
    it says outright holds over what a sentence about merging or training resembles."""
    if kind != "obligation":
        return triggers_of(text)
    case = without_asked_duty(text, asking)
    return triggers_of(case, described_too=not data().surfaces_denied["private"].search(case))


def duty_scope(first_sentence: str) -> str | None:
    """The one surface a card's conditions limit a duty to ("Only in public statements …": publish), if any."""
    return next((name for name, pattern in data().duty_scopes if pattern.search(first_sentence)), None)


def asks_activity_restricted(asked: Asked) -> bool:
    """"Is that restricted?" about an activity the question describes (not "does it have restrictions?"), or
    "anything in the policy against that?" asking whether that activity is clear (a permission)."""
    asking = fold(asked.asking)
    if asked.kind == "permission":
        return bool(data().asks_activity_barred.search(asking))
    return asked.kind == "fact" and bool(data().asks_activity_restricted.search(asking))


def cure_asked(asked: Asked, conditions: str) -> str | None:
    """Under a termination the card says a cure undoes: "no" for "have I lost it for good / instantly?", "yes" for
    "do I get my rights back if I fix it?", None otherwise."""
    cure = data().cure
    if not cure["card"].search(conditions):
        return None
    text = fold(asked.question)
    if cure["back"].search(text):
        return "yes"
    return "no" if cure["final"].search(text) else None


def cure_missing(asked: Asked, conditions: str) -> bool:
    """A time to cure a breach asked ("am I guaranteed 30 days to fix it?", "is there a grace period?") of a
    termination whose conditions give none."""
    cure = data().cure
    return not cure["card"].search(conditions) and bool(cure["period"].search(fold(asked.question)))


def liability_capped(asked: Asked, conditions: str) -> bool:
    """"Is there a cap on damages?" asked of a liability clause whose conditions name a cap."""
    found = data().liability_cap
    return bool(found["question"].search(fold(asked.question)) and found["card"].search(conditions))


def file_presence_unsettled(asked: Asked, conditions: str) -> bool:
    """A duty that holds only if the work has a file (a NOTICE file), asked about that file by a question that does
    not say the work has one."""
    found, text = data().file_present, fold(asked.question)
    return bool(found["card"].search(conditions) and found["asks"].search(text) and not found["has"].search(text))


def says_private(asked: Asked) -> bool:
    """The question says its use stays private or internal, and names no surface a duty comes with."""
    return not asked.triggers and bool(data().surfaces_denied["private"].search(fold(asked.question)))


def cue_scores(text: str, kind: str | None = None) -> dict[str, int]:
    """Cue weights per topic (rights.yaml, understanding.yaml); a named use counts fully in a permission question."""
    found = dict(rights.scores(text))
    sentences = cue_sentences(text)
    for name, cues in data().cues.items():
        score = sum(weight for pattern, weight in cues if any(pattern.search(one) for one in sentences))
        if score:
            found[name] = found.get(name, 0) + score
    kind = kind or kind_of(text)
    if topics.uses_in(text):
        full = kind == "permission" or (kind == "fact" and bool(data().asks_forbidden.search(text)))
        weight = USE_WEIGHT if full else USE_WEIGHT // 2  # "can I use it for X?" / "is X against the terms?"
        found[topics.PROHIBITED_USE] = found.get(topics.PROHIBITED_USE, 0) + weight
    elif kind == "permission" and data().policy_check.search(text):  # "is <my activity> ok under the policy?"
        found[topics.PROHIBITED_USE] = found.get(topics.PROHIBITED_USE, 0) + USE_WEIGHT
    return found


CUE_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


def cue_sentences(text: str) -> list[str]:
    """The sentences (and semicolon-joined clauses) a cue is looked for in, one at a time. Why: a cue names a verb
    and its object ("write … the license"), and those stand in one sentence; read across a sentence end, "officers
    still write and sign every report. does the license restrict this?" would name passing on the license."""
    return [piece for piece in CUE_SENTENCE_END.split(text) if piece.strip()] or [text]


class _Classifier:
    """Nearest neighbours over MiniLM sentence embeddings of labelled example questions."""

    def __init__(self, examples: tuple[tuple[str, str], ...], kind: str = "question-examples",
                 prepare: Callable[[str], str] | None = None):
        self.prepare = prepare or (lambda text: text)  # the text as examples and questions are compared
        self.labels = [topic for topic, _ in examples]
        self.vectors = embeddings.cached_vectors([self.prepare(question) for _, question in examples], kind)

    def similarities(self, question: str) -> dict[str, float]:
        if self.vectors is None:
            return {}
        sims = self.vectors @ _query_vector(self.prepare(question))
        per_topic: dict[str, list[float]] = {}
        for label, sim in zip(self.labels, sims):
            per_topic.setdefault(label, []).append(float(sim))
        result = {}
        for label, values in per_topic.items():
            best = sorted(values, reverse=True)[:NEIGHBOURS]
            result[label] = 0.5 * best[0] + 0.5 * float(np.mean(best))  # the nearest example counts most
        return result


@lru_cache(maxsize=64)
def _query_vector(question: str) -> np.ndarray:
    """A text's vector, cached: the same text (whole, asking sentence, backstory) is asked of both classifiers, and
    is embedded once unless it names a model (the learned examples are compared without the names)."""
    return np.asarray(embeddings.embedder()([question])[0], dtype=np.float32)


@lru_cache(maxsize=1)
def classifier() -> _Classifier:
    return _Classifier(data().examples)


@lru_cache(maxsize=1)
def learned_classifier() -> _Classifier:
    """The classifier over the tuned eval questions labelled by explainer/evals/topic_examples.py, compared without
    the models' names: many questions about one model ask one thing (hosting FLUX.1 [dev]), and the name would
    vote for it whatever is asked ("can i use flux dev at home just for fun?")."""
    return _Classifier(_learned_examples(str(config.corpus_dir() / LEARNED_FILE)), "topic-examples", _without_names)


def _without_names(text: str) -> str:
    from . import uses  # the semantic matcher loads embeddings: only when a question is read

    return uses.without_model_names(" ".join(text.lower().split()))


def has_data() -> bool:
    """Whether the corpus holds the question-understanding data (a small corpus of license texts may not)."""
    return (config.corpus_dir() / "understanding.yaml").is_file()


def warm() -> None:
    """Compute (or read from the cache folder) both classifiers' example vectors now."""
    classifier()
    learned_classifier()


@lru_cache(maxsize=2)
def _learned_examples(path: str) -> tuple[tuple[str, str], ...]:
    known = topic_names()
    try:
        with open(path, encoding="utf-8") as handle:
            rows = (yamlio.load(handle) or {}).get("examples") or []
        found = tuple((str(row["topic"]), str(row["text"])) for row in rows)
    except FileNotFoundError:
        return ()
    except (OSError, KeyError, TypeError, AttributeError, yaml.YAMLError) as exc:
        raise StorageError(f"cannot read the labelled topic examples {path}: {exc}") from exc
    unknown = sorted({name for name, _ in found} - known)
    if unknown:
        raise StorageError(f"{path}: unknown topic {unknown[0]!r}")
    return found


# -- the stage -----------------------------------------------------------------------------------------------
def similarities(text: str, own: str | None, found: _Classifier | None = None) -> dict[str, float]:
    """Classifier similarity per topic (`found`: the classifier to ask, the one over our example questions by
    default); `own` (`focus_text`), when there is one, weighs `FOCUS_SHARE`."""
    found = found or classifier()
    sims = found.similarities(text)
    if own is None or not sims:
        return sims
    mine = found.similarities(own)
    return {name: (1 - FOCUS_SHARE) * value + FOCUS_SHARE * mine.get(name, 0.0) for name, value in sims.items()}


def focus_text(text: str, asking: str) -> str | None:
    """The text with a similarity of its own, read once for both classifiers. When a backstory surrounds the asking
    sentence, the asking sentence: "Got a message that my upload lacked the license text. Is my license already
    gone?" asks about losing the license, not about the license text. An asking sentence that only points back
    ("is that allowed?", "does it have the same rule?") carries no topic of its own: the backstory it points at, in
    its place. None when nothing surrounds it, or it is short and names no topic ("Permitted?")."""
    if not asking or asking == text:
        return None
    if points_back(asking):
        return backstory(text, asking)
    if len(asking.split()) >= FOCUS_MIN_WORDS or cue_scores(asking):  # "is commercial use ok?" names its topic
        return asking
    return None


def backstory(text: str, asking: str) -> str:
    """The text around the asking sentences: what a pointing-back question ("is that allowed?") points at."""
    rest = text
    for sentence in SENTENCE_END.split(asking):
        rest = rest.replace(sentence.strip(), " ")
    return " ".join(rest.split()) or text


def points_back(asking: str) -> bool:
    """An asking sentence whose content is a pointer to what was said before it: "is that allowed?", "does the
    license allow this?", "is that what the license says?", "anything in the policy that blocks this?"."""
    return bool(data().points_back.search(asking))


def scores(text: str, kind: str, cues: dict[str, int], asking: str = "") -> dict[str, float]:
    own = focus_text(text, asking)
    sims = similarities(text, own)
    combined = {}
    for name in dict.fromkeys([*sims, *cues]):  # in a fixed order: a tie is never settled by a set's hash order
        score = sims.get(name, 0.0) + CUE_WEIGHT * cues.get(name, 0)
        if not sims:  # no embeddings: cues alone, scaled to the same range
            score = min(1.0, 0.3 + CUE_WEIGHT * cues.get(name, 0))
        if _kind_fits(name, kind):
            score += KIND_BONUS
        combined[name] = score
    return _by_learned(combined, text, own, cues)


def _by_learned(scored: dict[str, float], text: str, own: str | None, cues: dict[str, int]) -> dict[str, float]:
    """The tuned eval questions (`topic-examples.yaml`) as a second, weaker vote: each topic moves by
    `LEARNED_WEIGHT` times how much nearer (or farther) their examples of it are than those of the best-scored
    topic. They reorder; they add no confidence: a rival they prefer rises at most just above the best-scored
    topic (whose score is kept, so a question is never made unclear or surer by them), and not past it when the
    question's own words cue that topic and not the rival ("the checkpoint comes as is" is about the warranty,
    however many questions about checkpoints ask about derivatives)."""
    learned = similarities(text, own, learned_classifier()) if scored else {}
    if not learned:
        return scored
    best = max(scored, key=scored.get)
    top, lowest = scored[best], min(learned.values())
    level = learned.get(best, lowest)
    moved = {name: score + LEARNED_WEIGHT * (learned.get(name, lowest) - level) for name, score in scored.items()}
    for name, score in scored.items():  # a rival the question's words do not cue stays below a cued best
        if name != best and cues.get(best) and not cues.get(name) and moved[name] >= top:
            moved[name] = max(score, top - LEARNED_TIE)
    highest = max(moved.values())
    if highest > top:  # the rivals above the best end within LEARNED_TIE of it, in their order
        moved = {name: top + LEARNED_TIE * (value - top) / (highest - top) if value > top else value
                 for name, value in moved.items()}
    return moved


CREDIT_TOPICS = ("license_copy", "notice_file", "built_with_display", "attribution_or_naming")


DUTY_KINDS = ("obligation", FACT_ABOUT_RULE)  # a duty asked, or asked whether it exists ("is there any credit duty?")
# the credit's place is a product the asker ships ("a 'powered by' mark in the game", "in our app's credits")
PRODUCT_SURFACE = re.compile(r"\b(in|on|inside|into) (the|my|our|its|their) ([\w'-]+ ){0,2}?(game|app|product|website|"
                             r"site|ui|about page|credits|manual|splash screen|store page|packaging|documentation|"
                             r"docs|readme)\b")


def _by_surface(scored: dict[str, float], kind: str, subjects: tuple[str, ...], text: str) -> dict[str, float]:
    """Attribution by surface: a duty asked about what you generate (and nothing else) is the duty for outputs,
    not the one for sharing the model; unless the credit is asked for a product the asker ships."""
    if kind not in DUTY_KINDS or "outputs" not in subjects or {"weights", "derivative", "service"} & set(subjects):
        return scored
    if PRODUCT_SURFACE.search(text):
        return scored
    best_credit = max((scored.get(t, 0.0) for t in CREDIT_TOPICS), default=0.0)
    if best_credit > scored.get("output_attribution", 0.0):
        scored = dict(scored, output_attribution=best_credit + 0.01)
    return scored


MADE_SUBJECTS = ("derivative", "weights", "service")  # what the asker makes of the model, not what it generates


def _by_made_thing(scored: dict[str, float], kind: str, subjects: tuple[str, ...]) -> dict[str, float]:
    """The other side of `_by_surface`: a credit duty asked about a model the asker made or shares ("we blogged about
    our fine-tune: must we mention the licensor in the post?"), with nothing generated named, is not the duty for
    outputs: the post, page or card is about the model. Output attribution then ranks just below the best other
    credit duty."""
    if kind != "obligation" or "outputs" in subjects or not set(MADE_SUBJECTS) & set(subjects):
        return scored
    best_credit = max((scored.get(t, 0.0) for t in CREDIT_TOPICS), default=0.0)
    if best_credit and scored.get("output_attribution", 0.0) >= best_credit:
        scored = dict(scored, output_attribution=best_credit - 0.01)
    return scored


def _by_activity_barred(scored: dict[str, float], kind: str, text: str) -> dict[str, float]:
    """"Would using it to run a power grid violate the AUP?" (`text`: the asking clause): a fact about one activity
    the use list may name. Asked that way, the use topic is what answers it; a fact that names a listed use also
    gets the bonus the question's kind gives fact topics (the termination clause, also about breaking the rules,
    would otherwise win it)."""
    if kind != "fact" or topics.PROHIBITED_USE not in scored:
        return scored
    if data().activity_barred.search(text):  # the activity is the subject, the policy the object: nothing else
        return dict(scored, **{topics.PROHIBITED_USE: max(*scored.values(), MIN_CONFIDENCE) + 0.01})
    if not data().asks_forbidden.search(text) or not topics.uses_in(text):
        return scored
    return dict(scored, **{topics.PROHIBITED_USE: scored[topics.PROHIBITED_USE] + KIND_BONUS})


# a lawsuit the question tells of, and words of a breach of the terms (which the breach clause answers)
LAWSUIT_TOLD = re.compile(r"\b(sue|sues|suing|sued|counter-?su\w*|lawsuits?|litigat\w*|patent (claims?|suits?|"
                          r"infringement))\b")
BREACH_TOLD = re.compile(r"\b(breach\w*|violat\w*|broke|break\w*|non-?complian\w*|didn'?t comply|failed to)\b")


def _by_lawsuit(scored: dict[str, float], text: str) -> dict[str, float]:
    """"A competitor sued us first and we countersued. … Do we lose our rights?": losing the license after a
    lawsuit the question tells of, in another sentence, is the litigation clause's case, not a breach."""
    litigation, breach = scored.get("termination_litigation"), scored.get("termination_breach")
    if litigation is None or breach is None or litigation >= breach:
        return scored
    if not LAWSUIT_TOLD.search(text) or BREACH_TOLD.search(text):
        return scored
    return dict(scored, termination_litigation=breach + 0.01)


def _kind_fits(name: str, kind: str) -> bool:
    own = topic_kind(name)
    if kind == "obligation":
        return own == "obligation"
    if kind == FACT_ABOUT_RULE:
        return own in ("fact", "value", "obligation")
    if kind == "fact":
        return own in ("fact", "value")
    return own == "permission"


def understand(question: str, previous: tuple[str, ...] = (), previous_kind: str | None = None) -> Asked:
    """`previous`: the topics of the previous chat turn, taken when this question names none and reads as a
    follow-up ("same question for FLUX schnell", "and for Gemma?"); such a follow-up that does not say its own
    kind keeps `previous_kind` ("Do I have to show it?" then "what if I only use it internally?")."""
    text = fold(question)
    asking = focus(text)
    kind = intended_kind(text, asking, kind_of(without_label(asking)))
    waives = waives_duty(asking)
    kind = "obligation" if waives else kind
    found = question_figures(question)
    if found and kind != "fact":
        kind_for_topics = kind
        kind = "threshold" if kind == "permission" else kind
    else:  # "does it put any conditions on what I do with outputs?" is a fact about a permission
        kind_for_topics = "permission" if kind == "fact" and data().asks_limits.search(asking) else kind
        if kind_for_topics == "fact" and data().frames["names_rule"].search(asking):
            kind_for_topics = FACT_ABOUT_RULE  # "does X have the same branding rule?": whether a duty exists
    subjects = subjects_of(text)
    cues = cue_scores(text, "fact" if kind_for_topics == FACT_ABOUT_RULE else kind_for_topics)
    scored = _by_surface(scores(text, kind_for_topics, cues, asking), kind_for_topics, subjects, asking)
    scored = _by_made_thing(scored, kind_for_topics, subjects)
    scored = _by_activity_barred(scored, kind_for_topics, asking)
    scored = _by_lawsuit(scored, text)
    if found:  # a user count or a revenue figure: the question is about the caps
        for name in ("user_or_revenue_threshold", "separate_license"):
            if name in scored:
                scored[name] += FIGURE_BONUS
    ranked = sorted(scored.items(), key=lambda item: -item[1])
    uses = tuple(topics.uses_in(text))
    common = dict(question=question, subjects=subjects, uses=uses, places=places_in(text), figures=tuple(found),
                  triggers=case_triggers(text, asking, kind), unrestricted=bool(data().unrestricted.search(text)),
                  later=bool(data().later.search(text)),
                  at_release=bool(data().release.search(text)), focus=asking if asking != text else "",
                  checks_policy=checks_policy(kind, text, asking), waives=waives)
    candidates = tuple(ranked[:3])
    follow_kind = kind if kind == "threshold" or stated_kind(asking) else (previous_kind or kind)
    if previous and data().follow_up.search(text) and not cues and len(text.split()) <= FOLLOW_UP_WORDS:
        # "same question for FLUX schnell", "and for Gemma 3?": no topic of its own, the previous turn's
        return Asked(kind=follow_kind, topics=previous, routed_by="previous turn", confidence=0.0,
                     candidates=candidates, **common)
    if not ranked or ranked[0][1] < MIN_CONFIDENCE:
        if previous and data().follow_up.search(text):
            return Asked(kind=follow_kind, topics=previous, routed_by="previous turn", confidence=0.0,
                         candidates=candidates, **common)
        if common["places"] and kind in PLACE_KINDS:
            # "we're a studio in Berlin and want to use it for our game. allowed?": nothing else the question says
            # names a rule; where the asker is is what such a license can turn on (its territory)
            return Asked(kind=kind, topics=(PLACE_TOPIC,), routed_by="place", confidence=ranked[0][1] if ranked else 0.0,
                         candidates=candidates, **common)
        if asks_the_use(kind, text):
            # "ngo running a free translation hotline, no revenue. can we use it?": the use itself is asked, and
            # whether the license lets it (its purpose, its users) is the right to use the model
            return Asked(kind=kind, topics=(USE_TOPIC,), routed_by="use", confidence=ranked[0][1] if ranked else 0.0,
                         candidates=candidates, **common)
        return Asked(kind=kind, topics=(), routed_by="none", confidence=ranked[0][1] if ranked else 0.0,
                     candidates=candidates, **common)
    best = ranked[0][1]
    if not cues and best < WEAK_GUESS and asks_the_use(kind, text):
        # "tax agency wants to run it on-prem to summarize case files. license ok?": no word names a rule, and the
        # classifier's guess is weak; the use described is what is asked
        return Asked(kind=kind, topics=(USE_TOPIC,), routed_by="use", confidence=best, candidates=candidates,
                     **common)
    chosen = tuple(name for name, score in ranked[:3] if score >= best * RUNNER_UP_SHARE)
    kind = _kind_of_rules_question(kind, asking, chosen[0])
    by = "cues+classifier" if cues.get(chosen[0]) and classifier().vectors is not None else (
        "cues" if cues.get(chosen[0]) else "classifier")
    return Asked(kind=kind, topics=chosen, routed_by=by, confidence=best, candidates=candidates, **common)


def checks_policy(kind: str, text: str, asking: str) -> bool:
    """"Is <my activity> ok under the use policy?", or asked as a fact: "would <my activity> violate the AUP?"."""
    if kind == "permission":
        return bool(data().policy_check.search(text))
    return kind == "fact" and bool(data().activity_barred.search(asking))


def asks_the_use(kind: str, text: str) -> bool:
    """A permission that describes using the model for something ("wants whisper to transcribe council meetings")."""
    return kind == "permission" and bool(data().frames["describes_use"].search(text))


def _kind_of_rules_question(kind: str, asking: str, topic: str) -> str:
    """ "Any rules about marking changed files?" names no kind of its own: the rules it asks about are the topic's,
    so a duty topic makes it a duty question (do I have to mark them?), while "any limits on what I do with the
    outputs?" about a permission keeps its kind."""
    if kind in ("permission", "fact") and stated_kind(asking) in (None, "fact") and data().asks_limits.search(asking) \
            and topic_kind(topic) == "obligation":
        return "obligation"
    return kind


def broken_conditions(topic: str, conditions: str, question: str) -> list[Breaker]:
    """The conditions of a permission that the question says it will not meet."""
    text = fold(question)
    return [b for b in data().breakers if topic not in b.skip and b.condition.search(conditions)
            and b.question.search(affirmed(text) if b.affirmed else text)]


def kept_conditions(topic: str, conditions: str, question: str) -> list[Keeper]:
    """The limits of a conditional answer that the question says it stays outside of (or meets)."""
    text = fold(question)
    return [k for k in data().keepers if (topic in k.topics or topic_kind(topic) == "permission")
            and k.condition.search(conditions) and k.question.search(text) and not k.unless.search(text)]


# a denial and the two words after it ("don't make money", "never sell it", "not for profit")
DENIAL = re.compile(r"\b(no|not|never|don'?t|do not|doesn'?t|does not|won'?t|will not|without|zero|nothing)\b\s+"
                    r"([\w'-]+\s+){0,1}[\w'-]+")


def affirmed(text: str) -> str:
    """The text less what it denies: "i don't make money from it" says nothing about making money."""
    return DENIAL.sub(" ", text)


def end_users_named(question: str) -> bool:
    """The question places its users (not itself) somewhere: "our app for users in France"."""
    pattern = data().end_users
    return bool(pattern and pattern.search(fold(question)))


def text_right_asked(asked: Asked) -> tuple[str, dict] | None:
    """A question about a right the text grants or withholds in so many words (trademarks, patents)."""
    text = fold(asked.question)
    for name, patterns in data().text_rights.items():
        if patterns["question"].search(text) and not patterns["not_question"].search(text):
            return name, patterns
    return None


def cap_exception(asked: Asked, scope: str) -> str | None:
    """Why a cap that counts only in some case (`scope`) does not reach the question's case, or None."""
    text = fold(asked.question)
    return next((says for where, question, says in data().cap_exceptions
                 if where.search(scope) and question.search(text)), None)


def cap_left_open(asked: Asked, scope: str) -> str | None:
    """Why a cap that counts only in some case (`scope`: "a core business") may not reach the question, which
    neither puts itself in that case nor out of it; None when it does either, or the cap counts in every case."""
    text = fold(asked.question)
    return next((says for where, denied, affirmed, says in data().cap_open
                 if where.search(scope) and not denied.search(text) and not affirmed.search(text)), None)


def excluded_user(asked: Asked, kinds: tuple[str, ...]) -> str | None:
    """Why the asker is among the users a license excludes (`kinds`, a card's `excluded_users`), or None: the
    question says it is one ("a city government wants to run it as a free chatbot") and not in the case the
    license keeps open."""
    text = fold(asked.question)
    kept_open = undenied(text)  # "a municipal administration (not a university)" is not in the open case
    for name in kinds:
        found = data().excluded_users.get(name)
        if found is not None and found[0].search(text) and not found[1].search(kept_open):
            return found[2]
    return None


LONG_STEM = 7  # letters two words must share to name the same thing in an exception ("countersue", "countersuing")


def _long_stems(text: str) -> set[str]:
    return {w[:LONG_STEM] for w in re.findall(r"[a-z]{5,}", text.lower())}


def exception_asked(asked: Asked, conditions: str) -> str | None:
    """The exception of a card's conditions that the question names ("unless you are countersuing" asked "they sued
    me and I countersue: would that end my rights?"; the backstory says which case "that" is), or None."""
    wanted = _long_stems(fold(asked.question))
    for found in data().fact_exception.finditer(conditions):
        what = found.group("what") or found.group("manner")
        if _long_stems(what) & wanted:
            return found.group(0).strip()
    return None


def asks_limits(asked: Asked) -> bool:
    """"Does it put any conditions or restrictions on what I do with outputs?" (a fact about a permission)."""
    return bool(data().asks_limits.search(asked.asking))


def asks_derivative_status(asked: Asked) -> bool:
    """A fact question on what a derivative is: "does my distilled model count as a derivative?", "is it still under the terms?"."""
    return asked.kind == "fact" and bool(data().derivative_status["question"].search(asked.asking))


def says_derivative(conditions: str) -> bool:
    """A card's conditions say such a model is a derivative ("… is a Model Derivative and falls under these terms")."""
    return bool(data().derivative_status["card_says"].search(conditions))


def asks_relicensing(asked: Asked) -> bool:
    """"Can I put my fine-tune under MIT / my own license?": a permission to license a derivative differently."""
    return asked.kind == "permission" and bool(data().relicensing["question"].search(fold(asked.asking)))


def restrictions_kept(asked: Asked) -> bool | None:
    """Whether a relicensing question keeps the original use restrictions: False for "plain MIT, none of the
    rules", True for "as long as I copy the use restrictions into it", None when it says neither."""
    text = fold(asked.question)
    if data().relicensing["drops"].search(text):
        return False
    return True if data().relicensing["keeps"].search(text) else None


def asks_venue(asked: Asked) -> bool:
    """"Do disputes go to arbitration in Seoul?": where disputes are heard, not which law governs."""
    return bool(data().asks_venue.search(fold(asked.asking)))


def without_licensor_payment(text: str) -> str:
    """The folded text without the money it says the licensor may ask ("do we owe meta royalties?", "pay cohere
    anything"): paying for the license is not a use the user is paid for."""
    return data().pays_licensor.sub(" ", text)


def asks_licensor_payment(asked: Asked) -> bool:
    """The question asks about money the licensor may ask ("do we owe meta royalties?")."""
    return bool(data().pays_licensor.search(fold(asked.question)))


def asks_free(asked: Asked) -> bool:
    """A question about the price alone: "Is SD 3.5 free for us?"."""
    return bool(data().asks_free.search(asked.asking.strip()))


def keeps_earlier_terms(asked: Asked) -> bool:
    """"Can I keep the old terms I agreed to?", "am I bound only by the version I downloaded?": asks whether the
    licensor's later changes pass the asker by, the opposite of whether they may change the terms and bind it."""
    return bool(data().earlier_terms.search(asked.asking))


def asks_what_text_says(asked: Asked) -> bool:
    """"Does the license say which law applies?": silence answers it (no)."""
    return bool(data().asks_what_text_says.search(asked.asking))


def says_non_commercial(asked: Asked) -> bool:
    """The question says its use is not commercial ("hobby project, no money involved")."""
    return bool(data().non_commercial_use.search(fold(asked.question)))


def registration_patterns() -> dict[str, re.Pattern] | None:
    return data().registration


def asks_registration(asked: Asked) -> bool:
    return bool(data().registration["question"].search(fold(asked.question)))


def describes_carve_out(asked: Asked, conditions: str = "") -> bool:
    """The question names the exception a restriction makes (consent, an artistic work, a doctor in the loop). With
    an item's `conditions`, only an exception of the kind the item makes counts ("satire" lifts no item qualified
    by consent); a word of no known kind counts as before."""
    found = [m.group(0) for m in data().carve_outs.finditer(fold(asked.question))]
    if not found or not conditions:
        return bool(found)
    for word in found:
        kinds = [item for question, item in data().carve_out_kinds if question.search(word)]
        if not kinds or any(item.search(conditions) for item in kinds):
            return True
    return False


def exception_unsaid(asked: Asked, conditions: str) -> bool:
    """An item whose exception the asker can meet (consent: "without their consent"; a statement that the outcome is
    machine-generated), asked about a case the question says nothing of it for: neither that it is met
    (`describes_carve_out`) nor that it is not ("didn't ask him", "without disclosing it")."""
    found = data().exception_unsaid
    text = fold(asked.question)
    return (bool(found["item"].search(conditions)) and not describes_carve_out(asked, conditions)
            and not found["denied"].search(text))


def asks_revocation(asked: Asked) -> str | None:
    """"revoke" for "can they revoke it at will?", "lasting" for "is it irrevocable?", None otherwise."""
    found = data().revocation
    if not found["question"].search(asked.asking):
        return None
    return "lasting" if found["lasting"].search(asked.asking) else "revoke"


def revocation_patterns() -> dict[str, re.Pattern]:
    return data().revocation


def derivative_name(asked: Asked) -> str | None:
    """The name a naming question gives its model ("can I call my fine-tune 'NovaChat-8B'?"); None when it names
    none or names an app, a product or a company rather than a model."""
    naming = data().naming
    text = fold(asked.question)
    if not naming["asks"].search(text) or naming["not_a_model"].search(text):
        return None
    found = naming["name"].search(asked.question)  # the original case: a bare name is capitalised
    return (found.group("name") or found.group("bare")).strip() if found else None


def required_prefix(conditions: str) -> str | None:
    """The beginning a naming rule requires, as the card's conditions state it: 'must begin with "Llama"'."""
    found = data().naming["prefix"].search(conditions)
    return found.group("prefix") if found else None


def asks_disclosure(asked: Asked) -> bool:
    """"Do I have to tell people it's AI-generated?" (an obligation to disclose machine-made content)."""
    return asked.kind == "obligation" and bool(data().disclosure.search(asked.asking))


def says_disclosed(asked: Asked) -> bool:
    """The question says it tells people the content or chat is machine-made ("we already tell members they're
    talking to a bot"); "without telling them it's AI" says the opposite."""
    return bool(data().disclosure.search(affirmed(fold(asked.question))))


def disclosure_required(conditions: str) -> bool:
    """A prohibited-use item that forbids content without saying it is machine-made (not only passing it off)."""
    return bool(data().disclosure_required.search(conditions))


def asked_time(asked: Asked) -> str | None:
    """"now" or "later": the time the asking sentence asks about ("do we need it right now?" / "will we need it
    then?"), None when it names neither."""
    text = asked.asking
    if data().asks_later.search(text):
        return "later"
    if data().asks_now.search(text):
        return "now"
    return None


def duty_concepts(text: str) -> set[str]:
    """The families of duty words a text holds (understanding.yaml `duty_concepts`): credit, share, terms, ..."""
    return {name for name, pattern in data().duty_concepts if pattern.search(text)}


def broken_duty(conditions: str, question: str) -> Breaker | None:
    """A duty limited to a case the question says it is not in (e.g. unmodified copies, asked about a fine-tune)."""
    text = fold(question)
    return next((b for b in data().duty_breakers if b.condition.search(conditions) and b.question.search(text)), None)


def strictly_above(question: str, start: int | None = None) -> bool:
    """"more than 700 million": a figure at the limit counts as above it. With the figure's position, only the
    words just before it count ("push us over the limit" says nothing about the figure)."""
    if start is None:
        return bool(data().strict.search(fold(question)))
    before = fold(question[max(0, start - 24): start])
    return bool(re.search(rf"(?:{data().strict.pattern})\W*(\w+\W+)?$", before))


def generic_family(mention: str) -> bool:
    """A bare family name ("Llama", "Gemma", "Stable Diffusion"), not a specific model."""
    return fold(mention).strip(" '\"") in data().families
