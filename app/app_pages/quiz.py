"""Quiz: due cards (or a chosen domain / facet): answer, see feedback with its source, rate; design drills."""

from __future__ import annotations

import time
from typing import Literal

import streamlit as st
from components import flash, guarded, library, md, open_paper, quiz, welcome_if_empty

from paperstudy.errors import NotFoundError
from paperstudy.models import FACETS, Feedback, QuizCard, RatingName, Rubric
from paperstudy.service.quiz import STAGE_TITLES, QuizService, structure_hint

RATINGS: tuple[RatingName, ...] = ("again", "hard", "good", "easy")
KIND_LABELS = {
    "facet_recall": "Recall",
    "cloze": "Fill in the blank",
    "multiple_choice": "Multiple choice",
    "compare": "Compare",
    "concept": "Explain",
    "drill": "Design drill",
}


def _rating_buttons(suggested: RatingName, key: str) -> RatingName | None:
    st.caption("How well did you know it? (the suggestion is highlighted; your call wins)")
    chosen: RatingName | None = None
    for column, rating in zip(st.columns(4), RATINGS, strict=True):
        kind: Literal["primary", "secondary"] = "primary" if rating == suggested else "secondary"
        if column.button(rating.capitalize(), key=f"{key}_{rating}", type=kind, width="stretch"):
            chosen = rating
    return chosen


def _source(feedback: Feedback, key: str) -> None:
    source = feedback.source
    if source is None or not source.text:
        return
    where = ", ".join(
        x for x in (source.paper_id, source.section, f"p. {source.page}" if source.page else None) if x
    )
    st.markdown(f"> {md(source.text)}\n\n*{md(where)}*")
    if (
        source.paper_id
        and source.page
        and st.button(f"Open p. {source.page}", key=key, icon=":material/article:")
    ):
        open_paper(source.paper_id, source.page)


def _key_points(feedback: Feedback) -> None:
    """A conceptual answer's key points: which were covered, which missed (with the sentence of each)."""
    if not feedback.key_points:
        return
    lines = []
    for point in feedback.key_points:
        if point.covered:
            lines.append(f"- :green[✓ covered] {md(point.text)}")
        else:
            where = f" (p. {point.page})" if point.page else ""
            lines.append(f"- :red[✗ missed] {md(point.text)}  \n  *“{md(point.sentence)}”{md(where)}*")
    st.markdown("**Key points**\n\n" + "\n".join(lines))


def _model_answer(rubric: Rubric) -> None:
    """The model answer in the interview structure: sentences the domain's papers printed, cited."""
    if not rubric.model_answer:
        return
    st.markdown("##### Model answer")
    st.caption("Assembled from sentences of the domain's papers, in the order an interviewer expects.")
    stage = None
    lines: list[str] = []
    for part in rubric.model_answer:
        if part.stage != stage:
            stage = part.stage
            lines.append(f"\n**{md(STAGE_TITLES[stage])}**\n")
        source = part.source
        page = f"p. {source.page}" if source.page else None
        where = ", ".join(x for x in (source.paper_id, source.section, page) if x)
        lines.append(f"- {md(part.text)} *({md(where)})*")
    st.markdown("\n".join(lines))


def _reset_card() -> None:
    for key in ("quiz_card", "quiz_feedback", "quiz_started"):
        st.session_state.pop(key, None)


def _review(service: QuizService) -> None:
    domains = service.domains()
    left, right = st.columns(2)
    domain = left.selectbox(
        "Domain",
        [None, *domains],
        format_func=lambda d: "All domains (due cards)" if d is None else d,
        key="quiz_domain",
        persist_state="session",
    )
    facet = right.selectbox(
        "Facet",
        [None, *FACETS],
        format_func=lambda f: "Any facet" if f is None else f,
        key="quiz_facet",
        persist_state="session",
    )
    if st.session_state.get("quiz_filter") != (domain, facet):
        st.session_state["quiz_filter"] = (domain, facet)
        st.session_state["quiz_ahead"] = False
        st.session_state["quiz_practised"] = []
        _reset_card()

    card: QuizCard | None = None
    card_id = st.session_state.get("quiz_card")
    if card_id is not None:
        try:
            card = service.card(card_id)
        except NotFoundError:  # deleted meanwhile (another tab, the CLI): move on to the next one
            _reset_card()
            card_id = None
    if card_id is None:
        ahead = bool(st.session_state.get("quiz_ahead"))
        practised = st.session_state.setdefault("quiz_practised", [])
        with st.spinner("Picking the next card…"):
            card = service.next_review(domain, facet, ahead=ahead, skip=practised)
        if card is not None:
            st.session_state["quiz_card"] = card.id
            st.session_state["quiz_started"] = time.monotonic()
    if card is None:
        st.success("Nothing is due here right now. Come back later, or pick another domain or facet.")
        if not st.session_state.get("quiz_ahead") and st.button(
            "Practise ahead of schedule", icon=":material/fast_forward:"
        ):
            st.session_state["quiz_ahead"] = True
            st.session_state["quiz_practised"] = []  # from now on, each card once until the filter changes
            st.rerun()
        return
    if st.session_state.get("quiz_ahead") and card.state != "new":
        st.caption("Practising ahead of schedule: this card is not due yet.")

    item = card.item
    st.caption(
        f"{KIND_LABELS.get(item.kind, item.kind)} · {item.facet or 'general'} · {', '.join(card.domains)} · "
        f"{card.state}"
    )
    st.markdown(f"#### {md(item.question)}")
    answer_key = f"answer_{card.id}"
    if item.choices:
        response = st.radio(
            "Your answer", item.choices, index=None, key=answer_key, format_func=md, persist_state="session"
        )
    else:
        response = st.text_area(
            "Your answer", key=answer_key, height=100, placeholder="Type what you remember"
        )
    raw = st.session_state.get("quiz_feedback")
    if raw is None:
        if st.button("Check", type="primary", icon=":material/task_alt:"):
            st.session_state["quiz_feedback"] = service.answer(card.id, response or "").model_dump(
                mode="json"
            )
            st.rerun()
        return
    feedback = Feedback.model_validate(raw)
    verdict = "Correct" if feedback.correct else "Not quite"
    (st.success if feedback.correct else st.warning)(f"{verdict} (score {feedback.score:.0%})")
    st.markdown(f"**Expected:** {md(feedback.expected)}")
    if feedback.matched:
        st.markdown("**You named:** " + md(", ".join(feedback.matched)))
    _key_points(feedback)
    _source(feedback, key=f"source_{card.id}")
    rating = _rating_buttons(feedback.suggested, key=f"rate_{card.id}")
    if rating is not None:
        started = st.session_state.get("quiz_started")
        duration = int((time.monotonic() - started) * 1000) if started else None
        service.rate(card.id, rating, response=response or "", feedback=feedback, duration_ms=duration)
        st.session_state.setdefault("quiz_practised", []).append(card.id)
        st.session_state.pop(answer_key, None)
        _reset_card()
        flash(f"Rated {rating}; next card")
        st.rerun()


def _drill(service: QuizService) -> None:
    domains = service.domains()
    domain = st.selectbox("Domain", domains, key="drill_domain", persist_state="session")
    prompt = st.text_input(
        "Your own design question (optional)",
        key="drill_prompt",
        placeholder="empty: the domain's typical interview question",
        persist_state="session",
    )
    raw = st.session_state.get("drill_rubric")
    rubric = Rubric.model_validate(raw) if raw else None
    if rubric is None or rubric.domain != domain or st.session_state.get("drill_prompt_used") != prompt:
        with st.spinner("Assembling a rubric from the domain's notes…"):
            rubric = service.drill(domain, prompt or None)
        st.session_state["drill_rubric"] = rubric.model_dump(mode="json")
        st.session_state["drill_prompt_used"] = prompt
        st.session_state.pop("drill_feedback", None)
    st.markdown(f"#### {md(rubric.prompt)}")
    st.caption("Structure your answer: " + structure_hint())
    response = st.text_area("Your answer", key="drill_answer", height=220, persist_state="session")
    raw_feedback = st.session_state.get("drill_feedback")
    if raw_feedback is None:
        if st.button("Grade my answer", type="primary", disabled=not (response or "").strip()):
            st.session_state["drill_feedback"] = service.grade_drill(rubric, response or "").model_dump(
                mode="json"
            )
            st.rerun()
        return
    feedback = Feedback.model_validate(raw_feedback)
    st.info(
        f"You covered {len(feedback.covered)} of {len(rubric.points)} points (score {feedback.score:.0%})."
    )
    left, right = st.columns(2)
    with left:
        st.markdown("**Covered**")
        for point in feedback.covered:
            st.markdown(f"- :green[✓] *{point.stage}*: {md(point.label)}")
    with right:
        st.markdown("**Missed**")
        for point in feedback.missed:
            cites = "; ".join(f"{s.paper_id} p. {s.page}" for s in point.sources[:3] if s.paper_id and s.page)
            said = point.sources[0].text if point.sources else ""
            st.markdown(
                f"- *{point.stage}*: {md(point.label)}"
                + (f" *({md(cites)})*" if cites else "")
                + (f"  \n  > {md(said)}" if said else "")
            )
    _model_answer(rubric)
    rating = _rating_buttons(feedback.suggested, key="drill_rate")
    if rating is not None:
        service.record_drill(rubric, feedback, rating, response or "")
        for key in ("drill_feedback", "drill_answer"):
            st.session_state.pop(key, None)
        flash(f"Drill recorded as {rating}")
        st.rerun()


st.title("Quiz")
if not welcome_if_empty():
    with guarded("The quiz cannot continue"):
        library()
        service = quiz()
        mode = st.segmented_control(
            "Mode", ["Cards", "Design drill"], default="Cards", key="quiz_mode", persist_state="session"
        )
        if mode == "Design drill":
            _drill(service)
        else:
            _review(service)
