#pragma once
// Sparse mixture-of-experts routing (Mixtral, Qwen2-MoE): which experts a token goes to, and with
// what weights, from its router logits. One rule, used by the forward pass and by whatever reports
// routing (causeway-cli routing, the workbench's predictions panel).
#include "model/architecture.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace causeway {

class Transformer;

struct Routing {
    at::Tensor experts; // [N, k] int64, the most probable first
    at::Tensor weights; // [N, k] F32: the experts' softmax probabilities, renormalised to sum to 1
                        // when the model does so (always for Mixtral, norm_topk_prob for Qwen2-MoE)
};

// routerLogits: [N, experts] (the site moe_router_logits, flattened over batch and positions).
Routing routeTokens(const ModelConfig& config, const at::Tensor& routerLogits);

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

} // namespace causeway
