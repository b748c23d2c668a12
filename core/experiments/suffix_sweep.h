#pragma once
// The one suffix-sweep engine behind patching and tracing (and any later sweep that edits one
// site of a cached base run). A cell changes the base run from its first patched layer on, and
// only at positions >= its start position: everything before is the base run itself, taken from
// the cache. The cells of one start position run together: a cell's block of rows joins the batch
// at its first patched layer, so each cell runs exactly the layers >= its own on the positions >=
// start, and the logits are computed at the last position only.
#include "model/sites.h"

#include <ATen/core/Tensor.h>

#include <functional>
#include <vector>

namespace causeway {

class Transformer;
struct KVCache;

// The base run the cells edit: each layer's input [B, T, D] and the key/value cache. B is the
// block size: one row per cell for patching, the N noised copies for tracing.
struct SuffixBase {
    const std::vector<at::Tensor>* layerInputs = nullptr;
    const KVCache* cache = nullptr;
};

struct SuffixCell {
    std::vector<int> patchedLayers; // sorted; the first is where the cell joins
    std::size_t id = 0;             // the caller's index, handed back to the patch callback
};

// Edits the site tensor of `component` at `layer` (rows in cell-major blocks of B) for the joined
// cells listed in `patched` (indices into `joined`, each patching this layer).
using SuffixPatch = std::function<void(int layer, const std::vector<const SuffixCell*>& joined,
                                       const std::vector<std::size_t>& patched, at::Tensor& site)>;

// Runs `cells` (all starting at position `start`) and returns the last position's logits
// [cells x B, V], cell-major, in the order the cells joined: `ids` holds each block's cell id.
struct SuffixLogits {
    at::Tensor logits;
    std::vector<std::size_t> ids;
};
SuffixLogits runSuffixGroup(const Transformer& model, const SuffixBase& base, int64_t start,
                            const std::vector<SuffixCell>& cells, Component component, const SuffixPatch& patch);

} // namespace causeway
