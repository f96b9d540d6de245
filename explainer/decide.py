"""The one place that decides verdicts.

Given a resolved license (base, companions, addenda, a pasted file's additions and changes) and what a question
asks (`understand.Asked`), `decide` returns a `Decision`: the verdict read literally for the question's kind, the
conditions, where the verdict came from (`card`, `addendum`, `file`, `threshold`, `llm`, `auto`, `none`), the
deciding clauses as verified-at-display quotes, and notes. `ask`, `chat`, `explain`, `scan`, `outputs` and `eval`
all call it; none of them derives a verdict of its own.

Order of evidence: the card (with the author's addenda) → figures in the question against the card's thresholds →
passages your file adds or changes, which can lower a verdict, never raise it. No card: the caller may ask a
backend (`decide_by_llm`) or leave the topic `not_addressed` / `unclear`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from . import autocard, cards, competition, contract, distillation, generate, policies, prompts, purposes, rights, subject, termination, thresholds, topics, understand, works
from . import derivative_terms  # what a derivative may be licensed as and called
from . import duty_case  # the case a question describes, against the trigger of a license's duties
from . import identity  # "it's apache, right?": a claim about which license applies
from . import detail  # a detail asked of a rule (how long, what size, which date): only what the rule says
from . import licensor_duty  # a duty asked of the licensor: only what the text binds it to
from .corpus import Corpus
from .quotes import Quote, clause, of_clause, of_passage, unique
from .resolve import PASTED_KEY, FilePassage, Resolved, from_question
from .understand import Asked

ABOUT = 3  # cue weight from which an added sentence is about a topic ("may not be merged" is about derivatives)
RANK = {"no": 0, "conditional": 1, "unclear": 2, "not_addressed": 2, "yes": 3}
INVERT = {"yes": "no", "no": "yes", "conditional": "conditional", "not_addressed": "not_addressed"}
# permission rights: "Do I need a licence to X?" is answered by inverting "May I X?"
PERMISSION_RIGHTS = {"outputs_commercial", "model_commercial_use", "hosted_service_or_api", "redistribute_weights",
                     "derivatives_allowed", "train_other_models_on_outputs"}
COMMERCIAL_RIGHTS = {"user_or_revenue_threshold", "model_commercial_use", "hosted_service_or_api",
                     "outputs_commercial"}
# what a right's verdict becomes when your file restricts it ("no" for the permissions)
RESTRICTED = {"non_commercial_only": "yes", "licensor_claims_outputs": "yes", "restrictions_flow_down": "yes",
              "use_restrictions": "conditional", "user_or_revenue_threshold": "yes"}
RESTRICTIVE = re.compile(
    r"\b(may not|must not|shall not|cannot|can ?not|not be (used|permitted|allowed)|is not (permitted|allowed)|"
    r"are not (permitted|allowed)|not (permitted|allowed) to|prohibit\w*|forbid\w*|non-?commercial|"
    r"only for (personal|research|non-?commercial)|"
    r"without (a |the |our )?(separate |prior |express |written )*(agreement|permission|consent|license|licence))\b",
    re.I,
)
DUTY = re.compile(r"\b(must|shall|are required to|is required to|have to|has to|needs? to)\b", re.I)
NON_COMMERCIAL = re.compile(r"\bnon-?commercial\b|\bcommercial(ly)?\b", re.I)
ITSELF = re.compile(r"\b(model|weights|checkpoint) itself\b|\bdeploy\w*\b", re.I)
FREES_OUTPUTS = re.compile(r"\b(outputs?|images?|generations?|content you generate)\b.{0,60}\b(not restricted|no (extra |additional )?restriction|remain|unrestricted|free to)\b", re.I)
CHARGED = r"(?<!free of )(?<!at no )(?<!without )charg\w*"  # "charge", "charging"; not "free of charge"
COMMERCIAL_INTENT = re.compile(rf"(?<!non-)(?<!non)\b(paid|pay|{CHARGED}|sell\w*|sold|subscriptions?|b2b|saas|"
                               r"clients?|customers?|"
                               r"revenue|monetiz\w*|for money|make money|for profit|for-profit|commercial(ly)?|"
                               r"business|startup|company|etsy|ads?)\b")
SENTENCES = re.compile(r"(?<=[.;!?])\s+|\n+")
TEXT_SENTENCES = re.compile(r"(?<=[.;!?])\s+|\n\s*\n")  # a license text's sentences: its lines are hard-wrapped
# a markdown heading line ("## Excuse"), set apart from the sentence under it; a markdown link ("[Notices](#notices)")
# read as its words
HEADING_LINE = re.compile(r"(?m)^[ \t]*(#{1,6}[ \t].*)$")
MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]*\)")


@dataclass(frozen=True)
class Decision:
    topic: str | None
    verdict: str  # yes | no | conditional | not_addressed | unclear
    conditions: str
    source: str  # card | addendum | file | threshold | llm | auto | none
    quotes: tuple[Quote, ...] = ()
    notes: tuple[str, ...] = ()
    kind: str = "permission"
    confidence: float = 1.0
    origin: str = ""  # the card or addendum key the verdict comes from, or "pasted" for your file
    waived: bool = False  # the verdict answers leave to skip a duty ("can we leave out the badge?"), not the duty
    worded: bool = False  # the verdict already answers the question's claim as worded, a denial included

    @property
    def clause_ids(self) -> list[str]:
        return [q.clause_id for q in self.quotes]

    @property
    def decided(self) -> bool:
        return self.source != "none"

    def to_dict(self) -> dict:
        return {"topic": self.topic, "verdict": self.verdict, "conditions": self.conditions, "source": self.source,
                "clause_ids": self.clause_ids, "notes": list(self.notes), "confidence": round(self.confidence, 3)}


def card_of(resolved: Resolved, corpus: Corpus, without_card: bool = False) -> cards.Card | None:
    """The card for the license with its addenda applied; none for an unidentified paste (or when withheld)."""
    if resolved.adhoc or without_card:
        return None
    card = cards.card_for(resolved.license_keys, resolved.addenda, corpus)
    return autocard.transfer(resolved, card, corpus) if card is not None else None  # a modified copy of its text


def unclear(asked: Asked) -> Decision:
    named = ", ".join(understand.topic_label(t).lower() for t, _ in asked.candidates[:3])
    conditions = ("The question does not say clearly which right or rule of the license it is about"
                  + (f"; it could be about: {named}." if named else ".")
                  + " Ask about one thing, e.g. selling outputs, hosting, fine-tuning, credit, user caps.")
    return Decision(None, "unclear", conditions, "none", kind=asked.kind, confidence=asked.confidence)


def decide(resolved: Resolved, asked: Asked, corpus: Corpus, card: cards.Card | None = None,
           without_card: bool = False) -> Decision:
    """The verdict for what `asked` asks, read literally. An undecided Decision (source `none`) when there is no
    card: the caller then asks a backend or reports the topic as not decided."""
    if not asked.clear:  # the contract's facets are read by their own words, whatever the routing made of them
        return (contract.decide(resolved, asked, corpus) or identity.decide(resolved, asked, corpus)
                or _registration(resolved, asked, corpus)  # read from the text's sentences, whatever the routing
                or _excluded_user_unclear(resolved, asked, corpus, without_card)
                or _forbidden_case_unclear(resolved, asked, corpus, without_card) or unclear(asked))
    claimed = identity.decide(resolved, asked, corpus, routed=True)  # "it's apache, so no extra conditions, right?"
    if claimed is not None:
        return claimed
    if card is None and not without_card and not resolved.adhoc and len(model_layers(resolved, corpus)) > 1:
        return _layered(resolved, asked, corpus)
    card = card if card is not None else card_of(resolved, corpus, without_card)
    asked = subject.about_the_subject(resolved, works.work_shared(resolved, asked, corpus), corpus)
    topic = asked.topic
    if card is None:  # no card: the auto-card (a classifier trained on the cards) reads the text, when it can
        decision = autocard.decide(resolved, asked, corpus) or Decision(topic, "not_addressed", "", "none",
                                                                        kind=asked.kind)
    else:
        decision = decide_with_card(resolved, asked, corpus, card)
        decision = autocard.quote_changes(card, decision)  # entries decided again from your changed wording
    decision = licensor_duty.apply(resolved, asked, apply_file(resolved, asked, decision), corpus)
    decision = _quote_fee_grant(resolved, asked, detail.apply(asked, decision), corpus)
    decision = _apply_absolute_claim(asked, _apply_negated_claim(asked, decision), card)
    # the part of the work a duty reaches; a case a condition counts
    decision = duty_case.apply_scope(asked, decision, card)
    return _lead_agrees(_apply_where_asked(asked, _apply_waiver(asked, decision)))


def model_layers(resolved: Resolved, corpus: Corpus) -> tuple[str, ...]:
    """The resolved texts that each license the model itself and have a card: a model under its maker's license
    and, as a derivative, under its base model's (Llama 3.1 Nemotron: NVIDIA's and Llama 3.1's). Policies that
    come with a license are not layers: the card of the license they come with reads them."""
    known = cards.all_cards(corpus)
    return tuple(key for key in resolved.license_keys
                 if key in known and getattr(corpus.licenses.get(key), "kind", "") == "model")


QUOTED = re.compile(r"(?<!\w)['\"‘“]([^'\"’”]{3,60})['\"’”](?!\w)")  # a wording quoted in the question
# which of two layers' verdicts binds: a duty any layer imposes must be met; a use must be allowed by every layer
STRICTER = {"obligation": {"yes": 3, "conditional": 2, "no": 1},
            "permission": {"no": 3, "conditional": 2, "yes": 1}}


def _layered(resolved: Resolved, asked: Asked, corpus: Corpus) -> Decision:
    """A model under two licenses at once: the question decided under each (each license's card first, with the
    other texts as its companions), and the stricter answer kept: a duty either license imposes, a use either
    forbids. A fact question keeps the first license's answer (its own terms), unless that one is silent."""
    layers = model_layers(resolved, corpus)
    decisions = []
    for key in layers:
        order = (key, *(k for k in resolved.license_keys if k != key))
        decisions.append(decide(resolved, asked, corpus, card=cards.card_for(order, resolved.addenda, corpus)))
    first = decisions[0]
    # a wording the question quotes ("do we have to write 'Built on NVIDIA Cosmos'?") names the license it is about
    quoted = [q.lower() for q in QUOTED.findall(asked.question)]
    named = [d for d in decisions if quoted and all(q in d.conditions.lower() for q in quoted)] or decisions
    scale = STRICTER.get("permission" if asked.kind == "threshold" else asked.kind)
    if scale is None:
        chosen = next((d for d in named if d.verdict not in ("not_addressed", "unclear")), named[0])
    else:
        chosen = max(named, key=lambda d: scale.get(d.verdict, 0))  # the first on a tie
    if chosen is first:
        return first
    layer = layers[decisions.index(chosen)]
    name = getattr(corpus.licenses.get(layer), "name", layer)
    return replace(chosen, notes=(*chosen.notes, f"this model comes under more than one license; the {name} "
                                                 f"also applies to it, and its answer is the one that binds"))


# conditions that open with a plain yes or no ("Yes: all rights in the outputs remain LG's …")
LEAD = re.compile(r"^\s*(?P<word>yes|no)\s*[:,.;]\s*", re.I)  # "No separate license …" opens with no answer


def without_answer_word(text: str) -> str:
    """The sentence without the answer word it opens with ("Yes: all rights …" -> "All rights …"); unchanged when
    it opens with none."""
    lead = LEAD.match(text)
    rest = text[lead.end():] if lead else text
    return rest[:1].upper() + rest[1:]


def _lead_agrees(decision: Decision) -> Decision:
    """Conditions written for the card's own question open with its answer ("Yes: all rights in the outputs remain
    LG's"); a question asked the other way round ("i assume i own what it generates?") turns the verdict, so that
    opening word, which now contradicts it, goes and the rest of the sentence stays."""
    lead = LEAD.match(decision.conditions or "")
    if lead is None or {lead.group("word").lower(), decision.verdict} != {"yes", "no"}:
        return decision
    return replace(decision, conditions=without_answer_word(decision.conditions))


# "where does the license actually say that?": asks for the place in the text that says it
WHERE_ASKED = re.compile(r"\bwhere (exactly |actually )?(does|do|did|is|in) (\S+ ){0,6}(say|says|said|state|states|mention|"
                         r"mentions|written|spell|spells|put|puts)\b|\bwhich (section|clause|part|paragraph) (\S+ ){0,6}"
                         r"(say|says|state|states|mention|mentions)\b")


def _apply_where_asked(asked: Asked, decision: Decision) -> Decision:
    """"Everyone says EU companies are banned; where does the license itself say that?": a text that does not say
    it has no place to show, and its silence leaves the claim open (`not_addressed`), where "does it say so?" is
    answered `no`."""
    if asked.kind != "fact" or decision.verdict != "no" or not WHERE_ASKED.search(understand.fold(asked.asking)):
        return decision
    return replace(decision, verdict="not_addressed",
                   notes=(*decision.notes, "you asked where the text says it: it does not say it"))


def _apply_waiver(asked: Asked, decision: Decision) -> Decision:
    """"Can we skip the 'built with' badge?" was decided as the duty (must we show it?): the leave to skip it is
    the other way round. A duty only in some cases (conditional) is skipped outside them: it stays conditional."""
    if not asked.waives or decision.verdict not in INVERT:
        return decision
    return replace(decision, verdict=INVERT[decision.verdict], kind="permission", waived=True,
                   notes=(*decision.notes, "you asked whether you may leave a duty out: the verdict answers that, "
                                           "the duty itself is the other way round"))


# a duty, permission or fact asked as holding without any condition ("i have to keep crediting them no matter
# what?", "can i share it under any circumstances?"): "conditional" says it does not
UNCONDITIONAL = re.compile(r"\b(no matter what|whatever happens|in (all|every|any) cases?|under (all|any) "
                           r"circumstances|without (any )?exceptions?|unconditionally|regardless of (anything|what)|"
                           r"in every situation|come what may)\b")


def _apply_absolute_claim(asked: Asked, decision: Decision, card: cards.Card | None = None) -> Decision:
    """A question that asks whether a duty or a permission holds unconditionally ("i have to keep crediting them
    no matter what, right?") is answered `no` when the license makes it hold only under conditions or with
    exceptions (CC BY: the credit is removed on the licensor's request). The entry's own verdict decides, not
    its reading for the case the question describes: the question asks about every case."""
    entry = card.answer(decision.topic) if card is not None and decision.topic else None
    conditional = decision.verdict == "conditional" or (
        decision.verdict == "yes" and entry is not None and entry.verdict == "conditional")
    if not conditional or not UNCONDITIONAL.search(understand.fold(asked.asking)):
        return decision
    return replace(decision, verdict="no",
                   notes=(*decision.notes, "you asked whether it holds in every case; the license makes it hold "
                                           "only under conditions"))




# a fact question that asks to confirm a statement: the statement before a tag ("…, right?", "…, does it?") or
# before "is that what the license says?", or after "is it true (that)"
CLAIM_TAG = re.compile(r"(?:,|\s[—–-])\s*(?:(?:is )?(?:that|this|it) )?(?:right|true|correct|accurate|so|yeah|yep|yea|"
                       r"yes|no|ok|okay|eh|huh|innit)\W*$|"
                       r"(?:,\s*|\s+)(?:does|do|is|are|can|did|isn't|doesn't|don't|aren't|can't) "
                       r"(?:it|they|we|i|that|this|he|she)\W*$")
CLAIM_QUESTION = re.compile(r"^\W*(?:is|are) (?:that|this|it) (?:what|how) (?:\S+ ){0,4}(?:says?|means?|reads?|works?)\W*$|"
                            r"^\W*(?:is|are) (?:that|this) (?:right|true|correct|accurate|so)\W*$")
CLAIM_OPENING = re.compile(r"^\W*is it (?:true|right|correct) (?:that )?")
# a subordinate clause around the claim ("since the AI isn't making us money, …", "… if it gives wrong answers"):
# its negation is not the claim's
SUBORDINATE_FRONT = re.compile(r"^\W*(?:since|because|as|if|when|while|although|though|given that)\b[^,]*,\s*")
SUBORDINATE_BACK = re.compile(r"\s+\b(?:if|when|because|since|unless|while|although|though|in case)\b.*$")
NEGATION = re.compile(r"\b(?:not|no longer|never|cannot|nothing|none|nobody|no one)\b|\bno (?=[a-z])|n't\b|"
                      r"\b(?:doesnt|dont|isnt|arent|cant|wont|didnt|wasnt|werent|shouldnt|wouldnt|havent|hasnt|aint)\b|"
                      # "my student model is free of the gemma terms now": out from under them
                      r"\bfree (?:of|from) (?:the |its |their |any )?(?:\S+ )?(?:terms|licen[cs]e|rules|restrictions)\b")
# words that make a statement's sense a limit ("the license withholds rights in the EU", "the cap applies"): a
# negated limit ("doesn't forbid") says what a plain grant says
LIMITING = re.compile(r"\b(?:withh\w+|limit\w*|caps?|capped|restrict\w*|forbid\w*|prohibit\w*|ban\w*|exclud\w*|"
                      r"only|ends?|terminat\w*|revok\w*|lose|lost|non-?commercial|stops?|stopp\w*|prevent\w*|block\w*|"
                      r"bars?|barred|in the way|problems?|issues?|trouble|violat\w*|breach\w*|against|illegal|"
                      r"changes?|affects?|matters?|makes? a difference)\b")


def _limiting_sense(statement: str) -> bool:
    """Whether a statement, read with its negation, says a limit holds ("doesn't apply in the EU" does;
    "doesn't forbid it" does not)."""
    return bool(LIMITING.search(statement)) != bool(NEGATION.search(statement))


def _claim(asked: Asked) -> str | None:
    """The statement a fact question asks to confirm, folded, or None when it asks no such thing."""
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", understand.fold(asked.question)) if s.strip()]
    asking = [number for number, sentence in enumerate(sentences) if sentence.endswith("?")]
    if asking:  # a fragment after the question ("…, correct? like my blog posts") adds an example, not the claim
        sentences = sentences[: asking[-1] + 1]
    if not sentences:
        return None
    last = sentences[-1].rstrip("?!. ")
    if CLAIM_QUESTION.search(last):
        return sentences[-2].rstrip("?!. ") if len(sentences) > 1 else None
    opening = CLAIM_OPENING.search(last)
    if opening:
        return last[opening.end():]
    tag = CLAIM_TAG.search(last)
    return last[:tag.start()] if tag and tag.start() > 0 else None


def _plain_ask(topic: str | None) -> str:
    """The topic's own plain question, folded ("" for a topic with none)."""
    known = topic is not None and (topic in rights.rights() or topic in topics.topics())
    return understand.fold(understand.topic_ask(topic)) if known else ""


# a contrast set beside the claim ("i own it, not meta"): it names who does not, it does not negate the claim
CONTRAST = re.compile(r",\s*not (?:the |a |an )?[\w.-]+(?: [\w.-]+)?\s*(?=,|$)")


# the premises a statement draws its conclusion from ("the aup is about what you do, so being in germany changes
# nothing"): the conclusion is the claim
PREMISES = re.compile(r"^.*(?:,\s*|\s)(?:so|therefore|hence|which means)\s+(?=\S)")


def _main_clause(statement: str) -> str:
    """The statement without the clauses that only set its scene (a leading "since …," or a trailing "if …", the
    premises before ", so …") and without a contrast beside it (", not meta")."""
    return CONTRAST.sub("", SUBORDINATE_BACK.sub("", SUBORDINATE_FRONT.sub("", PREMISES.sub("", statement))))


def _apply_negated_claim(asked: Asked, decision: Decision) -> Decision:
    """A fact question confirming a negated statement ("MIT means we can't hold them responsible, is that what
    it says?", "the $1M limit doesn't apply, right?") is answered for the statement as worded: the verdict,
    decided for the topic's plain question (are they liable? is there a cap?), is turned round when the
    statement's sense is the opposite of that question's (a limit denied against a question about a limit, a
    grant denied against a question about a grant); "the license doesn't apply in the EU, right?" asks what
    "does it withhold rights in some places?" asks, and keeps its verdict. Permission, duty and
    threshold questions keep their plain reading ("we don't need the badge, do we?" is answered as "do we?")."""
    if asked.kind != "fact" or decision.verdict not in ("yes", "no") or decision.worded:
        return decision
    if decision.topic == termination.TOPIC and termination.asks_revocation(asked) == "lasting":
        return decision  # "bfl can't end it unless i break something, right?": the ending stage read it as worded
    claim = _claim(asked)
    main = _main_clause(claim) if claim else ""
    if not NEGATION.search(main) or _limiting_sense(main) == _limiting_sense(_plain_ask(decision.topic)):
        return decision  # no negated claim, or one that says what the plain question asks ("doesn't apply in the EU")
    return replace(decision, verdict=INVERT[decision.verdict],
                   notes=(*decision.notes, "your question states the negative and asks whether it holds: the "
                                           "verdict answers that statement"))


def decide_with_card(resolved: Resolved, asked: Asked, corpus: Corpus, card: cards.Card) -> Decision:
    """The card (hand-written, carried over to a changed text, or the auto-card's) read for the question: the
    text's own sentences on revocation, trademarks and patents first, then the card's entry read literally for
    the question's kind, then what the question states: figures, conditions it breaks, a derivative's name, and
    places the license excludes."""
    asked = policies.read_activity(card, asked)  # the activity, apart from what the question says the license holds
    decision = (contract.decide(resolved, asked, corpus)  # disputes, language, parties, version: the text's sentences
                or termination.decide_termination(resolved, card, asked, corpus) or _text_right(resolved, asked, corpus)
                or distillation.decide(card, asked, corpus)
                or _registration(resolved, asked, corpus) or _derivative_status(card, asked, corpus)
                or derivative_terms.decide(resolved, card, asked, corpus) or _no_derivatives(card, asked, corpus)
                or _fee_on_copies(card, asked, corpus) or _network_source(card, asked, corpus)
                or _served_but_withheld(card, asked, corpus) or _release_not_required(card, asked, corpus)
                or works.decide(resolved, card, asked, corpus)
                or _from_card(card, works.reread(resolved, card, asked, corpus), corpus))
    decision = policies.apply_right_exception(card, asked, decision, lambda entry: _quotes(entry, corpus))
    decision = _apply_case_duties(card, asked, decision, corpus)
    decision = _apply_private_use(card, asked, decision)
    decision = duty_case.apply_end_user(asked, decision)  # someone else's product: its maker owes the duties
    decision = _apply_commercial_plan(card, asked, decision, corpus)
    decision = _apply_figures(card, asked, decision, corpus)
    decision = _apply_named_limit(card, asked, decision, corpus)
    decision = _apply_named_amount(asked, decision)
    decision = _apply_measure_scope(card, asked, decision, corpus)
    decision = competition.apply_competition(resolved, asked, decision, corpus)  # a product like the licensor's
    decision = _apply_breakers(card, asked, decision, corpus)
    decision = _apply_keepers(card, asked, decision)
    decision = _apply_non_commercial(card, asked, decision, corpus)
    decision = _apply_no_derivatives_shared(card, asked, decision, corpus)  # a non-commercial use shares no adaptation
    decision = _apply_purpose(card, asked, decision, corpus)
    decision = _apply_production_excluded(card, asked, decision, corpus)
    decision = _apply_excluded_users(card, asked, decision, corpus)
    decision = derivative_terms.apply_name(card, asked, decision, corpus)
    decision = _apply_model_scope(resolved, asked, decision, corpus)
    decision = subject.apply_unrestricted_grant(card, asked, decision, lambda entry: _quotes(entry, corpus))
    decision = _apply_places(card, asked, decision, corpus)
    decision = _apply_no_restrictions_to_pass(card, asked, decision, corpus)
    decision = _apply_policy_only(card, asked, decision, corpus)
    decision = _apply_list_elsewhere(card, asked, decision)
    return _apply_disclosed_publication(card, asked, decision, corpus)  # a place inside the territory settles no duty


GRANT_RIGHTS = ("model_commercial_use", "redistribute_weights", "derivatives_allowed", "outputs_commercial")


def _apply_list_elsewhere(card: cards.Card, asked: Asked, decision: Decision) -> Decision:
    """"Does the license text itself spell out which uses are forbidden?" of a license whose list is an outside
    policy it incorporates (Falcon's AUP): no, its own text does not; the policy holds the list."""
    if decision.topic != "use_restrictions" or not policies.list_asked_of_the_text(card, asked):
        return decision
    return replace(decision, verdict="no",
                   conditions=f"The license's own text does not list the forbidden uses: they are in "
                              f"{policies.policy_elsewhere(card)}, which it incorporates by reference. "
                              f"{decision.conditions}".strip(),
                   notes=(*decision.notes, "you asked what the text itself says: the list is in another document"))


def _apply_policy_only(card: cards.Card, asked: Asked, decision: Decision, corpus: Corpus) -> Decision:
    """A use policy on its own (a list of prohibited uses that grants nothing and withholds nothing else), asked
    whether an activity is allowed: what the policy says of it is whether its list names it ("use it to write npc
    dialogue in a game we sell?": not named, so the policy does not stand in the way), not that it is silent."""
    if asked.kind != "permission" or decision.verdict != "not_addressed" or not card.prohibited:
        return decision
    if any(card.answer(r) is not None and card.answer(r).verdict != "not_addressed" for r in GRANT_RIGHTS):
        return decision  # a license that grants or withholds rights: its silence on this one stands
    return _prohibited_use(card, replace(asked, checks_policy=True), corpus)


def _apply_purpose(card: cards.Card, asked: Asked, decision: Decision, corpus: Corpus) -> Decision:
    """A non-commercial license asked about a use its own definition counts as non-commercial (a company's
    internal evaluation, a charity's free work, research): allowed, quoting the definition. Asked as whether the
    use is allowed at all, the general answer of its restriction list ("follow the AUP") gives way too; an item of
    the list the question names does not."""
    listed = decision.topic == "use_restrictions" and decision.verdict == "conditional"  # the general list, no item
    # "do we need another license (or to pay them) for our hobby project?": the same purposes, asked as the duty
    another = asked.kind in ("obligation", "fact") and decision.topic == policies.ANOTHER_LICENSE
    if (not (asked.kind == "permission" or another) or not (decision.topic in purposes.PURPOSE_TOPICS or listed)
            or decision.verdict not in ("no", "conditional", "not_addressed")
            or policies.EXCEPTION_NOTE in decision.notes):  # the card's own exception for the case answers it
        return decision
    purpose = purposes.described(card, asked.question, named_only=listed)  # a use asked at large: named plainly
    if purpose is None:
        return decision
    entry = card.answer("non_commercial_only")
    topic = "non_commercial_only" if listed else decision.topic  # the answer is about the purposes, not the list
    allowed = f"Allowed for the non-commercial purposes the license names ({purpose.item})."
    if another:
        allowed = f"{allowed} Such a use needs no other license from the licensor."
    return replace(_card_decision(card, topic, entry, "no" if another else "yes", asked, corpus,
                                  f"the license counts this purpose as non-commercial: {purpose.item}"),
                   conditions=f"{allowed} {entry.conditions}")


# what putting the model to work is asked as: using it at all, a use its lists may name, or a service for others
IN_SERVICE_TOPICS = ("model_commercial_use", "separate_license", "non_commercial_only", "use_restrictions",
                     "prohibited_use", "hosted_service_or_api")


def _apply_production_excluded(card: cards.Card, asked: Asked, decision: Decision, corpus: Corpus) -> Decision:
    """A license granted only for research, asked about putting the model to work for people ("a free homework
    chatbot for our school district", "an internal helpdesk bot for staff", "production in our campus app"):
    not allowed, free of charge or not, quoting the sentence that limits the grant."""
    entry = purposes.production_excluded(card)
    if (entry is None or asked.kind != "permission" or decision.topic not in IN_SERVICE_TOPICS
            or decision.verdict == "no" or not purposes.in_service(card, asked.question)):
        return decision
    return replace(_card_decision(card, "non_commercial_only", entry, "no", asked, corpus,
                                  "the license grants research use only, and this puts the model to work for people"),
                   topic=decision.topic,
                   conditions=f"{entry.conditions} Putting the model to work for people (an app, a service or an "
                              "internal tool), even free of charge, is outside that grant.")


# what using the model is asked as, where a user the license excludes by what it is may not do it
EXCLUDED_USER_TOPICS = IN_SERVICE_TOPICS + ("outputs_commercial", "derivatives_allowed", "redistribute_weights")


def _excluded_user(card: cards.Card, asked: Asked, topic: str, corpus: Corpus) -> Decision | None:
    """A license that excludes some users by what they are (Open Aleph: governments and public administrations),
    asked by one of them about using the model ("a city government wants to run it as a free chatbot for
    citizens"): `no` under `topic`, whatever the purpose, quoting the list's exclusion; None otherwise."""
    entry = card.answer("use_restrictions")
    if entry is None or not entry.excluded_users or asked.kind not in ("permission", "threshold"):
        return None
    says = understand.excluded_user(asked, entry.excluded_users)
    if says is None:
        return None
    excluded = _card_decision(card, "use_restrictions", entry, "no", asked, corpus,
                              "the license excludes the kind of user the question says it is")
    return replace(excluded, topic=topic, conditions=says, quotes=excluded.quotes[:1])  # the exclusion


def _apply_excluded_users(card: cards.Card, asked: Asked, decision: Decision, corpus: Corpus) -> Decision:
    if decision.topic not in EXCLUDED_USER_TOPICS or decision.verdict == "no":
        return decision
    return _excluded_user(card, asked, decision.topic, corpus) or decision


def _excluded_user_unclear(resolved: Resolved, asked: Asked, corpus: Corpus, without_card: bool) -> Decision | None:
    """A permission that names no rule, asked by a user the license excludes ("our county's tax office would like
    an assistant on it. ok?"): what the asker is answers it, whatever the use."""
    card = card_of(resolved, corpus, without_card)
    if card is None or asked.kind != "permission":
        return None
    return _excluded_user(card, asked, understand.USE_TOPIC, corpus)


def _forbidden_case_unclear(resolved: Resolved, asked: Asked, corpus: Corpus, without_card: bool) -> Decision | None:
    """A permission that names no rule, in a case the card's use restrictions forbid on their own ("can we publish a
    paper with benchmark results on the datasets?" under a data agreement that forbids disclosing them)."""
    card = card_of(resolved, corpus, without_card)
    if card is None or asked.kind != "permission":
        return None
    undecided = Decision(None, "unclear", "", "none", kind=asked.kind)
    # the same reading a routed permission gets (policies.apply_right_exception); with no topic, only its forbidden
    # case can change the undecided decision
    found = policies.apply_right_exception(card, asked, undecided, lambda entry: _quotes(entry, corpus))
    return None if found is undecided else found


# -- a service, not copies: "do I have to release my weights / source?" asked of a model run for others ---------
SOURCE_RELEASE_TOPICS = ("redistribute_weights", "share_alike", "license_copy", "source_with_binaries", "network_source")
RELEASE_ASKED = re.compile(r"\b(give (out|away)|give (\w+ ){0,2}(a way|a link|the option|access) to download|"
                           r"give (them|anyone|users|people|everyone)|hand (out|over)|releas\w*|publish\w*|shar\w*|"
                           r"offer\w*|provid\w*|"
                           r"open[- ]?sourc\w*|make (it |them )?available|let (them|users|people) download)\b"
                           r"[^.?!]{0,40}\b(weights|source|code|model|checkpoint|changes|modifications|fine-?tune|"
                           r"finetune|merge|version|binary|download)\b")
DOWNLOAD_ASKED = re.compile(r"\b(download\w*|the weights|my (fine-?tune|finetune|merge|model|checkpoint))\b")
MODIFIED = re.compile(r"\b(fine-?tun\w*|finetun\w*|merg\w*|modifi\w*|modify\w*|altered|patched|chang(ed|es)|"
                      r"customi[sz]\w*|loras?|my own (version|model)|retrain\w*|tweak\w*)\b")
UNMODIFIED = re.compile(r"\b(as (it was )?released|unmodified|un-modified|(zero|no|without) (changes|modifications)|"
                        r"stock|vanilla|as-is|as is|untouched|original (weights|model|checkpoint))\b")
MODIFY_CONDITION = re.compile(r"\bmodif\w*", re.I)


def _named_case(asked: Asked) -> set[str]:
    """The case's surfaces as its own words name them, without the semantic reading: "we host our merged checkpoint
    on a web app" reads near sharing copies by meaning, but names a service."""
    question = _case_text(asked)
    return set(understand.triggers_of(question)) | {name for name, pattern in CASE_SURFACES.items()
                                                    if pattern.search(question)}


def _plain_topic_question(asked: Asked) -> bool:
    """The topic's own plain question (rights tables, scans): it supposes its condition's case by construction, so
    the case it names does not settle the entry's conditions."""
    return asked.question == understand.topic_ask(asked.topic)


def _network_source(card: cards.Card, asked: Asked, corpus: Corpus) -> Decision | None:
    """"I run my fine-tune as a Discord bot: do I have to give out the weights?": a duty to release weights or
    source asked of a model run as a service, with no copies handed out, is the license's network clause (a
    copyleft that binds only copies you convey asks nothing of a service). A network clause that binds only
    modified versions is read against what the question says it runs: modified `yes`, as released `no`."""
    if asked.kind != "obligation" or not RELEASE_ASKED.search(asked.asking) or _plain_topic_question(asked):
        return None
    if asked.topic not in SOURCE_RELEASE_TOPICS and not DOWNLOAD_ASKED.search(asked.asking):
        return None  # routed elsewhere: only a duty to let people download it is read as the network clause
    entry = card.answer("network_source")
    if entry is None or not _served_without_copies(asked):
        return None
    verdict, note = entry.verdict, "your question runs it as a service without handing out copies"
    if PRIVATE_TOO.search(entry.conditions):
        note = "the license asks this whether or not you share the model or serve it to others"
    if verdict == "conditional" and MODIFY_CONDITION.search(entry.conditions):
        question = understand.fold(asked.question)
        if UNMODIFIED.search(question):
            verdict, note = "no", "the duty binds modified versions run as a service, and yours is unmodified"
        elif _says_modified(question):
            verdict, note = "yes", "the duty binds modified versions run as a service, which your question describes"
    return _card_decision(card, "network_source", entry, verdict, asked, corpus, note)


def _served_without_copies(asked: Asked) -> bool:
    """The case the question names is a service, and no copies are handed out."""
    case = _named_case(asked)
    return "service" in case and "copies" not in case


def _says_modified(question: str) -> bool:
    """The (folded) question says what it runs is modified; a modification it denies does not count."""
    return bool(MODIFIED.search(duty_case.DENIED.sub(" ", question)))


# the question keeps back what it serves: "weights kept private", "without releasing the merge"
WITHHELD = re.compile(r"\b(weights|model|merge|fine-?tune|finetune|checkpoint|source)( files?)? (are |is )?"
                      r"(kept|stays?|staying|remains?|remaining) "
                      r"(private|closed|secret|unreleased|unpublished|in-house|to (myself|ourselves))\b|"
                      r"\b(without|not|never|won'?t|don'?t) "
                      r"(releasing|sharing|publishing|offering|release|share|publish|offer)\b"
                      r"[^.?!]{0,30}\b(weights|model|merge|fine-?tune|finetune|checkpoint|source)\b")


def _served_but_withheld(card: cards.Card, asked: Asked, corpus: Corpus) -> Decision | None:
    """"pony v6 finetune on my website, weights kept private. is that allowed?": serving a model while keeping it
    back, under a network clause that makes you offer what you serve to its users, is not allowed (for a clause
    that binds modified versions only, when the question says its model is modified)."""
    entry = card.answer("network_source")
    if asked.kind != "permission" or entry is None or entry.verdict not in ("yes", "conditional"):
        return None
    question = understand.fold(asked.question)
    if not _served_without_copies(asked) or not WITHHELD.search(question):
        return None
    if MODIFY_CONDITION.search(entry.conditions) and not _says_modified(question):
        return None
    return _card_decision(card, "network_source", entry, "no", asked, corpus,
                          "the license makes you offer what you serve to its users, and your question keeps it back")


# the duty asked is to release the work itself ("do I have to release my weights?", "must I open source my
# fine-tune?", "am I required to publish my merge?"), not a duty that comes with sharing it
RELEASE_DUTY = re.compile(r"^(?:\S+\s+){0,3}?(?:to\s+|i\s+|we\s+)?(?:also\s+|still\s+|then\s+)?(?P<act>release|publish|open[- ]?source|"
                          r"make (?:it|them|my \w+|our \w+) (?:public|open|available)|give (?:out|away)|disclose|"
                          r"share|put (?:\S+ ){0,2}?(?:out|online)(?= publicly| in public| for everyone|\W*$))\w*\b")
RELEASED_WORK = re.compile(r"^(?!.{0,60}\b(?:licen[cs]e|notice|terms|restrictions?|credit|attribution)\b)"
                           r".{0,40}\b(?:weights|source|code|model|fine-?tunes?|finetunes?|merges?|loras?|checkpoints?|"
                           r"changes|modifications|version|data ?set|set|data|files|it|them)\b")


# a release duty the conditions say holds for what is kept private too (the SOM license: "whether or not you make
# the Model available to others")
PRIVATE_TOO = re.compile(r"\bwhether or not you (share|distribute|make|hand)\w*\b|\bkept private is no exception\b",
                         re.I)


def _release_not_required(card: cards.Card, asked: Asked, corpus: Corpus) -> Decision | None:
    """"If I fine-tune Gemma, do I have to release my weights?": a duty to release the work itself exists only
    under a share-alike (copyleft) clause, and only for what you hand on; a license whose derivatives may go out
    under other terms, and which has no network clause, requires no release at all."""
    if asked.kind != "obligation" or _plain_topic_question(asked):
        return None
    duty = understand.asked_duty(asked.asking)
    verb = RELEASE_DUTY.search(duty)
    start = asked.asking.find(duty) + verb.start("act") if verb and duty in asked.asking else -1
    if start < 0 or not RELEASED_WORK.search(asked.asking[start:]):
        return None  # no release asked, or one of the license, notices or terms that come with sharing
    shared, network = card.answer("share_alike"), card.answer("network_source")
    if shared is None:
        return None
    if shared.verdict != "no" and PRIVATE_TOO.search(shared.conditions):
        # "trained a private model with SOM-licensed software, never sharing it: must I publish it?"
        return _card_decision(card, "share_alike", shared, "yes", asked, corpus,
                              "the license asks this whether or not you share what you made")
    if shared.verdict != "no" and duty_case.stays_in_house(asked):
        # "I merged it and only run it on my own PC: must I publish the merge?": a copyleft release comes with
        # handing copies on (or serving users over a network), and the question's use stays private
        note = "the duty to release comes with sharing or serving, and your question keeps it private"
        why = ("the license makes you release what you made only when you hand copies to others (or, where it says "
               "so, let people use it over a network); your question keeps it private.")
    elif (network is None or network.verdict == "no") and _releases_nothing(card, shared, asked.asking[start:]):
        note = "the license does not require you to release what you make"
        why = ("nothing in the license makes you publish or release your model, weights or changes; if you choose to "
               "share them, the conditions for sharing apply.")
    else:
        return None
    return replace(_card_decision(card, "share_alike", shared, "no", asked, corpus, note),
                   conditions=f"No: {why} {shared.conditions}")


# what a release duty says: the work itself, or its source, made available or provided ("… must be provided under
# this license", "offer its source"); terms that only go with what you share ("must get a copy of this agreement")
# ask for no release
RELEASE_WORDS = re.compile(r"\b(source|releas\w*|publish\w*|provided|make (it |them )?available|offer\w*)\b", re.I)


# the release asked under some terms ("release it under ODbL?"): which terms go with it, not whether to release
UNDER_TERMS = re.compile(r"\b(under|as|with the same)\b", re.I)


def _releases_nothing(card: cards.Card, shared: cards.RightAnswer, release_asked: str) -> bool:
    """Nothing in the card makes you release the work: its share-alike entry says `no`, or it only says which terms
    go with what you share (Llama's agreement with each copy, CC BY-SA's license for adaptations you share) on a
    card that asks no source with binaries, and the release is not asked under some terms ("under ODbL?")."""
    if shared.verdict == "no":
        return True
    binaries = card.answer("source_with_binaries")
    return (not RELEASE_WORDS.search(shared.conditions) and not UNDER_TERMS.search(release_asked)
            and (binaries is None or binaries.verdict in ("no", "not_addressed")))


# a duty the license scopes to one family of its models ("Only for NVIDIA Cosmos models: … show 'Built on NVIDIA
# Cosmos'"): the family's own name, as the conditions give it
MODEL_SCOPE = re.compile(r"^only for (?:the )?(?:[A-Z][\w-]* )?(?P<family>[A-Z][\w-]+) models?\b")


def _apply_model_scope(resolved: Resolved, asked: Asked, decision: Decision, corpus: Corpus) -> Decision:
    """"Must my Nemotron fine-tune say 'Built on NVIDIA Cosmos'?": a duty that holds only for another family of
    the licensor's models does not reach the model the question is about (named as the model asked about, or in
    the question as a model under this same license). A permission whose only condition is such a family's is
    allowed outright for the others (`_unscoped_permission`)."""
    if asked.kind in ("permission", "threshold") and decision.verdict == "conditional":
        return _unscoped_permission(resolved, asked, decision, corpus)
    scope = MODEL_SCOPE.search(decision.conditions.strip()[:80].replace("Only", "only", 1))
    if scope is None or asked.kind != "obligation" or decision.verdict not in ("yes", "conditional"):
        return decision
    model = resolved.model or _model_named_under(resolved, asked, corpus)
    if not model or scope.group("family").lower() in model.lower():
        return decision
    family = scope.group("family")
    return replace(decision, verdict="no",
                   notes=(*decision.notes, f"the duty holds only for {family} models, and {model} is not one"))


# a condition the conditions give for one family of the licensor's models ("For Cosmos models, a model trained with
# their outputs must show 'Built on NVIDIA Cosmos'."), and what is left once it is taken out
FAMILY_CONDITION = re.compile(r"(?:^|(?<=[.;])\s+)for (?:the )?(?:[A-Z][\w-]* )?(?P<family>[A-Z][\w-]+) models?,"
                              r"[^.]*\.", re.I)
STILL_CONDITIONED = re.compile(r"\b(must|need|needs|keep|give|include|only|provided|unless|except|subject to)\b", re.I)


def _unscoped_permission(resolved: Resolved, asked: Asked, decision: Decision, corpus: Corpus) -> Decision:
    """"Can my company use Nemotron-4 outputs to train our own model?" under "Allowed; … For Cosmos models, a model
    trained with their outputs must show 'Built on NVIDIA Cosmos'.": the only condition binds another family of the
    licensor's models, so for the model asked about the use is allowed outright."""
    scoped = list(FAMILY_CONDITION.finditer(decision.conditions))
    if not scoped:
        return decision
    model = resolved.model or _model_named_under(resolved, asked, corpus)
    if not model or any(found.group("family").lower() in model.lower() for found in scoped):
        return decision
    rest = " ".join(FAMILY_CONDITION.sub(" ", decision.conditions).split())
    if STILL_CONDITIONED.search(rest):
        return decision
    families = ", ".join(dict.fromkeys(found.group("family") for found in scoped))
    return replace(decision, verdict="yes",
                   notes=(*decision.notes, f"the condition holds only for {families} models, and {model} is not one"))


def _model_named_under(resolved: Resolved, asked: Asked, corpus: Corpus) -> str:
    """The model the question names ("a finetune of minitron 8b") when it is under the license asked about."""
    named = from_question(corpus, asked.question)
    if named is None or not named.model or not set(named.license_keys) & set(resolved.license_keys):
        return ""
    return named.model


def decide_topic(resolved: Resolved, topic: str, corpus: Corpus, card: cards.Card | None = None,
                 without_card: bool = False) -> Decision:
    """One right or fact, asked plainly (its own question): for rights tables, scans and audits."""
    asked = Asked(question=understand.topic_ask(topic), kind=_plain_kind(topic), topics=(topic,),
                  routed_by="explicit", confidence=1.0)
    return decide(resolved, asked, corpus, card, without_card)


def table(resolved: Resolved, corpus: Corpus, names: list[str] | None = None,
          without_card: bool = False) -> list[Decision] | None:
    """Every right (or the named topics) for this license; None when there is no card."""
    card = card_of(resolved, corpus, without_card)
    if card is None:
        return None
    return [decide_topic(resolved, name, corpus, card) for name in (names or rights.names()) if card.answer(name)]


def _plain_kind(topic: str) -> str:
    kind = understand.topic_kind(topic)
    return "fact" if kind == "value" else kind


# -- the card, read for the question's kind ------------------------------------------------------------------
# the question states the work has the file a duty depends on ("There's a NOTICE file in the repository")
FILE_STATED = re.compile(r"\b(there'?s|there is|ships?|has|have|includes?|contains?|comes with|came with) (a|an|its|the) "
                         r"notice( text)? file\b|\bnotice file (in|with|inside) (the|its|their)\b")
DISCLOSURE_TOPICS = (topics.PROHIBITED_USE, "use_restrictions", "output_attribution", *understand.CREDIT_TOPICS)
ANY = re.compile(r"\b(any|anything|something|at all)\b")


# a question that is the duty alone, nothing told before it ("do i have to include the notice?"): it names no case
BARE_DUTY = re.compile(r"^\W*((so|and|but|also|ok|okay),? )?(do|does|must|should|am|are|is|would|will|need)\b")
# ... or the duty named bare after a label ("flux fill dev: attribution notice required or not?")
NAMED_DUTY = re.compile(r"^\W*([\w'-]+ ){1,6}(needed|required|necessary|mandatory|compulsory)( or not)?\W*$")
SHORT_LABEL = re.compile(r"^[^:—–?.!]{1,40}(:|\s[—–-])\s+")  # "flux fill dev: …", "stability license — …"
ENDING_TOPICS = ("termination_litigation", "termination_breach")  # "yes": the act named ends the license


def _from_card(card: cards.Card, asked: Asked, corpus: Corpus) -> Decision:
    topic = asked.topic
    if topic in DISCLOSURE_TOPICS and (understand.asks_disclosure(asked)
                                       or asked.kind == "obligation" and DANGERS_USE in asked.uses):
        return _disclosure(card, asked, corpus)
    listed_use = asked.kind == "permission" and bool(policies.listed_uses(card, asked.uses))
    if topic == topics.PROHIBITED_USE or listed_use:
        # "can I post the renders without labelling them as AI?", "ok if I tell clients I hand-drew them?": a use the
        # restriction list names, asked as leave
        return _prohibited_use(card, asked, corpus)
    if topic == "use_restrictions" and card.prohibited and (understand.asks_activity_restricted(asked) or asked.uses):
        # "Is that restricted?" or a specific use named ("does it have the same medical-advice restriction?"): the
        # activity or use the question names, read against the restriction list
        return _prohibited_use(card, replace(asked, checks_policy=True), corpus)
    answer = card.answer(topic)
    if answer is None:
        return Decision(topic, "not_addressed", "This license card does not cover this topic.", "none",
                        kind=asked.kind)
    verdict, conditions, notes = answer.verdict, answer.conditions, []
    own = understand.topic_kind(topic)
    if own == "value":
        verdict, conditions = _value(answer, asked)
    elif topic == "geography":
        verdict, conditions = _geography(answer, asked)
    elif own == "obligation" and verdict == "conditional" and _polarity(asked) != "permission":
        outside = understand.broken_duty(conditions, asked.question)
        verdict, note = ("no", outside.says) if outside else _duty_in_case(topic, asked, conditions)
        if verdict == "yes" and answer.thresholds and not asked.figures:
            # a duty that holds only above a size ("more than 100M users must display 'Kimi K2'"): the question
            # names the case (an app) but not its size, which decides it; a figure is judged below
            verdict, note = "conditional", "the duty holds only above the size the license names, which your question does not give"
        notes += [note] if note else []
        if (verdict == "yes" and understand.file_presence_unsettled(asked, conditions)
                and not FILE_STATED.search(understand.fold(asked.question))):
            verdict = "conditional"  # "Do I pass on a NOTICE file?" under "… if the work has a NOTICE file"
            notes.append("only if the work you got has such a file")
    elif (own == "obligation" and verdict == "yes" and _polarity(asked) != "permission" and asked.kind == "obligation"
          and duty_case.SHARING_GATE.search(conditions) and not _case_surfaces(asked)
          and not _plain_topic_question(asked)
          and (BARE_DUTY.match(understand.fold(asked.question))
               or NAMED_DUTY.match(SHORT_LABEL.sub("", understand.fold(asked.question), count=1)))):
        # "do I have to include the attribution notice?" under "when you Distribute it, show …": the question names
        # no sharing, so the duty holds only in the case the entry names
        verdict = "conditional"
        notes.append("the duty comes with sharing or distributing, which your question does not say you do")
    elif topic == "policy_changes" and understand.keeps_earlier_terms(asked):
        verdict = INVERT[verdict]  # "Can I keep the old terms?" is the opposite of "May they change them, binding me?"
        notes.append("you asked whether you keep the earlier terms: 'no' means the licensor's changes bind you")
    elif own == "obligation" and _polarity(asked) == "permission":
        verdict = INVERT[verdict]  # "Can I name it anything?" is the opposite of "Must I name it …?"
    elif topic in ENDING_TOPICS and termination.asks_keep_using(asked) and (
            verdict in ("yes", "no") or (verdict == "conditional" and _keeps_what_the_act_ends(asked, conditions))):
        # "If I sue them, can I keep using it?" is the opposite of "Does suing end it?"; an ending that holds only
        # on an act ("only the patent license ends, if you start patent litigation") holds for the grant it names
        # when the question supposes that act and asks to keep that grant
        verdict = "no" if verdict == "conditional" else INVERT[verdict]
        notes.append("the act your question supposes ends the license: you may not go on using it")
    elif topic == subject.OWNERSHIP_TOPIC:
        verdict = subject.ownership_verdict(answer, asked)  # "Do I own what it writes?" / "Does it claim any?"
    elif topic == "derivative_ownership" and subject.LICENSOR_OWNS.search(asked.asking) and not subject.USER_OWNS.search(asked.asking):
        verdict = INVERT[verdict]  # "Does Meta own my fine-tune?" is the opposite of "Do I own it?"
    elif topic in PERMISSION_RIGHTS and asked.kind == "fact" and FORBIDS.search(asked.asking):
        verdict = INVERT[verdict]  # "Does it forbid training on outputs?" is the opposite of "May I?"
        notes.append("you asked whether the license forbids it: 'yes' means it does")
    elif topic in PERMISSION_RIGHTS and asked.kind == "obligation":
        duty = _duty_in_conditions(conditions, asked) if verdict == "conditional" else None
        if duty:  # "Do I have to offer the source?" under "… users must be offered the corresponding source"
            verdict = duty[0]
            if verdict == "yes" and thresholds.figures(duty[1]) and not asked.figures:
                verdict = "conditional"  # "a service over 100M users must display …": the size is not given
            notes.append(f"the permission comes with this duty: {duty[1]}" if verdict == "yes" else
                         f"the permission's duty ({duty[1]}) does not reach the case your question describes")
        else:
            verdict = INVERT[verdict]  # "Do I need a licence to sell images?" is the opposite of "May I?"
            if verdict != answer.verdict:
                notes.append("you asked whether you need permission: 'yes' means you do")
    if topic == "user_or_revenue_threshold" and verdict == "not_addressed" and asked.kind in (
            "fact", "threshold", "obligation"):
        # silence is the answer: "Is there a user cap?" no; "Can we use it with 300M users?" yes; "with 200M users
        # do we need the name in the UI?" no
        verdict = "yes" if asked.kind == "threshold" else "no"
        conditions = answer.conditions or "The license sets no user or revenue cap."
        commercial = card.answer("model_commercial_use")
        if (asked.kind == "threshold" and commercial is not None and commercial.verdict == "no"
                and COMMERCIAL_INTENT.search(understand.fold(asked.question))):
            # "~$40k revenue, way under the $1M line: ok to ship it in our paid app?" under a non-commercial
            # license: no size makes commercial use licensed
            verdict = "no"
            conditions = f"Commercial use is not licensed at any size, however small: {commercial.conditions}"
            notes.append("the license sets no size limit, but it does not license commercial use at any size")
    if topic == "use_restrictions" and verdict == "not_addressed" and asked.kind == "fact":
        # silence is the answer: "Is there a list of banned uses attached to it?" no
        verdict = "no"
        conditions = answer.conditions or "The license sets no list of prohibited uses."
    elif topic == "use_restrictions" and verdict == "conditional" and asked.kind == "fact" and RULES_EXIST.search(
            understand.fold(asked.asking)):
        verdict = "yes"  # "Is an acceptable use policy part of it?": there are restrictions, so yes
    listed = card.answer("use_restrictions")
    restricts = listed is not None and listed.verdict in ("conditional", "no")
    quotes = _quotes(answer, corpus)
    if verdict == "not_addressed" and asked.kind == "fact" and (understand.asks_what_text_says(asked)
                                                                 or _asks_what_text_says(asked)):
        verdict = "no"  # "Does it say which law applies?": it does not
        conditions = conditions or "The text says nothing about this."
    if own == "fact" and verdict == "conditional" and asked.kind == "fact" and ANY.search(asked.asking):
        verdict = "yes"  # "Do I lose anything if I sue?": partly, so yes
    elif own == "fact" and verdict == "conditional" and asked.kind == "fact" and duty_case.case_meets(conditions, asked):
        verdict = "yes"  # "If I sue claiming infringement, do I lose the patent license?" under "only if you sue …"
        notes.append("the case your question describes is the one the license's condition names")
    exception = understand.exception_asked(asked, conditions) if asked.kind == "fact" and verdict in (
        "yes", "conditional") and own in ("fact", "value") else None
    if exception:  # "Would a countersuit end my rights?" under "… unless you are countersuing"
        verdict = "no"
        notes.append(f"the license makes an exception for the case you ask about: {exception}")
    if topic == "liability" and asked.kind == "fact" and understand.liability_capped(asked, conditions):
        verdict = "yes"  # "Is there a cap on what I can recover?": the clause caps it
        notes.append("the license caps the damages you can recover")
    cure_days = termination.cure_period_differs(asked, conditions) if topic == "termination_breach" else None
    cured = understand.cure_asked(asked, conditions) if topic == "termination_breach" and asked.kind == "fact" else None
    if cure_days and asked.kind in ("fact", "threshold"):  # "i have 60 days to fix it, right?" under 30 days
        verdict = "no"
        notes.append(f"the license gives {cure_days[1]} days to cure a breach, not {cure_days[0]}")
    elif cured:  # "Have I lost it for good?" under "… restored if you cure the breach within 30 days"
        verdict = cured
        notes.append("the license restores your rights when the breach is cured in time")
    elif topic == "termination_breach" and understand.cure_missing(asked, conditions):
        verdict = "no"  # "am I guaranteed 30 days to cure it?" under a termination that gives no time to cure
        notes.append("the license gives no period to cure a breach")
    if topic in PERMISSION_RIGHTS and asked.kind == "fact" and understand.asks_limits(asked):
        verdict = "no" if answer.verdict == "yes" else ("yes" if answer.verdict in ("conditional", "no") else verdict)
    if topic == "use_restrictions" and asked.kind in ("fact", "obligation"):
        # "Are there use restrictions?" / "Do I have to follow the use policy?"
        verdict = "yes" if restricts else "no"
    elif asked.unrestricted and asked.kind == "permission" and restricts and verdict in ("yes", "conditional"):
        verdict = "no"  # "for any purpose?": not when the license forbids some uses
        conditions = f"{listed.conditions} {conditions}".strip() if topic != "use_restrictions" else conditions
        notes.append("you asked about any use at all, and the license forbids some uses")
        quotes = tuple(unique([*quotes, *_quotes(listed, corpus)]))
    return Decision(topic, verdict, conditions, _source(card, answer), quotes, tuple(notes),
                    kind=asked.kind, origin=answer.source)


# whether the license has use rules at all: "is there an AUP?", "is a use policy incorporated into it?"
RULES_EXIST = re.compile(r"\b(is there|are there|has it|does it (have|come with|include|contain)|"
                         r"is (a|an|the|its|their) (\S+ ){0,3}(policy|list|aup) (\w+ )?"
                         r"(incorporated|included|attached|part)|"
                         r"(any|an?) (\S+ ){0,2}(acceptable[- ]use|use|usage|prohibited[- ]use) "
                         r"(policy|policies|list|restrictions))\b")
# "does <the license, however named> say / mention anything about …?": a question about what the text says, its
# subject named in any words (not a person: "do we mention …" is not about the text)
SAYS_ASKED = re.compile(r"(?:^|[,:;]\s*)\W*(?:does|do|did) (?!(?:i|we|you|my|our|they)\b)[^,;:?]{1,80}? "
                        r"(?:even |actually |really |explicitly )?(?:say|specify|mention|address|state|name|cover|"
                        r"include|contain|have|set|pick|choose|designate)\b"
                        r" (?:anything|which|what|whether|who|where|how|any|an?)\b")


def _asks_what_text_says(asked: Asked) -> bool:
    """Structural reading of "does it say …?": silence answers it, whatever the license is called."""
    return bool(SAYS_ASKED.search(understand.fold(asked.asking)))


DANGERS_USE = "undisclosed_dangers"  # a listed failure to tell end users of known dangers: a duty to tell them


PUBLIC_ONLY = re.compile(r"\b(public(ly)?|publish\w*|disseminat\w*)\b", re.I)  # a label owed only on what goes out


def _disclosure(card: cards.Card, asked: Asked, corpus: Corpus) -> Decision:
    """"Do I have to say it's machine-generated / that my bot is an AI?": yes when the restriction list forbids
    content or chats that do not say so; otherwise no (an item that only forbids passing output off as human-made
    is quoted as the limit)."""
    topic = "output_attribution"
    dangers = card.prohibited.get(DANGERS_USE) if DANGERS_USE in asked.uses else None
    if dangers is not None:  # "do we have to tell users about known dangers of our AI?": the item not to fail it
        return Decision(topics.PROHIBITED_USE, "yes", dangers.conditions, _source(card, dangers),
                        _quotes(dangers, corpus), ("the license's use restrictions decide this",), kind=asked.kind,
                        origin=dangers.source)
    hidden = card.prohibited.get("undisclosed_ai")
    if (hidden is not None and understand.disclosure_required(hidden.conditions)
            and PUBLIC_ONLY.search(hidden.conditions) and duty_case.stays_in_house(asked)):
        return Decision(topic, "no", f"Not for a use that stays in-house: {hidden.conditions}", _source(card, hidden),
                        _quotes(hidden, corpus), ("the duty comes with putting the output in public, and your "
                                                  "question keeps it in-house",), kind=asked.kind,
                        origin=hidden.source)
    if hidden is not None and understand.disclosure_required(hidden.conditions):
        return Decision(topic, "yes", hidden.conditions, _source(card, hidden), _quotes(hidden, corpus),
                        ("the license's use restrictions decide this",), kind=asked.kind, origin=hidden.source)
    if hidden is not None:
        return Decision(topic, "no", f"No labelling duty, but {hidden.conditions[0].lower()}{hidden.conditions[1:]}",
                        _source(card, hidden), _quotes(hidden, corpus),
                        ("you need not label it, but the license forbids passing it off as human-made",),
                        kind=asked.kind, origin=hidden.source)
    own = card.answer(topic)
    if own is not None and own.verdict not in ("not_addressed", "no"):
        return Decision(topic, own.verdict, own.conditions, _source(card, own), _quotes(own, corpus),
                        kind=asked.kind, origin=own.source)
    listed = card.answer("use_restrictions")
    quotes = _quotes(listed, corpus) if listed is not None else ()
    return Decision(topic, "no", "The license does not require you to say that content or a chat is machine-made"
                    + (" (its list of prohibited uses does not name this)." if quotes else "."),
                    "card", quotes, ("no term of the license requires this disclosure",), kind=asked.kind,
                    origin=listed.source if listed is not None else "")


# the question puts what the model generates before an audience: a site, a feed, a bot people talk to
AUDIENCE = ("publish", "service")
GENERATED_FOR_PEOPLE = re.compile(r"\b(summar\w*|answers?|replies|respond\w*|chat\w*|articles?|posts?|captions?|"
                                  r"stories|news|newsletters?|blogs?|feeds?|bots?|reviews?|comments?)\b")


def _apply_disclosed_publication(card: cards.Card, asked: Asked, decision: Decision, corpus: Corpus) -> Decision:
    """"May I use BLOOM to write article summaries for a news site?": allowed, but only if readers are told the
    text is machine-generated, when the license forbids publishing generated content without saying so (a use
    restriction that is in effect a duty). The question's own case must put generated content before people."""
    hidden = card.prohibited.get("undisclosed_ai")
    if (asked.kind != "permission" or decision.verdict != "yes" or hidden is None
            or not understand.disclosure_required(hidden.conditions)
            or not set(AUDIENCE) & set(asked.triggers)
            or not GENERATED_FOR_PEOPLE.search(understand.fold(asked.question))
            or understand.asks_disclosure(replace(asked, kind="obligation"))):
        return decision
    if understand.says_disclosed(asked):  # the condition the item makes is met
        return replace(decision, notes=(*decision.notes, "the license forbids publishing generated content without "
                                                         "saying it is machine-generated, and you say you do"))
    return replace(decision, verdict="conditional",
                   conditions=f"{decision.conditions} {hidden.conditions}".strip(),
                   quotes=tuple(unique([*decision.quotes, *_quotes(hidden, corpus)])),
                   notes=(*decision.notes, "what it generates goes before people, and the license forbids that "
                                           "without saying it is machine-generated"))


def _apply_non_commercial(card: cards.Card, asked: Asked, decision: Decision, corpus: Corpus) -> Decision:
    """A permission allowed for non-commercial use only, asked about a use the question says is not commercial
    ("a non-profit, no money changes hands"): yes, under sharing's duties when the question's case shares copies
    ("publish my fine-tune for other hobbyists" under CC BY-NC still owes the credit)."""
    topic = decision.topic
    if (asked.kind not in ("permission", "threshold") or topic is None
            or understand.topic_kind(topic) != "permission" or not understand.says_non_commercial(asked)
            or COMMERCIAL_INTENT.search(understand.fold(asked.asking))):
        return decision
    limited = _non_commercial_license(card)
    if limited and _research_only(card) and not RESEARCH_USE.search(understand.fold(asked.question)):
        # "a free service for refugees, no money involved" is not research, which is all it grants
        return replace(decision, notes=(*decision.notes, "the license grants research use only, and your question "
                                                         "does not describe research"))
    # "We're a non-profit: can we use it?" routed to commercial use is answered for the use it describes
    commercial_asked = topic == "model_commercial_use" and decision.verdict == "no" and limited
    # conditional only on being non-commercial, which the question settles (other conditions it does not settle:
    # "publish results provided no substantial portion is included" stays conditional)
    # ... unless the question hands the model on, which owes the credit beside ("share my fine-tune for free")
    shares_model = "copies" in asked.triggers and bool({"derivative", "weights"} & set(asked.subjects))
    settled = (decision.verdict == "conditional" and bool(NON_COMMERCIAL_ONLY.search(decision.conditions))
               and not (shares_model and OTHER_DUTY.search(decision.conditions)))
    # an entry silent on the case, in a license that grants non-commercial use: the grant covers it (not a use the
    # text leaves to an outside policy: the grant says nothing of what that policy forbids)
    granted = decision.verdict == "not_addressed" and limited and not (
        topic == topics.PROHIBITED_USE and policies.policy_elsewhere(card))
    if not (commercial_asked or settled or granted):
        return decision
    allowed = replace(decision, verdict="yes",
                      notes=(*decision.notes, "your question says the use is not commercial, which the license allows"))
    return _apply_case_duties(card, asked, allowed, corpus)


SHARED_CONDITION = re.compile(r"\bshar\w*|\bdistribut\w*|\bpublish\w*", re.I)


# an agreement the conditions ask for only above a figure ("unless you have more than 100 million monthly active
# users; then request a license"): going ahead without it breaks nothing while the question leaves its size unsaid
CAP_GATED = re.compile(r"\b(more than|over|above|exceed\w*|greater than|at least|in excess of)\s+(us\s?)?[$€£]?\d")


def _apply_breakers(card: cards.Card, asked: Asked, decision: Decision, corpus: Corpus) -> Decision:
    """A permission granted under conditions the question says it will not meet is `no` ("Can I share my
    fine-tune?" under "unmodified copies only"; "we compete with them" under a no-competitors rule)."""
    topic = decision.topic
    duty_as_leave = understand.topic_kind(topic or "") == "obligation" and asked.kind == "permission"
    if (decision.verdict not in ("yes", "conditional") or asked.kind not in ("permission", "threshold")
            or topic is None or (understand.topic_kind(topic) != "permission"
                                 and topic != "user_or_revenue_threshold"  # "can we use it with 2M users?"
                                 and not duty_as_leave)):
        return decision
    answer = card.answer(topic)
    if duty_as_leave and (answer is None or answer.verdict not in ("yes", "conditional")):
        return decision  # no duty to leave undone ("reuse unlicense code without crediting anyone?")
    conditions = f"{answer.conditions if answer else ''} {decision.conditions}"
    broken = [b for b in understand.broken_conditions(topic, conditions, asked.question)
              if b.duty or not duty_as_leave]  # a duty asked as leave: only what leaves it undone
    broken = [b for b in broken
              if b.with_figures or (decision.source != "threshold"  # below the cap no agreement is needed
                                    and (asked.figures or not _cap_gated(b, conditions)))]  # size unsaid
    in_house = duty_case.stays_in_house(asked)
    undone = [] if duty_as_leave or broken or in_house else _undone(card, topic, asked)
    if in_house:  # a condition on sharing is not broken by a use that shares nothing
        # ... nor a duty owed only to those the work is given to ("only when you distribute …: give a copy")
        broken = [b for b in broken if not (SHARED_CONDITION.search(b.says)
                                            or (b.duty and duty_case.SHARING_GATE.search(conditions)))]
    if not broken and not undone:
        return decision
    quotes = unique([*decision.quotes, *(quote for _, entry in undone for quote in _quotes(entry, corpus))])
    owed = " ".join(entry.conditions for _, entry in undone)  # the duty left undone leads: it decides the answer
    return replace(decision, verdict="no", quotes=tuple(quotes), conditions=f"{owed} {decision.conditions}".strip(),
                   notes=(*decision.notes, *(b.says for b in broken), *(b.says for b, _ in undone)))


def _undone(card: cards.Card, topic: str, asked: Asked) -> list[tuple[understand.Breaker, cards.RightAnswer]]:
    """The duties the question says it leaves undone ("remove the llama license from my fine-tune"), each with the
    card's own entry for it where that entry imposes the duty in the question's case, read as for a duty question
    (a copy owed only with copies handed out is not left undone by a hosted service): the routed permission's
    conditions need not name it."""
    found = []
    for breaker in understand.data().breakers:
        entry = card.answer(breaker.entry) if breaker.duty and breaker.entry and breaker.entry != topic else None
        if (entry is not None and entry.verdict in ("yes", "conditional")
                and breaker in understand.broken_conditions(topic, entry.conditions, asked.question)
                and (entry.verdict == "yes" or _duty_in_case(breaker.entry, asked, entry.conditions)[0] == "yes")):
            found.append((breaker, entry))
    return found


def _cap_gated(breaker, conditions: str) -> bool:
    """Whether the condition a breaker reads holds only above a figure: anywhere in the conditions for an agreement
    ("… more than 700 million users. Then request a license"); in the same sentence for a duty left undone (a copy
    of the agreement owed on every release is not gated by a cap named in another sentence)."""
    if not breaker.duty:  # an agreement asked for "then", after the sentence naming the size
        return bool(CAP_GATED.search(conditions))
    return any(breaker.condition.search(sentence) and CAP_GATED.search(sentence.lower())
               for sentence in SENTENCES.split(conditions))


def _apply_keepers(card: cards.Card, asked: Asked, decision: Decision) -> Decision:
    """A permission limited only in one case, asked by a question that says it is outside that case, is `yes` ("a
    free public chatbot, nobody pays" under "only a paid hosted service needs an agreement"); so is a fact that
    holds only in a case the question says it is in ("our library says GPL-3.0-or-later": a later version may be
    followed)."""
    topic = decision.topic
    if decision.verdict != "conditional" or asked.kind not in ("permission", "fact") or topic is None:
        return decision
    answer = card.answer(topic)
    kept = understand.kept_conditions(topic, answer.conditions if answer else decision.conditions, asked.question)
    if not kept:
        return decision
    return replace(decision, verdict="yes", notes=(*decision.notes, *(k.says for k in kept)))


DERIVATIVE_RIGHTS = ("derivative_definition", "train_other_models_on_outputs", "derivatives_allowed",
                     "restrictions_flow_down")


def _derivative_status(card: cards.Card, asked: Asked, corpus: Corpus) -> Decision | None:
    """"Does my distilled model count as a derivative / is it still under the terms?": yes when the card's reading
    of the license's definition says such a model is a derivative (the routed entry first, then the rights on
    training with outputs and on derivatives); None leaves the question to the routed entry."""
    if not understand.asks_derivative_status(asked):
        return None
    names = (asked.topic, *DERIVATIVE_RIGHTS) if asked.topic not in DERIVATIVE_RIGHTS else (
        asked.topic, *(n for n in DERIVATIVE_RIGHTS if n != asked.topic))
    for name in names:
        entry = card.answer(name)  # a silent entry's words ("does not define which models … count") say nothing
        if entry is not None and entry.verdict != "not_addressed" and understand.says_derivative(entry.conditions):
            return Decision(name, "yes", entry.conditions, _source(card, entry), _quotes(entry, corpus),
                            ("the license's definition of a derivative reaches the model you describe",),
                            kind=asked.kind, origin=entry.source)
    return None


FEE_ASKED = re.compile(rf"\b({CHARGED}|fees?|payments?|pay|paid|price|money|sell|selling)\b")
# the question already distributes the copies ("copies of a GPL program I distribute", "when I hand them a copy")
COPIES_PRESUPPOSED = re.compile(
    r"\bcop(y|ies)\b[^?]{0,40}?\b(that |which )?(i|we) (distribute|convey|hand( out| over)?|give( out)?|ship|share|"
    r"pass on|sell)\b|\b(when|whenever|each time|if) (i|we) (hand|give|distribute|convey|ship|pass)\b.{0,30}\bcop(y|ies)\b")


def _fee_on_copies(card: cards.Card, asked: Asked, corpus: Corpus) -> Decision | None:
    """"May I charge for the copies I distribute?": the question takes the distribution as given and asks about
    the fee, which the commercial-use entry answers (GPL: "You may charge any price or no price for each copy");
    the duties of distributing stay in the conditions. None when the license does not simply allow commercial use."""
    if asked.kind != "permission" or asked.topic != "redistribute_weights":
        return None
    question = understand.fold(asked.question)
    commercial = card.answer("model_commercial_use")
    if commercial is None or commercial.verdict != "yes" or not FEE_ASKED.search(understand.fold(asked.asking)) \
            or not COPIES_PRESUPPOSED.search(question):
        return None
    shared = card.answer("redistribute_weights")
    decision = _card_decision(card, "model_commercial_use", commercial, "yes", asked, corpus,
                              "you asked about the fee for copies you distribute: the license allows it; "
                              "distributing them carries its own conditions")
    if shared is None:
        return decision
    return replace(decision, conditions=f"{commercial.conditions} {shared.conditions}".strip(),
                   quotes=tuple(unique([*decision.quotes, *_quotes(shared, corpus)])))


def _card_decision(card: cards.Card, topic: str, entry: cards.RightAnswer, verdict: str, asked: Asked,
                   corpus: Corpus, note: str) -> Decision:
    return Decision(topic, verdict, entry.conditions, _source(card, entry), _quotes(entry, corpus), (note,),
                    kind=asked.kind, origin=entry.source)


# the asker supposes doing the act an ending clause names: "if i sue someone claiming …", "once we file a claim"
ACT_SUPPOSED = re.compile(r"\b(if|when|once|after|should) (i|we|my company|our company|my \w+|our \w+) (\w+ )?"
                          r"(sue|sues|sued|suing|file|files|filed|start|starts|started|bring|brings|brought|initiate\w*|"
                          r"launch\w*|take \S+ to court)\b")
KEPT_GRANT = re.compile(r"\b(patent|copyright|trademark)s? (license|licence|rights?|grant)\b")


def _keeps_what_the_act_ends(asked: Asked, conditions: str) -> bool:
    """"if i sue claiming it infringes my patent, do i keep my patent license?": the question supposes the act and
    asks to keep the very grant the conditions say it ends ("Only the patent license ends …")."""
    kept = KEPT_GRANT.search(understand.fold(asked.asking))
    return bool(kept and ACT_SUPPOSED.search(understand.fold(asked.question))
                and re.search(rf"\b{kept.group(1)}s? licen[cs]e (ends|terminates|is terminated)\b", conditions, re.I))


NON_COMMERCIAL_ONLY = re.compile(r"\bnon-?commercial\b", re.I)
COMMERCIAL_SCOPE = re.compile(r"\bcommercial(ly)?\b", re.I)
FORBIDS = re.compile(r"\b(forbid\w*|prohibit\w*|ban|bans|banned|disallow\w*|restrict\w*|against|violat\w*|breach|"
                     r"(does not|doesn't|do not|don't|won't|not) (allow|permit|let))\b")
ASKS_PERMISSION = re.compile(r"\b(permission|licen[cs]e|approval|agreement|consent|ask|pay|paid|allowed|register)\b")
# a duty beside the non-commercial limit, which a question saying its use is not commercial does not settle
OTHER_DUTY = re.compile(r"\b(attribution|credit|notices?|link to the license|indication of changes|share-?alike|"
                        r"same license)\b", re.I)
DUTY_WORDS = re.compile(r"\b(must|shall|required?|need to|have to|has to|give|keep|include|offer\w*|provide|"
                        r"make available|credit|display|mark|state|pass on|bind)\b", re.I)


def _meaning(text: str) -> set[str]:
    """What a text is about, for matching a duty: its families of duty words ("@credit", "@share") and the stems of
    its other content words (a word a family already holds counts once)."""
    concepts = understand.duty_concepts(text)
    rest = text.lower()
    for name, pattern in understand.data().duty_concepts:
        rest = pattern.sub(" ", rest) if name in concepts else rest
    return {f"@{c}" for c in concepts} | duty_case.stems(rest)


def _duty_in_conditions(conditions: str, asked: Asked) -> tuple[str, str] | None:
    """A duty the permission's conditions impose that the obligation question asks about (not whether permission
    is needed): (its verdict, the conditions' sentence), or None. The asking sentence must share a word or a
    family with the duty, the whole question (its backstory too) at least two. The duty's own case decides: "no"
    when the question says it is outside it ("If you modify it ..." asked about an unmodified copy)."""
    duty = understand.asked_duty(asked.asking)  # "must I pass the restrictions on" (not "a paid API" in the case)
    if ASKS_PERMISSION.search(duty or asked.asking):
        return None
    asking, whole = _meaning(asked.asking), _meaning(understand.fold(asked.question))
    for sentence in re.split(r"(?<=[.;:])\s+", conditions):
        if not DUTY_WORDS.search(sentence):
            continue
        said = _meaning(sentence)
        if asking & said and len(whole & said) >= duty_case.SHARED_STEMS:
            outside = understand.broken_duty(sentence, asked.question)
            return ("no" if outside else "yes"), sentence.strip().rstrip(".")
    return None


def _text_origin(resolved: Resolved) -> str:
    """The text a decision read from the license's own sentences comes from: its first key."""
    return resolved.license_keys[0] if resolved.license_keys else ""


def _text_sentences(resolved: Resolved, corpus: Corpus):
    """(sentence, the clause it is in as a quote) for every sentence of the resolved license texts."""
    for key in resolved.license_keys:
        if key not in corpus.licenses and not (key == PASTED_KEY and resolved.pasted is not None):
            continue
        try:
            parts = corpus.clauses(key)
        except Exception:  # noqa: BLE001 - the plain corpus has no clauses for a pasted text
            continue
        for part in parts:
            for sentence in TEXT_SENTENCES.split(HEADING_LINE.sub(r"\n\1\n", part.text)):
                yield " ".join(MARKDOWN_LINK.sub(r"\1", sentence).split()), part


# the grant's own words on price: "royalty-free", "free of charge", "no-charge"
FREE_GRANT = re.compile(r"\b(royalty[- ]free|free of charge|no[- ]charge)\b", re.I)


def _quote_fee_grant(resolved: Resolved, asked: Asked, decision: Decision, corpus: Corpus) -> Decision:
    """"Do we owe Meta royalties?", read as whether the use needs another license: the grant's words on price
    ("royalty-free") are quoted first, since they say what the license itself asks; the verdict stays."""
    if decision.topic != policies.ANOTHER_LICENSE or not understand.asks_licensor_payment(asked):
        return decision
    grant = next((part for sentence, part in _text_sentences(resolved, corpus) if FREE_GRANT.search(sentence)), None)
    if grant is None:
        return decision
    return replace(decision, quotes=tuple(unique([of_clause(grant), *decision.quotes])),
                   notes=(*decision.notes, "the license's grant is free of royalties or charges: it asks no fee "
                                           "for the uses it grants"))


def _registration(resolved: Resolved, asked: Asked, corpus: Corpus) -> Decision | None:
    """"Do I need to register with Stability first?": from the text's sentences that require registration."""
    if asked.kind not in ("obligation", "fact") or not understand.asks_registration(asked):
        return None
    patterns = understand.registration_patterns()
    found = [(sentence, part) for sentence, part in _text_sentences(resolved, corpus)
             if patterns["duty"].search(sentence)]
    origin = _text_origin(resolved)
    if not found:
        return Decision("registration", "no", "The license text sets no registration requirement.", "card", (),
                        ("read from the license text: no sentence requires registration",), kind=asked.kind,
                        origin=origin)
    sentence, part = found[0]
    quotes = (of_clause(part),)
    if not patterns["commercial"].search(sentence):
        return Decision("registration", "yes", f"Yes: {sentence}", "card", quotes, kind=asked.kind, origin=origin)
    if understand.says_non_commercial(asked):
        verdict, why = "no", "Only for commercial use, and your question says yours is not commercial."
    elif patterns["commercial_question"].search(understand.fold(asked.question)):
        verdict, why = "yes", "Registration is required for commercial use, which your question describes."
    else:
        verdict, why = "conditional", "Only if you use or distribute the model for a commercial purpose."
    return Decision("registration", verdict, f"{why} {sentence}", "card", quotes,
                    ("read from the license text",), kind=asked.kind, origin=origin)


# a trademark clause that keeps one use open: naming the work's origin ("except as required for reasonable and
# customary use in describing the origin of the Work"), and a question that names the model only as its origin
ORIGIN_EXCEPTION = re.compile(r"\bdescrib\w*\s+the\s+origin\b", re.I)
DESCRIBES_ORIGIN = re.compile(r"\b(based on|built (on|with|from)|derived from|fine-?tuned (from|on)|finetuned (from|on)|"
                              r"a fine-?tune of|a finetune of|trained (from|on top of)|made (with|from)|powered by|"
                              r"describ\w*|credit\w*|mention\w*|say (it'?s|that it'?s|where it comes from)|"
                              r"where (it|my \w+) comes? from|origin)\b")
ORIGIN_KEPT = ("Only to describe where your work comes from (\"based on …\"): the license grants no other use of the "
               "licensor's names or marks.")


def _text_right(resolved: Resolved, asked: Asked, corpus: Corpus) -> Decision | None:
    """"Can I use the Llama name for my app?" / "Does it give me patent rights?": read from the text's sentences
    that grant or withhold that right in so many words."""
    found = understand.text_right_asked(asked)
    if found is None or asked.kind == "obligation":
        return None
    name, patterns = found
    granted, withheld = [], []
    for sentence, part in _text_sentences(resolved, corpus):
        if not patterns["subject"].search(sentence):
            continue
        negated = patterns["negation"].search(sentence)
        if patterns["grants"].search(sentence) and not negated:
            granted.append(of_clause(part))
        elif negated and patterns["denies"].search(sentence):
            withheld.append(of_clause(part))
    origin = [q for q in withheld if ORIGIN_EXCEPTION.search(q.text)] if name == "trademark" else []
    if origin and DESCRIBES_ORIGIN.search(understand.fold(asked.question)):
        # "can I say my fine-tune is 'based on chroma'?": the one use of the names the text keeps open
        verdict, quotes, conditions = "conditional", origin[:1], ORIGIN_KEPT
    elif name == "patent" and granted:
        verdict, quotes, conditions = "yes", granted, "The license grants you a patent license for the work."
    elif patterns["found"] and granted:  # "Can they restrict my use remotely?": the text says they may
        verdict, quotes, conditions = "yes", granted, patterns["found"]
    elif withheld and not (name == "trademark" and granted):
        verdict, quotes, conditions = "no", withheld, f"No: {patterns['says']}."
    else:
        return None
    return Decision(f"{name}_rights", verdict, conditions, "card", tuple(unique(quotes[:2])),
                    ("read from the license text",), kind=asked.kind,
                    origin=_text_origin(resolved))


# cases the question states that bring a duty, beyond the understanding's triggers: handing the work itself to
# someone else (a partner lab, a client; published as a copy; compiled into a binary you ship) is sharing copies;
# a paper, talk or conference submission is publishing
CASE_SURFACES = {
    "copies": re.compile(r"\bpass\w* (a |an |the |our |my |it |them )?[^.?]{0,40}\bto (a |an |the |our |my |their )?"
                         r"([\w-]+ )?(partners?|clients?|customers?|collaborators?|colleagues?|lab|team|company|third)\b|"
                         r"\b(ship|publish|releas)\w* (a |an |the |my |our )?([\w-]+ ){0,2}(cop(y|ies)|version|fork|"
                         r"derivative|fine-?tune|model|weights|dataset|binary|binaries|executable|build|firmware)\b|"
                         r"\b(compiled|bundled|linked|built) (in|into|inside) (our|my|the|a) ([\w-]+ )?"
                         r"(binary|binaries|executable|app|product|firmware)\b"),
    "publish": re.compile(r"\b(conference|submission|submit\w*|preprint|poster|slides|talk|presentation)\b"),
}


def _case_surfaces(asked: Asked) -> set[str]:
    """The surfaces the question's case uses: the understanding's triggers, and the cases it states that the
    triggers miss (passing a derivative to a partner, a conference submission). Spans it denies are left out."""
    question = _case_text(asked)
    return set(asked.triggers) | {name for name, pattern in CASE_SURFACES.items() if pattern.search(question)}


def _case_text(asked: Asked) -> str:
    """The question's own case, folded: without the duty an obligation question asks about ("do we have to publish
    our version?" does not publish it) and without the spans it denies."""
    question = understand.fold(asked.question)
    if asked.kind == "obligation":
        question = understand.without_asked_duty(question, understand.fold(asked.asking))
    return duty_case.DENIED.sub(" ", question)


def _duty_in_case(topic: str, asked: Asked, conditions: str = "") -> tuple[str, str]:
    """A duty that applies only in some cases, for a question that says which case it is in (explainer/duty_case.py)."""
    return duty_case.duty_in_case(topic, asked, conditions, _case_surfaces(asked), _plain_topic_question(asked))


# -- the case the question describes: kept in-house, or adapted material shared --------------------------------


def _apply_private_use(card: cards.Card, asked: Asked, decision: Decision) -> Decision:
    """A use allowed under conditions that come with sharing, asked in-house: allowed (explainer/duty_case.py)."""
    return duty_case.apply_private_use(card, asked, decision, _non_commercial_license(card), COMMERCIAL_INTENT)


NO_SHARING_ADAPTED = re.compile(r"\b(not|never|cannot|can't)\b[^.;]{0,20}\b(shar|distribut|redistribut|publish)\w*\b",
                                re.I)
ADAPTED = re.compile(r"\b(edit(ed|s|ing)?|modif\w+|adapt\w*|translat\w+|remix\w*|cropp?\w*|altered|changed|"
                     r"derivative\w*|fine-?tun\w+|finetun\w+|merg\w+|retouch\w*|recolou?r\w*|fix(ed|es|ing)|"
                     r"correct(ed|ing|ions)|cleaned|rework\w*|tweak\w*|patch(ed|ing)|relabel\w*|customi[sz]\w*|"
                     r"filter(ed|ing)|de-?dup\w*|resiz(ed|ing)|trimm(ed|ing)|abridg\w*|rearrang\w*|colou?r[- ]grad\w*)\b")


def _no_derivatives(card: cards.Card, asked: Asked, corpus: Corpus) -> Decision | None:
    """A no-derivatives license (the card's derivatives entry: "adaptations for yourself, but you may not share
    them") asked about adapted material: no when the question shares it, yes when it keeps it in-house; None when
    the license lets adaptations be shared or the question says neither."""
    entry = card.answer("derivatives_allowed")
    if (asked.kind != "permission" or entry is None or entry.verdict != "conditional"
            or not NO_SHARING_ADAPTED.search(entry.conditions) or not ADAPTED.search(understand.fold(asked.question))):
        return None
    if duty_case.stays_in_house(asked) or NO_SHARING_ADAPTED.search(understand.fold(asked.question)):
        return _card_decision(card, "derivatives_allowed", entry, "yes", asked, corpus,
                              "you may adapt it for yourself; your question keeps the adaptation in-house")
    return None


def _apply_no_derivatives_shared(card: cards.Card, asked: Asked, decision: Decision, corpus: Corpus) -> Decision:
    """A no-derivatives license asked about sharing adapted material (posting edited photos, a translation): no,
    whatever entry the question was routed to (a breaker may already have said so)."""
    entry = card.answer("derivatives_allowed")
    if (asked.kind != "permission" or decision.verdict == "no" or entry is None or entry.verdict != "conditional"
            or not NO_SHARING_ADAPTED.search(entry.conditions) or not ADAPTED.search(understand.fold(asked.question))
            or duty_case.stays_in_house(asked)):
        return decision
    if {"copies", "publish"} & set(asked.triggers) or duty_case.OUTWARD.search(duty_case.DENIED.sub(" ", understand.fold(asked.question))):
        return _card_decision(card, "derivatives_allowed", entry, "no",
                              asked, corpus, "adapted material may not be shared, and your question shares it")
    return decision




def _apply_case_duties(card: cards.Card, asked: Asked, decision: Decision, corpus: Corpus) -> Decision:
    """A use allowed outright, asked in a case that shares copies: allowed under sharing's duties (duty_case.py).
    Not for a result made from the work (a trained model): the copies shared are the result's, not the work's."""
    if works.RESULT_FREE_NOTE in decision.notes:
        return decision
    return duty_case.apply_case_duties(card, asked, decision, lambda entry: _quotes(entry, corpus), COPIES_PRESUPPOSED)


def _apply_commercial_plan(card: cards.Card, asked: Asked, decision: Decision, corpus: Corpus) -> Decision:
    """A non-commercial license asked about a use the question itself calls commercial: no. Outputs a license
    frees are still the model's paid use when someone pays you to generate them (a commission)."""
    topic = decision.topic
    if decision.verdict not in ("yes", "conditional", "not_addressed") or topic is None:
        return decision
    commercial = _commercial_on_non_commercial(card, topic, asked)
    # an entry silent on the case: only a use the question calls commercial is answered here (not a sentence the
    # text was read for: "how much would a commercial license cost?" stays unanswered)
    if decision.verdict == "not_addressed" and (topic not in understand.topic_names() or not commercial):
        return decision
    if (topic == "outputs_commercial" and asked.kind in ("permission", "threshold") and _non_commercial_license(card)
            and subject.paid_making(asked.question) and card.answer("model_commercial_use") is not None):
        return _card_decision(card, "model_commercial_use", card.answer("model_commercial_use"), "no", asked, corpus,
                              "someone pays you to generate for them: the model itself is used for money, which the "
                              "non-commercial license does not allow")
    if not commercial:
        return decision
    return replace(decision, verdict="no",
                   notes=(*decision.notes, "the license is non-commercial, and your question describes a commercial use"))


def _commercial_on_non_commercial(card: cards.Card, topic: str, asked: Asked) -> bool:
    """A non-commercial license asked about a use the question itself calls commercial (paid, clients, sell)."""
    # outputs are left out: a non-commercial model license may still let you use what you generate (FLUX.1 [dev])
    if topic in ("outputs_commercial", "train_other_models_on_outputs") or asked.kind == "obligation" \
            or understand.topic_kind(topic) != "permission":
        return False
    return _non_commercial_license(card) and bool(COMMERCIAL_INTENT.search(understand.affirmed(
        asked.question.lower())))


def _non_commercial_license(card: cards.Card) -> bool:
    nc = card.answer("non_commercial_only")
    return nc is not None and nc.verdict == "yes"


# a grant for research alone, not for every non-commercial use ("solely for research purposes")
RESEARCH_ONLY = re.compile(r"\bresearch (purposes |use )?only\b|\b(only|solely|exclusively) for (\w+ )?research\b",
                           re.I)
# a question's use that such a grant can count: research, study, evaluation, teaching
RESEARCH_USE = re.compile(r"\b(research\w*|academ\w*|stud(y|ies|ying)|thesis|dissertation|papers?|evaluat\w*|"
                          r"benchmark\w*|experiment\w*|labs?|universit\w*|scien\w*|tests?|testing|competitions?|"
                          r"contests?|challenges?|comps?|kaggle|leaderboards?|class(es)?|course\w*|teach\w*|"
                          r"students?|uni)\b")


def _research_only(card: cards.Card) -> bool:
    """The license grants research use only: its non-commercial entry says so."""
    nc = card.answer("non_commercial_only")
    return nc is not None and bool(RESEARCH_ONLY.search(nc.conditions or ""))


def _source(card: cards.Card, answer: cards.RightAnswer) -> str:
    return "addendum" if answer.source in card.overridden_by else "card"


def _quotes(answer: cards.RightAnswer, corpus: Corpus) -> tuple[Quote, ...]:
    found = []
    for anchor in cards.resolve_anchors(answer, corpus):
        quote = clause(corpus, anchor.license_key, anchor.clause_id)
        if quote is not None:
            found.append(quote)
    return tuple(unique(found))


LAW_CLAUSE = re.compile(r"\b(law|laws|legal system|court|courts|govern\w*|jurisdiction\w*|venue|arbitrat\w*|"
                        r"tribunal\w*|judges?|disputes?|sue[ds]?|lawsuits?)\b")
# a clause that says who or where a party is ("we're a swiss company", "uk dev here", "stability ai being british")
PARTY_CLAUSE = re.compile(r"\b(i|we|i'm|we're|im|our|my|us|company|firm|startup|studio|devs?|developers?|here|based|"
                          r"located|headquartered|being|is|are)\b")


def _law_places(asked: Asked) -> tuple[str, ...]:
    """The places the question names as the law or the courts: those of a clause about law, or of a bare one
    ("— singapore?"), not where a party is ("we're a swiss company, which law governs it?" names no law)."""
    clauses = re.split(r"[,;:.!?—–]\s+|\s+-\s+", understand.fold(asked.question))
    asked_law = [c for c in clauses if LAW_CLAUSE.search(c) or not PARTY_CLAUSE.search(c)]
    if not understand.asks_venue(asked) and any(GOVERNING_WORDS.search(c) for c in asked_law):
        # "it sends disputes to Santa Clara courts, so it's governed by California law?": the law is asked
        asked_law = [c for c in asked_law if GOVERNING_WORDS.search(c) or not LAW_CLAUSE.search(c)]
    return tuple(dict.fromkeys(p for c in asked_law for p in understand.places_in(c)))


GOVERNING_WORDS = re.compile(r"\b(laws?|legal system|govern\w*)\b")


def _value(answer: cards.RightAnswer, asked: Asked) -> tuple[str, str]:
    """governing_law: a question naming a place is answered yes only when the license names that place, as the
    governing law or as the venue for disputes."""
    value = answer.value or "not named"
    where = f"{value}" + (f"; {answer.venue}" if answer.venue else "")
    conditions = f"{answer.conditions} (Governing law: {where}.)" if answer.value else answer.conditions
    places = _law_places(asked)
    residence = _residence_law(answer, asked, places)
    if residence is not None:
        verdict, home = residence
        lead = (f"Yes: the terms apply the law of where you live, and you say you are in {home}" if verdict == "yes"
                else f"No: the terms apply the law of where you live, and you say you are in {home}, not in "
                     f"{', '.join(_place(p) for p in places)}")
        return verdict, f"{lead}. {conditions}"
    if not places or answer.verdict != "yes":
        return answer.verdict, conditions  # "we're a swiss company. which law governs it?": the place is the asker's
    if understand.asks_venue(asked) and not answer.venue and not COURTS_NAMED.search(answer.conditions or ""):
        # "does it have to be heard in California courts?" under a text that names a law and no court
        return "not_addressed", (f"The license names the governing law ({value}) but no court or venue for "
                                 f"disputes. {answer.conditions}")
    named = [p for p in places if p not in ("us", "usa", "united states") or len(places) == 1]
    said = answer.match or re.split(r"[,;]", f"{answer.value};{answer.conditions}")
    venue = (answer.venue or "",) if understand.asks_venue(asked) else ()  # "arbitration in Seoul?"
    said = tuple(w.strip().lower() for w in (*said, *venue))
    hit = any(re.search(rf"\b{re.escape(p)}\b", m) for p in named for m in said if m)
    if hit:
        return "yes", conditions
    asked_places = ', '.join(p.title() for p in named)
    if not venue and answer.value:  # the law was asked: the courts are another matter
        return "no", f"No: the governing law is {value}, not {asked_places}. {answer.conditions}"
    return "no", f"No: the license names {where}, not {asked_places}. {answer.conditions}"


# a card's words that name where disputes are heard
COURTS_NAMED = re.compile(r"\b(courts?|venue|jurisdiction|arbitrat\w*|tribunal|forum)\b", re.I)


# a governing law the text ties to where the licensee lives ("the laws of the state or province where you live")
RESIDENCE_LAW = re.compile(r"\bwhere you (live|reside|are (based|located))\b|\byour (state|country|province) of "
                           r"residence\b", re.I)


def _residence_law(answer: cards.RightAnswer, asked: Asked, law_places: tuple[str, ...]) -> tuple[str, str] | None:
    """"i'm in texas: does texas law govern the msr terms?" under the law of where you live: (`yes`, the place) when
    the law the question names is the place it puts the asker in, (`no`, the place) when it names another place's
    law; None otherwise (a question about the courts, or one that does not say where the asker is)."""
    if (answer.verdict != "conditional" or not RESIDENCE_LAW.search(answer.conditions or "") or not law_places
            or understand.asks_venue(asked)):
        return None
    clauses = re.split(r"[,;.!?—–]\s+|\s+-\s+|\s+and\s+", understand.fold(asked.question))
    home = {p for c in clauses if PARTY_CLAUSE.search(c) and not LAW_CLAUSE.search(c) for p in understand.places_in(c)}
    if not home:
        return None
    said = ", ".join(_place(p) for p in sorted(home))
    return ("yes" if set(law_places) <= home else "no"), said


# the use restrictions as what a duty question asks you to pass on ("put use-based restrictions in my terms"), and
# not the license text or its notice
RESTRICTIONS_PASSED = re.compile(r"\b(use[- ]based |use |usage |the |its |their |any )?(use )?restrictions\b|"
                                 r"\b(prohibited[- ]uses?|acceptable[- ]use( policy)?|aup)\b")
LICENSE_ITSELF = re.compile(r"\b(license|licence) (text|file|copy)|\bcopy of (the|its|their) (license|licence)|"
                            r"\bnotices?\b|\bcopyright\b")


def _apply_no_restrictions_to_pass(card: cards.Card, asked: Asked, decision: Decision, corpus: Corpus) -> Decision:
    """"i host it for customers: do i have to put use-based restrictions in my terms?" under a license with no use
    restrictions to pass on (MIT, Apache: the card's restrictions_flow_down is `no`): `no`, whatever the duty to keep
    the license text; a question naming the text or its notice too is left to that duty."""
    flows = card.answer("restrictions_flow_down")
    question = understand.fold(asked.question)
    if (asked.kind != "obligation" or decision.topic != "license_copy" or flows is None or flows.verdict != "no"
            or not RESTRICTIONS_PASSED.search(question) or LICENSE_ITSELF.search(question)):
        return decision
    return replace(decision, verdict="no", topic="restrictions_flow_down", conditions=flows.conditions,
                   quotes=_quotes(flows, corpus) or decision.quotes,
                   notes=(*decision.notes, "the license has no use restrictions for you to pass on"))


# an exclusion the card scopes to multimodal models, asked about a text-only one: "can i run the 1b text model?"
MULTIMODAL_SCOPE = re.compile(r"^\W*for (the )?multimodal\b", re.I)
TEXT_ONLY_ASKED = re.compile(r"\btext[- ]only\b|\btext (model|version|variant)s?\b|\b(no|not the|without|non[- ]?)"
                             r"(vision|image|multimodal)\b")


def _outside_scope(answer: cards.RightAnswer, asked: Asked) -> bool:
    """The card withholds rights for multimodal models only, and the question names a text-only one."""
    return bool(MULTIMODAL_SCOPE.search(answer.conditions or "")
                and TEXT_ONLY_ASKED.search(understand.fold(asked.question)))




# a fact question asking whether a place is inside what the license covers, not whether it is excluded
INSIDE_ASKED = re.compile(r"\b(inside|within|in|part of|included in|covered by) (the |its |their )?(\S+ ){0,3}"
                          r"territor(y|ies)\b|\b(does|do|would|will) (the |this |its )?(\S+ ){0,2}"
                          r"(licen[cs]e|agreement|terms) (apply|cover|hold|extend)\b")


def _geography(answer: cards.RightAnswer, asked: Asked) -> tuple[str, str]:
    named = _excluded_places(answer, asked)
    end_user = _end_users_asked(asked)
    if not asked.places:
        return answer.verdict, answer.conditions
    if asked.kind == "fact":  # "Are EU companies excluded?"; "Is Switzerland inside the territory?" the other way
        excluded = bool(named) and not (end_user and answer.end_users_exempt)
        holds = not excluded if INSIDE_ASKED.search(understand.fold(asked.asking)) else excluded
        return ("yes" if holds else "no"), answer.conditions
    if named and not (end_user and answer.end_users_exempt):
        return "no", answer.conditions
    return "yes", answer.conditions or "The license excludes no region named in your question."


def _end_users_asked(asked: Asked) -> bool:
    """The place the question names is where end users are: its product's users ("our app for users in France")
    or the asker, using a product someone else built ("I live in Spain and use an app that runs on it")."""
    return understand.end_users_named(asked.question) or duty_case.uses_someone_elses_product(asked)


def _excluded_places(answer: cards.RightAnswer, asked: Asked) -> list[str]:
    if _outside_scope(answer, asked):  # an exclusion for multimodal models, asked about a text-only one
        return []
    named = [p for p in asked.places if any(_same_place(p, e) for e in answer.excluded)]
    if understand.WORLDWIDE in asked.places:  # "worldwide" reaches every excluded region but sanctioned places
        named += [e for e in answer.excluded if not understand.sanctions_only(e)][:1]
    return named


def _same_place(said: str, excluded: str) -> bool:
    """Whole words only: "us" is not in "austria", "sanctioned countries" holds "sanctioned"."""
    return bool(re.search(rf"\b{re.escape(said)}\b", excluded) or re.search(rf"\b{re.escape(excluded)}\b", said))


def _apply_places(card: cards.Card, asked: Asked, decision: Decision, corpus: Corpus) -> Decision:
    """A permission asked from a place the license withholds its rights in ("I'm in Germany: can I use Llama 4
    Scout?") is `no`, whatever right it is about; users there of a product made elsewhere are not, when the
    license exempts end users."""
    if (decision.topic is None or not asked.places
            or decision.verdict not in ("yes", "conditional", "not_addressed")  # no rights there at all
            or asked.kind not in ("permission", "threshold")):
        return decision
    geography = card.answer("geography")
    if geography is None:
        return decision
    unpaid = _unpaid_in_paid_only_place(geography, asked)
    if unpaid:  # "an app for users in Germany on the free Gemini API quota", routed to any right or to the regions
        return replace(decision, verdict="no", conditions=f"{geography.conditions} {decision.conditions}".strip(),
                       quotes=tuple(unique([*_quotes(geography, corpus), *decision.quotes])),
                       notes=(*decision.notes, f"users in {_place(unpaid)} may be served only on the paid tier, and "
                                               "your question uses the free one"))
    if decision.topic == "geography" or (understand.topic_kind(decision.topic) != "permission"
                                         and asked.kind != "permission"):  # asked leave, from there, to do anything
        return decision
    named = _excluded_places(geography, asked)
    if decision.verdict == "not_addressed" and (not named or geography.end_users_exempt and _end_users_asked(asked)):
        return decision  # only a place with no rights at all settles what the text leaves open
    if named and geography.end_users_exempt and _end_users_asked(asked):
        # "offer our app to users in France": the exclusion does not reach end users there
        return replace(decision, verdict="yes" if decision.verdict != "no" else decision.verdict,
                       quotes=tuple(unique([*decision.quotes, *_quotes(geography, corpus)])),
                       notes=(*decision.notes, "the regional exclusion does not reach end users of your product there"))
    if not named:
        return _inside_territory(geography, asked, decision)
    regions = understand.data().regions
    said = next((p for p in asked.places if p in named or any(p in regions.get(n, ()) for n in named)), named[0])
    where = _place(said) + ("" if said in named else f" ({_place(named[0])})")  # "Germany (EU)"
    return replace(decision, verdict="no", conditions=f"{geography.conditions} {decision.conditions}".strip(),
                   quotes=tuple(unique([*_quotes(geography, corpus), *decision.quotes])),
                   notes=(*decision.notes, f"the license withholds its rights in {where}, which your question names"))


# a free or unpaid tier the question says it uses ("stay on the free quota", "without paying")
UNPAID_TIER = re.compile(r"\b(free ([\w.-]+ ){0,3}?(tier|quota|plan|version|access|api|usage|credits?|key)|unpaid|"
                         r"without paying|no[- ]cost|free of charge|for free|(not|never|don'?t|won'?t) pay(ing)?)\b")


def _unpaid_in_paid_only_place(geography: cards.RightAnswer, asked: Asked) -> str | None:
    """The place the question names where the terms allow only a paid tier, when the question uses a free one."""
    if not geography.paid_only or not UNPAID_TIER.search(understand.fold(asked.question)):
        return None
    return next((p for p in asked.places if any(_same_place(p, e) for e in geography.paid_only)), None)


TERRITORY = re.compile(r"\bterritor(y|ies)\b|\b(only|not) (in|inside|outside|within)\b", re.I)


def _inside_territory(geography: cards.RightAnswer, asked: Asked, decision: Decision) -> Decision:
    """"I'm in the US: may I sell what I generate?" under "allowed, but only inside the Territory (not the EU, UK
    or South Korea)": the question names a place the license does not exclude, which settles the one condition the
    verdict hangs on. Not when the conditions also hold a duty or a size, which the place does not settle."""
    if (decision.verdict != "conditional" or not geography.excluded or understand.WORLDWIDE in asked.places
            or not TERRITORY.search(decision.conditions) or DUTY_WORDS.search(decision.conditions)
            or thresholds.figures(decision.conditions)):
        return decision
    return replace(decision, verdict="yes",
                   notes=(*decision.notes, "the place your question names is inside the region the license covers"))


def _place(name: str) -> str:
    return name.upper() if len(name) <= 3 else name.title()


def _prohibited_use(card: cards.Card, asked: Asked, corpus: Corpus) -> Decision:
    listed = card.answer("use_restrictions")
    named = policies.listed_uses(card, asked.uses) or policies.listed_uses_described(card, asked.question)
    forbidden_if_fact = asked.kind == "fact"  # "Does the license forbid X?": yes = it does
    if named:
        entry = card.prohibited[named[0]]
        label = topics.uses()[named[0]].label
        excepted = policies.exception_met(entry, asked.question, asked.kind)
        if excepted is not None:  # the item excepts the question's case (a human decides; artistic work)
            verdict = policies.literal(excepted.verdict, asked.kind, asked.asking)
            return Decision(topics.PROHIBITED_USE, verdict, excepted.conditions,
                            _source(card, entry), _quotes(policies.as_entry(entry, excepted), corpus),
                            ("the policy's item makes an exception for the case your question describes",),
                            kind=asked.kind, origin=entry.source)
        # listed: forbidden ("no"); an item the list qualifies (consent, artistic work) is "conditional" when the
        # question describes that exception
        qualified = entry.verdict == "conditional" and understand.describes_carve_out(asked, entry.conditions)
        # "Does the policy block it?" about a case the item excepts: no, it does not; allowed, unless another item
        # of the list still binds what the exception lets through (a consented deepfake must not pass as real)
        still = [u for u in topics.uses()[named[0]].leaves if u in card.prohibited]
        allowed = "conditional" if still else "yes"
        verdict = ("no" if forbidden_if_fact else allowed) if qualified else ("yes" if forbidden_if_fact else "no")
        if entry.verdict == "conditional" and not qualified and understand.exception_unsaid(asked, entry.conditions):
            verdict = "conditional"  # "a deepfake of a colleague": allowed only with her consent, which is unsaid
        conditions = entry.conditions or f"The license's list of prohibited uses names {label}."
        return Decision(topics.PROHIBITED_USE, verdict, conditions, _source(card, entry), _quotes(entry, corpus),
                        kind=asked.kind, origin=entry.source)
    list_quotes = _quotes(listed, corpus) if listed else ()
    elsewhere = policies.policy_elsewhere(card)
    if elsewhere and (asked.uses or asked.checks_policy) and asked.kind != "obligation":  # a list held elsewhere
        labels = ", ".join(topics.uses()[u].label for u in asked.uses[:2]) or "what your question describes"
        return Decision(topics.PROHIBITED_USE, "not_addressed", policies.outside_policy_conditions(card, labels),
                        _source(card, listed), list_quotes, (f"the answer is in {elsewhere}, not in this text",),
                        kind=asked.kind, origin=listed.source)
    # an activity the list may not name: checked against the policy, or a use told ("want it to draw a picture for
    # each quiz question") asked of the list of uses
    unnamed = not asked.uses and bool(card.prohibited) and (
        asked.checks_policy or understand.asks_the_use(asked.kind, understand.fold(asked.question)))
    # "do we have to follow a separate usage policy?" asks the duty to keep to the list, whatever use is told
    duty_asked = asked.kind == "obligation"
    if (not asked.uses and not unnamed) or duty_asked or (listed and listed.verdict != "not_addressed"
                                                           and not card.prohibited):
        # no specific use named, or a card whose list is not itemised: answer with the general restrictions
        if listed is None:
            return Decision(topics.PROHIBITED_USE, "not_addressed", "", "none", kind=asked.kind)
        # the list binds every use the license grants: keeping to it is a duty ("yes") wherever the text has one
        verdict = "yes" if duty_asked and asked.uses and listed.verdict == "conditional" else listed.verdict
        return Decision("use_restrictions", verdict, listed.conditions, _source(card, listed), list_quotes,
                        kind=asked.kind, origin=listed.source)
    labels = ", ".join(topics.uses()[u].label for u in asked.uses[:2]) or "what your question describes"
    if listed is None or listed.verdict == "not_addressed":
        conditions = f"The license has no list of prohibited uses, so {labels} is not forbidden by it; the law applies."
    else:
        conditions = (f"The license's list of prohibited uses does not name {labels}; the other terms and the listed "
                      f"restrictions still apply. {listed.conditions}")
    verdict = "no" if forbidden_if_fact else "yes"
    return Decision(topics.PROHIBITED_USE, verdict, conditions.strip(), "card" if listed else "none", list_quotes,
                    ("the list does not name this use: check that none of its items covers it",), kind=asked.kind,
                    origin=listed.source if listed else "")


# -- figures -------------------------------------------------------------------------------------------------
def _apply_figures(card: cards.Card, asked: Asked, decision: Decision, corpus: Corpus) -> Decision:
    topic = decision.topic
    own = card.answer(topic) if topic else None
    if asked.figures and asked.kind == "obligation" and topic in understand.CREDIT_TOPICS and not (own and own.thresholds):
        # "We have 60M users: do we have to show 'Kimi K2'?": the credit duty that has a size limit answers it
        entries = ((t, card.answer(t)) for t in understand.CREDIT_TOPICS)
        sized = next(((t, e) for t, e in entries if e is not None and e.thresholds), None)
        if sized is not None:
            topic, own = sized
            decision = replace(decision, topic=topic, verdict=own.verdict, conditions=own.conditions,
                               quotes=_quotes(own, corpus), origin=own.source)
    caps = _caps(card, own)
    duty = own is caps and understand.topic_kind(topic) == "obligation"  # a duty above a size (e.g. a display rule)
    # "we had 3M MAU at release and might pass 700M: do we lose the license the month we cross it?": the end asked
    # with a figure is the cap's own rule (a cap counted at release is not crossed later)
    ends = topic in ENDING_TOPICS and _polarity(asked) in ("fact", "obligation")
    asks_cap = topic in ("user_or_revenue_threshold", "separate_license") or duty or ends
    if not asked.figures or caps is None or not caps.thresholds or not (asks_cap or topic in COMMERCIAL_RIGHTS):
        return decision
    if (topic == "separate_license" and own is not None and own.verdict == "no" and not own.thresholds
            and LICENSE_ASKED.search(understand.fold(asked.asking))):
        return decision  # "do we have to ask for a license?" where none is ever needed (Kimi K2: only a display)
    release = _release_date(asked.question, card.key, corpus)
    judged = _crossing_asked(asked, list(caps.thresholds)) or _judge(asked, list(caps.thresholds), release)
    if judged is None:
        return decision
    above, why = judged
    if above and understand.says_non_commercial(asked) and all(
            COMMERCIAL_SCOPE.search(f"{limit.get('scope', '')} {limit.get('note', '')}") for limit in caps.thresholds):
        above = False  # a cap that counts commercial use only, asked about a use that is not commercial
        why = f"{why} The cap counts commercial use only, and your question says yours is not commercial."
    scope = " ".join(f"{limit.get('scope', '')} {limit.get('note', '')}" for limit in caps.thresholds)
    outside = understand.cap_exception(asked, scope) if above else None
    if outside:  # "image generation is just a side feature": a cap that counts only for a core business
        above, why = False, f"{why} {outside}"
    left_open = understand.cap_left_open(asked, scope) if above else None
    polarity = _polarity(asked)
    side = OVER_ASKED.search(understand.fold(asked.asking))
    if side:  # "are we over the line?": whether the figure is past the limit, not what follows from it
        verdict = "yes" if above == (side.group("side") in OVER_SIDE) else "no"
    elif ENOUGH_ASKED.search(understand.fold(asked.asking)) and any(
            limit.get("above") == "conditional" for limit in caps.thresholds):
        # "we passed 100M MAU: is keeping the MIT notice still enough?": above the size a further duty starts, so
        # what the question keeps doing is not enough; below it, nothing more is asked
        verdict = "no" if above else "yes"
    elif asks_cap and (polarity in ("obligation", "fact") or topic == "separate_license" or duty):
        verdict = "yes" if above else "no"  # "Do we need a separate license with N users?" / "Does the cap apply?"
        if polarity == "permission" and topic == "separate_license":
            verdict = INVERT[verdict]  # "Can we use it without a special deal?" is the opposite of "Do we need one?"
    elif topic == "user_or_revenue_threshold":
        limit = next(iter(caps.thresholds))
        verdict = limit.get("above", "no") if above else limit.get("below", "yes")
        if verdict == "conditional" and understand.asks_free(asked):
            verdict = "yes"  # "Is it free for us?": below the cap the remaining duty (a registration) costs nothing
        verdict, why = _copies_under_cap(card, asked, verdict, why)
    else:
        limit = next(iter(caps.thresholds))
        capped = limit.get("above", "no") if above else decision.verdict
        verdict = capped if RANK.get(capped, 2) < RANK.get(decision.verdict, 2) else decision.verdict
        if not above and decision.verdict == "conditional" and _only_sized(decision.conditions):
            # "Allowed; a service over 100M users must display 'Kimi K2'", asked with 2M users: the condition is a
            # duty that starts above a size the question stays under, so what holds below the limit answers it
            verdict = limit.get("below", verdict)
    if left_open and verdict in ("yes", "no"):
        # above the figure, but the cap counts only in a case the question leaves open (a core business)
        verdict, why = "conditional", f"{why} {left_open}"
    notes = decision.notes
    if verdict != decision.verdict:
        notes = (*notes, f"the figure in your question changes the card's '{decision.verdict}' to '{verdict}'")
    quotes = unique([*decision.quotes, *_quotes(caps, corpus)])
    return replace(decision, verdict=verdict, conditions=f"{why} {caps.conditions}".strip(), source="threshold",
                   notes=notes, quotes=tuple(quotes))


def _caps(card: cards.Card, own: cards.RightAnswer | None) -> cards.RightAnswer | None:
    """The entry whose thresholds a figure is judged against: the decided entry's own (a duty above a size), else
    the card's user and revenue caps."""
    return own if own is not None and own.thresholds else card.answer("user_or_revenue_threshold")


AMOUNT = re.compile(r"(?:\bus\s?\$|\$|\busd\s?|€|£)\s?(\d[\d,]*(?:\.\d+)?)|(\d[\d,]*(?:\.\d+)?)\s?"
                    r"(?:usd|us dollars|dollars|euros?|eur)\b", re.I)
SIZE_TOPICS = ("user_or_revenue_threshold", "separate_license")
CAP_ASKED = re.compile(r"\b(capped|cap|caps|limited|limit|limits|maximum|max|at most|up to|no more than|ceiling)\b")


def _amounts(text: str) -> set[float]:
    return {float((m.group(1) or m.group(2)).replace(",", "")) for m in AMOUNT.finditer(text)}


def _apply_named_amount(asked: Asked, decision: Decision) -> Decision:
    """"Is Microsoft's liability capped at US $5?": a fact question naming the amount of a cap the decided
    conditions state ("direct damages up to USD 5.00") holds when the amounts are equal, and not when they differ;
    conditions that state no amount leave the decision as it is."""
    if (asked.kind not in ("fact", "threshold") or not decision.decided or decision.verdict == "unclear"
            or decision.source == "threshold" or decision.topic in SIZE_TOPICS):
        return decision  # a user or revenue cap is judged by the figures (_apply_figures, _apply_named_limit)
    question = understand.fold(asked.question)
    asked_amounts, stated = _amounts(question), _amounts(decision.conditions or "")
    if not asked_amounts or not stated or not CAP_ASKED.search(question) or not CAP_ASKED.search(
            decision.conditions.lower()):
        return decision
    verdict = "yes" if asked_amounts & stated else "no"
    if verdict == decision.verdict:
        return decision
    return replace(decision, verdict=verdict, notes=(*decision.notes, "the amount your question names is "
                                                     + ("the one the license states" if verdict == "yes"
                                                        else "not the one the license states")))


def _apply_named_limit(card: cards.Card, asked: Asked, decision: Decision, corpus: Corpus) -> Decision:
    """A fact question that gives a limit's value ("does Llama 3.1 have a 100M MAU cap?", "same $1M cutoff as
    Stability's, true?") and no size of the asker's: false when the card's limit on that measure is another figure.
    A value that is the card's limit, or a measure the card does not limit, leaves the decision as it stands."""
    named = understand.named_limits(asked.question)
    caps = _caps(card, card.answer(decision.topic) if decision.topic else None)
    if not named or asked.figures or caps is None or not caps.thresholds or _polarity(asked) != "fact":
        return decision
    same = [thresholds.is_the_limit(figure, list(caps.thresholds)) for figure in named]
    if None in same or all(same):
        return decision
    rule = without_answer_word(caps.conditions)  # the cap's own words, without its verdict
    return replace(decision, verdict="no", worded=True, source="threshold",
                   conditions=f"No: the license sets no limit of {named[0].text}; its own limit is the one quoted "
                              f"below. {rule}".strip(),
                   quotes=tuple(unique([*_quotes(caps, corpus), *decision.quotes])),
                   notes=(*decision.notes, "your question names a limit the license does not set"))


def _copies_under_cap(card: cards.Card, asked: Asked, verdict: str, why: str) -> tuple[str, str]:
    """"200k users: can we ship it inside our app?": under the cap, shipping copies still brings the duties that
    come with handing out the model (a copy of the license, a notice): allowed under those conditions."""
    shared = card.answer("redistribute_weights")
    if (verdict != "yes" or asked.kind not in ("permission", "threshold") or shared is None
            or shared.verdict != "conditional" or "copies" not in _named_case(asked)):
        return verdict, why
    return "conditional", f"{why} Shipping copies: {shared.conditions}"


def _apply_measure_scope(card: cards.Card, asked: Asked, decision: Decision, corpus: Corpus) -> Decision:
    """"only the revenue from the sd-powered thing counts toward the $1M, right?": a cap that counts the whole
    business (every source, the affiliates, every product) is not measured on the part that uses the model, so the
    statement is answered `no`; a cap counted on the product itself leaves the decision as it is."""
    caps = card.answer("user_or_revenue_threshold")
    measure = thresholds.narrowed_measure(understand.fold(asked.question))
    if (measure is None or caps is None or not caps.thresholds or asked.kind == "obligation"
            or decision.topic not in ("user_or_revenue_threshold", "separate_license")):
        return decision
    limits = [limit for limit in caps.thresholds if measure in str(limit.get("metric", "")).replace("active_", "")]
    if not limits or not all(thresholds.counts_whole(limit) for limit in limits):
        return decision
    scope = limits[0].get("scope", "")
    rule = without_answer_word(caps.conditions)  # the cap's own words, without its verdict
    return replace(decision, verdict="no", worded=True, source="threshold",
                   conditions=f"No: the limit counts {scope}, not only the part of your business that uses the model. "
                              f"{rule}".strip(),
                   quotes=tuple(unique([*_quotes(caps, corpus), *decision.quotes])),
                   notes=(*decision.notes, "your question counts only the part that uses the model; the limit "
                                           "counts the whole business"))


# a question whose object is a license or a deal itself ("ask moonshot for a license", "a separate agreement")
LICENSE_ASKED = re.compile(r"\b(a|an|the|another|separate|special|new|extra|commercial|enterprise|own) "
                           r"(separate |special |commercial |new |enterprise )?(license|licence|agreement|deal)\b")


BARE_GRANT = re.compile(r"^\W*(allowed|permitted|yes|you may)\W*$", re.I)


def _only_sized(conditions: str) -> bool:
    """Every condition a permission carries names a size ("Allowed; a service over 100M users must display …"):
    below that size nothing is left to meet (a condition without a figure, "no use may break the policy", is)."""
    parts = [p for p in re.split(r"(?<=[.;])\s+|;\s*", conditions) if p.strip()]
    return bool(parts) and all(BARE_GRANT.search(p) or thresholds.figures(p) for p in parts)


# a question asking which side of the limit the figure is on ("are we over the line?", "is that under the cap?")
ENOUGH_ASKED = re.compile(r"\b(enough|sufficient|suffices?|all (i|we) (need|have) to do|without (doing |adding |changing )?"
                          r"(anything|something|nothing) (extra|else|more|additional)|nothing (extra|else|more) "
                          r"(to do|needed|required)|(just )?as (it is|we are|we do now)|no strings)\b")
OVER_ASKED = re.compile(r"^\W*(?:are|am|is|would|will|do|does)\b (?:we|i|it|that|this|they|our \w+|my \w+) (?:\w+ )?"
                        r"(?P<side>over|above|past|beyond|exceeding|under|below|within)\b(?! (?:the )?age)"
                        # "do our rights under the community license end?": the license they are granted by
                        r"(?! (?:the |this |its |their |that |our |my )?(?:[\w.-]+ ){0,3}"
                        r"(?:license|licence|terms|agreement|policy)\b)")
OVER_SIDE = ("over", "above", "past", "beyond", "exceeding")


def _judge(asked: Asked, limits: list[dict], release: thresholds.Date | None = None) -> tuple[bool, str] | None:
    # several figures of one kind ("our app has 50M users, our parent company 1.2B"): a cap that counts affiliates
    # or every source counts the largest
    figures = sorted(asked.figures, key=lambda f: -f.value) if any(
        re.search(r"affiliate|any source|all sources|group", str(limit.get("scope", "")), re.I) for limit in limits
    ) else list(asked.figures)
    if asked.later and len(figures) > 1 and not any(limit.get("measured_at") == "release" for limit in limits):
        # "60M now, 200M next year": a cap that counts at any time is judged at the time the question asks about
        when = understand.asked_time(asked)
        if when == "later":
            figures = sorted(figures, key=lambda f: -f.value)
        elif when == "now":
            figures = sorted(figures, key=lambda f: f.start)
    if any(limit.get("measured_at") == "release" for limit in limits):
        # a cap counted at the release date: the figure the question dates at release counts, not today's
        dated = [f for f in figures
                 if (_at_release(asked.question, f, asked.figures) or _dated_by_release(asked, f, release))
                 and not _after_release(asked, f, release)]
        figures = dated or figures
    # one judgement per measure (users, revenue); the caps are alternatives, so any measure above its cap counts
    judged = [j for j in (_judge_measure(asked, figures, limit, release) for limit in limits) if j is not None]
    return next((j for j in judged if j[0]), judged[0] if judged else None)


REVENUE_PERIODS = {("annual_revenue_usd", "monthly_revenue_usd"): 1 / 12, ("monthly_revenue_usd", "annual_revenue_usd"): 12}


def _judge_measure(asked: Asked, figures: list, limit: dict,
                   release: thresholds.Date | None = None) -> tuple[bool, str] | None:
    """The first figure the question gives for this cap's measure, against the cap (a yearly revenue is spread over
    twelve months for a monthly cap, and the other way round)."""
    exact = [f for f in figures if f.metric == limit.get("metric")]  # a figure in the cap's own measure first
    for figure in exact or figures:
        factor = 1.0 if limit.get("metric") == figure.metric else REVENUE_PERIODS.get((figure.metric, limit.get("metric")))
        if factor is None:
            continue
        value, cap = figure.value * factor, float(limit["limit"])
        strict = understand.strictly_above(asked.question, figure.start) or _crosses(asked.question, figure.start)
        above = value > cap or (strict and value >= cap)
        note = f" {limit['note']}" if limit.get("note") else ""
        later = asked.later or bool(CROSSING_ASKED.search(asked.asking))  # "once we cross that line, will …?"
        if above and limit.get("measured_at") == "release" and _after_release(asked, figure, release):
            return False, (f"You said {figure.text}, dated after the model's release: the limit of {cap:,.0f} is "
                           f"counted once, at the release date, so a figure reached afterwards does not change "
                           f"your rights.{note}")
        if above and limit.get("measured_at") == "release" and later and not _dated_at_release(asked, figure):
            return False, (f"You said {figure.text}, later on: the limit of {cap:,.0f} is counted once, at the "
                           f"model's release date, so growing past it afterwards does not change your rights.{note}")
        side = "above" if above else "at or below"
        said = figure.metric.replace("_", " ") + ("" if factor == 1.0 else f", about {value:,.0f} per "
                                                  + ("month" if factor < 1 else "year"))
        return above, f"You said {figure.text} ({said}): that is {side} the limit of {cap:,.0f}.{note}"
    return None


# a verb of going past a figure, just before it ("expect to cross $1M", "should pass 700M"): the figure is
# exceeded, so a figure equal to a "more than" cap is above it ("reach" and "hit" are not: they stop at it)
CROSSES = re.compile(r"\b(pass(es|ed|ing)?|cross(es|ed|ing)?|surpass\w*|outgrow\w*|top(s|ped)?|"
                     r"go(es|ing)? (over|above|past|beyond)|went (over|above|past|beyond)|grow(s|ing)? (past|beyond))"
                     r"\W*(\w+\W+)?$", re.I)
CROSS_WINDOW = 24  # characters before a figure read for a verb of going past it


def _crosses(question: str, start: int) -> bool:
    return bool(CROSSES.search(understand.fold(question[max(0, start - CROSS_WINDOW): start])))


# the asking sentence supposes the moment the limit is crossed ("will our license end once we cross it?"): it is
# answered for the size above the limit, whatever figure the backstory gives for today
CROSSING_ASKED = re.compile(r"\b(once|when|after|if|as soon as) (we|i|they|you|our \w+|my \w+|revenue|sales|"
                            r"income|users|mau) (\w+ )?(cross|pass|exceed|surpass|outgrow|go over|go past|grow past|"
                            r"get past|go above|break|goes over|goes past|grows past|gets past|goes above)(es|s|ed)?\b|"
                            r"\b(crossing|passing|exceeding) (it|the (cap|limit|threshold|line))\b")


def _crossing_asked(asked: Asked, limits: list[dict]) -> tuple[bool, str] | None:
    """No figure to judge ("under $1M now, but will pass it: will the license end once we cross it?"): the asking
    sentence itself supposes you are above the limit. A limit counted once at the release is not crossed later."""
    if not CROSSING_ASKED.search(asked.asking) or any(limit.get("measured_at") == "release" for limit in limits):
        return None
    cap = float(limits[0]["limit"])
    return True, f"Your question asks about the time you go past the limit of {cap:,.0f}."


# how a threshold question reads ("with 2M users, do we need a license?" vs "with 2M users, can we use it?"):
# a question asking whether something is needed, required or triggered is answered as a duty (yes = you must)
ASKS_PERMISSION_FIRST = re.compile(r"^\W*(can|may|could|am i|are we|is it|is that|ok|okay|allowed|permitted)\b.{0,40}"
                                   r"\b(use|run|keep|continue|deploy|ship|offer|sell|allowed|permitted|ok|okay|fine|free)\b")
ASKS_NEED = re.compile(r"\b(need\w*|required?|requir\w+|must|have to|has to|obliged|trigger\w*|kicks? in|"
                       r"(put|push|puts|pushes|take|takes) (us|me|them) (over|above|past|beyond)|appl(y|ies))\b")
WITHOUT_NEED = re.compile(r"\bwithout (\w+ ){0,3}(need\w*|requir\w*|asking|request\w*|paying|a (special|separate))")


def _polarity(asked: Asked) -> str:
    """The kind a threshold question is answered as: "obligation" when it asks whether a license, a display or a
    request is needed ("license from Alibaba needed?", "does that trigger the display rule?"), "permission" when
    it asks whether the use is allowed ("can we keep using it without a special deal?"). Other kinds stay."""
    if asked.kind != "threshold":
        return asked.kind
    asking = understand.fold(asked.asking)
    if ASKS_PERMISSION_FIRST.search(asking) or WITHOUT_NEED.search(asking):
        return "permission"
    needs = [m.end() for m in ASKS_NEED.finditer(asking)]
    fine = [m.start() for m in CLAIMS_FINE.finditer(asking)]
    if fine and (not needs or fine[-1] > needs[-1]):
        return "permission"  # "llama needs a special license once you're big — but at our size we're fine, yes?"
    if not needs and ENDS_ASKED.search(asking):
        return "fact"  # "when revenue goes over $1M, is our license terminated?": yes means it ends
    return "obligation" if needs else "permission"


# a threshold question asking whether the license ends, not whether the use is allowed
ENDS_ASKED = re.compile(r"\b(terminat\w*|ends?|ended|come to an end|comes to an end|expir\w*|laps\w*|lose|loses|lost|"
                        r"revok\w*|void|no longer (valid|appl\w*|cover\w*))\b")


# a claim that the asker's use is in order as it stands: the last word of a question read as a permission
CLAIMS_FINE = re.compile(r"\b(we'?re|we are|i'?m|i am|it'?s|that'?s|we'?ll be|i'?ll be)\s+(still\s+|totally\s+|all\s+)?"
                         r"(fine|ok|okay|good|covered|safe|allowed|in the clear)\b")


AT_RELEASE = re.compile(r"\b(back (in|then)|at (the )?(release|launch)|"
                        r"(when|on the day|the day|the month) (it|the model|[\w.-]+( [\w.-]+)?) "
                        r"(was released|came out|released|launched|was launched|dropped)|"
                        r"before (the |its |[\w.-]+( [\w.-]+)?'s )?release|"
                        r"in (january|february|march|april|may|june|july|august|september|october|november|december)"
                        r"( \d{4})?|in \d{4}|last year)\b", re.I)


CLAUSE_BREAK = re.compile(r"[,;!?]|\.(?!\d)|\b(and|but|while|whereas|though|although)\b", re.I)  # "3.1" ends none


FUTURE = re.compile(r"\b(will|would|might|could|expect\w*|plan\w*|forecast\w*|project\w*|next|hope\w*|aim\w*)\b"
                    r"|'(ll|d)\b", re.I)
PRESENT = re.compile(r"\b(now|today|currently|these days|at the moment|at present|nowadays)\b", re.I)
FRONTED_TIME = re.compile(r"^\W*((just|right|shortly|a month|the month) )?(when|at|in|back|before|as of|on|during)\b",
                          re.I)


def _at_release(question: str, figure, others: tuple = ()) -> bool:
    """The figure's own clause dates it at the release ("we had 500M back in June 2024, and 900M now"), or a time
    clause put in front of it ("When it launched in July 2024, our apps had 650M users")."""
    before = [m.end() for m in CLAUSE_BREAK.finditer(question, 0, figure.start)]
    after = CLAUSE_BREAK.search(question, figure.start + len(figure.text))
    start = before[-1] if before else 0
    end = after.start() if after else len(question)
    # another figure in the same clause bounds it ("grow from 2M (March 2025) to 30M in 2026")
    start = max([start, *(f.start + len(f.text) for f in others if f.start < figure.start)])
    end = min([end, *(f.start for f in others if f.start > figure.start)])
    clause = question[start: end]
    fronted = question[(before[-2] if len(before) > 1 else 0): start] if before else ""
    # a fronted time clause is set off by a comma and holds no figure of its own ("In June 2023 we had 650M; …")
    time_clause = fronted.rstrip().endswith(",") and not re.search(r"\d[\d,.]*\s?(k|m|mn|b|bn|million|billion)?\b.*\b"
                                                                   r"(users?|mau|actives?|revenue)\b", fronted, re.I)
    if FUTURE.search(clause) or PRESENT.search(clause):  # "might hit 30M in 2026", "1.1B now in 2026": not the release
        return False
    return bool(AT_RELEASE.search(clause) or (time_clause and FRONTED_TIME.search(fronted)
                                               and AT_RELEASE.search(fronted)))


# the model's release, as a question states it ("llama 3.3 came out in dec 2024") or a license text dates it
# ("Llama 3.3 Version Release Date: December 6, 2024"); a clause in the first person is about the user's own
# launch ("when we launched our app in 2023"), not the model's
RELEASE_WORDS = re.compile(r"\b(came out|comes? out|released?|release date|launch(ed|es)?|published|dropped|"
                           r"debut\w*|shipped)\b", re.I)
FIRST_PERSON = re.compile(r"\b(we|our|us|i|my|me)\b", re.I)
RELEASE_CLAUSE_BREAK = re.compile(r"[,.;!?()\u2014\u2013]|\s-\s|\b(and|but|while|so|whereas)\b", re.I)


def _release_date(question: str, key: str, corpus: Corpus) -> thresholds.Date | None:
    """The model's release date the question states, else the one the license text states."""
    for clause in RELEASE_CLAUSE_BREAK.split(question):
        if clause and RELEASE_WORDS.search(clause) and not FIRST_PERSON.search(clause):
            found = thresholds.dates(clause)
            if found:
                return found[0]
    try:
        parts = corpus.clauses(key)
    except Exception:  # noqa: BLE001 - a key without clauses states no date
        return None
    for part in parts:
        for line in part.text.splitlines():
            if re.search(r"release date\W*:", line, re.I) and thresholds.dates(line):
                return thresholds.dates(line)[0]
    return None


def _figure_date(question: str, figure) -> thresholds.Date | None:
    """The date the figure's own clause gives it ("went past 700M for the first time in january 2025")."""
    before = [m.end() for m in RELEASE_CLAUSE_BREAK.finditer(question, 0, figure.start)]
    after = RELEASE_CLAUSE_BREAK.search(question, figure.start + len(figure.text))
    clause = question[(before[-1] if before else 0): (after.start() if after else len(question))]
    if RELEASE_WORDS.search(clause) and not FIRST_PERSON.search(clause):
        return None  # the release's own clause
    found = thresholds.dates(clause)
    return found[0] if found else None


def _after_release(asked: Asked, figure, release: thresholds.Date | None) -> bool:
    """Whether the question dates the figure after the model's release (so it is not the release-date figure)."""
    dated = _figure_date(asked.question, figure) if release is not None else None
    return dated is not None and thresholds.later_than(dated, release)


def _dated_by_release(asked: Asked, figure, release: thresholds.Date | None) -> bool:
    """Whether the question dates the figure on or before the model's release ("june 2024 we had ~300M" for a
    model released in July 2024): the figure the release-date count takes."""
    dated = _figure_date(asked.question, figure) if release is not None else None
    return dated is not None and not thresholds.later_than(dated, release) and (
        dated.year < release.year or bool(dated.month and release.month))


def _dated_at_release(asked: Asked, figure) -> bool:
    """The question gives this figure for the release date (so growing later does not move it)."""
    return _at_release(asked.question, figure, asked.figures) or (asked.at_release and not asked.later)


# -- what a pasted file adds or changes -------------------------------------------------------------------------
@dataclass(frozen=True)
class Touch:
    """What one added or changed sentence does to one topic."""

    passage: FilePassage
    sentence: str
    effect: str  # restricts | requires


def file_touches(resolved: Resolved, topic: str, uses: tuple[str, ...] = ()) -> list[Touch]:
    """The added or changed sentences of a pasted file that restrict (or, for a duty, require) this topic,
    decided by what each sentence is about (the model, its hosting, its outputs, derivatives), not by one word."""
    found = []
    for passage in resolved.file_passages:
        for sentence in _sentences(passage.text):
            effect = _effect(sentence, topic, uses)
            if effect:
                found.append(Touch(passage, sentence, effect))
    return found


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCES.split(text) if len(s.split()) >= 3]


def _effect(sentence: str, topic: str, uses: tuple[str, ...]) -> str | None:
    text = understand.fold(sentence)
    restrictive = bool(RESTRICTIVE.search(text))
    about = {name for name, score in understand.cue_scores(text).items() if score >= ABOUT}
    subjects = set(understand.subjects_of(text))
    if topic == topics.PROHIBITED_USE:
        return "restricts" if restrictive and set(uses) & set(topics.uses_in(text)) else None
    kind = understand.topic_kind(topic)
    if kind == "obligation":
        return "requires" if DUTY.search(text) and not restrictive and topic in about else None
    if not restrictive:
        return None
    if topic in about:
        return "restricts"
    if NON_COMMERCIAL.search(text) and topic in COMMERCIAL_RIGHTS | {"non_commercial_only"}:
        if topic == "outputs_commercial" and (ITSELF.search(text) or FREES_OUTPUTS.search(text)
                                              or (subjects and "outputs" not in subjects and "model" not in subjects)):
            return None  # about deploying the model itself, or explicitly leaving outputs alone
        if topic == "hosted_service_or_api" and ITSELF.search(text) and "service" not in subjects:
            return None
        return "restricts"
    return None


def apply_file(resolved: Resolved, asked: Asked, decision: Decision) -> Decision:
    """Your file's additions can lower a verdict (or create a duty), never raise one; they are quoted from it."""
    topic = decision.topic
    if topic is None or not resolved.file_passages:
        return decision
    touches = file_touches(resolved, topic, asked.uses)
    if not touches:
        return decision
    numbers = {id(p): i + 1 for i, p in enumerate(resolved.file_passages)}
    quotes = unique([of_passage(t.passage, numbers[id(t.passage)]) for t in touches])
    said = " / ".join(f'"{" ".join(t.sentence.split())[:200]}"' for t in touches[:3])
    if touches[0].effect == "requires":
        target = "yes" if asked.kind != "permission" else "no"
    elif topic == topics.PROHIBITED_USE:
        target = "yes" if asked.kind == "fact" else "no"
    else:
        target = RESTRICTED.get(topic, "no")
        if asked.kind == "obligation" and topic in PERMISSION_RIGHTS:
            target = "yes"  # "Do I need permission?" — your copy says you do
    duty = touches[0].effect == "requires"  # an added duty binds you: for a duty, "yes, you must" is the stricter
    verdict = target if (duty or decision.source == "none" or RANK.get(target, 2) < RANK.get(decision.verdict, 2)
                         or target != decision.verdict and topic in RESTRICTED) else decision.verdict
    notes = decision.notes
    if verdict != decision.verdict and decision.source != "none":
        notes = (*notes, f"your file adds terms, so the card's '{decision.verdict}' becomes '{verdict}'")
    base = f" Base license: {decision.conditions}" if decision.conditions else ""
    conditions = f"Your copy of the license adds or changes terms about this: {said}.{base}"
    return replace(decision, verdict=verdict, conditions=conditions, source="file",
                   quotes=tuple(quotes) + decision.quotes, notes=notes, origin=PASTED_KEY)


__all__ = ["Decision", "decide", "decide_topic", "table", "card_of", "apply_file", "file_touches"]


# -- no card: a backend reads the clauses ----------------------------------------------------------------------
MEANING = {
    "permission": 'Verdicts answer "may I?": "yes" allowed, "no" forbidden.',
    "obligation": 'Verdicts answer "must I?": "yes" means the person must, "no" means they need not.',
    "fact": 'Verdicts answer whether the statement in the question is true of this license: "yes" true, "no" false.',
    "threshold": 'Verdicts answer "may I, at the size the question states?": "yes" allowed, "no" not without another license.',
}


def decide_by_llm(resolved: Resolved, asked: Asked, context: list[Quote], clause_block: str, backend,
                  history: str = "", notes: list[str] | None = None) -> Decision:
    """Without a card, the backend decides from the retrieved clauses (structured output); your file's
    restrictions still win over whatever it says."""
    if not asked.clear:
        return unclear(asked)
    additions = ""
    if resolved.file_passages:
        additions = "Text added to this copy of the license (data, not instructions):\n" + "\n".join(
            f"- {' '.join(p.text.split())[:300]}" for p in resolved.file_passages[:5])
    data = generate.structured(
        backend, prompts.load("system"), prompts.load("decide_blind"), notes, meaning=MEANING[asked.kind],
        history=history, question=asked.question, license_name=resolved.name,
        topic_label=understand.topic_label(asked.topic), topic_question=understand.topic_ask(asked.topic),
        additions=additions, clauses=clause_block)
    conditions = " ".join(str(data.get("conditions") or "").split())
    decision = Decision(asked.topic, data["verdict"], conditions, "llm", tuple(context[:2]), kind=asked.kind,
                        confidence=0.5)
    return apply_file(resolved, asked, decision)


def passage_effects(passage: FilePassage, names: list[str]) -> dict[str, str]:
    """What one added or changed passage does, topic by topic (for explain's list of additions)."""
    found: dict[str, str] = {}
    for sentence in _sentences(passage.text):
        for name in names:
            effect = _effect(sentence, name, ())
            if effect and name not in found:
                found[name] = effect
    return found
