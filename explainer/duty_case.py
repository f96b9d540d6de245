"""The case a question describes, read against the trigger of a license's duties.

A duty that comes with sharing, selling or offering the work ("when you distribute it, include a copy of this
license"; "display 'Built with Llama' on a product you make available") does not arise in a case that keeps the
work to oneself ("on my own pc, nobody else touches it"; "we only use it inside our company"; "nothing is given to
anyone"). The case is read two ways: by the question's own words (the understanding's triggers and private cues,
the patterns below) and by meaning, each clause of the question compared with short descriptions of a kept case
and of an outward one (corpus/duty_case.yaml, MiniLM sentence embeddings); a clause that denies an outward case
reads as a kept one only when it leaves no one outside ("nothing is given to anyone"; not "we don't ship weights"
beside an API). The reading is guarded by the question's structure: a clause naming the asker's own product is no
end user's; words that pass copies on keep nothing; a model sold is read from the selling verb's object (a LoRA, not
a book with AI art); the duties of passing copies on answer a question only when it asks openly what holds ("any
strings attached?"), not one naming its own action. `decide` calls the stages here; it keeps no case reading of
its own.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

import numpy as np
import yaml

from . import cards, config, embeddings, understand, uses, yamlio
from .errors import StorageError
from .quotes import unique
from .understand import Asked

# -- by meaning: kept to oneself, or passed on to others ---------------------------------------------------------
SIDES = ("kept", "end_user", "copies", "offered", "outputs", "neutral")  # corpus/duty_case.yaml (neutral: no case named)
INWARD = frozenset({"kept", "end_user"})
OUTWARD_SIDES = frozenset({"copies", "offered", "outputs"})  # cases in which nothing of the work goes out from the one asking
SIDE_MIN_SIMILARITY = 0.45  # a clause this near a side's description describes that case
DENIED_MIN_SIMILARITY = 0.30  # a denying clause this near an outward side says the work does not go out
SIDE_MARGIN = 0.05  # ... a clause must be this much nearer to its side than to every other side


@lru_cache(maxsize=2)
def _load(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            return yamlio.load(handle)
    except (OSError, yaml.YAMLError) as exc:
        raise StorageError(f"cannot read the duty-case descriptions {path}: {exc}") from exc


def _data() -> dict:
    return _load(str(config.corpus_dir() / "duty_case.yaml"))


def descriptions() -> tuple[tuple[str, str], ...]:
    """(side, description) for every description of corpus/duty_case.yaml."""
    try:
        return tuple((side, str(text)) for side in SIDES for text in _data()[side])
    except (KeyError, TypeError) as exc:
        raise StorageError(f"the duty-case descriptions lack a side: {exc}") from exc


@lru_cache(maxsize=8)
def _pattern(name: str) -> re.Pattern:
    try:
        return re.compile(_data()["patterns"][name])
    except (KeyError, TypeError, re.error) as exc:
        raise StorageError(f"the duty-case pattern {name!r} is missing or invalid: {exc}") from exc


def denies_everyone(clause: str) -> bool:
    """A denial that leaves no one outside ("nothing is given to anyone", "nobody else touches it"), not one that
    names a single surface ("we don't ship weights", beside an API we do offer): only the first keeps the work."""
    return bool(_pattern("universal_denial").search(clause))


def names_own_product(clause: str) -> bool:
    """The clause makes the asker the maker of the product ("our mobile app", "we built a bot on it"): its users
    are the asker's end users, the asker is not one."""
    return bool(_pattern("own_product").search(clause))


def side_similarities(text: str) -> list[tuple[str, dict[str, float], bool]]:
    """For each clause of the text: (clause, its nearest similarity per side, whether it denies: a denied outward case or
    a denied sentence that reads as keeping ("nothing is handed out to anybody") is a kept case). Empty without
    embeddings."""
    known = descriptions()
    vectors = embeddings.cached_vectors(tuple(text for _, text in known), "duty-case-descriptions")
    pieces = clauses(text)
    if vectors is None or not pieces:
        return []
    sims = np.asarray(embeddings.embedder()(pieces), dtype=np.float32) @ vectors.T
    sides = np.asarray([side for side, _ in known])
    return [(piece, {side: float(row[sides == side].max()) for side in SIDES}, bool(uses.NEGATED_PASSAGE.search(piece)))
            for piece, row in zip(pieces, sims)]


VERSION_DOT = re.compile(r"(?<=\d)\.(?=\d)")  # "llama 3.1", "sd3.5": a version's dot ends no clause


def clauses(text: str) -> list[str]:
    """Each sentence of the text and each clause of it (uses.py's breaks), not the phrases cut at prepositions: a
    case is told by a clause ("only our staff use it"); a phrase alone ("on our office server") reads near any side."""
    pieces: list[str] = []
    for sentence in uses.SENTENCE_BREAKS.split(VERSION_DOT.sub("-", text)):
        for piece in (sentence, *uses.CLAUSE_BREAKS.split(sentence)):
            piece = piece.strip()
            if len(piece.split()) >= uses.MIN_CLAUSE_WORDS and piece not in pieces:
                pieces.append(piece)
    return pieces


@lru_cache(maxsize=512)
def sides_by_meaning(text: str) -> frozenset[str]:
    """The sides the text's case describes: a clause clearly nearest one side names it; a clause that denies an
    outward side ("nothing is given to anyone", "never shipped to customers") names `kept`."""
    if len(text) > uses.MAX_TEXT_CHARS:
        return frozenset()
    found: set[str] = set()
    own_product = names_own_product(text)  # "my app uses it … in the app?": no clause of it is an end user's case
    for piece, near, denied in side_similarities(text):
        best = max(near, key=near.get)
        clear = near[best] - max(value for side, value in near.items() if side != best) >= SIDE_MARGIN
        if denied:
            if denies_everyone(piece) and best in OUTWARD_SIDES | {"kept"} and near[best] >= DENIED_MIN_SIMILARITY:
                found.add("kept")
        elif near[best] >= SIDE_MIN_SIMILARITY and clear and not (best == "end_user" and own_product):
            found.add(best)
    return frozenset(found - {"neutral"})


def kept_by_meaning(text: str) -> bool:
    """The text's case keeps the work to oneself (or only uses someone else's product that carries it), and no
    clause it does not deny passes it on or offers it."""
    found = sides_by_meaning(text)
    return bool(found) and found <= INWARD


# people outside the asker's organisation, served by its product ("third-party developers call the model we host")
OUTSIDERS = re.compile(r"\b(?:customers?|clients?|the public|third[- ]part(?:y|ies)|developers|subscribers?|"
                       r"visitors?)\b(?: \w+){0,2} (?:call|use|access|query|hit|log in|chat|talk|reach)(?:s|es)?\b|"
                       r"\b(?:to|for|by) (?:our |my |the |outside |external )?(?:customers|clients|"
                       r"third[- ]part(?:y|ies)|developers|subscribers|the public|visitors)\b")
OUTWARD_TRIGGERS = frozenset({"copies"})  # the question's own words pass copies on: no reading keeps the work
# releasing or distributing a model, in any clause the question does not deny: copies go out
RELEASE_VERBS = r"releas\w*|distribut\w*|redistribut\w*|open[- ]sourc\w*"
RELEASES = re.compile(rf"\b({RELEASE_VERBS})\b")
# an act of passing the work on or putting it out, in any clause the question does not deny ("a model that i'm
# releasing publicly", "the launch blog post")
PASSES_ON = re.compile(rf"\b({RELEASE_VERBS}|publish\w*|upload\w*|publicly|launch\w*|go(es|ing)? live)\b")


def kept_case(asked: Asked) -> bool:
    """The question's case keeps the work (or only uses someone else's product) by meaning, and its words pass no
    copies on ("it goes up on Hugging Face soon" beside "it runs on phones")."""
    case = own_case(asked)
    undenied = DENIED.sub(" ", case)
    serves_outsiders = "service" in asked.triggers and bool(OUTSIDERS.search(undenied))
    return (not (OUTWARD_TRIGGERS & set(asked.triggers)) and not PASSES_ON.search(undenied) and not serves_outsiders
            and kept_by_meaning(case))


def copies_by_meaning(text: str) -> bool:
    """The text's case passes the files on (a LoRA sold on Patreon, a product that ships the model inside)."""
    return "copies" in sides_by_meaning(text)


# -- by the question's words ---------------------------------------------------------------------------------
# the question keeps the use to itself: in-house, at home, on its own machines, nothing shared
IN_HOUSE = re.compile(r"\b(internal(ly)?|in-house|on-?prem\w*|at home|for (myself|ourselves|personal use)|to myself|"
                      r"(our|my) own (servers?|machines?|laptops?|computers?|pcs?|gpus?|hardware|infrastructure)|"
                      r"private(ly)?|personal(ly)?|(nothing|never|not) (shared|shipped|distributed|published)|"
                      r"not shar\w+ with anyone|(inside|within) (the|our|my) (company|organi[sz]ation|team|firm|lab)|"
                      r"to (ourselves|myself))\b")
# ... and names no one outside it who gets the model or uses it (spans the question denies are left out first)
OUTWARD = re.compile(r"\b(customers?|clients?|public(ly)?|the world|anyone|everyone|visitors?|subscribers?|sell\w*|"
                     r"distribut\w*|redistribut\w*|shar(e|es|ing)|publish\w*|upload\w*|hugging ?face|github|"
                     r"partners?|third part(y|ies)|users|students|learners|attendees|participants|patients)\b")
DENIED = re.compile(r"\b(nothing|never|not|nobody|no one|none|don'?t|do not|won'?t|will not|without)\b[^.,;!?(]{0,50}")
NO_COPIES = re.compile(r"\b(nobody|no one|never)\b.{0,30}\b(gets?|receives?|downloads?|sees?|share|distribute|give)\b|"
                       r"\b(serv\w*|host\w*|run\w*) .{0,30}\b(through|via|behind|over|from|on) (my|our|an?|the) "
                       r"(own )?(api|endpoint|server|backend)\b|"
                       r"\b(not|never|don't|do not|won't|without) (shar|distribut|releas|giv|ship|send|upload)\w*|"
                       r"\bno (weights|code|model|files|copies|binaries)\b.{0,30}\b(shipped|shared|distributed|given|"
                       r"sent|leave|leaves|leaving|released|handed|passed|go(es)? out)\b|"
                       # "a hosted-only endpoint", "api-only": a service and nothing else
                       r"\b(hosted|api|server|cloud|endpoint|saas)[- ]only\b")
INTERNAL = re.compile(r"\b(only|just) (serve|host|run|use|offer)\b|\binternal(ly)?\b|\bin-house\b")  # weak: a
# copies trigger in the same question wins over it ("our internal codebase … open-release the weights")
SERVICE_WORDS = re.compile(r"\b(services?|make (it |them )?available|public|interact\w*|interface|host\w*|offer\w*|"
                           r"network|users)\b", re.I)
ONLY_WHEN_SHARED = re.compile(r"^(only )?(when|if) you (share|distribute|redistribute|convey|give|pass on|publish)|"
                              r"^only when you (share|distribute|redistribute)", re.I)
# the case a question supposes ("if I sue a contributor claiming …", "once we …"): up to the end of its clause
SUPPOSED_CASE = re.compile(r"\b(?:if|when|once|after|should|say|suppose|supposing|imagine|assuming) "
                           r"(?:i|we|you|they|someone|my \w+|our \w+)\b[^?,;]*")
WORD = re.compile(r"[a-z]{4,}")
GENERIC = frozenset("model models license licence licensed using have need must does make want with your this that "
                    "they them what when will would should could about there their other people also only just "
                    "into from some anything something really actually still".split())
SHARED_STEMS = 2  # content words a case must share with a condition to be the case it names


def stems(text: str) -> set[str]:
    return {w[:5] for w in WORD.findall(text.lower()) if w not in GENERIC}


def case_meets(conditions: str, asked: Asked) -> bool:
    """The question supposes the case a condition names: its "if …" clause shares at least SHARED_STEMS
    content words with the conditions (a fact that holds "only if you start patent litigation claiming
    infringement", asked "if I sue claiming the software infringes my patent, do I lose …?")."""
    said = stems(conditions)
    return any(len(stems(case.group(0)) & said) >= SHARED_STEMS
               for case in SUPPOSED_CASE.finditer(understand.fold(asked.question)))


def own_case(asked: Asked) -> str:
    """The question's case, folded, without the duty an obligation question asks about ("do we have to publish our
    version?" does not publish it); its denials are kept, for the reading by meaning."""
    question = understand.fold(asked.question)
    if asked.kind == "obligation":
        question = understand.without_asked_duty(question, understand.fold(asked.asking))
    return question


def stays_in_house(asked: Asked) -> bool:
    """The question says its use stays in-house ("our own servers, purely internal, nothing shipped to customers";
    "at home, nothing shared") and names no one outside who gets or uses the model."""
    if understand.says_private(asked):
        return True
    question = understand.fold(asked.question)
    return bool(IN_HOUSE.search(question)) and not OUTWARD.search(DENIED.sub(" ", question))


# words of files handed over, which a service alone never does: "shipping a library inside our binary"
HANDS_COPIES = re.compile(r"\b(ship\w*|bundl\w*|compil\w*|embed\w*|binar(y|ies)|install\w*|downloads?|cop(y|ies)|"
                          r"distribut\w*|redistribut\w*|upload\w*|releas\w*|shar(e|es|ed|ing)|publish\w*|convey\w*)\b")


# a service run from your side, not an app that may be handed out: "our hosted API", "behind our own servers"
HOSTED = re.compile(r"\b(host\w*|apis?|servers?|saas|web ?(site|app|service)s?|online|endpoints?|cloud|remote\w*|"
                    r"over the (network|internet)|behind)\b")


def releases_copies(asked: Asked) -> bool:
    """The case releases or distributes the work in a clause it does not deny ("a model that i'm releasing
    publicly"), apart from the duty an obligation question asks about."""
    return bool(RELEASES.search(DENIED.sub(" ", own_case(asked))))


def _serves_only(asked: Asked) -> bool:
    """The case, apart from the duty asked about ("do I need to ship a NOTICE file?" ships nothing), is a service
    and hands out no copies: "for my hosted API (weights never leave my servers)"."""
    case = own_case(asked)
    return (asked.kind == "obligation" and set(understand.triggers_of(case)) == {"service"}
            and bool(HOSTED.search(case)) and not HANDS_COPIES.search(understand.undenied(case)))


def _undenied_surfaces(text: str) -> set[str]:
    """The surfaces the text's words name, leaving out those it denies ("none of it is shared outside")."""
    return set(understand.triggers_of(DENIED.sub(" ", text)))


def duty_in_case(topic: str, asked: Asked, conditions: str, case_surfaces: set[str],
                 plain_question: bool) -> tuple[str, str]:
    """A duty that applies only in some cases (sharing copies, running a service, publishing outputs), for a
    question that says which case it is in. This license's conditions narrow the topic's surfaces: a duty that
    comes "only when you distribute" does not reach a hosted service. `case_surfaces` are the surfaces the
    question's case names; `plain_question` is the topic's own question (rights tables), which supposes the
    condition's case by construction."""
    surfaces = set(understand.duty_surfaces(topic))
    case_surfaces = case_surfaces | outward_surfaces(asked)  # "… and put it online": a case told by meaning
    if releases_copies(asked):  # "… my own model, which i'll release"
        case_surfaces = case_surfaces | {"copies"}
    # "our internal codebase", then "release the weights": the in-house words do not undo a case told outright
    in_house = stays_in_house(asked) and not _undenied_surfaces(understand.fold(asked.question)) & {"copies", "publish"}
    if understand.says_private(asked) or kept_case(asked) or in_house:
        return "no", "the duty comes with sharing, offering or publishing it, and your question says your use is private"
    first = re.split(r"(?<=[.;:])\s", conditions, maxsplit=1)[0]
    surfaces = _condition_surfaces(conditions) or surfaces
    question = asked.question.lower()
    no_copies = bool(NO_COPIES.search(question)) or (
        "copies" not in case_surfaces and bool(INTERNAL.search(question)))
    if surfaces == {"copies"} and _serves_only(asked):
        return "no", "the duty comes with copies you hand out, and your question runs the model as a service"
    if case_surfaces & surfaces and not (no_copies and surfaces == {"copies"}):
        if _further_case_open(conditions, asked):
            return "conditional", "the duty also depends on whether the work has the file you ask about"
        return "yes", "the duty applies in the case your question describes"
    if no_copies and surfaces == {"copies"}:
        return "no", "the duty applies only when you share copies, which your question says you do not"
    # "if I publicly use a derivative database …" under "only when you publicly use …"
    if not plain_question and case_meets(first, asked):
        return "yes", "the case your question supposes is the one the duty's condition names"
    return "conditional", ""


CASE_CLAUSE = re.compile(r"(?<=[.;])\s+(?=(?:only )?(?:when|if)\b)", re.I)  # "…; when you publish research, …"


def _condition_surfaces(conditions: str) -> set[str]:
    """The surfaces a card's conditions limit a duty to, one per clause that names its case ("When you distribute
    copies, keep the Notice file; when you publish research done with it, acknowledge it": copies and publish).
    Empty when the first clause names none: the topic's own surfaces then hold."""
    found: set[str] = set()
    for number, clause in enumerate(CASE_CLAUSE.split(conditions.strip())):
        scope = understand.duty_scope(clause.strip())
        if scope:
            found.add(scope)
        elif ONLY_WHEN_SHARED.search(clause) and not SERVICE_WORDS.search(
                DENIED.sub(" ", re.split(r"(?<=[.;:])\s", clause)[0])):  # "(not when you only offer a service)"
            found.add("copies")
        elif number == 0:
            return set()
    return found


# a duty's part that applies only if the work itself holds something: "if the work has a NOTICE file, pass it on"
FURTHER_CASE = re.compile(r"\bif the (?:work|model|original) (?:has|includes|contains) an? (?P<object>\S+ file)\b",
                          re.I)
# the question says the work holds it: "the repo ships a NOTICE file", "there's a notice file in the weights folder"
HOLDS = (r"\b(?:has|had|ships|shipped|includes|included|contains|came with|comes with|ships with)\b"
         r"(?: (?:a|an|its|the|their|own))? {object}\b"
         r"|\bthere(?:'s| is| was) (?:a |an )?{object}\b|\b{object} (?:in|inside|from) (?:the|their|its)\b"
         # "… a model that came with one"
         r"|\b{object}\b.{{0,80}}\b(?:that|which) (?:came|comes|ships|shipped) with one\b")


def _further_case_open(conditions: str, asked: Asked) -> bool:
    """"do i have to ship a NOTICE file?" under "only when you distribute … and if the work has a NOTICE file, pass
    it on": distributing is the case asked, but whether the work has that file is a second case the question leaves
    open (unless it says so: "the base model comes with a NOTICE file")."""
    match = FURTHER_CASE.search(conditions)
    if not match:
        return False
    question = understand.fold(asked.question)
    thing = re.escape(understand.fold(match.group("object")))
    return bool(re.search(rf"\b{thing}\b", question)) and not re.search(HOLDS.format(object=thing), question)


# -- the case's reading applied to a decision ----------------------------------------------------------------
END_USER_EXEMPT = ("use_restrictions", "prohibited_use")  # the use rules reach whoever uses the model


# the asker makes or offers the product ("i want to build an app on it"): not someone else's product
ASKER_BUILDS = re.compile(r"\b(i|we|i'm|we're|im|i am|we are|want|wanna|plan\w*|going|trying|hop(e|ing)|"
                          r"intend\w*|like)\b[^.?!]{0,30}\b(build|building|make|making|develop\w*|creat\w*|launch\w*|"
                          r"ship|shipping|deploy\w*|sell|selling|offer|offering)\b")


def uses_someone_elses_product(asked: Asked) -> bool:
    """The asker's case is only using a product someone else built ("just want to use a photo app that runs on
    llama 4 vision"): an end user, not whoever distributes the model or offers it."""
    said = understand.fold(asked.question)
    if OTHERS_PRODUCT.search(said) and not ASKER_BUILDS.search(said):  # "my bank's app has an assistant on it"
        return True
    return (bool(_pattern("product_named").search(said)) and not ASKER_BUILDS.search(said)
            and "end_user" in sides_by_meaning(own_case(asked)) and kept_case(asked))


# a product named as an organisation's the asker only uses: "my bank's app", "an assistant run by my employer"
OTHERS_PRODUCT = re.compile(r"\b(my|our) (bank|school|university|uni|phone|carrier|insurer|doctor|"
                            r"gym|city|council|government|provider|isp|telco|airline|hospital|pharmacy|"
                            r"supermarket|library)'s (\w+ )?(app|assistant|chatbot|bot|website|site|service|tool|"
                            r"platform|portal)\b|\b(app|assistant|chatbot|service|website|tool) (made|built|run|"
                            r"offered|provided|operated) by (my|our|someone|another|a) ")


def apply_end_user(asked: Asked, decision):
    """"I only use my friend's app that has SD3 built in: must I register / get an enterprise license?": the
    license's duties bind whoever distributes the model or offers it in a product; a question whose case is only
    using someone else's product owes none of them (the use rules still reach it)."""
    if (asked.kind != "obligation" or decision.verdict not in ("yes", "conditional")
            or decision.topic in END_USER_EXEMPT or not uses_someone_elses_product(asked)):
        return decision
    return replace(decision, verdict="no", notes=(
        *decision.notes, "the license's duties bind whoever distributes or offers the model; your question only "
                         "uses a product someone else built"))


# a grant limited in itself (not by what you do with copies): private use is still bound by it
GRANT_LIMIT = re.compile(r"\b(non-?commercial|research|evaluation|academic|approv\w+|written permission|"
                         r"regist\w+|apply for|request\w*)\b", re.I)
# a condition that comes with passing the work on or offering it (the reason an entry is conditional that an
# in-house use settles)
SHARING_CONDITION = re.compile(r"\b(distribut\w*|redistribut\w*|shar(e|es|ed|ing)|convey\w*|copies|"
                               r"display\w*|notices?|attribution|credit|offered to (third parties|others|customers))\b",
                               re.I)
PERSONAL = re.compile(r"\b(at home|for myself|to myself|my own|personal|hobby)\b")
PRIVATE_USE_TOPICS = ("model_commercial_use", "hosted_service_or_api", "redistribute_weights", "derivatives_allowed",
                      "use_restrictions", "share_alike")  # "may we keep our derivative database to ourselves?"


def apply_private_use(card: cards.Card, asked: Asked, decision, non_commercial: bool, commercial_intent: re.Pattern):
    """"We run it on our own servers purely for internal use: allowed?": a use allowed under conditions that all
    come with distributing it or offering it to others is allowed outright when the question does neither. Not
    when the grant itself is limited (non-commercial or research use only, an approval): a company's internal use
    is still a use the grant must cover; a personal use at home is not commercial. `non_commercial`: the license
    grants non-commercial use only; `commercial_intent`: words that make a use commercial."""
    question = understand.fold(asked.question)
    if (asked.kind == "permission" and decision.topic == understand.USE_TOPIC and decision.verdict == "no"
            and non_commercial and stays_in_house(asked) and PERSONAL.search(question)
            and not commercial_intent.search(question)):
        # "i use it at home to read my ebooks to myself. license fine?" on a non-commercial license: the use asked
        # is not commercial, and a non-commercial use is what the license grants
        return replace(decision, verdict="yes", notes=(
            *decision.notes, "your use is personal and stays with you: the license grants non-commercial use"))
    if (asked.kind != "permission" or decision.topic not in PRIVATE_USE_TOPICS or not stays_in_house(asked)
            or decision.verdict not in ("conditional", "not_addressed")
            or (decision.verdict == "not_addressed" and decision.topic != "use_restrictions")):
        return decision
    if non_commercial and not (PERSONAL.search(question) or understand.says_non_commercial(asked)):
        return decision
    if commercial_intent.search(question) and non_commercial:
        return decision
    if GRANT_LIMIT.search(decision.conditions) and not non_commercial:
        return decision
    if decision.verdict == "conditional" and not SHARING_CONDITION.search(decision.conditions):
        return decision  # conditional for another reason (a user cap, a use policy): not settled by keeping it in-house
    network = card.answer("network_source")
    if decision.topic == "share_alike" and network is not None and network.verdict in ("yes", "conditional"):
        return decision  # a network clause reaches users inside the house too (AGPL)
    return replace(decision, verdict="yes", notes=(
        *decision.notes, "your use stays in-house: the license's conditions come with sharing or offering it to others"))


SHARING_DUTIES = ("attribution_or_naming", "license_copy")  # duties that come with sharing copies
SHARING_CASE = re.compile(r"^(only )?(when|if|whenever) (you )?(shar|distribut|redistribut|convey|giv|pass|publish)", re.I)
# the same gate anywhere in an entry's conditions, for an entry whose verdict is a plain "yes": "… when you
# Distribute it, show …", "Adaptations you share must …"
SHARING_GATE = re.compile(r"\b(when|if|whenever|once) you (re)?(distribut|shar|publish|convey|giv|pass)\w*|"
                          r"\b\w+ you (re)?(distribut|shar|publish|convey)\w* (must|shall|need)\b", re.I)
COPIES_ENTRY = "redistribute_weights"  # the card's entry for passing copies on: its conditions are sharing's duties
CASE_DUTY_TOPICS = ("model_commercial_use", "derivatives_allowed")  # read "yes" for the use, whatever is shared
OUTPUTS_TOPIC = "outputs_commercial"  # "can I charge for it?" about a LoRA sold on Patreon sells the model, not outputs


def apply_case_duties(card: cards.Card, asked: Asked, decision, quotes_of, copies_presupposed: re.Pattern):
    """"We want to ship a CC BY model in our product: OK?" / "I share my LoRA free on Civitai: any strings
    attached?": a use allowed outright becomes `conditional` when the question's own case passes copies on (by its
    words or by meaning) and the license attaches duties to sharing (its sharing duties, or the conditions of its
    entry for passing copies on): allowed only under them. Not when the question takes the sharing as given and
    asks about something else (`copies_presupposed`: "may I charge for the copies I distribute?")."""
    question = understand.fold(asked.question)
    if (asked.kind != "permission" or decision.verdict != "yes" or decision.topic not in (*CASE_DUTY_TOPICS, OUTPUTS_TOPIC)
            or NO_COPIES.search(question) or copies_presupposed.search(question)):
        return decision
    sides = sides_by_meaning(question)
    if decision.topic == OUTPUTS_TOPIC and not ("copies" in sides and sells_model_files(question)):
        return decision
    open_question = asks_openly(asked)
    # copies read by meaning alone settle only a question that asks openly, or files sold (not "a product that uses it")
    if "copies" not in asked.triggers and not ("copies" in sides and (open_question or decision.topic == OUTPUTS_TOPIC)):
        return decision
    owed = _sharing_duty(card, open_question)
    if owed is None or (decision.topic not in CASE_DUTY_TOPICS and not open_question):
        return decision
    if decision.topic == OUTPUTS_TOPIC:  # the files are what is sold: the entry for passing copies on answers
        decision = replace(decision, topic=COPIES_ENTRY, conditions="", quotes=())
    return replace(decision, verdict="conditional", conditions=f"{decision.conditions} {owed.conditions}".strip(),
                   quotes=tuple(unique([*decision.quotes, *quotes_of(owed)])),
                   notes=(*decision.notes, "your question shares copies, which brings the license's duties for sharing"))


def _sharing_duty(card: cards.Card, open_question: bool):
    """The card's entry that says what sharing copies owes: a duty that comes "when you share", else (for a question
    that asks openly what holds) the conditions of its entry for passing copies on; None when sharing owes nothing."""
    duties = [card.answer(name) for name in SHARING_DUTIES]
    owed = next((d for d in duties if d is not None and d.verdict == "conditional" and SHARING_CASE.search(d.conditions)),
                None)
    copies = card.answer(COPIES_ENTRY)
    if owed is not None or not open_question:
        return owed
    return copies if copies is not None and copies.verdict == "conditional" else None


def asks_openly(asked: Asked) -> bool:
    """The asking sentence only points back at the case told before it ("any strings attached?", "is that OK?"):
    it asks what holds in that case, so the duties sharing brings are the answer. A question that names its own
    action ("can I merge it and sell the merge?") asks whether that action is allowed, not what it owes."""
    sentences = [s for s in (p.strip() for p in uses.SENTENCE_BREAKS.split(understand.fold(asked.question))) if s]
    if len(sentences) < 2:
        return False  # no case told before the asking sentence
    asking = sentences[-1]
    return understand.points_back(asking) or len(asking.split()) < understand.FOCUS_MIN_WORDS


def sells_model_files(question: str) -> bool:
    """The thing a selling verb takes is a model file (a LoRA, a checkpoint, a merge), named as its object or, for a
    pronoun ("i made a lora and sell it"), earlier in its sentence; selling books or prints made with the model
    sells outputs, not the model."""
    selling, artifact, pronoun = (_pattern(name) for name in ("selling", "model_file", "pronoun_object"))
    for sentence in uses.SENTENCE_BREAKS.split(VERSION_DOT.sub("-", question)):
        for sold in selling.finditer(sentence):
            obj = uses.CLAUSE_BREAKS.split(sentence[sold.end():])[0]
            if artifact.search(obj) or (pronoun.match(obj) and artifact.search(sentence[:sold.start()])):
                return True
    return False


# -- the part of the work a duty reaches, and the case a condition counts --------------------------------------
OFFERED_SURFACES = {"copies": "copies", "offered": "service"}  # a side read by meaning, as a duty's surface


def outward_surfaces(asked: Asked) -> set[str]:
    """The surfaces the question's own case names by meaning ("i trained a model on its outputs and put it online"
    passes it on): the outward sides its clauses clearly describe, none of them denied; empty for a kept case."""
    if kept_case(asked):
        return set()
    return {OFFERED_SURFACES[side] for side in sides_by_meaning(own_case(asked)) if side in OFFERED_SURFACES}


def carves_out_larger_work(conditions: str) -> bool:
    """The card's conditions leave the work around the licensed one free ("a larger work may use other terms";
    "programs using it may use other terms"): the duty reaches only the licensed part."""
    return bool(_pattern("carve_out").search(conditions))


def asks_whole_own_work(asked: Asked) -> bool:
    """The asking sentence puts the duty on the asker's whole work ("do i have to open source my whole app?",
    "must all my code be released?"), not on the licensed part inside it."""
    return bool(_pattern("whole_own_work").search(understand.fold(asked.asking)))


def counted_cases(conditions: str) -> list[str]:
    """The cases a card's conditions count as something its duties hang on ("a hosted service or API counts as
    Distribution"): the words before each "counts as", from the start of their clause."""
    return [found.group("case").strip() for found in _pattern("counted_case").finditer(conditions)]


def denies_reach(asked: Asked) -> bool:
    """A fact question stating that the license's rules or duties do not reach the asker ("so the distribution
    rules don't apply to me, right?")."""
    return asked.kind == "fact" and bool(_pattern("denied_reach").search(understand.fold(asked.asking)))


def backstory_surfaces(asked: Asked) -> set[str]:
    """The surfaces the question's case names before the statement that the rules do not reach it (its own words,
    denied spans left out): "we host it for customers and never ship it, | so the terms don't cover us"."""
    question = understand.fold(asked.question)
    denial = _pattern("denied_reach").search(question)
    story = question[:denial.start()] if denial else question
    return _undenied_surfaces(story)


def only_another_part(asked: Asked, conditions: str) -> bool:
    """The question limits its case to a part of the release that is not the model ("i'm only reusing the inference
    scripts"), and the duty's first sentence puts it on the model or what is made from it ("when you pass the model
    or a derivative to someone")."""
    first = re.split(r"(?<=[.;:])\s", conditions, maxsplit=1)[0]
    model_file = _pattern("model_file")
    if not model_file.search(first):
        return False
    own = own_case(asked)
    return any(not model_file.search(found.group("part")) for found in _pattern("only_part").finditer(own))


SCOPE_ENTRY = "share_alike"  # the card's entry that says which part of the work must stay under the license


def scope_conditions(card, decision) -> str:
    """The conditions that say how far the decided duty reaches: its own, and the card's entry for what must stay
    under the license (a duty to release code is read against the copyleft's own scope)."""
    entry = card.answer(SCOPE_ENTRY) if card is not None else None
    return f"{decision.conditions} {entry.conditions if entry is not None else ''}"


def apply_scope(asked: Asked, decision, card=None):
    """Two readings of how far a duty reaches. "Do I have to open source my whole app?" under a duty the card
    limits to the licensed files ("a larger work may use other terms"): `no`, the duty does not reach the whole.
    "I only serve it behind an API, so the distribution rules don't apply to me, right?" under conditions that
    count that very case as distribution ("a hosted service or API counts as Distribution"): `no`, the statement
    does not hold."""
    if (asked.kind == "obligation" and decision.verdict in ("yes", "conditional")
            and carves_out_larger_work(scope_conditions(card, decision)) and asks_whole_own_work(asked)):
        return replace(decision, verdict="no", notes=(
            *decision.notes, "the duty reaches only the licensed part; the larger work around it may use other terms"))
    if (asked.kind == "obligation" and decision.verdict in ("yes", "conditional")
            and only_another_part(asked, decision.conditions)):
        return replace(decision, verdict="no", notes=(
            *decision.notes, "the duty is put on the model and what is made from it; your question uses only another "
                             "part of what was released"))
    if decision.verdict in ("yes", "conditional") and denies_reach(asked):
        told = backstory_surfaces(asked)
        if any(set(understand.triggers_of(understand.fold(case))) & told for case in counted_cases(decision.conditions)):
            return replace(decision, verdict="no", notes=(
                *decision.notes, "the license counts the case your question describes as one its rules reach"))
    return decision
