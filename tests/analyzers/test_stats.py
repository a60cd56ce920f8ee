from glasnost import Article, analyze
from glasnost.article import Block


def test_stats_count_words_sentences_paragraphs_and_entity_labels():
    text = "First paragraph here. It has two sentences.\n\nOslo is in Norway."
    blocks = [Block("paragraph", 0, 43), Block("paragraph", 45, len(text))]
    stats = analyze(Article.from_text(text, blocks=blocks)).stats
    assert stats.words == 11 and stats.sentences == 3 and stats.paragraphs == 2
    assert stats.characters == len(text)
    assert stats.entity_labels.get("GPE") == 2
    assert 0 < stats.type_token_ratio <= 1
