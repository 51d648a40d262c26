"""Ask the library: waiting for its library API."""

from __future__ import annotations

import streamlit as st

st.title("Ask the library")
st.info("Not available yet.")
