#include "experiments/suffix_sweep.h"

#include "model/transformer.h"

#include <ATen/ATen.h>

#include <algorithm>

namespace causeway {

SuffixLogits runSuffixGroup(const Transformer& model, const SuffixBase& base, int64_t start,
                            const std::vector<SuffixCell>& cells, Component component, const SuffixPatch& patch) {
    SuffixLogits out;
    if (cells.empty()) return out;
    const std::vector<at::Tensor>& inputs = *base.layerInputs;
    const int L = static_cast<int>(inputs.size());
    const int64_t T = inputs.front().size(1), B = inputs.front().size(0);

    std::vector<const SuffixCell*> order;
    for (const SuffixCell& c : cells) order.push_back(&c);
    std::stable_sort(order.begin(), order.end(),
                     [](const SuffixCell* a, const SuffixCell* b) { return a->patchedLayers.front() < b->patchedLayers.front(); });

    at::Tensor hidden;
    std::vector<const SuffixCell*> joined;
    std::size_t next = 0;
    for (int k = order.front()->patchedLayers.front(); k < L; ++k) {
        while (next < order.size() && order[next]->patchedLayers.front() == k) {
            const at::Tensor input = inputs[k].narrow(1, start, T - start);
            hidden = hidden.defined() ? at::cat({hidden, input}, 0) : input;
            joined.push_back(order[next++]);
        }
        std::vector<std::size_t> patched;
        for (std::size_t i = 0; i < joined.size(); ++i) {
            const auto& layers = joined[i]->patchedLayers;
            if (std::binary_search(layers.begin(), layers.end(), k)) patched.push_back(i);
        }
        SiteHooks hooks(L, [&](const Site&, at::Tensor& site) { patch(k, joined, patched, site); });
        if (!patched.empty()) hooks.want(k, component);
        at::Tensor pastK, pastV;
        if (start > 0) { // the base run's earlier positions, once per cell block
            const int64_t blocks = static_cast<int64_t>(joined.size());
            const at::Tensor keys = base.cache->keys[k].narrow(2, 0, start);
            const at::Tensor values = base.cache->values[k].narrow(2, 0, start);
            pastK = B == 1 ? keys.expand({blocks, -1, -1, -1}) : keys.repeat({blocks, 1, 1, 1});
            pastV = B == 1 ? values.expand({blocks, -1, -1, -1}) : values.repeat({blocks, 1, 1, 1});
        }
        hidden = model.runLayer(k, hidden, start, pastK, pastV, patched.empty() ? nullptr : &hooks);
    }
    out.logits = model.logitsOf(hidden.select(1, hidden.size(1) - 1));
    for (const SuffixCell* c : joined) out.ids.push_back(c->id);
    return out;
}

} // namespace causeway
