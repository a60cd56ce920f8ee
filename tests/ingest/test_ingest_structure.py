from pathlib import Path

import pytest

from glasnost import InputError, load
from glasnost.ingest.byline import parse_byline

KREMLIN = Path(__file__).resolve().parents[3] / "shared" / "samples" / "kremlin-oped.txt"

SCRAPED = " " + """



By: *Maria Lindqvist, Nordic Desk*

The quiet war over the harbour - who really runs the town council



The council’s decision to expand the harbour surprised almost everyone who had followed the debate.

Few residents had heard of the breakwater plan before spring. It is hard to say whether the vote was a real majority or a favour to the mayor.

Who benefits from the new harbour?

The fishing cooperative spent a year lobbying for deeper berths, and the mayor’s office quietly supported the

request from the cooperative to delay the environmental review.

Harbour politics

At this point, it is impossible to name as a fact

who paid for the campaign posters that appeared overnight.

Should the mayor be worried?

Opponents have promised a referendum in the autumn, and the mayor has said she will not resign.
"""


def kinds(article):
    return [(b.kind, article.text[b.start : b.end]) for b in article.blocks]


def test_scraped_op_ed_gets_byline_title_headings_and_repaired_paragraphs(tmp_path):
    path = tmp_path / "scraped.txt"
    path.write_text(SCRAPED, encoding="utf-8")
    article = load(path)
    assert article.raw == SCRAPED
    assert article.title == "The quiet war over the harbour - who really runs the town council"
    assert article.authors == ["Maria Lindqvist"]
    found = kinds(article)
    assert found[0] == ("byline", "By: Maria Lindqvist, Nordic Desk")
    assert found[1] == ("title", article.title)
    assert [text for kind, text in found if kind == "heading"] == [
        "Who benefits from the new harbour?",
        "Harbour politics",
        "Should the mayor be worried?",
    ]
    paragraphs = [text for kind, text in found if kind == "paragraph"]
    assert len(paragraphs) == 5
    assert "quietly supported the request from the cooperative" in paragraphs[2]
    assert "name as a fact who paid for the campaign posters" in paragraphs[3]
    # Title, byline and headings stay in the text, and every block maps onto the file.
    for block in article.blocks:
        start, end = article.offsets.span_to_raw(block.start, block.end)
        if block.kind in ("title", "heading"):
            assert SCRAPED[start:end] == article.text[block.start : block.end]
        elif block.kind == "paragraph":
            assert SCRAPED[start:end].split() == article.text[block.start : block.end].split()


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("By: *Sergei Ivanov, TA Moscow*", ["Sergei Ivanov"]),
        ("By Jane Miller and Tom Berg", ["Jane Miller", "Tom Berg"]),
        ("By Ann Lee, Bo Chen, and Carl Diaz", ["Ann Lee", "Bo Chen", "Carl Diaz"]),
        ("By Jane Miller and Tom Berg, Reuters", ["Jane Miller", "Tom Berg"]),
        ("By Jane Miller | March 5, 2024", ["Jane Miller"]),
        ("Written by Ludwig van Beethoven", ["Ludwig van Beethoven"]),
        ("By Jane Miller in Oslo", ["Jane Miller"]),
    ],
)
def test_bylines(line, authors):
    assert parse_byline(line) == authors


@pytest.mark.parametrize(
    "line",
    [
        "By the time the vote came, the hall was empty.",
        "By Tuesday",
        "by the way, nothing",
        "Bylines are a newspaper habit",
        "By now everyone knows what happened at the harbour and why the mayor did nothing about it",
    ],
)
def test_sentences_starting_with_by_are_no_bylines(line):
    assert parse_byline(line) is None


def test_a_list_of_short_lines_is_not_a_run_of_headings():
    text = (
        "Shopping list for the harbour party\n\n"
        "Bread and butter\nSmoked fish\nLemons\nCoffee\n\n"
        "The party starts at eight and everyone from the cooperative is invited."
    )
    article = load(text)
    assert article.title == "Shopping list for the harbour party"
    assert [k for k, _ in kinds(article)] == ["title"] + ["paragraph"] * 5


def test_markdown_headings_are_headings_and_the_first_one_the_title(texts):
    text = "# Harbour plan divides the town\n\n" + texts.harbour[0] + "\n\n## What happens next\n\n" + texts.harbour[2]
    article = load(text)
    assert kinds(article) == [
        ("title", "Harbour plan divides the town"),
        ("paragraph", texts.harbour[0]),
        ("heading", "What happens next"),
        ("paragraph", texts.harbour[2]),
    ]


@pytest.mark.skipif(not KREMLIN.exists(), reason="needs ../shared/samples/kremlin-oped.txt")
def test_the_kremlin_sample_comes_out_right():
    article = load(KREMLIN)
    assert article.raw == KREMLIN.read_bytes().decode("utf-8")
    assert article.authors == ["Sergei Stepancev"]
    assert article.title.startswith("Bakhmut and Belgorod - the scenes of the conflict")
    found = kinds(article)
    assert [k for k, _ in found[:3]] == ["byline", "title", "paragraph"]
    headings = [text for kind, text in found if kind == "heading"]
    assert headings == [
        "Who in the Kremlin cares most about Bakhmut?",
        "Should Prigozhin be worried?",
        "Who is considered the conqueror of Bakhmut?",
        "Belgorod enigma",
        "Ideological and propaganda injection",
        "Did the Kremlin attack itself?",
        "Armed opposition",
        "Putin cannot guarantee security",
        "The conflict over the title of hero",
    ]
    for joined in [
        "impossible to name as a fact who those people were.",
        "the size of Prigozhin’s request from Moscow",
        "are trashing Prigozhin's achievements, calling him",
        "desperately trying to mobilise the Russian population",
        "Especially 'Eskoy Plista' will most definitely think twice",
    ]:
        assert any(joined in text for kind, text in found if kind == "paragraph"), joined
    for kind, text in found:
        if kind == "paragraph":
            assert text.rstrip("\"”’'")[-1] in ".?!", text
    assert "~~" not in article.text and "*" not in article.text
    for i, char in enumerate(article.text):
        if char.isalnum():
            assert article.raw[article.offsets.to_raw(i)] == char


def test_bold_only_lines_are_headings_but_bold_sentences_are_not(texts):
    text = (
        f"{texts.harbour[0]}\n\n**The vote**\n\n{texts.harbour[1]}\n\n"
        f"**A bold lead sentence that ends with a full stop.**\n\n{texts.harbour[2]}"
    )
    found = kinds(load(text))
    assert ("heading", "The vote") in found
    assert ("paragraph", "A bold lead sentence that ends with a full stop.") in found


def test_load_refuses_a_directory_whose_single_file_holds_several_articles(tmp_path, texts):
    import json

    (tmp_path / "batch.jsonl").write_text("\n".join(json.dumps({"text": t}) for t in texts.bridge))
    with pytest.raises(InputError, match="holds 3 articles"):
        load(tmp_path)
