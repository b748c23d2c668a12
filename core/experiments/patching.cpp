// Activation patching sweeps: the naive reference (one intervened forward pass per cell, as
// pyvene runs them) and the fast engine (cache the base run; for a cell at (layer L, position p)
// recompute only layers >= L at positions >= p, with all cells that start at p in one batch).
#include "experiments/patching.h"
#include "common/json_integers.h"

#include "common/error.h"
#include "experiments/kind.h"
#include "intervene/cell_intervention.h"
#include "intervene/cell_routing.h"
#include "experiments/suffix_sweep.h"
#include "experiments/sweep.h"
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
    at::Tensor baseFinalHidden;              // [1, T, D], the last block's output
    KVCache baseCache;                       // [1, Hkv, T, Dh] per layer
    std::map<std::pair<int, Component>, at::Tensor> sourceSites; // full site tensors of the source run
};

// Replaces rows `rows` of a position-layout site tensor [R, n, W] with `values` [n', W] at
// relative positions `relative`.
at::Tensor patchRows(const at::Tensor& site, const std::vector<std::size_t>& rows, const at::Tensor& relative,
                     const at::Tensor& values) {
    at::Tensor out = site.clone();
    for (std::size_t r : rows) out.select(0, static_cast<int64_t>(r)).index_copy_(0, relative, values);
    return out;
}

} // namespace

PatchGrid patchGrid(const ExperimentSpec& spec, PatchUnit unit, int numLayers, int64_t numColumns) {
    PatchGrid g;
    if (spec.layers.empty())
        for (int l = 0; l < numLayers; ++l) g.layers.push_back(l);
    else
        g.layers = spec.layers;
    for (int64_t c = 0; c < numColumns; ++c) g.columns.push_back(c);
    g.wanted.assign(g.layers.size(), std::vector<bool>(numColumns, spec.cells.empty()));
    if (unit == PatchUnit::Position && !spec.positions.empty()) {
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

const kindutil::Names<PatchMetric> kMetrics[] = {{PatchMetric::LogitDifference, "logit_diff"},
                                                 {PatchMetric::Probability, "prob"},
                                                 {PatchMetric::LogProbability, "logprob"},
                                                 {PatchMetric::KLDivergence, "kl"}};
const kindutil::Names<PatchDirection> kDirections[] = {{PatchDirection::Denoising, "denoising"}, {PatchDirection::Noising, "noising"}};
const kindutil::Names<PatchUnit> kUnits[] = {{PatchUnit::Position, "position"}, {PatchUnit::Head, "head"}};

std::string metricName(PatchMetric m) { return kindutil::nameOf(kMetrics, m); }
std::string metricTitle(PatchMetric m) {
    switch (m) {
    case PatchMetric::LogitDifference: return "logit difference";
    case PatchMetric::Probability: return "probability of the answer";
    case PatchMetric::LogProbability: return "log-probability of the answer";
    case PatchMetric::KLDivergence: return "KL divergence from clean";
    }
    return "?";
}
bool metricIsSigned(PatchMetric m) { return m == PatchMetric::LogitDifference; }

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
    if (!c || !model.config().hasComponent(*c) || !isSweepable(*c)) {
        std::string list;
        for (Component k : model.config().components())
            if (isSweepable(k)) list += (list.empty() ? "" : ", ") + std::string(componentName(k));
        const std::string why = c == Component::MoeRouterLogits
                                    ? " (router logits are collected or intervened on with causeway-cli collect/intervene, not swept)"
                                    : "";
        throw Error("The component '" + name + "' cannot be patched in this model" + why + "; choose from: " + list + ".");
    }
    return *c;
}

std::vector<Component> patchComponents(const Transformer& model, const PatchingSpec& patching) {
    std::vector<Component> components;
    for (const std::string& name : patching.components) {
        Component c = requireComponent(model, name);
        if (patching.unit == PatchUnit::Head && !isHeadComponent(c))
            throw Error("Per-head patching needs a head component (head_attention_value_output, head_query_output, "
                        "head_key_output, head_value_output), not '" + name + "'.");
        if (patching.unit == PatchUnit::Position && isHeadComponent(c))
            throw Error("The head component '" + name + "' is patched per head: set \"unit\": \"head\".");
        components.push_back(c);
    }
    return components;
}

void runActivationPatching(const Transformer& model, const PromptPair& prompts, ExperimentResult& result,
                           const RunControl& control) {
    const ExperimentSpec& spec = result.spec;
    const PatchingSpec& patching = spec.part<PatchingSpec>();
    const ModelConfig& mc = model.config();
    const int L = static_cast<int>(mc.numLayers);
    const int64_t T = prompts.clean.size(1);
    const bool denoising = patching.direction == PatchDirection::Denoising;
    const at::Tensor& base = denoising ? prompts.corrupted : prompts.clean;
    const at::Tensor& source = denoising ? prompts.clean : prompts.corrupted;
    for (int l : spec.layers)
        if (l < 0 || l >= L) throw Error("Layer " + std::to_string(l) + " does not exist; the model has layers 0 to " + std::to_string(L - 1) + ".");
    for (int64_t p : spec.positions)
        if (p < 0 || p >= T) throw Error("Position " + std::to_string(p) + " is outside the prompt's " + std::to_string(T) + " tokens.");

    const std::vector<Component> components = patchComponents(model, patching);

    // The two plain runs as one batch (row 0 the base, row 1 the source; the weights are read
    // once): baselines, answer tokens, and (fast engine) the base run's layer inputs and cache
    // and the source run's sites.
    CachedRuns cached;
    cached.baseLayerInputs.resize(L);
    SiteHooks capture(L, [&](const Site& site, at::Tensor& t) {
        if (site.component == Component::BlockInput) cached.baseLayerInputs[site.layer] = t.narrow(0, 0, 1);
        if (std::find(components.begin(), components.end(), site.component) != components.end())
            cached.sourceSites[{site.layer, site.component}] = t.narrow(0, 1, 1);
    });
    capture.wantAll(components);
    for (int l = 0; l < L; ++l) capture.want(l, Component::BlockInput);
    KVCache bothCaches;
    ForwardOptions plainOptions;
    plainOptions.hooks = &capture;
    plainOptions.cache = &bothCaches;
    plainOptions.logits = LogitsMode::LastPosition;
    const ForwardResult plainRuns = model.forward(at::cat({base, source}, 0), plainOptions);
    for (std::size_t l = 0; l < bothCaches.keys.size(); ++l) {
        cached.baseCache.keys.push_back(bothCaches.keys[l].narrow(0, 0, 1));
        cached.baseCache.values.push_back(bothCaches.values[l].narrow(0, 0, 1));
    }
    cached.baseFinalHidden = plainRuns.finalHidden.narrow(0, 0, 1);
    const at::Tensor baseLast = plainRuns.logits.select(1, 0).narrow(0, 0, 1);
    const at::Tensor sourceLast = plainRuns.logits.select(1, 0).narrow(0, 1, 1);
    const at::Tensor& cleanLast = denoising ? sourceLast : baseLast;
    const at::Tensor& corruptLast = denoising ? baseLast : sourceLast;

    result.correctToken = patching.correctToken.value_or(cleanLast.argmax(-1).item<int64_t>());
    result.incorrectToken = patching.incorrectToken.value_or(corruptLast.argmax(-1).item<int64_t>());
    const at::Tensor cleanLogProbs = at::log_softmax(cleanLast, -1);
    auto metricOf = [&](const at::Tensor& last) {
        return patchMetric(patching.metric, last, result.correctToken, result.incorrectToken, cleanLogProbs);
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

    const bool perHead = patching.unit == PatchUnit::Head;
    std::vector<std::string> columnLabels;
    if (perHead)
        for (int64_t h = 0; h < mc.numHeads; ++h) columnLabels.push_back("H" + std::to_string(h));
    else
        columnLabels = result.tokens;
    std::vector<PatchGrid> grids;
    for (Component c : components) {
        const int64_t cols = perHead ? mc.headsFor(c) : T;
        grids.push_back(patchGrid(spec, patching.unit, L, cols));
        std::vector<std::string> labels = perHead ? std::vector<std::string>(columnLabels.begin(), columnLabels.begin() + cols) : columnLabels;
        const std::string name(componentName(c));
        result.maps.push_back(kindutil::emptyMap(name, name, perHead ? "head" : "position", grids.back().layers, labels, true));
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
        const PatchGrid& grid = grids[ci];
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

        // Fast engine (suffix_sweep.h): cells grouped by the first position they change.
        struct Cell {
            int64_t row, col;
        };
        std::vector<Cell> cellAt;
        std::map<int64_t, std::vector<SuffixCell>> byStart;
        for (std::size_t r = 0; r < grid.layers.size(); ++r)
            for (int64_t col = 0; col < map.cols; ++col) {
                if (!grid.wanted[r][col]) continue;
                const int64_t start = perHead ? (effectiveHeadPositions.empty() ? T : effectiveHeadPositions.front()) : col;
                if (start >= firstDifference && start < T) {
                    byStart[start].push_back({{grid.layers[r]}, cellAt.size()});
                    cellAt.push_back({static_cast<int64_t>(r), col});
                } else {
                    setCell(result, map, static_cast<int64_t>(r), col, baseValue); // an exact no-op
                }
            }
        report();

        std::vector<SuffixGroup> groups;
        for (auto& [start, cells] : byStart) groups.push_back({start, std::move(cells)});
        const at::Tensor headPositionIndex = at::tensor(effectiveHeadPositions, at::kLong);
        auto relativeIndex = [&](int64_t start) { // where the patched positions sit in a group's rows
            std::vector<int64_t> relative{0}; // a position cell patches its own start
            if (perHead) {
                relative.clear();
                for (int64_t p : effectiveHeadPositions) relative.push_back(p - start);
            }
            return at::tensor(relative, at::kLong);
        };
        SuffixCallbacks callbacks;
        callbacks.patch = [&](int layer, int64_t start, const std::vector<const SuffixCell*>& joined,
                              const std::vector<std::size_t>& patched, at::Tensor& site) {
            const at::Tensor src = cached.sourceSites.at({layer, comp}).select(0, 0);
            if (!perHead) {
                site = patchRows(site, patched, relativeIndex(start), src.narrow(0, start, 1));
                return;
            }
            const at::Tensor relative = relativeIndex(start);
            at::Tensor edited = site.clone();
            for (std::size_t i : patched) {
                const int64_t head = cellAt[joined[i]->id].col;
                edited.select(0, static_cast<int64_t>(i)).select(0, head).index_copy_(0, relative, src.select(0, head).index_select(0, headPositionIndex));
            }
            site = edited;
        };
        callbacks.groupDone = [&](std::size_t, const SuffixLogits& out) {
            at::Tensor values = metricOf(out.logits);
            for (std::size_t i = 0; i < out.ids.size(); ++i)
                setCell(result, map, cellAt[out.ids[i]].row, cellAt[out.ids[i]].col, values[static_cast<int64_t>(i)].item<double>());
            report();
        };
        callbacks.beforeLayer = [&] { checkCancel(control); };
        runSuffixGroups(model, SuffixBase{&cached.baseLayerInputs, &cached.baseFinalHidden, &cached.baseCache}, groups, comp, callbacks);
    }
}

PromptPair promptPairOf(const ExperimentResult& prepared) {
    auto asTensor = [](const std::vector<int64_t>& ids) {
        return at::tensor(ids, at::kLong).view({1, static_cast<int64_t>(ids.size())});
    };
    return {asTensor(prepared.tokenIds), asTensor(prepared.corruptedTokenIds)};
}

void readPatchingFields(const nlohmann::json& j, ExperimentSpec& spec, PatchingSpec& s, const std::string& source) {
    const auto& p = j.at("prompts");
    spec.prompt = p.value("clean", std::string());
    s.corruptedPrompt = p.value("corrupted", std::string());
    if (p.contains("clean_ids")) spec.promptIds = jsonIntegers<int64_t>(p["clean_ids"], source + ": 'clean_ids'");
    if (p.contains("corrupted_ids")) s.corruptedIds = jsonIntegers<int64_t>(p["corrupted_ids"], source + ": 'corrupted_ids'");
    kindutil::readAnswers(j, s);
    s.direction = kindutil::parseName(kDirections, j.value("direction", std::string("denoising")), "direction", source);
    if (j.contains("components")) s.components = j["components"].get<std::vector<std::string>>();
    if (s.components.empty()) throw Error(source + ": 'components' is empty; name at least one, e.g. \"block_output\".");
    s.unit = kindutil::parseName(kUnits, j.value("unit", std::string("position")), "unit", source);
    s.metric = kindutil::parseName(kMetrics, j.value("metric", std::string("logit_diff")), "metric", source);
}

void writePatchingFields(const ExperimentSpec& spec, const PatchingSpec& s, nlohmann::json& j) {
    j["prompts"] = {{"clean", spec.prompt}, {"corrupted", s.corruptedPrompt}};
    if (!spec.promptIds.empty()) j["prompts"]["clean_ids"] = spec.promptIds;
    if (!s.corruptedIds.empty()) j["prompts"]["corrupted_ids"] = s.corruptedIds;
    j["answers"] = kindutil::answersJson(s);
    j["direction"] = kindutil::nameOf(kDirections, s.direction);
    j["components"] = s.components;
    j["unit"] = kindutil::nameOf(kUnits, s.unit);
    j["metric"] = metricName(s.metric);
}

void preparePatching(const Tokenizer* tokenizer, int64_t vocabSize, PatchingSpec& s, ExperimentResult& result) {
    const std::vector<int64_t> corrupted = kindutil::promptIds(tokenizer, s.corruptedIds, s.corruptedPrompt, "corrupted");
    result.corruptedTokenIds = corrupted;
    result.corruptedTokens = kindutil::displayTokens(tokenizer, corrupted);
    if (corrupted.size() != result.tokenIds.size())
        throw Error("The clean prompt is " + std::to_string(result.tokenIds.size()) + " tokens " +
                    kindutil::describeTokens(result.tokens) + " but the corrupted prompt is " +
                    std::to_string(corrupted.size()) + " tokens " + kindutil::describeTokens(result.corruptedTokens) +
                    "; activation patching needs equal lengths, so reword one of them.");
    kindutil::resolveAnswers(tokenizer, vocabSize, s);
}

void writePatchingResult(const ExperimentResult& r, PatchMetric metric, nlohmann::json& j) {
    j["corrupted_token_ids"] = r.corruptedTokenIds;
    j["corrupted_tokens"] = r.corruptedTokens;
    j["metric"] = metricName(metric);
    j["baselines"] = {{"clean", r.cleanBaseline}, {"corrupted", r.corruptedBaseline}};
    j["correct_token_id"] = r.correctToken;
    j["incorrect_token_id"] = r.incorrectToken;
    if (!r.correctTokenText.empty()) j["correct_token"] = r.correctTokenText;
    if (!r.incorrectTokenText.empty()) j["incorrect_token"] = r.incorrectTokenText;
}

void readPatchingResult(const nlohmann::json& j, ExperimentResult& r) {
    if (j.contains("corrupted_token_ids")) r.corruptedTokenIds = jsonIntegers(j["corrupted_token_ids"], "The results' 'corrupted_token_ids'");
    r.corruptedTokens = j.value("corrupted_tokens", std::vector<std::string>{});
    r.cleanBaseline = j.at("baselines").at("clean").get<double>();
    r.corruptedBaseline = j.at("baselines").at("corrupted").get<double>();
    r.correctToken = jsonIntegerOr<int64_t>(j, "correct_token_id", -1, "The results");
    r.incorrectToken = jsonIntegerOr<int64_t>(j, "incorrect_token_id", -1, "The results");
    r.correctTokenText = j.value("correct_token", std::string());
    r.incorrectTokenText = j.value("incorrect_token", std::string());
}

namespace {

const char* kPatching = R"PY(
LAYERS = LAYERS or list(range(model.config.num_hidden_layers))
clean = torch.tensor([CLEAN_IDS])
corrupted = torch.tensor([CORRUPTED_IDS])
base, source = (corrupted, clean) if DIRECTION == "denoising" else (clean, corrupted)
clean_last = last_logits(model(clean))[0]
corrupt_last = last_logits(model(corrupted))[0]
correct = CORRECT if CORRECT is not None else int(clean_last.argmax())
incorrect = INCORRECT if INCORRECT is not None else int(corrupt_last.argmax())
clean_logp = torch.log_softmax(clean_last, -1)


def metric(last):
    if METRIC == "logit_diff":
        return float(last[correct] - last[incorrect])
    if METRIC == "prob":
        return float(torch.softmax(last, -1)[correct])
    if METRIC == "logprob":
        return float(torch.log_softmax(last, -1)[correct])
    logq = torch.log_softmax(last, -1)
    return float((clean_logp.exp() * (clean_logp - logq)).sum())


m_clean, m_corrupt = metric(clean_last), metric(corrupt_last)
T = clean.shape[1]
maps = {}
for component in COMPONENTS:
    unit = "h.pos" if UNIT == "head" else "pos"
    heads = model.config.num_attention_heads
    if component in ("head_key_output", "head_value_output"):
        heads = getattr(model.config, "num_key_value_heads", heads)
    columns = range(heads) if UNIT == "head" else range(T)
    rows = []
    for layer in LAYERS:
        config = pv.IntervenableConfig([pv.RepresentationConfig(layer, component, unit,
                                                                intervention_type=pv.VanillaIntervention)])
        im = pv.IntervenableModel(config, model)
        row = []
        for column in columns:
            if (CELLS and [layer, column] not in CELLS) or (UNIT == "position" and POSITIONS and column not in POSITIONS):
                row.append(None)
                continue
            if UNIT == "head":
                locations = [[[[column]], [POSITIONS or list(range(T))]]]
            else:
                locations = [[[column]]]
            _, out = im({"input_ids": base}, [{"input_ids": source}],
                        unit_locations={"sources->base": (locations, locations)})
            row.append(metric(last_logits(out)[0]))
        rows.append(row)
    span = m_clean - m_corrupt
    maps[component] = {"raw": rows,
                       "normalized": [[None if v is None else (v - m_corrupt) / span for v in r] for r in rows]}
print(json.dumps({"baselines": {"clean": m_clean, "corrupted": m_corrupt}, "correct_token_id": correct,
                  "incorrect_token_id": incorrect, "layers": LAYERS, "maps": maps}))
)PY";


class ActivationPatchingKind final : public ExperimentKind {
public:
    std::string name() const override { return PatchingSpec::kKind; }
    std::string title() const override { return "Activation patching"; }

    void readSpec(const nlohmann::json& j, ExperimentSpec& spec, const std::string& source) const override {
        readPatchingFields(j, spec, spec.part<PatchingSpec>(), source);
    }

    void writeSpec(const ExperimentSpec& spec, nlohmann::json& j) const override {
        writePatchingFields(spec, spec.part<PatchingSpec>(), j);
    }

    void prepare(const Tokenizer* tokenizer, int64_t vocabSize, ExperimentResult& result) const override {
        preparePatching(tokenizer, vocabSize, result.spec.part<PatchingSpec>(), result);
    }

    void run(const Transformer& model, const Tokenizer*, ExperimentResult& result, const RunControl& control) const override {
        runActivationPatching(model, promptPairOf(result), result, control);
    }

    // The clicked cell as one Vanilla intervention on the base run, from the same cell of the source
    // run: what the sweep computed for it, with the three runs' top tokens.
    CellProbe probe(const Transformer& model, const Tokenizer* tokenizer, const ExperimentResult& r, const Heatmap& map,
                    int layer, int64_t column, int topK) const override {
        const PatchingSpec& p = r.spec.part<PatchingSpec>();
        const bool denoising = p.direction == PatchDirection::Denoising;
        const std::vector<int64_t>& base = denoising ? r.corruptedTokenIds : r.tokenIds;
        const std::vector<int64_t>& source = denoising ? r.tokenIds : r.corruptedTokenIds;
        CellSelection cell;
        cell.component = map.component;
        cell.perHead = map.columnAxis == "head";
        cell.headPositions = r.spec.positions;
        cell.cells = {{layer, column}};
        const std::shared_ptr<const Transformer> borrowed(&model, [](const Transformer*) {});
        const IntervenableModel vanilla(
            cellInterventionConfig(cell, "VanillaIntervention", std::nullopt, static_cast<int64_t>(base.size())), borrowed);
        const CellInterventionOutcome out = runCellIntervention(vanilla, cell, base, source, 0);
        const auto lastLogits = [&](const std::vector<int64_t>& ids) {
            ForwardOptions options;
            options.logits = LogitsMode::LastPosition;
            return model.forward(at::tensor(ids, at::kLong).view({1, static_cast<int64_t>(ids.size())}), options).logits.select(1, 0)[0];
        };
        const at::Tensor sourceLast = lastLogits(source);
        const at::Tensor& cleanLast = denoising ? sourceLast : out.baseLogits;
        const at::Tensor& corruptLast = denoising ? out.baseLogits : sourceLast;
        // A prepared but not yet run experiment resolves its answers here as the sweep would.
        const int64_t correct = r.correctToken >= 0 ? r.correctToken : p.correctToken.value_or(cleanLast.argmax().item<int64_t>());
        const int64_t incorrect = r.incorrectToken >= 0 ? r.incorrectToken : p.incorrectToken.value_or(corruptLast.argmax().item<int64_t>());
        CellProbe probe;
        probe.columns = {{"Clean", kindutil::topTokens(at::softmax(cleanLast, -1), topK, tokenizer)},
                         {"Corrupted", kindutil::topTokens(at::softmax(corruptLast, -1), topK, tokenizer)},
                         {"Patched", kindutil::topTokens(at::softmax(out.intervenedLogits, -1), topK, tokenizer)}};
        probe.value = patchMetric(p.metric, out.intervenedLogits.unsqueeze(0), correct, incorrect,
                                  at::log_softmax(cleanLast, -1).unsqueeze(0))[0]
                          .item<double>();
        probe.valueName = metricTitle(p.metric);
        probe.answers = {correct, incorrect};
        const CellRouting routing = cellRouting(borrowed, cell, "VanillaIntervention", std::nullopt, base, source);
        if (!routing.empty()) {
            probe.expertLayer = routing.layer;
            probe.expertPosition = routing.position;
            probe.columns[0].experts = denoising ? routing.source : routing.base;
            probe.columns[1].experts = denoising ? routing.base : routing.source;
            probe.columns[2].experts = routing.intervened;
        }
        return probe;
    }

    void writeResult(const ExperimentResult& r, nlohmann::json& j) const override {
        writePatchingResult(r, r.spec.part<PatchingSpec>().metric, j);
    }

    void readResult(const nlohmann::json& j, ExperimentResult& r) const override { readPatchingResult(j, r); }

    ResultHints describe(const ExperimentResult& r) const override {
        const PatchingSpec& s = r.spec.part<PatchingSpec>();
        ResultHints h;
        h.label = {"Patch %1 \u00b7 %2", {s.components.empty() ? std::string() : s.components.front(), metricName(s.metric)}};
        h.caption = {{"Clean: %1", {r.spec.prompt}},
                     {"Corrupted: %1", {s.corruptedPrompt}},
                     {"Answers: %1 (correct) / %2 (incorrect)", {r.correctTokenText, r.incorrectTokenText}}};
        h.highBaseline = "clean run";
        h.lowBaseline = "corrupted run";
        h.hasNormalized = true;
        h.comparesTwoPrompts = true;
        return h;
    }

    MapHints mapHints(const ExperimentResult& r, const Heatmap& map, bool normalized) const override {
        const PatchingSpec& s = r.spec.part<PatchingSpec>();
        MapHints h;
        h.title = {s.direction == PatchDirection::Denoising ? "Patching %1 (clean \u2192 corrupted)" : "Patching %1 (corrupted \u2192 clean)",
                   {map.component}};
        h.tabTitle = {"%1", {map.name}};
        h.scaleTitle = normalized ? Phrase{"normalised %1", {metricTitle(s.metric)}} : Phrase{"%1", {metricTitle(s.metric)}};
        h.columnAxis = map.columnAxis == "head" ? "head" : "token";
        h.diverging = metricIsSigned(s.metric) && !normalized;
        return h;
    }

    std::string pyveneScript(const ExperimentResult& prepared) const override {
        const PatchingSpec& s = prepared.spec.part<PatchingSpec>();
        using namespace kindutil;
        return "CLEAN_IDS = " + pyList(prepared.tokenIds) + "\n" +
               "CORRUPTED_IDS = " + pyList(prepared.corruptedTokenIds) + "\n" +
               "CORRECT = " + pyOptional(s.correctToken) + "\n" +
               "INCORRECT = " + pyOptional(s.incorrectToken) + "\n" +
               "DIRECTION = " + pyString(nameOf(kDirections, s.direction)) + "\n" +
               "METRIC = " + pyString(metricName(s.metric)) + "\n" +
               "UNIT = " + pyString(nameOf(kUnits, s.unit)) + "\n" +
               "COMPONENTS = " + nlohmann::json(s.components).dump() + "\n" +
               pyCellsAndPreamble(prepared.spec) + kPatching;
    }

    void writePyveneConfig(const ExperimentResult& prepared, std::shared_ptr<const Transformer> model,
                           const std::filesystem::path& folder, PyveneLayout layout) const override {
        const ExperimentSpec& spec = prepared.spec;
        const PatchingSpec& s = spec.part<PatchingSpec>();
        if (s.components.size() != 1) ExperimentKind::writePyveneConfig(prepared, model, folder, layout);
        int layer = -1;
        if (spec.cells.size() == 1) layer = spec.cells[0].first;
        else if (spec.layers.size() == 1 && (s.unit == PatchUnit::Head || spec.positions.size() == 1)) layer = spec.layers[0];
        if (layer < 0)
            throw Error("A pyvene config folder holds one intervention: name exactly one cell (\"cells\": [[layer, column]]) "
                        "or one layer and one position.");
        RepresentationConfig rep;
        rep.layer = layer;
        rep.component = s.components[0];
        rep.unit = s.unit == PatchUnit::Head ? "h.pos" : "pos";
        IntervenableModel im({{rep}}, std::move(model));
        savePyveneFolder(im, folder, layout);
    }
};

} // namespace

const ExperimentKind& activationPatchingKind() {
    static const ActivationPatchingKind kind;
    return kind;
}

} // namespace causeway
