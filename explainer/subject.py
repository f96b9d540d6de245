"""Whose right a question is about: the licensed work itself, what is made with it, or the user.

A card's rights are written for a model; under a license for data, code or fonts its "model" rights are the
work's and its output rights are about what is made WITH the work. A question about ownership asks either
whether the licensor claims something or whether the user owns it: one is the other's opposite. This module
reads which one a question means; `decide` applies it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import understand, uses
from .corpus import Corpus
from .resolve import Resolved
from .understand import Asked

# the user named as the owner ("do I own what it writes?"): the opposite of the licensor's claim
USER_OWNS = re.compile(r"\b(do|does|will|would) (i|we|the user|users|my \w+|our \w+) "
                       r"(actually |really |still |even |fully |legally |then )?(own|get to keep|keep|hold|have)\b"
                       r"|\b(that|whether) (i|we) (actually |really |fully |legally )?(own|hold)\b"
                       r"|\b(is|are) (it|they|the \w+|these|those) (mine|ours|my property)\b|\bmine\b|\bours\b"
                       r"|\b(owned|held) by (me|us|myself|ourselves)\b|\bbelongs? to (me|us)\b"  # the passive voice
                       # a claim to confirm: "i own whatever it generates, right?"
                       # ... or opened by a belief: "i assume i own whatever exaone generates?"
                       r"|(^|[,;:]\s)\W*(so |and |but )?"
                       r"((i|we) (assume|guess|think|suppose|believe|figure|take it)( that)? |"
                       r"presumably |surely |obviously )?(i|we) (do |really |actually |fully |legally |then |still )?own\b")

# "Does Meta own / claim my fine-tune?": the licensor named as the owner (not "who owns it?", not "do I own it?")
LICENSOR_OWNS = re.compile(r"\b(does|do|will|would|could|can|did) (?!(i|we|you|my|our)\b)[\w.-]+( \w+)? "
                           r"((end|wind) up (owning|claiming|holding|with)|own|claim|get|take|acquire|retain|keep|"
                           r"hold)\b"
                           r"|\b(owned|claimed|held|retained) by (?!(me|us|you|myself|ourselves)\b)"  # the passive voice
                           r"|\bbelongs? to (?!(me|us|you)\b)"
                           # a claim to confirm: "meta automatically owns any finetune you make. true?"
                           r"|\b(?!(who|what|which|it|that|this|nobody|noone|everyone|one)\b)[a-z][\w.-]*"
                           r"( automatically| actually| really| then| still| legally| now)? (owns|claims)\b")


# -- paid making: someone pays you to run the model for them ------------------------------------------------------
# "my cousin wants me to make her menu pictures with flux dev, she'd pay me 50 bucks": the generating itself is the
# paid work, so the model is used for money (a non-commercial license forbids it) even where the license frees what
# the model outputs. Selling what you already made ("sell my prints") is the outputs' use, and stays with them.
# the asker bills its clients for what it makes ("we bill clients for product shots we render with it"): both made
# for someone and paid
BILLS_CLIENTS = r"\b(bill|bills|billing|invoic\w*|charg\w+) (the |our |my )?(clients?|customers?) for\b"
MAKING = (r"(make|making|do|doing|generate|generating|create|creating|design|designing|draw|drawing|render|rendering|"
          r"produce|producing)")
# made for someone: "make her menu pictures", "make menu pics for my cousin's bakery", "she asked me to draw …"
MADE_FOR_SOMEONE = re.compile(rf"\b{MAKING}\s+((her|his|their|a client's|clients'?|customers'?)\s|"
                              r"(\S+\s+){0,4}for\s+(my|a|an|our|her|his|their|some)\s)"
                              r"|\b(wants?|wanted|asked|asks|hired?|hiring|commission\w*|needs?|pays?|paid|paying|"
                              r"offer\w*)\s+"
                              r"(me|us)\s+(like\s+)?(\$?\d[\w.]*\s+(\w+\s+)?)?to\s+(make|do|generate|create|design|draw|"
                              r"render|produce|illustrate)\b"
                              r"|\bcommission(s|ed)?\b|\bclient work\b|" + BILLS_CLIENTS)
PAID_TO_ME = re.compile(r"\b(pay|pays|paid|paying)\s+(me|us)\b|\b(paid|paying)\s+(gig|job|work|commission|project)s?\b"
                        r"|\b(for|offer\w*\s+(me|us))\s+(\$|€|£)\d[\d,.]*\b"  # "for $50", "offered me €30"
                        r"|\boffer\w*\s+(me|us)\s+\d[\d,.]*\s*(bucks|dollars|euros|quid)\b"
                        r"|\bcommission(s|ed)?\b|\btake (the|this|that) (job|gig)\b|\bcharg\w+ (her|him|them)\b|"
                        + BILLS_CLIENTS)


# generating live, as the show of a channel that earns from it ("monetized stream, i turn viewer sketches into art
# live"): the model itself is at work for revenue, not only what it outputs
EARNING_CHANNEL = re.compile(r"\b(monetiz\w*|monetis\w*|ads|ad revenue|sponsor\w*|donations|subs|paid subscribers|"
                             r"patreon|memberships?)\b")
LIVE_MAKING = re.compile(r"\b(on stream|on-stream|livestream\w*|live-?stream\w*|live on (stream|air|twitch|youtube|"
                         r"camera)|(go|going|goes|went) live|during (the |my |our )?streams?|in real time)\b")


def paid_making(question: str) -> bool:
    """The question's case is generating for someone who pays you for it (a commission), or generating live on a
    channel that earns from it, not selling outputs."""
    text = understand.fold(question)
    return bool(MADE_FOR_SOMEONE.search(text) and PAID_TO_ME.search(text)
                or EARNING_CHANNEL.search(text) and LIVE_MAKING.search(text))


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
                       r"suggestions|text|images?|pictures?|art|audio|music|code)|completions?|predictions?|"
                       # what a tool makes from your input: "we transcribe podcasts with whisper"
                       r"(transcrib|translat|caption|subtitl|summari[sz])\w* (\S+ ){0,4}(with|using|through|via))\b")
# the question says the licensed work is a model ("sell images from a CC BY-NC model"): its outputs are outputs
MODEL_NAMED = re.compile(r"\b(models?|weights|checkpoints?|loras?|fine-?tunes?|finetunes?)\b")
# the question hands out copies of the work ("sell copies", "share it", "publish our version")
HANDS_OUT = re.compile(r"\b(cop(y|ies)|shar\w*|distribut\w*|redistribut\w*|publish\w*|upload\w*|releas\w*|"
                       r"convey\w*|hand\w* out|give (it|them) away)\b")


def names_a_model(said: str) -> bool:
    """The folded question names a model, by a word for one or by a known model's name ("designs made with hidream
    i1" under an MIT key): what it asks about is that model or what it makes, not a work the license covers."""
    return bool(MODEL_NAMED.search(said)) or uses.names_a_model(said)


def _covers_a_work(resolved: Resolved, corpus: Corpus) -> bool:
    """Whether the license is one for data, code, fonts or photos rather than for an AI model (the corpus's
    own kind of the license)."""
    entry = corpus.licenses.get(resolved.key)
    return entry is not None and getattr(entry, "kind", MODEL_WORK) != MODEL_WORK


# the question runs a model under the license to make things ("uses an Apache-2.0 model to help draft stories"): what
# it makes is a model's output, not the work itself
MODEL_RUN = re.compile(r"\b(use|uses|used|using|run|runs|running|with)\s+(an?|the|our|my|this|that)\s+([\w.-]+\s+){0,2}"
                       r"(model|llm|checkpoint)\b(?!\s+(trained|built|made|fine-?tuned)\b)")


def about_the_work(resolved: Resolved, asked: Asked, corpus: Corpus) -> Asked:
    """"Can we publish our version of the dataset?", "sell binaries of my modified GPL program?": under a license
    for a work (data, code, fonts), a question routed to what is made with the work but naming nothing made with
    it is about the work itself; it is re-read as the work's own right: the best of its candidates among the
    work's rights, else the output topic's counterpart. Selling or sharing copies of the work is sharing it."""
    topic = asked.topic
    output_like = topic in OUTPUT_TOPICS or (topic == SERVICE_TOPIC and _is_content(resolved, corpus))
    if (not output_like or resolved.model or not _covers_a_work(resolved, corpus)  # a model's outputs are outputs
            or MADE_WITH.search(understand.fold(asked.asking)) or names_a_model(understand.fold(asked.asking))
            or MODEL_RUN.search(understand.fold(asked.question))):
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


# -- the model itself, used inside a product, under a license for models -----------------------------------------
# "want to use aya expanse inside our paid translation app": a question routed to selling outputs that names no
# output, only the model as the engine of a product, asks about using the model commercially. What a model makes
# is named by a medium (images, text, voice-overs, assets …) or by a making verb ("what it writes", "the pictures
# I make"); a noun that only describes the product ("translation app", "'soundtrack for your video' app") is not.
OUTPUT_TOPIC = "outputs_commercial"
MODEL_USE_TOPIC = "model_commercial_use"
# a product, named by its head noun; the words right before it (up to a determiner) only describe it
PRODUCT_HEAD = r"(?:apps?|applications?|products?|services?|tools?|platforms?|websites?|sites?|saas|plugins?|bots?|" \
               r"engines?|features?|pipelines?|systems?|backends?|startups?|business(?:es)?|company|offerings?)"
DESCRIBER = r"(?!(?:a|an|the|our|my|their|your|its|this|that|in|into|inside|of|for|to|with|on|as|and|or)\b)[\w-]+"
PRODUCT_DESCRIPTION = re.compile(rf"'[^']*'|\"[^\"]*\"|\b(?:{DESCRIBER}\s+){{1,4}}(?={PRODUCT_HEAD}\b)")
# a medium a model makes: naming one asks about what it made
OUTPUT_MEDIUM = re.compile(
    r"\b(images?|pictures?|pics|photos?|art|artworks?|artwork|illustrations?|renders?|drawings?|paintings?|"
    r"texts?|essays?|articles?|posts?|stories|story|copy|scripts?|answers?|responses?|replies|translations?|"
    r"transcripts?|transcriptions?|captions?|summaries|music|songs?|tracks?|soundtracks?|audio|sounds?|voices?|"
    r"voice-?overs?|speech|narrations?|videos?|clips?|animations?|code|snippets?|content|assets?|meshes|sprites?|"
    r"textures?|designs?|logos?|creations?|stuff (it|they|i|we) (makes?|made|creates?|generates?))\b")
# the user or the model as the one making ("the pictures I make", "whatever it draws")
MADE_BY = re.compile(r"\b(i|we|you|users?|customers?|it|they)\s+(make|made|makes|create|created|creates|produce|"
                     r"produced|produces|render|rendered|draw|drew|write|wrote|writes|compose|composed|generate|"
                     r"generated|generates)\b"
                     # what a named model makes ("what Gemma 2 writes"), or the user using it to make something
                     # ("use SDXL to make book covers"): not money, sense or the model made available
                     r"|\bwhat\b[^.?!,]{0,30}\b(writes|wrote|makes|made|draws|drew|generates|generated|creates|"
                     r"created|produces|produced|says|said|outputs)\b"
                     r"|\bto (make|create|generate|produce|draw|write|render|design|paint|compose)\s+"
                     r"(?!(money|a profit|profit|sure|sense|it|them|this|that|available|use)\b)")


def names_an_output(question: str) -> bool:
    """Whether a model question names something the model makes (a medium, an output, a making verb), read
    without the words that only describe the product it is used in."""
    said = PRODUCT_DESCRIPTION.sub(" ", understand.fold(question))
    return bool(MADE_WITH.search(said) or OUTPUT_MEDIUM.search(said) or MADE_BY.search(said))


def about_the_model(resolved: Resolved, asked: Asked, corpus: Corpus) -> Asked:
    """Under a license for models, a question routed to selling outputs that names no output ("put aya expanse
    into our paid customer service product") is about the model's own commercial use: re-read as that right."""
    # a model asked about, a model license, or a model the question names by its name under a work license's key
    a_model = (bool(resolved.model) or not _covers_a_work(resolved, corpus)
               or uses.names_a_model(understand.fold(asked.question)))
    if asked.topic != OUTPUT_TOPIC or not a_model or names_an_output(asked.question):
        return asked
    return replace(asked, topics=(MODEL_USE_TOPIC, *(t for t in asked.topics if t != MODEL_USE_TOPIC)))


# -- another model taught with this one's outputs ----------------------------------------------------------------
TRAIN_OTHER_TOPIC = "train_other_models_on_outputs"
# the reading a fine-tune's words pull toward: making a derivative of the licensed model
DERIVATIVE_READINGS = ("derivatives_allowed",)
# what the licensed model makes, used as the data another model learns from
OUTPUTS_AS_DATA = re.compile(r"\b(outputs?|generat(ed|ing|ions?)|synthetic|spit(s|ting)? out|replies|responses|"
                             r"answers|completions|(q ?& ?a|question[- ]and[- ]answer|qa) pairs|"
                             r"(training|instruction) (data|pairs|set|examples))\b")


def _models_named(resolved: Resolved, question: str, corpus: Corpus) -> tuple[list, list]:
    """The models the question names: (those under the license asked about, the others)."""
    mine = set(resolved.license_keys)
    under, others = [], []
    for mention in corpus.find_models_in_text(question):
        (under if set(mention.license_keys) & mine else others).append(mention)
    return under, others


def other_model_named(resolved: Resolved, question: str, corpus: Corpus) -> str:
    """A model the question names that is not under the license asked about ("fine-tuning mistral on llama 2's
    replies" names Mistral beside Llama 2), or "" when it names none."""
    _, others = _models_named(resolved, question, corpus)
    return next((mention.model.name for mention in others if mention.model is not None), "")


def about_another_model(resolved: Resolved, asked: Asked, corpus: Corpus) -> Asked:
    """"fine-tuning mistral 7b on synthetic pairs llama 2 spits out, that's allowed?": the fine-tune's words read
    as a derivative of the licensed model, but the model trained is another one the question names, and what it
    learns from is this model's output. Re-read as training another model on the outputs, when that reading was
    among the candidates."""
    if (asked.kind != "permission" or asked.topic not in DERIVATIVE_READINGS
            or TRAIN_OTHER_TOPIC not in (*asked.topics, *(t for t, _ in asked.candidates))
            or not OUTPUTS_AS_DATA.search(understand.fold(asked.question))
            or not other_model_named(resolved, asked.question, corpus)):
        return asked
    return replace(asked, topics=(TRAIN_OTHER_TOPIC, *(t for t in asked.topics if t != TRAIN_OTHER_TOPIC)))


# the licensed model itself is what is trained: "fine-tuning llama 2 on …", "train llama 2 70b with …"
TRAINING_VERB = re.compile(r"\b(fine-?tun\w*|finetun\w*|train\w*|retrain\w*|tun(e|ing)|adapt\w*)\s+(my |our |the |a )?$")
# the model's own output named as the data: then the outputs clause decides, whatever model is trained
MODEL_OUTPUTS = re.compile(r"\b(outputs?|generated|generations?|spit(s|ting)? out|(it|the model) (made|makes|wrote|"
                           r"writes|produced|produces|created|creates|generates))\b")
ANOTHER_MODEL = re.compile(r"\b(another|other|different|new|competing|rival|separate|second|smaller|student|my own|our own)"
                           r" (\w+ )?(models?|llms?|chatbots?|bots?|networks?)\b")


def _trains(folded: str, mentions: list) -> bool:
    """A training verb stands right before one of the mentions ("fine-tuning llama 2 on …")."""
    for mention in mentions:
        at = folded.find(mention.matched.lower()) if mention.matched else -1
        if at > 0 and TRAINING_VERB.search(folded[:at]):
            return True
    return False


def about_the_model_trained(resolved: Resolved, asked: Asked, corpus: Corpus) -> Asked:
    """"fine-tuning llama 2 on the answers our support staff wrote, ok?": read near training on outputs, but the
    model trained is the licensed one, no other model is named and no output of the model is the data, so it asks
    for a derivative. Where the model's outputs are the data ("train flux dev on images it generated") the outputs
    clause decides, as the card reads it."""
    if asked.kind != "permission" or asked.topic != TRAIN_OTHER_TOPIC:
        return asked
    folded = understand.fold(asked.question)
    under, others = _models_named(resolved, asked.question, corpus)
    if (any(mention.model is not None for mention in others) or ANOTHER_MODEL.search(folded)
            or MODEL_OUTPUTS.search(folded) or not _trains(folded, under)):
        return asked
    first = DERIVATIVE_READINGS[0]
    return replace(asked, topics=(first, *(t for t in asked.topics if t != first)))


# -- commercial use asked, read near "is it non-commercial only?" -------------------------------------------------
NC_TOPIC = "non_commercial_only"
COMMERCIAL_ASKED = re.compile(r"(?<!non-)(?<!non )(?<!not )\bcommercial(ly)?\b|\bfor (profit|business)\b")


def about_commercial_use(asked: Asked) -> Asked:
    """"is juggernaut xl free for commercial use?": a permission read near "is the license non-commercial only?"
    asks whether commercial use is allowed, the opposite of that fact; re-read as the model's commercial use (a
    question about non-commercial use, "non-commercial is fine, right?", keeps its reading)."""
    if (asked.kind != "permission" or asked.topic != NC_TOPIC
            or not COMMERCIAL_ASKED.search(understand.fold(asked.asking))):
        return asked
    return replace(asked, topics=(MODEL_USE_TOPIC, *(t for t in asked.topics if t != MODEL_USE_TOPIC)))


def about_the_subject(resolved: Resolved, asked: Asked, corpus: Corpus) -> Asked:
    """Whose right the question is about: the work itself (a data or code license), the model itself (a model
    license), another model taught with its outputs, or what is made with it (kept)."""
    asked = about_commercial_use(about_the_work(resolved, asked, corpus))
    asked = about_the_model_trained(resolved, about_another_model(resolved, asked, corpus), corpus)
    return about_the_model(resolved, asked, corpus)


# -- who is asked to own: the user or the licensor ----------------------------------------------------------------
# A "does the licensor claim it?" entry answers "do I own it?" only through what the text says of the user: a text
# that gives the outputs to the user ("You own any outputs", "we assign to you") answers yes; one that only claims
# none leaves the user's ownership to the law (not_addressed); one that keeps them for itself answers no.
OWNERSHIP_TOPIC = "licensor_claims_outputs"
# the user named as the owner after "who owns …" ("who owns them, do i?", "… — me?")
USER_NAMED_OWNER = re.compile(r"\b(own\w*|belong\w*)\b.*(,|\?|:|\u2014|\s-)\s*(do (i|we)|is it (me|us)|(me|us)( or \w+)?|"
                              r"(\w+ or )?(me|us))\W*$"
                              r"|\b(i am|i'm|we are|we're|am i|are we) (really |actually |legally |then )?"
                              r"(the )?(sole |rightful |legal )?owners?\b")
# the text, in the card's words or anchors, gives the outputs to the user
GIVEN_TO_USER = re.compile(r"\byou own\b|\bowned by you\b|\bassigns? to you\b|\bbelongs? to you\b|\byours\b|"
                           r"\byou (retain|keep|hold) (all )?(rights|ownership|title)\b")
# a question about whether any claim exists at all ("does TII claim any ownership …"): silence answers it


def user_owns(asked: Asked) -> bool:
    """Whether the question asks if the user owns ("do I own …", "… do i?", "I am owner of them?")."""
    return bool(USER_OWNS.search(asked.asking) or USER_NAMED_OWNER.search(understand.fold(asked.question)))


def gives_to_user(entry) -> bool:
    """Whether the entry's conditions or verbatim anchors say the outputs are the user's."""
    said = " ".join([entry.conditions or "", *(getattr(entry, "anchors", None) or ())])
    return bool(GIVEN_TO_USER.search(understand.fold(said)))


def ownership_verdict(entry, asked: Asked) -> str:
    """The literal answer to an ownership question from the card's "does the licensor claim outputs?" entry:
    the user's ownership for a question naming the user as owner, else the licensor's claim. A text silent on
    outputs leaves both open, even asked "does it claim any rights at all?" (dev writers label it so, 2 to 1)."""
    verdict = entry.verdict
    if user_owns(asked):
        if verdict == "yes":
            return "no"
        return "yes" if verdict == "no" and gives_to_user(entry) else "not_addressed"
    return verdict  # a text silent on outputs answers "does it claim any rights in them?" not_addressed too


# -- an unrestricted grant, where the card's entry for a topic is silent -----------------------------------------
# MIT, Apache-2.0, BSD never mention outputs or distillation, but they grant use, modification and sale of the work
# for any purpose: "can I distill it into my own model and sell that?" is answered by that grant, quoted. A grant
# that is limited (personal, research, evaluation, non-commercial) or comes with use restrictions does not answer
# what the text is silent about.
SILENT = "not_addressed"
GRANT_TOPICS = ("model_commercial_use", "derivatives_allowed")  # use and sell; modify: both granted outright
# the permissions a silent entry of which the grant answers
GRANTED_BY_USE = ("train_other_models_on_outputs", "outputs_commercial", "hosted_service_or_api",
                  "redistribute_weights", "derivatives_allowed", "model_commercial_use",
                  "use_restrictions")  # "can I use it in my paid app without asking anyone?": no restriction to meet
# a grant scoped to a person or a purpose is not unrestricted
# the question asks about selling or commercial use, which the grant names; the silent act alone ("can I distill
# it into my own model?") stays not addressed
SALE_ASKED = re.compile(r"\b(sell\w*|sold|commercial\w*|paid|monetiz\w*|charg\w*|revenue)\b")
GRANT_SCOPED = re.compile(r"\b(personal|research|evaluation|academic|non-?commercial|solely|internal|"
                          r"only (for|to|in|within))\b")


GRANT_NOTE = "the license says nothing about this in particular, but grants use, modification and sale without restriction"


def unrestricted_grant(card):
    """The card's entry granting commercial use when the whole grant is unrestricted (use and modification
    granted, not non-commercial, no use restrictions, no scope named), else None."""
    entries = [card.answer(topic) for topic in GRANT_TOPICS]
    if any(entry is None or entry.verdict != "yes" for entry in entries):
        return None
    non_commercial, restrictions = card.answer("non_commercial_only"), card.answer("use_restrictions")
    if non_commercial is None or non_commercial.verdict != "no":
        return None
    if restrictions is not None and restrictions.verdict in ("conditional", "no"):
        return None
    said = " ".join(part for entry in entries for part in (entry.conditions, *entry.anchors))
    return None if GRANT_SCOPED.search(understand.fold(said)) else entries[0]


def apply_unrestricted_grant(card, asked: Asked, decision, quotes_of):
    """A permission the card's entry is silent about, under an unrestricted grant: `yes`, quoting the grant."""
    if (card is None or asked.kind != "permission" or decision.verdict != SILENT
            or decision.topic not in GRANTED_BY_USE or not SALE_ASKED.search(understand.fold(asked.question))):
        return decision
    grant = unrestricted_grant(card)
    if grant is None:
        return decision
    return replace(decision, verdict="yes", conditions=grant.conditions, quotes=tuple(quotes_of(grant)),
                   notes=(*decision.notes, GRANT_NOTE))
