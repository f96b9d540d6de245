"""explainer/termination.py: the end of a license, its effect, and cure periods, read from the text's sentences."""

from __future__ import annotations

import pytest

from explainer import decide, termination, understand
from explainer.corpus import load
from explainer.reader import from_text
from explainer.resolve import from_name, from_pasted
from tests.conftest import decide_named as _decide

UNKNOWN_TEXT = """Example Model License

1. Grant. You may use, copy and modify the Model for any lawful purpose.

2. Breach. If you breach this License, you may keep your license by taking steps to comply within forty-five (45)
days after written notice from the Licensor.

3. Termination. Upon termination of this License, you must delete the Model and stop using it. You may keep any
Outputs you generated.
"""


@pytest.fixture(scope="module")
def corpus():
    return load()


def _decide_pasted(corpus, question, text):
    return decide.decide(from_pasted(corpus, from_text(text, "LICENSE")), understand.understand(question), corpus)


@pytest.mark.parametrize("question, name, verdict", [
    ("My Llama 3.1 license got revoked after a violation. Am I still allowed to use the weights I have on disk?",
     "llama-3.1-license-2024", "no"),
    ("once meta ends my llama 2 agreement must I delete the model?", "llama-2-license-2023", "yes"),
    ("After Google terminates the agreement, can I keep serving my fine-tuned gemma?", "gemma-tou-2024-04-01", "no"),
    ("Say LG revoked the agreement. Do the pictures I already generated have to be destroyed?",
     "exaone-ai-model-1.1-nc", "yes"),
    # the effect sentence lists what must go and outputs are not in it
    ("If BFL terminates my flux dev license, do I have to delete images I made?", "flux-1-nc", "no"),
])
def test_what_the_text_says_happens_after_termination(corpus, question, name, verdict):
    decision = _decide(corpus, question, name)
    assert (decision.verdict, decision.topic) == (verdict, "termination_breach") and decision.quotes, decision


@pytest.mark.parametrize("question, name, verdict", [
    ("Someone wrote to me about the missing notices 45 days ago and I still haven't fixed it. Is my license gone?",
     "fair-ai-public-1.0-sd", "yes"),
    ("A user messaged me a week ago that my upload lacks the license file. Have I lost the license?",
     "fair-ai-public-1.0-sd", "no"),
    ("I noticed my attribution was wrong and corrected it 5 days later. Are my rights restored?", "cc-by-sa-4.0",
     "yes"),
    ("I spotted my credit mistake and only corrected it 3 months after. Do my rights come back by themselves?",
     "cc-by-4.0", "no"),
    ("The copyright holder emailed me about a violation 2 weeks ago and I fixed it today. Is my license reinstated?",
     "gpl-3.0", "yes"),
    ("They notified me that my notices were wrong. I have 90 days to correct it, correct?", "fair-ai-public-1.0-sd",
     "no"),
])
def test_a_cure_period_is_judged_by_the_texts_own_figure(corpus, question, name, verdict):
    assert _decide(corpus, question, name).verdict == verdict


def test_a_sentence_read_from_a_markdown_text_is_shown_without_its_markup(corpus):
    # FAIPL-1.0-SD is written in markdown: a heading line ("## Excuse") sits on the sentence with the period, and a
    # link ("[Notices](#notices)") names the section it points to
    decision = _decide(corpus, "Someone emailed me that my merge lacks the required notices. I fixed it 12 days "
                               "later. Do I keep my license?", "fair-ai-public-1.0-sd")
    assert decision.verdict == "yes" and "30 days" in decision.conditions, decision
    assert "#" not in decision.conditions and "](" not in decision.conditions, decision.conditions
    assert "complied with Notices," in decision.conditions


def test_the_period_runs_from_the_moment_the_question_counts_from(corpus):
    periods = termination.cure_periods(from_name(corpus, "gpl-3.0", "explicit"), corpus)
    assert {(p.days, p.anchor) for p in periods} >= {(60, "cessation"), (30, "notice")}
    chosen = termination._meeting(periods, "they emailed me a notice")
    assert (chosen.days, chosen.anchor) == (30, "notice")


def test_an_unknown_text_is_read_by_its_own_sentences(corpus):
    late = _decide_pasted(corpus, "I got a written notice of a breach 50 days ago and did nothing. Is my license "
                                  "gone?", UNKNOWN_TEXT)
    early = _decide_pasted(corpus, "I got a written notice of a breach 20 days ago. Is my license gone?", UNKNOWN_TEXT)
    assert (late.verdict, early.verdict) == ("yes", "no")


@pytest.mark.parametrize("question, name, verdict", [
    ("rumour says the illustrious license can be withdrawn by its authors whenever they like. is that right?",
     "fair-ai-public-1.0-sd", "no"),
    ("can LG revoke my license whenever they like?", "exaone-ai-model-1.1-nc", "yes"),
    ("the licensor stopped distributing the dataset. does my license end?", "cc-by-4.0", "no"),
    ("might the authors cancel the license later on and force me to delete my merges?", "fair-ai-public-1.0-sd",
     "no"),
])
def test_revocation_asked_in_any_voice(corpus, question, name, verdict):
    assert _decide(corpus, question, name).verdict == verdict


def test_a_question_that_only_supposes_the_end_asks_about_its_effect():
    assert termination.supposes_end("if they terminate my license do i have to delete it")
    assert termination.supposes_end("meta terminated my llama 3.2 license last week")
    assert not termination.supposes_end("can they terminate my license whenever they want")


@pytest.mark.parametrize("number, unit, days", [("thirty", "days", 30), ("3", "weeks", 21), ("2", "months", 60),
                                                ("a", "week", 7)])
def test_figures_of_time_in_days(number, unit, days):
    assert termination.to_days(number, unit) == days
