#include "experiments/export.h"

#include "common/error.h"
#include "intervene/intervenable.h"
#include "intervene/pyvene_format.h"
#include "model/transformer.h"

#include <cstdio>
#include <sstream>

namespace causeway {

namespace {

std::string pyList(const std::vector<int64_t>& v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
    return s + "]";
}

std::string pyString(const std::string& text) { return nlohmann::json(text).dump(); } // a valid Python literal

// Full precision, so the script computes with exactly the numbers Causeway used.
std::string pyFloat(double value) {
    char text[40];
    std::snprintf(text, sizeof text, "%.17g", value);
    return text;
}

std::string pyCells(const std::vector<std::pair<int, int64_t>>& cells) {
    std::string s = "[";
    for (std::size_t i = 0; i < cells.size(); ++i)
        s += (i ? ", " : "") + std::string("[") + std::to_string(cells[i].first) + ", " + std::to_string(cells[i].second) + "]";
    return s + "]";
}

const char* kCommon = R"PY(
import argparse
import json

import torch
import transformers
import pyvene as pv

parser = argparse.ArgumentParser(description="Reruns a Causeway experiment in pyvene; the last line printed is "
                                             "its matrices as one JSON object.")
parser.add_argument("--model", default=MODEL_DIR, help="HuggingFace model folder (default: the one exported from)")
args = parser.parse_args()
torch.set_grad_enabled(False)
model = transformers.AutoModelForCausalLM.from_pretrained(args.model, torch_dtype=torch.float32)
model.eval()


def last_logits(output):
    logits = output.logits if hasattr(output, "logits") else output[0]
    return logits[:, -1]
)PY";

const char* kPatching = R"PY(
LAYERS = LAYERS or list(range(model.config.num_hidden_layers))
clean = torch.tensor([CLEAN_IDS])
corrupted = torch.tensor([CORRUPTED_IDS])
base, source = (corrupted, clean) if DIRECTION == "denoising" else (clean, corrupted)
clean_last = last_logits(model(clean))[0]
corrupt_last = last_logits(model(corrupted))[0]
correct = CORRECT if CORRECT is not None else int(clean_last.argmax())
incorrect = INCORRECT if INCORRECT is not None else int(corrupt_last.argmax())
clean_logp = torch.log_softmax(clean_last, -1)


def metric(last):
    if METRIC == "logit_diff":
        return float(last[correct] - last[incorrect])
    if METRIC == "prob":
        return float(torch.softmax(last, -1)[correct])
    if METRIC == "logprob":
        return float(torch.log_softmax(last, -1)[correct])
    logq = torch.log_softmax(last, -1)
    return float((clean_logp.exp() * (clean_logp - logq)).sum())


m_clean, m_corrupt = metric(clean_last), metric(corrupt_last)
T = clean.shape[1]
maps = {}
for component in COMPONENTS:
    unit = "h.pos" if UNIT == "head" else "pos"
    heads = model.config.num_attention_heads
    if component in ("head_key_output", "head_value_output"):
        heads = getattr(model.config, "num_key_value_heads", heads)
    columns = range(heads) if UNIT == "head" else range(T)
    rows = []
    for layer in LAYERS:
        config = pv.IntervenableConfig([pv.RepresentationConfig(layer, component, unit,
                                                                intervention_type=pv.VanillaIntervention)])
        im = pv.IntervenableModel(config, model)
        row = []
        for column in columns:
            if (CELLS and [layer, column] not in CELLS) or (UNIT == "position" and POSITIONS and column not in POSITIONS):
                row.append(None)
                continue
            if UNIT == "head":
                locations = [[[[column]], [POSITIONS or list(range(T))]]]
            else:
                locations = [[[column]]]
            _, out = im({"input_ids": base}, [{"input_ids": source}],
                        unit_locations={"sources->base": (locations, locations)})
            row.append(metric(last_logits(out)[0]))
        rows.append(row)
    span = m_clean - m_corrupt
    maps[component] = {"raw": rows,
                       "normalized": [[None if v is None else (v - m_corrupt) / span for v in r] for r in rows]}
print(json.dumps({"baselines": {"clean": m_clean, "corrupted": m_corrupt}, "correct_token_id": correct,
                  "incorrect_token_id": incorrect, "layers": LAYERS, "maps": maps}))
)PY";

const char* kTracing = R"PY(
ids = torch.tensor([PROMPT_IDS])
T = ids.shape[1]
L = model.config.num_hidden_layers
clean_last = last_logits(model(ids))[0]
answer = ANSWER if ANSWER is not None else int(clean_last.argmax())
high = float(torch.softmax(clean_last, -1)[answer])
embeddings = model.get_input_embeddings()
scale = NOISE_SCALE if NOISE_SCALE is not None else NOISE_MULTIPLE * float(torch.std(embeddings.weight))
begin, end = SUBJECT
torch.manual_seed(SEED)
noise = torch.randn(SAMPLES, end - begin, embeddings.weight.shape[1]) * scale
noised = embeddings(ids).repeat(SAMPLES, 1, 1)
noised[:, begin:end] += noise


def score(output):
    return float(torch.softmax(last_logits(output), -1)[:, answer].mean())


low = score(model(inputs_embeds=noised))


def window(layer):
    return list(range(max(0, layer - WINDOW // 2), min(L, layer - (-WINDOW // 2)))) or [layer]


def wanted(layer, t):  # an explicit cell list wins; otherwise the layers x positions grid (empty = all)
    if CELLS:
        return [layer, t] in CELLS
    return (not LAYERS or layer in LAYERS) and (not POSITIONS or t in POSITIONS)


maps = {}
for name, component, windowed in (("hidden", "block_output", False), ("mlp", "mlp_output", True),
                                  ("attn", "attention_output", True)):
    rows = []
    for layer in range(L):
        row = [None] * T
        columns = [t for t in range(T) if wanted(layer, t)]
        if columns:
            restored = window(layer) if windowed else [layer]
            config = pv.IntervenableConfig([pv.RepresentationConfig(k, component, "pos",
                                                                    intervention_type=pv.VanillaIntervention)
                                            for k in restored])
            im = pv.IntervenableModel(config, model)
        for t in columns:
            if t < begin:
                row[t] = low  # the noise has not reached positions before the subject
                continue
            locations = [[[t]] * SAMPLES] * len(restored)
            _, out = im({"inputs_embeds": noised}, [{"input_ids": ids.repeat(SAMPLES, 1)}] * len(restored),
                        unit_locations={"sources->base": (locations, locations)})
            row[t] = score(out)
        rows.append(row)
    maps[name] = rows
print(json.dumps({"baselines": {"high": high, "low": low}, "answer_token_id": answer, "noise_scale": scale,
                  "maps": maps}))
)PY";

} // namespace

std::string pyveneScript(const ExperimentResult& prepared, const std::filesystem::path& modelFolder) {
    const ExperimentSpec& s = prepared.spec;
    std::ostringstream py;
    py << "#!/usr/bin/env python3\n"
       << "# Reruns a Causeway experiment with HuggingFace transformers and pyvene (0.1.5 or 0.1.8) and prints its\n"
       << "# matrices as one JSON object on its last line, rows = layers. Generated by `causeway-cli export`.\n"
       << "# Needs: pip install torch transformers pyvene. pyvene maps gpt2, gpt_neox, llama, mistral, gemma\n"
       << "# (and qwen2 from 0.1.8); OPT and Phi need a hand-written mapping.\n";
    if (!s.title.empty()) py << "# Experiment: " << s.title << "\n";
    py << "\nMODEL_DIR = " << pyString(std::filesystem::absolute(modelFolder).lexically_normal().string()) << "\n";
    std::vector<int64_t> layers;
    for (int l : s.layers) layers.push_back(l);
    if (s.kind == ExperimentKind::ActivationPatching) {
        py << "CLEAN_IDS = " << pyList(prepared.tokenIds) << "\n"
           << "CORRUPTED_IDS = " << pyList(prepared.corruptedTokenIds) << "\n"
           << "CORRECT = " << (s.correctToken ? std::to_string(*s.correctToken) : "None") << "\n"
           << "INCORRECT = " << (s.incorrectToken ? std::to_string(*s.incorrectToken) : "None") << "\n"
           << "DIRECTION = " << pyString(s.direction == PatchDirection::Denoising ? "denoising" : "noising") << "\n"
           << "METRIC = " << pyString(metricName(s.metric)) << "\n"
           << "UNIT = " << pyString(s.unit == PatchUnit::Head ? "head" : "position") << "\n"
           << "COMPONENTS = " << nlohmann::json(s.components).dump() << "\n";
    } else {
        py << "PROMPT_IDS = " << pyList(prepared.tokenIds) << "\n"
           << "SUBJECT = (" << prepared.subjectRange.first << ", " << prepared.subjectRange.second << ")\n"
           << "ANSWER = " << (s.correctToken ? std::to_string(*s.correctToken) : "None") << "\n"
           << "SAMPLES = " << s.noiseSamples << "\n"
           << "NOISE_MULTIPLE = " << pyFloat(s.noiseMultiple) << "\n"
           << "NOISE_SCALE = " << (s.noiseScale ? pyFloat(*s.noiseScale) : "None") << "\n"
           << "SEED = " << s.seed << "\n"
           << "WINDOW = " << s.window << "\n";
    }
    // The cells asked for (empty = all), as runExperiment reads them; the others print as null.
    py << "LAYERS = " << pyList(layers) << "\n"
       << "POSITIONS = " << pyList(s.positions) << "\n"
       << "CELLS = " << pyCells(s.cells) << "\n";
    py << kCommon << (s.kind == ExperimentKind::ActivationPatching ? kPatching : kTracing);
    return py.str();
}

void writePyveneConfig(const ExperimentResult& prepared, std::shared_ptr<const Transformer> model,
                       const std::filesystem::path& folder, PyveneLayout layout) {
    const ExperimentSpec& s = prepared.spec;
    if (s.kind != ExperimentKind::ActivationPatching || s.components.size() != 1)
        throw Error("A pyvene config folder holds one intervention: export an activation-patching experiment with one "
                    "component and one cell (use --to pyvene for the whole sweep).");
    int layer = -1;
    if (s.cells.size() == 1) layer = s.cells[0].first;
    else if (s.layers.size() == 1 && (s.unit == PatchUnit::Head || s.positions.size() == 1)) layer = s.layers[0];
    if (layer < 0)
        throw Error("A pyvene config folder holds one intervention: name exactly one cell (\"cells\": [[layer, column]]) "
                    "or one layer and one position.");
    RepresentationConfig rep;
    rep.layer = layer;
    rep.component = s.components[0];
    rep.unit = s.unit == PatchUnit::Head ? "h.pos" : "pos";
    IntervenableModel im({{rep}}, std::move(model));
    savePyveneFolder(im, folder, layout);
}

} // namespace causeway
