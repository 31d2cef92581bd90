"""Headless Chromium for tests of the HTML edition: a reader opens it in a browser, so its layout,
its printout and its accessibility are only known once a real engine has laid it out.

Debian's chromium and chromedriver are used (.ci/run installs them), never a browser that
Selenium would download: the machines reach no such host. Like every system tool the tests use,
they skip visibly when missing locally and fail in CI (CI=true).
"""

from __future__ import annotations

import base64
import os
import shutil
from pathlib import Path
from typing import Any, NoReturn

import pytest

from conftest import require_tool

AXE_ENV = "BRIEFGEN_AXE_JS"
DEFAULT_AXE_JS = Path.home() / ".cache" / "briefgen-test" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGE_LOAD_SECONDS = 30  # a self-contained file loads in well under a second; this catches a hang
DESKTOP_HEIGHT = 900


def _missing(message: str) -> NoReturn:
    """The same rule as conftest.require_tool, for things that are not programs on PATH."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def axe_script() -> Path:
    """axe.min.js, fetched ahead of time by .ci/run so that the tests need no network."""
    path = Path(os.environ.get(AXE_ENV) or DEFAULT_AXE_JS)
    if not path.is_file():
        _missing(f"needs axe-core at {path} (set {AXE_ENV}, or run the axe-core step of .ci/run)")
    return path


class Browser:
    """One Chromium for many pages: starting it costs about a second, a page load milliseconds."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver

    def open(self, html_path: Path, width: int = 1280, height: int = DESKTOP_HEIGHT) -> None:
        """Load the page with a viewport of exactly `width` CSS pixels.

        The viewport is set through DevTools rather than the window size, so that window
        decorations or a scrollbar's width never make a 390 px phone a few pixels narrower.
        """
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        self.driver.get(Path(html_path).resolve().as_uri())

    def evaluate(self, script: str) -> Any:
        return self.driver.execute_script(script)

    def horizontal_overflow(self) -> int:
        """How many CSS pixels the page is wider than the viewport (0 or less: no side-scroll)."""
        return int(self.evaluate(
            "return document.documentElement.scrollWidth - window.innerWidth"))

    def screenshot(self, html_path: Path, width: int, out_png: Path) -> Path:
        """A PNG of the whole page, top to bottom, as a reader at this width would scroll it.

        The page stays open afterwards, so the caller can measure the same layout.
        """
        self.open(html_path, width)
        height = int(self.evaluate("return document.documentElement.scrollHeight"))
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
        Path(out_png).write_bytes(base64.b64decode(shot["data"]))
        return Path(out_png)

    def print_to_pdf(self, html_path: Path, out_pdf: Path) -> Path:
        """What File > Print > Save as PDF gives a reader: the print stylesheet, its @page size.

        The viewport override is cleared first, so no earlier screen width leaks into print.
        """
        self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        self.driver.get(Path(html_path).resolve().as_uri())
        printed = self.driver.execute_cdp_cmd("Page.printToPDF", {
            "printBackground": True, "preferCSSPageSize": True})
        Path(out_pdf).write_bytes(base64.b64decode(printed["data"]))
        return Path(out_pdf)

    def axe_violations(self, html_path: Path, axe_js_path: Path) -> list[dict[str, Any]]:
        """axe-core's WCAG 2.1 A/AA violations: the failures it can find with no human judging.

        axe runs inside the page after it has loaded, on the DOM and styles Chromium computed,
        which is what makes colour contrast and hidden-content rules meaningful.
        """
        self.open(html_path)
        self.evaluate(Path(axe_js_path).read_text("utf-8"))
        result = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
            "  .then(r => done(r.violations), e => done({error: String(e)}));", WCAG_TAGS)
        if isinstance(result, dict):
            raise RuntimeError(f"axe-core could not run: {result.get('error')}")
        return list(result)

    def close(self) -> None:
        self.driver.quit()


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """One line per failed rule, with the elements it found, for an assertion message."""
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node.get("target", []))) for node in violation["nodes"]]
        lines.append(f"{violation['id']} ({violation.get('impact')}): {violation['help']} "
                     f"-> {', '.join(targets)}")
    return "\n".join(lines)


def start_browser() -> Browser:
    """Headless Chromium through Debian's chromedriver, or a visible skip (a failure in CI)."""
    require_tool("chromium", "chromedriver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("needs selenium (pip install -e '.[test]')")
    options = webdriver.ChromeOptions()
    # Naming both binaries keeps Selenium Manager from looking for (and downloading) its own.
    options.binary_location = shutil.which("chromium") or "chromium"
    # No sandbox: CI runs as root, where Chromium refuses one. No /dev/shm: where it is small
    # (a container's default is 64 MB) long pages' screenshots crash the renderer.
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", f"--window-size=1280,{DESKTOP_HEIGHT}"):
        options.add_argument(argument)
    service = Service(executable_path=shutil.which("chromedriver") or "chromedriver")
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(PAGE_LOAD_SECONDS)
    driver.set_script_timeout(PAGE_LOAD_SECONDS)
    return Browser(driver)
