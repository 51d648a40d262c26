"""One real-browser test: `streamlit run` on a loopback port, driven by Playwright with Debian's Chromium.

Playwright cannot download its own browser here, so it launches the system Chromium (`apt-get install -y
chromium`, done by .ci/run). The test skips, saying why, only where no Chromium is installed.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from paperstudy.service.quiz import QuizService
from paperstudy.store import Library, Vault
from tests.app.conftest import APP, REPO

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def settled(page: Page) -> None:
    """Wait until the app's script run has finished (no widget may be replaced while we type)."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(fake_vault: Path, tmp_path: Path) -> Iterator[str]:
    """`streamlit run app/streamlit_app.py` on a free loopback port; stopped (its whole group) afterwards."""
    port = free_port()
    env = {
        **os.environ,
        "PAPERSTUDY_NOTES": str(fake_vault),
        "PYTHONPATH": os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p),
    }
    log = (tmp_path / "streamlit.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", str(APP),
            "--server.headless", "true",
            "--server.address", "127.0.0.1",
            "--server.port", str(port),
            "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
        ],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"streamlit exited with {process.returncode}: {(tmp_path / 'streamlit.log').read_text()}"
                )
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("streamlit did not answer on /_stcore/health within 60 s")
            time.sleep(0.3)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
        log.close()


def test_domains_page_and_one_quiz_card_in_a_real_browser(
    server: str, fake_vault: Path, tmp_path: Path
) -> None:
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium installed (apt-get update && apt-get install -y chromium; see .ci/run)")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        pytest.fail(
            "the playwright package is missing: it belongs in the dev extras (pip install playwright)"
        )

    expect.set_options(timeout=30_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 2000})
            page.set_default_timeout(30_000)
            page.goto(server)
            settled(page)
            expect(page.get_by_role("heading", name="Domains").first).to_be_visible()
            expect(page.get_by_text("Domain brief")).to_be_visible()
            expect(page.get_by_text("Predicting the probability of a click").first).to_be_visible()
            expect(page.get_by_text("Open a paper")).to_be_visible()
            settled(page)
            page.screenshot(path=str(tmp_path / "domains.png"), full_page=True)

            page.get_by_role("link", name="Quiz").click()
            settled(page)
            expect(page.get_by_role("heading", name="Quiz").first).to_be_visible()
            check = page.get_by_role("button", name="Check")
            expect(check).to_be_visible()
            typed = page.locator("textarea")
            if typed.count():
                typed.fill("LR, FM")
                typed.press("Control+Enter")  # Streamlit applies a text area's value on Ctrl+Enter or blur
                expect(page.get_by_text("Press Ctrl+Enter to apply")).to_have_count(0)
                settled(page)
            else:  # a multiple-choice card
                page.get_by_role("radiogroup").get_by_role("radio").first.check(force=True)
            check.click()
            settled(page)
            expect(page.get_by_text("Expected:")).to_be_visible()
            expect(page.get_by_role("button", name="Good", exact=True)).to_be_visible()
            page.screenshot(path=str(tmp_path / "quiz-feedback.png"), full_page=True)
            page.get_by_role("button", name="Good", exact=True).click()
            expect(page.get_by_text("Rated good")).to_be_visible()
            settled(page)
            page.screenshot(path=str(tmp_path / "quiz-next.png"), full_page=True)
        finally:
            browser.close()

    with Library(Vault(fake_vault)) as library:
        reviews = QuizService(library).reviews()
    assert [r.rating for r in reviews] == ["good"]
    assert (tmp_path / "domains.png").stat().st_size > 10_000
