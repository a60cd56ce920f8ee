import pytest

from glasnost import InputError, LoadOptions, load
from glasnost.errors import Errors
from glasnost.ingest.language import check_language, identify


@pytest.mark.parametrize(("name", "code"), [("german", "de"), ("russian", "ru")])
def test_a_foreign_paragraph_is_refused_with_e004(texts, name, code):
    text = getattr(texts, name)
    with pytest.raises(InputError) as caught:
        load(text)
    assert str(caught.value) == Errors.E004.format(language=code)


def test_a_foreign_text_loads_when_english_is_not_required(texts):
    article = load(texts.russian, LoadOptions(require_english=False))
    assert article.language == "ru"
    assert article.text == texts.russian


def test_english_is_recognised_and_short_or_name_heavy_text_is_never_refused(texts):
    assert load("\n\n".join(texts.harbour)).language == "en"
    for short in ["Belgorod enigma", "Vladimir Putin conquered Bakhmut.", "Schadenfreude in Warschau",
                  "Bakhmut, Belgorod, Prigozhin, Shoigu"]:
        check_language(short, require_english=True)  # no InputError


def test_an_english_article_quoting_a_foreign_sentence_stays_english(texts):
    text = texts.harbour[0] + ' One fisherman shouted "' + texts.german[:60] + '" at the mayor. ' + texts.harbour[1]
    assert identify(text) == ("en", False)
