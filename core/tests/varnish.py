"""A real varnishd with the VCL the repository ships (deploy/varnish/default.vcl), for the
tests that depend on it, and a backend that only records what reaches it.

varnishd listens as in production (`make serve-varnish`): readers' plain HTTP (``url``),
what a TLS proxy in front decrypted (``https_url``) and the workers' purges
(``purge_url``).
"""

import http.client
import os
import shutil
import subprocess
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlsplit

from .processes import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
VCL = ROOT / "deploy" / "varnish" / "default.vcl"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
# The lines that make Varnish hear of changes on its ordinary traffic: without them it
# learns of changes only from purges.
TOLD = 'set bereq.http.X-Invalidations-Seen = var.global_get("seen");'
HEARTBEAT = "set req.hash_always_miss = true;"


def have_varnishd() -> bool:
    return Path(VARNISHD).exists()


class Varnish:
    """varnishd with the shipped VCL, its backend pointed at ``backend_port``. With
    ``purges_only``, it does not ask the site what changed on its ordinary traffic, to show
    that purges, alone, remove a page. ``purge_secret`` is the NEWSROOM_PURGE_SECRET in
    its environment (None: unset)."""

    def __init__(self, backend_port: int, *, purges_only: bool = False, purge_secret: str | None = None):
        self.folder = Path(tempfile.mkdtemp(prefix="varnish-test-"))
        self.folder.chmod(0o755)  # varnishd's own users (vcache) read the compiled VCL here
        vcl = VCL.read_text().replace('.port = "8001"', f'.port = "{backend_port}"')
        if purges_only:
            for line in (TOLD, HEARTBEAT):
                assert line in vcl
                vcl = vcl.replace(line, "")
        (self.folder / "default.vcl").write_text(vcl)
        self.purge_secret = purge_secret
        self.port, self.https_port, self.purge_port = free_port(), free_port(), free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def https_url(self) -> str:
        return f"http://127.0.0.1:{self.https_port}"

    @property
    def purge_url(self) -> str:
        return f"http://127.0.0.1:{self.purge_port}/"

    def start(self) -> "Varnish":
        environment = {name: value for name, value in os.environ.items() if name != "NEWSROOM_PURGE_SECRET"}
        if self.purge_secret is not None:
            environment["NEWSROOM_PURGE_SECRET"] = self.purge_secret
        self.process = subprocess.Popen(
            [VARNISHD, "-F", "-f", str(self.folder / "default.vcl"),
             "-a", f"http=127.0.0.1:{self.port}", "-a", f"https=127.0.0.1:{self.https_port}",
             "-a", f"purge=127.0.0.1:{self.purge_port}",
             "-n", str(self.folder / "work"), "-s", "malloc,32m"],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self._answers, 30, what="varnishd")
        return self

    def _answers(self) -> bool:
        try:
            return fetch(self.url + "/robots.txt")[0] < 500
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(20)
        shutil.rmtree(self.folder, ignore_errors=True)


def fetch(
    url: str,
    cookie: str | None = None,
    *,
    method: str = "GET",
    headers: list[tuple[str, str]] | tuple[tuple[str, str], ...] = (),
    source: str | None = None,
) -> tuple[int, dict[str, str], str]:
    """Status, headers and body, redirects not followed. ``headers`` are sent as written,
    repeated names and underscores included (a Host among them replaces the URL's);
    ``source``: the address to connect from (another machine is 127.0.0.2)."""
    parts = urlsplit(url)
    target = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~") + (
        "?" + quote(parts.query, safe="/%:@!$&'()*+,;=-._~?") if parts.query else ""
    )
    connection = http.client.HTTPConnection(
        parts.hostname, parts.port, timeout=10, source_address=(source, 0) if source else None
    )
    try:
        names = {name.lower() for name, _value in headers}
        connection.putrequest(method, target, skip_host="host" in names, skip_accept_encoding=True)
        for name, value in headers:
            connection.putheader(name, value)
        if cookie:
            connection.putheader("Cookie", cookie)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.headers), response.read().decode(errors="replace")
    finally:
        connection.close()


class RecordingBackend:
    """A plain HTTP server that keeps the headers of every request it is sent, as it
    received them, and answers a page any cache may share, tagged with the key its path
    names (``/story/1`` is ``story:1``) and showing the key's current ``versions``. With
    ``cursor``, every answer tells Varnish that cursor, as the site tells the changes it saw
    (``X-Invalidations-Upto``)."""

    def __init__(self, cursor: str | None = None):
        self.received: list[tuple[str, list[tuple[str, str]]]] = []
        self.versions: dict[str, int] = {}
        backend = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                backend.received.append((self.path, list(self.headers.items())))
                key = ":".join(part for part in self.path.split("?")[0].split("/") if part)
                body = f"{key} v{backend.versions.get(key, 1)}".encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "public, max-age=0, s-maxage=300")
                self.send_header("xkey", key)
                if cursor is not None:
                    self.send_header("X-Invalidations-Upto", cursor)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "RecordingBackend":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def headers_of(self, path: str) -> list[tuple[str, str]]:
        """The headers of the last request for ``path`` that reached the backend."""
        for received_path, headers in reversed(self.received):
            if received_path == path:
                return headers
        raise AssertionError(f"{path} never reached the backend")
