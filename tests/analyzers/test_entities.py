from glasnost import Article, analyze


def test_entities_point_into_the_text_and_score_label_agreement():
    text = (
        "Vladimir Putin met Sergei Shoigu in Moscow. Later Putin flew to Minsk. "
        "Shoigu stayed in Moscow with the army."
    )
    entities = analyze(Article.from_text(text)).entities
    assert entities
    for entity in entities:
        assert text[entity.start : entity.end] == entity.text
        assert 0.0 < entity.score <= 1.0
    moscow = [e for e in entities if e.text == "Moscow"]
    assert len(moscow) == 2 and {e.label for e in moscow} == {"GPE"} and moscow[0].score == 1.0
