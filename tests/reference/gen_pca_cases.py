#!/usr/bin/env python3
"""pca_rotated_space intervention cases from pyvene's PCARotatedSpaceIntervention.

pyvene takes the fitted PCA as constructor arguments (an object with `components_`, plus mean and
std), so the case passes an intervention instance. The PCA is fitted with numpy on block_output
activations of layer 1 over seeded random token sequences (standardise, centre, top-8 right
singular vectors), interchange_dim 4. Writes tests/data/pyvene_cases/<model>/pca_rotated_space/
(case.json + tensors.safetensors with pca_components [8, D], pca_mean [D], pca_std [D]) and adds
the case to tests/data/pyvene_cases/index.json.

pyvene saves no weights for this intervention (it is not trainable), so its save() folder cannot be
loaded back in pyvene or Causeway; the weights travel as named tensors instead (`--weights`).

Run: . ../shared/refenv/env-0.1.5.sh && $REF_PY tests/reference/gen_pca_cases.py
(under 0.1.8 the tensors come out byte-identical; only case.json's versions change)
"""
import json
import os
import sys
import types

import numpy as np
import torch
import transformers
import pyvene as pv
from safetensors.torch import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")
sys.path.insert(0, HERE)
from pyvene_common import PYVENE_VERSION  # noqa: E402
BASE = [[5, 17, 40, 99, 23, 61, 7, 12]]
SOURCE = [[5, 18, 41, 77, 23, 62, 8, 12]]
LAYER, COMPONENTS, INTERCHANGE = 1, 8, 4


def fit_pca(model):
    generator = torch.Generator().manual_seed(0)
    ids = torch.randint(3, model.config.vocab_size, (16, 12), generator=generator)
    hidden = model(ids, output_hidden_states=True).hidden_states[LAYER + 1]  # block LAYER's output
    x = hidden.reshape(-1, hidden.shape[-1]).double().numpy()
    mean, std = x.mean(0), x.std(0, ddof=1)
    normalised = (x - mean) / std
    _, _, vh = np.linalg.svd(normalised - normalised.mean(0), full_matrices=False)
    return vh[:COMPONENTS].astype(np.float32), mean.astype(np.float32), std.astype(np.float32)


def main():
    torch.set_grad_enabled(False)
    index_path = os.path.join(DATA, "pyvene_cases", "index.json")
    index = json.load(open(index_path))
    for name in ("gpt2-tiny", "llama-tiny", "gpt_neox-tiny"):
        model = transformers.AutoModelForCausalLM.from_pretrained(os.path.join(DATA, "models", name),
                                                                  torch_dtype=torch.float32).eval()
        components, mean, std = fit_pca(model)
        intervention = pv.PCARotatedSpaceIntervention(embed_dim=model.config.hidden_size,
                                                       pca=types.SimpleNamespace(components_=components),
                                                       pca_mean=mean, pca_std=std)
        intervention.set_interchange_dim(INTERCHANGE)
        config = pv.IntervenableConfig([pv.RepresentationConfig(LAYER, "block_output", "pos",
                                                                intervention=intervention)])
        im = pv.IntervenableModel(config, model)
        locations = [[[3]]]
        original, intervened = im({"input_ids": torch.tensor(BASE)}, [{"input_ids": torch.tensor(SOURCE)}],
                                  unit_locations={"sources->base": (locations, locations)},
                                  output_original_output=True)
        folder = os.path.join(DATA, "pyvene_cases", name, "pca_rotated_space")
        os.makedirs(folder, exist_ok=True)
        tensors = {"base_input_ids": torch.tensor(BASE), "source0_input_ids": torch.tensor(SOURCE),
                   "original_logits": original.logits.contiguous(), "intervened_logits": intervened.logits.contiguous(),
                   "pca_components": torch.from_numpy(components), "pca_mean": torch.from_numpy(mean),
                   "pca_std": torch.from_numpy(std)}
        save_file(tensors, os.path.join(folder, "tensors.safetensors"))
        case = {"case": "pca_rotated_space", "model": name, "model_dir": "models/" + name,
                "made_by": "tests/reference/gen_pca_cases.py",
                "versions": {"torch": torch.__version__, "transformers": transformers.__version__, "pyvene": PYVENE_VERSION},
                "representations": [{"layer": LAYER, "component": "block_output", "unit": "pos",
                                     "max_number_of_units": 1, "intervention_type": "PCARotatedSpaceIntervention"}],
                "base_input_ids": BASE, "source_input_ids": [SOURCE],
                "unit_locations": {"sources->base": [locations, locations]},
                "parameters": {"interchange_dim": INTERCHANGE},
                "pca": "numpy fit on block_output of layer 1 over 16 seeded random sequences of 12 tokens: "
                       "standardise (std ddof=1), centre, top-8 right singular vectors",
                "max_abs_logit_change": float((intervened.logits - original.logits).abs().max()),
                "tensors": {k: list(v.shape) for k, v in tensors.items()}}
        json.dump(case, open(os.path.join(folder, "case.json"), "w"), indent=1)
        if "pca_rotated_space" not in index["cases"][name]:
            index["cases"][name].append("pca_rotated_space")
        print(name, case["max_abs_logit_change"])
    json.dump(index, open(index_path, "w"), indent=1)
    open(index_path, "a").write("\n")


if __name__ == "__main__":
    main()
