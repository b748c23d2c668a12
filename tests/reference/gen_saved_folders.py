#!/usr/bin/env python3
"""pyvene's own save() folders, one per intervention kind, for the installed pyvene version.

For each model and case: build the IntervenableModel, give trainable interventions seeded non-trivial
weights, run it, save() it, and load() the folder back in the same pyvene to check it reruns (the
result goes into case.json as `pyvene_reloads`: pyvene cannot always load its own saves).
Writes tests/data/pyvene_saves/<pyvene version>/<model>/<case>/: pyvene's files (config.json,
intkey_*.bin), case.json (inputs in the intervention case format) and tensors.safetensors
(original_logits, intervened_logits, collected.<i>).

Run both:
  (. ../shared/refenv/env-0.1.5.sh && $REF_PY tests/reference/gen_saved_folders.py)
  (. ../shared/refenv/env-0.1.8.sh && $REF_PY tests/reference/gen_saved_folders.py)
"""
import json
import os
import shutil
import sys

import torch
import transformers
import pyvene as pv
from safetensors.torch import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")
sys.path.insert(0, HERE)
from pyvene_common import PYVENE_VERSION, intervention_of, run_case  # noqa: E402

MODELS = ("gpt2-tiny", "llama-tiny", "gpt_neox-tiny")
BASE = [5, 17, 40, 99, 23, 61, 7, 12]
SOURCE = [5, 18, 41, 77, 23, 62, 8, 12]


def rep(layer, component, kind, **extra):
    r = {"layer": layer, "component": component, "unit": "pos", "max_number_of_units": 1,
         "intervention_type": kind}
    r.update(extra)
    return r


# name -> (representations, unit_locations, interchange_dim set after construction)
CASES = {
    "vanilla": ([rep(1, "block_output", "VanillaIntervention")], {"sources->base": [[[[3]]], [[[3]]]]}, None),
    "vanilla_interchange_dim_16": ([rep(1, "block_output", "VanillaIntervention")],
                                   {"sources->base": [[[[3]]], [[[3]]]]}, 16),
    "zero": ([rep(0, "mlp_output", "ZeroIntervention")], {"base": [[[2, 4]]]}, None),
    "noise_and_collect": ([rep(0, "block_output", "NoiseIntervention"),
                           rep(1, "block_output", "CollectIntervention", max_number_of_units=2)],
                          {"base": [[[1, 2, 3, 4]], [[2, 5]]]}, None),
    "addition_constant": ([rep(1, "block_output", "AdditionIntervention", source_representation="seeded")],
                          {"base": [[[3]]]}, None),
    "rotated_space": ([rep(1, "block_output", "RotatedSpaceIntervention")],
                      {"sources->base": [[[[3]]], [[[3]]]]}, 16),
    "low_rank_rotated_space": ([rep(1, "block_output", "LowRankRotatedSpaceIntervention", low_rank_dimension=4)],
                               {"sources->base": [[[[3]]], [[[3]]]]}, None),
    "boundless_rotated_space": ([rep(1, "mlp_output", "BoundlessRotatedSpaceIntervention")],
                                {"sources->base": [[[[4]]], [[[4]]]]}, None),
    "sigmoid_mask": ([rep(0, "attention_output", "SigmoidMaskIntervention")],
                     {"sources->base": [[[[2]]], [[[2]]]]}, None),
    "sigmoid_mask_rotated_space": ([rep(1, "block_output", "SigmoidMaskRotatedSpaceIntervention")],
                                   {"sources->base": [[[[3]]], [[[3]]]]}, None),
    # pyvene skips the module only when given the sources->base form (the source is not read).
    "skip": ([rep(1, "mlp_output", "SkipIntervention")], {"sources->base": [[[[3]]], [[[3]]]]}, None),
    # interchange_dim is the list of latent dimensions taken from the source.
    "autoencoder": ([rep(1, "block_output", "AutoencoderIntervention", latent_dim=16)],
                    {"sources->base": [[[[3]]], [[[3]]]]}, [1, 5, 7]),
}


def perturb(im, seed):
    """Seeded weights away from the initial ones, so a wrong load cannot pass."""
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for key in im.sorted_keys:
            for p in intervention_of(im, key).parameters():
                if not p.requires_grad or not p.is_floating_point():
                    continue
                step = torch.randn(p.shape, generator=generator) * 0.3
                if p.dim() == 2 and p.shape[0] != p.shape[1]:
                    step = step.tril(-1)  # Householder reflectors: the diagonal holds signs
                p.add_(step)


def main():
    torch.set_grad_enabled(False)
    out_root = os.path.join(DATA, "pyvene_saves", PYVENE_VERSION)
    shutil.rmtree(out_root, ignore_errors=True)
    index = {}
    for model_name in MODELS:
        model = transformers.AutoModelForCausalLM.from_pretrained(os.path.join(DATA, "models", model_name),
                                                                  torch_dtype=torch.float32).eval()
        D = model.config.hidden_size
        for case_name, (reps, locations, interchange_dim) in CASES.items():
            reps = [dict(r) for r in reps]
            for r in reps:
                if r.get("source_representation") == "seeded":
                    r["source_representation"] = (torch.randn(D, generator=torch.Generator().manual_seed(3)) * 0.5).tolist()
            torch.manual_seed(1234)  # initial weights (rotations, autoencoders) are drawn from torch's global RNG
            folder = os.path.join(out_root, model_name, case_name)
            case = {"case": case_name, "model": model_name, "model_dir": "models/" + model_name,
                    "versions": {"torch": torch.__version__, "transformers": transformers.__version__,
                                 "pyvene": PYVENE_VERSION},
                    "representations": reps, "base_input_ids": [BASE],
                    "source_input_ids": [[SOURCE]] * len(reps) if "sources->base" in locations else None,
                    "unit_locations": locations,
                    "parameters": {"interchange_dim": interchange_dim} if interchange_dim else {}}
            try:
                result = run_case(model, case, save_to=folder, prepare=lambda im: perturb(im, 11))
            except Exception as error:  # a kind this pyvene cannot build or run here
                print(f"{model_name}/{case_name}: skipped ({type(error).__name__}: {error})", file=sys.stderr)
                shutil.rmtree(folder, ignore_errors=True)
                continue
            try:
                reloaded = run_case(model, case, load_from=folder)
                diff = float((reloaded["intervened_logits"] - result["intervened_logits"]).abs().max())
                case["pyvene_reloads"] = {"ok": diff <= 1e-5, "max_abs_diff": diff}
            except Exception as error:
                case["pyvene_reloads"] = {"ok": False, "error": f"{type(error).__name__}: {error}"}
            save_file({k: v.contiguous() for k, v in result.items()}, os.path.join(folder, "tensors.safetensors"))
            json.dump(case, open(os.path.join(folder, "case.json"), "w"), indent=1)
            index.setdefault(model_name, []).append(case_name)
            print(f"{model_name}/{case_name}: reload {case['pyvene_reloads']}", file=sys.stderr)
    json.dump({"pyvene": PYVENE_VERSION, "transformers": transformers.__version__, "cases": index},
              open(os.path.join(out_root, "index.json"), "w"), indent=1)


if __name__ == "__main__":
    main()
