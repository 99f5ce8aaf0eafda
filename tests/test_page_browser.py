"""The show's page in a real browser (Debian's headless Chromium via chromedriver)."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
from pathlib import Path
from typing import Iterator

import pytest
from mutagen.mp3 import MP3
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from audiozine.serve import make_app

from .fixtures import serving

# Both tests play the seed shows the workspace fixture builds with the real voices.
pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="audiozine-chromium-")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--autoplay-policy=no-user-gesture-required", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@contextlib.contextmanager
def serving_show(show_dir: Path) -> Iterator[str]:
    """The built show in `show_dir` served on loopback; yields its base URL."""
    with serving(make_app(show_dir, local_urls=True)) as (host, port):
        yield f"http://{host}:{port}/"


def fetched(driver: webdriver.Chrome, suffix: str) -> list[str]:
    """The page's requests for files ending in `suffix`, so far."""
    return driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        f".filter(n => n.endsWith('{suffix}'));")


def audio_durations(driver: webdriver.Chrome, timeout_s: float = 20) -> dict[str, float]:
    """Every player's duration, once each has been asked to load its metadata (the
    page loads none by itself)."""
    driver.execute_script("document.querySelectorAll('audio').forEach("
                          "a => { a.preload = 'metadata'; a.load(); });")
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        durations = driver.execute_script(
            "return Array.from(document.querySelectorAll('audio')).map("
            "a => [a.currentSrc || a.src, a.readyState >= 1 ? a.duration : null]);")
        if durations and all(d is not None for _src, d in durations):
            return {src.rsplit("/", 1)[-1]: d for src, d in durations}
        time.sleep(0.2)
    raise AssertionError(f"audio metadata did not load: {durations}")


def expected_durations(show_dir: Path) -> dict[str, float]:
    return {p.name: MP3(p).info.length for p in (show_dir / "episodes").glob("*.mp3")}


def test_served_page_plays_every_episode(browser, workspace: Path) -> None:
    show_dir = workspace / "feeds" / "customer-success"
    with serving_show(show_dir) as url:
        browser.get(url)
        time.sleep(1.0)
        assert fetched(browser, ".mp3") == []  # opening the page downloads no audio
        durations = audio_durations(browser)
        assert durations.keys() == expected_durations(show_dir).keys()
        for name, seconds in expected_durations(show_dir).items():
            assert abs(durations[name] - seconds) < 1.0, name
        tracks = browser.execute_script(
            "return Array.from(document.querySelectorAll('audio track')).map(t => t.src);")
        assert len(tracks) == len(durations) and all(t.endswith(".vtt") for t in tracks)
        # A chapter link seeks its player.
        link = browser.find_elements(By.CSS_SELECTOR, "a[data-seek]")[1]
        seek_to = float(link.get_attribute("data-seek"))
        link.click()
        audio_id = link.get_attribute("data-audio")
        time.sleep(0.5)
        position = browser.execute_script(
            f"return document.getElementById('{audio_id}').currentTime;")
        assert position >= seek_to - 0.1


def test_page_opened_from_disk_loads_the_audio(browser, workspace: Path) -> None:
    show_dir = workspace / "feeds" / "customer-success"
    browser.get((show_dir / "index.html").resolve().as_uri())
    durations = audio_durations(browser)
    assert durations.keys() == expected_durations(show_dir).keys()
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "Recognize Small Victories" in text
    assert "feed.xml" in browser.page_source
