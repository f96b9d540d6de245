"""The explanation stage: the LLM paraphrases a decided verdict in plain words, and a guard shows only what reads
as a sentence, names no other license or model and agrees with the verdict.

Text is generated as plain prose (no grammar, no JSON) and released sentence by sentence as each one passes the
guard. An attempt whose first sentence fails is dropped unseen and retried once with a shorter prompt; if that
fails too, the explanation is built from the decision itself (`explanation_source: fallback`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial

from . import prompts, understand
from .backends.base import Backend
from .corpus import Corpus
from .decide import Decision
from .generate import text as generate_text
from .quotes import Quote

MIN_WORDS = 6  # a sentence shorter than this is not an explanation
MIN_SUBSTANCE = 3  # content words beyond the verdict's own words ("Yes, but only under conditions." says nothing)
GROUNDED = 0.6  # share of a sentence's content words that must come from the question, decision or clause
GROUNDED_LATER = 0.8  # a second sentence adds to an answer already given: it must stay closer still
GROUNDED_CONTINUED = 0.7  # the reason the model wrote after our verdict: the whole of what it says
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# a figure with its size word: "1 million", "20M", "RMB 1 billion", "700,000,000"; compared by value, not by digits
QUANTITY = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)*)\s*(thousand|million|billion|trillion|bn|[kmb])?(?![\w])", re.I)
SIZES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12}
ABBREVIATION = 3  # a place this short ("US", "UK", "EU") is named in capitals: "to us" names no country
SIZED = 1000  # from this value on a figure is a quantity (users, revenue) whose size word must match the source's
MAX_SENTENCES = 2
PROMPTS = ("system_plain", "explanation", "explanation_retry", "explanation_continue")  # system, asks, continued
MAX_WORDS = 70
MAX_TOKENS = 96  # two short sentences; generation stops there (or at the first sentence the guard refuses)
CLAUSE_CHARS = 300  # the deciding clause as the prompt shows it
WORDLIKE = 0.75  # share of tokens that must be plain words
# a term a sentence says is absent: "the license says no use-based restrictions", "there is no revenue cap"
NONE_OF = re.compile(r"\b(?:says|has|have|there (?:is|are)|with|sets?|imposes?|contains?|puts?) no "
                     r"((?:[\w-]+ ){1,2}[\w-]+)", re.I)
SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[A-Z\"'(])")
FRAGMENTS = re.compile(
    r"[{}\[\]<>|`#*_=\\]|\"\s*:|\b\w+/\w+|/\w|\w\.(txt|json|md|py|yaml|yml|com|org|html?)\b|https?:|www\.|"
    r"\b(question|answer|why|clause|license|explanation|verdict|conditions)\s*:|\bC\d\b",
    re.I,
)
NEGATIVE = re.compile(r"\b(no|not|cannot|can't|can ?not|may not|must not|mustn't|isn't|aren't|doesn't|don't|"
                      r"won't|never|forbid\w*|prohibit\w*|without|only|unless|nor)\b", re.I)
NEGATIVE_OPENING = re.compile(r"^\W*(no\b|you (cannot|can't|can not|may not|must not|are not|aren't|do not|don't)\b|"
                              r"it is not\b|it's not\b|this is not\b|not\b)", re.I)
AFFIRMATIVE_OPENING = re.compile(r"^\W*(yes\b|you (can|may|are allowed|are free)\b|it is allowed\b)", re.I)
DENIES = re.compile(r"\b(is|are) not (allowed|permitted)\b|\bnot permitted\b|^\W*no (\w+ )?(uses?|use of)\b", re.I)
PERMITS = re.compile(r"\b(you|we|they) (can|may|are (allowed|free|permitted) to)\b", re.I)
IS_ALLOWED = re.compile(r"\b(is|are) (fine|allowed|permitted|ok|okay|free)\b", re.I)  # "offering it is fine"
# "the license allows", and with a plural subject "the terms allow" ("No: the license says that the terms allow …")
LICENSE_PERMITS = re.compile(r"\b(?:(license|licence|it|terms|policy|grant) (allows|permits|lets)"
                             r"|(terms|policies|conditions|licenses|licences) (allow|permit|let))\b", re.I)
NO_DUTY = re.compile(r"\b(does not|doesn't|do not|don't|is not|isn't|are not|aren't|never) (require|need|have to|"
                     r"required|needed|mandatory|oblig\w*)|\bno (need|obligation|requirement)\b", re.I)
MUST = re.compile(r"\b(must|have to|has to|need to|needs to|required to|are required|is required|obliged)\b", re.I)
INSTRUCTIONS = re.compile(r"\b(rewrite the answer|one or two (short |plain )*sentences|plain sentences|start with|"
                          r"in plain (words|english))\b|"
                          r"^\W*(sure\b|here'?s (a|an|the|my)\b)", re.I)  # the model repeating or announcing its task


QUOTATION = re.compile(r'["“]([^"“”]+)["”]')
QUOTE_MARKS = re.compile(r'["“”]')
TITLE_WORDS = {"agree", "commu"}  # stems of "Agreement" and "Community": words of license names, no reason either
URL = re.compile(r"\s*(\b(at|on|via)\s+)?\(?\b(https?://|www\.)[^\s)]+\)?")
CONTENT_WORD = re.compile(r"[a-z][a-z'-]{3,}")
FUNCTION_WORDS = {"you", "your", "yours", "i", "we", "our", "they", "their", "it", "its", "the", "this", "that", "a",
                  "an", "and", "or", "any", "all", "no", "not", "if", "in", "of", "to", "for", "on", "as", "by", "with"}
BRACKETED = re.compile(r"\(([A-Z][a-z]+)\)")  # "(Lima)": a name in brackets the model was not given
NAME = re.compile(r"(?<=[\s(\"'“‘])([A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*|[A-Z][a-z]+[A-Z]\w*|[a-z]+[A-Z]{2,}\w*)")
# LAMAD, HypercLVMX, hypercLOVES: a name written in capitals the model was not given is made up
COMMON = {"this", "that", "with", "your", "you're", "have", "must", "need", "needs", "will", "would", "could",
          "should", "they", "them", "their", "there", "these", "those", "what", "when", "which", "while", "from",
          "into", "only", "also", "just", "because", "answer", "license", "licence", "model", "allowed", "allow",
          "allows", "cannot", "can't", "don't", "does", "doesn't", "isn't", "aren't", "yes", "explain", "plain",
          "words", "means", "mean", "here", "some", "such", "other", "than", "then", "under", "without", "about",
          "being", "been", "make", "made", "using", "used", "want", "like", "need", "case", "cases"}


def _stem(word: str) -> str:
    return word.strip("'-")[:5]


@dataclass(frozen=True)
class Words:
    """What to call the answer in words, by the question's kind."""

    verdict: str  # "No"
    opening: str  # what the explanation should start with
    lead_ins: tuple[str, ...] = ()  # starts of an explanation we write, for a backend that continues them


SILENT = "The license does not say:"  # then what the license does say, in the model's words
SAYS = ": the license says"  # the second lead-in: the verdict, then what the license says, in the model's words
OBLIGATION_WORDS = {"yes": ("Yes, you must", "Yes, you must", ("Yes, you must", "Yes, you must" + SAYS)),
                    "no": ("No, you do not have to", "No, you do not have to",
                           ("No, you do not have to, because", "No, you do not have to" + SAYS)),
                    "conditional": ("Only in some cases", "Only in some cases", ("Only", "Only in some cases" + SAYS)),
                    "not_addressed": ("The license does not say", "The license does not say", (SILENT,))}
ANSWER_WORDS = {"yes": ("Yes", "Yes", ("Yes, because", "Yes" + SAYS)), "no": ("No", "No", ("No, because", "No" + SAYS)),
                "conditional": ("Yes, but only under conditions", "Yes, but only under conditions",
                                ("Yes, but only if", "Yes, but the license says")),
                "not_addressed": ("The license does not say", "The license does not say", (SILENT,))}


# leave to skip a duty ("can we leave out the 'Built with' line?"): the verdict is about leaving it out
WAIVER_WORDS = {"yes": ("Yes, you may leave it out", "Yes, you may leave it out",
                        ("Yes, you may leave it out, because", "Yes, you may leave it out" + SAYS)),
                "no": ("No, you may not leave it out", "No, you may not leave it out",
                       ("No, you may not leave it out, because", "No, you may not leave it out" + SAYS)),
                "conditional": ("Only in some cases", "Only in some cases", ("Only", "Only in some cases" + SAYS)),
                "not_addressed": ("The license does not say", "The license does not say", (SILENT,))}


def words(decision: Decision) -> Words:
    table = WAIVER_WORDS if decision.waived else OBLIGATION_WORDS if decision.kind == "obligation" else ANSWER_WORDS
    return Words(*table.get(decision.verdict, ("It is not clear", "It is not clear", ())))


def fallback(decision: Decision) -> str:
    """A plain explanation built from the decision alone: the verdict in words and the conditions (our words)."""
    said = words(decision).verdict
    conditions = " ".join(URL.sub("", decision.conditions or "").split())  # a link quoted from the text: in the quotes
    if not conditions:
        if decision.verdict == "not_addressed":
            return "The license does not speak to this; check the full text and ask the licensor if it matters to you."
        about = understand.topic_label(decision.topic).lower() if decision.topic else "this"
        return f"{said}. That is what the license says about {about}; the quoted clause is the one that decides it."
    if len(conditions.split()) < MIN_WORDS:  # a terse card entry ("Military purposes.") still makes a sentence
        about = understand.topic_label(decision.topic).lower() if decision.topic else "this"
        return f"{said}. On {about}, the license says: {conditions.rstrip('.')}; the quoted clause decides it."
    if not conditions.rstrip(")\"'”’").endswith((".", "!", "?")):  # "(Governing law: Delaware, USA.)" has ended
        conditions += "."
    if re.match(rf"{re.escape(said.split(',')[0])}\b", conditions):  # "No: the license names …" says it already
        return conditions
    return f"{said}. {conditions}"


# -- the guard ----------------------------------------------------------------------------------------------------
def _quantities(text: str) -> list[tuple[str, float]]:
    """Each figure in `text` with its value: "20M" 2e7, "700,000,000" 7e8, "1.5 million" 1.5e6."""
    found = []
    for match in QUANTITY.finditer(text):
        digits, size = match.group(1), (match.group(2) or "").lower()
        plain = digits.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", digits) else digits.replace(",", ".")
        try:
            value = float(plain) * SIZES.get(size, 1)
        except ValueError:
            continue
        found.append((match.group(0).strip(), value))
    return found


def _places(sentence: str) -> list[str]:
    """The places a sentence names in so many words (countries, states, cities; not the regions they imply)."""
    from . import understand

    folded = understand.fold(sentence)
    return [p for p in understand.data().places
            if re.search(rf"\b{re.escape(p)}\b", folded)
            and (len(p) > ABBREVIATION or re.search(rf"\b{re.escape(p.upper())}\b", sentence))]


def _permits(sentence: str, continued: bool) -> bool:
    """The sentence says the use is allowed: "you can …" with no negation anywhere, or, in a reason the model wrote
    after our lead-in, "the license allows …" / "… is fine" with no negation before it ("No, because the license
    allows a person to decide, not just …" still says it is allowed)."""
    if PERMITS.search(sentence) and not NEGATIVE.search(sentence):
        return True
    said = continued and (LICENSE_PERMITS.search(sentence) or IS_ALLOWED.search(sentence))
    return bool(said) and not NEGATIVE.search(sentence[:said.end()])


@dataclass
class Guard:
    """Checks one sentence at a time; `names` are the licenses and models the answer is about."""

    decision: Decision
    allowed_keys: set[str]
    find_names: Callable[[str], list] | None = None
    reasons: list[str] = field(default_factory=list)
    source_words: set[str] = field(default_factory=set)  # what the model was given: its sentences must stay on it
    source_text: str = ""

    names: set[str] = field(default_factory=set)  # capitalised words of the source that are names, not openings
    title_words: set[str] = field(default_factory=set)  # the license's name: naming it is no reason

    def ground(self, text: str) -> None:
        self.source_words = {_stem(w) for w in CONTENT_WORD.findall(text.lower())}
        self.source_text = " ".join(text.lower().split())
        self.names = {w for w in re.findall(r"(?<=[a-z,;:(] )([A-Z][\w.-]*)", text)  # "… from Black Forest Labs"
                      if w.lower() not in FUNCTION_WORDS}  # not "the Output You Generate"

    def lead(self, sentence: str) -> str | None:
        """The decided verdict in our words when `sentence` says only that verdict ("Yes, you must.", "No.",
        "Yes, but."), else None: the reason that follows is then checked as the explanation."""
        said = words(self.decision)
        bare = " ".join(re.findall(r"[a-z']+", sentence.lower()))
        forms = {" ".join(re.findall(r"[a-z']+", f.lower())) for f in (said.verdict, said.opening)}
        if self.decision.verdict in ("yes", "no", "conditional"):
            forms.add("yes" if self.decision.verdict != "no" else "no")
        if self.decision.verdict == "conditional" and self.decision.kind != "obligation":
            forms.add("yes but")
        if self.decision.verdict and bare in forms:
            return said.verdict + "."
        return None

    def check_reason(self, sentence: str) -> str | None:
        """The sentence after a bare verdict: the first-sentence checks except the opening's own wording, and it
        may not turn the verdict around."""
        reason = self._problem(sentence, first=False, reason=True)
        if reason is None:
            reason = self._turns_around(sentence)
        if reason:
            self.reasons.append(reason)
        return reason

    def check_continued(self, sentence: str, lead_in: str) -> str | None:
        """A sentence we started (`lead_in`, the verdict) and the model finished: the whole must read as a first
        sentence, and what the model wrote may not turn the verdict around ("No, because the license allows …");
        our own lead-in words do not count towards its grounding."""
        reason = self._problem(sentence, first=True, grounded_from=len(lead_in))
        if reason is None:
            reason = self._turns_around(sentence[len(lead_in):].strip(" ,:;"), continued=True)
        if reason:
            self.reasons.append(reason)
        return reason

    def _turns_around(self, sentence: str, continued: bool = False) -> str | None:
        verdict, kind = self.decision.verdict, self.decision.kind
        if kind == "obligation":
            if verdict == "yes" and (NEGATIVE_OPENING.search(sentence) or NO_DUTY.search(sentence)):
                return "does not say that you must"
            if verdict == "no" and (AFFIRMATIVE_OPENING.search(sentence) or re.match(r"\W*you must\b", sentence, re.I)
                                    or (continued and MUST.search(sentence) and not NEGATIVE.search(sentence))):
                return "says you must where you need not"
            return None
        if verdict == "no" and (AFFIRMATIVE_OPENING.search(sentence) or _permits(sentence, continued)):
            return "says you can where the answer is no"
        if verdict in ("yes", "conditional") and NEGATIVE_OPENING.search(sentence):
            return "opens with no where the answer is yes"
        if verdict in ("yes", "conditional") and continued and DENIES.search(sentence):
            return "says it is not allowed where the answer is yes"
        return None

    def check(self, sentence: str, first: bool) -> str | None:
        reason = self._problem(sentence, first)
        if reason:
            self.reasons.append(reason)
        return reason

    def _problem(self, sentence: str, first: bool, reason: bool = False, grounded_from: int = 0) -> str | None:
        tokens = sentence.split()
        if len(tokens) < MIN_WORDS:
            return "too short"
        plain = sum(1 for t in tokens if re.fullmatch(r"[\"'(]?[A-Za-z][A-Za-z'’-]*[.,;:!?\"')]*", t))
        if plain / len(tokens) < WORDLIKE:
            return "mostly not words"
        if FRAGMENTS.search(sentence):
            return "holds JSON, path or markup fragments"
        if INSTRUCTIONS.search(sentence):
            return "repeats its instructions"
        said = {_stem(w) for w in CONTENT_WORD.findall(words(self.decision).verdict.lower())} if self.decision.verdict else set()
        said |= self.title_words  # "Yes, because of the Llama 4 Community License Agreement." names, says nothing
        if len({w for w in (_stem(x) for x in CONTENT_WORD.findall(sentence.lower()) if x not in COMMON)} - said) \
                < MIN_SUBSTANCE:
            return "says nothing beyond the verdict"
        if self.source_text:
            for name in [*NAME.findall(sentence[1:]), *BRACKETED.findall(sentence)]:  # a made-up name, or one
                # cut short ("an NVI." where the source says NVIDIA): a whole word of the source, not a piece of one
                if not re.search(rf"(?<![a-z0-9]){re.escape(name.lower())}(?![a-z0-9])", self.source_text):
                    return f"names something it was not given ({name})"
        if self.source_text:
            for place in _places(sentence):  # "does not apply in Europe, North Korea …" where the text names no Korea
                if place not in self.source_text:
                    return f"names a place it was not given ({place})"
        if self.source_text:
            for number in NUMBER.findall(sentence):  # "a limit of 71.3 billion" where the source says 700 million
                if not re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d]|[.,]\d)", self.source_text):
                    return f"gives a number it was not given ({number})"
            if (size := self._figure_not_given(sentence)) is not None:
                return f"gives a figure it was not given ({size})"
        if self.source_words:
            words_ = [_stem(w) for w in CONTENT_WORD.findall(sentence[grounded_from:].lower()) if w not in COMMON]
            needed = GROUNDED_CONTINUED if grounded_from else GROUNDED if first or reason else GROUNDED_LATER
            if words_ and sum(w in self.source_words for w in words_) / len(words_) < needed:
                return "says things the decision and the clause do not say"
        if sentence.count('"') % 2 or sentence.count("“") != sentence.count("”"):
            return "holds a broken quotation"  # 'the license says CreativeML Open RAIL++-M" and …'
        if self.source_text and (quoted := self._quotation_not_given(sentence)):
            return f"quotes what the source does not say ({quoted})"
        if (denied := self._term_denied(sentence)) is not None:
            return f"says there is no {denied}, which the answer states"
        if self.find_names is not None:
            for found in self.find_names(sentence):
                if understand.generic_family(found.matched) or found.matched.lower() in self.source_text:
                    continue  # "Llama" in "Built with Llama"; "Qwen2.5" where the person wrote "Qwen2.5 3B"
                if not (set(found.license_keys) & self.allowed_keys):
                    return f"names another license or model ({found.name})"
        if first:
            return self._contradiction(sentence)
        if self.decision.verdict in ("yes", "conditional") and self.decision.kind != "obligation" \
                and DENIES.search(sentence):
            return "a later sentence denies what the answer allows"
        if self.decision.verdict == "no" and self.decision.kind != "obligation" and AFFIRMATIVE_OPENING.search(sentence):
            return "a later sentence allows what the answer denies"
        return None

    def _quotation_not_given(self, sentence: str) -> str | None:
        """A quotation that is not the source's own words, or is only the license's name: 'the license says
        "Llama 3.1 Community License Agreement" and …' quotes nothing the license says."""
        unquoted = QUOTE_MARKS.sub("", self.source_text)
        for quoted in QUOTATION.findall(sentence):
            words_ = " ".join(quoted.lower().strip(" .,;:!?").split())
            stems = {_stem(w) for w in CONTENT_WORD.findall(words_) if w not in COMMON}
            if words_ not in unquoted or (stems and stems <= self.title_words):
                return quoted
        return None

    def _term_denied(self, sentence: str) -> str | None:
        """A term of two or three words the sentence says the license lacks ("No: the license says no use-based
        restrictions.") that the answer's own conditions state ("… must include at least the same use-based
        restrictions"): the sentence turns the answer round."""
        conditions = " ".join((self.decision.conditions or "").lower().split())
        for found in NONE_OF.finditer(sentence):
            words_ = found.group(1).lower().split()
            for size in (3, 2):
                phrase = " ".join(words_[:size])
                if len(words_) >= size and phrase in conditions and f"no {phrase}" not in conditions:
                    return phrase
        return None

    def _figure_not_given(self, sentence: str) -> str | None:
        """A figure whose digits the source has but whose size it does not: "the limit of 1 million" where the
        source says "100,000,000" and "RMB 1 billion"."""
        given = {value for _, value in _quantities(self.source_text)}
        for written, value in _quantities(sentence):
            if value >= SIZED and not any(abs(value - known) <= known * 1e-9 for known in given):
                return written
        return None

    def _contradiction(self, sentence: str) -> str | None:
        verdict, kind = self.decision.verdict, self.decision.kind
        if not verdict:
            return None
        negative = bool(NEGATIVE.search(sentence))
        if kind == "obligation":
            if verdict == "yes" and (NEGATIVE_OPENING.search(sentence) or not MUST.search(sentence)
                                     or NO_DUTY.search(sentence)):
                return "does not say that you must"
            if verdict == "no" and not negative:
                return "says you must where you need not"
            return None
        if verdict == "no" and (AFFIRMATIVE_OPENING.search(sentence) or (PERMITS.search(sentence) and not negative)):
            return "says you can where the answer is no"
        if verdict in ("yes", "conditional") and NEGATIVE_OPENING.search(sentence):
            return "opens with no where the answer is yes"
        return None


# -- streaming with the guard -------------------------------------------------------------------------------------
@dataclass
class Written:
    """What the stage produced: the text shown and where it came from."""

    text: str = ""
    source: str = "llm"  # llm | fallback
    attempts: int = 0
    rejected: list[str] = field(default_factory=list)


ECHO = re.compile(r"^\W*(question|license|clause)\s*:", re.I)  # the model repeating the prompt
LABEL = re.compile(r"^\W*(answer( and reason)?|reason|explanation|reply)\s*:\s*", re.I)


def _sentences(stream: Iterator[str], names: set[str] = frozenset()) -> Iterator[str]:
    """Complete sentences as they arrive; a repeated prompt line is skipped and a leading "Answer:" label dropped
    (small models echo the prompt's layout). `names`: capitalised words that stay capitalised mid-sentence."""
    buffer = ""
    for chunk in stream:
        buffer += chunk
        while True:
            match = SENTENCE_END.search(buffer)
            if not match:
                break
            yield from _clean(buffer[:match.start()], names)
            buffer = buffer[match.end():]
    rest = buffer.strip()
    if rest:
        ended = rest.rstrip("\"')”’").endswith((".", "!", "?"))  # 'not required."' has ended
        yield from _clean(rest if ended else rest.rstrip(",;:-") + ".", names)


ECHOED_VERDICT = re.compile(r"^\W*(yes|no)[,.]\s*", re.I)  # "Yes, there is …" (not "No credit line …")
BECAUSE = re.compile(r'^\W*the answer is\W*"?([^"]{2,40}?)"?\W*because\s*:?\s*', re.I)


OPENS_WITH_VERDICT = re.compile(r"^\W*(yes|no|only in some cases|the license does not say)\b", re.I)
BECAUSE_COLON = re.compile(r"\bbecause\s*:\s*")


def _lower(rest: str, names: set[str]) -> str:
    """`rest` as the middle of a sentence: its first word lowercased unless it is a name ("Black Forest Labs",
    "OpenAI")."""
    first = rest.split(" ", 1)[0].strip("\"'(,.;:")
    if not first or first in names or any(c.isupper() or c.isdigit() for c in first[1:]):
        return rest
    return rest[0].lower() + rest[1:]


def _clean(sentence: str, names: set[str] = frozenset()) -> Iterator[str]:
    sentence = " ".join(sentence.split())
    said = BECAUSE.match(sentence)  # 'The answer is "No" because: X' -> 'No, because x'
    if said and len(sentence) > said.end():
        verdict = said.group(1).rstrip(".,")
        rest = ECHOED_VERDICT.sub("", sentence[said.end():]) or sentence[said.end():]  # "because: Yes, there is …"
        rest = _lower(rest, names)
        sentence = f"{verdict} {rest}" if verdict.lower().endswith(" but") else f"{verdict}, because {rest}"
    if "answer:" in sentence.lower() and ECHO.match(sentence):  # "Question: ...? Answer: No, ..."
        sentence = sentence[sentence.lower().rindex("answer:") + len("answer:"):].strip()
    elif ECHO.match(sentence):
        return
    sentence = LABEL.sub("", sentence)
    for mark in "'\"":  # "… copies.'" : a quote mark the model closed but never opened
        if sentence.endswith((mark, mark + ".")) and sentence.count(mark) % 2:
            sentence = sentence.rstrip(".").rstrip(mark).rstrip() + "."
    colon = BECAUSE_COLON.search(sentence)  # "Yes, because: All rights are waived." -> "Yes, because all rights …"
    if colon and len(sentence) > colon.end():
        sentence = sentence[:colon.start()] + "because " + _lower(sentence[colon.end():], names)
    after = re.search(r"\bbecause (?=[A-Z][a-z])", sentence)  # "Yes, because You may …" (the prompt's casing)
    if after:
        sentence = sentence[:after.end()] + _lower(sentence[after.end():], names)
    sentence = re.sub(r"(?<!\.)\.\.$", ".", sentence)  # "… its terms.." (not an ellipsis)
    if sentence:
        yield sentence[0].upper() + sentence[1:]


def guarded(attempts: list[Callable[[], Iterator[str]]], guard: Guard, written: Written,
            fallback_text: str, leads: list[str | None] | None = None,
            lead_ins: list[str] | None = None) -> Iterator[str]:
    """Run the attempts in turn; yield the sentences of the first one whose first sentence passes the guard,
    up to MAX_SENTENCES / MAX_WORDS; when none does, yield `fallback_text`.

    A first sentence that only states the decided verdict ("Yes, you must.", "No.") is held back, in our own
    words, and shown with the sentence after it only if that one passes as the reason. An attempt with a `lead`
    (the verdict written by us) starts that way: the model writes the reason. An attempt with a `lead_in` is our
    start of the sentence continued by the model: what the model wrote after it is checked as the reason."""
    for number, attempt in enumerate(attempts):
        written.attempts += 1
        shown: list[str] = []
        lead = leads[number] if leads and number < len(leads) else None
        lead_in = lead_ins[number] if lead_ins and number < len(lead_ins) else ""
        for sentence in _sentences(attempt(), guard.names):
            sentence = " ".join(sentence.split())
            if not shown and (said := guard.lead(sentence)):
                lead = said
                continue
            if lead_in and not shown and sentence.startswith(lead_in):
                sentence = _unopened(_unechoed(sentence, lead_in, guard.names), lead_in, guard.names)
                if guard.check_continued(sentence, lead_in):
                    break
            elif lead is not None and not shown and not OPENS_WITH_VERDICT.search(sentence):
                if guard.check_reason(sentence):
                    break
                sentence = f"{lead} {sentence}"
            elif guard.check(sentence, first=not shown):
                break
            if sum(len(s.split()) for s in shown) + len(sentence.split()) > MAX_WORDS:
                break
            shown.append(sentence)
            yield (" " if len(shown) > 1 else "") + sentence
            if len(shown) >= MAX_SENTENCES:
                break
        if lead is not None and not shown:
            guard.reasons.append("only the verdict, with no reason after it")
        if shown:
            written.text, written.source, written.rejected = " ".join(shown), "llm", list(guard.reasons)
            return
    written.text, written.source, written.rejected = fallback_text, "fallback", list(guard.reasons)
    yield fallback_text


def explain(decision: Decision, question: str, license_name: str, clause: Quote | None, backend: Backend,
            corpus: Corpus | None, allowed_keys: set[str], written: Written) -> Iterator[str]:
    """Yield the explanation of a decided answer sentence by sentence as each passes the guard."""
    if decision.verdict == "unclear":  # nothing was decided: there is nothing for the model to explain
        written.text, written.source = fallback(decision), "fallback"
        yield written.text
        return
    guard = Guard(decision, allowed_keys, corpus.find_models_in_text if corpus is not None else None)
    system, task, retry, continued = prompts_used()
    said = words(decision)
    values = dict(question=question, license_name=license_name, verdict_words=said.verdict,
                  conditions=decision.conditions or "none given", opening=said.opening)
    excerpt = " ".join(clause.text.split())[:CLAUSE_CHARS] if clause else ""
    guard.ground("\n".join([question, license_name, said.verdict, decision.conditions, excerpt]))
    guard.title_words = {_stem(w) for w in CONTENT_WORD.findall(license_name.lower())} | TITLE_WORDS
    asked = [lambda: generate_text(backend, system, task, max_tokens=MAX_TOKENS, **values),
             lambda: generate_text(backend, system, retry, max_tokens=MAX_TOKENS, **values)]  # asks another way
    # we write the verdict and the model the reason; the lead-ins share one prompt, so the second costs only its
    # own tokens (llama.cpp keeps the prompt's cache)
    lead_ins = list(said.lead_ins) if backend.continues_prefix else []
    attempts = [partial(_continued, backend, system, continued, lead_in, values, guard.names)
                for lead_in in lead_ins] + asked
    if lead_ins:  # asked plainly a second time, a small model mostly says only the verdict: then we write it and
        # it gives the reason, after the same prompt (only where the four attempts before failed: the fallback path)
        attempts.append(partial(_continued, backend, system, retry, lead_ins[0], values, guard.names))
        lead_ins += [""] * len(asked) + [lead_ins[0]]
    yield from guarded(attempts, guard, written, fallback(decision), lead_ins=lead_ins)


def _continued(backend: Backend, system: prompts.Prompt, task: prompts.Prompt, lead_in: str,
               values: dict, names: set[str] = frozenset()) -> Iterator[str]:
    return _continue(lead_in, generate_text(backend, system, task, max_tokens=MAX_TOKENS, prefix=lead_in, **values),
                     names)


def _continue(lead_in: str, stream: Iterator[str], names: set[str] = frozenset()) -> Iterator[str]:
    """`lead_in` followed by the model's continuation of it, without the quote marks or colon small models open
    a continuation with ("No, because' outputs …"), its first word lowercased unless it is a name of the source
    (`names`: "the license says Black Forest Labs may …")."""
    yield lead_in
    head = None  # the continuation's start, held until its first word is whole
    for chunk in stream:
        if head is None or not re.search(r"\w\W", head):
            head = ((head or "") + chunk).lstrip(" '‘:;,")
            if re.search(r"\w\W", head):
                yield " " + _lower(STRAY_QUOTE.sub("", head), names)
            continue
        yield chunk
    if head and not re.search(r"\w\W", head):
        yield " " + _lower(STRAY_QUOTE.sub("", head), names)


STRAY_QUOTE = re.compile(r"^[\"“](?=\s|$)\s*")  # a quote mark before a space opens nothing ('because" the …')
OPENED_QUOTE = re.compile(r"^[\"“]")


QUOTED_TO_THE_END = re.compile(r'^[^"“”]*["”][.!?]?$')  # what follows an opening mark: one closing mark, at the end


BARE_VERDICT = re.compile(r"(yes|no)\s*[,:;]\s*(?=\w)", re.I)  # a verdict word the model says again after "because"


def _unechoed(sentence: str, lead_in: str, names: set[str] = frozenset()) -> str:
    """The continued `sentence` without our lead-in said twice ("No, because no, because no one may …"): asked
    in the layout that names the verdict, a small model may start by repeating it."""
    rest = sentence[len(lead_in):].lstrip(" ,:;")
    said = re.match(r"[\W_]*" + r"[\W_]+".join(map(re.escape, re.findall(r"\w+", lead_in))) + r"\b[\s,:;]*", rest, re.I)
    if said and len(rest) > said.end():
        return f"{lead_in} {_lower(rest[said.end():], names)}"
    bare = BARE_VERDICT.match(rest) if lead_in.endswith("because") else None  # "No, because no, you may …"
    if bare and len(rest) > bare.end():
        return f"{lead_in} {_lower(rest[bare.end():], names)}"
    return sentence


def _unopened(sentence: str, lead_in: str, names: set[str] = frozenset()) -> str:
    """The continued `sentence` without the quote marks the model put right after our lead-in when they quote
    nothing of their own: one never closed ('No, because "outputs may not …') or one closed only at the end
    (the whole reason in quotes, which would read as the license's words); a quotation closed mid-sentence is
    kept ('the license says "A Powered by …" is not required')."""
    rest = sentence[len(lead_in):].lstrip()
    if not OPENED_QUOTE.match(rest):
        return sentence
    inside = rest[1:]
    if QUOTED_TO_THE_END.match(inside):
        inside = re.sub(r'["”]([.!?]?)$', r"\1", inside)
    elif '"' in inside or "”" in inside:
        return sentence
    return f"{lead_in} {_lower(inside, names)}"


def describe(task_name: str, backend: Backend, corpus: Corpus | None, allowed_keys: set[str], written: Written,
             fallback_text: str, **values) -> Iterator[str]:
    """Plain prose about something other than one verdict (e.g. what a pasted file's additions change), behind the
    same guard without the verdict check."""
    neutral = Decision(None, "", "", "none")
    guard = Guard(neutral, allowed_keys, corpus.find_models_in_text if corpus is not None else None)
    system, task = prompts.load("system_plain"), prompts.load(task_name)
    yield from guarded([lambda: generate_text(backend, system, task, max_tokens=MAX_TOKENS * 2, **values)], guard,
                       written, fallback_text)


def prompts_used() -> list[prompts.Prompt]:
    """The prompts an explanation is written with (for the answer's prompt_hash)."""
    return [prompts.load(name) for name in PROMPTS]
