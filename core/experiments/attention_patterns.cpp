// Attention patterns: one forward pass reads every chosen layer's attention_weight site (the
// post-softmax probabilities [B, H, T, T], as transformers' output_attentions returns them), and
// keeps all of them; a grid of heads (layers x heads, coloured by a summary) picks the one whose
// token x token pattern the second map shows.
#include "experiments/attention_patterns.h"
#include "common/json_integers.h"

#include "common/error.h"
#include "experiments/kind.h"
#include "experiments/sweep.h"
#include "model/transformer.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace causeway {

namespace {

const kindutil::Names<HeadSummary> kSummaries[] = {
    {HeadSummary::Entropy, "entropy"}, {HeadSummary::PreviousToken, "previous_token"}, {HeadSummary::FirstToken, "first_token"}};

constexpr const char* kHeadsMap = "heads";
constexpr const char* kPatternMap = "pattern";

// The summary of one head over the queries that have a choice (all but the first).
double summarize(HeadSummary summary, const AttentionPatternsResult& p, std::size_t row, int64_t head) {
    const int64_t T = p.tokens;
    const int64_t first = T > 1 ? 1 : 0;
    double total = 0;
    for (int64_t q = first; q < T; ++q) {
        switch (summary) {
        case HeadSummary::Entropy:
            for (int64_t k = 0; k <= q; ++k) {
                const double w = p.weight(row, head, q, k);
                if (w > 0) total -= w * std::log(w);
            }
            break;
        case HeadSummary::PreviousToken: total += p.weight(row, head, q, q > 0 ? q - 1 : 0); break;
        case HeadSummary::FirstToken: total += p.weight(row, head, q, 0); break;
        }
    }
    return total / static_cast<double>(T - first);
}

Heatmap headsMap(const ExperimentResult& r, const AttentionPatternsResult& p) {
    std::vector<std::string> labels;
    for (int64_t h = 0; h < p.heads; ++h) labels.push_back("H" + std::to_string(h));
    Heatmap map = kindutil::emptyMap(kHeadsMap, "attention_weight", "head", p.layers, labels, false);
    const HeadSummary summary = r.spec.part<AttentionPatternsSpec>().summary;
    for (std::size_t row = 0; row < p.layers.size(); ++row)
        for (int64_t h = 0; h < p.heads; ++h) map.raw[row * static_cast<std::size_t>(p.heads) + static_cast<std::size_t>(h)] = summarize(summary, p, row, h);
    return map;
}

// The head the summary marks most: lowest entropy, or the highest weight.
std::pair<int, int> mostMarkedHead(const ExperimentResult& r, const Heatmap& heads) {
    const bool lowest = r.spec.part<AttentionPatternsSpec>().summary == HeadSummary::Entropy;
    std::size_t best = 0;
    for (std::size_t i = 1; i < heads.raw.size(); ++i)
        if (lowest ? heads.raw[i] < heads.raw[best] : heads.raw[i] > heads.raw[best]) best = i;
    return {heads.rowLayers[best / static_cast<std::size_t>(heads.cols)], static_cast<int>(best % static_cast<std::size_t>(heads.cols))};
}

// Seven significant digits: a float's precision, without the digits a double adds in JSON.
double rounded(float value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.7g", static_cast<double>(value));
    return std::strtod(text, nullptr);
}

void runAttentionPatterns(const Transformer& model, ExperimentResult& result, const RunControl& control) {
    const ExperimentSpec& spec = result.spec;
    const ModelConfig& mc = model.config();
    const int L = static_cast<int>(mc.numLayers);
    const int64_t T = static_cast<int64_t>(result.tokenIds.size());
    std::vector<int> rows = spec.layers;
    if (rows.empty())
        for (int l = 0; l < L; ++l) rows.push_back(l);
    for (int l : rows)
        if (l < 0 || l >= L) throw Error("Layer " + std::to_string(l) + " does not exist; the model has layers 0 to " + std::to_string(L - 1) + ".");

    std::vector<at::Tensor> probabilities(static_cast<std::size_t>(L));
    SiteHooks hooks(L, [&](const Site& site, at::Tensor& t) { probabilities[static_cast<std::size_t>(site.layer)] = t.select(0, 0); });
    for (int l : rows) hooks.want(l, Component::AttentionWeight);
    ForwardOptions options;
    options.hooks = &hooks;
    options.logits = LogitsMode::None;
    options.lastLayer = *std::max_element(rows.begin(), rows.end()); // nothing above is read
    model.forward(at::tensor(result.tokenIds, at::kLong).view({1, T}), options);
    checkCancel(control);

    AttentionPatternsResult& p = result.part<AttentionPatternsResult>();
    p.layers = rows;
    p.heads = mc.numHeads;
    p.tokens = T;
    p.weights.clear();
    p.weights.reserve(rows.size() * static_cast<std::size_t>(p.heads * T * T));
    for (int l : rows) {
        const at::Tensor w = probabilities[static_cast<std::size_t>(l)].to(at::kFloat).contiguous(); // [H, T, T]
        p.weights.insert(p.weights.end(), w.data_ptr<float>(), w.data_ptr<float>() + w.numel());
    }
    result.maps = {headsMap(result, p)};
    result.cellsTotal = result.cellsDone = static_cast<int64_t>(rows.size()) * p.heads;
    const auto& chosen = spec.part<AttentionPatternsSpec>().head;
    const std::pair<int, int> head = chosen ? *chosen : mostMarkedHead(result, result.maps[0]);
    showAttentionPattern(result, head.first, head.second);
    if (control.progress) control.progress(result);
}

const char* kPatternsScript = R"PY(
# The weights exist only in eager attention (SDPA never forms them): load the model that way.
model = transformers.AutoModelForCausalLM.from_pretrained(args.model, torch_dtype=torch.float32, attn_implementation="eager")
model.eval()
LAYERS = LAYERS or list(range(model.config.num_hidden_layers))
ids = torch.tensor([PROMPT_IDS])
T = ids.shape[1]
heads = model.config.num_attention_heads
try:
    config = pv.IntervenableConfig([pv.RepresentationConfig(layer, "attention_weight", "h", max_number_of_units=heads,
                                                            intervention_type=pv.CollectIntervention) for layer in LAYERS])
    im = pv.IntervenableModel(config, model)
except Exception as error:
    raise SystemExit(f"pyvene has no attention_weight site for {model.config.model_type} models ({error}); it maps one for "
                     "GPT-2. transformers' model(ids, output_attentions=True) gives the same patterns.")
(_, collected), _ = im({"input_ids": ids}, unit_locations={"base": [[list(range(heads))]] * len(LAYERS)})
patterns = [c.reshape(heads, T, T) for c in collected]  # [H, queries, keys] per layer


def summary(p, head):
    first = 1 if T > 1 else 0
    rows = p[head, first:]
    if SUMMARY == "entropy":
        values = -(rows * torch.log(torch.where(rows > 0, rows, torch.ones_like(rows)))).sum(-1)
    elif SUMMARY == "previous_token":
        values = torch.stack([p[head, q, max(q - 1, 0)] for q in range(first, T)])
    else:
        values = rows[:, 0]
    return float(values.double().mean())


grid = [[summary(p, h) for h in range(heads)] for p in patterns]
if SHOWN is None:
    flat = [(v, LAYERS[r], h) for r, row in enumerate(grid) for h, v in enumerate(row)]
    pick = min if SUMMARY == "entropy" else max
    best = pick(flat, key=lambda e: e[0])
    SHOWN = [best[1], best[2]]
shown = patterns[LAYERS.index(SHOWN[0])][SHOWN[1]]
print(json.dumps({"layers": LAYERS, "shown_head": SHOWN,
                  "patterns": [p.double().tolist() for p in patterns],
                  "maps": {"heads": {"raw": grid}, "pattern": {"raw": shown.double().tolist()}}}))
)PY";

class AttentionPatternsKind final : public ExperimentKind {
public:
    std::string name() const override { return AttentionPatternsSpec::kKind; }
    std::string title() const override { return "Attention patterns"; }

    void readSpec(const nlohmann::json& j, ExperimentSpec& spec, const std::string& source) const override {
        AttentionPatternsSpec& s = spec.part<AttentionPatternsSpec>();
        spec.prompt = j.value("prompt", std::string());
        if (j.contains("prompt_ids")) spec.promptIds = jsonIntegers<int64_t>(j["prompt_ids"], source + ": 'prompt_ids'");
        s.summary = kindutil::parseName(kSummaries, j.value("summary", std::string("entropy")), "summary", source);
        if (j.contains("head")) {
            const auto& h = j["head"];
            if (!h.is_array() || h.size() != 2) throw Error(source + ": 'head' is [layer, head], e.g. [3, 5].");
            s.head = std::make_pair(jsonInteger<int>(h[0], source + ": 'head'"), jsonInteger<int>(h[1], source + ": 'head'"));
        }
    }

    void writeSpec(const ExperimentSpec& spec, nlohmann::json& j) const override {
        const AttentionPatternsSpec& s = spec.part<AttentionPatternsSpec>();
        j["prompt"] = spec.prompt;
        if (!spec.promptIds.empty()) j["prompt_ids"] = spec.promptIds;
        j["summary"] = kindutil::nameOf(kSummaries, s.summary);
        if (s.head) j["head"] = {s.head->first, s.head->second};
    }

    void prepare(const Tokenizer*, int64_t, ExperimentResult& result) const override {
        const ExperimentSpec& spec = result.spec;
        if (!spec.positions.empty() || !spec.cells.empty())
            throw Error("Attention patterns keep every position of every head of the chosen layers; leave \"positions\" at "
                        "\"all\" and give no \"cells\" (choose layers with \"layers\").");
        const auto& head = spec.part<AttentionPatternsSpec>().head;
        if (head && !spec.layers.empty() && std::find(spec.layers.begin(), spec.layers.end(), head->first) == spec.layers.end())
            throw Error("The head to show is in layer " + std::to_string(head->first) + ", which is not among the layers read.");
    }

    void run(const Transformer& model, const Tokenizer*, ExperimentResult& result, const RunControl& control) const override {
        const auto& head = result.spec.part<AttentionPatternsSpec>().head;
        if (head && (head->second < 0 || head->second >= model.config().numHeads))
            throw Error("Head " + std::to_string(head->second) + " does not exist; the model has heads 0 to " +
                        std::to_string(model.config().numHeads - 1) + ".");
        runAttentionPatterns(model, result, control);
    }

    // A head of the grid: its pattern read again (one forward pass), its summary, and the keys its
    // last query attends to most.
    CellProbe probe(const Transformer& model, const Tokenizer*, const ExperimentResult& r, const Heatmap& map, int layer,
                    int64_t column, int topK) const override {
        if (map.name != kHeadsMap)
            throw Error("A pattern's cells are its weights already; probe a head on the grid of heads (the first map).");
        if (column < 0 || column >= model.config().numHeads) throw Error("Head " + std::to_string(column) + " does not exist.");
        ExperimentResult again;
        again.spec = r.spec;
        again.spec.layers = {layer};
        again.spec.part<AttentionPatternsSpec>().head = std::make_pair(layer, static_cast<int>(column));
        again.tokenIds = r.tokenIds;
        again.tokens = r.tokens;
        runAttentionPatterns(model, again, {});
        const AttentionPatternsResult& p = again.part<AttentionPatternsResult>();
        const int64_t last = p.tokens - 1;
        std::vector<CellToken> keys;
        for (int64_t k = 0; k < p.tokens; ++k) keys.push_back({k, again.tokens[static_cast<std::size_t>(k)], p.weight(0, column, last, k)});
        std::stable_sort(keys.begin(), keys.end(), [](const CellToken& a, const CellToken& b) { return a.probability > b.probability; });
        keys.resize(std::min<std::size_t>(keys.size(), static_cast<std::size_t>(std::max(topK, 1))));
        CellProbe probe;
        probe.columns = {{{"Keys the last token attends to (layer %1, head %2)", {std::to_string(layer), std::to_string(column)}}, keys}};
        probe.value = again.maps[0].at(0, column);
        probe.valueName = mapHints(r, map, false).scaleTitle;
        return probe;
    }

    void writeResult(const ExperimentResult& r, nlohmann::json& j) const override {
        const AttentionPatternsResult& p = r.part<AttentionPatternsResult>();
        j["summary"] = kindutil::nameOf(kSummaries, r.spec.part<AttentionPatternsSpec>().summary);
        j["shown_head"] = {p.shown.first, p.shown.second};
        // [layer][head][query][key], rows = "layers"
        nlohmann::json layers = nlohmann::json::array();
        for (std::size_t row = 0; row < p.layers.size(); ++row) {
            nlohmann::json heads = nlohmann::json::array();
            for (int64_t h = 0; h < p.heads; ++h) {
                nlohmann::json queries = nlohmann::json::array();
                for (int64_t q = 0; q < p.tokens; ++q) {
                    nlohmann::json keys = nlohmann::json::array();
                    for (int64_t k = 0; k < p.tokens; ++k) keys.push_back(rounded(p.weight(row, h, q, k)));
                    queries.push_back(std::move(keys));
                }
                heads.push_back(std::move(queries));
            }
            layers.push_back(std::move(heads));
        }
        j["patterns"] = {{"layers", p.layers}, {"heads", p.heads}, {"tokens", p.tokens}, {"weights", std::move(layers)}};
    }

    void readResult(const nlohmann::json& j, ExperimentResult& r) const override {
        AttentionPatternsResult& p = r.part<AttentionPatternsResult>();
        const auto& patterns = j.at("patterns");
        p.layers = jsonIntegers<int>(patterns.at("layers"), "The results: 'layers'");
        p.heads = jsonInteger<int64_t>(patterns.at("heads"), "The results: 'heads'");
        p.tokens = jsonInteger<int64_t>(patterns.at("tokens"), "The results: 'tokens'");
        const auto& weights = patterns.at("weights");
        if (weights.size() != p.layers.size()) throw Error("The saved attention patterns do not hold one entry per layer.");
        p.weights.clear();
        for (const auto& layer : weights) {
            if (static_cast<int64_t>(layer.size()) != p.heads) throw Error("The saved attention patterns do not hold every head.");
            for (const auto& head : layer) {
                if (static_cast<int64_t>(head.size()) != p.tokens) throw Error("The saved attention patterns are not tokens x tokens.");
                for (const auto& query : head) {
                    if (static_cast<int64_t>(query.size()) != p.tokens) throw Error("The saved attention patterns are not tokens x tokens.");
                    for (const auto& w : query) p.weights.push_back(w.get<float>());
                }
            }
        }
        const auto& shown = j.at("shown_head");
        p.shown = {jsonInteger<int>(shown.at(0), "The results: 'shown'"), jsonInteger<int>(shown.at(1), "The results: 'shown'")};
    }

    ResultHints describe(const ExperimentResult& r) const override {
        ResultHints h;
        const HeadSummary summary = r.spec.part<AttentionPatternsSpec>().summary;
        h.label = {"Attention patterns \u00b7 %1", {summaryTitle(summary)}};
        h.caption = {{"Prompt: %1", {r.spec.prompt}}};
        const auto shown = r.part<AttentionPatternsResult>().shown;
        if (shown.first >= 0)
            h.findings = {{"Pattern shown: layer %1, head %2", {std::to_string(shown.first), std::to_string(shown.second)}}};
        return h;
    }

    MapHints mapHints(const ExperimentResult& r, const Heatmap& map, bool) const override {
        MapHints h;
        h.rangeMin = 0;
        if (map.name == kPatternMap) {
            const auto shown = r.part<AttentionPatternsResult>().shown;
            h.title = {"Attention pattern of layer %1, head %2: each query token's weights over the key tokens",
                       {std::to_string(shown.first), std::to_string(shown.second)}};
            h.tabTitle = "Pattern";
            h.scaleTitle = "attention weight";
            h.rowAxis = "query token";
            h.columnAxis = "key token";
            return h;
        }
        switch (r.spec.part<AttentionPatternsSpec>().summary) {
        case HeadSummary::Entropy:
            h.title = "Attention heads: mean entropy of each head's attention (low = focused); click a head for its pattern";
            h.scaleTitle = "entropy (nats)";
            break;
        case HeadSummary::PreviousToken:
            h.title = "Attention heads: mean weight on the previous token; click a head for its pattern";
            h.scaleTitle = "weight on the previous token";
            break;
        case HeadSummary::FirstToken:
            h.title = "Attention heads: mean weight on the first token; click a head for its pattern";
            h.scaleTitle = "weight on the first token";
            break;
        }
        h.tabTitle = "Head grid";
        h.columnAxis = "head";
        return h;
    }

    std::string pyveneScript(const ExperimentResult& prepared) const override {
        const AttentionPatternsSpec& s = prepared.spec.part<AttentionPatternsSpec>();
        using namespace kindutil;
        return "PROMPT_IDS = " + pyList(prepared.tokenIds) + "\n" +
               "SUMMARY = " + pyString(nameOf(kSummaries, s.summary)) + "\n" +
               "SHOWN = " + (s.head ? "[" + std::to_string(s.head->first) + ", " + std::to_string(s.head->second) + "]" : std::string("None")) +
               "\n" + pyCellsAndPreamble(prepared.spec) + kPatternsScript;
    }

private:
    static std::string summaryTitle(HeadSummary s) {
        switch (s) {
        case HeadSummary::Entropy: return "entropy";
        case HeadSummary::PreviousToken: return "previous token";
        case HeadSummary::FirstToken: return "first token";
        }
        return "?";
    }
};

} // namespace

void showAttentionPattern(ExperimentResult& result, int layer, int head) {
    AttentionPatternsResult& p = result.part<AttentionPatternsResult>();
    const auto row = std::find(p.layers.begin(), p.layers.end(), layer);
    if (row == p.layers.end() || head < 0 || head >= p.heads)
        throw Error("The result holds no pattern for layer " + std::to_string(layer) + ", head " + std::to_string(head) + ".");
    const std::size_t r = static_cast<std::size_t>(row - p.layers.begin());
    Heatmap map = kindutil::emptyMap(kPatternMap, "attention_weight", "key", std::vector<int>(static_cast<std::size_t>(p.tokens), layer),
                                     result.tokens, false);
    map.rowAxis = "query";
    map.rowLabels = result.tokens;
    for (int64_t q = 0; q < p.tokens; ++q)
        for (int64_t k = 0; k < p.tokens; ++k) map.raw[static_cast<std::size_t>(q * p.tokens + k)] = p.weight(r, head, q, k);
    p.shown = {layer, head};
    auto existing = std::find_if(result.maps.begin(), result.maps.end(), [](const Heatmap& h) { return h.name == kPatternMap; });
    if (existing != result.maps.end()) *existing = std::move(map);
    else result.maps.push_back(std::move(map));
}

const ExperimentKind& attentionPatternsKind() {
    static const AttentionPatternsKind kind;
    return kind;
}

} // namespace causeway
