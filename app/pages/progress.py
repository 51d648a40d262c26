"""Progress: waiting for its library API."""

from __future__ import annotations

import streamlit as st

st.title("Progress")
st.info("Not available yet.")
