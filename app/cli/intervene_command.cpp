// causeway-cli intervene CASE.json --model DIR [--weights W.safetensors] [--load DIR] [--save DIR
//     [--pyvene 0.1.5|0.1.8]] [--out FILE]
// Runs one pyvene-style intervention described in JSON (docs/intervention-case-format.md); reads
// or writes pyvene's save() folders, so interventions move between the tools without C++.
#include "cli/args.h"
#include "cli/commands.h"

#include "intervene/intervenable.h"
#include "intervene/pyvene_format.h"
#include "io/model_folder.h"
#include "io/safetensors.h"
#include "model/transformer.h"
#include "tokenize/tokenizer.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>

namespace causeway::cli {

namespace fs = std::filesystem;

namespace {

nlohmann::json readJsonFile(const fs::path& path, const std::string& what) {
    std::ifstream in(path);
    if (!in) throw Error("Cannot open the " + what + " " + path.string() + ".");
    try {
        return nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error("The " + what + " " + path.string() + " is not valid JSON (" + e.what() + ").");
    }
}

// HF's generate stops a row at the model's EOS (generation_config.json) unless told otherwise.
std::optional<int64_t> generationEos(const fs::path& folder) {
    std::ifstream in(folder / "generation_config.json");
    if (!in) return std::nullopt;
    nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || !j.contains("eos_token_id")) return std::nullopt;
    const auto& eos = j["eos_token_id"];
    if (eos.is_number_integer()) return eos.get<int64_t>();
    if (eos.is_array() && !eos.empty() && eos[0].is_number_integer()) return eos[0].get<int64_t>();
    return std::nullopt;
}

} // namespace

int intervene(const Args& args) {
    const std::string usage = "causeway-cli intervene CASE.json --model DIR [--weights W.safetensors] [--load DIR] "
                              "[--save DIR [--pyvene 0.1.5|0.1.8]] [--out FILE]";
    ParsedArgs parsed(args, {}, {"model", "weights", "out", "load", "save", "pyvene"}, usage);
    if (parsed.positional().size() != 1) throw Error("intervene takes one case file. Usage: " + usage);
    const auto modelDir = parsed.one("model");
    const auto out = parsed.one("out");
    const auto load = parsed.one("load");
    const auto save = parsed.one("save");
    const auto layoutName = parsed.one("pyvene");
    if (!modelDir) throw Error("intervene needs --model DIR, the model folder to run the case on. Usage: " + usage);
    if (!out && !save) throw Error("intervene needs --out FILE for the safetensors output, or --save DIR. Usage: " + usage);
    if (layoutName && !save) throw Error("--pyvene chooses the layout of a folder written with --save; give --save DIR too.");
    const PyveneLayout layout = layoutName ? pyveneLayoutFromName(*layoutName) : PyveneLayout::V0_1_5;

    const nlohmann::json json = readJsonFile(parsed.positional()[0], "case file");
    const fs::path folder = resolveModelFolder(*modelDir);
    auto model = Transformer::load(folder);
    std::unique_ptr<Tokenizer> tokenizer;
    if (hasTokenizerFiles(folder)) tokenizer = loadTokenizer(folder);
    // --load: the interventions (config and weights) come from a pyvene folder; the case gives the inputs.
    std::optional<IntervenableModel> loaded;
    if (load) loaded.emplace(loadPyveneFolder(*load, model));
    InterventionCase c = parseInterventionCase(json, tokenizer.get(), loaded ? &loaded->config() : nullptr);
    IntervenableModel im = loaded ? std::move(*loaded) : IntervenableModel(c.config, model);
    if (const auto weights = parsed.one("weights")) {
        SafetensorsFile file(*weights);
        NamedTensors tensors;
        for (const auto& [name, entry] : file.entries()) tensors.emplace_back(name, file.tensor(name));
        applyNamedWeights(im, tensors); // other tensors in the file (inputs, references) are not weights
    }
    if (save) {
        savePyveneFolder(im, *save, layout);
        std::cerr << "causeway-cli: saved " << c.config.representations.size() << " intervention(s) as a pyvene "
                  << pyveneLayoutName(layout) << " folder in " << *save << '\n';
    }
    if (!out) return 0;

    std::vector<std::pair<std::string, at::Tensor>> outputs;
    if (c.generate) {
        if (!c.generate->eosTokenId) c.generate->eosTokenId = generationEos(folder);
        GenerateResult g = im.generate(c.request, *c.generate);
        outputs.emplace_back("original_generated_ids", g.originalIds);
        outputs.emplace_back("intervened_generated_ids", g.intervenedIds);
    }
    InterveneResult r = im.forward(c.request);
    outputs.emplace_back("original_logits", r.originalLogits);
    outputs.emplace_back("intervened_logits", r.intervenedLogits);
    for (std::size_t i = 0; i < r.collected.size(); ++i) outputs.emplace_back("collected." + std::to_string(i), r.collected[i]);
    writeSafetensors(*out, outputs);
    std::cerr << "causeway-cli: " << c.config.representations.size() << " representation(s); max |logit change| "
              << (r.intervenedLogits - r.originalLogits).abs().max().item<double>() << "; wrote " << *out << '\n';
    return 0;
}

} // namespace causeway::cli
