"""A local HTTP server (127.0.0.1 only) for checkpoint download tests.

``/files/NAME`` serves ``root/NAME``; ``/truncated/NAME`` announces the full
``Content-Length`` but closes after half the bytes; ``/redirect/NAME`` sends
a 302 to ``/files/NAME``. Every request is counted in ``hits``.
"""
import http.server
import io
import os.path as osp
import threading
from collections import Counter

import torch


class _Handler(http.server.BaseHTTPRequestHandler):

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.hits[self.path] += 1
        kind, _, name = self.path.lstrip('/').partition('/')
        if kind == 'redirect':
            self.send_response(302)
            self.send_header('Location', f'/files/{name}')
            self.end_headers()
            return
        path = osp.join(self.server.root, name)
        if kind not in ('files', 'truncated') or not osp.isfile(path):
            self.send_error(404)
            return
        with open(path, 'rb') as file:
            data = file.read()
        self.send_response(200)
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data if kind == 'files' else data[:len(data) // 2])


class CheckpointServer:
    """Serve ``root`` on 127.0.0.1 at a free port, in a daemon thread."""

    def __init__(self, root: str):
        self.httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0),
                                                     _Handler)
        self.httpd.root = root
        self.httpd.hits = Counter()
        self.hits = self.httpd.hits
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, name: str, kind: str = 'files') -> str:
        host, port = self.httpd.server_address
        return f'http://{host}:{port}/{kind}/{name}'

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class WriteFileWhenUnpickled:
    """A pickle payload: unpickling it creates ``path`` (runs ``open``)."""

    def __init__(self, path: str):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, 'w'))


def malicious_checkpoint(path: str, marker: str, state_dict=None) -> str:
    """Write a torch checkpoint whose unpickling would create ``marker``."""
    torch.save(
        dict(
            state_dict=state_dict or dict(weight=torch.zeros(1)),
            meta=dict(epoch=1, iter=1),
            payload=WriteFileWhenUnpickled(marker)), path)
    return path


def checkpoint_bytes(obj) -> bytes:
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue()
