"""What a derivative (a fine-tune, merge, LoRA, modified code, a new database) may be licensed as and called.

Two readings, one stage each in decide.decide_with_card's chain:

- **Relicensing** ("can I release my fine-tune under MIT / a stricter license / CC BY-NC?"): the license the
  question names is compared with what the original makes derivatives carry. Share-alike keeps the original's
  own license (any other: no). Where the use restrictions must flow down ("at minimum" the same restrictions), a
  license family that cannot carry them (permissive: MIT, Apache, CC BY; copyleft: GPL, which forbids added
  restrictions) drops them: no; a stricter license can keep them and add its own: conditional on keeping them.
  The license is found by sentence structure (a licensing verb, then "under/as/to/with" or "make it", then a
  phrase naming a license), in any question sentence that asks a permission, whatever kind the whole question
  reads as. Naming the original's own license keeps what it asks: yes. Terms the asker writes, picks or adds
  ("my own custom license", "terms that forbid reverse engineering", "an extra rule") are other terms.
- **Naming** ("can I call my Llama fine-tune 'NovaChat-8B'?", "publish it as 'R1-Lite-70B'?", "any naming
  requirement?", "market it as 'powered by Apple'?"): a name given is checked against the naming rule's prefix; a
  name that uses a mark the card's endorsement entry names reads that entry; a question about the rule itself
  reads the naming rule, not the attribution entry.

Patterns are data (corpus/derivative_terms.yaml); this module holds how they are combined.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from . import cards, config, duty_case, understand, works, yamlio
from .corpus import Corpus
from .quotes import unique
from .resolve import Resolved
from .understand import Asked

OUTPUT_RIGHTS = ("outputs_commercial",)  # about what it generates, not a model (one trained on outputs can be relicensed)
DISTRIBUTION_DUTIES = ("notice_file", "license_copy")
NAME_RULE = "name_prefix"
SHARED_TRIGGERS = frozenset({"copies", "publish", "service"})  # the question shares or offers the named model
RULE_HOLDS = ("yes", "conditional")
# a naming rule for what the asker makes of the model ("a modified model's name must begin with …")
MADE_MODELS_NAMED = re.compile(r"\b(modif\w*|derivative\w*|fine-?tun\w*)\b", re.I)
# ... and a question that tells of one ("if i modify exaone", "fine-tuning it for a class project")
MADE_BY_ASKER = re.compile(r"\b(modif\w*|fine-?tun\w*|finetun\w*|merg\w*|retrain\w*|distill\w*|quantiz\w*|"
                           r"derivative\w*|adapt(ed|ing)|pruned?|pruning)\b")
MIN_MARK_LENGTH = 3  # a capitalised word of a name shorter than this ("AI", "X") is not taken for a mark

# the question puts the work itself under other terms ("redistribute my fine-tune under my own license terms",
# "change it and distribute it under MIT") or adds terms to it ("add extra terms to my adaptation"): read in the
# whole question, since the asking part is often just "can I do that?"
PUT_UNDER_OTHER_TERMS = (
    r"\b(re)?(distribut|releas|licens|licenc|publish|put|putting|plac|shar|sell|offer|ship|provid|hand|giv|give)"
    r"(?!(er|ers|or|ors)\b)\w*\b"
    r"[^?]{0,60}?\bunder "
    r"(a |an |my |our |plain |pure |just |the |some |its )?(own|mit|apache|bsd|cc0|cc[- ]by[\w.-]*|gpl|agpl|lgpl|"
    r"proprietary|closed|different|another|other|permissive|custom|commercial|any|whatever)\b")
# "slap my own custom license on it", "pick my own license for my finetune", "a license of my own choosing"
CHOSEN_TERMS = (
    r"\b(pick|choos|chose|select|set|apply|slap|stick|put|putting|use|give|assign|attach)\w*\b (it |them )?"
    r"(a |an |my |our )(own |custom |different |new |other )+(licen[cs]e|terms)\b|"
    r"\b(licen[cs]e|terms) of (my|our) (own )?choos\w*\b|"
    r"\b(licen[cs]e|terms) (that )?(i|we) (wrote|write|made|drafted|created|came up with)\b|"
    r"\b(any|whatever) (licen[cs]e|terms) (i|we) (like|want|choose|pick|prefer)\b")
# "tack on an extra rule", "add terms that forbid recipients from redistributing it"
ADDS_TERMS = re.compile(
    r"\b(add|adding|impos\w*|attach\w*|slap\w*|put|putting|stick\w*|layer\w*|tack\w*|apply\w*)\b (on )?"
    r"(a |an |one |my |our |some )?(own )?((extra|additional|further|own|new|more|custom) (licen[cs]e |use )?"
    r"(clauses?|terms?|restrictions?|conditions?|rules?)\b|(clauses?|terms?|restrictions?|conditions?|rules?) "
    r"((that|which) (would )?(forbid|prohibit|ban|bar|stop|prevent|disallow|block)|forbidding|prohibiting|banning)\w*)")
RELICENSE_ASKED = re.compile(PUT_UNDER_OTHER_TERMS + "|" + CHOSEN_TERMS + "|" + ADDS_TERMS.pattern)
ORIGINAL_NAMED = re.compile(r"\b(?:instead of|rather than|in place of|not under|not the|over the|replacing)\b")
OWN_WORDS = re.compile(r"\b(?:own|custom|wrote|written|myself|ourselves)\b")  # terms the asker writes
SHARES_WORK = frozenset({"copies", "publish"})  # the question shares or publishes the work itself
PASSIVE_BEFORE = re.compile(r"\b(is|was|are|were|it's|that's|thats|gets?|got)\s+$")  # "a model is released under …"
# a participle after a noun names the license a thing already has: "a model licensed under CC BY 4.0"
ATTRIBUTIVE = re.compile(r"(?<![\w'])(?!(?:i|we|you|they|he|she|have|has|had|to|be|been|being|get|got|gets|and|or|then|"
                         r"just|already)\s)[\w.-]+\s+\w+ed\s+(under|as)\b")


def _already_under(text: str, match: re.Match) -> bool:
    """The match says what license a thing already has, not a licensing asked: "a model is released under …", "a
    model licensed under …" (a participle after a noun, right before "under"; not "we licensed it under …")."""
    before = text[:match.start()]
    return bool(PASSIVE_BEFORE.search(before) or ATTRIBUTIVE.search(before[-40:] + match.group(0)))


SENTENCE = re.compile(r"(?:[^?!.]|\.(?=\S))+[?!.]?")  # a dot inside "1.5" or "cc-by-4.0" ends no sentence
CAPITALISED = re.compile(r"\b[A-Z][\w-]+")


@dataclass(frozen=True)
class Patterns:
    """corpus/derivative_terms.yaml, compiled."""

    flat: dict[str, re.Pattern]
    families: dict[str, re.Pattern]
    drop_restrictions: tuple[str, ...]
    mark_entries: tuple[str, ...]


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    with open(config.corpus_dir() / "derivative_terms.yaml", encoding="utf-8") as f:
        data = yamlio.load(f)
    lists = ("families", "drop_restrictions", "mark_entries")
    return Patterns({k: re.compile(v) for k, v in data.items() if k not in lists},
                    {k: re.compile(v) for k, v in data["families"].items()},
                    tuple(data["drop_restrictions"]), tuple(data["mark_entries"]))


def _decision(card: cards.Card, topic: str, entry: cards.RightAnswer, verdict: str, asked: Asked, corpus: Corpus,
              note: str, kind: str | None = None):
    from . import decide as decide_module  # decide imports this module: the Decision type is read at call time
    return decide_module.Decision(topic, verdict, entry.conditions, decide_module._source(card, entry),
                                  decide_module._quotes(entry, corpus), (note,), kind=kind or asked.kind,
                                  origin=entry.source)


# --- relicensing -------------------------------------------------------------------------------------------------

def target_family(text: str) -> str | None:
    """The family of the first license a phrase names ("a stricter license, like no commercial use" → stricter,
    "bare MIT so users don't inherit the OpenRAIL rules" → permissive), 'other' for a license named by no family
    ("my own license"), None when the phrase names no license ("as 'R1-Lite-70B'")."""
    found = [(m.start(), -len(m.group()), name) for name, pattern in patterns().families.items()
             if (m := pattern.search(text))]
    if found:
        return min(found)[2]  # the first named; at one place, the longest spelling ("cc by-sa" over "cc by")
    named_terms = patterns().flat["license_word"].search(text) or patterns().flat["withed_terms"].search(text)
    return "other" if named_terms else None


def asked_target(asked: Asked) -> str | None:
    """The family of the license a question sentence asking a permission puts the work under, or None. The
    understanding's kind is not required: "what license do I have to put it under? can I make it CC BY-NC?"
    asks the permission in its second sentence."""
    phrase = asked_license_phrase(asked)
    return target_family(phrase) if phrase is not None else None


def asked_license_phrase(asked: Asked) -> str | None:
    """The phrase naming the license a question sentence asking a permission puts the work under ("cc by-nc 4.0
    so random people can't sell it"), or None."""
    question = understand.fold(asked.question)
    sentences = [s for s in SENTENCE.findall(question) if s.strip()]
    for sentence in sentences:
        asks_permission = asked.kind == "permission" or patterns().flat["permission_sentence"].search(sentence)
        if not asks_permission:
            continue
        for found in patterns().flat["target"].finditer(sentence):
            if _already_under(sentence, found):
                continue
            phrase = (found.group("target") or found.group("switched") or found.group("made")
                      or found.group("slapped") or _withed(found.group("withed")) or _chosen(found.group("chosen"))
                      or "")
            if not patterns().flat["own_license"].search(phrase) and target_family(phrase):
                return phrase
    return None


def _chosen(phrase: str | None) -> str | None:
    """A license chosen for the work ("may i choose cc by-nc-nd for it?"): only one a family names, not "a license"."""
    return phrase if phrase and target_family(phrase) in patterns().families else None


def _withed(phrase: str | None) -> str | None:
    """A license given "with" the work ("release my lora with cc by-nc 4.0", "ship it with terms that forbid
    reverse engineering"), not a copy of one ("with the license file", "with attribution")."""
    if not phrase:
        return None
    named = patterns().flat["withed_terms"].search(phrase) or target_family(phrase) in patterns().families
    # "with the apache license file" is a copy of a license; "with an 'all rights reserved' notice" is other terms
    copy = patterns().flat["withed_copy"].search(phrase) and (
        not named or patterns().flat["license_word"].search(phrase))
    return phrase if named and not copy else None


def asks_relicensing(asked: Asked) -> bool:
    """A permission to put the work or a derivative under other terms. The understanding's reading of the asking
    part, where an output topic is left out ("sell the images I generate with a CC BY-NC model" names a license,
    not new terms); the whole question putting it "under" other terms or adding terms to it; or a question
    sentence asking to put it under a license it names."""
    if asked.kind == "permission":
        if understand.asks_relicensing(asked) and asked.topic not in OUTPUT_RIGHTS:
            return True
        question = understand.fold(asked.question)
        if any(not _already_under(question, m) for m in RELICENSE_ASKED.finditer(question)):
            return True
    return asked.topic not in OUTPUT_RIGHTS and asked_target(asked) is not None


def restrictions_kept(asked: Asked) -> bool | None:
    """Whether the derivative's new license keeps the original's use restrictions: what the question says ("plain
    MIT, none of the rules" / "as long as I copy the restrictions"), else what the license it names can carry (a
    permissive or copyleft license cannot), else None."""
    said = understand.restrictions_kept(asked)
    if said is not None:
        return said
    return False if asked_target(asked) in patterns().drop_restrictions else None


def decide(resolved: Resolved, card: cards.Card, asked: Asked, corpus: Corpus):
    """"Can I put my fine-tune under MIT / my own license?": no under share-alike; where the use restrictions must
    flow down, conditional on keeping them (no when the new license drops them); a text that lets derivatives take
    other terms allows it, conditional on its notice duties for the original parts. None leaves the question to
    the routed entry (a copyleft that binds only what you distribute, a card silent on both)."""
    if not asks_relicensing(asked) or works.about_result(resolved, card, asked, corpus):
        return None  # a model trained on the work is not the work: its own reading decides (explainer/works.py)
    kind = "permission"  # the relicensing sentence asks a permission, whatever the whole question reads as
    same, flow = card.answer("share_alike"), card.answer("restrictions_flow_down")
    if same is not None and same.verdict == "yes" and _later_same_license(card, same, asked):
        return _decision(card, "share_alike", same, "yes", asked, corpus,
                         "the license you name is a later version of this one, with the same elements", kind)
    binding = next((entry for entry in (same, flow) if entry is not None and entry.verdict == "yes"), None)
    if binding is not None and _names_own_license(card, asked, corpus):  # what derivatives must keep, kept
        return _decision(card, binding.right, binding, "yes", asked, corpus, "the license you name is this license "
                         "itself: sharing under it meets what it asks of derivatives", kind)
    if same is not None and same.verdict == "yes":
        return _decision(card, "share_alike", same, "no", asked, corpus,
                         "derivatives you share must stay under this license (share-alike)", kind)
    if same is not None and same.verdict == "conditional":
        if SHARES_WORK & set(asked.triggers):  # a copyleft that binds what you share, asked about sharing it
            return _decision(card, "share_alike", same, "no", asked, corpus,
                             "what you share must stay under this license, and your question shares it", kind)
        return None
    if flow is not None and flow.verdict == "yes":
        kept = restrictions_kept(asked)
        note = ("the terms you would share it under drop the use restrictions, which must stay with the derivative"
                if kept is False
                else "other terms are allowed only if they carry the license's use restrictions")
        return _decision(card, "restrictions_flow_down", flow, "no" if kept is False else "conditional", asked,
                         corpus, note, kind)
    if same is None or same.verdict != "no":
        return None
    return _own_terms_allowed(card, same, asked, corpus, kind)


# a Creative Commons key and a Creative Commons license a question names: the elements and the major version
CC_KEY = re.compile(r"^cc-(?P<elements>by(?:-nc)?(?:-sa)?(?:-nd)?)-(?P<version>\d)\.\d$")
CC_NAMED = re.compile(r"\bcc[- ]?(?P<elements>by(?:[- ]nc)?(?:[- ]sa)?(?:[- ]nd)?)[- ]?v?(?P<version>\d)(?:\.\d)?\b")
# the Creative Commons elements a question names, with or without a version ("by-sa", "cc by-nc-sa", "cc by")
CC_ELEMENTS = re.compile(r"\b(?:cc[- ]?)?(?P<elements>by[- ](?:nc|sa|nd)(?:[- ](?:sa|nd))?)\b|\bcc[- ]?(?P<plain>by)\b")
LATER_ASKED = re.compile(r"\b(a |the )?(later|newer|more recent|latest|newest|next)( [\w.-]+)? (version|release)\b")
LATER_ALLOWED = re.compile(r"\b(a )?later version\b|\bthis version or later\b", re.I)


def _cc_elements(text: str) -> list[str]:
    """The Creative Commons elements the text names, in order, spelt as in a key ("by-nc-sa", "by")."""
    return [(m.group("elements") or m.group("plain")).replace(" ", "-") for m in CC_ELEMENTS.finditer(text)]


def _names_own_license(card: cards.Card, asked: Asked, corpus: Corpus) -> bool:
    """"Can I release my adaptation under CC BY-SA 4.0?" of CC BY-SA 4.0: the license the question names is the
    card's own, and the question adds no terms of its own to it."""
    phrase = asked_license_phrase(asked)
    if phrase is None or ADDS_TERMS.search(understand.fold(asked.question)):
        return False
    phrase = ORIGINAL_NAMED.split(phrase, 1)[0]  # "my own license instead of the deepseek one" names the original
    if OWN_WORDS.search(phrase):
        return False
    own = CC_KEY.match(card.key)
    elements = _cc_elements(phrase)
    if own is not None and elements:  # "under by-nc-sa too" of CC BY-NC-SA 4.0: its elements, its version or none
        versions = [int(m.group("version")) for m in CC_NAMED.finditer(phrase)]
        return elements[0] == own.group("elements") and all(v == int(own.group("version")) for v in versions)
    named = corpus.find_models_in_text(phrase)
    return bool(named) and card.key in corpus.resolve(named[0].matched).license_keys


def _later_same_license(card: cards.Card, same: cards.RightAnswer, asked: Asked) -> bool:
    """"Can we put our adaptation of CC BY-SA 3.0 text under CC BY-SA 4.0?": a later version with the same elements,
    where the share-alike clause allows one."""
    own = CC_KEY.match(card.key)
    if own is None or not LATER_ALLOWED.search(same.conditions):
        return False
    question = understand.fold(asked.question)
    versions = [int(m.group("version")) for m in CC_NAMED.finditer(question)
                if m.group("elements").replace(" ", "-") == own.group("elements")]  # its own version named too
    version = int(own.group("version"))
    if LATER_ASKED.search(question) and all(named == own.group("elements") for named in _cc_elements(question)):
        return True  # "under a later by-sa version instead of 4.0": no number, the same elements
    return any(v > version for v in versions) and all(v >= version for v in versions)


def _own_terms_allowed(card: cards.Card, same: cards.RightAnswer, asked: Asked, corpus: Corpus, kind: str):
    """A text that lets derivatives take other terms: yes, conditional on its notice duties for the original parts."""
    from . import decide as decide_module
    duties = [card.answer(name) for name in DISTRIBUTION_DUTIES]
    owed = [d for d in duties if d is not None and d.verdict in RULE_HOLDS][:1]
    conditions = " ".join([same.conditions, *(d.conditions for d in owed)]).strip()
    note = ("your own terms may cover your changes; the original parts keep this license's notices" if owed
            else "the license lets derivatives take other terms")
    decision = _decision(card, "share_alike", same, "conditional" if owed else "yes", asked, corpus, note, kind)
    quotes = tuple(unique(decide_module._quotes(same, corpus) + sum((decide_module._quotes(d, corpus) for d in owed), ())))
    return replace(decision, conditions=conditions, quotes=quotes)


# --- naming ------------------------------------------------------------------------------------------------------

def given_name(asked: Asked) -> str | None:
    """The name a question gives its model: the naming question's ("call my fine-tune 'NovaChat-8B'"), or one it
    is published, offered or marketed as ("publish it as 'R1-Lite-70B'")."""
    name = understand.derivative_name(asked)
    if name:
        return name
    found = patterns().flat["given_name"].search(asked.question)
    return found.group("name").strip() if found else None


def _marks(entry: cards.RightAnswer) -> set[str]:
    """The capitalised words an endorsement entry names (its owner's name and marks: "Apple", "NAVER")."""
    return {w.lower() for w in CAPITALISED.findall(entry.conditions) if len(w) >= MIN_MARK_LENGTH}


def apply_name(card: cards.Card, asked: Asked, decision, corpus: Corpus):
    """The name a question gives its derivative, or its question about the naming rule, read against the rule: a
    name using a mark the endorsement entry names takes that entry's verdict; a name is checked against the
    required prefix; "any naming requirement?" / "must the name start with X?" are the rule's own questions."""
    return (_mark_used(card, asked, corpus) or _prefix_checked(card, asked, decision, corpus)
            or _rule_asked(card, asked, corpus) or decision)


def _mark_used(card: cards.Card, asked: Asked, corpus: Corpus):
    """"Can we market it as 'powered by Apple'?": a permission for a name or tagline that uses a mark the card's
    endorsement entry forbids without permission."""
    name = given_name(asked) if asked.kind == "permission" else None
    if not name:
        return None
    words = {w.lower() for w in CAPITALISED.findall(name)}
    for entry_name in patterns().mark_entries:
        entry = card.answer(entry_name)
        if entry is not None and entry.verdict == "no" and words & _marks(entry):
            return _decision(card, entry_name, entry, "no", asked, corpus,
                             f"'{name}' uses a name the license does not let you use to promote what you make")
    return None


def _prefix_checked(card: cards.Card, asked: Asked, decision, corpus: Corpus):
    """"Can I call my Llama fine-tune 'NovaChat-8B'?": the name is checked against the naming rule's prefix."""
    name = given_name(asked) if asked.kind in ("permission", "threshold") else None
    rule = card.answer(NAME_RULE) if name else None
    prefix = understand.required_prefix(rule.conditions) if rule is not None and rule.verdict in RULE_HOLDS else None
    if not prefix:
        return None
    fits = name.lower().startswith(prefix.lower())
    shared = rule.verdict == "yes" or SHARED_TRIGGERS & set(asked.triggers) or duty_case.releases_copies(asked)
    verdict = "yes" if fits else ("no" if shared else "conditional")
    note = (f"'{name}' begins with \"{prefix}\"" if fits else
            f"'{name}' does not begin with \"{prefix}\", which the license requires of a model you share")
    return replace(_decision(card, NAME_RULE, rule, verdict, asked, corpus, note),
                   notes=(*decision.notes, note))


def _rule_asked(card: cards.Card, asked: Asked, corpus: Corpus):
    """"Any naming requirement?" (a fact: yes when the text sets a naming rule) and "must the name start with
    HyperCLOVA X?" (a duty: yes when that is the required prefix, in the case the rule names or one the question
    states)."""
    if asked.kind not in ("fact", "obligation") or not patterns().flat["naming_rule_asked"].search(
            understand.fold(asked.asking)):
        return None
    rule = card.answer(NAME_RULE)
    prefix = understand.required_prefix(rule.conditions) if rule is not None and rule.verdict in RULE_HOLDS else None
    if not prefix:
        return None
    asked_prefix = patterns().flat["asked_prefix"].search(understand.fold(asked.asking))
    if asked_prefix and not prefix.lower().startswith(asked_prefix.group("prefix").strip().lower()):
        return _decision(card, NAME_RULE, rule, "no", asked, corpus, f"the name must begin with \"{prefix}\"")
    # a rule for modified models, asked by one who names none it made ("we use it for research: must anything be
    # called EXAONE?"), holds only in that case
    always = rule.verdict == "yes" and (not MADE_MODELS_NAMED.search(rule.conditions) or "derivative" in asked.subjects
                                        or bool(MADE_BY_ASKER.search(understand.fold(asked.question))))
    stated = (always or SHARED_TRIGGERS & set(asked.triggers) or asked.kind == "fact"
              or duty_case.releases_copies(asked))
    return _decision(card, NAME_RULE, rule, "yes" if stated else "conditional", asked, corpus,
                     f"the name must begin with \"{prefix}\"")
