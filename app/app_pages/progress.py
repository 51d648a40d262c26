"""Progress: reviews per day, retention, due forecast, mastery per domain and facet, weakest topics."""

from __future__ import annotations

import altair as alt
import streamlit as st
from components import guarded, md, open_paper, quiz, welcome_if_empty

from paperstudy.models import Mastery, Progress
from paperstudy.service.quiz import QuizService

Rows = list[dict[str, object]]


def _bar(rows: Rows, x: str, y: str, title: str, *, color: str | None = None) -> alt.Chart:
    chart = alt.Chart({"values": rows}, title=title).mark_bar()
    y_axis = alt.Y(
        y, title=y.split(":")[0].removeprefix("sum(").removesuffix(")"), axis=alt.Axis(tickMinStep=1)
    )
    encoding: dict[str, alt.X | alt.Y | alt.Color] = {"x": alt.X(x), "y": y_axis}
    if color:
        encoding["color"] = alt.Color(color)
    encoded: alt.Chart = chart.encode(**encoding)
    return encoded


def _mastery_rows(groups: dict[str, Mastery], label: str) -> Rows:
    return [
        {label: name, "mastery": round(m.mastery, 3), "cards": m.cards, "reviewed": m.reviewed}
        for name, m in groups.items()
    ]


def _charts(progress: Progress) -> None:
    reviews: Rows = [
        {"date": d.date, "result": result, "reviews": count}
        for d in progress.reviews_per_day
        for result, count in (("correct", d.reviews - d.again), ("again", d.again))
    ]
    forecast: Rows = [{"date": d.date, "due": d.reviews} for d in progress.due.next_days]
    left, right = st.columns(2)
    left.altair_chart(
        _bar(reviews, "date:O", "sum(reviews):Q", "Reviews per day (30 days)", color="result:N"),
        width="stretch",
    )
    right.altair_chart(_bar(forecast, "date:O", "due:Q", "Due forecast (next 7 days)"), width="stretch")
    left, right = st.columns(2)
    if progress.by_domain:
        domains = _mastery_rows(progress.by_domain, "domain")
        left.altair_chart(
            _bar(domains, "mastery:Q", "domain:N", "Mastery per domain").encode(
                x=alt.X("mastery:Q", scale=alt.Scale(domain=[0, 1]))
            ),
            width="stretch",
        )
    if progress.by_facet:
        facets = _mastery_rows(progress.by_facet, "facet")
        right.altair_chart(
            _bar(facets, "mastery:Q", "facet:N", "Mastery per facet").encode(
                x=alt.X("mastery:Q", scale=alt.Scale(domain=[0, 1]))
            ),
            width="stretch",
        )


def _weakest(service: QuizService, progress: Progress, domain: str | None) -> None:
    st.subheader("Weakest topics")
    groups = [
        (f"{kind} {name}", m)
        for kind, table in (("domain", progress.by_domain), ("facet", progress.by_facet))
        for name, m in table.items()
        if m.reviewed
    ]
    if not groups:
        st.caption("Review some cards first: weak spots show up after a few answers.")
        return
    groups.sort(key=lambda g: g[1].mastery)
    st.dataframe(
        [
            {"topic": name, "mastery": f"{m.mastery:.0%}", "reviewed cards": m.reviewed, "cards": m.cards}
            for name, m in groups[:6]
        ],
        hide_index=True,
    )
    spots = service.weakest_papers(domain)
    for index, spot in enumerate(spots):
        text, go = st.columns([6, 1], vertical_alignment="center")
        text.markdown(
            f"**{md(spot.title)}**: recall {spot.recall:.0%} over {spot.cards} cards, {spot.lapses} lapses"
        )
        if go.button("Open", key=f"weak_{index}"):
            open_paper(spot.paper_id)


st.title("Progress")
if not welcome_if_empty():
    with guarded("Cannot compute progress"):
        service = quiz()
        domain = st.selectbox(
            "Domain",
            [None, *service.domains()],
            format_func=lambda d: "All domains" if d is None else d,
            key="progress_domain",
            persist_state="session",
        )
        progress = service.progress(domain)
        retention = progress.retention
        cols = st.columns(4)
        cols[0].metric("Reviews", progress.reviews_total)
        cols[1].metric("Retention", "—" if retention is None else f"{retention:.0%}")
        cols[2].metric("Due now", progress.due.now)
        cols[3].metric("New cards available today", progress.due.new_available)
        if not progress.reviews_total:
            st.info("No reviews yet: answer a few cards on the Quiz page and your progress shows up here.")
        _charts(progress)
        _weakest(service, progress, domain)
