// ROME-style causal tracing (Meng et al. 2022): noise the subject's token embeddings in N copies,
// then restore clean states and see how much of the clean answer's probability comes back.
// Three maps: a single hidden state (block_output); MLP outputs and attention outputs over a
// window of layers. Naive reference and fast engine, as in patching.cpp.
#include "experiments/sweep.h"

#include "common/error.h"
#include "intervene/intervenable.h"
#include "model/transformer.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <limits>
#include <map>

namespace causeway {

std::vector<int> traceWindow(int layer, int window, int numLayers) {
    std::vector<int> layers;
    // ROME: range(max(0, l - w // 2), min(L, l - (-w // 2))) with Python's floor division, so an
    // odd window is centred on l (window 3 restores l-1..l+1). C++ division truncates toward zero,
    // hence the explicit ceiling for the upper end.
    const int first = std::max(0, layer - window / 2);
    const int last = std::min(numLayers, layer + (window + 1) / 2);
    for (int l = first; l < last; ++l) layers.push_back(l);
    if (layers.empty()) layers.push_back(layer);
    return layers;
}

at::Tensor noisedSubjectEmbeddings(const Transformer& model, const at::Tensor& prompt, std::pair<int64_t, int64_t> subject,
                                   int64_t samples, double scale, uint64_t seed) {
    const int64_t T = prompt.size(1), D = model.config().embeddingWidth, length = subject.second - subject.first;
    at::Generator generator = at::detail::createCPUGenerator(seed);
    at::Tensor noise = at::normal(0.0, 1.0, {samples, length, D}, generator) * scale;
    at::Tensor noised = model.embedTokens(prompt).expand({samples, T, D}).clone();
    noised.narrow(1, subject.first, length).add_(noise);
    return noised;
}

at::Tensor restoreAndRun(const Transformer& model, const at::Tensor& prompt, const at::Tensor& noised,
                         const std::string& component, const std::vector<int>& layers, int64_t position,
                         at::Tensor* noisedLogits) {
    const int64_t N = noised.size(0), T = prompt.size(1);
    IntervenableConfig config;
    InterveneRequest request;
    request.baseTokenEmbeddings = noised;
    request.outputOriginal = noisedLogits != nullptr;
    RepresentationLocations loc;
    loc.positions.assign(static_cast<std::size_t>(N), {position});
    for (int layer : layers) {
        RepresentationConfig rep;
        rep.layer = layer;
        rep.component = component;
        config.representations.push_back(rep);
        request.sources.push_back(prompt.expand({N, T}));
        request.locations.base.push_back(loc);
        request.locations.sources.push_back(loc);
    }
    IntervenableModel im(config, std::shared_ptr<const Transformer>(&model, [](const Transformer*) {}));
    InterveneResult out = im.forward(request);
    if (noisedLogits) *noisedLogits = out.originalLogits;
    return out.intervenedLogits;
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct TraceMap {
    std::string name;
    Component component;
    bool windowed;
};

const TraceMap kTraceMaps[] = {
    {"hidden", Component::BlockOutput, false},
    {"mlp", Component::MlpOutput, true},
    {"attn", Component::AttentionOutput, true},
};

} // namespace

void runCausalTracing(const Transformer& model, const at::Tensor& prompt, ExperimentResult& result,
                      const RunControl& control) {
    const ExperimentSpec& spec = result.spec;
    const ModelConfig& mc = model.config();
    const int L = static_cast<int>(mc.numLayers);
    const int64_t T = prompt.size(1), N = spec.noiseSamples;
    const auto [subjectBegin, subjectEnd] = result.subjectRange;
    if (N <= 0) throw Error("noise.samples must be at least 1.");
    if (spec.window <= 0) throw Error("window must be at least 1.");

    // Clean run: the answer, the high score, and every state a restore copies.
    std::map<std::pair<int, Component>, at::Tensor> clean;
    SiteHooks cleanHooks(L, [&](const Site& site, at::Tensor& t) { clean[{site.layer, site.component}] = t; });
    for (const TraceMap& m : kTraceMaps)
        for (int l = 0; l < L; ++l) cleanHooks.want(l, m.component);
    ForwardOptions cleanOptions;
    cleanOptions.hooks = &cleanHooks;
    cleanOptions.logits = LogitsMode::LastPosition;
    at::Tensor cleanLast = model.forward(prompt, cleanOptions).logits.select(1, 0);
    const int64_t answer = spec.correctToken.value_or(cleanLast.argmax(-1).item<int64_t>());
    result.correctToken = answer;
    result.cleanBaseline = at::softmax(cleanLast, -1)[0][answer].item<double>();

    // Noise drawn as torch.randn(N, s, D) after torch.manual_seed(seed), so a Python script with
    // the same seed draws the same (see noisedSubjectEmbeddings).
    result.noiseScale = spec.noiseScale.value_or(spec.noiseMultiple * model.tokenEmbeddingMatrix().std().item<double>());
    at::Tensor noised = noisedSubjectEmbeddings(model, prompt, result.subjectRange, N, result.noiseScale, spec.seed);

    // Noised run: the low score, and (fast engine) each layer's input and the key/value cache.
    std::vector<at::Tensor> layerInputs(L);
    KVCache cache;
    SiteHooks noisedHooks(L, [&](const Site& site, at::Tensor& t) { layerInputs[site.layer] = t; });
    for (int l = 0; l < L; ++l) noisedHooks.want(l, Component::BlockInput);
    ForwardOptions noisedOptions;
    noisedOptions.hooks = &noisedHooks;
    noisedOptions.cache = &cache;
    noisedOptions.logits = LogitsMode::LastPosition;
    noisedOptions.tokenEmbeddings = noised;
    at::Tensor noisedLast = model.forward({}, noisedOptions).logits.select(1, 0);
    auto score = [&](const at::Tensor& last) { // [R*N, V] -> [R]: mean answer probability per cell
        return at::softmax(last, -1).select(-1, answer).view({-1, N}).mean(1);
    };
    result.corruptedBaseline = score(noisedLast)[0].item<double>();

    for (const TraceMap& m : kTraceMaps) {
        Heatmap h;
        h.name = m.name;
        h.component = std::string(componentName(m.component));
        h.columnAxis = "position";
        h.rows = L;
        h.cols = T;
        for (int l = 0; l < L; ++l) h.rowLayers.push_back(l);
        h.columnLabels = result.tokens;
        h.raw.assign(static_cast<std::size_t>(L * T), kNaN);
        result.maps.push_back(std::move(h));
    }
    // The cells asked for (layers, positions, or an explicit list): the same rows and columns in
    // all three maps; the others stay NaN.
    std::vector<std::vector<bool>> wanted(L, std::vector<bool>(T, spec.cells.empty()));
    for (int l = 0; l < L; ++l)
        for (int64_t t = 0; t < T; ++t) {
            const bool layerOk = spec.layers.empty() || std::find(spec.layers.begin(), spec.layers.end(), l) != spec.layers.end();
            const bool positionOk =
                spec.positions.empty() || std::find(spec.positions.begin(), spec.positions.end(), t) != spec.positions.end();
            wanted[l][t] = wanted[l][t] && layerOk && positionOk;
        }
    for (auto [l, t] : spec.cells) {
        if (l < 0 || l >= L || t < 0 || t >= T)
            throw Error("The cell (layer " + std::to_string(l) + ", position " + std::to_string(t) + ") is outside the " +
                        std::to_string(L) + " x " + std::to_string(T) + " grid.");
        wanted[l][t] = true;
    }
    int64_t perMap = 0;
    for (const auto& row : wanted) perMap += std::count(row.begin(), row.end(), true);
    result.cellsTotal = 3 * perMap;
    auto report = [&] {
        if (control.progress) control.progress(result);
    };
    auto restoredLayers = [&](const TraceMap& m, int layer) {
        return m.windowed ? traceWindow(layer, spec.window, L) : std::vector<int>{layer};
    };
    auto set = [&](Heatmap& h, int layer, int64_t t, double v) {
        h.raw[static_cast<std::size_t>(layer * T + t)] = v;
        ++result.cellsDone;
    };

    for (std::size_t mi = 0; mi < 3; ++mi) {
        const TraceMap& m = kTraceMaps[mi];
        Heatmap& map = result.maps[mi];
        const std::string compName(componentName(m.component));
        // Before the subject nothing differs from the clean run: restoring there is a no-op.
        for (int64_t t = 0; t < std::min(subjectBegin, T); ++t)
            for (int l = 0; l < L; ++l)
                if (wanted[l][t]) set(map, l, t, result.corruptedBaseline);
        report();

        for (int64_t t = subjectBegin; t < T; ++t) {
            checkCancel(control);
            std::vector<int> layersHere;
            for (int l = 0; l < L; ++l)
                if (wanted[l][t]) layersHere.push_back(l);
            if (layersHere.empty()) continue;
            if (control.engine == SweepEngine::Naive) {
                for (int l : layersHere) {
                    at::Tensor logits = restoreAndRun(model, prompt, noised, compName, restoredLayers(m, l), t);
                    set(map, l, t, score(logits.select(1, T - 1))[0].item<double>());
                }
                report();
                continue;
            }

            // Fast: every cell (l, t) changes nothing before its first restored layer nor before
            // position t. Rows (N per cell) join the batch at their first restored layer.
            std::vector<std::vector<int>> windows(L);
            for (int l = 0; l < L; ++l) windows[l] = restoredLayers(m, l);
            std::vector<int> order = layersHere;
            std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return windows[a].front() < windows[b].front(); });
            at::Tensor hidden;
            std::vector<int> cells; // cell layer of each block of N rows
            std::size_t next = 0;
            for (int k = windows[order.front()].front(); k < L; ++k) {
                while (next < order.size() && windows[order[next]].front() == k) {
                    at::Tensor input = layerInputs[k].narrow(1, t, T - t);
                    hidden = hidden.defined() ? at::cat({hidden, input}, 0) : input;
                    cells.push_back(order[next++]);
                }
                std::vector<int64_t> restoreRows;
                for (std::size_t c = 0; c < cells.size(); ++c) {
                    const auto& w = windows[cells[c]];
                    if (std::find(w.begin(), w.end(), k) != w.end())
                        for (int64_t r = 0; r < N; ++r) restoreRows.push_back(static_cast<int64_t>(c) * N + r);
                }
                SiteHooks hooks(L, [&](const Site&, at::Tensor& s) {
                    at::Tensor patched = s.clone();
                    at::Tensor value = clean.at({k, m.component}).select(0, 0).select(0, t);
                    at::Tensor rowIndex = at::tensor(restoreRows, at::kLong);
                    patched.select(1, 0).index_copy_(0, rowIndex, value.expand({static_cast<int64_t>(restoreRows.size()), -1}));
                    s = patched;
                });
                if (!restoreRows.empty()) hooks.want(k, m.component);
                const int64_t R = hidden.size(0);
                at::Tensor pastK, pastV;
                if (t > 0) { // rows are cell-major, copy-minor: repeat the N noised copies per cell
                    pastK = cache.keys[k].narrow(2, 0, t).repeat({R / N, 1, 1, 1});
                    pastV = cache.values[k].narrow(2, 0, t).repeat({R / N, 1, 1, 1});
                }
                hidden = model.runLayer(k, hidden, t, pastK, pastV, restoreRows.empty() ? nullptr : &hooks);
            }
            at::Tensor scores = score(model.logitsOf(hidden.select(1, hidden.size(1) - 1)));
            for (std::size_t c = 0; c < cells.size(); ++c) set(map, cells[c], t, scores[static_cast<int64_t>(c)].item<double>());
            report();
        }
    }
}

} // namespace causeway
