"""Playwright for Python driving Debian's Chromium against pytest-django's live server.

Browser tests are transactional (the live server runs in another thread) with serialized rollback, so the rows
that migrations create (roles, prefectures, the root page) are back for whatever test runs next.
Failure screenshots go to test-artifacts/screenshots/.
"""

import contextlib
import os
import re
import threading
import time
from pathlib import Path

import pytest
from django.core.cache import cache

# Playwright's sync API runs an event loop in this thread; the ORM calls in the tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
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
BASE_DIR = Path(__file__).resolve().parents[2]
SCREENSHOTS = BASE_DIR / "test-artifacts" / "screenshots"
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
# Anything not served by the live server (YouTube players, fonts) is refused: the tests need no network.
OUTSIDE = re.compile(r"^(?!https?://(localhost|127\.0\.0\.1)[:/])[a-z]+://")
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """These tests run last: on PostgreSQL, a flush after them is not always restored for later transactional tests
    (they recreate what they need themselves, see factories.ensure_reference_data)."""
    ours = [item for item in items if item.nodeid.startswith("tests/browser/")]
    if ours:
        items[:] = [item for item in items if not item.nodeid.startswith("tests/browser/")] + ours


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="module")
def browser():
    """One Chromium per module: Playwright's sync API must be stopped before other modules start their own."""
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


class RequestsInFlight:
    """Counts the requests the live server is handling. A test ends only once none is: on SQLite the server's threads
    share the test's in-memory connection, and a flush beside a running request fails ("database table is locked")."""

    SETTLE = 0.2  # a request the browser sent just before its context closed is accepted within this time

    def __init__(self, httpd):
        self.count = 0
        self.changed = threading.Condition()
        process_request, handle = httpd.process_request, httpd.process_request_thread

        def counted_process_request(request, client_address):  # in the server's thread, before the handler starts
            with self.changed:
                self.count += 1
            try:
                process_request(request, client_address)
            except BaseException:
                self._done()
                raise

        def counted_handle(request, client_address):
            try:
                handle(request, client_address)
            finally:
                self._done()

        httpd.process_request, httpd.process_request_thread = counted_process_request, counted_handle

    def _done(self):
        with self.changed:
            self.count -= 1
            self.changed.notify_all()

    def wait_until_idle(self, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            with self.changed:
                if not self.changed.wait_for(lambda: self.count == 0, timeout=max(0, deadline - time.monotonic())):
                    raise TimeoutError(f"the live server still handles {self.count} request(s) after {timeout} s")
            time.sleep(self.SETTLE)
            if self.count == 0:
                return


@pytest.fixture(scope="session")
def requests_in_flight(live_server):
    return RequestsInFlight(live_server.thread.httpd)


@pytest.fixture
def new_page(browser, live_server, requests_in_flight, request):
    """new_page(locale="ja", width=1280) -> a Playwright page on a fresh context; screenshots on failure."""
    cache.clear()
    contexts = []

    def make(locale="ja", width=1280, height=900):
        context = browser.new_context(base_url=live_server.url, locale=locale, viewport={"width": width, "height": height})
        context.set_default_timeout(10_000)
        context.route(OUTSIDE, lambda route: route.abort())
        context.add_init_script(path=str(AXE))
        contexts.append(context)
        return context.new_page()

    yield make
    failed = getattr(request.node, "report_call", None) is not None and request.node.report_call.failed
    if failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid.split("::", 1)[-1])
        for n, context in enumerate(contexts):
            for m, page in enumerate(context.pages):
                with contextlib.suppress(Exception):  # a screenshot must not hide the real failure
                    page.screenshot(path=str(SCREENSHOTS / f"{name}-{n}{m}.png"), full_page=True)
    for context in contexts:
        context.close()
    requests_in_flight.wait_until_idle()
    cache.clear()


@pytest.fixture
def shots(request, tmp_path_factory):
    """Where a test keeps its screenshots: $SCREENSHOT_DIR, else a temporary folder named after its module (printed)."""
    name = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_").replace("_", "-")
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path_factory.mktemp(name))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"screenshots: {folder}")
    return folder


@pytest.fixture
def page(new_page):
    return new_page()


def axe_violations(page, exclude=()):
    """axe-core's WCAG 2.x A/AA violations on the current page, as readable lines (axe is loaded into every page)."""
    result = page.evaluate(
        """async ([tags, exclude]) => {
            const context = exclude.length ? {exclude: exclude.map((s) => [s])} : document;
            return await axe.run(context, {runOnly: {type: "tag", values: tags}, iframes: false, resultTypes: ["violations"]});
        }""",
        [WCAG_AA_TAGS, list(exclude)],
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {', '.join(str(n['target']) for n in v['nodes'][:5])}"
        for v in result["violations"]
    ]
