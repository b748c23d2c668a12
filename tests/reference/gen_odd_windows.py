#!/usr/bin/env python3
"""Causal-tracing maps for odd windows (1, 3, 5), computed in real pyvene.

Reuses the noised embeddings stored in tests/data/experiments/<model>/causal_tracing, restores the
clean mlp_output / attention_output with one VanillaIntervention per layer of ROME's window
(Python floor division: range(max(0, l - w // 2), min(L, l - (-w // 2)))), and writes
odd_windows.safetensors + odd_windows.json beside the existing maps.

Run: . ../shared/refenv/env-0.1.5.sh && $REF_PY tests/reference/gen_odd_windows.py
"""
import json
import os
import sys

import torch
import transformers
import pyvene as pv
from safetensors.torch import load_file, save_file

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")
WINDOWS = (1, 3, 5)


def rome_window(layer, window, num_layers):
    return list(range(max(0, layer - window // 2), min(num_layers, layer - (-window // 2)))) or [layer]


def trace_map(model, ids, noised, answer, component, window):
    samples, T = noised.shape[0], ids.shape[1]
    L = model.config.num_hidden_layers
    rows = []
    for layer in range(L):
        restored = rome_window(layer, window, L)
        config = pv.IntervenableConfig([pv.RepresentationConfig(k, component, "pos",
                                                                intervention_type=pv.VanillaIntervention)
                                        for k in restored])
        im = pv.IntervenableModel(config, model)
        row = []
        for t in range(T):
            locations = [[[t]] * samples] * len(restored)
            _, out = im({"inputs_embeds": noised}, [{"input_ids": ids.repeat(samples, 1)}] * len(restored),
                        unit_locations={"sources->base": (locations, locations)})
            row.append(float(torch.softmax(out.logits[:, -1], -1)[:, answer].mean()))
        rows.append(row)
    return torch.tensor(rows, dtype=torch.float32)


def main():
    torch.set_grad_enabled(False)
    for name in ("gpt2-tiny", "llama-tiny"):
        folder = os.path.join(DATA, "experiments", name, "causal_tracing")
        manifest = json.load(open(os.path.join(folder, "manifest.json")))
        stored = load_file(os.path.join(folder, "tensors.safetensors"))
        model = transformers.AutoModelForCausalLM.from_pretrained(os.path.join(DATA, "models", name),
                                                                  torch_dtype=torch.float32).eval()
        ids, noised, answer = stored["input_ids"], stored["noised_embeddings"], manifest["answer_token_id"]
        L = model.config.num_hidden_layers
        tensors, windows = {}, {}
        for w in WINDOWS:
            windows["w%d" % w] = {str(l): rome_window(l, w, L) for l in range(L)}
            for short, component in (("mlp", "mlp_output"), ("attn", "attention_output")):
                tensors["scores.%s.w%d" % (short, w)] = trace_map(model, ids, noised, answer, component, w).contiguous()
        save_file(tensors, os.path.join(folder, "odd_windows.safetensors"))
        json.dump({"model": name, "made_by": "tests/reference/gen_odd_windows.py",
                   "versions": {"torch": torch.__version__, "transformers": transformers.__version__,
                                "pyvene": getattr(pv, "__version__", "0.1.5")},
                   "inputs": "noised_embeddings, input_ids and answer_token_id of tensors.safetensors/manifest.json",
                   "window_rule": "range(max(0, l - w // 2), min(L, l - (-w // 2))), Python floor division",
                   "windows": windows, "tensors": {k: list(v.shape) for k, v in tensors.items()}},
                  open(os.path.join(folder, "odd_windows.json"), "w"), indent=1)
        print(name, "written", file=sys.stderr)


if __name__ == "__main__":
    main()
