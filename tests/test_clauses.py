"""The clause splitter on arbitrary text: offsets always round-trip and cover the body."""

from hypothesis import given, settings
from hypothesis import strategies as st

from explainer import clauses
from tests.test_corpus import assert_offsets_round_trip

license_like = st.lists(
    st.one_of(
        st.text(min_size=0, max_size=400),
        st.sampled_from(["\n\n", "\n- ", "\n1. ", "\nSection 2: TERMS\n", "\n(a) ", ". ", "; "]),
        st.text(alphabet="abc XYZ.,;\n", min_size=1, max_size=3000),
    ),
    max_size=20,
).map("".join)


@given(license_like)
@settings(max_examples=150, deadline=None)
def test_offsets_round_trip_on_any_text(text):
    body = text.strip()
    assert_offsets_round_trip(body, clauses.segment("x", body))


def test_long_paragraphs_split_at_sentence_ends_with_overlap():
    sentence = "The licensee may use the model for any lawful purpose under these terms. "
    body = (sentence * 150).strip()
    found = clauses.segment("x", body)
    assert len(found) > 1
    assert all(c.text.endswith(".") for c in found)
    assert all(len(c.text) <= clauses.CHUNK_CHARS for c in found)
    assert all(c.id.startswith("x#1.") for c in found)


def test_headings_join_the_clause_that_follows():
    items = "\n".join(f"- item number {n};" for n in range(1, 5))
    body = f"Section II: GRANTS\n\n2. Grant of License. You may use it.\n\n{items}"
    found = clauses.segment("x", body)
    assert found[0].text.startswith("Section II: GRANTS")
    assert found[0].heading == "Grant of License"
    assert [c.text for c in found[1:]] == [f"- item number {n};" for n in range(1, 5)]
