"""Runs an intervention case (docs/intervention-case-format.md) in real pyvene, 0.1.5 or 0.1.8.

Shared by the reference generators and by the round-trip tests' runner (run_in_pyvene.py).
"""
import torch
import pyvene as pv



def _pyvene_version():
    # The refenv copies carry no package metadata; 0.1.8 names keys "layer_1_comp_..." (0.1.5: "layer.1.comp...").
    import inspect
    source = inspect.getsource(pv.IntervenableModel._get_representation_key)
    return "0.1.8" if "layer_{l}_comp" in source else "0.1.5"


PYVENE_VERSION = _pyvene_version()


def intervention_of(im, key):
    value = im.interventions[key]
    return value[0] if isinstance(value, (tuple, list)) else value  # 0.1.5 keeps (intervention, hook)


def build_config(case):
    representations = []
    for r in case["representations"]:
        kwargs = {k: v for k, v in r.items() if k in pv.RepresentationConfig._fields and v is not None}
        kwargs["intervention_type"] = getattr(pv, r["intervention_type"])
        if "source_representation" in kwargs:
            kwargs["source_representation"] = torch.tensor(kwargs["source_representation"], dtype=torch.float32)
        representations.append(pv.RepresentationConfig(**kwargs))
    return pv.IntervenableConfig(representations)


def run_case(model, case, save_to=None, load_from=None, prepare=None):
    """Builds (or loads) the case's IntervenableModel, runs it, optionally saves it; returns tensors."""
    if load_from:
        im = pv.IntervenableModel.load(load_from, model)
    else:
        im = pv.IntervenableModel(build_config(case), model)
        dim = case.get("parameters", {}).get("interchange_dim")
        if dim:
            for key in im.sorted_keys:
                intervention_of(im, key).set_interchange_dim(dim)
        if prepare:
            prepare(im)
    base = {"input_ids": torch.tensor(case["base_input_ids"])}
    sources = None
    if case.get("source_input_ids"):
        sources = [{"input_ids": torch.tensor(ids)} for ids in case["source_input_ids"]]
    locations = case["unit_locations"]
    if "sources->base" in locations:
        source_locs, base_locs = locations["sources->base"]
        unit_locations = {"sources->base": (source_locs, base_locs)}
    else:
        unit_locations = {"base": locations["base"]}
    original, intervened = im(base, sources, unit_locations=unit_locations, subspaces=case.get("subspaces"),
                              output_original_output=True)
    collected = []
    if isinstance(original, tuple):  # Collect interventions: (outputs, collected activations)
        original, collected = original
    result = {"original_logits": original.logits.detach().clone(),
              "intervened_logits": intervened.logits.detach().clone()}
    for i, c in enumerate(collected):
        result[f"collected.{i}"] = c.detach().clone().float()
    if save_to:
        im.save(save_to)
    return result
