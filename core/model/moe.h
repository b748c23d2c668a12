#pragma once
// Sparse mixture-of-experts routing (Mixtral, Qwen2-MoE): which experts a token goes to, and with
// what weights, from its router logits. One rule, used by the forward pass and by whatever reports
// routing (causeway-cli routing and probe, the workbench's predictions panel). Torch-free header.
#include "model/architecture.h"

#include <cstdint>
#include <vector>

namespace at {
class Tensor;
}

namespace causeway {

class Transformer;

// routerLogits: [N, experts] (the site moe_router_logits, flattened over batch and positions).
// Writes the chosen experts [N, k] (int64, most probable first) and their weights [N, k]: the
// softmax probabilities, renormalised to sum to 1 when the model does so (always for Mixtral,
// norm_topk_prob for Qwen2-MoE).
void routeTokens(const ModelConfig& config, const at::Tensor& routerLogits, at::Tensor& experts, at::Tensor& weights);

struct ExpertChoice {
    int64_t expert = 0;
    double weight = 0;      // the weight its output gets in the MoE block's sum
    double probability = 0; // its router softmax probability (before any renormalisation)
};

// The experts chosen for one token from its router logits [experts], most probable first.
std::vector<ExpertChoice> chosenExperts(const ModelConfig& config, const at::Tensor& tokenRouterLogits);

// Runs `ids` ([1, T]) up to `layer` and returns the experts that layer chose at `position`.
// Throws causeway::Error when the layer has no router (a dense model or one of a model's dense layers).
std::vector<ExpertChoice> expertsAt(const Transformer& model, const at::Tensor& ids, int layer, int64_t position);

// The experts one MoE layer chose for a probed cell's token in the runs the probe compares: the
// base and source prompts as they are and the base with the cell's intervention (patching), or
// the prompt alone (`base`; causal tracing). Empty (layer -1) when the cell's layer has no router.
struct CellRouting {
    int layer = -1;
    int64_t position = -1; // the cell's token; a head cell's: the last base token
    std::vector<ExpertChoice> base, source, intervened;
    bool empty() const { return layer < 0; }
};

// The prompt's routing at (layer, position), or an empty CellRouting for a layer without router.
CellRouting promptRouting(const Transformer& model, const std::vector<int64_t>& ids, int layer, int64_t position);

} // namespace causeway
