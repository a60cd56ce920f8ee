"""Reading fact-checks in the shapes fact-checkers publish them, bad records reported by position."""

from __future__ import annotations

from pathlib import Path

from glasnost.claims_match.factchecks import BadRecord, FactCheck, read_factchecks

HERE = Path(__file__).resolve().parent


def _read(name: str) -> tuple[list[FactCheck], list[BadRecord]]:
    items = list(read_factchecks(HERE / name))
    return [i for i in items if isinstance(i, FactCheck)], [i for i in items if isinstance(i, BadRecord)]


def test_a_data_feed_keeps_every_field_and_reports_the_record_without_a_claim():
    good, bad = _read("feed.json")
    raid, vaccines = good
    assert raid.identifier == "fc-0001" and raid.key == "fc-0001"
    assert raid.url == "https://checks.example.org/belgorod-raid"
    assert (raid.rating, raid.rating_value, raid.publisher, raid.language) == ("False", "1", "Example Checks", "en")
    assert (raid.item_author, raid.item_date, raid.date_published) == ("A. Blogger", "2023-05-23", "2023-05-25")
    assert raid.appearance == ["https://blog.example.net/raid", "https://video.example.net/v/1"]
    assert vaccines.identifier is None and vaccines.key.startswith("https://checks.example.org/vaccines-5g#")
    assert (vaccines.rating, vaccines.publisher) == ("Pants on fire", "Example Checks")
    assert [(b.position, b.reason) for b in bad] == [("the object, dataFeedElement 3", "[E223] no claimReviewed")]


def test_json_lines_report_broken_lines_and_other_types_by_line_number():
    good, bad = _read("reviews.jsonl")
    assert [g.identifier for g in good] == ["42", None]
    assert good[0].rating == "Mostly false" and good[0].rating_value == "2" and good[0].publisher == "Grain Check"
    assert good[1].appearance == ["https://tv.example.ru/biolabs"]
    assert [b.position for b in bad] == ["line 2", "line 3"]
    assert bad[0].reason.startswith("[E221] not valid JSON") and bad[1].reason == "[E222] not a ClaimReview (@type WebPage)"


def test_an_html_page_yields_its_claim_reviews_and_ignores_everything_else():
    good, bad = _read("page.html")
    assert bad == []
    (review,) = good
    assert review.url == "https://pagechecks.example.org/militia" and review.rating == "Unproven"
    assert review.language == "en" and review.publisher == "Page Checks"


def test_an_array_and_a_single_object(tmp_path):
    array = tmp_path / "array.json"
    array.write_text('[{"@type": "schema:ClaimReview", "url": "u1", "claimReviewed": "One."}, 3]', encoding="utf-8")
    good, bad = _read(str(array))
    assert [g.url for g in good] == ["u1"] and [(b.position, b.reason) for b in bad] == [("item 2", "[E222] not a ClaimReview (int)")]
    single = tmp_path / "one.json"
    single.write_text('{"@type": "ClaimReview", "identifier": "x", "claimReviewed": "Two."}', encoding="utf-8")
    assert [g.identifier for g in _read(str(single))[0]] == ["x"]


def test_euvsdisinfo_cases_are_known_disinformation():
    good, bad = _read("euvsdisinfo.csv")
    navalny, biolabs = good
    assert navalny.identifier == navalny.url == "https://euvsdisinfo.eu/report/german-special-services-helped-navalny/"
    assert (navalny.rating, navalny.publisher, navalny.source, navalny.date_published) == ("disinformation", "EUvsDisinfo", "euvsdisinfo", "2021-02-18")
    assert biolabs.extra["outlets"] == ["RIA Novosti", "Sputnik"] and biolabs.item_author == "RIA Novosti, Sputnik"
    assert [(b.position, b.reason) for b in bad] == [("line 3", "[E223] no title")]
