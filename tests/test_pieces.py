"""Long texts in pieces, as a user meets them: every span still points at its text, the layers
read as one article's, and nothing is cut where nothing needs to be."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

from glasnost import Article, analyze, load
from glasnost.pieces import cut
from glasnost.settings import Settings

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "harbour-oped.txt"


def test_cut_covers_the_text_in_pieces_no_longer_than_the_limit_ending_at_paragraphs():
    text = "\n\n".join(f"Paragraph {i} says something. It says more." for i in range(200))
    pieces = cut(text, 1000)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a < b and b - a <= 1000 for a, b in pieces)
    assert all(prev[1] == nxt[0] for prev, nxt in pairwise(pieces))
    assert all(text[b - 2 : b] == "\n\n" for _, b in pieces[:-1])
    assert cut(text, len(text)) == [(0, len(text))]


def test_cut_falls_back_to_sentences_spaces_and_then_a_hard_cut():
    sentences = " ".join(["One sentence ends here."] * 100)
    assert all(sentences[b - 1] == " " and sentences[b - 2] == "." for _, b in cut(sentences, 300)[:-1])
    words = " ".join(["word"] * 500)
    assert all(words[b - 1] == " " for _, b in cut(words, 300)[:-1])
    solid = "x" * 2500
    assert cut(solid, 1000) == [(0, 1000), (1000, 2000), (2000, 2500)]


def _spans(analysis):
    for layer in ("sentences", "entities", "claims", "quotes", "techniques"):
        for item in getattr(analysis, layer):
            yield item
            yield from getattr(item, "cues", [])
            yield from (span for span in (getattr(item, "cue", None), getattr(item, "speaker_mention", None)) if span)
    for actor in analysis.actors:
        yield from actor.mentions
    for relation in analysis.relations:
        yield from relation.evidence


@pytest.fixture(scope="module")
def whole_and_pieces(tmp_path_factory):
    """The sample op-ed with its body told three times: the same actors in every piece."""
    sample = SAMPLE.read_text(encoding="utf-8").strip()
    head, body = sample.split("\n\n", 1)
    path = tmp_path_factory.mktemp("long") / "long.txt"
    path.write_text(f"{head}\n\n{body}\n\n{body}\n\n{body}\n", encoding="utf-8")
    article = load(str(path))
    assert len(cut(article.text, 1500)) >= 5
    return article, analyze(article), analyze(article, None, Settings(piece_chars=1500))


def test_every_span_of_a_text_analysed_in_pieces_points_at_its_text(whole_and_pieces):
    article, _, pieces = whole_and_pieces
    spans = list(_spans(pieces))
    assert len(spans) > 100
    assert all(article.text[s.start : s.end] == s.text for s in spans)
    assert pieces.article.text == article.text


def test_pieces_join_into_one_article(whole_and_pieces):
    _, whole, pieces = whole_and_pieces
    assert [(s.start, s.end) for s in pieces.sentences] == [(s.start, s.end) for s in whole.sentences]
    assert [s.index for s in pieces.sentences] == list(range(len(pieces.sentences)))
    assert all(pieces.sentences[c.sentence].start == c.start for c in pieces.claims)
    assert [c.score for c in pieces.claims] == sorted((c.score for c in pieces.claims), reverse=True)
    ids = [a.id for a in pieces.actors]
    assert len(ids) == len(set(ids))
    assert {q.speaker for q in pieces.quotes if q.speaker} <= set(ids)
    assert {end for r in pieces.relations for end in (r.source, r.target)} <= set(ids)
    names = [a.name.lower() for a in pieces.actors]
    assert len(names) == len(set(names)), "an actor named in several pieces is one actor"
    assert pieces.stats == whole.stats
    assert pieces.genre is not None and pieces.genre.label == whole.genre.label


def test_a_text_of_one_piece_is_not_cut():
    text = "The council closed the harbour road on Tuesday.\n\nFishermen were angry."
    assert cut(text, 1000) == [(0, len(text))]
    assert analyze(Article.from_text(text), None, Settings(piece_chars=1000)) == analyze(Article.from_text(text))


def _cli(*args: str, pieces: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GLASNOST_PIECE_CHARS": pieces}
    return subprocess.run([sys.executable, "-m", "glasnost", *args], check=False, capture_output=True, env=env, timeout=300)


def test_the_cli_cuts_pieces_of_the_size_its_environment_names():
    result = _cli("analyze", str(SAMPLE), "--only", "claims", "--only", "entities", "-f", "json", pieces="1000")
    assert result.returncode == 0, result.stderr.decode()
    analysis = json.loads(result.stdout)
    text = analysis["article"]["text"]
    assert len(cut(text, 1000)) >= 3
    spans = analysis["sentences"] + analysis["entities"] + analysis["claims"]
    assert spans and all(text[s["start"] : s["end"]] == s["text"] for s in spans)
    refused = _cli("analyze", str(SAMPLE), pieces="10")
    assert refused.returncode == 2 and b"piece_chars must be from 1000 to 1000000, got 10" in refused.stderr
