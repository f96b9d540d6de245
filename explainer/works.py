"""Licensed works (data, code, fonts, photos) read for the situations their questions describe.

Two situations recur across writers and licenses, and the card's entries for the work alone answer them wrongly:

- **Results**: what is made with or from the work (a model trained on a dataset, a map image rendered from a
  database, "results") is not the work. The work's share-alike and license-copy duties do not reach it unless the
  text says so; what the text does say about results sits in the card's `output_attribution` entry (CDLA: "no
  obligations on Results"; ODbL: a source notice on a publicly used Produced Work). A question about a result is
  re-read against that entry, and a duty to license the result under the work's terms is answered `no`.
- **Closed distribution of copyleft code**: shipping a program closed-source (proprietary, binary only, no
  source) with the work inside. Strong copyleft (the whole combined work takes the license, source with binaries)
  forbids it; weak copyleft (linked or separate files keep their terms, but the work's own source still goes
  with binaries) allows it under conditions. Both are read from the card's `combined_work_license` and
  `source_with_binaries` entries, so any copyleft card answers it.
"""
from __future__ import annotations

import re
from dataclasses import replace

from . import cards, duty_case, policies, subject, understand
from .corpus import Corpus
from .quotes import unique
from .resolve import Resolved
from .understand import Asked

RESULTS_TOPIC = "output_attribution"  # the card entry that says what the text asks of results
# duties that carry the work's own license onto something: they reach results only where the text says so
LICENSE_CARRYING = ("share_alike", "license_copy", "combined_work_license", "restrictions_flow_down",
                    "source_with_binaries", "derivative_definition")
# duties to credit or mark: for a result, what the text asks of results answers them
CREDIT_DUTIES = ("notice_file", "attribution_or_naming", "built_with_display", "output_attribution")
# topics a question about results at large ("does it restrict what I do with the trained model?") may land on
GENERAL_TOPICS = ("use_restrictions", "policy_changes", "restrictions_flow_down", "license_copy",
                  "outputs_commercial", "model_commercial_use")
# something made from the work beyond what subject.MADE_WITH names: a trained model, a rendered image or tile
MADE_FROM = re.compile(r"\b(trained (model|weights)|(train|trains|trained|training|fit|fits|fitted) (\w+ ){0,3}on|"
                       r"(i|we) (train|trained)|"
                       r"(render\w*|dr[ae]w\w*|plot\w*|made|make|built|created?|produc\w*)"
                       r"\b[^.?]{0,40}\bfrom ((an?|the|our|my|this|that) )?([\w-]+ ){0,2}"
                       r"(data|database|dataset|db|corpus|corpora)s?\b|"
                       r"(map|chart|plot) (image|tiles?|picture)s?|tiles?\b)")
# the question names an adaptation of the work itself, which its license still covers (not a result made with it)
ADAPTATION_NAMED = re.compile(r"\b(derivative (database|dataset|work|version)s?|adapted (database|dataset|version)|"
                              r"modified (database|dataset|version|copy)|remix\w*)\b")
# the question asks to put the result itself under the work's license ("must I release the model under X?")
UNDER_LICENSE = re.compile(r"\b(under|licensed under|released? under|be) (the )?(cdla|odbl|gpl|cc|same|that|this|"
                           r"its|their)\b|\b(itself|too|also)\b.*\blicen[cs]ed?\b|\blicen[cs]ed? (under|as)\b")
# the situation a question states puts the work before the public (a duty "only when you publicly use" it holds)
PUBLIC_SITUATION = re.compile(r"\b(public(ly)?|publish\w*|web ?site|site|online|on the web|internet)\b")
PUBLIC_CASE = re.compile(r"\bpublic(ly)?\b", re.I)
# the situation denies handing out copies beyond what decide's in-house reading names
NO_HANDING_OUT = re.compile(r"\b(never|not|don'?t|do not|won'?t)\b[^.?]{0,20}\b(hand\w* out|ship\w*|convey\w*|"
                            r"distribut\w*|give\w* (it|them|the \w+) (out|away)|receiv\w*|download\w*)\b")
# a duty that also comes with running a service (AGPL): a hosted use does not escape it
SERVICE_CASE = re.compile(r"\b(network|service|remote|server|over a network|api)\b", re.I)
# the question keeps the source closed while shipping
CLOSED = re.compile(r"\b(closed[- ]source|proprietary|binar(y|ies)[- ]only|only (the )?binar(y|ies)|"
                    r"without (the |any )?source|no source( code)?|not (release|publish|share|open)\w* (the |our |my )?"
                    r"(own )?source|keep\w* (the |our |my )?(own )?(source|code)( code)? "
                    r"(private|closed|secret|to (myself|ourselves)))\b")


def decide(resolved: Resolved, card: cards.Card, asked: Asked, corpus: Corpus):
    """The decision for a situation this module reads (a result, a closed-source shipment, a fee for copies), or
    None."""
    return (_closed_distribution(card, asked, corpus) or _fee_for_the_work(resolved, card, asked, corpus)
            or _result_free(resolved, card, asked, corpus) or _result_licensed(resolved, card, asked, corpus)
            or _stated_situation(resolved, card, asked, corpus)
            or _work_before_the_public(resolved, card, asked, corpus) or _credit_case(card, asked, corpus)
            or _adaptation_relicensed(resolved, card, asked, corpus) or _duty_skipped_in_house(resolved, card, asked, corpus)
            or _without_a_duty(card, asked, corpus) or _any_purpose(card, asked, corpus)
            or _automatically(resolved, card, asked, corpus))


# the question asks whether something holds with no condition at all ("does that automatically let me …?")
UNCONDITIONALLY = re.compile(r"\b(automatic(ally)?|by default|unconditional(ly)?|no matter what)\b")


def _automatically(resolved: Resolved, card: cards.Card, asked: Asked, corpus: Corpus):
    """"GPL-2.0 code: does that automatically let me use it under GPLv3?": a question whether the work's terms give
    something with no condition is answered no when the card's entry gives it only under conditions ("or any
    later version")."""
    if asked.kind not in ("permission", "fact") or resolved.model or asked.topic is None \
            or not UNCONDITIONALLY.search(understand.fold(asked.asking)):
        return None
    entry = card.answer(asked.topic)
    if entry is None or entry.verdict != "conditional" or not entry.anchors:
        return None
    from . import decide as decide_module
    return decide_module.Decision(asked.topic, "no", entry.conditions, "card", decide_module._quotes(entry, corpus),
                                  ("not without conditions: the license gives it only in the case its conditions name",),
                                  kind=asked.kind, origin=card.key)


RESTRICTIONS_TOPIC = "use_restrictions"


def _act_limited(card: cards.Card, asked: Asked, duty: str) -> bool:
    """The act itself, apart from what it would do without, is refused or limited by its own entry ("use their
    name in ads without asking" under BSD's endorsement clause)."""
    own = card.answer(asked.topic) if asked.topic and asked.topic != duty else None
    return own is not None and own.verdict in ("no", "conditional")


# the question asks about use at large ("any purpose", "whatever I want"), not one use
USE_AT_LARGE = re.compile(r"\b(any|every|all|whatever) (\w+ )?(purposes?|uses?|ways?)\b|"
                          r"\b(anything|whatever) (i|we|you) (like|want|wish)\b")


def _any_purpose(card: cards.Card, asked: Asked, corpus: Corpus):
    """"Phi-3 is under MIT, so I can use it for literally any purpose?": a permission about use at large, naming no
    use, under a text that lists no restricted use (its restrictions entry is silent, with no cases and no outside
    policy) and grants every use outright (its commercial entry is an unconditional yes) is allowed, quoting that
    grant. A text with a list, a policy or a limited grant is left to its entries."""
    restrictions, grant = card.answer(RESTRICTIONS_TOPIC), card.answer(COMMERCIAL_TOPIC)
    if (asked.kind != "permission" or asked.topic != RESTRICTIONS_TOPIC or getattr(asked, "uses", ())
            or not USE_AT_LARGE.search(understand.fold(asked.asking))
            or restrictions is None or restrictions.verdict != "not_addressed" or restrictions.items
            or restrictions.exceptions or restrictions.policy_elsewhere
            or grant is None or grant.verdict != "yes" or not grant.anchors):
        return None
    from . import decide as decide_module
    return decide_module.Decision(COMMERCIAL_TOPIC, "yes", f"{grant.conditions} {restrictions.conditions}".strip(),
                                  "card", decide_module._quotes(grant, corpus),
                                  ("the license grants every use and lists no restricted one",),
                                  kind=asked.kind, origin=card.key)


# what the permission asked does without ("without crediting anyone", "without including the license")
WITHOUT = re.compile(r"\bwithout ((any |a )?\w+ing\b[^.?,;]{0,40})")
DUTY_ASKED = "do i have to do this: {}?"  # the phrase restated as a duty question, for understand to route


def _without_a_duty(card: cards.Card, asked: Asked, corpus: Corpus):
    """"Can I reuse Unlicense code in my closed app without crediting anyone?": a permission to act without doing
    something is answered by the card's entry on that duty, found by routing the phrase as a duty question: a
    duty the text does not impose (no) allows it where the text grants every use outright (its commercial entry
    an unconditional yes), a duty it always imposes (yes) forbids it. A duty owed only in some case is left to
    the entries that read the case."""
    waived = WITHOUT.search(understand.fold(asked.asking)) if asked.kind == "permission" else None
    if waived is None or policies.listed_uses(card, asked.uses):
        return None  # "deepfakes of a celebrity without asking them": the use the restriction list names decides
    if asked.topic and policies.exception_met(card.answer(asked.topic), asked.question) is not None:
        return None  # the text's own carve-out for the case told ("for testing, without a subscription") decides
    duty = understand.understand(DUTY_ASKED.format(waived.group(1).strip())).topic
    entry = card.answer(duty) if duty and understand.topic_kind(duty) == "obligation" else None
    grant = card.answer(COMMERCIAL_TOPIC)
    if entry is None or entry.verdict not in ("yes", "no") or (entry.verdict == "yes" and not entry.anchors):
        return None
    if entry.verdict == "no" and (grant is None or grant.verdict != "yes" or _act_limited(card, asked, duty)):
        return None  # skipping a duty the text lacks allows the act only where the text grants it outright
    from . import decide as decide_module
    verdict = "yes" if entry.verdict == "no" else "no"
    note = ("the license does not impose what you would do without" if verdict == "yes"
            else "the license requires what you would do without")
    return decide_module.Decision(duty, verdict, entry.conditions, "card", decide_module._quotes(entry, corpus),
                                  (note,), kind=asked.kind, origin=card.key)


# the ask names another license for the adaptation ("license the new db under cc-by"), not the work's own terms
OTHER_LICENSE = re.compile(r"\blicen[cs]\w*\b[^.?]{0,40}\b(under|as)\s+(?!(the )?(same|this|that|its|their)\b)([\w.-]+)")
# the situation hands the adaptation out or offers it to the public (the case a share-alike duty comes with)
SHARED_SITUATION = re.compile(r"\b(public(ly)?|publish\w*|shar(e|es|ed|ing)|distribut\w*|redistribut\w*|releas\w*|"
                              r"upload\w*|(re-?)?host\w*|online|web ?site)\b")


def _adaptation_relicensed(resolved: Resolved, card: cards.Card, asked: Asked, corpus: Corpus):
    """"We merged an ODbL database with our records and publish it: can we license the new db under CC BY?": a
    share-alike duty binds an adaptation that is shared to the work's own terms, so putting it under another
    license is not allowed in the case the duty holds (always, or the sharing the question states)."""
    entry = card.answer(SHARE_ALIKE_TOPIC)
    if asked.kind != "permission" or asked.topic not in (SHARE_ALIKE_TOPIC, "relicense", "sublicensing") \
            or entry is None or entry.verdict not in ("yes", "conditional"):
        return None
    named = OTHER_LICENSE.search(understand.fold(asked.asking))
    if named is None or named.group(4).split("-")[0] in card.key.lower():
        return None
    from . import decide as decide_module
    if entry.verdict == "conditional" and (duty_case.stays_in_house(asked)
                                           or not SHARED_SITUATION.search(understand.fold(asked.question))):
        return None
    return decide_module.Decision(SHARE_ALIKE_TOPIC, "no", entry.conditions, "card",
                                  decide_module._quotes(entry, corpus),
                                  ("a shared adaptation must keep the work's own license (share-alike)",),
                                  kind=asked.kind, origin=card.key)


def _duty_skipped_in_house(resolved: Resolved, card: cards.Card, asked: Asked, corpus: Corpus):
    """"We modified a GPL server and run it only internally: can we keep our changes private?": a permission to do
    without a duty that comes only with sharing the work (the card's own condition says so) is granted when the
    question keeps the work in-house. A duty that also comes with offering a service (AGPL) is not escaped so."""
    entry = card.answer(asked.topic)
    if asked.kind != "permission" or understand.topic_kind(asked.topic) != "obligation" or entry is None \
            or entry.verdict != "conditional":
        return None
    from . import decide as decide_module
    if not duty_case.SHARING_CASE.search(entry.conditions.strip()) or SERVICE_CASE.search(entry.conditions) \
            or not duty_case.stays_in_house(asked):
        return None
    return decide_module.Decision(asked.topic, "yes", entry.conditions, "card", decide_module._quotes(entry, corpus),
                                  ("the duty comes only with sharing the work, which your question says you do not",),
                                  kind=asked.kind, origin=card.key)


SHARE_ALIKE_TOPIC = "share_alike"
# topics a question asking an adaptation's own license lands on by its words ("say it is under this license", "adapt")
LICENSE_NAMING_TOPICS = ("license_copy", "derivatives_allowed")
# the question asks that the adaptation itself carry the terms ("does my remix have to be nc-sa too?")
SAME_TERMS = re.compile(r"\b(be|stay|remain|carry|keep|use|under)\b[^?.]{0,25}\b(too|as well|also|same (license|licen[cs]e|terms))\b")
# what the question names is an adaptation of the work
ADAPTATION = re.compile(r"\b(remix\w*|adapt\w*|derivative\w*|modified|modif\w+ (version|copy)|translation\w*|"
                        r"edited (version|copy)|fine-?tun\w*|mash-?up\w*)\b")


def _asks_adaptation_license(card: cards.Card, asked: Asked) -> bool:
    """"If I publish a remix of a BY-NC-SA dataset, does my remix have to be NC-SA too?": a duty question asking
    whether an adaptation must itself carry the work's license is the share-alike entry, whatever words routed it
    to the duty to include the license."""
    entry = card.answer(SHARE_ALIKE_TOPIC)
    if asked.kind != "obligation" or asked.topic not in LICENSE_NAMING_TOPICS or entry is None \
            or entry.verdict == "not_addressed":
        return False
    said, asking = understand.fold(asked.question), understand.fold(asked.asking)
    return bool(ADAPTATION.search(said) and (SAME_TERMS.search(asking) or UNDER_LICENSE.search(asking)))


def reread(resolved: Resolved, card: cards.Card, asked: Asked, corpus: Corpus) -> Asked:
    """A question about a result's credit, or about results at large, re-read as the card's results entry; a
    question asking an adaptation's own license, as the share-alike entry."""
    if _asks_adaptation_license(card, asked):
        return replace(asked, topics=(SHARE_ALIKE_TOPIC, *(t for t in asked.topics if t != SHARE_ALIKE_TOPIC)))
    if asked.topic in CREDIT_DUTIES + GENERAL_TOPICS and about_result(resolved, card, asked, corpus):
        if asked.topic in GENERAL_TOPICS and asked.kind == "permission":
            return asked  # "may I sell the trained model?" is a right, answered by the card's own entry
        return replace(asked, topics=(RESULTS_TOPIC, *(t for t in asked.topics if t != RESULTS_TOPIC)))
    return asked


COPIES_TOPIC = "redistribute_weights"  # for a work license: passing the work itself on
TRAINING_NAMED = re.compile(r"\b(train\w*|fine-?tun\w*|finetun\w*|distill\w*|models?|llms?|learn\w*)\b")
WORK_SHARED = re.compile(r"\b(publish\w*|shar(e|es|ed|ing)|pass\w* [^.?!]{0,50}?\bon|hand\w* [^.?!]{0,50}?\b(on|over)|"
                         r"redistribut\w*|distribut\w*|upload\w*|re-?host\w*|mirror\w*|give (\w+ ){0,3}(to|away)|"
                         r"send\w*|post\w*)\b")


def work_shared(resolved: Resolved, asked: Asked, corpus: Corpus) -> Asked:
    """"Can we pass a dataset we received under the C-UDA on to a partner university?", read as training on outputs
    because it says "dataset": under a license for the work, with no training named, it asks about sharing the work
    itself (the card's entry for passing copies on)."""
    if (asked.topic != "train_other_models_on_outputs" or asked.kind != "permission" or resolved.model
            or not subject._covers_a_work(resolved, corpus)):
        return asked  # a duty asked of a shared adaptation ("must it be NC-SA as well?") is read as such
    said = understand.fold(asked.question)
    if not WORK_SHARED.search(said) or TRAINING_NAMED.search(said):
        return asked
    return replace(asked, topics=(COPIES_TOPIC, *(t for t in asked.topics if t != COPIES_TOPIC)))


def _results_entry(card: cards.Card) -> cards.RightAnswer | None:
    """The card's reading of what the text asks of results, when the text speaks of them (anchored)."""
    entry = card.answer(RESULTS_TOPIC)
    return entry if entry is not None and entry.verdict != "not_addressed" and entry.anchors else None


def about_result(resolved: Resolved, card: cards.Card, asked: Asked, corpus: Corpus) -> bool:
    """A work license whose text speaks of results, and a question about something made from the work."""
    if resolved.model or _results_entry(card) is None or not subject._covers_a_work(resolved, corpus):
        return False
    said = understand.fold(asked.question)
    if ADAPTATION_NAMED.search(said):  # "our derivative database built from odbl data" is the work adapted
        return False
    return bool(subject.MADE_WITH.search(said) or MADE_FROM.search(said))


def _result_licensed(resolved: Resolved, card: cards.Card, asked: Asked, corpus: Corpus):
    """"Must I release the model I trained under CDLA-Sharing?", "does my map image have to be under the ODbL?":
    the work's license travels with the work and its adaptations, not with what is made from it."""
    if not about_result(resolved, card, asked, corpus):
        return None
    said = understand.fold(asked.question)
    if asked.kind == "permission":
        return _result_license_chosen(card, asked, corpus)
    if asked.topic not in LICENSE_CARRYING and not UNDER_LICENSE.search(said):
        return None
    if asked.topic in CREDIT_DUTIES and not UNDER_LICENSE.search(said):
        return None
    from . import decide as decide_module
    entry = _results_entry(card)
    conditions = (f"What you make from the work is not the work: its license terms do not pass to it. "
                  f"{entry.conditions}").strip()
    return decide_module.Decision(asked.topic, "no", conditions, "card", decide_module._quotes(entry, corpus),
                                  ("the license's terms cover the work and its adaptations, not what is made "
                                   "from it",), kind=asked.kind, origin=card.key)


# the note of a result's permission: the work's own duties for sharing copies do not reach the result's copies
RESULT_FREE_NOTE = "the license's terms cover the work, not what you make from it"
# what may be done with a result (a model trained on the data): sell it, ship it, serve it
RESULT_PERMISSIONS = ("model_commercial_use", "redistribute_weights", "outputs_commercial", "hosted_service_or_api",
                      "derivatives_allowed")
# a text that puts nothing on results ("does not impose any restriction … with respect to … Results")
RESULTS_FREE = re.compile(r"\b(not impose any restrictions?|no restrictions?|no obligations?|carry no)\b.{0,80}"
                          r"\bResults?\b|"
                          r"\bResults?\b.{0,40}\b(carry no|unrestricted|no obligations?)\b", re.I)


def _result_free(resolved: Resolved, card: cards.Card, asked: Asked, corpus: Corpus):
    """"If we train a model on C-UDA data, may we sell that model?": what is made from the work is not the work, and
    a text that puts no restriction on results lets you do anything with it. The card's own entries for the work
    (the data only for computational use) do not reach it."""
    if asked.kind not in ("permission", "threshold") or asked.topic not in RESULT_PERMISSIONS:
        return None
    entry = _results_entry(card)
    if entry is None or entry.verdict != "no" or not RESULTS_FREE.search(" ".join((entry.conditions, *entry.anchors))):
        return None
    if not about_result(resolved, card, asked, corpus):
        return None
    from . import decide as decide_module
    conditions = (f"Yes: what you make from the work is not the work, and the license puts no restriction on it. "
                  f"{entry.conditions}")
    return decide_module.Decision(asked.topic, "yes", conditions, "card", decide_module._quotes(entry, corpus),
                                  (RESULT_FREE_NOTE,), kind=asked.kind, origin=card.key)


LICENSING = re.compile(r"\blicen[cs]\w*\b")  # the ask is about the license the result goes out under


def _result_license_chosen(card: cards.Card, asked: Asked, corpus: Corpus):
    """"Can we release the model we trained on the dataset under whatever license we want?": the work's terms do
    not reach what is made from it, so its maker picks the result's license; what the text asks of results (a
    notice on a publicly used produced work) stays as the condition."""
    if not LICENSING.search(understand.fold(asked.asking)):
        return None
    from . import decide as decide_module
    entry = _results_entry(card)
    verdict = "yes" if entry.verdict == "no" else "conditional"
    conditions = (f"What you make from the work is not the work: you choose its license. {entry.conditions}").strip()
    return decide_module.Decision(RESULTS_TOPIC, verdict, conditions, "card", decide_module._quotes(entry, corpus),
                                  ("the license's terms cover the work and its adaptations, not what is made "
                                   "from it",), kind=asked.kind, origin=card.key)


def _closed_distribution(card: cards.Card, asked: Asked, corpus: Corpus):
    """"Can I ship a GPL tool binary-only?", "Can our proprietary app link an LGPL library?": strong copyleft
    forbids keeping the combined work closed; weak copyleft allows it under the work's own source duties."""
    if asked.kind != "permission" or not CLOSED.search(understand.fold(asked.question)):
        return None
    combined, source = card.answer("combined_work_license"), card.answer("source_with_binaries")
    if combined is None or source is None or source.verdict not in ("yes", "conditional"):
        return None
    from . import decide as decide_module
    if combined.verdict == "yes":
        verdict, entry, note = "no", combined, "the whole work you ship must take this license, with its source"
    elif combined.verdict == "no":
        verdict, entry, note = "conditional", source, "your own code may stay closed, but the licensed part keeps its duties"
    else:
        return None
    conditions = f"{combined.conditions} {source.conditions}".strip()
    quotes = tuple(unique((*decide_module._quotes(combined, corpus), *decide_module._quotes(source, corpus))))
    return decide_module.Decision("combined_work_license", verdict, conditions, "card", quotes, (note,),
                                  kind=asked.kind, origin=card.key)


# the question asks about money for the work itself ("charge for copies", "ask a fee"); the license's own entry
# speaks of it with these words or of selling
FEE_ASKED = re.compile(r"\b(charg\w*|fees?|price\w*|money|paid|pay for)\b")
FEE_OR_SALE = re.compile(r"\b(charg\w*|fees?|price\w*|money|paid|pay for|sell\w*|sold)\b")
# the fee comes with keeping something back the license requires to go along (source, credit, the license)
WITHHOLDING = re.compile(r"\b(without|withhold\w*|instead of|no source)\b")
FEE_ASKING_KINDS = ("permission", "fact")


def _fee_for_the_work(resolved: Resolved, card: cards.Card, asked: Asked, corpus: Corpus):
    """"May I ask a fee when I hand over a copy of the GPL program?", "is it true I can charge for GPL software?",
    "gpl means I can't charge for copies, right?": a question about money for copies of the work itself, under a
    work license whose commercial entry itself speaks of charging or selling (GPL: "You may charge any price or no
    price for each copy"), is answered by that entry, wherever the words of the question routed it (a cap, the
    license copy, technical measures). A negated claim ("can't charge, right?") is answered for the claim; the
    duties of handing out copies stay in the conditions."""
    if asked.kind not in FEE_ASKING_KINDS or resolved.model or not subject._covers_a_work(resolved, corpus):
        return None
    said, asking = understand.fold(asked.question), understand.fold(asked.asking)
    commercial = card.answer("model_commercial_use")
    # "can I sell binaries?" asks for the sale itself, a distribution with its conditions; a fact ("is it true I
    # can sell GPL software?") asks only whether selling is allowed
    asks_fee = (FEE_OR_SALE if asked.kind == "fact" else FEE_ASKED).search(asking)
    if (commercial is None or commercial.verdict != "yes" or not asks_fee
            or not FEE_OR_SALE.search(" ".join((commercial.conditions, *commercial.anchors)).lower())
            or subject.MADE_WITH.search(said) or CLOSED.search(said) or WITHHOLDING.search(said)):
        return None
    from . import decide as decide_module
    claim = decide_module._claim(asked)
    denied = asked.kind != "fact" and claim and decide_module.NEGATION.search(decide_module._main_clause(claim))
    shared = card.answer("redistribute_weights")
    entries = (commercial,) if shared is None else (commercial, shared)
    return decide_module.Decision(
        "model_commercial_use", "no" if denied else "yes", " ".join(e.conditions for e in entries).strip(), "card",
        tuple(unique(q for e in entries for q in decide_module._quotes(e, corpus))),
        ("the license lets you charge for copies of the work; handing them out carries its own conditions",),
        kind=asked.kind, origin=card.key)


COMMERCIAL_TOPIC = "model_commercial_use"
SHARING_DUTIES = ("attribution_or_naming", "license_copy")  # duties a work license attaches to sharing it
# where a use of the work itself in a sold or shown product lands ("print it on t-shirts I sell" reads as adapting)
PUBLIC_USE_TOPICS = (COMMERCIAL_TOPIC, "derivatives_allowed")
# the work itself put before the public: sold, printed, shown in an ad or on a poster, published, displayed
BEFORE_THE_PUBLIC = re.compile(r"\b(sell\w*|sold|print\w*|posters?|ads?|adverts?|advertis\w*|campaigns?|billboards?|"
                               r"flyers?|brochures?|merch\w*|t-?shirts?|covers?|magazines?|books?|publish\w*|"
                               r"display\w*|exhibit\w*|broadcast\w*)\b")


def _work_before_the_public(resolved: Resolved, card: cards.Card, asked: Asked, corpus: Corpus):
    """"Can I use CC BY photos in a paid ad campaign?", "print and sell posters with a CC BY photo?": using a work
    commercially by putting it before the public (an ad, a poster, a print run, a sale) is sharing copies of it
    (CC 4.0: "Share means to provide material to the public by any means"), so the duties the license attaches to
    sharing (credit, the license) come with the commercial use: allowed only under them. A model used in a product
    is not this (its copies need not reach anyone), nor is a use kept in-house."""
    if asked.kind != "permission" or resolved.model or not subject._covers_a_work(resolved, corpus):
        return None
    said = understand.fold(asked.question)
    commercial = card.answer(COMMERCIAL_TOPIC)
    if (reread(resolved, card, asked, corpus).topic not in PUBLIC_USE_TOPICS or commercial is None
            or commercial.verdict != "yes" or subject.names_a_model(said) or subject.MADE_WITH.search(said)
            or not BEFORE_THE_PUBLIC.search(said)):
        return None
    from . import decide as decide_module
    if duty_case.stays_in_house(asked):
        return None
    owed = next((entry for entry in map(card.answer, SHARING_DUTIES) if entry is not None
                 and entry.verdict == "conditional" and duty_case.SHARING_CASE.search(entry.conditions)), None)
    if owed is None:
        return None
    return decide_module.Decision(
        COMMERCIAL_TOPIC, "conditional", f"{commercial.conditions} {owed.conditions}".strip(), "card",
        tuple(unique((*decide_module._quotes(commercial, corpus), *decide_module._quotes(owed, corpus)))),
        ("putting the work before the public is sharing it, which brings the license's duties for sharing",),
        kind=asked.kind, origin=card.key)


CREDIT_TOPIC = "attribution_or_naming"
CASE_KINDS = ("obligation", "fact")  # permissions meet an entry's exceptions in policies.apply_right_exception
# an exception that owes removing the credit, asked as a duty to keep crediting ("must I still credit them if they
# ask me not to?"): the duty asked is the removal's opposite
REMOVING = re.compile(r"\b(remov\w*|tak\w* (\w+ ){0,3}(out|off|down)|delet\w*|drop\w*|strip\w*|omit\w*)\b")
KEEPING = re.compile(r"\b(keep\w*|credit\w*|attribut\w*|nam(e|ing)|mention\w*)\b")
OPPOSITE = {"yes": "no", "no": "yes"}
# chosen on the dev suites' credit questions: the link and removal cases score 0.67-0.81, plain credit duties
# ("do I have to credit meta when I share my fine-tune?") at most 0.55
CREDIT_CASE_SIMILARITY = 0.6
CREDIT_CASE_MARGIN = 0.1


def _credit_case(card: cards.Card, asked: Asked, corpus: Corpus):
    """"Is a link to a credits page enough for CC BY credit?", "the author asked me to take their name out of my
    credits: do I have to?": the credit entry's own exceptions (how credit may be given, the licensor's request to
    remove it) read by meaning for a duty or fact question, as policies reads them for a permission. The
    exception's verdict answers the question as asked: the link suffices, the removal is owed."""
    from . import decide as decide_module, policies
    entry = card.answer(CREDIT_TOPIC)
    if asked.kind not in CASE_KINDS or asked.topic != CREDIT_TOPIC or entry is None or not entry.exceptions:
        return None
    found = _credit_exception(entry, asked.question)
    if found is None:
        return None
    restated = policies.as_entry(entry, found)
    asking = understand.fold(asked.asking)
    kept = (REMOVING.search(found.conditions.lower()) and KEEPING.search(asking) and not REMOVING.search(asking))
    verdict = OPPOSITE.get(found.verdict, found.verdict) if kept else found.verdict
    return decide_module.Decision(CREDIT_TOPIC, verdict, found.conditions, "card",
                                  decide_module._quotes(restated, corpus),
                                  (policies.EXCEPTION_NOTE,),
                                  kind=asked.kind, origin=card.key)


def _credit_exception(entry: cards.RightAnswer, question: str):
    """The entry's exception whose case the question clearly describes: nearer than CREDIT_CASE_SIMILARITY and
    CREDIT_CASE_MARGIN nearer than the rule's own case. A duty question names the duty's words ("do I have to
    credit meta?") that every credit case shares, so the bar is higher than for a permission's carve-out."""
    met = [(near, exception) for exception, near, other in policies.case_nearness(entry.exceptions, question)
           if near >= CREDIT_CASE_SIMILARITY and near - other >= CREDIT_CASE_MARGIN]
    return max(met, key=lambda found: found[0])[1] if met else None


# a second case inside the duty beyond sharing ("and if the work has a NOTICE file, pass it on"): sharing alone
# does not settle it
FURTHER_CASE = re.compile(r"\b(if|unless|provided|as long as|where|whether)\b", re.I)
# a leading clause that supposes the case before the ask ("if i re-host the dataset on my bucket, do i have to …?")
SUPPOSED_CASE = re.compile(r"^(if|when|whenever|once|since) ([^,?;]+),")


def _situation(asked: Asked) -> str:
    """What the question states before it asks ("we only use it internally. do we have to …?", "if i re-host it,
    must i …?"), folded."""
    said, asking = understand.fold(asked.question), understand.fold(asked.asking)
    stated = said.replace(asking, " ").strip() if asking and asking in said else ""
    supposed = SUPPOSED_CASE.match(asking)
    return stated or (supposed.group(2).strip() if supposed else "")


def _stated_situation(resolved: Resolved, card: cards.Card, asked: Asked, corpus: Corpus):
    """A duty on a work that holds only in some case, for a question whose stated situation settles that case:
    "we only use the modified database internally" is not public use (no), "our public map site renders it"
    is (yes). The case is the card's own conditions; the situation is the question's statement, not its ask."""
    if asked.kind != "obligation" or resolved.model or not subject._covers_a_work(resolved, corpus):
        return None
    topic = reread(resolved, card, asked, corpus).topic
    entry, situation = card.answer(topic), _situation(asked)
    if entry is None or entry.verdict != "conditional" or not situation or understand.topic_kind(topic) != "obligation":
        return None
    from . import decide as decide_module
    first = re.split(r"(?<=[.;:])\s", entry.conditions.strip(), maxsplit=1)[0]
    kept_in = duty_case.stays_in_house(replace(asked, question=situation)) or NO_HANDING_OUT.search(situation)
    if kept_in and not SERVICE_CASE.search(entry.conditions):
        verdict, note = "no", "the duty comes with sharing or public use, and your situation keeps the work in-house"
    elif PUBLIC_CASE.search(first) and PUBLIC_SITUATION.search(situation) and not kept_in:
        verdict, note = "yes", "the duty comes with public use, which is the situation your question states"
    elif duty_case.SHARING_CASE.search(entry.conditions.strip()) \
            and SHARED_SITUATION.search(understand.undenied(situation)) \
            and not kept_in and not FURTHER_CASE.search(entry.conditions.strip()[3:]):
        verdict, note = "yes", "the duty comes with sharing the work, which is the situation your question states"
    else:
        return None
    return decide_module.Decision(topic, verdict, entry.conditions, "card", decide_module._quotes(entry, corpus),
                                  (note,), kind=asked.kind, origin=card.key)
