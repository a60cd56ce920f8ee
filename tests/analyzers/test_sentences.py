from glasnost import Article, analyze


def test_sentences_are_trimmed_and_never_cross_a_line_break():
    text = "A Title Without Stop\n\nThe first claim is here. The second one follows.\n\nA heading\n\nLast words."
    sentences = analyze(Article.from_text(text)).sentences
    assert [s.text for s in sentences] == [
        "A Title Without Stop",
        "The first claim is here.",
        "The second one follows.",
        "A heading",
        "Last words.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert [s.index for s in sentences] == list(range(len(sentences)))
