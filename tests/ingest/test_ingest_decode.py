import codecs

import pytest

from glasnost import InputError
from glasnost.ingest.decode import declared_charset, decode

RUSSIAN = "Министр обороны заявил во вторник, что армия готова к весеннему наступлению."
WESTERN = "The café’s owner said “we’re open” — prices rose by 5 € last week; the naïve plan failed."
GERMAN = "Viele Fischer befürchten, dass die Pläne den Strand zerstören. Größere Schiffe kommen."


def test_utf8_and_bom_are_decoded_without_touching_newlines():
    assert decode("a\r\nb\rc\n".encode()) == "a\r\nb\rc\n"
    assert decode(codecs.BOM_UTF8 + "héllo".encode()) == "héllo"
    assert decode(codecs.BOM_UTF16_LE + WESTERN.encode("utf-16-le")) == WESTERN


def test_utf16_without_bom_is_recognised():
    assert decode(WESTERN.encode("utf-16-le")) == WESTERN
    assert decode(WESTERN.encode("utf-16-be")) == WESTERN


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (WESTERN, "cp1252"),
        (GERMAN, "cp1252"),
        (RUSSIAN, "cp1251"),
        (RUSSIAN, "koi8_r"),
        ("It’s a “short” one.", "windows-1252"),
        ("Он сказал: «нет».", "windows-1251"),
    ],
)
def test_legacy_code_pages_are_detected_not_mangled(text, encoding):
    assert decode(text.encode(encoding)) == text


def test_a_declared_charset_wins_and_latin1_means_windows_1252():
    data = "“quoted” text".encode("cp1252")
    assert decode(data, "iso-8859-1") == "“quoted” text"
    assert decode(RUSSIAN.encode("cp1251"), "windows-1251") == RUSSIAN
    assert decode("plain".encode(), "no-such-charset") == "plain"


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (bytes(range(256)) * 4, "NUL"),
        (b"abc\x01\x02\x03\x04\x05\x06def\x07\x08" * 10, "control"),
    ],
)
def test_binary_input_is_refused(data, detail):
    with pytest.raises(InputError, match="binary") as caught:
        decode(data)
    assert detail in str(caught.value)


def test_declared_charset_is_read_from_meta_and_xml_declaration():
    assert declared_charset(b'<html><head><meta charset="windows-1251">') == "windows-1251"
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=KOI8-R">') == "koi8-r"
    assert declared_charset(b"<?xml version='1.0' encoding='ISO-8859-1'?><rss>") == "iso-8859-1"
    assert declared_charset(b"just text") is None
