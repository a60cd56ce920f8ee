"""`evaluate_folder` (`glasnost eval techniques`) encodes each article once for every task it
scores, on two short articles written here."""

from __future__ import annotations

import pytest

from glasnost.evaluation.techniques import evaluate_folder
from glasnost.models.runtime import Encoder
from glasnost.techniques.predict import model_available

ARTICLES = {
    "article1.txt": "The corrupt regime keeps feeding the public disgusting lies.\n\nThe budget was published on Tuesday.\n",
    "article2.txt": "These thugs will destroy our beloved nation unless every true patriot stands up now.\n",
}


@pytest.mark.skipif(not model_available(), reason="technique model absent")
def test_each_article_is_encoded_once_for_si_tc_and_paragraphs(tmp_path, monkeypatch):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    gold = tmp_path / "gold.labels"
    gold.write_text("1\tLoaded_Language\t37\t47\n2\tFlag_Waving\t50\t70\n", encoding="utf-8")
    paragraph_gold = tmp_path / "paragraphs.labels"
    paragraph_gold.write_text("1\t1\tLoaded_Language\n1\t3\t\n", encoding="utf-8")
    encoded: list[str] = []
    encode = Encoder.encode

    def counting(self, text, use_cache=True):
        encoded.append(text)
        return encode(self, text, use_cache)

    monkeypatch.setattr(Encoder, "encode", counting)
    result = evaluate_folder(folder, gold, paragraph_gold)
    assert sorted(encoded) == sorted(ARTICLES.values())
    assert result.tc is not None and result.tc.micro is not None
    assert result.paragraph_count == 2
