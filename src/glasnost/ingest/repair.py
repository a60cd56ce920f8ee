"""Normalisation that keeps offsets honest.

Every pass looks at the current text and returns a list of `Edit`s; `apply_edits` turns them into
the next text and an `OffsetMap` onto the previous one, and the maps compose with
`OffsetMap.then`, so each character of the normalized text still points at the raw character it
came from. Passes, in order:

1. line endings: CRLF, CR and Unicode line/paragraph separators become LF;
2. unicode repair: ftfy on short pieces of each line (mojibake such as "â€™", HTML entities,
   ligatures, NFC), each aligned with its input so only the characters ftfy rewrote are replaced,
   in time linear in the length;
3. invisible characters (zero-width spaces, soft hyphens, BOMs) are deleted;
4. markdown debris: heading markers, `>` quote markers, list bullets and rules are dropped at
   line starts; `[text](url)` keeps its text, images go; `*em*`, `**bold**`, `_x_`, `__x__`,
   `~~strike~~` keep their words; backslash escapes lose the backslash;
5. whitespace: odd spaces (NBSP, tabs, thin spaces) become a space, runs collapse to one, and
   leading/trailing spaces of every line go;
6. blank lines: runs of blank lines become one, leading and trailing blank lines go;
7. broken paragraphs: a paragraph that ends without terminal punctuation and is continued by the
   next one (lower-case start, a dangling function word or comma, a speech verb before a quote,
   hard-wrapped lines) is joined to it with a single space.

For text extracted from a page, `repair(raw, drop_boilerplate=True)` also deletes the page's
wrapping lines (credits, copyright, DOIs, "Read more:", related posts; `boilerplate.py`) after
pass 6, before the joins.

Structure (which line is the title, the byline, a heading) is decided in `structure.py`; the
joins only avoid markdown headings, short bold-only lines, list items and bylines. Markdown markers
are dropped from the text but stay in `raw`, where `marked_line` finds them again through the map.

Known limit of the map: a repair that shrinks (three mojibake characters become one "’") maps the
new character to the first of the old ones, so a span *ending* in it stops short of the rest.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterable

from glasnost.ingest.boilerplate import boilerplate_edits
from glasnost.ingest.byline import OPENERS, is_byline
from glasnost.offsets import Edit, OffsetMap, apply_edits

Pass = Callable[[str], list[Edit]]


def repair(raw: str, *, drop_boilerplate: bool = False) -> tuple[str, OffsetMap]:
    """Normalize `raw`; return the normalized text and its map back onto `raw`.
    `drop_boilerplate` (for text extracted from a page) also deletes the page's wrapping lines
    (`boilerplate.py`), before paragraphs are joined so none is glued to the article."""
    text, offsets = run_passes(raw, CLEANUP_PASSES)
    if drop_boilerplate:
        text, offsets = compose(text, offsets, boilerplate_edits(text))
    edits = join_broken_paragraphs(text, offsets, raw)
    return compose(text, offsets, edits)


def run_passes(text: str, passes: Iterable[Pass], offsets: OffsetMap | None = None) -> tuple[str, OffsetMap]:
    """Run each pass on the output of the previous one, composing their maps."""
    offsets = offsets if offsets is not None else OffsetMap.identity(len(text))
    for step in passes:
        text, offsets = compose(text, offsets, step(text))
    return text, offsets


def compose(text: str, offsets: OffsetMap, edits: list[Edit]) -> tuple[str, OffsetMap]:
    if not edits:
        return text, offsets
    text, later = apply_edits(text, edits)
    return text, offsets.then(later)


# --- 1. line endings -------------------------------------------------------------------------

_LINE_BREAK = re.compile("\r\n?|[\u2028\u2029]")


def line_endings(text: str) -> list[Edit]:
    return [Edit(m.start(), m.end(), "\n") for m in _LINE_BREAK.finditer(text)]


# --- 2. unicode repair -----------------------------------------------------------------------

_PLAIN_ASCII = re.compile(r"[\t\x20-\x25\x27-\x7e]*")  # printable ASCII without "&"
# Mojibake never straddles a space that follows plain ASCII (its characters are all non-ASCII;
# ftfy's "byte A0 became a space" repair needs a non-ASCII character before the space), so a line
# is cut there into pieces ftfy fixes one by one.
_PIECE_BREAK = re.compile(r"(?<=[!-%'-~])[ \t]+")
_ANY_SPACE = re.compile(r"\s+")
MAX_PIECE = 1024  # a run of non-ASCII words is cut at any space beyond this
MAX_ALIGNED = 4096  # longer pieces (a single giant token) are aligned by common ends only


@functools.cache
def _ftfy_config(unescape_html: bool):  # ftfy is imported on first use
    import ftfy

    # Curly quotes stay curly (they are the author's), line breaks were handled in pass 1.
    return ftfy.TextFixerConfig(
        uncurl_quotes=False, fix_line_breaks=False, explain=False, unescape_html=unescape_html
    )


def unicode_repair(text: str) -> list[Edit]:
    """ftfy on small pieces of each line, each aligned with its input, so untouched characters
    keep their own raw offsets, only the mojibake is replaced, and the time is linear in the
    length (whole lines aligned at once made a long one-line text quadratic)."""
    import ftfy

    edits: list[Edit] = []
    position = 0
    for line in text.split("\n"):
        if line and not _PLAIN_ASCII.fullmatch(line):
            # ftfy's own rule for a whole text: entities are not unescaped in what looks like HTML.
            config = _ftfy_config("<" not in line)
            for start, end in pieces(line):
                piece = line[start:end]
                if _PLAIN_ASCII.fullmatch(piece):
                    continue
                fixed = ftfy.fix_text(piece, config)
                if fixed != piece:
                    edits.extend(align(piece, fixed, position + start))
        position += len(line) + 1
    return edits


def pieces(line: str) -> Iterable[tuple[int, int]]:
    """Spans that cover `line` in order, cut after the spaces that follow plain ASCII, and at
    any space once a piece reaches MAX_PIECE characters."""
    start = 0
    for m in _PIECE_BREAK.finditer(line):
        yield from _bounded(line, start, m.end())
        start = m.end()
    if start < len(line):
        yield from _bounded(line, start, len(line))


def _bounded(line: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    while end - start > MAX_PIECE:
        cut = _ANY_SPACE.search(line, start + MAX_PIECE, end)
        if cut is None or cut.end() >= end:
            break
        yield start, cut.end()
        start = cut.end()
    yield start, end


def align(old: str, new: str, base: int) -> list[Edit]:
    """Edits that turn `old` into `new` replacing as little as possible: common ends are kept,
    and what lies between is aligned with difflib when it is short enough to stay cheap."""
    head = 0
    limit = min(len(old), len(new))
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    old_mid, new_mid = old[head : len(old) - tail], new[head : len(new) - tail]
    start = base + head
    if len(old_mid) + len(new_mid) > MAX_ALIGNED:
        return [Edit(start, start + len(old_mid), new_mid)]
    matcher = difflib.SequenceMatcher(None, old_mid, new_mid, autojunk=False)
    return [
        Edit(start + i1, start + i2, new_mid[j1:j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


# --- 3. invisible characters -----------------------------------------------------------------

_INVISIBLE = re.compile("[\u200b\u200e\u200f\u2060\ufeff\u00ad]+")


def invisible_characters(text: str) -> list[Edit]:
    return [Edit(m.start(), m.end(), "") for m in _INVISIBLE.finditer(text)]


# --- 4. markdown debris ----------------------------------------------------------------------

# Rules ("---", "* * *"), setext underlines ("===") and lines of nothing but markers ("**", ">").
_RULE_LINE = re.compile(r"^[ \t]*(?:(?:[-*_][ \t]*){3,}|={3,}[ \t]*|[*_~>#][*_~>#, \t]*)$", re.M)
# Quote markers, then a heading marker or a list bullet, at the start of a line.
_LINE_MARKERS = re.compile(r"^[ \t]*(?:>(?![\d=])[ \t]?)*(?:(#{1,6})(?:[ \t]+|$)|[*+\-][ \t]+(?=\S))?", re.M)
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]+)\]\((?:[^()\s]|\([^()\s]*\))*(?:[ \t]+\"[^\"\n]*\")?\)")
_EMPHASIS = re.compile(
    r"(?<![\w\\*~])(\*\*\*|\*\*|\*|___|__|_|~~)(?=[^\s*_~])(.+?)(?<=[^\s\\*_~])\1(?![\w*~])"
)
_ESCAPE = re.compile(r"\\([\\`*_#>\[\]~])")


def markdown_lines(text: str) -> list[Edit]:
    """Rules and setext underlines vanish; heading, quote and bullet markers are dropped."""
    edits: list[Edit] = []
    ruled: set[int] = set()
    for m in _RULE_LINE.finditer(text):
        if m.end() > m.start():
            edits.append(Edit(m.start(), m.end(), ""))
            ruled.add(m.start())
    for m in _LINE_MARKERS.finditer(text):
        if m.start() in ruled or m.end() == m.start():
            continue
        edits.append(Edit(m.start(), m.end(), ""))
        if m.group(1):
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            closing = _CLOSING_HASHES.search(text, m.end(), line_end)
            if closing and closing.start() > m.end():
                edits.append(Edit(closing.start(), closing.end(), ""))
    return edits


def markdown_links(text: str) -> list[Edit]:
    """`[text](url)` keeps its text; an image `![alt](url)` goes entirely."""
    edits = [Edit(m.start(), m.end(), "") for m in _IMAGE.finditer(text)]
    taken = [(e.start, e.end) for e in edits]
    for m in _LINK.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        edits.append(Edit(m.start(), m.start(1), ""))
        edits.append(Edit(m.end(1), m.end(), ""))
    return edits


def markdown_emphasis(text: str) -> list[Edit]:
    """Drop paired emphasis markers on word boundaries; the words between them stay."""
    edits: list[Edit] = []
    for m in _EMPHASIS.finditer(text):
        edits.append(Edit(m.start(1), m.end(1), ""))
        edits.append(Edit(m.end(2), m.end(), ""))
    return edits


def markdown_escapes(text: str) -> list[Edit]:
    return [Edit(m.start(), m.start() + 1, "") for m in _ESCAPE.finditer(text)]


# --- 5. whitespace ---------------------------------------------------------------------------

_SPACES = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\x0b\x0c]+")


def whitespace(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for m in _SPACES.finditer(text):
        start, end = m.span()
        at_line_start = start == 0 or text[start - 1] == "\n"
        at_line_end = end == len(text) or text[end] == "\n"
        if at_line_start or at_line_end:
            edits.append(Edit(start, end, ""))
        elif m.group() != " ":
            edits.append(Edit(start, end, " "))
    return edits


# --- 6. blank lines --------------------------------------------------------------------------

def blank_lines(text: str) -> list[Edit]:
    edits: list[Edit] = []
    lead = len(text) - len(text.lstrip("\n"))
    trail = len(text) - len(text.rstrip("\n"))
    if lead == len(text):
        return [Edit(0, len(text), "")] if text else []
    if lead:
        edits.append(Edit(0, lead, ""))
    for m in re.finditer(r"\n{3,}", text):
        if m.start() >= lead and m.end() <= len(text) - trail:
            edits.append(Edit(m.start() + 2, m.end(), ""))
    if trail:
        edits.append(Edit(len(text) - trail, len(text), ""))
    return edits


CLEANUP_PASSES: tuple[Pass, ...] = (
    line_endings,
    unicode_repair,
    invisible_characters,
    markdown_lines,
    markdown_links,
    markdown_emphasis,
    markdown_emphasis,  # a second round for nested emphasis (**bold *and* em**)
    markdown_escapes,
    whitespace,
    blank_lines,
)


# --- 7. broken paragraphs --------------------------------------------------------------------

_TERMINAL = ".!?…:;"
CLOSERS = "\"'”’»)]"
_DANGLING = frozenset(
    """a an the of to in on at for with from by as into onto about than between through over under
    without within upon against among via per and or but nor that which whose whom who because
    although though if while whether when where is are was were be been being has have had will
    would could should can may might must shall do does did his her their its our my your this
    these those such very more most less""".split()
)
_SPEECH = frozenset(
    """say says said saying write writes wrote tell tells told ask asks asked add adds added state
    states stated declare declares declared note notes noted claim claims claimed explain explains
    explained insist insists insisted reply replies replied answer answers answered""".split()
)
_LAST_WORD = re.compile(r"([^\W\d_]+)\W*$")
# What may precede a line's first character once markers are dropped: emphasis or link openers.
_BULLETED = re.compile(r"^[ \t]*(?:>[ \t]?)*[*+\-][ \t]+[*_~\[]*$")
_NUMBERED = re.compile(r"^[ \t]*(?:>[ \t]?)*\d{1,3}[.)][ \t]")
_HEADING_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]?)*#{1,6}[ \t]+[*_~\[]*$")
_BOLD_LINE = re.compile(r"^[ \t]*(?:>[ \t]?)*(\*\*|__)(?=\S).*\S\1[ \t]*$")


def raw_line(raw: str, offsets: OffsetMap, start: int) -> tuple[str, str]:
    """For a normalized line starting at `start`: the raw text before it on its raw line (the
    markers normalisation dropped) and the whole raw line."""
    position = offsets.to_raw(start)
    line_start = raw.rfind("\n", 0, position) + 1
    line_start = raw.rfind("\r", line_start, position) + 1 or line_start
    line_end = raw.find("\n", position)
    line_end = len(raw) if line_end < 0 else line_end
    carriage = raw.find("\r", position, line_end)
    return raw[line_start:position], raw[line_start : line_end if carriage < 0 else carriage]


def marked_line(raw: str, offsets: OffsetMap, start: int) -> str | None:
    """'heading' when the raw line was a markdown heading or a short bold-only line without a
    final full stop, 'item' for a bulleted or numbered list item, else None."""
    prefix, line = raw_line(raw, offsets, start)
    if _HEADING_PREFIX.match(prefix):
        return "heading"
    if _BOLD_LINE.match(line) and len(line.split()) <= 15 and not line.rstrip(" \t*_").endswith("."):
        return "heading"
    if _BULLETED.match(prefix) or (not prefix.strip() and _NUMBERED.match(line)):
        return "item"
    return None


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINAL


def _starts_lower(line: str) -> bool:
    body = line.lstrip(OPENERS)
    return bool(body) and body[0].islower()


def _last_word(line: str) -> str:
    m = _LAST_WORD.search(line)
    return m.group(1).lower() if m else ""


def join_broken_paragraphs(text: str, offsets: OffsetMap, raw: str) -> list[Edit]:
    """Edits that replace the break between a paragraph and its continuation with one space."""
    lines = line_spans(text)
    if len(lines) < 2:
        return []
    wrap = _wrap_width(lines)
    has_blank = "\n\n" in text
    protected = [
        marked_line(raw, offsets, s) is not None or is_byline(text[s:e]) for s, e in lines
    ]
    edits: list[Edit] = []
    for k in range(len(lines) - 1):
        (s1, e1), (s2, e2) = lines[k], lines[k + 1]
        if protected[k] or protected[k + 1]:
            continue
        first, second = text[s1:e1], text[s2:e2]
        single = s2 - e1 == 1
        if _continues(first, second) or (
            single and wrap and has_blank and len(first) >= 0.6 * wrap
        ):
            edits.append(Edit(e1, s2, " "))
    return edits


def _continues(first: str, second: str) -> bool:
    if _ends_sentence(first) or not second:
        return False
    if _starts_lower(second):
        return True
    if first.endswith((",", "–", "—", " -")):
        return True
    word = _last_word(first)
    if first[-1].isalpha() and word in _DANGLING and len(first.split()) >= 5:
        return second[0].isalnum() or second[0] in OPENERS
    return word in _SPEECH and second[0] in OPENERS and len(first.split()) >= 5


def line_spans(text: str) -> list[tuple[int, int]]:
    """Each non-empty line, without its surrounding whitespace."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        stripped = line.strip()
        if stripped:
            start = m.start() + len(line) - len(line.lstrip())
            spans.append((start, start + len(stripped)))
    return spans


def _wrap_width(lines: list[tuple[int, int]]) -> int | None:
    """The column a hard-wrapped text was wrapped at, or None when lines are not wrapped."""
    if len(lines) < 5:
        return None
    lengths = sorted(e - s for s, e in lines)
    width = lengths[-1]
    if width > 100 or lengths[int(0.6 * len(lengths))] < 0.7 * width:
        return None
    return width
