// Activation patching sweeps: the naive reference (one intervened forward pass per cell, as
// pyvene runs them) and the fast engine (cache the base run; for a cell at (layer L, position p)
// recompute only layers >= L at positions >= p, with all cells that start at p in one batch).
#include "experiments/sweep.h"

#include "common/error.h"
#include "intervene/intervenable.h"
#include "model/transformer.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace causeway {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The cells of one heatmap: rows are layers, columns positions or heads.
struct Grid {
    std::vector<int> layers;
    std::vector<int64_t> columns;
    std::vector<std::vector<bool>> wanted; // [row][column]
};

Grid gridFor(const ExperimentSpec& spec, int numLayers, int64_t numColumns) {
    Grid g;
    if (spec.layers.empty())
        for (int l = 0; l < numLayers; ++l) g.layers.push_back(l);
    else
        g.layers = spec.layers;
    for (int64_t c = 0; c < numColumns; ++c) g.columns.push_back(c);
    g.wanted.assign(g.layers.size(), std::vector<bool>(numColumns, spec.cells.empty()));
    if (spec.unit == PatchUnit::Position && !spec.positions.empty()) {
        for (auto& row : g.wanted) std::fill(row.begin(), row.end(), false);
        for (auto& row : g.wanted)
            for (int64_t p : spec.positions) row[p] = spec.cells.empty();
    }
    for (auto [layer, column] : spec.cells) {
        auto it = std::find(g.layers.begin(), g.layers.end(), layer);
        if (it == g.layers.end() || column < 0 || column >= numColumns)
            throw Error("The cell (layer " + std::to_string(layer) + ", column " + std::to_string(column) +
                        ") is outside the grid.");
        g.wanted[it - g.layers.begin()][column] = true;
    }
    return g;
}

Heatmap emptyMap(const std::string& component, const Grid& g, const std::string& axis, const std::vector<std::string>& labels) {
    Heatmap h;
    h.name = component;
    h.component = component;
    h.columnAxis = axis;
    h.rows = static_cast<int64_t>(g.layers.size());
    h.cols = static_cast<int64_t>(g.columns.size());
    h.rowLayers = g.layers;
    h.columnLabels = labels;
    h.raw.assign(static_cast<std::size_t>(h.rows * h.cols), kNaN);
    h.normalized = h.raw;
    return h;
}

void setCell(ExperimentResult& r, Heatmap& h, int64_t row, int64_t col, double value) {
    const std::size_t i = static_cast<std::size_t>(row * h.cols + col);
    h.raw[i] = value;
    const double span = r.cleanBaseline - r.corruptedBaseline;
    h.normalized[i] = span != 0 ? (value - r.corruptedBaseline) / span : kNaN;
    ++r.cellsDone;
}

// Everything the fast engine keeps from the two plain runs.
struct CachedRuns {
    std::vector<at::Tensor> baseLayerInputs; // per layer [1, T, D]
    KVCache baseCache;                       // [1, Hkv, T, Dh] per layer
    std::map<std::pair<int, Component>, at::Tensor> sourceSites; // full site tensors of the source run
};

// Replaces rows `rows` of a site tensor with `values` at relative positions `relative`
// (position layout [R, n, W] or head layout [R, H, n, Dh], heads `heads` only when given).
at::Tensor patchRows(const at::Tensor& site, const std::vector<int64_t>& rows, const std::vector<int64_t>& relative,
                     const at::Tensor& values, bool headLayout, std::optional<int64_t> head) {
    at::Tensor out = site.clone();
    at::Tensor rel = at::tensor(relative, at::kLong);
    for (int64_t r : rows) {
        if (!headLayout) {
            out.select(0, r).index_copy_(0, rel, values); // values [n, W]
        } else if (head) {
            out.select(0, r).select(0, *head).index_copy_(0, rel, values); // values [n, Dh]
        } else {
            out.select(0, r).index_copy_(1, rel, values); // values [H, n, Dh]
        }
    }
    return out;
}

} // namespace

at::Tensor patchMetric(PatchMetric metric, const at::Tensor& lastLogits, int64_t correct, int64_t incorrect,
                       const at::Tensor& cleanLogProbs) {
    switch (metric) {
    case PatchMetric::LogitDifference: return lastLogits.select(-1, correct) - lastLogits.select(-1, incorrect);
    case PatchMetric::Probability: return at::softmax(lastLogits, -1).select(-1, correct);
    case PatchMetric::LogProbability: return at::log_softmax(lastLogits, -1).select(-1, correct);
    case PatchMetric::KLDivergence: {
        at::Tensor logq = at::log_softmax(lastLogits, -1);
        return (cleanLogProbs.exp() * (cleanLogProbs - logq)).sum(-1);
    }
    }
    return {};
}

Component requireComponent(const Transformer& model, const std::string& name) {
    auto c = componentFromName(name);
    if (!c || !model.config().hasComponent(*c) || *c == Component::AttentionWeight) {
        std::string list;
        for (Component k : model.config().components())
            if (k != Component::AttentionWeight) list += (list.empty() ? "" : ", ") + std::string(componentName(k));
        throw Error("The component '" + name + "' cannot be patched in this model; choose from: " + list + ".");
    }
    return *c;
}

void runActivationPatching(const Transformer& model, const PromptPair& prompts, ExperimentResult& result,
                           const RunControl& control) {
    const ExperimentSpec& spec = result.spec;
    const ModelConfig& mc = model.config();
    const int L = static_cast<int>(mc.numLayers);
    const int64_t T = prompts.clean.size(1);
    const bool denoising = spec.direction == PatchDirection::Denoising;
    const at::Tensor& base = denoising ? prompts.corrupted : prompts.clean;
    const at::Tensor& source = denoising ? prompts.clean : prompts.corrupted;
    for (int l : spec.layers)
        if (l < 0 || l >= L) throw Error("Layer " + std::to_string(l) + " does not exist; the model has layers 0 to " + std::to_string(L - 1) + ".");
    for (int64_t p : spec.positions)
        if (p < 0 || p >= T) throw Error("Position " + std::to_string(p) + " is outside the prompt's " + std::to_string(T) + " tokens.");

    std::vector<Component> components;
    for (const std::string& name : spec.components) {
        Component c = requireComponent(model, name);
        if (spec.unit == PatchUnit::Head && !isHeadComponent(c))
            throw Error("Per-head patching needs a head component (head_attention_value_output, head_query_output, "
                        "head_key_output, head_value_output), not '" + name + "'.");
        if (spec.unit == PatchUnit::Position && isHeadComponent(c))
            throw Error("The head component '" + name + "' is patched per head: set \"unit\": \"head\".");
        components.push_back(c);
    }

    // Plain runs: baselines, answer tokens, and (fast engine) the caches.
    CachedRuns cached;
    SiteHooks capture(L, [&](const Site& site, at::Tensor& t) {
        if (site.component == Component::BlockInput) cached.baseLayerInputs[site.layer] = t;
    });
    cached.baseLayerInputs.resize(L);
    for (int l = 0; l < L; ++l) capture.want(l, Component::BlockInput);
    ForwardOptions baseOptions;
    baseOptions.hooks = &capture;
    baseOptions.cache = &cached.baseCache;
    baseOptions.logits = LogitsMode::LastPosition;
    at::Tensor baseLast = model.forward(base, baseOptions).logits.select(1, 0);

    SiteHooks sourceCapture(L, [&](const Site& site, at::Tensor& t) { cached.sourceSites[{site.layer, site.component}] = t; });
    sourceCapture.wantAll(components);
    ForwardOptions sourceOptions;
    sourceOptions.hooks = &sourceCapture;
    sourceOptions.logits = LogitsMode::LastPosition;
    at::Tensor sourceLast = model.forward(source, sourceOptions).logits.select(1, 0);
    const at::Tensor& cleanLast = denoising ? sourceLast : baseLast;
    const at::Tensor& corruptLast = denoising ? baseLast : sourceLast;

    result.correctToken = spec.correctToken.value_or(cleanLast.argmax(-1).item<int64_t>());
    result.incorrectToken = spec.incorrectToken.value_or(corruptLast.argmax(-1).item<int64_t>());
    const at::Tensor cleanLogProbs = at::log_softmax(cleanLast, -1);
    auto metricOf = [&](const at::Tensor& last) {
        return patchMetric(spec.metric, last, result.correctToken, result.incorrectToken, cleanLogProbs);
    };
    result.cleanBaseline = metricOf(cleanLast).item<double>();
    result.corruptedBaseline = metricOf(corruptLast).item<double>();
    const double baseValue = denoising ? result.corruptedBaseline : result.cleanBaseline;

    // Positions before the first token where the prompts differ hold identical activations in
    // both runs, so patching there changes nothing: those cells equal the base run exactly.
    int64_t firstDifference = T;
    {
        at::Tensor differs = (prompts.clean != prompts.corrupted).view({-1}).nonzero();
        if (differs.numel() > 0) firstDifference = differs[0][0].item<int64_t>();
    }

    const bool perHead = spec.unit == PatchUnit::Head;
    std::vector<std::string> columnLabels;
    if (perHead)
        for (int64_t h = 0; h < mc.numHeads; ++h) columnLabels.push_back("H" + std::to_string(h));
    else
        columnLabels = result.tokens;
    std::vector<Grid> grids;
    for (Component c : components) {
        const int64_t cols = perHead ? mc.headsFor(c) : T;
        grids.push_back(gridFor(spec, L, cols));
        std::vector<std::string> labels = perHead ? std::vector<std::string>(columnLabels.begin(), columnLabels.begin() + cols) : columnLabels;
        result.maps.push_back(emptyMap(std::string(componentName(c)), grids.back(), perHead ? "head" : "position", labels));
        for (const auto& row : grids.back().wanted) result.cellsTotal += std::count(row.begin(), row.end(), true);
    }
    std::vector<int64_t> headPositions = spec.positions;
    if (perHead && headPositions.empty())
        for (int64_t p = 0; p < T; ++p) headPositions.push_back(p);
    // Head patches at positions before the first difference are no-ops too.
    std::vector<int64_t> effectiveHeadPositions;
    for (int64_t p : headPositions)
        if (p >= firstDifference) effectiveHeadPositions.push_back(p);
    std::sort(effectiveHeadPositions.begin(), effectiveHeadPositions.end());

    auto report = [&] {
        if (control.progress) control.progress(result);
    };

    for (std::size_t ci = 0; ci < components.size(); ++ci) {
        const Component comp = components[ci];
        const Grid& grid = grids[ci];
        Heatmap& map = result.maps[ci];
        const std::string compName(componentName(comp));

        if (control.engine == SweepEngine::Naive) {
            for (std::size_t r = 0; r < grid.layers.size(); ++r) {
                RepresentationConfig rep;
                rep.layer = grid.layers[r];
                rep.component = compName;
                rep.unit = perHead ? "h.pos" : "pos";
                IntervenableModel im({{rep}}, std::shared_ptr<const Transformer>(&model, [](const Transformer*) {}));
                for (int64_t col = 0; col < map.cols; ++col) {
                    if (!grid.wanted[r][col]) continue;
                    checkCancel(control);
                    RepresentationLocations loc;
                    if (perHead) {
                        loc.heads = {{col}};
                        loc.positions = {headPositions};
                    } else {
                        loc.positions = {{col}};
                    }
                    InterveneRequest request;
                    request.base = base;
                    request.sources = {source};
                    request.locations.base = {loc};
                    request.locations.sources = {loc};
                    at::Tensor logits = im.forward(request).intervenedLogits;
                    setCell(result, map, static_cast<int64_t>(r), col, metricOf(logits.select(1, T - 1)).item<double>());
                    report();
                }
            }
            continue;
        }

        // Fast engine. Cells are grouped by the first position they change (`start`); within a
        // group rows are added layer by layer as their patched layer comes up, so each row runs
        // exactly the layers >= its own on the positions >= start.
        struct Cell {
            int64_t row, col;
            int layer;
        };
        std::map<int64_t, std::vector<Cell>> byStart;
        for (std::size_t r = 0; r < grid.layers.size(); ++r)
            for (int64_t col = 0; col < map.cols; ++col) {
                if (!grid.wanted[r][col]) continue;
                const int64_t start = perHead ? (effectiveHeadPositions.empty() ? T : effectiveHeadPositions.front()) : col;
                if (start >= firstDifference && start < T)
                    byStart[start].push_back({static_cast<int64_t>(r), col, grid.layers[r]});
                else
                    setCell(result, map, static_cast<int64_t>(r), col, baseValue); // an exact no-op
            }
        report();

        for (auto& [start, cells] : byStart) {
            checkCancel(control);
            std::sort(cells.begin(), cells.end(), [](const Cell& a, const Cell& b) { return a.layer < b.layer; });
            std::vector<int64_t> relative;
            if (perHead)
                for (int64_t p : effectiveHeadPositions) relative.push_back(p - start);
            else
                relative = {0};
            at::Tensor hidden;
            std::vector<const Cell*> rows;
            std::size_t next = 0;
            for (int k = cells.front().layer; k < L; ++k) {
                while (next < cells.size() && cells[next].layer == k) {
                    at::Tensor input = cached.baseLayerInputs[k].narrow(1, start, T - start);
                    hidden = hidden.defined() ? at::cat({hidden, input}, 0) : input;
                    rows.push_back(&cells[next++]);
                }
                std::vector<int64_t> patchedRows;
                for (std::size_t i = 0; i < rows.size(); ++i)
                    if (rows[i]->layer == k) patchedRows.push_back(static_cast<int64_t>(i));
                SiteHooks hooks(L, [&](const Site&, at::Tensor& t) {
                    const at::Tensor& src = cached.sourceSites.at({k, comp});
                    if (!perHead) {
                        t = patchRows(t, patchedRows, relative, src.select(0, 0).narrow(0, start, 1), false, std::nullopt);
                        return;
                    }
                    at::Tensor positions = at::tensor(effectiveHeadPositions, at::kLong);
                    at::Tensor patched = t.clone();
                    for (int64_t i : patchedRows) {
                        const int64_t head = rows[i]->col;
                        patched.select(0, i).select(0, head).index_copy_(
                            0, at::tensor(relative, at::kLong), src.select(0, 0).select(0, head).index_select(0, positions));
                    }
                    t = patched;
                });
                if (!patchedRows.empty()) hooks.want(k, comp);
                const int64_t R = hidden.size(0);
                at::Tensor pastK, pastV;
                if (start > 0) {
                    pastK = cached.baseCache.keys[k].narrow(2, 0, start).expand({R, -1, -1, -1});
                    pastV = cached.baseCache.values[k].narrow(2, 0, start).expand({R, -1, -1, -1});
                }
                hidden = model.runLayer(k, hidden, start, pastK, pastV, patchedRows.empty() ? nullptr : &hooks);
            }
            at::Tensor values = metricOf(model.logitsOf(hidden.select(1, hidden.size(1) - 1)));
            for (std::size_t i = 0; i < rows.size(); ++i)
                setCell(result, map, rows[i]->row, rows[i]->col, values[static_cast<int64_t>(i)].item<double>());
            report();
        }
    }
}

} // namespace causeway
