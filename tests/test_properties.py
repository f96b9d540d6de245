"""Property tests (hypothesis) for the parsers users feed arbitrary text: identify offsets, front matter, CivitAI
sidecars, the JSON parse/repair path and the streaming field reader."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explainer import licensedb
from explainer.corpus import load
from explainer.identify import identify_text
from explainer.reader import split_front_matter
from explainer.scan import parse_commercial_use, read_sidecar
from explainer.structured import FieldStream, ParseError, parse
from explainer.thresholds import figures

corpus = load()
MIT = licensedb.load("mit").body
SCHEMA = {"type": "object", "properties": {"explanation": {"type": "string"}}, "required": ["explanation"]}


@given(st.text(max_size=400), st.text(max_size=400))
@settings(max_examples=80, deadline=None)
def test_identify_additions_round_trip_offsets(before, after):
    text = before + "\n\n" + MIT + "\n\n" + after
    result = identify_text(text, corpus)
    for passage in result.additions:
        assert text[passage.start:passage.end] == passage.text


@given(st.text(max_size=600))
@settings(max_examples=200, deadline=None)
def test_front_matter_split_never_raises_and_keeps_the_body(text):
    front, rest, offset = split_front_matter(text)
    assert isinstance(front, dict)
    assert text[offset:] == rest


@given(st.dictionaries(st.text(max_size=8), st.text(max_size=20), max_size=4), st.text(max_size=200))
@settings(max_examples=100, deadline=None)
def test_front_matter_round_trips_yaml_mappings(mapping, body):
    import yaml

    mapping = {k: v for k, v in mapping.items() if k.strip()}
    text = "---\n" + yaml.safe_dump(mapping) + "---\n" + body
    front, rest, offset = split_front_matter(text)
    if mapping:
        assert front == mapping and rest == body


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


@given(JSON_VALUES)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_sidecar_parser_accepts_any_json(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("sidecar") / "x.civitai.info"
    path.write_text(json.dumps(data), encoding="utf-8")
    facts = read_sidecar(path)
    assert isinstance(facts, dict)
    if "allowCommercialUse" in facts:
        assert isinstance(facts["allowCommercialUse"], list)


@given(st.one_of(st.none(), st.text(max_size=60), st.lists(st.text(max_size=12), max_size=5)))
@settings(max_examples=200, deadline=None)
def test_commercial_use_parser_returns_clean_lists(value):
    parsed = parse_commercial_use(value)
    assert isinstance(parsed, list) and all(isinstance(v, str) and v for v in parsed)


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_parse_either_returns_a_valid_object_or_raises_parse_error(text):
    try:
        data = parse(text, SCHEMA)
    except ParseError:
        return
    assert isinstance(data["explanation"], str)


@given(st.text(max_size=200), st.text(max_size=40), st.lists(st.integers(1, 12), min_size=1, max_size=40))
@settings(max_examples=300, deadline=None)
def test_streamed_field_equals_the_parsed_field_for_any_chunking(explanation, prefix_text, cuts):
    raw = json.dumps({"verdict": prefix_text, "explanation": explanation, "clause_ids": ["C1"]})
    stream, out, position = FieldStream("explanation"), [], 0
    for cut in cuts * (len(raw) // max(1, sum(cuts)) + 1):
        if position >= len(raw):
            break
        out.append(stream.feed(raw[position:position + cut]))
        position += cut
    if position < len(raw):
        out.append(stream.feed(raw[position:]))
    assert "".join(out) == explanation
    assert parse("noise before " + raw + " and after", SCHEMA)["explanation"] == explanation


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_threshold_figures_never_raise(text):
    for figure in figures(text):
        assert figure.value >= 0
