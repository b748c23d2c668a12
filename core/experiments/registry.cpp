// The list of experiment kinds, and the helpers they share.
#include "experiments/kind.h"
#include "common/json_integers.h"

#include "common/error.h"
#include "experiments/attention_patterns.h"
#include "experiments/attribution_patching.h"
#include "experiments/logit_attribution.h"
#include "experiments/logit_lens.h"
#include "experiments/patching.h"
#include "experiments/tracing.h"
#include "tokenize/tokenizer.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cstdio>

namespace causeway {

const std::vector<const ExperimentKind*>& experimentKinds() {
    static const std::vector<const ExperimentKind*> kinds = {
        &activationPatchingKind(),
        &causalTracingKind(),
        &logitLensKind(),
        &attentionPatternsKind(),
        &logitAttributionKind(),
        &attributionPatchingKind(),
    };
    return kinds;
}

std::string Phrase::text() const {
    std::string out;
    for (std::size_t i = 0; i < format.size(); ++i) {
        const char next = i + 1 < format.size() ? format[i + 1] : '\0';
        if (format[i] == '%' && next >= '1' && next <= '9' && static_cast<std::size_t>(next - '1') < args.size()) {
            out += args[static_cast<std::size_t>(next - '1')];
            ++i;
        } else {
            out += format[i];
        }
    }
    return out;
}

const ExperimentKind& experimentKind(const std::string& name, const std::string& source) {
    std::string names;
    for (const ExperimentKind* kind : experimentKinds()) {
        if (kind->name() == name) return *kind;
        names += (names.empty() ? "" : ", ") + kind->name();
    }
    throw Error(source + ": 'kind' is '" + name + "'; choose one of " + names + ".");
}

void ExperimentKind::writePyveneConfig(const ExperimentResult&, std::shared_ptr<const Transformer>, const std::filesystem::path&,
                                       PyveneLayout) const {
    throw Error("A pyvene config folder holds one intervention, and a " + title() +
                " experiment is not one: export an activation-patching experiment with one component and one cell "
                "(or use --to pyvene for a script).");
}

CellProbe ExperimentKind::probe(const Transformer&, const Tokenizer*, const ExperimentResult&, const Heatmap&, int, int64_t,
                                int) const {
    throw Error("A " + title() + " result has nothing more to show for one cell.");
}

namespace kindutil {

std::vector<CellToken> topTokens(const at::Tensor& probabilities, int k, const Tokenizer* tokenizer) {
    const auto [values, indices] = at::topk(probabilities, std::min<int64_t>(k, probabilities.size(0)));
    std::vector<CellToken> out;
    for (int64_t i = 0; i < values.size(0); ++i) {
        CellToken t;
        t.id = indices[i].item<int64_t>();
        t.probability = values[i].item<double>();
        t.text = tokenizer ? tokenizer->displayText(t.id) : std::to_string(t.id);
        out.push_back(std::move(t));
    }
    return out;
}

std::vector<std::string> displayTokens(const Tokenizer* tokenizer, const std::vector<int64_t>& ids) {
    std::vector<std::string> out;
    for (int64_t id : ids) out.push_back(tokenizer ? tokenizer->displayText(id) : std::to_string(id));
    return out;
}

std::vector<int64_t> promptIds(const Tokenizer* tokenizer, const std::vector<int64_t>& ids, const std::string& text,
                               const std::string& which) {
    const std::string name = which.empty() ? "prompt" : which + " prompt";
    if (!ids.empty()) return ids;
    if (text.empty()) throw Error("The experiment has no " + name + ".");
    if (!tokenizer) throw Error("The " + name + " is text but the model folder has no tokenizer; give token ids.");
    std::vector<int64_t> out = tokenizer->encodeIds(text);
    if (out.empty()) throw Error("The " + name + " tokenizes to nothing.");
    return out;
}

std::string describeTokens(const std::vector<std::string>& tokens) {
    std::string s;
    for (std::size_t i = 0; i < tokens.size(); ++i) s += (i ? " | " : "") + tokens[i];
    return "[" + s + "]";
}

int64_t singleToken(const Tokenizer* tokenizer, const std::string& text, const std::string& which) {
    if (!tokenizer) throw Error("The " + which + " answer is text but the model has no tokenizer; give its token id.");
    std::vector<int64_t> ids = tokenizer->encodeIds(text, /*addSpecialTokens=*/false);
    if (ids.size() != 1)
        throw Error("The " + which + " answer '" + text + "' is " + std::to_string(ids.size()) +
                    " tokens; the metric needs a single token (often with a leading space, e.g. ' Paris').");
    return ids[0];
}

void checkTokenId(int64_t id, int64_t vocabSize) {
    if (id < 0 || id >= vocabSize) throw Error("The answer token id " + std::to_string(id) + " is outside the vocabulary.");
}

void readAnswers(const nlohmann::json& j, AnswerTokens& answers) {
    if (!j.contains("answers")) return;
    const auto& a = j["answers"];
    if (a.contains("correct_id")) answers.correctToken = jsonInteger<int64_t>(a["correct_id"], "The answers' 'correct_id'");
    if (a.contains("incorrect_id")) answers.incorrectToken = jsonInteger<int64_t>(a["incorrect_id"], "The answers' 'incorrect_id'");
    answers.correctText = a.value("correct", std::string());
    answers.incorrectText = a.value("incorrect", std::string());
}

nlohmann::json answersJson(const AnswerTokens& answers) {
    nlohmann::json a = nlohmann::json::object();
    if (answers.correctToken) a["correct_id"] = *answers.correctToken;
    if (answers.incorrectToken) a["incorrect_id"] = *answers.incorrectToken;
    if (!answers.correctText.empty()) a["correct"] = answers.correctText;
    if (!answers.incorrectText.empty()) a["incorrect"] = answers.incorrectText;
    return a;
}

void resolveAnswers(const Tokenizer* tokenizer, int64_t vocabSize, AnswerTokens& a) {
    if (!a.correctText.empty() && !a.correctToken) a.correctToken = singleToken(tokenizer, a.correctText, "correct");
    if (!a.incorrectText.empty() && !a.incorrectToken) a.incorrectToken = singleToken(tokenizer, a.incorrectText, "incorrect");
    if (a.correctToken) checkTokenId(*a.correctToken, vocabSize);
    if (a.incorrectToken) checkTokenId(*a.incorrectToken, vocabSize);
}

Heatmap emptyMap(const std::string& name, const std::string& component, const std::string& columnAxis,
                 const std::vector<int>& rowLayers, const std::vector<std::string>& columnLabels, bool normalized) {
    Heatmap h;
    h.name = name;
    h.component = component;
    h.columnAxis = columnAxis;
    h.rows = static_cast<int64_t>(rowLayers.size());
    h.cols = static_cast<int64_t>(columnLabels.size());
    h.rowLayers = rowLayers;
    h.columnLabels = columnLabels;
    h.raw.assign(static_cast<std::size_t>(h.rows * h.cols), std::numeric_limits<double>::quiet_NaN());
    if (normalized) h.normalized = h.raw;
    return h;
}

std::string pyList(const std::vector<int64_t>& v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
    return s + "]";
}

std::string pyString(const std::string& text) { return nlohmann::json(text).dump(); } // a valid Python literal

std::string pyFloat(double value) {
    char text[40];
    std::snprintf(text, sizeof text, "%.17g", value);
    return text;
}

std::string pyOptional(const std::optional<int64_t>& value) { return value ? std::to_string(*value) : "None"; }


} // namespace kindutil

} // namespace causeway
