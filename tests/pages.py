"""Opening pages in real headless Chromium (Playwright) for the browser tests: the page records console
errors, page errors and every request, and blocks any request that would leave file://."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_SCHEMES = {"file", "data", "blob"}
WAIT_READY = """() => new Promise(resolve => {
  if (window.kgViz && kgViz.state.ready) { resolve(); } else { document.addEventListener('kg:ready', resolve); }
})"""
PWN = [
    "<script>window.__pwned=1</script>",
    '"><img src=x onerror="window.__pwned=1">',
    "</script><script>window.__pwned=1</script>",
    "<svg onload=\"window.__pwned=1\"></svg> 'single' \"double\" `back`",
    "javascript:window.__pwned=1",
]


class OpenPage:
    """A page opened from file:// that records console errors, page errors and every request."""

    def __init__(self, browser, path: Path, bypass_csp: bool = False):
        self.context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=bypass_csp)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri(), wait_until="load")
        self.page.evaluate(WAIT_READY)

    def _route(self, route):
        if urlsplit(route.request.url).scheme in LOCAL_SCHEMES:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def close(self):
        self.context.close()

    def click_canvas_at(self, canvas_point: dict) -> None:
        """Centre the view on a canvas point, then click it with the mouse."""
        self.page.evaluate("p => kgViz.network.moveTo({position: p, scale: 1.2, animation: false})", canvas_point)
        box = self.page.locator("#kg-network canvas").bounding_box()
        self.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)

    def edge_point(self, edge: int) -> dict:
        """A point on the drawn edge that no node covers (a long label can hide the middle)."""
        return self.page.evaluate("""id => {
          const n = kgViz.network, e = n.body.edges[id].edgeType;
          for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8]) {
            const p = e.getPoint(t);
            if (n.getNodeAt(n.canvasToDOM(p)) === undefined) { return p; }
          }
          throw new Error('edge ' + id + ' is covered by nodes');
        }""", edge)

    def panel_text(self) -> str:
        return self.page.locator("#kg-panel").inner_text()


def assert_offline_and_clean(opened: OpenPage) -> None:
    assert opened.errors == []
    assert opened.blocked == []
    assert opened.requests and all(urlsplit(url).scheme in LOCAL_SCHEMES for url in opened.requests)
