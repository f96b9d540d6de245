"""A setting a use restriction names (a ministry of defence) is recognised whatever harmless act is done there,
and a phrase that only shares the setting's shape ("for a job application") is not (explainer/uses.py)."""

import pytest

from explainer import uses

pytestmark = pytest.mark.skipif(not uses.descriptions().settings, reason="no setting descriptions")


def _clear(text: str) -> tuple[str, ...]:
    return uses.clear_uses(text)


@pytest.mark.parametrize("question", [
    "we'd use it for an internal HR/helpdesk chatbot at a ministry of defence. is that allowed?",
    "can I build a payroll tool for the armed forces with it?",
    "may we run a scheduling assistant for the staff at an army base?",
])
def test_a_setting_named_in_a_phrase_is_the_use(question):
    if not uses.ranked_clear_uses("is a chatbot for a ministry of defence ok?") and not uses.similarities("x y z"):
        pytest.skip("embeddings unavailable")
    assert "military" in _clear(question)


@pytest.mark.parametrize("question", [
    "help me write a cover letter for a job application",
    "can I build a customer support chatbot for a bakery in my town?",
    "can I write a novel about a soldier coming home from the war?",
])
def test_a_harmless_setting_is_no_use(question):
    assert "military" not in _clear(question)


def test_setting_tails_read_the_last_phrase_to_the_clause_end():
    tails = uses._setting_tails("we'd use it for an internal chatbot at a ministry of defence")
    assert "at a ministry of defence" in tails
