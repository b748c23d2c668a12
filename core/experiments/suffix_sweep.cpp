#include "experiments/suffix_sweep.h"

#include "common/error.h"
#include "model/transformer.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <chrono>
#include <memory>

namespace causeway {

namespace {

// Rows per pass (at the last layer, when every cell has joined): a few hundred rows already keep
// the matrix products near full speed; more would cost memory and make a map fill in coarser steps.
constexpr int64_t kRowsPerPass = 1024;

// The read-out's product reads the whole [D, V] unembedding however few rows it gets, and a pass
// ends with only a few dozen last positions: for a GPT-2-sized unembedding (38M values) that
// product runs at half speed or less. So when the unembedding is that large, passes hand their
// last positions on and the read-out waits until enough rows for a full-speed product are waiting
// (kReadoutLogits of logits at most), or the first of them has waited kReadoutWait: a map still
// fills in pass by pass when passes are slow (big models), and a sweep of fast passes reads out a
// few times in all. A small unembedding (the demo model's) is read out after every pass.
constexpr int64_t kBatchedReadoutFrom = int64_t{1} << 22; // unembedding values (16 MB in F32)
constexpr int64_t kReadoutLogits = int64_t{1} << 25;      // 128 MB of F32 logits
constexpr auto kReadoutWait = std::chrono::seconds(1);

// One group during a pass: its cells in joining order and the rows that have joined so far.
struct GroupRun {
    std::size_t index = 0;
    int64_t start = 0;
    std::vector<const SuffixCell*> order; // by first patched layer
    std::size_t next = 0;                 // the first in `order` not joined yet
    std::vector<const SuffixCell*> joined;
    std::vector<std::size_t> patched; // at the current layer
    at::Tensor hidden;                // [joined x B, T - start, D]
    std::unique_ptr<SiteHooks> hooks;
};

// A pass's groups, finished but for the read-out: their last positions, cell-major, group after group.
struct FinishedPass {
    struct Group {
        std::size_t index = 0;            // into the parts
        int64_t rows = 0;                 // its rows of lastHidden
        std::vector<std::size_t> cellIds; // its cells in joining order
    };
    at::Tensor lastHidden; // [rows, D]
    std::vector<Group> groups;
};

FinishedPass runPass(const Transformer& model, const SuffixBase& base, const std::vector<SuffixGroup>& groups,
                     std::size_t begin, std::size_t end, Component component, const SuffixCallbacks& callbacks) {
    const std::vector<at::Tensor>& inputs = *base.layerInputs;
    const int L = static_cast<int>(inputs.size());
    const int64_t T = inputs.front().size(1), B = inputs.front().size(0);
    // A block_output cell's first patched layer would reproduce the base run's next layer input.
    const bool joinsAfterItsLayer = component == Component::BlockOutput;
    if (joinsAfterItsLayer && !base.finalHidden) throw Error("internal error: block_output sweeps need the base run's final hidden state");
    auto entryLayer = [&](const SuffixCell* c) { return c->patchedLayers.front() + (joinsAfterItsLayer ? 1 : 0); };

    std::vector<GroupRun> runs;
    runs.reserve(end - begin); // the hooks hold pointers into it
    int firstLayer = L;
    for (std::size_t g = begin; g < end; ++g) {
        if (groups[g].cells.empty()) continue;
        GroupRun& run = runs.emplace_back();
        run.index = g;
        run.start = groups[g].start;
        for (const SuffixCell& c : groups[g].cells) run.order.push_back(&c);
        std::stable_sort(run.order.begin(), run.order.end(), [](const SuffixCell* a, const SuffixCell* b) {
            return a->patchedLayers.front() < b->patchedLayers.front();
        });
        firstLayer = std::min(firstLayer, entryLayer(run.order.front()));
    }
    if (runs.empty()) return {};

    for (int k = firstLayer; k <= L; ++k) { // k == L: cells that join after the last layer, then the read-out
        if (k < L && callbacks.beforeLayer) callbacks.beforeLayer();
        std::vector<LayerBatch> batches;
        std::vector<GroupRun*> batchRuns;
        for (GroupRun& run : runs) {
            const std::size_t joinedBefore = run.joined.size();
            while (run.next < run.order.size() && entryLayer(run.order[run.next]) == k) {
                const at::Tensor input = (k < L ? inputs[k] : *base.finalHidden).narrow(1, run.start, T - run.start);
                // A fresh tensor when the cells will be patched here: the base run's stays intact.
                run.hidden = run.hidden.defined() ? at::cat({run.hidden, input}, 0) : joinsAfterItsLayer ? input.clone() : input;
                run.joined.push_back(run.order[run.next++]);
            }
            if (joinsAfterItsLayer && run.joined.size() > joinedBefore) {
                std::vector<std::size_t> joining;
                for (std::size_t i = joinedBefore; i < run.joined.size(); ++i) joining.push_back(i);
                callbacks.patch(k - 1, run.start, run.joined, joining, run.hidden);
            }
            if (run.joined.empty() || k == L) continue;
            run.patched.clear();
            for (std::size_t i = 0; i < run.joined.size(); ++i) {
                const auto& layers = run.joined[i]->patchedLayers;
                if (std::binary_search(layers.begin(), layers.end(), k)) run.patched.push_back(i);
            }
            run.hooks.reset();
            if (!run.patched.empty()) {
                GroupRun* self = &run;
                run.hooks = std::make_unique<SiteHooks>(L, [self, k, &callbacks](const Site&, at::Tensor& site) {
                    callbacks.patch(k, self->start, self->joined, self->patched, site);
                });
                run.hooks->want(k, component);
            }
            LayerBatch batch{run.hidden, run.start, {}, {}, run.hooks.get()};
            if (run.start > 0) { // the base run's earlier positions, once per cell block
                const int64_t blocks = static_cast<int64_t>(run.joined.size());
                const at::Tensor keys = base.cache->keys[k].narrow(2, 0, run.start);
                const at::Tensor values = base.cache->values[k].narrow(2, 0, run.start);
                batch.pastKeys = B == 1 ? keys.expand({blocks, -1, -1, -1}) : keys.repeat({blocks, 1, 1, 1});
                batch.pastValues = B == 1 ? values.expand({blocks, -1, -1, -1}) : values.repeat({blocks, 1, 1, 1});
            }
            batches.push_back(std::move(batch));
            batchRuns.push_back(&run);
        }
        if (k == L) break;
        std::vector<at::Tensor> outputs = model.runLayer(k, batches);
        for (std::size_t i = 0; i < outputs.size(); ++i) batchRuns[i]->hidden = outputs[i];
    }

    FinishedPass finished;
    std::vector<at::Tensor> last;
    for (const GroupRun& run : runs) {
        last.push_back(run.hidden.select(1, run.hidden.size(1) - 1));
        FinishedPass::Group& group = finished.groups.emplace_back();
        group.index = run.index;
        group.rows = last.back().size(0);
        for (const SuffixCell* c : run.joined) group.cellIds.push_back(c->id);
    }
    finished.lastHidden = at::cat(last, 0); // a copy: the pass's hidden states are freed
    return finished;
}

// One read-out for the last positions of every waiting pass; each group is reported in turn.
void readOut(const Transformer& model, std::vector<FinishedPass>& waiting,
             const std::function<void(std::size_t, const SuffixLogits&)>& groupDone) {
    if (waiting.empty()) return;
    std::vector<at::Tensor> hidden;
    for (const FinishedPass& pass : waiting) hidden.push_back(pass.lastHidden);
    const at::Tensor logits = model.logitsOf(hidden.size() == 1 ? hidden.front() : at::cat(hidden, 0));
    int64_t first = 0;
    for (FinishedPass& pass : waiting) {
        for (FinishedPass::Group& group : pass.groups) {
            SuffixLogits out;
            out.logits = logits.narrow(0, first, group.rows);
            first += group.rows;
            out.ids = std::move(group.cellIds);
            groupDone(group.index, out);
        }
    }
    waiting.clear();
}

} // namespace

void runSuffixGroups(const Transformer& model, const SuffixBase& base, const std::vector<SuffixGroup>& groups,
                     Component component, const SuffixCallbacks& callbacks) {
    const int64_t T = base.layerInputs->front().size(1), B = base.layerInputs->front().size(0);
    // A group over the budget is cut into parts of whole cells (cells are independent); each part
    // reports as its group.
    std::vector<SuffixGroup> parts;
    std::vector<std::size_t> groupOf;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const int64_t cellRows = std::max<int64_t>(1, B * (T - groups[g].start));
        const std::size_t cellsPerPart = static_cast<std::size_t>(std::max<int64_t>(1, kRowsPerPass / cellRows));
        for (std::size_t c = 0; c < groups[g].cells.size(); c += cellsPerPart) {
            const auto from = groups[g].cells.begin() + static_cast<std::ptrdiff_t>(c);
            const auto to = groups[g].cells.begin() + static_cast<std::ptrdiff_t>(std::min(groups[g].cells.size(), c + cellsPerPart));
            parts.push_back({groups[g].start, std::vector<SuffixCell>(from, to)});
            groupOf.push_back(g);
        }
    }
    SuffixCallbacks partCallbacks = callbacks;
    partCallbacks.groupDone = [&](std::size_t part, const SuffixLogits& logits) {
        if (callbacks.groupDone) callbacks.groupDone(groupOf[part], logits);
    };
    const int64_t V = std::max<int64_t>(1, model.config().vocabSize), D = base.layerInputs->front().size(2);
    const int64_t readoutRows = V * D >= kBatchedReadoutFrom ? std::max<int64_t>(64, kReadoutLogits / V) : 0;
    std::vector<FinishedPass> waiting;
    int64_t waitingRows = 0;
    auto firstWaiting = std::chrono::steady_clock::now();
    std::size_t begin = 0;
    try {
        while (begin < parts.size()) { // whole parts, in order, while they fit the budget
            std::size_t end = begin;
            int64_t rows = 0;
            while (end < parts.size()) {
                const int64_t partRows = static_cast<int64_t>(parts[end].cells.size()) * B * (T - parts[end].start);
                if (rows > 0 && rows + partRows > kRowsPerPass) break;
                rows += partRows;
                ++end;
            }
            FinishedPass finished = runPass(model, base, parts, begin, end, component, partCallbacks);
            begin = end;
            if (finished.groups.empty()) continue;
            if (waiting.empty()) firstWaiting = std::chrono::steady_clock::now();
            waitingRows += finished.lastHidden.size(0);
            waiting.push_back(std::move(finished));
            if (waitingRows >= readoutRows || std::chrono::steady_clock::now() - firstWaiting >= kReadoutWait) {
                readOut(model, waiting, partCallbacks.groupDone);
                waitingRows = 0;
            }
        }
    } catch (...) { // cancelled (or failed) mid-pass: the finished passes' cells are kept all the same
        try {
            readOut(model, waiting, partCallbacks.groupDone);
        } catch (...) {
            // the first error is the one to report
        }
        throw;
    }
    readOut(model, waiting, partCallbacks.groupDone);
}

} // namespace causeway
