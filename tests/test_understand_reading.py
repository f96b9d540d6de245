"""Question reading, round 3: chat shorthand, places named by another name or as a language, a place as the only
thing a question turns on, and the kinds of "covers that", "within the policy", "anything against that", "any
<kind of> rule?" and "do I keep the old terms?". Each wording differs from the dev cases these mechanisms were
built for, so the mechanism, not the case, is tested."""

from __future__ import annotations

import pytest

from explainer import understand


def test_shorthand_read_as_the_word_it_stands_for():
    assert understand.fold("do u have to tell ppl it's a bot?") == "do you have to tell people it's a bot?"
    assert understand.fold("apple uses uranium") == "apple uses uranium"  # whole words only


@pytest.mark.parametrize("question", [
    "must my discord bot let ppl know the replies are ai generated?",
    "do we have to let our readers know the articles are machine generated?",
])
def test_disclosure_question_reads_any_people_word(question):
    assert understand.asks_disclosure(understand.understand(question))


@pytest.mark.parametrize("text, place", [
    ("we're a two-person team in great britain", "united kingdom"),
    ("our office is in edinburgh", "united kingdom"),
    ("a studio near manchester", "united kingdom"),
])
def test_places_named_another_way_name_their_country(text, place):
    assert place in understand.places_in(text)


@pytest.mark.parametrize("text", [
    "subtitles from spanish into german.",
    "have it answer in french, for a quiz app",
])
def test_a_language_names_no_place(text):
    assert understand.places_in(text) == ()


def test_a_demonym_before_a_noun_still_names_a_place():
    assert "germany" in understand.places_in("we are a german company translating into english")


def test_a_place_is_the_topic_when_nothing_else_names_one():
    asked = understand.understand("we're based in lisbon and would put hunyuan3d to work. allowed?")
    assert asked.topics == ("geography",)


@pytest.mark.parametrize("question, kind", [
    ("does the community license cover that?", "permission"),
    ("does its license cover reselling the songs?", "permission"),
    ("do the terms cover that distilled model?", "fact"),  # a thing, not an activity
    ("is that inside the bounds of the use policy? i mean within the policy", "permission"),
    ("would this be in line with the acceptable use policy?", "permission"),
    ("is there anything in the terms that stops this?", "permission"),
    ("any attribution requirement?", "fact"),
    ("any special naming rules when i publish a merge?", "fact"),
    ("am i still bound by the policy after they edit it?", "fact"),
])
def test_kinds(question, kind):
    assert understand.kind_of(question) == kind


@pytest.mark.parametrize("question, keeps", [
    ("if they revise the agreement, does my original version still hold for me?", True),
    ("am i grandfathered in on the terms from when i downloaded it?", True),
    ("can the licensor change the policy whenever it likes?", False),
])
def test_keeps_earlier_terms(question, keeps):
    assert understand.keeps_earlier_terms(understand.understand(question)) is keeps


@pytest.mark.parametrize("question", [
    "i live in spain and just use an american company's app that runs it. is that blocked for eu people?",
    "we only use a translation service some startup built on it, from our office in lyon",
    "i'm using the chat website of a big company in portugal, am i ok?",
])
def test_an_asker_using_someone_elses_product_is_its_end_user(question):
    assert understand.end_users_named(question)


@pytest.mark.parametrize("question", [
    "we use the model in an app for our team in berlin",
    "we built an app with it in france",
    "we use our own app in italy",
])
def test_an_asker_building_or_running_the_product_is_not_its_end_user(question):
    assert not understand.end_users_named(question)


@pytest.mark.parametrize("question", [
    "am I breaking the policy by using it from the EU?",
    "would we be violating the terms if we translate with it?",
    "are we in breach of the license when the bot runs overnight?",
])
def test_asking_whether_one_breaks_the_terms_is_a_fact_question(question):
    assert understand.understand(question).kind == "fact"
