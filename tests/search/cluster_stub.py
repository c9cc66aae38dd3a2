"""A local stand-in for an Elasticsearch 9 node: a threaded http.server answering the cluster's documented JSON.

It keeps the documents the backend indexes (index, bulk, delete) and answers _search / _count / scroll with the
documents whose text holds every word of the query (a substring test, not kuromoji: enough to see which pages the
site shows of what the cluster returns), honouring `terms`/`term` filters on stored fields (pk, content_type) and counting `terms`
aggregations.
`mode`: "ok", "slow" (sleeps `delay` seconds before answering) or "error" (503 for everything).
`refused_url()` is a URL on which nothing listens (connection refused).
"""

import json
import socket
import threading
import time
import unicodedata
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

PORTS = range(9211, 9220)  # this helper's ports for a local Elasticsearch stand-in
SHARDS = {"total": 1, "successful": 1, "skipped": 0, "failed": 0}


def _free_port():
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 9211-9219 for the Elasticsearch stub")


def refused_url():
    return f"http://127.0.0.1:{_free_port()}"


def _query_strings(node):
    """Every query string of match / multi_match / match_phrase clauses in a query body."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("match", "match_phrase") and isinstance(value, dict):
                for clause in value.values():
                    found.append(clause["query"] if isinstance(clause, dict) else clause)
            elif key == "multi_match":
                found.append(value["query"])
            elif key != "filter":  # filters narrow; they are not what is searched
                found += _query_strings(value)
    elif isinstance(node, list):
        for item in node:
            found += _query_strings(item)
    return found


def _term_filters(node, in_filter=False):
    """[(field, allowed values)] of the terms / term clauses in a query body (and match clauses in its filters)."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("terms", "term") or (in_filter and key == "match") and isinstance(value, dict):
                for field, allowed in value.items():
                    allowed = allowed.get("value") if isinstance(allowed, dict) else allowed
                    found.append((field, {str(v) for v in (allowed if isinstance(allowed, list) else [allowed])}))
            elif key != "must_not":
                found += _term_filters(value, in_filter or key == "filter")
    elif isinstance(node, list):
        for item in node:
            found += _term_filters(item, in_filter)
    return found


class ClusterStub:
    def __init__(self):
        self.indexes = {}  # name -> {id: source}
        self.requests = []  # (method, path, body)
        self.mode = "ok"
        self.delay = 0.0
        self.port = _free_port()
        self.server = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        """Listen (again) on this stub's port."""
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        """Stop listening: connections to the port are refused until start()."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def searches(self):
        return [body for method, path, body in self.requests if path.endswith("/_search")]

    # ------------------------------------------------------------ answers

    def matching(self, index, body):
        docs = self.indexes.get(index, {})
        query = body.get("query", {})
        words = [unicodedata.normalize("NFKC", q).lower().split() for q in _query_strings(query)]
        filters = _term_filters(query)
        hits = []
        for doc_id, source in docs.items():
            text = unicodedata.normalize("NFKC", json.dumps(source, ensure_ascii=False)).lower()
            if words and not any(all(word in text for word in group) for group in words):
                continue
            if any(field in source and not self._has(source[field], allowed) for field, allowed in filters):
                continue
            score = sum(text.count(word) for group in words for word in group) or 1.0
            hits.append({"_index": index, "_id": doc_id, "_score": float(score), "fields": {"pk": [source.get("pk", doc_id)]}})
        hits.sort(key=lambda hit: (-hit["_score"], -int(hit["_id"]) if hit["_id"].isdigit() else 0))
        return hits

    @staticmethod
    def _has(value, allowed):
        values = value if isinstance(value, list) else [value]
        return any(str(v) in allowed for v in values)

    def answer(self, method, path, query, body):
        parts = [p for p in path.split("/") if p]
        if not parts:
            return 200, {
                "name": "stub",
                "cluster_name": "stub",
                "version": {"number": "9.1.0"},
                "tagline": "You Know, for Search",
            }
        if parts[0] == "_bulk" or (len(parts) == 2 and parts[1] == "_bulk"):
            return 200, self.bulk(parts[0] if parts[0] != "_bulk" else None, body)
        if parts[:2] == ["_search", "scroll"]:
            if method == "DELETE":
                return 200, {"succeeded": True, "num_freed": 1}
            return 200, {"_scroll_id": "stub-scroll", "took": 1, "timed_out": False, "_shards": SHARDS, "hits": {"hits": []}}
        if parts[0].startswith("_"):  # _alias, _aliases and other cluster-wide calls
            return (
                (404, {"error": "alias missing", "status": 404}) if method in ("GET", "HEAD") else (200, {"acknowledged": True})
            )
        index = parts[0]
        if len(parts) == 1:
            return self.index_call(method, index, body)
        action = parts[1]
        if action == "_search":
            return 200, self.search(index, query, json.loads(body or b"{}"))
        if action == "_count":
            hits = self.matching(index, json.loads(body or b"{}"))
            return 200, {"count": len(hits), "_shards": SHARDS}
        if action == "_doc" and len(parts) == 3:
            return self.document(method, index, parts[2], body)
        return 200, {"acknowledged": True, "_shards": SHARDS}  # _mapping, _refresh, _alias/...

    def index_call(self, method, index, body):
        if method == "HEAD":
            return (200 if index in self.indexes else 404), {}
        if method == "DELETE":
            self.indexes.pop(index, None)
            return 200, {"acknowledged": True}
        self.indexes.setdefault(index, {})
        return 200, {"acknowledged": True, "shards_acknowledged": True, "index": index}

    def search(self, index, query, body):
        hits = self.matching(index, body)
        start = int(query.get("from", ["0"])[0])
        size = int(query.get("size", ["10"])[0])
        answer = {
            "took": 2,
            "timed_out": False,
            "_shards": SHARDS,
            "hits": {
                "total": {"value": len(hits), "relation": "eq"},
                "max_score": hits[0]["_score"] if hits else None,
                "hits": hits[start : start + size],
            },
        }
        if "scroll" in query:
            answer["_scroll_id"] = "stub-scroll"
        aggregations = body.get("aggregations") or body.get("aggs") or {}
        if aggregations:  # terms aggregations only (facets: the admin's page search counts by page type)
            docs = self.indexes.get(index, {})
            answer["aggregations"] = {
                name: {"buckets": self._term_buckets(docs, hits, spec["terms"])} for name, spec in aggregations.items()
            }
        return answer

    @staticmethod
    def _term_buckets(docs, hits, terms):
        counts = {}
        for hit in hits:
            value = docs[hit["_id"]].get(terms["field"], terms.get("missing"))
            for key in value if isinstance(value, list) else [value]:
                counts[key] = counts.get(key, 0) + 1
        return [{"key": key, "doc_count": n} for key, n in sorted(counts.items(), key=lambda item: -item[1])]

    def document(self, method, index, doc_id, body):
        docs = self.indexes.setdefault(index, {})
        if method == "DELETE":
            found = docs.pop(doc_id, None) is not None
            return (200 if found else 404), {"_index": index, "_id": doc_id, "result": "deleted" if found else "not_found"}
        docs[doc_id] = json.loads(body)
        return 201, {"_index": index, "_id": doc_id, "_version": 1, "result": "created", "_shards": SHARDS}

    def bulk(self, default_index, body):
        lines = [json.loads(line) for line in body.decode().splitlines() if line.strip()]
        items = []
        while lines:
            action = lines.pop(0)
            ((kind, meta),) = action.items()
            index = meta.get("_index", default_index)
            if kind == "delete":
                self.indexes.setdefault(index, {}).pop(str(meta["_id"]), None)
            else:
                self.indexes.setdefault(index, {})[str(meta["_id"])] = lines.pop(0)
            items.append({kind: {"_index": index, "_id": str(meta["_id"]), "_version": 1, "result": "created", "status": 201}})
        return {"took": 3, "errors": False, "items": items}

    # ------------------------------------------------------------ HTTP

    def _handler(self):
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                url = urlparse(self.path)
                stub.requests.append(
                    (self.command, url.path, json.loads(body) if body and not url.path.endswith("_bulk") else body)
                )
                if stub.mode == "slow":
                    time.sleep(stub.delay)
                if stub.mode == "error":
                    status, answer = 503, {"error": {"type": "unavailable_shards_exception"}, "status": 503}
                else:
                    status, answer = stub.answer(self.command, url.path, parse_qs(url.query), body)
                data = b"" if self.command == "HEAD" else json.dumps(answer).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/vnd.elasticsearch+json;compatible-with=9")
                    self.send_header("X-Elastic-Product", "Elasticsearch")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                    pass

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _serve

        return Handler


@contextmanager
def running_stub():
    stub = ClusterStub().start()
    try:
        yield stub
    finally:
        stub.stop()
