"""Identification over every curated license: exact, re-wrapped, perturbed, with an addendum, with a clause
removed; notices and front matter; property tests; the CLI's bad-input contract."""

from __future__ import annotations

import json
import random
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explainer import clauses, licensedb
from explainer.corpus import Corpus
from explainer.identify import CONFIDENCE_THRESHOLD, identify_text
from explainer.normalize import normalize
from tests.conftest import run_cli

corpus = Corpus()
KEYS = sorted(corpus.licenses)
ADDENDUM = ("Additional terms from the model author: you may not offer this model through a paid API or a hosted "
            "generation service without a written agreement with us.")


def rewrap(body: str) -> str:
    straight = body.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"}))
    return "\n".join(textwrap.fill(line, 60) if line.strip() else "" for line in straight.splitlines())


def with_random_words(body: str, count: int = 30, seed: int = 7) -> str:
    rng = random.Random(seed)
    words = body.split(" ")
    for _ in range(count):
        words.insert(rng.randrange(len(words)), rng.choice(["banana", "quietly", "purple", "seventeen", "harbor"]))
    return " ".join(words)


@pytest.mark.parametrize("key", KEYS)
def test_exact_body_is_itself_at_1(key):
    result = identify_text(licensedb.load(key).body, corpus)
    assert (result.key, result.confidence, result.evidence[0]) == (key, 1.0, "exact")


# measured: two texts whose own layout (short lines, tables) loses a few word pairs when re-wrapped; they are still
# identified, below the similarity threshold, through containment
REWRAP_FLOOR = {"pddl-1.0": 0.96, "uoi-ncsa": 0.93}


@pytest.mark.parametrize("key", KEYS)
def test_rewrapped_with_straight_quotes_is_itself(key):
    result = identify_text(rewrap(licensedb.load(key).body), corpus)
    assert result.key == key and result.confidence >= REWRAP_FLOOR.get(key, CONFIDENCE_THRESHOLD)


@pytest.mark.parametrize("key", KEYS)
def test_thirty_random_words_is_not_exact_but_still_the_top_match(key):
    result = identify_text(with_random_words(licensedb.load(key).body), corpus)
    assert result.evidence[:1] != ["exact"]
    assert result.closest[0]["key"] == key


@pytest.mark.parametrize("key", KEYS)
def test_appended_addendum_is_returned_verbatim(key):
    text = licensedb.load(key).body + "\n\n" + ADDENDUM + "\n"
    result = identify_text(text, corpus)
    assert result.key == key
    assert [a.text for a in result.additions] == [ADDENDUM]
    addition = result.additions[0]
    assert text[addition.start:addition.end] == ADDENDUM


TWINS = {"mit": ("ekioh", "exact"), "bsd-new": ("bsd-axis", "similarity")}  # measured: the only two


@pytest.mark.parametrize("key", KEYS)
def test_deleted_middle_clause_is_reported_as_removed(key):
    body = licensedb.load(key).body
    found = clauses.segment(key, body)
    middle = found[len(found) // 2]
    result = identify_text(body[:middle.start] + body[middle.end:], corpus)
    if result.key != key:
        # Short permissive texts minus a clause can be another license: MIT without its notice clause is the Ekioh
        # license word for word, BSD-3-Clause without its middle clause is closest to the Axis variant.
        assert (result.key, result.evidence[0]) == TWINS[key], result.to_dict()
        assert result.confidence >= CONFIDENCE_THRESHOLD
        return
    assert middle.id in [r["clause_id"] for r in result.removals]


def test_a_notice_above_the_text_is_an_addition_not_a_different_license():
    body = licensedb.load("bigscience-open-rail-m2").body
    notice = "NOTICE: this checkpoint may not be used behind a revenue-earning hosting service."
    result = identify_text(notice + "\n\n" + body, corpus)
    assert result.key == "bigscience-open-rail-m2"
    assert result.additions[0].text == notice


def test_an_edited_clause_is_reported_as_a_change():
    body = licensedb.load("llama-3.1-license-2024").body
    edited = body.replace("700 million monthly active users", "7 million monthly active users")
    result = identify_text(edited, corpus)
    assert result.key == "llama-3.1-license-2024"
    assert any("7 million" in c["pasted"] and "700 million" in c["base"] for c in result.changes)


@pytest.mark.parametrize("text,key,evidence", [
    ("---\nlicense: other\nlicense_name: flux-1-dev-non-commercial-license\n---\n# FLUX LoRA\n", "flux-1-nc", "front matter"),
    ("---\nlicense: llama3.1\n---\nA fine-tune.", "llama-3.1-license-2024", "front matter"),
    ("This model is licensed under the Llama 3.1 Community License.", "llama-3.1-license-2024", "notice"),
    ("openrail++", "bigscience-open-rail-m2", "alias"),
    ("Released under the Apache 2.0 license.", "apache-2.0", "notice"),
])
def test_references_resolve_through_aliases(text, key, evidence):
    result = identify_text(text, corpus)
    assert result.key == key and evidence in result.evidence


def test_front_matter_and_full_text_are_both_reported_with_a_conflict():
    card = "---\nlicense: apache-2.0\n---\n" + licensedb.load("flux-1-nc").body
    result = identify_text(card, corpus)
    assert result.key == "flux-1-nc"
    assert result.references[0]["key"] == "apache-2.0"
    assert result.conflicts and "apache-2.0" in result.conflicts[0]


def test_unknown_text_says_unknown_with_three_closest():
    result = identify_text("You may use this model for anything, but please be kind to cats and dogs. " * 3, corpus)
    assert result.key is None and len(result.closest) == 3


def test_identify_runs_over_all_licensedb_texts():
    from explainer.identify import licensedb_texts

    non_empty = [t.key for t in licensedb.load_all() if t.body]
    assert len(non_empty) >= 2590 and licensedb_texts().keys == non_empty


@given(st.text(max_size=2000))
@settings(max_examples=200, deadline=None)
def test_normalization_is_idempotent(text):
    assert normalize(normalize(text)) == normalize(text)


@given(st.text(max_size=3000))
@settings(max_examples=100, deadline=None)
def test_identify_never_raises_on_text(text):
    identify_text(text, corpus)


@given(st.binary(max_size=3000))
@settings(max_examples=100, deadline=None)
def test_reading_arbitrary_bytes_never_raises_anything_but_an_input_error(data):
    from explainer import reader
    from explainer.errors import InputError

    try:
        text = reader.decode(data)
    except InputError:
        return
    identify_text(text, corpus)


def test_cli_json_fields(tmp_path):
    path = tmp_path / "LICENSE.md"
    path.write_text(licensedb.load("mit").body + "\n\nExtra: do not use for weapons.\n", encoding="utf-8")
    result = run_cli("identify", str(path), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"key", "name", "confidence", "coverage", "closest", "evidence", "additions", "removals", "changes"} <= set(data)
    assert data["key"] == "mit" and data["additions"][0]["text"] == "Extra: do not use for weapons."
    assert "not legal advice" in data["reminder"]


@pytest.mark.parametrize("payload,encoding", [("utf-16", "utf-16"), ("latin-1", "latin-1")])
def test_cli_reads_utf16_and_latin1(tmp_path, payload, encoding):
    path = tmp_path / "license.txt"
    path.write_bytes(("Licencia: " + licensedb.load("apache-2.0").body + " café").encode(encoding))
    result = run_cli("identify", str(path), "--json")
    assert json.loads(result.stdout)["key"] == "apache-2.0"


def test_cli_html_is_reduced_to_text(tmp_path):
    body = licensedb.load("mit").body
    path = tmp_path / "license.html"
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    path.write_text(f"<html><body><h1>License</h1>{paragraphs}</body></html>", encoding="utf-8")
    assert json.loads(run_cli("identify", str(path), "--json").stdout)["key"] == "mit"


@pytest.mark.parametrize("data,message", [(b"", "nothing to identify"), (b"   \n", "nothing to identify"),
                                          (b"\x00\x01\x02binary\x00" * 50, "not a text file")])
def test_cli_bad_input_is_one_line_and_exit_2(data, message):
    result = run_cli("identify", "-", input=data)
    assert result.returncode == 2
    assert result.stderr.decode().strip() == f"error: {message} ({'the input is empty' if 'nothing' in message else 'paste a license text, a model card or a notice'})"


def test_cli_a_50_mb_paste_is_bounded(tmp_path):
    path = tmp_path / "huge.txt"
    chunk = (licensedb.load("apache-2.0").body + "\n\n").encode()
    with path.open("wb") as handle:
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(chunk)
    result = run_cli("identify", str(path), "--json")
    assert result.returncode == 0, result.stderr[-500:]
    assert "truncated" in " ".join(json.loads(result.stdout)["warnings"])


# -- the matcher objects ----------------------------------------------------------------------------------------
def test_the_chain_is_exact_dice_containment_reference_with_named_thresholds():
    from explainer.identify import (
        CONTAINMENT_THRESHOLD,
        ContainmentMatcher,
        DiceMatcher,
        ExactMatcher,
        ReferenceMatcher,
        matcher,
    )

    chain = matcher(corpus).chain
    assert [type(m) for m in chain] == [ExactMatcher, DiceMatcher, ContainmentMatcher, ReferenceMatcher]
    assert [m.name for m in chain] == ["exact", "similarity", "containment", "reference"]
    assert chain[1].threshold == CONFIDENCE_THRESHOLD and chain[2].threshold == CONTAINMENT_THRESHOLD
    assert matcher(corpus, 0.9).chain[1].threshold == 0.9  # --confidence sets the Dice threshold


def _ctx(text):
    from explainer.identify import matcher
    from explainer.reader import Pasted, split_front_matter

    front_matter, body, offset = split_front_matter(text)
    return matcher(corpus).context(Pasted(text=body, front_matter=front_matter, body_offset=offset))


def test_each_matcher_answers_only_what_it_can_tell():
    from explainer.identify import (
        ContainmentMatcher,
        DiceMatcher,
        ExactMatcher,
        ReferenceMatcher,
    )

    body = licensedb.load("bigscience-open-rail-m2").body
    cases = {
        "exact": (body, "bigscience-open-rail-m2"),
        "similarity": (body.replace("Licensor", "Licenser", 1), "bigscience-open-rail-m2"),
        "containment": (licensedb.load("mit").body + "\n\n" + ADDENDUM, "mit"),
        "reference": ("openrail++", "bigscience-open-rail-m2"),  # evidence: the kind of reference, "alias"
    }
    answers = {name: [m.match(_ctx(text)) for m in (ExactMatcher(), DiceMatcher(), ContainmentMatcher(),
                                                   ReferenceMatcher())]
               for name, (text, _) in cases.items()}
    first = {name: next(i for i, a in enumerate(row) if a) for name, row in answers.items()}
    assert first == {"exact": 0, "similarity": 1, "containment": 2, "reference": 3}
    for name, row in answers.items():
        evidence = "alias" if name == "reference" else name
        assert (row[first[name]].key, row[first[name]].evidence) == (cases[name][1], [evidence])
    assert all(m.match(_ctx("please be kind to cats and dogs " * 5)) is None
               for m in (ExactMatcher(), DiceMatcher(), ContainmentMatcher(), ReferenceMatcher()))


def test_the_first_matcher_that_answers_wins():
    from explainer.identify import Identification, Matcher
    from explainer.reader import Pasted

    class Always:
        name, reads_text = "always", True

        def match(self, ctx):
            return Identification("apache-2.0", "Apache", 0.5, 0.5, [self.name], ctx.closest)

    class Never:
        name, reads_text = "never", True

        def match(self, ctx):
            raise AssertionError("asked after an earlier matcher answered")

    result = Matcher(corpus, chain=(Always(), Never())).identify(Pasted(text=licensedb.load("mit").body))
    assert (result.key, result.evidence) == ("apache-2.0", ["always"])
    nothing = Matcher(corpus, chain=()).identify(Pasted(text=licensedb.load("mit").body))
    assert nothing.key is None and nothing.closest[0]["key"] == "mit"


def test_differences_module_quotes_additions_removals_and_changes_verbatim():
    from explainer.identify.diff import differences
    from explainer.normalize import tokenize

    body = licensedb.load("llama-3.1-license-2024").body
    text = body.replace("700 million monthly active users", "7 million monthly active users") + "\n\n" + ADDENDUM
    found = differences("llama-3.1-license-2024", body, tokenize(text), text)
    assert [(a.text, text[a.start:a.end]) for a in found.additions] == [(ADDENDUM, ADDENDUM)]
    assert any("7 million" in c["pasted"] and "700 million" in c["base"] for c in found.changes)
    assert found.removals == []


def test_a_pasted_line_too_long_for_a_file_name_is_no_license_key():
    from explainer import licensedb

    assert not licensedb.exists("0" * 300) and not licensedb.exists("../mit") and licensedb.exists("mit")
