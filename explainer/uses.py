"""Semantic recognition of the use a question describes, beside the regular expressions of topics.yaml.

A question can name a prohibited use in words no vocabulary lists ("users snap their skin spots and the model
assesses whether they might be melanoma" is medical advice). This matcher compares the question's sentences and
clauses with short descriptions of each use's category of activity (`corpus/uses.yaml`) by MiniLM sentence
similarity (explainer/embeddings.py). A use is recognised when one passage is near one of its descriptions
(`MIN_SIMILARITY`) and clearly nearer than to every description of an ordinary, allowed activity (`MARGIN` over
the `harmless:` descriptions), so "a tutoring app" or "npc dialogue" is not taken for a restriction.

Deterministic and offline; the descriptions' vectors are computed once and kept in the cache folder. Without the
ONNX export (embeddings unavailable) it finds nothing, and the regular expressions answer alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import yaml

from . import config, embeddings, rights, yamlio
from .errors import StorageError

# Chosen on the dev suites (questions-dev..dev4, para, core): recall of the uses their topics name against the
# share of questions about other topics that get a use (see tests/test_uses.py for the harmless cases).
MIN_SIMILARITY = 0.45  # a passage this near a use's description can describe that use
MARGIN = 0.1  # ... and must be this much nearer to it than to any ordinary activity
RUNNER_UP_SHARE = 0.97  # a second use counts when its similarity is this share of the best one's
MAX_USES = 2  # uses reported per question: the best and one close runner-up
# a setting is read from a short phrase, against that phrase's own harmless activities: held to a nearer match
SETTING_MIN_SIMILARITY = 0.6  # (qdev5-199's "at a ministry of defence" 0.77; "for a job application" 0.50)
MIN_CLAUSE_WORDS = 3  # shorter pieces ("allowed?", "lol") say nothing about an activity
MIN_PHRASE_WORDS = 4  # a phrase cut at a preposition needs more: "a combat system" alone loses its game context
MAX_TEXT_CHARS = 1200  # longer texts are not questions (a license passage): not compared

# a short clause that denies what follows ("legal in my country, nothing involving minors", "(no real people)"):
# what the asker says it does not do is not a use it describes
DENIED_CLAUSE = re.compile(r"(?:^|(?<=[,.;:!?(]))\s*(?:and |but )?(?:no|nothing|never|without|zero)\s+"
                           r"(?![^,.;:!?()]*\b(?:sure|idea|clue|if|whether)\b)(?:\w+\s+){0,4}\w+\s*(?=[,.;:!?)]|$)")
# A user's words about their own activity: a question mark or the first person. License sentences (which autocard
# and decide also pass to topics.uses_in) have neither; they are read by the terms alone, which were written from
# the licenses' own vocabulary, and comparing every sentence of a license would cost seconds per text.
USERS_WORDS = re.compile(r"\?|\b(?:i|i'm|i'd|i've|i'll|my|me|mine|myself|we're|we'd|we've|we'll)\b")

# a clause's prepositional phrases, split before a preposition: "an internal HR chatbot | at a ministry of defence"
# names the setting apart from the activity, so a setting a license forbids is not drowned by the harmless
# activity. Only the phrases after the head count: the head alone ("write a murder mystery") loses its context
PHRASE_BREAKS = re.compile(r"\s+(?=(?:for|at|in|by|with|to|from|on|of)\s)")
CLAUSE_BREAKS = re.compile(r"[.;:!?\n]+|,\s+|\s+-+\s+|\s+(?:and|but|so|because|while|though|although|then)\s+")
SENTENCE_BREAKS = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class Descriptions:
    names: tuple[str, ...]  # the use of each description, "" for a harmless one
    texts: tuple[str, ...]
    settings: tuple[bool, ...] = ()  # per description: it names a setting or actor (`settings:`), not an activity


@lru_cache(maxsize=4)
def _descriptions(path: str, named: str, neutral: str, what: str, neutral_required: bool = False) -> Descriptions:
    """The descriptions under `named` (each with its name) and then those under `neutral` (named ""), from the
    YAML file at `path`; `what` names them in the error."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = yamlio.load(handle)
        names, texts = [], []
        for name, items in data[named].items():
            names += [str(name)] * len(items)
            texts += [str(text) for text in items]
        others = [str(text) for text in (data[neutral] if neutral_required else data.get(neutral) or ())]
        return Descriptions(tuple(names) + ("",) * len(others), tuple(texts) + tuple(others))
    except (OSError, KeyError, TypeError, AttributeError, yaml.YAMLError) as exc:
        raise StorageError(f"cannot read the {what} descriptions {path}: {exc}") from exc


def _load(path: str) -> Descriptions:
    activities = _descriptions(path, "uses", "harmless", "use")
    settings = _descriptions(path, "settings", "settings_harmless", "setting")
    return Descriptions(settings.names + activities.names, settings.texts + activities.texts,
                        (True,) * len(settings.names) + (False,) * len(activities.names))


def terms_only() -> frozenset[str]:
    """The uses read by their regular expressions alone (uses.yaml `terms_only`): no description stands for them."""
    try:
        with open(config.corpus_dir() / "uses.yaml", encoding="utf-8") as handle:
            return frozenset(str(name) for name in (yamlio.load(handle) or {}).get("terms_only") or ())
    except (OSError, yaml.YAMLError) as exc:
        raise StorageError(f"cannot read the use descriptions: {exc}") from exc


def descriptions() -> Descriptions:
    """The uses' descriptions, and as ordinary activities the harmless ones and every right's own question ("May
    I use the images, text or other outputs I generate commercially?"): what a license grants is never taken for
    one of its restrictions."""
    known = _load(str(config.corpus_dir() / "uses.yaml"))
    asks = tuple(right.ask for right in rights.rights().values() if right.ask)
    return Descriptions(known.names + ("",) * len(asks), known.texts + asks, known.settings + (False,) * len(asks))


@lru_cache(maxsize=2)
def _vectors(texts: tuple[str, ...]) -> np.ndarray | None:
    """The descriptions' vectors, computed once per set of descriptions and kept in the cache folder."""
    return embeddings.cached_vectors(texts, "use-descriptions")


def passages_in_sentences(text: str) -> list[tuple[str, int]]:
    """Each passage with the number of its sentence: a clause or phrase keeps its sentence's harmless context
    ("a combat system | for my turn-based rpg"), while another sentence's ("allowed by the use policy?") does not
    hide it. Two adjacent sentences are read together too, as a passage of their own: an activity told over two
    sentences ("election season in my town. want to make 'photos' of the mayor taking cash") is one meaning."""
    found: list[tuple[str, int]] = []
    sentences = [sentence.strip() for sentence in SENTENCE_BREAKS.split(text) if sentence.strip()]
    for number, sentence in enumerate(sentences):
        for piece in passages(sentence) + setting_only_tails(sentence):
            found.append((piece, number))
    for number, pair in enumerate(zip(sentences, sentences[1:])):
        found.append((" ".join(pair), len(sentences) + number))  # a window, its own harmless context
    return found


def setting_only_tails(sentence: str) -> list[str]:
    """The setting tails that are not passages of their own: read against the settings only ("from cameras for
    safety" names no place or actor, and must not read as the surveillance *activity* it sits near)."""
    own = passages(sentence)
    return [tail for tail in _setting_tails(sentence) if tail not in own]


def _setting_tails(sentence: str) -> list[str]:
    """Each clause's last prepositional phrase read to the clause's end ("at a ministry of defence", which the
    phrase split cuts at "of"): where a question names the setting it acts in, apart from the act."""
    tails: list[str] = []
    for clause in CLAUSE_BREAKS.split(sentence):
        starts = [match.end() for match in PHRASE_BREAKS.finditer(clause)]
        for start in starts[1:]:
            _keep(clause[start:].strip(), tails, MIN_PHRASE_WORDS)
    return tails


def passages(text: str) -> list[str]:
    """The pieces of a question compared with the descriptions: each sentence and each clause of it (split at
    commas, semicolons and conjunctions), the ones too short to describe an activity left out."""
    pieces: list[str] = []
    for sentence in SENTENCE_BREAKS.split(text):
        sentence = sentence.strip()
        _keep(sentence, pieces)
        for clause in CLAUSE_BREAKS.split(sentence):
            clause = clause.strip()
            _keep(clause, pieces)
            for phrase in PHRASE_BREAKS.split(clause)[1:]:  # the head is the clause itself, read whole above
                _keep(phrase.strip(), pieces, MIN_PHRASE_WORDS)
    return pieces


def question_similarities(question: str, vectors: np.ndarray | None) -> np.ndarray | None:
    """(passages x texts) similarities of the question, whole and in its passages, with the texts' `vectors`; None
    without embeddings or vectors."""
    function = embeddings.embedder()
    pieces = list(dict.fromkeys([question, *passages(question)]))
    if function is None or vectors is None or not pieces:
        return None
    return np.asarray(function(pieces), dtype=np.float32) @ vectors.T


def _keep(piece: str, pieces: list[str], min_words: int = MIN_CLAUSE_WORDS) -> None:
    if len(piece.split()) >= min_words and piece not in pieces:
        pieces.append(piece)


def _passage_similarities(text: str) -> tuple[np.ndarray, np.ndarray] | None:
    """(passages x descriptions similarities, names of the descriptions); None without embeddings or passages."""
    known = descriptions()
    vectors = _vectors(known.texts)
    pieces = passages(text)
    function = embeddings.embedder()
    if vectors is None or function is None or not pieces:  # vectors on disk, but embeddings switched off
        return None
    query = np.asarray(function(pieces), dtype=np.float32)
    return query @ vectors.T, np.asarray(known.names)


def _sentence_harmless(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """(passages x descriptions similarities, each passage's nearest harmless similarity taken over its sentence
    (`_harmless_context`), the descriptions' names, each passage's own nearest harmless similarity, and which
    passages are setting tails only)."""
    known = descriptions()
    vectors = _vectors(known.texts)
    placed = passages_in_sentences(text)
    if vectors is None or not placed:
        return None
    query = np.asarray(embeddings.embedder()([piece for piece, _ in placed]), dtype=np.float32)
    sims = query @ vectors.T
    names = np.asarray(known.names)
    own = sims[:, names == ""].max(axis=1, initial=-1.0)
    sentences = np.asarray([number for _, number in placed])
    tails = {tail for sentence in SENTENCE_BREAKS.split(text) for tail in setting_only_tails(sentence.strip())}
    only_settings = np.asarray([piece in tails for piece, _ in placed], dtype=bool)
    return sims, _harmless_context(placed, own), names, own, only_settings


def _harmless_context(placed: list[tuple[str, int]], own: np.ndarray) -> np.ndarray:
    """Per passage, the nearest harmless similarity of its sentence's passages, less the pieces cut out of the
    passage itself: those say nothing it does not ("to make realistic-looking pics", cut from "… pics of our
    councillor pocketing a bribe", is near making product photos only because it lost its object)."""
    return np.asarray([max(own[j] for j, (other, number) in enumerate(placed)
                           if number == sentence and (j == i or other not in piece))
                       for i, (piece, sentence) in enumerate(placed)])


def similarities(text: str) -> dict[str, float]:
    """For each use and for "" (the harmless activities): the best similarity between any passage of the text and
    any of its descriptions. Empty when embeddings are unavailable or the text has no passage."""
    found = _passage_similarities(text)
    if found is None:
        return {}
    sims, names = found
    best = sims.max(axis=0)
    per_name: dict[str, float] = {}
    for name, value in zip(names, best):
        if value > per_name.get(name, -1.0):
            per_name[name] = float(value)
    return per_name


def clear_similarities(text: str) -> dict[str, float]:
    """For each use: its best similarity over the passages where it is at least MIN_SIMILARITY and MARGIN nearer
    than that same passage's sentence is to any harmless activity. Why per passage: "… drive the forklifts. allowed by the use
    policy?" has one passage describing the activity and one asking about the license, which is near the harmless
    "which uses does the license forbid?"; compared with the whole text's best harmless match, the license question
    would hide the activity."""
    found = _sentence_harmless(text)
    if found is None:
        return {}
    sims, nearest_harmless, names, own_harmless, only_settings = found
    harmless = names == ""
    setting = np.asarray(descriptions().settings, dtype=bool)
    baseline = np.where(setting[None, :], own_harmless[:, None], nearest_harmless[:, None])
    floor = np.where(setting, SETTING_MIN_SIMILARITY, MIN_SIMILARITY)[None, :]
    clear = (sims >= floor) & (sims - baseline >= MARGIN) & ~harmless[None, :]
    clear &= ~(only_settings[:, None] & ~setting[None, :])  # a setting tail names a place or actor, not an act
    per_name: dict[str, float] = {}
    for row, column in zip(*np.nonzero(clear)):
        name, value = str(names[column]), float(sims[row, column])
        if value > per_name.get(name, -1.0):
            per_name[name] = value
    return per_name


MIN_NAME_LETTERS = 3  # shorter names and aliases ("sd", "ai") are too likely to be other words


@lru_cache(maxsize=2)
def _model_names(models_path: str, uses_path: str) -> tuple[re.Pattern | None, str]:
    """One pattern for every known model name and alias (longest first, whole words), and the words put in their
    place. Why: a name is not part of the activity, and the rights' own questions the activity is compared with
    (the harmless side) are near any sentence that names a model."""
    try:
        with open(models_path, encoding="utf-8") as handle:
            models = (yamlio.load(handle) or {}).get("models") or []
        with open(uses_path, encoding="utf-8") as handle:
            settings = (yamlio.load(handle) or {}).get("model_names") or {}
    except (OSError, yaml.YAMLError) as exc:
        raise StorageError(f"cannot read the model names: {exc}") from exc
    kept = {str(word).lower() for word in settings.get("ordinary_words") or ()}
    names = set()
    for model in models:
        for name in [model.get("name") or "", *(model.get("aliases") or ())]:
            name = str(name).lower().split("/")[-1].strip()
            if len(name) >= MIN_NAME_LETTERS and name not in kept:
                names.add(name)
    if not names:
        return None, ""
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"), str(settings.get("stand_in") or "it")


def _known_names() -> tuple[re.Pattern | None, str]:
    """The pattern of every known model name, and its stand-in, for the corpus in use."""
    return _model_names(str(config.corpus_dir() / "models.yaml"), str(config.corpus_dir() / "uses.yaml"))


def without_model_names(text: str) -> str:
    """The text with each known model name replaced by a neutral stand-in ("want llama 4 to drive our forklifts" →
    "want it to drive our forklifts"): "the model" would itself pull toward the rights' questions."""
    pattern, stand_in = _known_names()
    return pattern.sub(stand_in, text) if pattern else text


def compared(text: str) -> str:
    """The user's text as it is compared with uses: less the clauses it denies ("nothing involving minors"), and
    with each model name put out of the way."""
    return without_model_names(DENIED_CLAUSE.sub(" ", text))


def names_a_model(text: str) -> bool:
    """The text names a known model or one of its aliases ("t-shirt designs made with hidream i1")."""
    pattern, _ = _known_names()
    return bool(pattern and pattern.search(text))


@lru_cache(maxsize=512)
def ranked_clear_uses(text: str) -> tuple[tuple[str, float], ...]:
    """Every use the user's text clearly describes with its similarity, best first; () for a license's text. The
    clauses that tell what the license says are left out when the text says more: they name the license's content."""
    if len(text) > MAX_TEXT_CHARS or not USERS_WORDS.search(text.lower()):
        return ()
    text = compared(text)
    talk, activity = split_license_talk(text)
    if talk and activity:  # what the license holds is not what the asker does
        text = activity
    return tuple(sorted(clear_similarities(text).items(), key=lambda item: -item[1]))


def semantic_uses(text: str) -> tuple[str, ...]:
    """The uses the text describes by meaning, best first (at most MAX_USES); () when none is clearly meant."""
    ranked = ranked_clear_uses(text)
    if not ranked:
        return ()
    top = ranked[0][1]
    return tuple(name for name, value in ranked[:MAX_USES] if value >= top * RUNNER_UP_SHARE)


semantic_uses.cache_clear = ranked_clear_uses.cache_clear  # the cache both read (callers clear it by this name)


def clear_uses(text: str) -> tuple[str, ...]:
    """Every use the text clearly describes, best first, none cut for being a runner-up: a question may describe a
    setting ("election season in my town") nearer than the act it plans ("fake 'photos' of the mayor taking cash"),
    and the act is what a restriction list names."""
    return tuple(name for name, _ in ranked_clear_uses(text))


# -- the case a question is in, by meaning: sharing copies, running a service, publishing outputs ----------------
# Chosen on the dev suites' duty questions (those whose answer depends on the case): the clauses that describe a
# surface against those that only name the duty ("give a copy of the license") or a private use.
SURFACE_MIN_SIMILARITY = 0.35  # a clause this near a surface's description can describe that case
SURFACE_MARGIN = 0.08  # ... and must be this much nearer to it than to any neutral description
# a passage that negates ("no weights or code shipped to customers") says a case does not happen: not read
NEGATED_PASSAGE = re.compile(r"\b(?:no|not|never|nothing|nobody|none|without|n't)\b|n't\b")
# the duty a question asks about is not its case: the clause with the modal ("do i need to give a copy of the
# license ...", "am i obliged to let visitors download ...") and an infinitive cut from it ("to provide a download
# link") name the duty. A phrase led by "to" and a determiner or a person ("to people who download my merge")
# names who receives it, which is the case.
DUTY_HEAD = re.compile(r"\b(?:have|has|had|need|needs|obliged|obligated|required|supposed|must|mandatory|"
                       r"requirement|duty)\b")
INFINITIVE = re.compile(r"^to\s+(?!(?:a|an|the|my|our|their|his|her|its|this|that|these|those|people|others|"
                        r"users|customers|clients|partners|friends|visitors|anyone|everyone|someone|them|him|me|us|"
                        r"hf|hugging)\b)\w")


def _load_surfaces(path: str) -> Descriptions:
    return _descriptions(path, "surfaces", "surfaces_neutral", "surface", neutral_required=True)


def surface_descriptions() -> Descriptions:
    """The surfaces' descriptions (corpus/uses.yaml `surfaces:`), and "" for the neutral ones."""
    return _load_surfaces(str(config.corpus_dir() / "uses.yaml"))


def surface_similarities(text: str) -> list[tuple[str, str, float, float]]:
    """For each passage of the text: (passage, nearest surface, its similarity, the passage's nearest neutral
    similarity). Empty without embeddings or passages."""
    known = surface_descriptions()
    vectors = embeddings.cached_vectors(known.texts, "surface-descriptions")
    pieces = passages(text)
    if vectors is None or not pieces:
        return []
    sims = np.asarray(embeddings.embedder()(pieces), dtype=np.float32) @ vectors.T
    names = np.asarray(known.names)
    neutral = sims[:, names == ""].max(axis=1)
    found = []
    for row, piece in enumerate(pieces):
        surface_sims = np.where(names != "", sims[row], -1.0)
        best = int(surface_sims.argmax())
        found.append((piece, str(names[best]), float(surface_sims[best]), float(neutral[row])))
    return found


@lru_cache(maxsize=512)
def semantic_surfaces(text: str) -> tuple[str, ...]:
    """The surfaces the text's case reaches by meaning ("people who download my merged checkpoint": copies), each
    found in a passage at least SURFACE_MIN_SIMILARITY near one of its descriptions and SURFACE_MARGIN nearer than
    to every neutral one. Why per passage: the duty a question asks about ("do I give them a copy of the license")
    sits in the same sentence as the case, and is near sharing copies too; the neutral descriptions of duties keep
    that passage from counting, while the clause that names the case is read alone."""
    if len(text) > MAX_TEXT_CHARS or not USERS_WORDS.search(text.lower()):
        return ()
    found: list[str] = []
    for passage, name, similarity, neutral in surface_similarities(text):
        if NEGATED_PASSAGE.search(passage) or DUTY_HEAD.search(passage) or INFINITIVE.search(passage):
            continue
        if similarity >= SURFACE_MIN_SIMILARITY and similarity - neutral >= SURFACE_MARGIN and name not in found:
            found.append(name)
    return tuple(found)


# -- what a question says about the license, apart from what the asker does ------------------------------------
# a clause about the license names its restriction in a few words ("the medical advice restriction"): read nearer
# than an activity is ("given the medical advice in StarCoder's" 0.37 to medical advice, 0.32 to the next use)
TALK_MIN_SIMILARITY = 0.35
TALK_MARGIN = 0.03
MAX_SUBJECT_WORDS = 5  # a clause's opening noun phrase: "given the medical advice restriction", "my StarCoder license"
# clauses split at punctuation only: "... and" keeps "the license bans X and Y" whole
TALK_CLAUSE_BREAKS = re.compile(r",\s+|;\s*|:\s+|\s+-+\s+|\s+—\s+")
HEAD_END = re.compile(r"\s(?:for|at|in|by|with|to|from|on|of|about|under|regarding)\s")


@lru_cache(maxsize=2)
def _license_talk_words(path: str) -> tuple[frozenset[str], frozenset[str]]:
    """(document words, asking words) of `license_talk:` in corpus/uses.yaml."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = yamlio.load(handle)["license_talk"]
        return frozenset(map(str, data["documents"])), frozenset(map(str, data["asks"]))
    except (OSError, KeyError, TypeError, yaml.YAMLError) as exc:
        raise StorageError(f"cannot read the license_talk words {path}: {exc}") from exc


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


def is_license_talk(clause: str) -> bool:
    """A clause that says what the license holds ("my license mentions something about medical advice"): its head,
    the words before its first preposition, names the document or a clause of it in its opening noun phrase (its
    first MAX_SUBJECT_WORDS words: "my research uses the original LLaMA license model" is about the research), and
    no word of the clause asks.
    Why the head: "can I use it for medical advice under the license?" names the document only in a phrase, and the
    use is what it asks about."""
    documents, asks = _license_talk_words(str(config.corpus_dir() / "uses.yaml"))
    head = HEAD_END.split(f" {clause.strip()} ", maxsplit=1)[0]
    return bool(documents & set(_words(head)[:MAX_SUBJECT_WORDS])) and not asks & set(_words(clause))


def split_license_talk(text: str) -> tuple[str, str]:
    """(the clauses that tell what the license says, the rest of the text: the asker's activity and the ask), each
    joined. A license's restriction the asker names is not the activity they describe."""
    talk, rest = [], []
    for sentence in SENTENCE_BREAKS.split(text):
        for clause in TALK_CLAUSE_BREAKS.split(sentence):
            clause = clause.strip()
            if clause:
                (talk if is_license_talk(clause) else rest).append(clause)
    return " ".join(talk), " ".join(rest)


def talk_uses(talk: str) -> tuple[str, ...]:
    """The uses clauses about the license name ("given the medical advice restriction in its license"), by the terms
    of topics.yaml or else by meaning: the clauses, their document words left out (they say only that a restriction
    is named), nearest to one use's descriptions (TALK_MIN_SIMILARITY), clearly before any other (TALK_MARGIN). No
    harmless margin: the clause is known to name one of the license's restrictions, and which one is the question."""
    from . import topics  # topics reads this module lazily too

    named = topics.uses_in(talk, semantic=False)
    if named:
        return tuple(named)
    documents, _ = _license_talk_words(str(config.corpus_dir() / "uses.yaml"))
    bare = " ".join(word for word in re.findall(r"[\w'/-]+", talk) if word.lower() not in documents)
    found = _passage_similarities(bare)
    if found is None:
        return ()
    sims, names = found
    best = sims.max(axis=0)
    per_use: dict[str, float] = {}
    for value, name in zip(best, names):
        if name and value > per_use.get(str(name), -1.0):
            per_use[str(name)] = float(value)
    ranked = sorted(per_use.items(), key=lambda item: -item[1]) + [("", -1.0)]
    (first, near), (_, second) = ranked[0], ranked[1]
    return (first,) if near >= TALK_MIN_SIMILARITY and near - second >= TALK_MARGIN else ()
