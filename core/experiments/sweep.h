#pragma once
// Internals shared by the patching and tracing sweeps.
#include "experiments/experiment.h"
#include "model/sites.h"

#include <ATen/core/Tensor.h>

namespace causeway {

class Transformer;

struct PromptPair {
    at::Tensor clean, corrupted; // [1, T]
};

void runActivationPatching(const Transformer& model, const PromptPair& prompts, ExperimentResult& result,
                           const RunControl& control);
void runCausalTracing(const Transformer& model, const at::Tensor& prompt, ExperimentResult& result,
                      const RunControl& control);

// Metric of last-position logits [R, V] for each row.
at::Tensor patchMetric(PatchMetric metric, const at::Tensor& lastLogits, int64_t correct, int64_t incorrect,
                       const at::Tensor& cleanLogProbs);

// Throws causeway::Error when the run was cancelled (caught by runExperiment, which marks the result).
struct Cancelled {};
inline void checkCancel(const RunControl& control) {
    if (control.cancel && control.cancel->load()) throw Cancelled{};
}

// ROME's window of layers around `layer`: max(0, l - w/2) .. min(L, l - (-w/2)) - 1.
std::vector<int> traceWindow(int layer, int window, int numLayers);

Component requireComponent(const Transformer& model, const std::string& name);

} // namespace causeway
