"""Bytes to text: byte-order marks, UTF-8, then the legacy single-byte code pages news sites and
old archives still use (windows-1252, windows-1251, KOI8-R, ...), and charset-normalizer last.

charset-normalizer alone misreads short windows-1252 English (it prefers cp1257 or cp1250 when
only a few curly quotes or accented letters differ), so single-byte candidates are first scored
here by how plausible the decoded words look: a Cyrillic letter inside a Latin word ("cafй") or a
word made of accented Latin letters ("Ìèíèñòð") is what a wrong code page produces. Binary input
(NUL bytes, control bytes, the magic numbers of common formats) is refused with E002.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from glasnost.errors import Errors, InputError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh91AY&SY", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x00\x00\x00\x18ftyp", "an MP4 file"),
    (b"\x00\x00\x00\x20ftyp", "an MP4 file"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

# Legacy code pages tried in order; on equal plausibility the earlier one wins (windows-1252 is
# what "ANSI" English text almost always is).
SINGLE_BYTE_CANDIDATES = ("cp1252", "cp1251", "koi8_r", "cp1250", "cp1253", "cp1254", "cp1257")

# WHATWG: a page that declares latin-1 or ASCII is decoded as windows-1252.
_DECLARED_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252",
                     "ascii": "cp1252", "iso8859-1": "cp1252", "l1": "cp1252"}

_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_SAMPLE = 65536
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_TYPOGRAPHY = set("“”‘’„«»–—…•·€£¥¢§°©®™×÷±µ¼½¾¡¿\u00a0\u00ad")


def binary_reason(data: bytes) -> str | None:
    """Why `data` looks like a binary file rather than text, or None."""
    head = data[:64]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        return "it contains NUL bytes"
    if sample:
        controls = len(_CONTROL_BYTES.findall(sample))
        if controls / len(sample) > 0.02:
            return f"{100 * controls / len(sample):.0f}% of its bytes are control codes"
    return None


def decode(data: bytes, declared: str | None = None, *, keep_bom: bool = False) -> str:
    """Decode `data` to text without newline translation (offsets must match the file).

    A byte-order mark decides the encoding; it is dropped, or with `keep_bom` kept as its
    character U+FEFF, as a file's character offsets count it (a UTF-8 reader keeps it, and the
    published PTC offsets count it). Then the declared charset (`declared`,
    from an HTTP header, else what the document's own HTML meta or XML declaration says) is tried,
    then strict UTF-8, then the most plausible legacy code page. Raises InputError E002 for binary
    input, E006 when nothing decodes.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return ("\ufeff" if keep_bom else "") + data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise InputError(Errors.E006.format(tried=encoding)) from None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    reason = binary_reason(data)
    if reason:
        raise InputError(Errors.E002.format(detail=reason))
    tried: list[str] = []
    declared = declared or declared_charset(data)
    if declared:
        encoding = _normalise_declared(declared)
        if encoding:
            tried.append(encoding)
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                pass
    tried.append("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = _best_single_byte(data)
    tried.extend(SINGLE_BYTE_CANDIDATES)
    if best is not None:
        return best
    tried.append("charset-normalizer")
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is not None:
        return str(match)
    raise InputError(Errors.E006.format(tried=", ".join(dict.fromkeys(tried))))


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML or XML document declares in its first bytes, if any."""
    match = re.search(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", head[:4096], re.I)
    if match is None:
        match = re.search(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", head[:1024], re.I)
    return match.group(1).decode("ascii").lower() if match else None


def _normalise_declared(name: str) -> str | None:
    name = name.strip().strip("\"'").lower()
    name = _DECLARED_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a BOM: NUL in every other byte of ASCII-heavy text."""
    sample = data[:_SAMPLE]
    if len(sample) < 4:
        return None
    half = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for nuls, others, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls > 0.3 * half and others < 0.02 * half:
            try:
                text = data[: len(data) - len(data) % 2].decode(encoding)
            except UnicodeDecodeError:
                return None
            return text if not binary_reason(text.encode("utf-8")) else None
    return None


def _best_single_byte(data: bytes) -> str | None:
    sample = data[:_SAMPLE]
    best: tuple[float, int, str] | None = None
    for rank, encoding in enumerate(SINGLE_BYTE_CANDIDATES):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        penalty = implausibility(text)
        if best is None or (penalty, rank) < best[:2]:
            best = (penalty, rank, encoding)
    if best is None:
        return None
    penalty, _, encoding = best
    high = sum(1 for b in sample if b >= 0x80)
    # Far more oddities than high bytes can explain: likely a multi-byte CJK encoding.
    if high and penalty > 0.25 * high:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def implausibility(text: str) -> float:
    """How much `text` looks like the product of a wrong code page (0 = perfectly plausible)."""
    penalty = 0.0
    upper = lower = 0
    for match in _LETTER_RUN.finditer(text):
        word = match.group()
        if word.isascii():
            continue
        scripts = {_script(c) for c in word}
        if len(scripts) > 1:
            penalty += 3
        if scripts == {"latin"}:
            accented = sum(1 for c in word if ord(c) > 0x7F)
            if accented >= 3 and accented / len(word) > 0.5:
                penalty += 2
        penalty += sum(1 for a, b in zip(word, word[1:]) if a.islower() and b.isupper())
        if "other" in scripts:
            penalty += 2
        for char in word:
            if ord(char) > 0x7F:
                upper += char.isupper()
                lower += char.islower()
    # Running text is mostly lower case; a wrong Cyrillic code page swaps the cases (KOI8-R read
    # as windows-1251 and back) or yields capitals from CJK bytes.
    if upper + lower >= 10 and upper > lower:
        penalty += upper
    for char in text:
        if ord(char) < 0x80 or char.isalpha():
            continue
        if char in _TYPOGRAPHY:
            continue
        category = unicodedata.category(char)
        penalty += 5 if category.startswith("C") else 1
    return penalty


def _script(char: str) -> str:
    if char.isascii():
        return "latin"
    name = unicodedata.name(char, "")
    for script in ("LATIN", "CYRILLIC", "GREEK"):
        if name.startswith(script):
            return script.lower()
    return "other"
