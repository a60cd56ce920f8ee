"""Settings as a batch worker and a library user meet them: one picklable object that decides
which model folders an analysis reads."""

from __future__ import annotations

import json
import pickle
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pytest

from glasnost import AnalyzeOptions, Article, InputError, analyze
from glasnost.models.runtime import MODELS_DIR
from glasnost.sentence_models.heads import heads_available
from glasnost.settings import ENVIRONMENT, Settings, from_environment

TEXT = (
    "The council closed the harbour road on Tuesday. Fishermen say the decision will ruin them. "
    "Is this the end of the old town? The mayor said the road would reopen next year."
)
LOADED = (
    "The corrupt, lying elites have once again stabbed hard-working families in the back. "
    "Their disastrous, shameful deal is a betrayal of everything we hold dear."
)


def test_settings_pickle_and_compare_by_value():
    settings = Settings(sentence_model=Path("/models/heads"), threads=2, ort_spin=True)
    again = pickle.loads(pickle.dumps(settings))
    assert again == settings and hash(again) == hash(settings)
    with pytest.raises(AttributeError):
        settings.threads = 3  # type: ignore[misc]


def test_environment_gives_the_cli_defaults_and_bad_values_are_input_errors():
    settings = from_environment({"GLASNOST_THREADS": "3", "GLASNOST_ORT_SPIN": "1", "GLASNOST_DATA": "/d", "PATH": "x"})
    assert settings == Settings(threads=3, ort_spin=True, data_dir=Path("/d"))
    assert from_environment({}) == Settings()
    assert set(ENVIRONMENT.values()) <= set(Settings.__dataclass_fields__)
    with pytest.raises(InputError, match=r"GLASNOST_THREADS='many': expected a whole number"):
        from_environment({"GLASNOST_THREADS": "many"})
    with pytest.raises(InputError, match="threads must be from 1 to 1024"):
        Settings(threads=0)


def _heads_copy(folder: Path, threshold: float) -> Path:
    """The shipped sentence heads under another name, with another check-worthiness threshold."""
    folder.mkdir()
    config = json.loads((MODELS_DIR / "sentences" / "config.json").read_text("utf-8"))
    config["version"] = "test-heads"
    config["tasks"]["checkworthiness"]["threshold"] = threshold
    (folder / "config.json").write_text(json.dumps(config), "utf-8")
    (folder / "heads.npz").symlink_to(MODELS_DIR / "sentences" / "heads.npz")
    return folder


def _claims(settings: Settings) -> tuple[int, str | None]:
    analysis = analyze(Article.from_text(TEXT), AnalyzeOptions(only=("claims",)), settings)
    steps = {step.name: step.model for step in analysis.pipeline.steps}
    return len(analysis.claims), steps["claims"]


@pytest.mark.skipif(not heads_available(), reason="sentence heads or their encoder absent")
def test_a_sentence_model_folder_in_settings_is_the_one_used(tmp_path):
    shipped, shipped_model = _claims(Settings())
    mine, my_model = _claims(Settings(sentence_model=_heads_copy(tmp_path / "heads", 0.0)))
    assert shipped_model != "test-heads" and my_model == "test-heads"
    assert mine == 3 > shipped  # every sentence but the question is a claim at threshold 0


@pytest.mark.skipif(not heads_available(), reason="sentence heads or their encoder absent")
def test_settings_reach_a_worker_process(tmp_path):
    settings = Settings(sentence_model=_heads_copy(tmp_path / "heads", 0.0), threads=1)
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        assert pool.submit(_claims, settings).result(timeout=300) == (3, "test-heads")


def test_a_technique_model_folder_in_settings_is_the_one_used(tmp_path):
    shipped = MODELS_DIR / "techniques"
    folder = tmp_path / "techniques"
    folder.mkdir()
    for path in shipped.iterdir():
        if path.name not in ("config.json", "thresholds.json"):
            (folder / path.name).symlink_to(path)
    config = json.loads((shipped / "config.json").read_text("utf-8"))
    config["version"] = "test-techniques"
    (folder / "config.json").write_text(json.dumps(config), "utf-8")
    thresholds = json.loads((shipped / "thresholds.json").read_text("utf-8"))
    for block in (thresholds, thresholds.get("highlight") or {}):  # the span cut reads the highlight block
        if "operating_points" in block:
            block["operating_points"] = {
                point: {name: 1.0 for name in values} for point, values in block["operating_points"].items()
            }
    (folder / "thresholds.json").write_text(json.dumps(thresholds), "utf-8")
    options = AnalyzeOptions(only=("techniques",), operating_point="recall")
    assert analyze(Article.from_text(LOADED), options).techniques
    analysis = analyze(Article.from_text(LOADED), options, Settings(technique_model=folder))
    assert analysis.techniques == []
    assert [step.model for step in analysis.pipeline.steps] == ["test-techniques"]
