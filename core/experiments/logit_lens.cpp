// Logit lens: one forward pass keeps every layer's block_output; each is unembedded as the model
// unembeds its last layer (Transformer::logitsOf: final norm, then LM head). At the last layer
// this is exactly the model's logits.
#include "experiments/logit_lens.h"
#include "common/json_integers.h"

#include "common/error.h"
#include "experiments/kind.h"
#include "experiments/sweep.h"
#include "model/transformer.h"
#include "tokenize/tokenizer.h"

#include <ATen/ATen.h>

#include <algorithm>

namespace causeway {

namespace {

const kindutil::Names<LensColour> kColours[] = {{LensColour::Probability, "probability"}, {LensColour::Rank, "rank"}};

void runLogitLens(const Transformer& model, const Tokenizer* tokenizer, ExperimentResult& result, const RunControl& control) {
    const ExperimentSpec& spec = result.spec;
    const LogitLensSpec& lens = spec.part<LogitLensSpec>();
    const int L = static_cast<int>(model.config().numLayers);
    const int64_t T = static_cast<int64_t>(result.tokenIds.size());
    if (lens.topK < 1) throw Error("top_k must be at least 1.");
    std::vector<int> rows = spec.layers;
    if (rows.empty())
        for (int l = 0; l < L; ++l) rows.push_back(l);
    for (int l : rows)
        if (l < 0 || l >= L) throw Error("Layer " + std::to_string(l) + " does not exist; the model has layers 0 to " + std::to_string(L - 1) + ".");
    for (int64_t p : spec.positions)
        if (p < 0 || p >= T) throw Error("Position " + std::to_string(p) + " is outside the prompt's " + std::to_string(T) + " tokens.");

    // The cells asked for: every (row, position), the positions listed, or an explicit cell list.
    std::vector<std::vector<bool>> wanted(rows.size(), std::vector<bool>(static_cast<std::size_t>(T), spec.cells.empty()));
    if (!spec.positions.empty())
        for (auto& row : wanted) {
            std::fill(row.begin(), row.end(), false);
            for (int64_t p : spec.positions) row[static_cast<std::size_t>(p)] = spec.cells.empty();
        }
    for (auto [layer, position] : spec.cells) {
        auto it = std::find(rows.begin(), rows.end(), layer);
        if (it == rows.end() || position < 0 || position >= T)
            throw Error("The cell (layer " + std::to_string(layer) + ", position " + std::to_string(position) + ") is outside the grid.");
        wanted[static_cast<std::size_t>(it - rows.begin())][static_cast<std::size_t>(position)] = true;
    }

    std::vector<at::Tensor> residual(static_cast<std::size_t>(L));
    SiteHooks hooks(L, [&](const Site& site, at::Tensor& t) { residual[static_cast<std::size_t>(site.layer)] = t; });
    for (int l : rows) hooks.want(l, Component::BlockOutput);
    ForwardOptions options;
    options.hooks = &hooks;
    options.logits = LogitsMode::LastPosition;
    const at::Tensor ids = at::tensor(result.tokenIds, at::kLong).view({1, T});
    const at::Tensor finalLogits = model.forward(ids, options).logits.select(1, 0)[0]; // [V]
    result.correctToken = lens.answerToken.value_or(finalLogits.argmax().item<int64_t>());
    result.cleanBaseline = at::softmax(finalLogits, -1)[result.correctToken].item<double>();

    Heatmap map = kindutil::emptyMap("logit_lens", "block_output", "position", rows, result.tokens, false);
    map.cellTokens.resize(map.raw.size());
    for (const auto& row : wanted) result.cellsTotal += std::count(row.begin(), row.end(), true);
    result.maps.push_back(std::move(map));
    const int64_t k = std::min<int64_t>(lens.topK, model.config().vocabSize);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        checkCancel(control);
        std::vector<int64_t> positions;
        for (int64_t t = 0; t < T; ++t)
            if (wanted[r][static_cast<std::size_t>(t)]) positions.push_back(t);
        if (positions.empty()) continue;
        const at::Tensor hidden = residual[static_cast<std::size_t>(rows[r])].select(0, 0).index_select(0, at::tensor(positions, at::kLong));
        const at::Tensor probs = at::softmax(model.logitsOf(hidden), -1); // [n, V]
        const at::Tensor answer = probs.select(1, result.correctToken);
        const at::Tensor ranks = (probs > answer.unsqueeze(1)).sum(1); // 0 = the top token
        const auto [topP, topIds] = probs.topk(k, -1);
        Heatmap& m = result.maps.back();
        for (std::size_t i = 0; i < positions.size(); ++i) {
            const std::size_t cell = r * static_cast<std::size_t>(T) + static_cast<std::size_t>(positions[i]);
            const int64_t n = static_cast<int64_t>(i);
            m.raw[cell] = lens.colour == LensColour::Rank ? ranks[n].item<double>() : answer[n].item<double>();
            for (int64_t j = 0; j < k; ++j) {
                const int64_t id = topIds[n][j].item<int64_t>();
                m.cellTokens[cell].push_back({id, tokenizer ? tokenizer->displayText(id) : std::to_string(id), topP[n][j].item<double>()});
            }
            ++result.cellsDone;
        }
        if (control.progress) control.progress(result);
    }
}

class LogitLensKind final : public ExperimentKind {
public:
    std::string name() const override { return LogitLensSpec::kKind; }
    std::string title() const override { return "Logit lens"; }

    void readSpec(const nlohmann::json& j, ExperimentSpec& spec, const std::string& source) const override {
        LogitLensSpec& s = spec.part<LogitLensSpec>();
        spec.prompt = j.value("prompt", std::string());
        if (j.contains("prompt_ids")) spec.promptIds = jsonIntegers<int64_t>(j["prompt_ids"], source + ": 'prompt_ids'");
        if (j.contains("answer_id")) s.answerToken = jsonInteger<int64_t>(j["answer_id"], source + ": 'answer_id'");
        s.answerText = j.value("answer", std::string());
        s.colour = kindutil::parseName(kColours, j.value("colour", std::string("probability")), "colour", source);
        s.topK = jsonIntegerOr<int>(j, "top_k", 10, source);
    }

    void writeSpec(const ExperimentSpec& spec, nlohmann::json& j) const override {
        const LogitLensSpec& s = spec.part<LogitLensSpec>();
        j["prompt"] = spec.prompt;
        if (!spec.promptIds.empty()) j["prompt_ids"] = spec.promptIds;
        if (s.answerToken) j["answer_id"] = *s.answerToken;
        if (!s.answerText.empty()) j["answer"] = s.answerText;
        j["colour"] = kindutil::nameOf(kColours, s.colour);
        j["top_k"] = s.topK;
    }

    void prepare(const Tokenizer* tokenizer, int64_t vocabSize, ExperimentResult& result) const override {
        LogitLensSpec& s = result.spec.part<LogitLensSpec>();
        if (!s.answerText.empty() && !s.answerToken) s.answerToken = kindutil::singleToken(tokenizer, s.answerText, "lens");
        if (s.answerToken) kindutil::checkTokenId(*s.answerToken, vocabSize);
        if (s.topK < 1) throw Error("top_k is " + std::to_string(s.topK) + "; keep at least 1 token per cell.");
    }

    void run(const Transformer& model, const Tokenizer* tokenizer, ExperimentResult& result, const RunControl& control) const override {
        runLogitLens(model, tokenizer, result, control);
    }

    // The residual stream after `layer` at the column's token, read out as the model reads its last
    // layer: the top tokens and the answer's probability (or rank) the cell shows.
    CellProbe probe(const Transformer& model, const Tokenizer* tokenizer, const ExperimentResult& r, const Heatmap&,
                    int layer, int64_t column, int topK) const override {
        const int L = static_cast<int>(model.config().numLayers);
        const int64_t T = static_cast<int64_t>(r.tokenIds.size());
        at::Tensor residual;
        SiteHooks hooks(L, [&](const Site&, at::Tensor& t) { residual = t; });
        hooks.want(layer, Component::BlockOutput);
        ForwardOptions options;
        options.hooks = &hooks;
        options.logits = LogitsMode::LastPosition;
        const at::Tensor finalLogits = model.forward(at::tensor(r.tokenIds, at::kLong).view({1, T}), options).logits.select(1, 0)[0];
        const at::Tensor probs = at::softmax(model.logitsOf(residual.select(0, 0).narrow(0, column, 1)), -1)[0];
        const int64_t answer = r.correctToken >= 0 ? r.correctToken : r.spec.part<LogitLensSpec>().answerToken.value_or(finalLogits.argmax().item<int64_t>());
        CellProbe probe;
        probe.columns = {{{"Layer %1 read out", {std::to_string(layer)}}, kindutil::topTokens(probs, topK, tokenizer)}};
        const bool rank = r.spec.part<LogitLensSpec>().colour == LensColour::Rank;
        probe.value = rank ? (probs > probs[answer]).sum().item<double>() : probs[answer].item<double>();
        probe.valueName = rank ? "rank of the answer" : "p(answer)";
        probe.note = "through the final norm and the LM head";
        probe.answers = {answer};
        return probe;
    }

    void writeResult(const ExperimentResult& r, nlohmann::json& j) const override {
        j["colour"] = kindutil::nameOf(kColours, r.spec.part<LogitLensSpec>().colour);
        j["baselines"] = {{"model", r.cleanBaseline}};
        j["answer_token_id"] = r.correctToken;
        if (!r.correctTokenText.empty()) j["answer_token"] = r.correctTokenText;
    }

    void readResult(const nlohmann::json& j, ExperimentResult& r) const override {
        r.cleanBaseline = j.at("baselines").at("model").get<double>();
        r.correctToken = jsonIntegerOr<int64_t>(j, "answer_token_id", -1, "The results");
        r.correctTokenText = j.value("answer_token", std::string());
    }

    ResultHints describe(const ExperimentResult& r) const override {
        ResultHints h;
        h.label = {"Logit lens \u00b7 %1", {r.correctTokenText}};
        h.caption = {{"Prompt: %1", {r.spec.prompt}}, {"Answer: %1", {r.correctTokenText}}};
        h.highBaseline = "the model's own p(answer) at the last position";
        return h;
    }

    MapHints mapHints(const ExperimentResult& r, const Heatmap&, bool) const override {
        const bool rank = r.spec.part<LogitLensSpec>().colour == LensColour::Rank;
        MapHints h;
        h.title = "Logit lens: each layer's residual stream through the final norm and LM head";
        h.tabTitle = "Logit lens";
        h.scaleTitle = {rank ? "rank of %1 (0 = top)" : "p(%1)", {r.correctTokenText}};
        h.columnAxis = "token";
        h.palette = rank ? "viridis" : "";
        return h;
    }

    std::string pyveneScript(const ExperimentResult&) const override {
        throw Error("A logit lens is not an intervention, so pyvene has nothing to run; transformers' "
                    "output_hidden_states with model.lm_head(model's final norm(h)) reproduces it.");
    }
};

} // namespace

const ExperimentKind& logitLensKind() {
    static const LogitLensKind kind;
    return kind;
}

} // namespace causeway
