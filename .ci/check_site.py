"""Build the documentation site and read every page in headless Chromium, as a reader would.

    python .ci/check_site.py [--out build]

The site is built (strict) into ``OUT/site`` and served from a sub-path (``/ict-coop/``) on
127.0.0.1, the way a project site or an intranet folder serves it. Chromium (Debian's
``chromium`` and ``chromium-driver``; nothing downloads a browser) opens every page and the 404
page, and the check fails on:

- a JavaScript error or any console error;
- a request to another host (the resolver refuses every other host, so nothing leaves the
  machine, and each attempt is reported), a request that fails or answers 400 or more;
- a broken link to a page of the site or to an anchor on it, an image that does not load, a
  stylesheet that does not apply;
- text outside code that a docstring or page meant as markup: Sphinx roles (``:func:``),
  doctest prompts (``>>>``, or the nested quotes Markdown makes of them), code fences;
- an element id that starts with a digit (the theme's scripts look ids up as CSS selectors);
- a page wider than a phone's screen (tables and code scroll inside themselves, the page never).

Full-page screenshots of the home and tutorial pages are written to ``OUT/screenshots`` and
their paths printed.
"""

from __future__ import annotations

import argparse
import base64
import functools
import http.server
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

REPO = Path(__file__).resolve().parent.parent
BASE = "/ict-coop/"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
DESKTOP = (1280, 900)
PHONE = (390, 844)
SCREENSHOTS = {"home": "", "tutorial": "tutorial/"}
#: markup that should have become something else, seen as text outside code
LEFTOVER_MARKUP = {
    "a Sphinx role": re.compile(r":(?:py:)?(?:func|class|meth|mod|attr|data|exc|obj|ref|doc|const|term):"),
    "a doctest prompt": re.compile(r">>>"),
    "a code fence": re.compile(r"```"),
}

# What one page tells about itself (run in the page once it has loaded).
PAGE_FACTS = """
const content = document.querySelector('article') || document.body;
const prose = content.cloneNode(true);
prose.querySelectorAll('pre, code, script, style, .headerlink').forEach(e => e.remove());
return {
  links: Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
  brokenImages: Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src),
  unappliedStyles: Array.from(document.querySelectorAll('link[rel=stylesheet]')).filter(l => !l.sheet).map(l => l.href),
  digitIds: Array.from(document.querySelectorAll('[id]')).map(e => e.id).filter(id => /^[0-9]/.test(id)),
  prose: prose.textContent,
  nestedQuotes: Array.from(content.querySelectorAll('blockquote > blockquote'))
    .filter(q => !q.parentElement.parentElement.closest('blockquote'))
    .map(q => q.textContent.trim().slice(0, 60)),
  title: document.title,
};
"""
OVERFLOW = "return [document.documentElement.scrollWidth, window.innerWidth];"


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build(site: Path, address: str) -> None:
    """The strict build, told the address it is served from (the 404 page needs the folder)."""
    env = {**os.environ, "ICT_COOP_SITE_URL": address, "NO_MKDOCS_2_WARNING": "1"}
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-q",
        "-f",
        str(REPO / "mkdocs.yml"),
        "-d",
        str(site),
    ]
    subprocess.run(command, check=True, env=env, cwd=REPO)


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serve the site under BASE only; anything missing gets the site's 404 page with status 404."""

    def send_head(self):
        """The file asked for, or the 404 page."""
        path = urlsplit(self.path).path
        if path.startswith(BASE):
            local = Path(self.translate_path("/" + path[len(BASE) :]))
            if local.is_dir() and not path.endswith("/"):
                self.path = path + "/"
            if local.is_file() or (local / "index.html").is_file():
                self.path = "/" + self.path[len(BASE) :]
                return super().send_head()
        page = Path(self.directory) / "404.html"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(page.stat().st_size))
        self.end_headers()
        return page.open("rb")

    def log_message(self, *args: object) -> None:
        """Quiet: problems are reported by the browser's side."""
        pass


def serve(site: Path, port: int) -> http.server.ThreadingHTTPServer:
    """The site on 127.0.0.1:``port``, in a background thread."""
    handler = functools.partial(SubPathHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def browser():
    """Headless Chromium through Debian's driver, logging the console and the network."""
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager never fetches a driver or a browser
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--disable-sync",
        # every host but this machine is unknown: an outside request fails here and is reported
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        f"--window-size={DESKTOP[0]},{DESKTOP[1]}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


def network(driver, origin: str, document: str) -> tuple[list[str], list[str]]:
    """Requests to other hosts, and requests that failed, since the last call."""
    outside, failed = [], []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if url.split(":", 1)[0] in ("http", "https", "ws", "wss") and not url.startswith(origin):
                outside.append(url)
        elif message["method"] == "Network.responseReceived":
            response = params["response"]
            if response["status"] >= 400 and response["url"] != document:
                failed.append(f"{response['url']} answered {response['status']}")
        elif message["method"] == "Network.loadingFailed" and not params.get("canceled"):
            failed.append(f"a request failed: {params.get('errorText')}")
    return outside, failed


def console_errors(driver, document: str) -> list[str]:
    """Console errors since the last call (uncaught exceptions, failed loads, console.error)."""
    errors = []
    for entry in driver.get_log("browser"):
        # the 404 page itself answers 404 on purpose; Chrome says so in the console
        if entry["level"] == "SEVERE" and not entry["message"].startswith(f"{document} - Failed to load resource"):
            errors.append(entry["message"])
    return errors


def open_page(driver, url: str) -> dict:
    """Open ``url``, wait until it has loaded, and return what PAGE_FACTS finds on it."""
    driver.get(url)
    deadline = time.monotonic() + 10
    while driver.execute_script("return document.readyState") != "complete" and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # let the search worker and late scripts run, so their errors are seen
    return driver.execute_script(PAGE_FACTS)


def screenshot(driver, path: Path) -> None:
    """The whole page, not just the window."""
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip}
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(shot["data"]))


class LinkChecker:
    """Same-site links fetched once each; an anchor must be an id on its page."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.pages: dict[str, str | None] = {}

    def html(self, url: str) -> str | None:
        """The page at ``url``, or None when the site does not have it."""
        if url not in self.pages:
            try:
                with urllib.request.urlopen(url, timeout=10) as reply:
                    self.pages[url] = reply.read().decode("utf-8", "replace")
            except urllib.error.HTTPError:
                self.pages[url] = None
        return self.pages[url]

    def problem(self, link: str) -> str | None:
        """What is wrong with ``link``, or None."""
        if not link.startswith(self.origin):
            return None  # outside pages are not fetched (no network); only requests are checked
        url, anchor = urldefrag(link)
        html = self.html(url)
        if html is None:
            return f"{link} is not found"
        if anchor and not re.search(rf"""\bid=["']?{re.escape(anchor)}["'\s>]""", html):
            return f"{link}: no element with id {anchor!r}"
        return None


def main() -> int:
    """Build, serve, read every page; 1 when anything is wrong."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=REPO / "build", help="build folder (site/ and screenshots/)")
    args = parser.parse_args()
    out = args.out.resolve()
    site = out / "site"
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    build(site, origin + BASE)
    server = serve(site, port)
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html")
    urls = [origin + BASE + page.removesuffix("index.html") for page in pages]
    problems: dict[str, list[str]] = {}
    links = LinkChecker(origin)
    checked_links = 0
    driver = browser()
    try:
        for url in [*urls, origin + BASE + "no-such-page/at/depth/"]:
            facts = open_page(driver, url)
            found = problems.setdefault(url, [])
            outside, failed = network(driver, origin, url)
            found += [f"JavaScript or console error: {e}" for e in console_errors(driver, url)]
            found += [f"request to another host: {u}" for u in outside]
            found += failed
            found += [f"image does not load: {src}" for src in facts["brokenImages"]]
            found += [f"stylesheet not applied: {href}" for href in facts["unappliedStyles"]]
            found += [f"id starts with a digit: {i!r}" for i in facts["digitIds"]]
            # Markdown reads a doctest's `>>>` as three quote markers
            found += [f"a doctest rendered as nested quotes: {q!r}" for q in facts["nestedQuotes"]]
            for what, pattern in LEFTOVER_MARKUP.items():
                for hit in pattern.finditer(facts["prose"]):
                    context = facts["prose"][max(0, hit.start() - 40) : hit.end() + 40].replace("\n", " ")
                    found.append(f"{what} outside code: ...{context}...")
            for link in sorted(set(facts["links"])):
                checked_links += 1
                if problem := links.problem(link):
                    found.append(f"broken link: {problem}")
            driver.set_window_size(*PHONE)
            width, screen = driver.execute_script(OVERFLOW)
            if width > screen + 1:
                found.append(f"at phone width ({screen}px) the page is {width}px wide: something does not scroll")
            driver.set_window_size(*DESKTOP)
            name = url[len(origin + BASE) :]
            if name in SCREENSHOTS.values():
                label = next(k for k, v in SCREENSHOTS.items() if v == name)
                open_page(driver, url)  # at desktop width again
                path = out / "screenshots" / f"{label}.png"
                screenshot(driver, path)
                print(f"screenshot of the {label} page: {path}")
            driver.get_log("browser"), driver.get_log("performance")  # forget this page's reload
    finally:
        driver.quit()
        server.shutdown()
    bad = {url: found for url, found in problems.items() if found}
    for url, found in bad.items():
        print(f"\n{url}")
        for problem in found:
            print(f"  - {problem}")
    print(
        f"\n{len(urls)} pages and the 404 page opened in {driver.caps.get('browserName', 'chromium')} "
        f"{driver.caps.get('browserVersion', '')}; {checked_links} links checked; "
        f"{sum(map(len, bad.values()))} problems on {len(bad)} pages"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
