#pragma once
// The one suffix-sweep engine behind patching and tracing (and any later sweep that edits one
// site of a cached base run). A cell changes the base run from its first patched layer on, and
// only at positions >= its start position: everything before is the base run itself, taken from
// the cache. The cells of one start position form a group: a cell's block of rows joins the
// group at its first patched layer, so each cell runs exactly the layers >= its own on the
// positions >= start, and the logits are computed at the last position only. Several groups run
// packed together (Transformer::runLayer on several batches), so that each layer's weights are
// read once for all their rows rather than once per group.
#include "model/sites.h"

#include <ATen/core/Tensor.h>

#include <functional>
#include <vector>

namespace causeway {

class Transformer;
struct KVCache;

// The base run the cells edit: each layer's input [B, T, D], the last block's output and the
// key/value cache. B is the block size: one row per cell for patching, the N noised copies for
// tracing.
struct SuffixBase {
    const std::vector<at::Tensor>* layerInputs = nullptr;
    const at::Tensor* finalHidden = nullptr; // needed for block_output only
    const KVCache* cache = nullptr;
};

struct SuffixCell {
    std::vector<int> patchedLayers; // sorted; the first is where the cell joins
    std::size_t id = 0;             // the caller's index, handed back to the patch callback
};

// The cells that start at one position.
struct SuffixGroup {
    int64_t start = 0;
    std::vector<SuffixCell> cells;
};

// Edits the site tensor of `component` at `layer` for the group starting at `start`: `site` holds
// that group's rows (cell-major blocks of B) at its positions start.., and `patched` lists the
// joined cells (indices into `joined`) that patch this layer. block_output is the exception to
// "a cell runs its first patched layer": that layer's output is the base run's next layer input,
// so its cells join one layer later and are patched as they join (there, `site` is the group's
// hidden state entering the next layer).
using SuffixPatch = std::function<void(int layer, int64_t start, const std::vector<const SuffixCell*>& joined,
                                       const std::vector<std::size_t>& patched, at::Tensor& site)>;

// A group's last-position logits [cells x B, V], cell-major, in the order its cells joined:
// `ids` holds each block's cell id.
struct SuffixLogits {
    at::Tensor logits;
    std::vector<std::size_t> ids;
};

struct SuffixCallbacks {
    SuffixPatch patch;
    // For each group (index into `groups`) once its logits are read out: after its pass, or a few
    // passes later, as the read-out waits for enough rows (at most a second when passes are slow).
    // A group too large for one pass is run in parts of whole cells, each reported on its own.
    std::function<void(std::size_t group, const SuffixLogits&)> groupDone;
    std::function<void()> beforeLayer; // e.g. a cancellation check that throws; may be empty
};

// Runs every group (each group's cells start at its `start`), as many groups per pass as fit a
// row budget, and hands each group's logits to `groupDone`.
void runSuffixGroups(const Transformer& model, const SuffixBase& base, const std::vector<SuffixGroup>& groups,
                     Component component, const SuffixCallbacks& callbacks);

} // namespace causeway
