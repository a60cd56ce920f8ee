from glasnost import AnalyzeOptions, Article, analyze
from glasnost.techniques import inventory

TEXT = (
    "The corrupt, cowardly regime of traitors keeps feeding the public disgusting lies. "
    "These thugs will destroy our beloved nation unless every true patriot stands up now. "
    "The ministry published its budget on Tuesday."
)


def test_techniques_point_into_the_text_with_known_names_and_scores():
    analysis = analyze(Article.from_text(TEXT), AnalyzeOptions(only=("techniques",)))
    assert analysis.techniques, "loaded language in the fixture should be found"
    for item in analysis.techniques:
        assert TEXT[item.start : item.end] == item.text
        assert item.technique in inventory.NAMES and 0.0 <= item.score <= 1.0
    step = next(s for s in analysis.pipeline.steps if s.name == "techniques")
    assert step.model and "minilm" in step.model
    assert all(t.end <= TEXT.index("The ministry") for t in analysis.techniques if t.technique == "Name_Calling-Labeling")


def test_min_score_moves_the_operating_point():
    loose = analyze(Article.from_text(TEXT), AnalyzeOptions(only=("techniques",), min_score=0.05))
    strict = analyze(Article.from_text(TEXT), AnalyzeOptions(only=("techniques",), min_score=0.99))
    assert len(loose.techniques) > len(strict.techniques) == 0
