#include "workbench/workbench.h"

#include "common/error.h"
#include "model/memory_estimate.h"
#include "model/sites.h"
#include "model/transformer.h"
#include "tokenize/tokenizer.h"

#include <algorithm>

namespace causeway {

namespace fs = std::filesystem;

namespace {

ModelDescription describe(const fs::path& folder, const Transformer& model, const Tokenizer* tokenizer) {
    const ModelConfig& c = model.config();
    ModelDescription d;
    d.folder = fs::absolute(folder).lexically_normal().string();
    d.family = c.arch->displayName;
    d.modelType = c.modelType;
    d.weightDtype = model.weightDtype();
    d.tokenizerKind = tokenizer ? tokenizer->kind() : "none";
    d.layers = c.numLayers;
    d.heads = c.numHeads;
    d.kvHeads = c.numKvHeads;
    d.width = c.hiddenSize;
    d.headSize = c.headDim;
    d.mlpWidth = c.intermediateSize;
    d.contextLength = c.maxPositions;
    d.vocab = c.vocabSize;
    d.parameters = model.parameterCount();
    try {
        // A patching sweep batches one row per layer over a full-context prompt: the most a run of
        // this model asks for.
        d.sweepMemoryBytes = estimateFolderMemory(folder, Workload{c.maxPositions, 0}).total();
    } catch (const std::exception&) {
        d.sweepMemoryBytes = 0; // the model opened; the estimate is only advice
    }
    d.availableMemoryBytes = availableMemoryBytes().value_or(0);
    for (Component comp : c.components()) {
        if (!isSweepable(comp)) continue; // attention weights and router logits: collectable, not swept
        (isHeadComponent(comp) ? d.headComponents : d.components).emplace_back(componentName(comp));
    }
    return d;
}

} // namespace

OpenedModel openModelFolder(const fs::path& folder, const OpenProgress& progress) {
    const auto step = [&](int i, const char* what) {
        if (progress) progress(i, 3, what);
    };
    if (!fs::is_directory(folder))
        throw Error("'" + folder.string() + "' is not a folder; choose a model folder holding config.json and safetensors weights.");
    OpenedModel opened;
    opened.folder = folder;
    step(0, "Reading the weights");
    opened.model = Transformer::load(folder);
    step(1, "Reading the tokenizer");
    if (hasTokenizerFiles(folder)) opened.tokenizer = loadTokenizer(folder);
    step(2, "Fingerprinting the weights");
    std::vector<std::string> files;
    for (const auto& f : opened.model->weightFiles()) files.push_back(f.string());
    opened.fingerprint = weightsFingerprint(files);
    opened.description = describe(folder, *opened.model, opened.tokenizer.get());
    return opened;
}

void checkWeightsFingerprint(const OpenedModel& opened, const std::string& expected, const std::string& what) {
    if (expected.empty()) return;
    std::vector<std::string> files;
    for (const auto& f : opened.model->weightFiles()) files.push_back(f.string());
    // Recomputed in the recorded scheme: an older experiment may have used another one.
    const std::string actual = weightsFingerprint(files, expected);
    if (actual != expected)
        throw Error("The weights in " + opened.folder.string() + " (" + actual + ") are not the ones " + what + " was made with (" +
                    expected + "); point \"model\" at the right folder or remove \"weights_hash\".");
}

CellProbe probeCell(const OpenedModel& opened, const ExperimentResult& result, std::size_t mapIndex, int layer, int64_t column,
                    int topK) {
    if (!opened.model) throw Error("No model is open; open the result's model first.");
    if (mapIndex >= result.maps.size())
        throw Error("The result has " + std::to_string(result.maps.size()) + " map(s); there is no map " + std::to_string(mapIndex) + ".");
    const Heatmap& map = result.maps[mapIndex];
    if (std::find(map.rowLayers.begin(), map.rowLayers.end(), layer) == map.rowLayers.end())
        throw Error("The map '" + map.name + "' has no row for layer " + std::to_string(layer) + ".");
    if (column < 0 || column >= map.cols)
        throw Error("The map '" + map.name + "' has columns 0 to " + std::to_string(map.cols - 1) + "; there is no column " +
                    std::to_string(column) + ".");
    if (topK < 1) throw Error("Ask for at least one top token.");
    return kindOf(result.spec).probe(*opened.model, opened.tokenizer.get(), result, map, layer, column, topK);
}

} // namespace causeway
