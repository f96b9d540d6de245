"""The chat: a session object tested directly with a scripted backend, then the real thing driven as a person
would in a pseudo-terminal (pexpect), and the piped mode."""

from __future__ import annotations

import os
import sys

import pexpect
import pytest

from explainer import licensedb
from explainer.chat import Session, parse_command
from explainer.errors import InputError
from tests.conftest import REPO, free_port, run_cli
from tests.fakes import FakeBackend

REMINDER_START = "This is not legal advice"
PROMPT = "you>"
ADDITION = "Additional term: you may not use this model behind an API service or any hosted service."


@pytest.fixture
def session(built_index):
    return Session(built_index.corpus, built_index, FakeBackend)


def test_follow_up_keeps_the_license_and_a_named_model_switches(session):
    notice, response = session.ask("Can I sell images I made with Juggernaut XL?")
    first = session.record("q1", response)
    assert "Switched to Juggernaut XL" in notice and first.verdict == "yes"
    notice, response = session.ask("and what about LoRAs I train on it?")
    second = session.record("q2", response)
    assert notice is None
    assert second.license["key"] == "bigscience-open-rail-m2" and second.right[0] == "derivatives_allowed"
    notice, response = session.ask("same question for FLUX schnell")
    third = session.record("q3", response)
    assert "Switched to FLUX.1 [schnell]" in notice
    assert third.license["key"] == "apache-2.0" and third.right[0] == "derivatives_allowed"  # from the last turn
    # a follow-up that names no topic of its own asks the previous turn's
    assert third.routed_by == "previous turn"


def test_a_follow_up_that_says_no_kind_keeps_the_previous_question_kind(session):
    session.use_license("llama-3.1-license-2024")
    _, response = session.ask("Do I have to show 'Built with Llama' if I ship a product using it?")
    first = session.record("q1", response)
    assert (first.kind, first.verdict) == ("obligation", "yes")
    _, response = session.ask("what about if I only use it internally?")
    second = session.record("q2", response)
    assert second.routed_by == "previous turn" and second.kind == "obligation"
    assert second.verdict == "no"  # internal use is no distribution: no "Built with" duty


def test_paste_identifies_and_reports_additions(session):
    message, resolved = session.paste(licensedb.load("mit").body + "\n\n" + ADDITION + "\n")
    assert resolved.key == "mit" and "1 passage" in message
    _, response = session.ask("Can I put it behind an API?")
    result = session.record("q", response)
    assert result.verdict == "no"
    assert any(q.license_key == "pasted" and ADDITION in q.text for q in result.quotes)


def test_commands_and_bad_input(session):
    assert parse_command("/license flux-1-nc") == ("/license", "flux-1-nc")
    assert parse_command("Can I?") is None
    with pytest.raises(InputError, match="unknown command"):
        parse_command("/frobnicate")
    with pytest.raises(InputError) as info:
        session.use_license("creativeml-openrail-n")
    assert "did you mean" in info.value.one_line()
    with pytest.raises(InputError, match="which model"):
        session.ask("Can I sell my pictures?")
    assert "FLUX.1 [dev]" in session.use_model("flux dev")
    assert any(r["right"] == "model_commercial_use" and r["verdict"] == "no" for r in session.card_rows())


def spawn_chat(home, *args, env_extra=None):
    env = {**os.environ, "EXPLAINER_HOME": str(home), "TERM": "xterm", "COLUMNS": "120", "LINES": "40",
           "PROMPT_TOOLKIT_NO_CPR": "1",
           **(env_extra or {})}
    child = pexpect.spawn(sys.executable, ["-m", "explainer", "chat", *args], cwd=str(REPO), env=env,
                          encoding="utf-8", timeout=120, dimensions=(40, 120))
    child.expect(PROMPT)
    return child


def test_a_person_in_a_terminal(linked_home):
    child = spawn_chat(linked_home)
    try:
        child.sendline("Can I sell images I made with Juggernaut XL?")
        child.expect("Switched to Juggernaut XL")
        child.expect("YES")
        child.expect("bigscience-open-rail-m2#30")  # the quote panel, titled with its clause id
        child.expect(REMINDER_START)
        child.expect(PROMPT)
        child.sendline("and what about LoRAs I train on it?")
        child.expect("Make fine-tunes, LoRAs, merges")
        child.expect(REMINDER_START)
        child.expect(PROMPT)
        child.sendline("same question for FLUX dev")
        child.expect(r"Switched to FLUX\.1 \[dev\]")
        child.expect("YES, WITH CONDITIONS")
        child.expect(REMINDER_START)
        child.expect(PROMPT)
        child.sendline("")  # an empty line is ignored
        child.expect(PROMPT)
        child.sendline("/license no-such-license")
        child.expect("error: unknown license or model")
        child.expect(PROMPT)
        child.sendline("/paste")
        child.expect("Paste the license")
        for line in (licensedb.load("mit").body + "\n\n" + ADDITION).splitlines():
            child.sendline(line)
        child.sendline(".")
        child.expect(r"Pasted text: MIT License \(mit\)")
        child.expect("addition")
        child.expect(PROMPT)
        child.sendline("Can I put it behind an API?")
        child.expect(" NO ")
        child.expect(REMINDER_START)
        child.expect(PROMPT)
        child.sendline("/sources")
        child.expect(r"pasted#addition-1\s+chars \d+-\d+")
        child.expect(PROMPT)
        child.sendline("/quit")
        child.expect("Bye.")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    history = (linked_home / "chat_history").read_text(encoding="utf-8")
    assert "and what about LoRAs I train on it?" in history  # kept across sessions


def test_ctrl_c_stops_the_answer_not_the_chat_and_ctrl_d_quits(linked_home):
    import socket

    hung = socket.socket()  # an LLM server that accepts and never answers
    hung.bind(("127.0.0.1", 0))
    hung.listen(8)
    url = f"http://127.0.0.1:{hung.getsockname()[1]}/v1"
    child = spawn_chat(linked_home, "--backend", "openai", "--base-url", url, "--model-name", "FLUX dev")
    try:
        child.sendline("Can I sell images?")
        child.expect("Explanation")
        child.sendintr()
        child.expect(r"\(answer stopped\)")
        child.expect(PROMPT)
        child.sendline("/card")
        child.expect("Rights under")
        child.expect(PROMPT)
        child.sendeof()
        child.expect("Bye.")
        child.expect(pexpect.EOF)
    finally:
        child.close()
        hung.close()
    assert child.exitstatus == 0


def test_a_backend_failure_is_one_line_and_the_chat_goes_on(linked_home):
    port = free_port()
    done = run_cli("chat", "--backend", "openai", "--base-url", f"http://127.0.0.1:{port}/v1",
                   input="Can I sell images made with FLUX dev?\n/card\n")
    assert done.returncode == 0
    assert "error: cannot reach the LLM server" in done.stdout
    assert "Sell or commercially use what you generate:" in done.stdout  # /card still ran after the failure
    assert "Traceback" not in done.stdout + done.stderr


def test_piped_mode_answers_each_line_plainly(linked_home):
    done = run_cli("chat", input="Can I put FLUX.1 [dev] behind my paid API?\n\nDo I need to credit it?\n/json\n")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "\x1b[" not in out  # plain text, no terminal codes
    assert out.count("Verdict:") == 2 and out.count(REMINDER_START) >= 2
    assert "Verdict: NO" in out
    assert "Quote [flux-1-nc#" in out
    assert '"verdict"' in out  # /json printed the last answer


def test_an_unrelated_question_in_a_chat_does_not_inherit_the_previous_topic(session):
    notice, response = session.ask("Is the Llama 3.1 license governed by Texas law?")
    first = session.record("q1", response)
    assert first.right[0] == "governing_law" and first.verdict == "no"
    _, response = session.ask("What is the weather today?")
    second = session.record("q2", response)
    assert (second.verdict, second.routed_by) == ("unclear", "none")
    _, response = session.ask("and for Gemma 3?")
    third = session.record("q3", response)
    assert third.routed_by == "previous turn" and third.right[0] == "governing_law"
