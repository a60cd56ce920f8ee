"""What makes two articles the same: the same text, the same address, or nearly the same words.

Exact copies are caught by a hash of the normalized text and by the URL with its tracking noise
removed. Syndicated copies (a wire story with a new first line and a few words changed) are caught
by MinHash over word 3-shingles and an LSH index (datasketch), which finds candidates without
comparing every pair; a candidate counts only when its estimated Jaccard similarity clears the
same threshold.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np
from datasketch import MinHash, MinHashLSH

PERMUTATIONS = 128
SHINGLE = 3
SCHEME = "affine32"  # stored signatures are only comparable under the scheme that made them
THRESHOLD = 0.5
_WORD = re.compile(r"\w+")
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid|ocid|at_medium|at_campaign)$", re.I)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def url_key(url: str | None) -> str | None:
    """The URL as two copies of one page share it: host without `www.`, no fragment, no tracking
    parameters, sorted query, no trailing slash; the scheme is dropped (http and https agree)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if not parts.netloc:
        return url.strip()
    host = parts.hostname or ""
    host = host[4:] if host.startswith("www.") else host
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)))
    path = parts.path.rstrip("/") or ""
    return urlunsplit(("", host + port, path, query, "")).lstrip("/")


def signature(text: str) -> MinHash:
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    minhash = MinHash(num_perm=PERMUTATIONS, scheme=SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in shingles if s])
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    return minhash.hashvalues.astype("<u4").tobytes()


def from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=PERMUTATIONS, hashvalues=np.frombuffer(data, dtype="<u4"), scheme=SCHEME)


class NearDuplicates:
    """An LSH index over the signatures of original articles, keyed by content hash."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=THRESHOLD, num_perm=PERMUTATIONS)
        self._signatures: dict[str, MinHash] = {}

    def add(self, key: str, minhash: MinHash) -> None:
        if key not in self._signatures:
            self._lsh.insert(key, minhash)
            self._signatures[key] = minhash

    def original_of(self, minhash: MinHash) -> tuple[str, float] | None:
        """The most similar indexed article at or above the threshold, with its similarity."""
        scored = ((minhash.jaccard(self._signatures[key]), key) for key in self._lsh.query(minhash))
        best = max(scored, default=None)
        if best is None or best[0] < THRESHOLD:
            return None
        return best[1], round(float(best[0]), 4)
