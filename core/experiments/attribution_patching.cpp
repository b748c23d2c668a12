// Attribution patching. Patching a cell replaces the base run's activation a with the source
// run's a'; to first order the metric moves by (a' − a) · ∂metric/∂a, the gradient taken in the
// base run. One source run (no gradients) gives every a', one base run gives every a, and one
// backward pass from the metric gives every gradient: each site adds a zero tensor that requires
// a gradient, so the gradient reaching it is the total derivative through all later layers (a
// detached copy would cut the paths through later sites). Then the exact engine
// (runActivationPatching) patches the cells with the largest estimated effect.
#include "experiments/attribution_patching.h"
#include "common/json_integers.h"

#include "common/error.h"
#include "experiments/kind.h"
#include "experiments/sweep.h"
#include "model/transformer.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <numeric>

namespace causeway {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string estimateName(const std::string& component) { return component + ".atp"; }
std::string exactName(const std::string& component) { return component + ".exact"; }

std::string number(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", v);
    return text;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Ranks 1..n, ties sharing their mean rank.
std::vector<double> ranks(const std::vector<double>& v) {
    std::vector<std::size_t> order(v.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
    std::vector<double> r(v.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
        for (std::size_t k = i; k <= j; ++k) r[order[k]] = (static_cast<double>(i + j) / 2.0) + 1.0;
        i = j + 1;
    }
    return r;
}

// A patching spec for the exact engine: the same prompts and settings, the given cells of one component.
ExperimentResult exactRunOf(const ExperimentResult& result, const std::string& component, const std::vector<std::pair<int, int64_t>>& cells) {
    const AttributionPatchingSpec& atp = result.spec.part<AttributionPatchingSpec>();
    ExperimentResult exact;
    PatchingSpec patching = atp.patching;
    patching.components = {component};
    if (result.correctToken >= 0) patching.correctToken = result.correctToken; // a run resolved them
    if (result.incorrectToken >= 0) patching.incorrectToken = result.incorrectToken;
    exact.spec = ExperimentSpec::of(patching);
    exact.spec.layers = result.spec.layers;
    exact.spec.positions = result.spec.positions;
    exact.spec.cells = cells;
    exact.tokenIds = result.tokenIds;
    exact.tokens = result.tokens;
    exact.corruptedTokenIds = result.corruptedTokenIds;
    exact.corruptedTokens = result.corruptedTokens;
    return exact;
}

void runAttributionPatching(const Transformer& model, ExperimentResult& result, const RunControl& control) {
    const ExperimentSpec& spec = result.spec;
    const AttributionPatchingSpec& atp = spec.part<AttributionPatchingSpec>();
    const PatchingSpec& patching = atp.patching;
    const ModelConfig& mc = model.config();
    const int L = static_cast<int>(mc.numLayers);
    const PromptPair prompts = promptPairOf(result);
    const int64_t T = prompts.clean.size(1);
    for (int l : spec.layers)
        if (l < 0 || l >= L) throw Error("Layer " + std::to_string(l) + " does not exist; the model has layers 0 to " + std::to_string(L - 1) + ".");
    for (int64_t p : spec.positions)
        if (p < 0 || p >= T) throw Error("Position " + std::to_string(p) + " is outside the prompt's " + std::to_string(T) + " tokens.");
    const std::vector<Component> components = patchComponents(model, patching);
    const bool denoising = patching.direction == PatchDirection::Denoising;
    const bool perHead = patching.unit == PatchUnit::Head;
    const at::Tensor& base = denoising ? prompts.corrupted : prompts.clean;
    const at::Tensor& source = denoising ? prompts.clean : prompts.corrupted;
    const auto started = std::chrono::steady_clock::now();
    at::AutoGradMode gradients(true); // whatever the caller's mode: the backward pass needs the graph

    // The source run: every site's activation a'.
    std::map<std::pair<int, Component>, at::Tensor> sourceSites, baseSites, zeros;
    SiteHooks sourceHooks(L, [&](const Site& site, at::Tensor& t) { sourceSites[{site.layer, site.component}] = t.detach(); });
    sourceHooks.wantAll(components);
    ForwardOptions sourceOptions;
    sourceOptions.hooks = &sourceHooks;
    sourceOptions.logits = LogitsMode::LastPosition;
    const at::Tensor sourceLast = model.forward(source, sourceOptions).logits.select(1, 0);

    // The base run, recording the graph from a zero added at each site to the metric.
    SiteHooks baseHooks(L, [&](const Site& site, at::Tensor& t) {
        baseSites[{site.layer, site.component}] = t.detach();
        at::Tensor zero = at::zeros_like(t).requires_grad_(true);
        zeros[{site.layer, site.component}] = zero;
        t = t + zero;
    });
    baseHooks.wantAll(components);
    ForwardOptions baseOptions;
    baseOptions.hooks = &baseHooks;
    baseOptions.logits = LogitsMode::LastPosition;
    baseOptions.enableGrad = true;
    const at::Tensor baseLast = model.forward(base, baseOptions).logits.select(1, 0); // [1, V]

    const at::Tensor cleanLast = (denoising ? sourceLast : baseLast).detach();
    const at::Tensor corruptLast = (denoising ? baseLast : sourceLast).detach();
    result.correctToken = patching.correctToken.value_or(cleanLast.argmax(-1).item<int64_t>());
    result.incorrectToken = patching.incorrectToken.value_or(corruptLast.argmax(-1).item<int64_t>());
    const at::Tensor cleanLogProbs = at::log_softmax(cleanLast, -1);
    auto metricOf = [&](const at::Tensor& last) {
        return patchMetric(patching.metric, last, result.correctToken, result.incorrectToken, cleanLogProbs);
    };
    result.cleanBaseline = metricOf(cleanLast).item<double>();
    result.corruptedBaseline = metricOf(corruptLast).item<double>();
    const double baseValue = denoising ? result.corruptedBaseline : result.cleanBaseline;
    metricOf(baseLast).sum().backward();
    checkCancel(control);

    // Estimates: (a' − a) · gradient, summed over a cell's values.
    std::vector<int64_t> headPositions = spec.positions;
    if (headPositions.empty())
        for (int64_t p = 0; p < T; ++p) headPositions.push_back(p);
    const double span = result.cleanBaseline - result.corruptedBaseline;
    std::vector<PatchGrid> grids;
    for (Component c : components) {
        const int64_t cols = perHead ? mc.headsFor(c) : T;
        grids.push_back(patchGrid(spec, patching.unit, L, cols));
        const PatchGrid& grid = grids.back();
        std::vector<std::string> labels = result.tokens;
        if (perHead) {
            labels.clear();
            for (int64_t h = 0; h < cols; ++h) labels.push_back("H" + std::to_string(h));
        }
        const std::string name(componentName(c));
        Heatmap estimate = kindutil::emptyMap(estimateName(name), name, perHead ? "head" : "position", grid.layers, labels, true);
        for (std::size_t r = 0; r < grid.layers.size(); ++r) {
            const std::pair<int, Component> key{grid.layers[r], c};
            const at::Tensor effect = (sourceSites.at(key) - baseSites.at(key)) * zeros.at(key).grad(); // [1, T, W] or [1, H, T, Dh]
            const at::Tensor perColumn = perHead ? effect.select(0, 0).index_select(1, at::tensor(headPositions, at::kLong)).sum({1, 2})
                                                 : effect.select(0, 0).sum(-1);
            const at::Tensor values = perColumn.to(at::kDouble).contiguous();
            for (int64_t col = 0; col < estimate.cols; ++col) {
                if (!grid.wanted[r][static_cast<std::size_t>(col)]) continue;
                const std::size_t i = r * static_cast<std::size_t>(estimate.cols) + static_cast<std::size_t>(col);
                estimate.raw[i] = baseValue + values[col].item<double>();
                estimate.normalized[i] = span != 0 ? (estimate.raw[i] - result.corruptedBaseline) / span : kNaN;
                ++result.cellsDone;
            }
        }
        result.cellsTotal = result.cellsDone; // the estimate's cells so far
        result.maps.push_back(std::move(estimate));
        result.maps.push_back(kindutil::emptyMap(exactName(name), name, perHead ? "head" : "position", grid.layers, labels, true));
    }
    AttributionPatchingResult& found = result.part<AttributionPatchingResult>();
    found.estimateSeconds = secondsSince(started);
    zeros.clear();
    baseSites.clear();
    sourceSites.clear();

    // The cells to patch exactly: those with the largest estimated effect, per component.
    std::vector<std::vector<std::pair<int, int64_t>>> chosen(components.size());
    for (std::size_t ci = 0; ci < components.size(); ++ci) {
        const Heatmap& estimate = result.maps[2 * ci];
        std::vector<std::size_t> cells;
        for (std::size_t i = 0; i < estimate.raw.size(); ++i)
            if (!std::isnan(estimate.raw[i])) cells.push_back(i);
        const std::size_t k = atp.exactTopK < 0 ? cells.size() : std::min(cells.size(), static_cast<std::size_t>(atp.exactTopK));
        std::partial_sort(cells.begin(), cells.begin() + static_cast<std::ptrdiff_t>(k), cells.end(), [&](std::size_t a, std::size_t b) {
            return std::abs(estimate.raw[a] - baseValue) > std::abs(estimate.raw[b] - baseValue);
        });
        for (std::size_t j = 0; j < k; ++j)
            chosen[ci].emplace_back(estimate.rowLayers[cells[j] / static_cast<std::size_t>(estimate.cols)],
                                    static_cast<int64_t>(cells[j] % static_cast<std::size_t>(estimate.cols)));
        result.cellsTotal += static_cast<int64_t>(k);
    }
    if (control.progress) control.progress(result); // the preview: every estimate, no exact cell yet

    const auto exactStarted = std::chrono::steady_clock::now();
    for (std::size_t ci = 0; ci < components.size(); ++ci) {
        if (chosen[ci].empty()) continue;
        const std::string name(componentName(components[ci]));
        ExperimentResult exact = exactRunOf(result, name, chosen[ci]);
        const int64_t doneBefore = result.cellsDone;
        Heatmap& target = result.maps[2 * ci + 1];
        RunControl exactControl;
        exactControl.cancel = control.cancel;
        exactControl.engine = control.engine;
        exactControl.progress = [&](const ExperimentResult& partial) {
            target.raw = partial.maps[0].raw;
            target.normalized = partial.maps[0].normalized;
            result.cellsDone = doneBefore + partial.cellsDone;
            if (control.progress) control.progress(result);
        };
        runActivationPatching(model, prompts, exact, exactControl);
        target.raw = exact.maps[0].raw;
        target.normalized = exact.maps[0].normalized;
        result.cellsDone = doneBefore + exact.cellsDone;

        AtpAgreement agreement;
        agreement.component = name;
        std::vector<double> estimated, measured;
        const Heatmap& estimate = result.maps[2 * ci];
        for (std::size_t i = 0; i < target.raw.size(); ++i)
            if (!std::isnan(target.raw[i])) {
                estimated.push_back(estimate.raw[i]);
                measured.push_back(target.raw[i]);
            }
        agreement.cells = static_cast<int64_t>(measured.size());
        agreement.pearson = pearsonCorrelation(estimated, measured);
        agreement.spearman = spearmanCorrelation(estimated, measured);
        found.agreement.push_back(agreement);
        found.exactSeconds = secondsSince(exactStarted);
    }
}

nlohmann::json numberOrNull(double v) { return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v); }
double numberOf(const nlohmann::json& v) { return v.is_null() ? kNaN : v.get<double>(); }

class AttributionPatchingKind final : public ExperimentKind {
public:
    std::string name() const override { return AttributionPatchingSpec::kKind; }
    std::string title() const override { return "Attribution patching"; }

    void readSpec(const nlohmann::json& j, ExperimentSpec& spec, const std::string& source) const override {
        AttributionPatchingSpec& s = spec.part<AttributionPatchingSpec>();
        readPatchingFields(j, spec, s.patching, source);
        s.exactTopK = jsonIntegerOr<int>(j, "exact_top_k", 20, source);
    }

    void writeSpec(const ExperimentSpec& spec, nlohmann::json& j) const override {
        const AttributionPatchingSpec& s = spec.part<AttributionPatchingSpec>();
        writePatchingFields(spec, s.patching, j);
        j["exact_top_k"] = s.exactTopK;
    }

    void prepare(const Tokenizer* tokenizer, int64_t vocabSize, ExperimentResult& result) const override {
        AttributionPatchingSpec& s = result.spec.part<AttributionPatchingSpec>();
        preparePatching(tokenizer, vocabSize, s.patching, result);
        if (s.exactTopK < -1)
            throw Error("exact_top_k is " + std::to_string(s.exactTopK) + "; give the number of cells to patch exactly, 0 for none or -1 for all.");
    }

    void run(const Transformer& model, const Tokenizer*, ExperimentResult& result, const RunControl& control) const override {
        runAttributionPatching(model, result, control);
    }

    // A cell patched exactly, as activation patching probes it: the estimate on the map beside it.
    CellProbe probe(const Transformer& model, const Tokenizer* tokenizer, const ExperimentResult& r, const Heatmap& map, int layer,
                    int64_t column, int topK) const override {
        ExperimentResult patching = exactRunOf(r, map.component, {});
        patching.correctToken = r.correctToken;
        patching.incorrectToken = r.incorrectToken;
        CellProbe probe = activationPatchingKind().probe(model, tokenizer, patching, map, layer, column, topK);
        probe.note = map.name == exactName(map.component) ? "patched exactly" : "patched exactly; the map shows AtP's estimate";
        return probe;
    }

    void writeResult(const ExperimentResult& r, nlohmann::json& j) const override {
        writePatchingResult(r, r.spec.part<AttributionPatchingSpec>().patching.metric, j);
        const AttributionPatchingResult& found = r.part<AttributionPatchingResult>();
        nlohmann::json agreement = nlohmann::json::array();
        for (const AtpAgreement& a : found.agreement)
            agreement.push_back({{"component", a.component}, {"cells", a.cells}, {"pearson", numberOrNull(a.pearson)},
                                 {"spearman", numberOrNull(a.spearman)}});
        j["agreement"] = agreement;
        j["timing"] = {{"estimate_seconds", found.estimateSeconds}, {"exact_seconds", found.exactSeconds}};
    }

    void readResult(const nlohmann::json& j, ExperimentResult& r) const override {
        readPatchingResult(j, r);
        AttributionPatchingResult& found = r.part<AttributionPatchingResult>();
        for (const auto& a : j.at("agreement"))
            found.agreement.push_back({a.at("component").get<std::string>(), jsonInteger<int64_t>(a.at("cells"), "The results: 'cells'"), numberOf(a.at("pearson")),
                                       numberOf(a.at("spearman"))});
        found.estimateSeconds = j.at("timing").at("estimate_seconds").get<double>();
        found.exactSeconds = j.at("timing").at("exact_seconds").get<double>();
    }

    ResultHints describe(const ExperimentResult& r) const override {
        const PatchingSpec& s = r.spec.part<AttributionPatchingSpec>().patching;
        ResultHints h;
        h.label = {"AtP %1 \u00b7 %2", {s.components.empty() ? std::string() : s.components.front(), metricName(s.metric)}};
        h.caption = {{"Clean: %1", {r.spec.prompt}},
                     {"Corrupted: %1", {s.corruptedPrompt}},
                     {"Answers: %1 (correct) / %2 (incorrect)", {r.correctTokenText, r.incorrectTokenText}}};
        h.highBaseline = "clean run";
        h.lowBaseline = "corrupted run";
        h.hasNormalized = true;
        h.comparesTwoPrompts = true;
        const AttributionPatchingResult& found = r.part<AttributionPatchingResult>();
        for (const AtpAgreement& a : found.agreement)
            h.findings.push_back({"%1: AtP against exact patching on %2 cells: Pearson %3, Spearman %4",
                                  {a.component, std::to_string(a.cells), number(a.pearson), number(a.spearman)}});
        if (found.estimateSeconds > 0)
            h.findings.push_back({"AtP estimate %1 s, exact patching %2 s", {number(found.estimateSeconds), number(found.exactSeconds)}});
        return h;
    }

    MapHints mapHints(const ExperimentResult& r, const Heatmap& map, bool normalized) const override {
        const PatchingSpec& s = r.spec.part<AttributionPatchingSpec>().patching;
        const bool exact = map.name == exactName(map.component);
        MapHints h;
        if (exact) {
            h.title = {"Exact patching of %1 on the cells AtP ranks highest", {map.component}};
            h.tabTitle = {"Exact %1", {map.component}};
        } else {
            h.title = {s.direction == PatchDirection::Denoising ? "AtP estimate of patching %1 (clean \u2192 corrupted)"
                                                                 : "AtP estimate of patching %1 (corrupted \u2192 clean)",
                       {map.component}};
            h.tabTitle = {"AtP %1", {map.component}};
        }
        h.scaleTitle = normalized ? Phrase{"normalised %1", {metricTitle(s.metric)}} : Phrase{"%1", {metricTitle(s.metric)}};
        h.columnAxis = map.columnAxis == "head" ? "head" : "token";
        h.diverging = metricIsSigned(s.metric) && !normalized;
        return h;
    }

    std::string pyveneScript(const ExperimentResult&) const override {
        throw Error("Attribution patching's estimate is a gradient, which cannot be expressed in pyvene (it runs "
                    "interventions, not backward passes); export an activation-patching experiment of the same prompts "
                    "for pyvene's exact numbers.");
    }
};

} // namespace

double pearsonCorrelation(const std::vector<double>& x, const std::vector<double>& y) {
    const std::size_t n = std::min(x.size(), y.size());
    if (n < 3) return kNaN;
    const double mx = std::accumulate(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(n), 0.0) / static_cast<double>(n);
    const double my = std::accumulate(y.begin(), y.begin() + static_cast<std::ptrdiff_t>(n), 0.0) / static_cast<double>(n);
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : kNaN;
}

double spearmanCorrelation(const std::vector<double>& x, const std::vector<double>& y) {
    const std::size_t n = std::min(x.size(), y.size());
    return pearsonCorrelation(ranks({x.begin(), x.begin() + static_cast<std::ptrdiff_t>(n)}),
                              ranks({y.begin(), y.begin() + static_cast<std::ptrdiff_t>(n)}));
}

const ExperimentKind& attributionPatchingKind() {
    static const AttributionPatchingKind kind;
    return kind;
}

} // namespace causeway
