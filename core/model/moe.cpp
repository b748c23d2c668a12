#include "model/moe.h"

#include "common/error.h"
#include "model/transformer.h"

#include <ATen/ATen.h>

namespace causeway {

void routeTokens(const ModelConfig& config, const at::Tensor& routerLogits, at::Tensor& experts, at::Tensor& weights) {
    at::Tensor probs = at::softmax(routerLogits, -1);
    std::tie(weights, experts) = at::topk(probs, config.expertsPerToken, -1);
    if (config.normalizeTopK) weights = weights / weights.sum(-1, /*keepdim=*/true);
}

std::vector<ExpertChoice> chosenExperts(const ModelConfig& config, const at::Tensor& tokenRouterLogits) {
    if (tokenRouterLogits.dim() != 1 || tokenRouterLogits.size(0) != config.numExperts)
        throw Error("Router logits of one token must hold " + std::to_string(config.numExperts) + " values.");
    at::Tensor logits = tokenRouterLogits.to(at::kFloat).unsqueeze(0);
    at::Tensor experts, weights;
    routeTokens(config, logits, experts, weights);
    at::Tensor probs = at::softmax(logits, -1)[0];
    std::vector<ExpertChoice> choices;
    for (int64_t i = 0; i < experts.size(1); ++i) {
        ExpertChoice c;
        c.expert = experts[0][i].item<int64_t>();
        c.weight = weights[0][i].item<double>();
        c.probability = probs[c.expert].item<double>();
        choices.push_back(c);
    }
    return choices;
}

std::vector<ExpertChoice> expertsAt(const Transformer& model, const at::Tensor& ids, int layer, int64_t position) {
    const ModelConfig& c = model.config();
    if (!c.hasSite(layer, Component::MoeRouterLogits))
        throw Error("Layer " + std::to_string(layer) + " of this " + c.modelType + " model has no router: " +
                    (c.numExperts == 0 ? "its MLPs are dense." : "its MLP is a dense one."));
    if (ids.dim() != 2 || ids.size(0) != 1 || position < 0 || position >= ids.size(1))
        throw Error("Position " + std::to_string(position) + " is outside the prompt's " +
                    std::to_string(ids.dim() == 2 ? ids.size(1) : 0) + " tokens.");
    at::Tensor logits;
    SiteHooks hooks(static_cast<int>(c.numLayers), [&](const Site&, at::Tensor& t) { logits = t[0][position].clone(); });
    hooks.want(layer, Component::MoeRouterLogits);
    ForwardOptions options;
    options.hooks = &hooks;
    options.lastLayer = layer;
    options.logits = LogitsMode::None;
    model.forward(ids, options);
    return chosenExperts(c, logits);
}

CellRouting promptRouting(const Transformer& model, const std::vector<int64_t>& ids, int layer, int64_t position) {
    CellRouting routing;
    if (!model.config().hasSite(layer, Component::MoeRouterLogits)) return routing;
    routing.layer = layer;
    routing.position = position;
    routing.base = expertsAt(model, at::tensor(ids, at::kLong).view({1, static_cast<int64_t>(ids.size())}), layer, position);
    return routing;
}

} // namespace causeway
