import re
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glasnost.ingest.repair import repair
from glasnost.ingest.structure import detect, line_spans


def raw_of(raw: str, offsets, text: str, needle: str) -> str:
    start = text.index(needle)
    return raw[slice(*offsets.span_to_raw(start, start + len(needle)))]


def test_mojibake_is_repaired_and_maps_onto_the_mangled_bytes():
    raw = "Putinâ€™s house is â€œon fireâ€\x9d, said the cafÃ© owner.\n"
    text, offsets = repair(raw)
    assert text == "Putin’s house is “on fire”, said the café owner."
    assert raw_of(raw, offsets, text, "Putin’s") == "Putinâ€™s"
    assert raw_of(raw, offsets, text, "house") == "house"
    # A repair that shrinks maps to the start of what it replaced (see OffsetMap), so a span
    # ending in a repaired character stops at the start of its mojibake.
    assert raw_of(raw, offsets, text, "café owner") == "cafÃ© owner"


def test_line_endings_spaces_and_blank_lines():
    raw = "\n \n  First\u00a0line\t with  odd\u2009spaces   \r\n\r\n\r\n\r\n\r\nSecond\u200b line.\r\n\r\n\n"
    text, offsets = repair(raw)
    assert text == "First line with odd spaces\n\nSecond line."
    assert raw_of(raw, offsets, text, "Second") == "Second"
    assert offsets.to_raw(len(text)) == len(raw)


def test_markdown_debris_keeps_the_words_and_drops_the_markers():
    raw = (
        "# A *bold* title\n\n"
        "> Quoted **strong** words, ~~struck~~ and _leaning_ ones, __underlined__ too.\n\n"
        "See [the report](https://example.org/r?id=1 \"Report\") and ![a chart](chart.png) here.\n\n"
        "* a bullet point that ends here.\n\n"
        "---\n\n"
        "Keep snake_case_names, 2 * 3 * 4 and an escaped \\*star\\*."
    )
    text, offsets = repair(raw)
    assert text == (
        "A bold title\n\n"
        "Quoted strong words, struck and leaning ones, underlined too.\n\n"
        "See the report and here.\n\n"
        "a bullet point that ends here.\n\n"
        "Keep snake_case_names, 2 * 3 * 4 and an escaped *star*."
    )
    for word in ["bold", "strong", "struck", "leaning", "the report", "snake_case_names"]:
        assert raw_of(raw, offsets, text, word) == word


def test_broken_paragraphs_are_joined_but_headings_are_not():
    raw = (
        "It is impossible to name as a fact\n\n"
        "who paid for the posters.\n\n"
        "The mayor quietly supported the\n\n"
        "Request from the cooperative to delay the review.\n\n"
        "Reformulating an old proverb, we can now say\n\n"
        "“The harbour is on fire”, and nobody laughed.\n\n"
        "## lower-case heading\n\n"
        "stays apart from its paragraph.\n\n"
        "# **Bold** heading with a comma,\n\n"
        "and a paragraph.\n\n"
        "- first item\n"
        "- second item\n"
        "1. third item\n"
        "2) fourth item\n\n"
        "Harbour politics\n\n"
        "The vote is in May."
    )
    text, offsets = repair(raw)
    assert text.split("\n\n") == [
        "It is impossible to name as a fact who paid for the posters.",
        "The mayor quietly supported the Request from the cooperative to delay the review.",
        "Reformulating an old proverb, we can now say “The harbour is on fire”, and nobody laughed.",
        "lower-case heading",
        "stays apart from its paragraph.",
        "Bold heading with a comma,",
        "and a paragraph.",
        "first item\nsecond item\n1. third item\n2) fourth item",
        "Harbour politics",
        "The vote is in May.",
    ]
    assert raw_of(raw, offsets, text, "who paid") == "who paid"
    joined = text.index(" who paid")
    assert raw[offsets.to_raw(joined)] == "\n"


def test_hard_wrapped_text_is_unwrapped_into_paragraphs():
    paragraph = (
        "The harbour board met for the third time this month and again failed to agree on a "
        "budget. Members blamed the ministry, which has not sent the promised figures. The "
        "chairman said the delay was costing the town money every single week."
    )
    wrapped = "\n".join(re.findall(r".{1,60}(?:\s|$)", paragraph))
    raw = f"{wrapped}\n\n{wrapped}\n"
    text, _ = repair(raw)
    assert text == f"{paragraph}\n\n{paragraph}"


# --- properties --------------------------------------------------------------------------------

WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=9)
MOJIBAKE = st.sampled_from(["café", "naïve", "Zürich", "it’s", "“quote”", "résumé", "Müller"]).map(
    lambda word: word.encode("utf-8").decode("cp1252", errors="ignore")
)
SPACE = st.sampled_from([" ", " ", " ", "  ", "\u00a0", "\t", "\u2009", " \u200b"])


@st.composite
def decorated_word(draw):
    word = draw(WORDS)
    style = draw(st.sampled_from(["plain"] * 6 + ["em", "strong", "under", "strike", "link", "mojibake"]))
    return {
        "plain": word,
        "em": f"*{word}*",
        "strong": f"**{word}**",
        "under": f"_{word}_",
        "strike": f"~~{word}~~",
        "link": f"[{word}](https://example.org/{word})",
        "mojibake": draw(MOJIBAKE),
    }[style]


@st.composite
def line(draw):
    words = draw(st.lists(decorated_word(), min_size=1, max_size=12))
    body = words[0]
    for word in words[1:]:
        body += draw(SPACE) + word
    prefix = draw(st.sampled_from(["", "", "", "# ", "> ", "* ", "1. ", "  ", "By "]))
    end = draw(st.sampled_from(["", ".", ".", "?", ",", ". "]))
    return prefix + body + end + draw(st.sampled_from(["", "", "  ", "\t"]))


@st.composite
def document(draw):
    lines = draw(st.lists(line(), min_size=1, max_size=8))
    raw = draw(st.sampled_from(["", "\n", " \n\n"]))
    for k, text in enumerate(lines):
        raw += text
        if k < len(lines) - 1:
            raw += draw(st.sampled_from(["\n\n", "\n\n", "\n", "\r\n\r\n", "\n\n\n\n", "\n \n"]))
    return raw + draw(st.sampled_from(["", "\n", "\r\n\r\n"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document())
def test_repair_map_is_monotonic_in_range_and_honest(raw):
    text, offsets = repair(raw)
    indices = offsets.to_list()
    assert len(indices) == len(text) + 1
    assert indices[-1] == len(raw)
    assert all(0 <= a <= b <= len(raw) for a, b in zip(indices, indices[1:]))
    # Repairs never synthesise ASCII letters: each one is a copy of the raw letter it maps to.
    for i, char in enumerate(text):
        if char.isascii() and char.isalpha():
            assert raw[indices[i]] == char
    # A span over a word that was not rewritten covers exactly that word in raw.
    for match in re.finditer(r"[A-Za-z]+", text):
        assert raw[slice(*offsets.span_to_raw(*match.span()))] == match.group()


@settings(max_examples=100, deadline=None)
@given(document())
def test_blocks_cover_every_line_once_in_order(raw):
    text, offsets = repair(raw)
    structure = detect(text, offsets, raw)
    assert [(b.start, b.end) for b in structure.blocks] == line_spans(text)
    for block in structure.blocks:
        covered = text[block.start : block.end]
        assert covered == covered.strip() and covered and "\n" not in covered
    assert sum(b.kind == "title" for b in structure.blocks) <= 1
    assert sum(b.kind == "byline" for b in structure.blocks) <= 1


def test_comparison_signs_and_numbers_are_not_markdown():
    raw = ">50 people were evacuated, the mayor said.\n\n> Quoted line stays as text.\n\n1. A numbered point."
    text, _ = repair(raw)
    assert text == ">50 people were evacuated, the mayor said.\n\nQuoted line stays as text.\n\n1. A numbered point."


# Tokens and what the unicode repair makes of them: mojibake, entities, ligatures and decomposed
# accents are rewritten; plain, accented and Cyrillic words stay as they are.
REPAIRED_TOKENS = {
    "itâ€™s": "it’s",
    "cafÃ©": "café",
    "â€œquotedâ€\x9d": "“quoted”",
    "R&amp;D": "R&D",
    "ﬁnal": "final",
    "cafe\u0301s": "cafés",
    "naïve": "naïve",
    "порт": "порт",
    "harbour": "harbour",
    "said,": "said,",
    "(again)": "(again)",
}


def check_tokens_map_exactly(tokens: list[str]) -> None:
    raw = " ".join(tokens) + "\n"
    text, offsets = repair(raw)
    assert text == " ".join(REPAIRED_TOKENS[t] for t in tokens)
    raw_at = text_at = 0
    for token in tokens:
        fixed = REPAIRED_TOKENS[token]
        assert offsets.span_to_raw(text_at, text_at + len(fixed)) == (raw_at, raw_at + len(token))
        raw_at += len(token) + 1
        text_at += len(fixed) + 1


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(sorted(REPAIRED_TOKENS)), min_size=1, max_size=60))
def test_unicode_repair_of_any_mix_of_tokens_maps_every_token_onto_its_raw_token(tokens):
    check_tokens_map_exactly(tokens)


def test_a_long_one_line_text_with_mojibake_is_repaired_in_linear_time_with_an_exact_map():
    # 64,000 words on one line: whole-line alignment took hours here; pieces take about a second.
    vocabulary = sorted(REPAIRED_TOKENS)
    tokens = [vocabulary[(i * 7) % len(vocabulary)] if i % 9 == 0 else "harbour" for i in range(64_000)]
    started = time.perf_counter()
    check_tokens_map_exactly(tokens)
    assert time.perf_counter() - started < 30


def test_long_runs_without_ascii_and_giant_tokens_stay_exact():
    # Cyrillic words give no ASCII-led space to cut at: pieces are cut at MAX_PIECE instead.
    check_tokens_map_exactly(["порт"] * 3000 + ["itâ€™s"] + ["порт"] * 3000)
    giant = "порт" * 1500 + "â€™" + "порт" * 1500  # one 12,003-character token
    text, offsets = repair(giant)
    assert text == "порт" * 1500 + "’" + "порт" * 1500
    assert offsets.span_to_raw(6000, 6001) == (6000, 6003)
    assert offsets.span_to_raw(6001, 6005) == (6003, 6007)
