#pragma once
// The workbench without a window: what the GUI's Session and causeway-cli share below the widgets.
// Opening a model folder (weights, tokenizer, fingerprint, a description), probing one cell of a
// result, and running an intervention on chosen cells (intervene/cell_intervention.h).
#include "experiments/kind.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace causeway {

class Transformer;
class Tokenizer;

// What the open-model page and `causeway-cli info` say about a model.
struct ModelDescription {
    std::string folder;        // absolute
    std::string family;        // "GPT-2"
    std::string modelType;     // "gpt2"
    std::string weightDtype;   // "F32", "BF16"
    std::string tokenizerKind; // "none" without tokenizer files
    int64_t layers = 0, heads = 0, kvHeads = 0, width = 0, headSize = 0, mlpWidth = 0, contextLength = 0;
    int64_t vocab = 0, parameters = 0;
    std::vector<std::string> components;     // patchable per position, pyvene's order
    std::vector<std::string> headComponents; // patchable per head
    // Memory for a sweep over a full-context prompt (weights, widening, KV cache, activations)
    // and what the machine has free; 0 when unknown.
    uint64_t sweepMemoryBytes = 0, availableMemoryBytes = 0;
};

struct OpenedModel {
    std::filesystem::path folder;
    std::shared_ptr<const Transformer> model;
    std::shared_ptr<const Tokenizer> tokenizer; // null when the folder has no tokenizer files
    std::string fingerprint;                    // weightsFingerprint() of the weight files
    ModelDescription description;
};

// Called before each step of opening: (step, steps, what), e.g. (1, 3, "Reading the tokenizer").
using OpenProgress = std::function<void(int step, int steps, const std::string& what)>;

// Opens a model folder; throws causeway::Error saying what is wrong with it.
OpenedModel openModelFolder(const std::filesystem::path& folder, const OpenProgress& progress = {});

// Throws causeway::Error when `expected` (an experiment's weights_hash) is set and the open
// weights differ; `what` names the experiment in the message.
void checkWeightsFingerprint(const OpenedModel& opened, const std::string& expected, const std::string& what);

// One cell of a result (its map `mapIndex`, the row of `layer`, the column) on the open model: the
// result's kind recomputes it (ExperimentKind::probe). Throws causeway::Error for a cell outside
// the map or a kind with nothing to show.
CellProbe probeCell(const OpenedModel& opened, const ExperimentResult& result, std::size_t mapIndex, int layer,
                    int64_t column, int topK = 10);

} // namespace causeway
