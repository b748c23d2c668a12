// Direct logit attribution. The residual stream at the last position is a sum: the embeddings,
// then per layer each head's output through its slice of the output projection, the projection's
// bias, and the MLP's output. The final norm is linear once its scale is frozen at the value it
// takes on that sum (LayerNorm also subtracts each piece's mean), so each piece's share of
// logit(correct) − logit(incorrect) is its normed self dotted with the difference of the two
// unembedding columns; the norm's bias and the LM head's bias are terms of their own. Gemma 2's
// post-attention and post-MLP norms are frozen the same way. Computed in double.
#include "experiments/logit_attribution.h"
#include "common/json_integers.h"

#include "common/error.h"
#include "experiments/kind.h"
#include "experiments/sweep.h"
#include "model/transformer.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace causeway {

namespace {

constexpr const char* kHeadsMap = "heads";
constexpr const char* kLayersMap = "layers";

std::string number(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4g", v);
    return text;
}

at::Tensor toDouble(const at::Tensor& t) { return t.to(at::kDouble); }

// Each piece as the final norm (its scale frozen) passes it on: per layer the heads [H, D], the
// attention block (heads and bias) [D] and the MLP [D]. A probe reads one piece's effect on every logit.
struct NormedPieces {
    std::vector<at::Tensor> heads, attention, mlp;
    ReadoutWeights readout;
};

void runLogitAttribution(const Transformer& model, ExperimentResult& result, const RunControl& control, NormedPieces* pieces = nullptr) {
    const ModelConfig& mc = model.config();
    if (mc.residual == ResidualKind::SequentialPostNorm)
        throw Error("Direct logit attribution needs a pre-norm model; this " + mc.modelType +
                    " model normalises the residual stream after every block, so its logits are not a sum of what the "
                    "blocks write.");
    const int L = static_cast<int>(mc.numLayers);
    const int64_t H = mc.numHeads, Dh = mc.headDim, D = mc.hiddenSize;
    const int64_t T = static_cast<int64_t>(result.tokenIds.size());
    const at::Tensor ids = at::tensor(result.tokenIds, at::kLong).view({1, T});

    // One forward pass; each layer's heads (before the output projection), attention output and
    // MLP output at the last position.
    std::vector<at::Tensor> headContext(static_cast<std::size_t>(L)), attention(static_cast<std::size_t>(L)), mlp(static_cast<std::size_t>(L));
    SiteHooks hooks(L, [&](const Site& site, at::Tensor& t) {
        const std::size_t l = static_cast<std::size_t>(site.layer);
        if (site.component == Component::HeadAttentionValueOutput) headContext[l] = toDouble(t.select(0, 0).select(1, T - 1)); // [H, Dh]
        else if (site.component == Component::AttentionOutput) attention[l] = toDouble(t.select(0, 0).select(0, T - 1));  // [D]
        else mlp[l] = toDouble(t.select(0, 0).select(0, T - 1));
    });
    hooks.wantAll({Component::HeadAttentionValueOutput, Component::AttentionOutput, Component::MlpOutput});
    ForwardOptions options;
    options.hooks = &hooks;
    options.logits = LogitsMode::LastPosition;
    const ForwardResult forward = model.forward(ids, options);
    checkCancel(control);
    const at::Tensor logits = forward.logits.select(1, 0)[0]; // [V]
    const at::Tensor finalResidual = toDouble(forward.finalHidden.select(0, 0).select(0, T - 1)); // [D]

    const LogitAttributionSpec& spec = result.spec.part<LogitAttributionSpec>();
    const auto [topValues, topIds] = logits.topk(2);
    result.correctToken = spec.correctToken.value_or(topIds[0].item<int64_t>());
    result.incorrectToken = spec.incorrectToken.value_or(topIds[1].item<int64_t>());

    // The direction in the residual stream that reads out logit(correct) − logit(incorrect).
    const ReadoutWeights readout = model.readoutWeights();
    const at::Tensor unembedding = toDouble(readout.unembedding.select(1, result.correctToken)) - toDouble(readout.unembedding.select(1, result.incorrectToken));
    const at::Tensor direction = readout.projectOut.defined() ? at::mv(toDouble(readout.projectOut), unembedding) : unembedding; // [D]
    // A piece's share: the final norm with its scale frozen on the final residual, then the direction.
    auto normed = [&](const at::Tensor& piece) { return readout.finalNorm ? readout.finalNorm->linearized(finalResidual, piece) : piece; };
    auto share = [&](const at::Tensor& piece) { return at::matmul(normed(piece), direction); }; // [..., D] -> [...]
    // Gemma 2 norms each branch before adding it: frozen on the branch's total, like the final norm.
    auto throughBranchNorm = [](const std::optional<NormWeights>& norm, const at::Tensor& total, const at::Tensor& piece) {
        return norm ? norm->linearized(total, piece) : piece;
    };

    LogitAttributionResult& terms = result.part<LogitAttributionResult>();
    std::vector<std::string> headLabels;
    for (int64_t h = 0; h < H; ++h) headLabels.push_back("H" + std::to_string(h));
    std::vector<int> layers;
    for (int l = 0; l < L; ++l) layers.push_back(l);
    Heatmap heads = kindutil::emptyMap(kHeadsMap, "head_attention_value_output", "head", layers, headLabels, false);
    Heatmap blocks = kindutil::emptyMap(kLayersMap, "attention_output", "component", layers, {"attention", "mlp"}, false);

    terms.embeddings = share(toDouble(model.embed(ids).select(0, 0).select(0, T - 1))).item<double>();
    double total = terms.embeddings;
    terms.attentionBiases.assign(static_cast<std::size_t>(L), 0.0);
    for (int l = 0; l < L; ++l) {
        const std::size_t li = static_cast<std::size_t>(l);
        // Head h's output: its Dh values times its rows of the output projection.
        const at::Tensor projection = toDouble(readout.attentionOut[li]).view({H, Dh, D});
        at::Tensor perHead = at::bmm(headContext[li].view({H, 1, Dh}), projection).view({H, D});
        perHead = throughBranchNorm(readout.postAttentionNorm[li], attention[li], perHead);
        const at::Tensor headShares = share(perHead); // [H]
        double attentionShare = 0;
        for (int64_t h = 0; h < H; ++h) {
            const double v = headShares[h].item<double>();
            heads.raw[li * static_cast<std::size_t>(H) + static_cast<std::size_t>(h)] = v;
            attentionShare += v;
        }
        // The projection's bias, and a post-norm's own bias, belong to no head.
        at::Tensor bias = readout.attentionOutBias[li].defined() ? toDouble(readout.attentionOutBias[li]) : at::zeros({D}, at::kDouble);
        bias = throughBranchNorm(readout.postAttentionNorm[li], attention[li], bias);
        if (readout.postAttentionNorm[li] && readout.postAttentionNorm[li]->bias.defined()) bias = bias + toDouble(readout.postAttentionNorm[li]->bias);
        terms.attentionBiases[li] = share(bias).item<double>();
        attentionShare += terms.attentionBiases[li];

        at::Tensor mlpOut = throughBranchNorm(readout.postMlpNorm[li], mlp[li], mlp[li]);
        if (readout.postMlpNorm[li] && readout.postMlpNorm[li]->bias.defined()) mlpOut = mlpOut + toDouble(readout.postMlpNorm[li]->bias);
        const double mlpShare = share(mlpOut).item<double>();
        blocks.raw[li * 2] = attentionShare;
        blocks.raw[li * 2 + 1] = mlpShare;
        if (pieces) {
            pieces->heads.push_back(normed(perHead));
            pieces->attention.push_back(normed(perHead.sum(0) + bias));
            pieces->mlp.push_back(normed(mlpOut));
        }
        total += attentionShare + mlpShare;
    }
    if (readout.finalNorm && readout.finalNorm->bias.defined())
        terms.finalNormBias = at::dot(toDouble(readout.finalNorm->bias), direction).item<double>();
    if (readout.unembeddingBias.defined())
        terms.unembeddingBias = (readout.unembeddingBias[result.correctToken] - readout.unembeddingBias[result.incorrectToken]).item<double>();
    terms.total = total + terms.finalNormBias + terms.unembeddingBias;
    terms.modelDifference = (logits[result.correctToken] - logits[result.incorrectToken]).item<double>();
    terms.softCapped = mc.finalLogitSoftCap > 0;
    result.cleanBaseline = terms.modelDifference;
    result.maps = {std::move(heads), std::move(blocks)};
    result.cellsTotal = result.cellsDone = L * (H + 2);
    if (pieces) pieces->readout = readout;
    if (control.progress) control.progress(result);
}

class LogitAttributionKind final : public ExperimentKind {
public:
    std::string name() const override { return LogitAttributionSpec::kKind; }
    std::string title() const override { return "Direct logit attribution"; }

    void readSpec(const nlohmann::json& j, ExperimentSpec& spec, const std::string& source) const override {
        spec.prompt = j.value("prompt", std::string());
        if (j.contains("prompt_ids")) spec.promptIds = jsonIntegers<int64_t>(j["prompt_ids"], source + ": 'prompt_ids'");
        kindutil::readAnswers(j, spec.part<LogitAttributionSpec>());
    }

    void writeSpec(const ExperimentSpec& spec, nlohmann::json& j) const override {
        j["prompt"] = spec.prompt;
        if (!spec.promptIds.empty()) j["prompt_ids"] = spec.promptIds;
        j["answers"] = kindutil::answersJson(spec.part<LogitAttributionSpec>());
    }

    void prepare(const Tokenizer* tokenizer, int64_t vocabSize, ExperimentResult& result) const override {
        const ExperimentSpec& spec = result.spec;
        if (!spec.layers.empty() || !spec.positions.empty() || !spec.cells.empty())
            throw Error("Direct logit attribution splits the whole residual stream at the last position; leave \"layers\" "
                        "and \"positions\" at \"all\" and give no \"cells\".");
        LogitAttributionSpec& s = result.spec.part<LogitAttributionSpec>();
        kindutil::resolveAnswers(tokenizer, vocabSize, s);
        if (s.correctToken && s.incorrectToken && *s.correctToken == *s.incorrectToken)
            throw Error("The correct and incorrect answers are the same token; their logit difference is always 0.");
    }

    void run(const Transformer& model, const Tokenizer*, ExperimentResult& result, const RunControl& control) const override {
        runLogitAttribution(model, result, control);
    }

    // The cell's term computed again (one forward pass), beside the largest shares on either side.
    CellProbe probe(const Transformer& model, const Tokenizer* tokenizer, const ExperimentResult& r, const Heatmap& map, int layer,
                    int64_t column, int topK) const override {
        ExperimentResult again;
        again.spec = r.spec;
        again.tokenIds = r.tokenIds;
        again.tokens = r.tokens;
        NormedPieces pieces;
        runLogitAttribution(model, again, {}, &pieces);
        const auto found = std::find_if(again.maps.begin(), again.maps.end(), [&](const Heatmap& h) { return h.name == map.name; });
        if (found == again.maps.end() || layer < 0 || layer >= found->rows || column < 0 || column >= found->cols)
            throw Error("The cell (layer " + std::to_string(layer) + ", column " + std::to_string(column) + ") is not in the map.");
        const std::size_t l = static_cast<std::size_t>(layer);
        const at::Tensor piece = found->name == kHeadsMap ? pieces.heads[l][column] : column == 0 ? pieces.attention[l] : pieces.mlp[l];
        // What the piece alone would make of the next token: its direct logits, softmaxed.
        const ReadoutWeights& readout = pieces.readout;
        const at::Tensor embedded = readout.projectOut.defined() ? at::matmul(piece, toDouble(readout.projectOut)) : piece;
        const at::Tensor direct = at::matmul(embedded, toDouble(readout.unembedding)); // [V]
        const auto [towardsCorrect, towardsIncorrect] = largestShares(again, topK);
        const std::string correct = r.correctTokenText.empty() ? std::to_string(again.correctToken) : r.correctTokenText;
        const std::string incorrect = r.incorrectTokenText.empty() ? std::to_string(again.incorrectToken) : r.incorrectTokenText;
        CellProbe probe;
        probe.columns = {{{"Largest shares for \u201c%1\u201d (of the logit difference)", {correct}}, towardsCorrect},
                         {{"Largest shares for \u201c%1\u201d", {incorrect}}, towardsIncorrect},
                         {"Tokens it alone would predict", kindutil::topTokens(at::softmax(direct, -1), topK, tokenizer)}};
        probe.answers = {again.correctToken, again.incorrectToken};
        probe.value = found->at(layer, column);
        probe.valueName = {"share of logit(%1) \u2212 logit(%2)", {correct, incorrect}};
        probe.note = "through the final norm with its scale frozen";
        return probe;
    }

    void writeResult(const ExperimentResult& r, nlohmann::json& j) const override {
        const LogitAttributionResult& t = r.part<LogitAttributionResult>();
        j["baselines"] = {{"model", r.cleanBaseline}};
        j["correct_token_id"] = r.correctToken;
        j["incorrect_token_id"] = r.incorrectToken;
        if (!r.correctTokenText.empty()) j["correct_token"] = r.correctTokenText;
        if (!r.incorrectTokenText.empty()) j["incorrect_token"] = r.incorrectTokenText;
        j["terms"] = {{"embeddings", t.embeddings}, {"attention_biases", t.attentionBiases}, {"final_norm_bias", t.finalNormBias},
                      {"unembedding_bias", t.unembeddingBias}, {"total", t.total}, {"model_logit_difference", t.modelDifference},
                      {"soft_capped", t.softCapped}};
    }

    void readResult(const nlohmann::json& j, ExperimentResult& r) const override {
        r.cleanBaseline = j.at("baselines").at("model").get<double>();
        r.correctToken = jsonIntegerOr<int64_t>(j, "correct_token_id", -1, "The results");
        r.incorrectToken = jsonIntegerOr<int64_t>(j, "incorrect_token_id", -1, "The results");
        r.correctTokenText = j.value("correct_token", std::string());
        r.incorrectTokenText = j.value("incorrect_token", std::string());
        const auto& terms = j.at("terms");
        LogitAttributionResult& t = r.part<LogitAttributionResult>();
        t.embeddings = terms.at("embeddings").get<double>();
        t.attentionBiases = terms.at("attention_biases").get<std::vector<double>>();
        t.finalNormBias = terms.at("final_norm_bias").get<double>();
        t.unembeddingBias = terms.at("unembedding_bias").get<double>();
        t.total = terms.at("total").get<double>();
        t.modelDifference = terms.at("model_logit_difference").get<double>();
        t.softCapped = terms.value("soft_capped", false);
    }

    ResultHints describe(const ExperimentResult& r) const override {
        const LogitAttributionResult& t = r.part<LogitAttributionResult>();
        ResultHints h;
        h.label = {"Logit attribution \u00b7 %1 vs %2", {r.correctTokenText, r.incorrectTokenText}};
        h.caption = {{"Prompt: %1", {r.spec.prompt}},
                     {"Answers: %1 (correct) / %2 (incorrect)", {r.correctTokenText, r.incorrectTokenText}}};
        h.highBaseline = "the model's logit difference";
        h.findings = {{"Embeddings %1 \u00b7 final norm bias %2 \u00b7 unembedding bias %3",
                       {number(t.embeddings), number(t.finalNormBias), number(t.unembeddingBias)}},
                      {"All terms add up to %1; the model's logit difference is %2",
                       {number(t.total), number(t.modelDifference)}}};
        if (t.softCapped) h.findings.push_back("The model caps its logits (tanh), so the terms add up to the difference before the cap");
        return h;
    }

    MapHints mapHints(const ExperimentResult& r, const Heatmap& map, bool) const override {
        MapHints h;
        h.diverging = true;
        h.scaleTitle = {"share of logit(%1) \u2212 logit(%2)", {r.correctTokenText, r.incorrectTokenText}};
        if (map.name == kLayersMap) {
            h.title = "Direct logit attribution per layer: attention (all heads and the output bias) and MLP";
            h.tabTitle = "Per layer";
            h.columnAxis = "component";
        } else {
            h.title = "Direct logit attribution per head: each head's output through the final norm and the unembedding";
            h.tabTitle = "Per head";
            h.columnAxis = "head";
        }
        return h;
    }

    std::string pyveneScript(const ExperimentResult&) const override {
        throw Error("Direct logit attribution is not an intervention, so it cannot be expressed in pyvene; it reads the "
                    "heads' outputs (pyvene's head_attention_value_output) through the output projection, the final "
                    "norm and the unembedding.");
    }
};

} // namespace

std::pair<std::vector<CellToken>, std::vector<CellToken>> largestShares(const ExperimentResult& r, int count) {
    std::vector<CellToken> shares;
    const Heatmap& heads = r.maps.at(0);
    const Heatmap& layers = r.maps.at(1);
    for (int64_t row = 0; row < heads.rows; ++row) {
        const std::string layer = "L" + heads.rowLabel(row);
        for (int64_t h = 0; h < heads.cols; ++h) shares.push_back({-1, layer + " H" + std::to_string(h), heads.at(row, h)});
        shares.push_back({-1, layer + " MLP", layers.at(row, 1)});
    }
    std::sort(shares.begin(), shares.end(), [](const CellToken& a, const CellToken& b) { return a.probability > b.probability; });
    const double difference = std::max(std::abs(r.cleanBaseline), 1e-12);
    std::pair<std::vector<CellToken>, std::vector<CellToken>> out;
    for (std::size_t i = 0; i < shares.size() && static_cast<int>(out.first.size()) < count && shares[i].probability > 0; ++i)
        out.first.push_back({-1, shares[i].text, shares[i].probability / difference});
    for (std::size_t i = shares.size(); i-- > 0 && static_cast<int>(out.second.size()) < count && shares[i].probability < 0;)
        out.second.push_back({-1, shares[i].text, -shares[i].probability / difference});
    return out;
}

const ExperimentKind& logitAttributionKind() {
    static const LogitAttributionKind kind;
    return kind;
}

} // namespace causeway
