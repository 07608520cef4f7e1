"""The idle state: menu picks, greetings, questions for the knowledge base, and everything else."""

from __future__ import annotations

from bot.flows import complaint, feedback, followup, maybe_followup, not_this, officer, status, understood
from bot.intents import Intent
from bot.turn import Turn
from bot.understanding import Kind
from core.messenger import Choice
from faq import render_answer
from faq.institutions import institution_for
from faq.matcher import Match


async def handle_pick(turn: Turn, picked: str) -> bool:
    """Menu and FAQ buttons. Returns False for a value this state does not know."""
    if picked == "menu:start":
        turn.say("greeting", name=turn.citizen.display_name, choices=turn.menu_choices())
    elif picked in ("menu:main", "menu"):
        turn.say("menu_prompt", choices=turn.menu_choices())
    elif picked == "menu:ask":
        turn.say("ask_prompt")
    elif picked == "menu:complaint":
        await complaint.start(turn)
    elif picked == "complaint:from_text":
        await complaint.start_from_story(turn, str(turn.data.get("last_question") or "") or None)
    elif picked == "menu:status":
        await status.start(turn)
    elif picked == "menu:officer":
        officer.start(turn)
    elif picked.startswith("faq:"):
        answer_entry(turn, picked.removeprefix("faq:"))
    elif picked == not_this.PICK:
        not_this.handle_pick(turn)
    elif picked.startswith("ticket:"):
        await status.show(turn, picked.removeprefix("ticket:"))
    elif picked.startswith(followup.PICK):
        await status.show(turn, picked.removeprefix(followup.PICK))
    elif picked.startswith(feedback.PICKS):
        await feedback.handle_pick(turn, picked)
    else:
        return False
    return True


async def handle_text(turn: Turn) -> None:
    if turn.says(Intent.ABUSIVE):
        turn.reply(turn.t("empathy_prefix"))
    political = turn.says(Intent.POLITICAL) or turn.reads_as(Kind.POLITICAL)
    if political and not turn.says(Intent.NEUTRALITY_REPORT) and not turn.reads_as(Kind.REPORT):
        turn.say("political_neutral", choices=turn.menu_choices())
        return
    if await _handled_as_code_or_menu(turn) or await understood.respond(turn):
        return
    if await _handled_as_command(turn):
        return
    await answer_question(turn)


async def _handled_as_code_or_menu(turn: Turn) -> bool:
    code = status.code_in(turn)
    if code is not None and not turn.reads_as(Kind.FOLLOW_UP, Kind.REPORT):
        await status.show(turn, code)
        return True
    if turn.says_only(Intent.MENU):
        turn.say("greeting", name=turn.citizen.display_name, choices=turn.menu_choices())
        return True
    return False


async def _handled_as_command(turn: Turn) -> bool:
    """Short messages that name what the citizen wants ("menu", "lapor", "cek status", a ticket code)."""
    if status.code_in(turn) is not None:
        await status.show(turn, status.code_in(turn) or "")
        return True
    short = len(turn.tokens) <= 4
    if turn.says_only(Intent.MENU) or (short and turn.says_only(Intent.GREETING)):
        turn.say("greeting", name=turn.citizen.display_name, choices=turn.menu_choices())
        return True
    if short and turn.says(Intent.THANKS) and not turn.says(Intent.COMPLAINT):
        turn.say("thanks_reply")
        return True
    if short and turn.says(Intent.STATUS):
        await status.start(turn)
        return True
    if short and turn.says(Intent.OFFICER):
        officer.start(turn)
        return True
    if short and turn.says(Intent.COMPLAINT):
        await complaint.start(turn)
        return True
    return False


async def answer_question(turn: Turn) -> None:
    # one more than shown, so that "Bukan ini" after an answer still has the next three
    result = turn.deps.faq.ask(turn.text, limit=not_this.SHOWN + 1)
    turn.go("idle", last_question=turn.text[:1000])
    candidates = [match for match in result.candidates if _fits(turn, match.entry_id)]
    not_this.remember(turn, [match.entry_id for match in candidates])
    ranked = [match.entry_id for match in candidates] if result.decision in ("answer", "suggest") else []
    if maybe_followup.unsure_follow_up(turn) and await maybe_followup.offer(turn, ranked):
        return
    if result.decision == "answer" and result.best is not None and _fits(turn, result.best.entry_id):
        answer_entry(turn, result.best.entry_id)
    elif _named_another_institution(turn):
        return
    elif result.decision in ("answer", "suggest") and (
        likely := _likely(turn, candidates, result.best.entry_id if result.best else None)
    ):
        options = tuple(not_this.suggestion(turn, match.entry_id) for match in likely[:3])
        none_of_these = turn.choice("complaint:from_text", "faq_suggest.none_of_these")
        turn.say("faq_suggest", choices=(*options, none_of_these))
    elif (
        turn.says(Intent.COMPLAINT_SIGNALS)
        or turn.says(Intent.COMPLAINT)
        or turn.says(Intent.NEUTRALITY_REPORT)
    ):
        turn.say("looks_like_complaint", choices=_after_unknown(turn))
    elif not turn.tokens:
        turn.say("not_understood", choices=turn.menu_choices())
    else:
        # marked, so reports count the questions the knowledge base could not answer
        turn.reply(turn.t("faq_unknown"), choices=_after_unknown(turn), topic="faq_unknown")


def _likely(turn: Turn, candidates: list[Match], best_id: str | None) -> list[Match]:
    """The candidates worth offering. When the best entry was left out (a hoax clarification the message
    does not ask about), the rest are often unrelated ("info lowongan cpns" was offered complaint
    procedures at 0.0003): only those with a suggestion's confidence are offered, else the bot says it
    does not know."""
    if candidates and candidates[0].entry_id == best_id:
        return candidates
    floor = turn.deps.faq.thresholds.suggest
    return [match for match in candidates if match.score >= floor]


def _named_another_institution(turn: Turn) -> bool:
    """A question about another institution's matter ("perpanjang SIM") that no entry answers is
    told which institution handles it (the KB's ``other_institutions.yaml``), not offered neighbours."""
    found = institution_for(turn.kb, turn.text)
    if found is None:
        return False
    institution, _ = found
    turn.reply(
        turn.t(
            "faq_elsewhere",
            matters=institution.matters,
            institution=institution.name,
            where=institution.where or institution.name,
        ),
        choices=(turn.choice("menu:complaint", "menu.complaint"), *turn.menu_choices()[2:]),
        topic="faq_elsewhere",
    )
    return True


def _fits(turn: Turn, entry_id: str) -> bool:
    """A hoax clarification answers only a message that asks whether something is true."""
    try:
        is_hoax = turn.kb.entry(entry_id).kind == "hoax_clarification"
    except KeyError:
        return False
    return not is_hoax or turn.reading is None or turn.reading.kind is Kind.HOAX_CHECK


def answer_entry(turn: Turn, entry_id: str) -> None:
    try:
        entry = turn.kb.entry(entry_id)
    except KeyError:
        turn.say("not_understood", choices=turn.menu_choices())
        return
    turn.reply(render_answer(entry, turn.kb.agency, letter=turn.letter))
    not_this.answered(turn, entry.id)
    turn.say("anything_else", choices=(not_this.choice(turn), *_after_answer(turn)))


def _after_answer(turn: Turn) -> tuple[Choice, ...]:
    """After an answer to what sounds like a problem ("air mati") or reads as a report even unsurely
    ("air pdam ga ngalir dari kemarin"), filing it is the likely next step."""
    sounds_like_problem = turn.says(Intent.COMPLAINT_SIGNALS) or turn.reads_as(Kind.REPORT)
    if sounds_like_problem and turn.data.get("last_question"):
        return (turn.choice("complaint:from_text", "faq_unknown.complaint"), *turn.menu_choices())
    return turn.menu_choices()


def _after_unknown(turn: Turn) -> tuple[Choice, ...]:
    return (
        turn.choice("complaint:from_text", "faq_unknown.complaint"),
        turn.choice("menu:officer", "menu.officer"),
        turn.choice("menu:main", "choice.menu"),
    )
