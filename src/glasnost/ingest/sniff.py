"""Which kind of input a file name, a media type or the first characters of a text suggest."""

from __future__ import annotations

import json
import re

EXTENSION_KINDS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}

MEDIA_KINDS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/x-jsonlines": "jsonl",
}

_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:rdf)\b", re.I)
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|title|article|main|div|p|section|h[1-6])\b", re.I)
_CLOSING_TAGS = re.compile(r"</(?:p|div|span|a|h[1-6]|li|article|section|body|html)\s*>", re.I)
URL = re.compile(r"https?://[^\s<>\"]+", re.I)


def sniff(text: str) -> str:
    """'feed', 'html', 'jsonl' or 'text' from the content itself."""
    head = text[:8192].lstrip("\ufeff \t\r\n")
    lowered = head[:4096].lower()
    if lowered.startswith("<?xml"):
        if _FEED_ROOT.search(lowered):
            return "feed"
        return "html" if "<html" in lowered else "feed"
    if lowered.startswith(("<rss", "<feed", "<rdf:rdf")):
        return "feed"
    if lowered.startswith("<!--") or _HTML_START.match(lowered) or len(_CLOSING_TAGS.findall(head)) >= 3:
        return "html"
    first = head.split("\n", 1)[0].strip()
    if first.startswith("{") and first.endswith("}"):
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except ValueError:
            pass
    return "text"


def is_url(text: str) -> bool:
    return URL.fullmatch(text.strip()) is not None


def kind_of_fetched(media_type: str, text: str) -> str:
    """The kind of a fetched body: a feed or HTML by its media type or content, else text."""
    by_media = MEDIA_KINDS.get(media_type)
    by_content = sniff(text)
    if "feed" in (by_media, by_content):
        return "feed"
    if "html" in (by_media, by_content):
        return "html"
    if by_media == "jsonl":
        return "jsonl"
    return "text"
