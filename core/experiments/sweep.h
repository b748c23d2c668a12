#pragma once
// Internals shared by the patching and tracing sweeps.
#include "experiments/experiment.h"
#include "experiments/patching.h"
#include "model/sites.h"

#include <ATen/core/Tensor.h>

namespace causeway {

class Transformer;

struct PromptPair {
    at::Tensor clean, corrupted; // [1, T]
};

// The cells of one patching map: rows are layers, columns positions or heads; `wanted` marks
// the cells the spec asks for (its layers, positions and cells).
struct PatchGrid {
    std::vector<int> layers;
    std::vector<int64_t> columns;
    std::vector<std::vector<bool>> wanted; // [row][column]
};
PatchGrid patchGrid(const ExperimentSpec& spec, PatchUnit unit, int numLayers, int64_t numColumns);

// The clean and corrupted prompts of a prepared patching experiment, as [1, T] tensors.
PromptPair promptPairOf(const ExperimentResult& prepared);

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

// ROME's window of layers around `layer`: max(0, l - floor(w/2)) .. min(L, l + ceil(w/2)) - 1.
std::vector<int> traceWindow(int layer, int window, int numLayers);

Component requireComponent(const Transformer& model, const std::string& name);
// The spec's components, checked against the model and the unit (head components per head only).
std::vector<Component> patchComponents(const Transformer& model, const PatchingSpec& patching);

// Causal tracing's N noised copies of the prompt's token embeddings [N, T, D]: N(0, 1) x scale
// drawn as torch.randn(N, subject_len, D) right after torch.manual_seed(seed), added to the
// subject's tokens.
at::Tensor noisedSubjectEmbeddings(const Transformer& model, const at::Tensor& prompt,
                                   std::pair<int64_t, int64_t> subject, int64_t samples, double scale, uint64_t seed);

// One naive trace cell: the noised copies with `component` restored from the clean run at
// `position` in `layers`, as pyvene runs it. Logits [N, T, V]; `noisedLogits` (optional) gets the
// copies' logits with nothing restored.
at::Tensor restoreAndRun(const Transformer& model, const at::Tensor& prompt, const at::Tensor& noised,
                         const std::string& component, const std::vector<int>& layers, int64_t position,
                         at::Tensor* noisedLogits = nullptr);

} // namespace causeway
