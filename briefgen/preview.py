"""`briefgen watch --serve`: the HTML edition in a browser on localhost, reloaded after each
build.

The brief itself stays as it is built (no script: its Content-Security-Policy allows none); the
page at `/` frames it and asks `/_briefgen/build` every half second which build is current.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FRAME = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{name} — briefgen preview</title>
<style>html,body{{margin:0;height:100%}}iframe{{border:0;width:100%;height:100%}}</style>
</head><body><iframe id="brief" src="/{name}" title="{name}"></iframe>
<script>
let seen = null;
async function poll() {{
  try {{
    const build = await (await fetch("/_briefgen/build", {{cache: "no-store"}})).text();
    if (seen !== null && build !== seen) {{
      const frame = document.getElementById("brief");
      const y = frame.contentWindow ? frame.contentWindow.scrollY : 0;
      frame.onload = () => frame.contentWindow.scrollTo(0, y);
      frame.src = "/{name}?build=" + build;
    }}
    seen = build;
  }} catch (error) {{}}
  setTimeout(poll, 500);
}}
poll();
</script></body></html>
"""


class Preview:
    """A local web server for one HTML file in `folder`; `built()` says a new build is there."""

    def __init__(self, folder: Path, name: str, port: int = 0, host: str = "127.0.0.1"):
        self.folder, self.name = folder, name
        self.build = 0
        preview = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path = self.path.split("?", 1)[0]
                if path == "/":
                    self._send(FRAME.format(name=preview.name).encode(), "text/html")
                elif path == "/_briefgen/build":
                    self._send(str(preview.build).encode(), "text/plain")
                elif path == "/" + preview.name:
                    try:
                        data = (preview.folder / preview.name).read_bytes()
                    except OSError:
                        self.send_error(404, "not built yet")
                        return
                    self._send(data, "text/html")
                else:
                    self.send_error(404)

            def _send(self, data: bytes, kind: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):  # the terminal shows builds, not requests
                pass

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.url = f"http://{host}:{self.server.server_address[1]}/"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> Preview:
        self._thread.start()
        return self

    def built(self) -> None:
        self.build += 1

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
