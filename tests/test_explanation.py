"""The explanation guard: nothing unreadable, off-license or contradicting the verdict is ever shown."""

from __future__ import annotations

import pytest

from explainer import explanation
from explainer.corpus import load
from explainer.decide import Decision
from tests.fakes import FakeBackend

NO = Decision("hosted_service_or_api", "no", "You need a commercial license from Black Forest Labs (150 seats).",
              "card")
YES = Decision("outputs_commercial", "yes", "The licensor claims no rights in the outputs.", "card")
MUST = Decision("built_with_display", "yes", "Display \"Built with Llama\" on a related website.", "card",
                kind="obligation")
KEYS = {"flux-1-nc", "bigscience-open-rail-m2", "llama-3.1-license-2024"}

BAD = [
    ("[", NO), ("{", NO), ("/lma.txt", MUST), ("/LICENSE.INBRECORES", NO), ("/clauses.json", YES),
    ("/ExaONE.com", YES), ("", NO), ("Yes.", YES),
    ('{"verdict": "no", "explanation": "You need a license."}', NO),
    ("See C1 and C2 for the details of this matter here.", NO),
    ("<clauses> The license allows it for everyone here. </clauses>", YES),
    ("### Answer\n* You need a commercial license from them.", NO),
    ("Yes, you can put it behind your paid API without any problem.", NO),  # contradicts "no"
    ("You can run it behind a paid API if you want to.", NO),
    ("No, you cannot sell the images you make with it at all.", YES),  # contradicts "yes"
    ("You do not have to show any credit line in your product.", MUST),  # contradicts "you must"
    ("Yes, and Gemma also lets you do this under its own terms.", YES),  # names another license's model
    ("lorem ipsum 12 34 56 78 90 ## %% && ** ^^ ~~ ``", YES),
    # a bare verdict is held back: the sentence after it must pass as the reason
    ("Yes, you must. You do not have to show any credit line in your product.", MUST),
    ("Yes, you must. No, you can skip the notice if the product is small.", MUST),
    ("No. You can run it behind a paid API if you want to.", NO),
    ("No. Yes, you can put it behind your paid API without any problem.", NO),
    ("Yes. No, you cannot sell the images you make with it at all.", YES),
    ("Yes. /lma.txt", YES),
    ("Yes, you must.", MUST),  # only the verdict
    ("Yes, you must. Yes, you must.", MUST),
    ("Yes. Yes, and Gemma also lets you do this under its own terms.", YES),
    ("Yes. The licensor claims no rights because Creative Commons says so for every museum in Europe.", YES),
    ("Yes.\nRewrite the answer and the reason as one or two plain sentences for the person who asked.", YES),
    ("Sure, here's a plain explanation: the licensor claims no rights in the outputs.", YES),  # announces its task
    ("Yes. Start with the licensor claims no rights in the outputs of the model.", YES),
    ("No, because you need a commercial license from Black Forest Labs above 71.3 billion users.", NO),  # a number
    ("No, because you need a commercial license from Black Forest Labs for 15 or more users.", NO),  # not in "150"
    ("No, because you need a commercial license from Black Forest Labs for 150 million seats.", NO),  # its size
    ("No, because you need a commercial license from Black Forest Labs for a paid API (Lima).", NO),
    ("No, because in plain words you need a commercial license from Black Forest Labs.", NO),  # the task echoed
]


def run(decision, replies, corpus=None):
    written = explanation.Written()
    backend = FakeBackend(replies)
    shown = "".join(explanation.explain(decision, "Can I offer the model behind my paid API or sell images?",
                                        "Some License", None, backend, corpus, KEYS, written))
    return shown, written, backend


@pytest.mark.parametrize("bad, decision", BAD)
def test_a_bad_explanation_is_never_shown(bad, decision):
    shown, written, backend = run(decision, [bad, bad], load())
    assert shown == written.text == explanation.fallback(decision)
    assert written.source == "fallback"
    assert written.attempts == 2 and len(backend.calls) == 2  # regenerated once, then the fallback


def test_a_good_explanation_is_shown_as_written():
    good = "No, you cannot offer it behind a paid API. You need a commercial license from Black Forest Labs first."
    shown, written, _ = run(NO, [good])
    assert shown == good and written.source == "llm" and written.attempts == 1


def test_the_answer_is_because_form_reads_as_a_sentence():
    shown, written, _ = run(NO, ['The answer is "No" because: You need a commercial license from Black Forest Labs.'])
    assert shown == "No, because you need a commercial license from Black Forest Labs."
    assert written.source == "llm"


def test_a_sentence_that_strays_from_the_decision_is_not_shown():
    """Words the model was not given (a made-up licence, a made-up audience) mean it is not paraphrasing."""
    stray = "No, because Creative Commons requires permission from every charity and museum in town."
    shown, written, _ = run(NO, [stray, stray])
    assert written.source == "fallback" and "museum" not in shown
    assert "says things the decision and the clause do not say" in written.rejected


def test_the_retry_is_used_when_only_the_first_attempt_is_bad():
    shown, written, backend = run(YES, ["/lma.txt", "Yes, you may sell the images; the licensor claims no rights."])
    assert written.source == "llm" and shown.startswith("Yes, you may sell")
    assert "Short answer:" in backend.calls[1]["messages"][-1]["content"]  # the retry asks another way


def test_an_echoed_prompt_is_cut_and_a_bad_later_sentence_ends_the_text():
    reply = ("Question: Can I sell them? Answer: Yes, the licensor claims no rights in the outputs. "
             "No uses of the outputs are allowed at all.")
    shown, written, _ = run(YES, [reply])
    assert shown == "Yes, the licensor claims no rights in the outputs."
    assert written.source == "llm"


CAP = Decision("separate_license", "no", "You said 20M (monthly active users): that is at or below the limit of "
               "100,000,000. Above 100 million users or RMB 1 billion revenue you need a separate license.", "card",
               kind="obligation")


@pytest.mark.parametrize("sentence, shown", [
    ("No, you do not have to, because 20M users is at or below the limit of 1 million users.", False),
    ("No, you do not have to, because 20 million users is below the limit of 100 million users.", True),
    ("No, you do not have to, because 20M users stays under the 100,000,000 users of the limit.", True),
])
def test_a_figure_is_checked_by_its_size_not_only_its_digits(sentence, shown):
    """"1 million" has digits the source has ("RMB 1 billion") but a size it does not: the limit is 100 million."""
    written = explanation.Written()
    explanation_text = "".join(explanation.explain(CAP, "We have 20M MAU. Do we need a separate license?", "Some "
                                                   "License", None, FakeBackend([sentence, sentence]), None, KEYS,
                                                   written))
    assert (written.source == "llm") is shown, written.rejected
    assert (sentence in explanation_text) is shown


def test_the_fallback_reads_as_sentences():
    assert explanation.fallback(NO) == "No. You need a commercial license from Black Forest Labs (150 seats)."
    assert explanation.fallback(MUST).startswith("Yes, you must. Display")
    assert explanation.fallback(Decision("x", "not_addressed", "", "card")).startswith("The license does not speak")


@pytest.mark.parametrize("bad", [
    "Yes, you must, because the license does not require marking changed files at all.",
    'Yes, you must, because your model needs a name starting with "HypercLVMX" in every copy.',
    "Yes, you must, because the Llama Community License Agreement (LAMAD) says so for every copy.",
])
def test_a_duty_explanation_that_denies_the_duty_or_invents_a_name_is_not_shown(bad):
    shown, written, _ = run(MUST, [bad, bad])
    assert written.source == "fallback" and bad not in shown


def test_a_bare_verdict_is_shown_in_our_words_with_the_reason_the_model_wrote():
    shown, written, _ = run(MUST, ['Yes, you must. Reason: Display "Built with Llama" on a related website.'])
    assert shown == 'Yes, you must. Display "Built with Llama" on a related website.'
    assert written.source == "llm"
    shown, written, _ = run(NO, ["No. You need a commercial license from Black Forest Labs for a paid API."])
    assert shown == "No. You need a commercial license from Black Forest Labs for a paid API."


def test_a_bare_verdict_of_the_other_direction_is_not_a_lead():
    shown, written, _ = run(NO, ["Yes. You need a commercial license from Black Forest Labs.",
                                 "Yes. You need a commercial license from Black Forest Labs."])
    assert written.source == "fallback" and shown == explanation.fallback(NO)


def test_a_lead_written_by_us_starts_the_answer_and_the_model_gives_the_reason():
    written = explanation.Written()
    guard = explanation.Guard(NO, KEYS)
    guard.ground("Can I offer the model behind my paid API?\nNo\n" + NO.conditions)
    shown = "".join(explanation.guarded([lambda: iter(["You need a commercial license from Black Forest Labs."])],
                                        guard, written, "FALLBACK", leads=["No."]))
    assert shown == "No. You need a commercial license from Black Forest Labs." and written.source == "llm"
    written = explanation.Written()  # the reason may not turn the verdict around
    shown = "".join(explanation.guarded([lambda: iter(["You can offer it behind your paid API if you like."])],
                                        guard, written, "FALLBACK", leads=["No."]))
    assert shown == "FALLBACK"


def test_because_with_a_colon_reads_as_a_sentence_and_keeps_names():
    shown, _, _ = run(NO, ["No, because: Black Forest Labs sells a commercial license for this."])
    assert shown == "No, because Black Forest Labs sells a commercial license for this."
    shown, _, _ = run(YES, ["Yes, because: The licensor claims no rights in the outputs."])
    assert shown == "Yes, because the licensor claims no rights in the outputs."


def test_an_echoed_no_that_opens_the_reason_is_not_cut_as_a_verdict():
    """'… because: No credit line …' keeps its 'No' (only 'No,' or 'No.' is an echoed verdict)."""
    shown, _, _ = run(NO, ['The answer is "No" because: No paid API is allowed without a commercial license from '
                           'Black Forest Labs.'])
    assert shown == "No, because no paid API is allowed without a commercial license from Black Forest Labs."


@pytest.mark.parametrize("sentence, lead_in, shown", [
    ("No, you do not have to, because no, you may share your changes under other terms.",
     "No, you do not have to, because",
     "No, you do not have to, because you may share your changes under other terms."),
    ("Yes, because yes: the license allows it.", "Yes, because", "Yes, because the license allows it."),
    ("No, because no one may sell them.", "No, because", "No, because no one may sell them."),  # words, not a verdict
])
def test_a_verdict_word_said_again_after_because_is_cut(sentence, lead_in, shown):
    assert explanation._unechoed(sentence, lead_in) == shown


def test_a_second_sentence_must_stay_closer_to_what_the_model_was_given():
    shown, written, _ = run(NO, ["No, you need a commercial license from Black Forest Labs. Outputs made in plain "
                                 "words explain why every museum wants copies of the license."])
    assert shown == "No, you need a commercial license from Black Forest Labs." and written.source == "llm"


def _grounded_guard(topic: str, verdict: str, conditions: str, question: str):
    """A guard for a card decision, given what the model was given: the conditions and the question."""
    from explainer.decide import Decision
    from explainer.explanation import Guard

    guard = Guard(Decision(topic, verdict, conditions, "card", kind="permission"), set())
    guard.ground(conditions + " " + question)
    return guard


def test_a_place_the_model_was_not_given_is_refused():
    guard = _grounded_guard("geography", "no", "The license does not apply in the European Union, the United Kingdom "
                            "or South Korea.", "Can I use it for my game assets in Germany?")
    made_up = "No, because the license does not apply in Europe, North Korea or South Korean territories."
    assert guard.check(made_up, first=True) == "names a place it was not given (north korea)"
    given = "No, because the license does not apply in the European Union, the United Kingdom or South Korea."
    assert guard.check(given, first=True) is None


class ContinuingBackend(FakeBackend):
    """A backend that continues an answer we started: records each prefix and replies after it."""

    continues_prefix = True

    def execute(self, messages, schema=None, prefix=None):
        self.calls.append({"messages": messages, "schema": schema, "prefix": prefix})
        reply = self.replies.pop(0) if self.replies else "because the license says so in its own terms."
        yield from [reply[i:i + 5] for i in range(0, len(reply), 5)]


def test_we_write_the_verdict_and_the_model_continues_with_the_reason():
    backend = ContinuingBackend(["' you need a commercial license from Black Forest Labs for a paid API.'"])
    written = explanation.Written()
    shown = "".join(explanation.explain(NO, "Can I offer the model behind my paid API?", "Some License", None,
                                        backend, None, KEYS, written))
    assert shown == "No, because you need a commercial license from Black Forest Labs for a paid API."
    assert written.source == "llm" and backend.calls[0]["prefix"] == "No, because"


def test_a_continuation_that_fails_goes_to_the_next_lead_in_then_to_the_plain_ask():
    backend = ContinuingBackend(["the license is not allowed.",  # says nothing beyond the verdict
                                'Black Forest Labs" license is for a paid API here.',  # a broken quotation
                                "You need a commercial license from Black Forest Labs for a paid API."])
    written = explanation.Written()
    shown = "".join(explanation.explain(NO, "Can I offer the model behind my paid API?", "Some License", None,
                                        backend, None, KEYS, written))
    assert [c["prefix"] for c in backend.calls] == ["No, because", "No: the license says", None]
    assert shown == "You need a commercial license from Black Forest Labs for a paid API." and written.source == "llm"
    assert "holds a broken quotation" in written.rejected


def test_the_first_word_of_a_continuation_is_lowercased_unless_it_is_a_name():
    assert "".join(explanation._continue("No, because", iter(["'", " The", " grant", " ends."]))) == \
        "No, because the grant ends."
    assert "".join(explanation._continue("No, because", iter([" F", "LUX", " is for", " research."]))) == \
        "No, because FLUX is for research."


def test_a_model_name_the_person_used_is_not_another_model():
    corpus = load()
    decision = Decision("redistribute_weights", "conditional", "Give recipients a copy of the agreement.", "card")
    guard = explanation.Guard(decision, {"tongyi-qianwen-license-2024"}, corpus.find_models_in_text)
    guard.ground("Can I upload a modified Qwen2.5 3B to Hugging Face?\nGive recipients a copy of the agreement.")
    assert guard.check("Yes, but only if you give recipients of your Qwen2.5 3B a copy of the agreement.", True) is None
    assert guard.check("Yes, but only if you give recipients of Gemma 2 a copy of the agreement.", True)


def test_the_fallback_does_not_repeat_a_verdict_its_conditions_already_state():
    decision = Decision("governing_law", "no", "No: the license names New York law, not Israel.", "card", kind="fact")
    assert explanation.fallback(decision) == "No: the license names New York law, not Israel."


@pytest.mark.parametrize("decision, lead_in, reason", [
    (NO, "No, because", "the license allows a paid API for Black Forest Labs users."),
    (YES, "Yes, because", "selling the outputs is not allowed by the licensor."),
    (Decision("license_copy", "no", "Only when you distribute copies: give recipients the license.", "card",
              kind="obligation"), "No, you do not have to: the license says", "you must give recipients the license."),
])
def test_a_reason_the_model_wrote_after_our_verdict_may_not_turn_it_around(decision, lead_in, reason):
    guard = explanation.Guard(decision, KEYS)
    guard.ground("Can I offer the model behind my paid API or sell images or give recipients the license?\n"
                 + decision.conditions)
    assert guard.check_continued(f"{lead_in} {reason}", lead_in)
    assert guard.check_continued(f"{lead_in} {decision.conditions[0].lower()}{decision.conditions[1:]}",
                                 lead_in) is None


def test_a_capital_after_because_is_lowered_unless_it_starts_a_name():
    assert list(explanation._sentences(iter(["Yes, because You may sell what you make with it."]))) == \
        ["Yes, because you may sell what you make with it."]
    assert list(explanation._sentences(iter(["No, because Black Forest Labs sells the licenses."]), {"Black"})) == \
        ["No, because Black Forest Labs sells the licenses."]


def test_naming_the_license_is_no_reason():
    backend = FakeBackend(["Yes, because of the Some License Community Agreement of the Model.",
                           "Yes, because the licensor claims no rights in the outputs of the model."])
    written = explanation.Written()
    shown = "".join(explanation.explain(YES, "Can I sell what it makes?", "Some License Community Agreement", None,
                                        backend, None, KEYS, written))
    assert shown == "Yes, because the licensor claims no rights in the outputs of the model."
    assert "says nothing beyond the verdict" in written.rejected


def test_a_capitalised_pronoun_in_the_clause_is_not_a_name():
    guard = explanation.Guard(YES, KEYS)
    guard.ground("Can I sell it?\n6. The Output You Generate. Licensor claims no rights in the Output You generate.")
    assert "You" not in guard.names and "Licensor" not in guard.names
    assert list(explanation._sentences(iter(['The answer is "Yes" because: You may sell it as you like.']),
                                       guard.names)) == ["Yes, because you may sell it as you like."]


def test_silence_is_said_by_us_and_the_model_says_what_the_license_does_say():
    silent = Decision("governing_law", "not_addressed", "The license names no governing law or courts.", "card",
                      kind="fact")
    backend = ContinuingBackend([" the license names no governing law or courts at all."])
    written = explanation.Written()
    shown = "".join(explanation.explain(silent, "Which law governs it?", "Some License", None, backend, None, KEYS,
                                        written))
    assert shown == "The license does not say: the license names no governing law or courts at all."
    assert backend.calls[0]["prefix"] == "The license does not say:"


def test_the_fallback_leaves_links_to_the_quotes():
    decision = Decision("registration", "no", "Only for commercial use. If you use it commercially, you must register "
                        "with Stability AI at (https://stability.ai/community-license).", "card", kind="obligation")
    text = explanation.fallback(decision)
    assert "http" not in text and text.endswith("you must register with Stability AI.")


def test_a_garbled_name_in_mixed_case_is_not_shown():
    guard = explanation.Guard(MUST, KEYS)
    guard.ground("Do we need a license from NAVER for HyperCLOVA X SEED?\nYou must request a license from NAVER.")
    assert guard.check("Yes, you must request a license from NAVER to use the HyperCLOVA X SEED model.", True) is None
    assert guard.check("Yes, you must request a license from NAVER to use the hypercLOVES X SEED model.", True)


def test_a_short_place_is_named_only_in_capitals():
    """"to us" is a pronoun, "the US" a country: an abbreviation the source does not have counts only as written."""
    silent = Decision("outputs_commercial", "not_addressed", "The license says nothing about outputs.", "card")
    guard = explanation.Guard(silent, KEYS)
    guard.ground("Can we sell API access to our distilled model?\nThe license says nothing about outputs.")
    assert guard.check("The license does not say we cannot sell access to distilled outputs to us.", True) is None
    assert guard.check("The license does not say we cannot sell access to distilled outputs in the US.", True)


@pytest.mark.parametrize("continued, shown", [
    ('"A Powered by Tencent Hunyuan" mark is not required.',  # a quotation closed mid-sentence is kept
     'No, you do not have to: the license says "A Powered by Tencent Hunyuan" mark is not required.'),
    ('"A Powered by Tencent Hunyuan mark is not required."',  # the whole reason in quotes reads as the license's
     "No, you do not have to: the license says a Powered by Tencent Hunyuan mark is not required."),
    ('" a Powered by Tencent Hunyuan mark is not required.',  # a mark before a space opens nothing
     "No, you do not have to: the license says a Powered by Tencent Hunyuan mark is not required."),
    ('"A Powered by Tencent Hunyuan mark is not required.',  # never closed
     "No, you do not have to: the license says a Powered by Tencent Hunyuan mark is not required."),
])
def test_a_quotation_after_our_lead_in_is_kept_only_when_it_quotes_part_of_the_reason(continued, shown):
    optional = Decision("powered_by", "no", 'A "Powered by Tencent Hunyuan" mark is encouraged, not required.', "card",
                        kind="obligation")
    backend = ContinuingBackend(["the license is a community agreement.", continued])
    written = explanation.Written()
    text = "".join(explanation.explain(optional, "Must I label it 'Powered by Tencent Hunyuan'?", "Some License",
                                       None, backend, None, KEYS, written))
    assert text == shown and written.source == "llm", written.rejected


def test_the_second_plain_ask_is_then_continued_from_our_verdict():
    """Asked plainly twice, a small model mostly says only the verdict the second time: then we write it and it
    writes the reason, after the same prompt."""
    backend = ContinuingBackend(["the license is not allowed.", "the license is not allowed.", "No.", "No.",
                                 "you need a commercial license from Black Forest Labs for a paid API."])
    written = explanation.Written()
    shown = "".join(explanation.explain(NO, "Can I offer the model behind my paid API?", "Some License", None,
                                        backend, None, KEYS, written))
    assert [c["prefix"] for c in backend.calls] == ["No, because", "No: the license says", None, None, "No, because"]
    assert backend.calls[4]["messages"] == backend.calls[3]["messages"]  # the same prompt: its cache is reused
    assert "Short answer:" in backend.calls[4]["messages"][-1]["content"]
    assert shown == "No, because you need a commercial license from Black Forest Labs for a paid API."


def test_a_sentence_that_ends_inside_brackets_or_quotes_gets_no_second_full_stop():
    decision = Decision("governing_law", "yes", "Delaware law. (Governing law: Delaware, USA.)", "card", kind="fact")
    assert explanation.fallback(decision) == "Yes. Delaware law. (Governing law: Delaware, USA.)"
    assert list(explanation._sentences(iter(['Yes, the license says "you may sell it."']))) == \
        ['Yes, the license says "you may sell it."']


def test_a_reason_after_no_that_calls_the_use_fine_turns_the_verdict_around():
    guard = explanation.Guard(NO, KEYS)
    guard.ground("Can I offer the model behind my paid API?\n" + NO.conditions + " Offering the files is fine.")
    assert guard.check_continued("No: the license says offering the files behind a paid API is fine.",
                                 "No: the license says") == "says you can where the answer is no"


def test_a_reason_after_no_that_says_the_terms_allow_it_turns_the_verdict_around():
    guard = explanation.Guard(NO, KEYS)
    guard.ground("Can I offer the model behind my paid API?\n" + NO.conditions + " The terms allow a paid API.")
    assert guard.check_continued("No: the license says that the terms allow a paid API.",
                                 "No: the license says") == "says you can where the answer is no"


def test_a_negation_after_the_license_allows_does_not_take_it_back():
    guard = explanation.Guard(NO, KEYS)
    guard.ground("Can I offer the model behind my paid API?\n" + NO.conditions
                 + " Offering the files is fine, and free hosting.")
    assert guard.check_continued("No, because the license allows offering the files behind a paid API, not just "
                                 "free hosting.", "No, because") == "says you can where the answer is no"
    assert guard.check_continued("No, because the license does not allow offering the files behind a paid API.",
                                 "No, because") is None


def test_a_name_of_the_source_keeps_its_capital_after_our_lead_in():
    backend = ContinuingBackend(["Black Forest Labs sells a commercial license for a paid API."])
    written = explanation.Written()
    shown = "".join(explanation.explain(NO, "Can I offer the model behind my paid API?", "Some License", None,
                                        backend, None, KEYS, written))
    assert shown == "No, because Black Forest Labs sells a commercial license for a paid API.", written.rejected


@pytest.mark.parametrize("sentence, refused", [
    ('Yes, but the license says "Llama 3.1 Community License Agreement" and the conditions apply.', True),  # a name
    ('Yes, but the license says "outputs are for research" and the conditions apply to outputs.', True),  # made up
    ('Yes, but the license says "Give recipients a copy" of the agreement and the conditions apply.', False),
])
def test_a_quotation_must_be_the_source_own_words_and_more_than_the_license_name(sentence, refused):
    decision = Decision("redistribute_weights", "conditional", "Give recipients a copy of the agreement; the "
                        "conditions apply to outputs.", "card")
    guard = explanation.Guard(decision, KEYS)
    guard.ground("Can I share it?\nLlama 3.1 Community License Agreement\n" + decision.conditions)
    guard.title_words = {"llama", "commu", "licen", "agree"}
    assert bool(guard.check(sentence, True)) is refused


def test_our_lead_in_said_twice_is_said_once():
    backend = ContinuingBackend(["No, because no one may offer the model behind a paid API without a commercial "
                                 "license from Black Forest Labs."])
    written = explanation.Written()
    shown = "".join(explanation.explain(NO, "Can I offer the model behind my paid API?", "Some License", None,
                                        backend, None, KEYS, written))
    assert shown.startswith("No, because no one may offer"), (shown, written.rejected)


def test_a_name_cut_short_is_not_the_name_the_source_gives():
    """'… a product that uses an NVI.' (the model stopped mid-name) names nothing the source gives: a name counts
    as given only as a whole word of the source, not as a piece of one."""
    guard = _grounded_guard("model_commercial_use", "yes", "Commercial use of the model is allowed under the NVIDIA "
                            "Open Model License.", "Can I sell a product that uses an NVIDIA open model?")
    cut = "Yes, because the NVIDIA license lets you sell a product that uses an NVI."
    assert guard.check(cut, first=True) == "names something it was not given (NVI)"
    whole = "Yes, because the NVIDIA license lets you sell a product that uses the model."
    assert guard.check(whole, first=True) is None


def test_a_sentence_that_says_the_license_lacks_a_term_the_answer_states_is_refused():
    conditions = ("The use restrictions flow down: any derivative (fine-tune, LoRA, merge, distilled model) and any "
                  "terms you give your users must include at least the same use-based restrictions.")
    guard = _grounded_guard("restrictions_flow_down", "no", conditions,
                            "may i post my merge without the use restrictions?")
    assert guard.check("No: the license says no use-based restrictions.", first=True) == (
        "says there is no use-based restrictions, which the answer states")
    assert guard.check("No, because any derivative must include at least the same use-based restrictions.",
                       first=True) is None
    # a term the conditions themselves deny may be denied
    free = _grounded_guard("separate_license", "no", "No separate license is ever required: the grant is "
                           "royalty-free, with no cap on users or revenue.", "do we owe them royalties?")
    reason = free.check("No, because the license grant is royalty-free and has no cap on users or revenue.", first=True)
    assert reason is None or "says there is no" not in reason
