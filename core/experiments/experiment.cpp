#include "experiments/experiment.h"

#include "common/error.h"
#include "experiments/sweep.h"
#include "model/transformer.h"
#include "tokenize/tokenizer.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>

namespace causeway {

namespace {

template <typename Enum>
struct Names {
    Enum value;
    const char* name;
};

const Names<ExperimentKind> kKinds[] = {{ExperimentKind::ActivationPatching, "activation_patching"},
                                        {ExperimentKind::CausalTracing, "causal_tracing"}};
const Names<PatchMetric> kMetrics[] = {{PatchMetric::LogitDifference, "logit_diff"},
                                       {PatchMetric::Probability, "prob"},
                                       {PatchMetric::LogProbability, "logprob"},
                                       {PatchMetric::KLDivergence, "kl"}};
const Names<PatchDirection> kDirections[] = {{PatchDirection::Denoising, "denoising"}, {PatchDirection::Noising, "noising"}};
const Names<PatchUnit> kUnits[] = {{PatchUnit::Position, "position"}, {PatchUnit::Head, "head"}};

template <typename Enum, std::size_t N>
const char* nameOf(const Names<Enum> (&table)[N], Enum v) {
    for (const auto& e : table)
        if (e.value == v) return e.name;
    return "?";
}

template <typename Enum, std::size_t N>
Enum parseName(const Names<Enum> (&table)[N], const std::string& text, const std::string& field, const std::string& source) {
    std::string options;
    for (const auto& e : table) {
        if (text == e.name) return e.value;
        options += (options.empty() ? "" : ", ") + std::string(e.name);
    }
    throw Error(source + ": '" + field + "' is '" + text + "'; choose one of " + options + ".");
}

std::vector<std::string> displayTokens(const Tokenizer* tokenizer, const std::vector<int64_t>& ids) {
    std::vector<std::string> out;
    for (int64_t id : ids) out.push_back(tokenizer ? tokenizer->displayText(id) : std::to_string(id));
    return out;
}

std::vector<int64_t> promptIds(const Tokenizer* tokenizer, const std::vector<int64_t>& ids, const std::string& text,
                               const std::string& which) {
    if (!ids.empty()) return ids;
    if (text.empty()) throw Error("The experiment has no " + which + " prompt.");
    if (!tokenizer) throw Error("The " + which + " prompt is text but the model folder has no tokenizer; give token ids.");
    std::vector<int64_t> out = tokenizer->encodeIds(text);
    if (out.empty()) throw Error("The " + which + " prompt tokenizes to nothing.");
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

} // namespace

std::string kindName(ExperimentKind k) { return nameOf(kKinds, k); }
std::string metricName(PatchMetric m) { return nameOf(kMetrics, m); }
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

nlohmann::json ExperimentSpec::toJson() const {
    nlohmann::json j = {{"format", format}, {"kind", kindName(kind)}, {"model", model}};
    if (!weightsHash.empty()) j["weights_hash"] = weightsHash;
    if (!title.empty()) j["title"] = title;
    if (kind == ExperimentKind::ActivationPatching) {
        j["prompts"] = {{"clean", cleanPrompt}, {"corrupted", corruptedPrompt}};
        if (!cleanIds.empty()) j["prompts"]["clean_ids"] = cleanIds;
        if (!corruptedIds.empty()) j["prompts"]["corrupted_ids"] = corruptedIds;
        nlohmann::json answers = nlohmann::json::object();
        if (correctToken) answers["correct_id"] = *correctToken;
        if (incorrectToken) answers["incorrect_id"] = *incorrectToken;
        if (!correctText.empty()) answers["correct"] = correctText;
        if (!incorrectText.empty()) answers["incorrect"] = incorrectText;
        j["answers"] = answers;
        j["direction"] = nameOf(kDirections, direction);
        j["components"] = components;
        j["unit"] = nameOf(kUnits, unit);
        j["metric"] = metricName(metric);
    } else {
        j["prompt"] = cleanPrompt;
        if (!cleanIds.empty()) j["prompt_ids"] = cleanIds;
        if (!subject.empty()) j["subject"] = subject;
        if (subjectTokens) j["subject_tokens"] = {subjectTokens->first, subjectTokens->second};
        if (correctToken) j["answer_id"] = *correctToken;
        j["noise"] = {{"samples", noiseSamples}, {"multiple_of_embedding_std", noiseMultiple}, {"seed", seed}};
        if (noiseScale) j["noise"]["scale"] = *noiseScale;
        j["window"] = window;
    }
    j["layers"] = layers.empty() ? nlohmann::json("all") : nlohmann::json(layers);
    j["positions"] = positions.empty() ? nlohmann::json("all") : nlohmann::json(positions);
    if (!cells.empty()) {
        nlohmann::json list = nlohmann::json::array();
        for (auto [l, c] : cells) list.push_back({l, c});
        j["cells"] = list;
    }
    j["threads"] = threads;
    return j;
}

ExperimentSpec ExperimentSpec::fromJson(const nlohmann::json& j, const std::string& source) {
    if (!j.is_object()) throw Error(source + " is not a JSON object; it is not an experiment file.");
    ExperimentSpec s;
    try {
        s.format = j.value("format", 0);
        if (s.format < 1 || s.format > kExperimentFormatVersion)
            throw Error(source + ": format " + std::to_string(s.format) + " is not supported (this Causeway reads format 1 to " +
                        std::to_string(kExperimentFormatVersion) + "); " +
                        (s.format > kExperimentFormatVersion ? "update Causeway." : "add \"format\": 1."));
        s.kind = parseName(kKinds, j.value("kind", std::string()), "kind", source);
        s.model = j.value("model", std::string());
        s.weightsHash = j.value("weights_hash", std::string());
        s.title = j.value("title", std::string());
        auto readLayers = [&](const nlohmann::json& v) {
            if (v.is_string() && v == "all") return;
            s.layers = v.get<std::vector<int>>();
        };
        if (j.contains("layers")) readLayers(j["layers"]);
        if (j.contains("positions") && !(j["positions"].is_string() && j["positions"] == "all"))
            s.positions = j["positions"].get<std::vector<int64_t>>();
        if (j.contains("cells"))
            for (const auto& c : j["cells"]) s.cells.emplace_back(c.at(0).get<int>(), c.at(1).get<int64_t>());
        s.threads = j.value("threads", 0);
        if (s.kind == ExperimentKind::ActivationPatching) {
            const auto& p = j.at("prompts");
            s.cleanPrompt = p.value("clean", std::string());
            s.corruptedPrompt = p.value("corrupted", std::string());
            if (p.contains("clean_ids")) s.cleanIds = p["clean_ids"].get<std::vector<int64_t>>();
            if (p.contains("corrupted_ids")) s.corruptedIds = p["corrupted_ids"].get<std::vector<int64_t>>();
            if (j.contains("answers")) {
                const auto& a = j["answers"];
                if (a.contains("correct_id")) s.correctToken = a["correct_id"].get<int64_t>();
                if (a.contains("incorrect_id")) s.incorrectToken = a["incorrect_id"].get<int64_t>();
                s.correctText = a.value("correct", std::string());
                s.incorrectText = a.value("incorrect", std::string());
            }
            s.direction = parseName(kDirections, j.value("direction", std::string("denoising")), "direction", source);
            if (j.contains("components")) s.components = j["components"].get<std::vector<std::string>>();
            if (s.components.empty()) throw Error(source + ": 'components' is empty; name at least one, e.g. \"block_output\".");
            s.unit = parseName(kUnits, j.value("unit", std::string("position")), "unit", source);
            s.metric = parseName(kMetrics, j.value("metric", std::string("logit_diff")), "metric", source);
        } else {
            s.cleanPrompt = j.value("prompt", std::string());
            if (j.contains("prompt_ids")) s.cleanIds = j["prompt_ids"].get<std::vector<int64_t>>();
            s.subject = j.value("subject", std::string());
            if (j.contains("subject_tokens")) s.subjectTokens = {j["subject_tokens"].at(0).get<int64_t>(), j["subject_tokens"].at(1).get<int64_t>()};
            if (s.subject.empty() && !s.subjectTokens)
                throw Error(source + ": causal tracing needs a 'subject' (a substring of the prompt) or 'subject_tokens' [begin, end).");
            if (j.contains("answer_id")) s.correctToken = j["answer_id"].get<int64_t>();
            if (j.contains("noise")) {
                const auto& n = j["noise"];
                s.noiseSamples = n.value("samples", 10);
                s.noiseMultiple = n.value("multiple_of_embedding_std", 3.0);
                if (n.contains("scale")) s.noiseScale = n["scale"].get<double>();
                s.seed = n.value("seed", uint64_t{0});
            }
            s.window = j.value("window", 10);
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(source + " has a field of the wrong type or a missing field (" + e.what() + ").");
    }
    return s;
}

nlohmann::json ExperimentResult::toJson() const {
    auto numbers = [](const std::vector<double>& v) {
        nlohmann::json a = nlohmann::json::array();
        for (double x : v) a.push_back(std::isnan(x) ? nlohmann::json(nullptr) : nlohmann::json(x));
        return a;
    };
    nlohmann::json maps = nlohmann::json::array();
    for (const Heatmap& h : this->maps) {
        nlohmann::json m = {{"name", h.name}, {"component", h.component}, {"rows", h.rows}, {"cols", h.cols},
                            {"row_axis", "layer"}, {"row_layers", h.rowLayers}, {"column_axis", h.columnAxis},
                            {"column_labels", h.columnLabels}};
        nlohmann::json raw = nlohmann::json::array(), norm = nlohmann::json::array();
        for (int64_t r = 0; r < h.rows; ++r) {
            raw.push_back(numbers({h.raw.begin() + r * h.cols, h.raw.begin() + (r + 1) * h.cols}));
            if (!h.normalized.empty())
                norm.push_back(numbers({h.normalized.begin() + r * h.cols, h.normalized.begin() + (r + 1) * h.cols}));
        }
        m["raw"] = raw;
        if (!h.normalized.empty()) m["normalized"] = norm;
        maps.push_back(m);
    }
    nlohmann::json j = {{"experiment", spec.toJson()}, {"kind", kindName(spec.kind)}, {"token_ids", tokenIds},
                        {"tokens", tokens}, {"maps", maps}, {"cells_done", cellsDone}, {"cells_total", cellsTotal},
                        {"cancelled", cancelled}, {"seconds", seconds}};
    if (spec.kind == ExperimentKind::ActivationPatching) {
        j["corrupted_token_ids"] = corruptedTokenIds;
        j["corrupted_tokens"] = corruptedTokens;
        j["metric"] = metricName(spec.metric);
        j["baselines"] = {{"clean", cleanBaseline}, {"corrupted", corruptedBaseline}};
        j["correct_token_id"] = correctToken;
        j["incorrect_token_id"] = incorrectToken;
        if (!correctTokenText.empty()) j["correct_token"] = correctTokenText;
        if (!incorrectTokenText.empty()) j["incorrect_token"] = incorrectTokenText;
    } else {
        j["baselines"] = {{"high", cleanBaseline}, {"low", corruptedBaseline}};
        j["answer_token_id"] = correctToken;
        if (!correctTokenText.empty()) j["answer_token"] = correctTokenText;
        j["subject_tokens"] = {subjectRange.first, subjectRange.second};
        j["noise_scale"] = noiseScale;
    }
    return j;
}

ExperimentResult prepareExperiment(const Tokenizer* tokenizer, const ExperimentSpec& spec, int64_t vocabSize) {
    ExperimentResult result;
    result.spec = spec;
    const std::vector<int64_t> clean = promptIds(tokenizer, spec.cleanIds, spec.cleanPrompt,
                                                 spec.kind == ExperimentKind::CausalTracing ? "" : "clean");
    result.tokenIds = clean;
    result.tokens = displayTokens(tokenizer, clean);
    auto checkVocab = [&](const std::optional<int64_t>& id) {
        if (id && (*id < 0 || *id >= vocabSize))
            throw Error("The answer token id " + std::to_string(*id) + " is outside the vocabulary.");
    };
    if (spec.kind == ExperimentKind::ActivationPatching) {
        const std::vector<int64_t> corrupted = promptIds(tokenizer, spec.corruptedIds, spec.corruptedPrompt, "corrupted");
        result.corruptedTokenIds = corrupted;
        result.corruptedTokens = displayTokens(tokenizer, corrupted);
        if (corrupted.size() != clean.size())
            throw Error("The clean prompt is " + std::to_string(clean.size()) + " tokens " + describeTokens(result.tokens) +
                        " but the corrupted prompt is " + std::to_string(corrupted.size()) + " tokens " +
                        describeTokens(result.corruptedTokens) +
                        "; activation patching needs equal lengths, so reword one of them.");
        if (!spec.correctText.empty() && !spec.correctToken) result.spec.correctToken = singleToken(tokenizer, spec.correctText, "correct");
        if (!spec.incorrectText.empty() && !spec.incorrectToken)
            result.spec.incorrectToken = singleToken(tokenizer, spec.incorrectText, "incorrect");
        checkVocab(result.spec.correctToken);
        checkVocab(result.spec.incorrectToken);
        return result;
    }
    if (spec.subjectTokens) {
        result.subjectRange = *spec.subjectTokens;
    } else {
        if (!tokenizer) throw Error("Finding the subject by text needs the model's tokenizer; give subject_tokens instead.");
        // The tokens whose bytes overlap the first occurrence of the subject.
        const std::vector<Token> tokens = tokenizer->encode(spec.cleanPrompt);
        const auto at = spec.cleanPrompt.find(spec.subject);
        if (at == std::string::npos)
            throw Error("The subject '" + spec.subject + "' does not occur in the prompt '" + spec.cleanPrompt + "'.");
        int64_t begin = -1, end = -1;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            if (tokens[i].byteEnd <= tokens[i].byteBegin) continue;
            if (tokens[i].byteEnd > at && tokens[i].byteBegin < at + spec.subject.size()) {
                if (begin < 0) begin = static_cast<int64_t>(i);
                end = static_cast<int64_t>(i) + 1;
            }
        }
        result.subjectRange = {begin, end};
    }
    const auto [b, e] = result.subjectRange;
    if (b < 0 || e <= b || e > static_cast<int64_t>(clean.size()))
        throw Error("The subject token range [" + std::to_string(b) + ", " + std::to_string(e) +
                    ") is empty or outside the prompt's " + std::to_string(clean.size()) + " tokens.");
    result.spec.subjectTokens = result.subjectRange;
    checkVocab(spec.correctToken);
    return result;
}

ExperimentResult runExperiment(const Transformer& model, const Tokenizer* tokenizer, const ExperimentSpec& spec,
                               const RunControl& control) {
    const auto started = std::chrono::steady_clock::now();
    configureComputeThreads(spec.threads);
    ExperimentResult result = prepareExperiment(tokenizer, spec, model.config().vocabSize);
    auto asTensor = [](const std::vector<int64_t>& ids) {
        return at::tensor(ids, at::kLong).view({1, static_cast<int64_t>(ids.size())});
    };
    try {
        if (spec.kind == ExperimentKind::ActivationPatching)
            runActivationPatching(model, {asTensor(result.tokenIds), asTensor(result.corruptedTokenIds)}, result, control);
        else
            runCausalTracing(model, asTensor(result.tokenIds), result, control);
    } catch (const Cancelled&) {
        result.cancelled = true;
    }
    auto answerText = [&](int64_t id) {
        return tokenizer && id >= 0 && id < model.config().vocabSize ? tokenizer->displayText(id) : std::string();
    };
    result.correctTokenText = answerText(result.correctToken);
    result.incorrectTokenText = answerText(result.incorrectToken);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

namespace {

// FNV-1a 64, fed in pieces. The offset basis is one digit short of the published one
// (14695981039346656037); older experiment files were hashed with it, so it stays.
struct Fnv1a64 {
    uint64_t hash = 1469598103934665603ull;
    void add(const char* bytes, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
            hash ^= static_cast<unsigned char>(bytes[i]);
            hash *= 1099511628211ull;
        }
    }
    void addNumber(uint64_t value) {
        char bytes[8];
        for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((value >> (8 * i)) & 0xff);
        add(bytes, 8);
    }
    std::string text(const char* scheme) const {
        char text[48];
        std::snprintf(text, sizeof text, "%s:%016llx", scheme, static_cast<unsigned long long>(hash));
        return text;
    }
};

constexpr const char* kFullScheme = "fnv1a64";            // every byte (what older Causeway saved)
constexpr const char* kSampledScheme = "sampled-fnv1a64"; // see weightsFingerprint in experiment.h
constexpr uint64_t kWholeFileLimit = 64ull << 20;
constexpr uint64_t kSampleBlocks = 128, kSampleBlockBytes = 8 << 10;

std::ifstream openForFingerprint(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error("Cannot read " + file + " to fingerprint the weights.");
    return in;
}

// Feeds `length` bytes from `offset` into the hash (fewer when the file ends first).
void addRange(Fnv1a64& fnv, std::ifstream& in, uint64_t offset, uint64_t length, std::vector<char>& buffer) {
    in.clear();
    in.seekg(static_cast<std::streamoff>(offset));
    while (length > 0 && in) {
        in.read(buffer.data(), static_cast<std::streamsize>(std::min<uint64_t>(length, buffer.size())));
        const std::streamsize n = in.gcount();
        if (n <= 0) break;
        fnv.add(buffer.data(), static_cast<std::size_t>(n));
        length -= static_cast<uint64_t>(n);
    }
}

std::string fullFingerprint(const std::vector<std::string>& files) {
    Fnv1a64 fnv;
    std::vector<char> buffer(1 << 20);
    for (const std::string& f : files) {
        std::ifstream in = openForFingerprint(f);
        addRange(fnv, in, 0, std::numeric_limits<uint64_t>::max(), buffer);
    }
    return fnv.text(kFullScheme);
}

std::string sampledFingerprint(const std::vector<std::string>& files) {
    Fnv1a64 fnv;
    std::vector<char> buffer(1 << 20);
    for (const std::string& f : files) {
        std::ifstream in = openForFingerprint(f);
        in.seekg(0, std::ios::end);
        const uint64_t size = static_cast<uint64_t>(in.tellg());
        fnv.addNumber(size);
        if (size <= kWholeFileLimit) {
            addRange(fnv, in, 0, size, buffer);
            continue;
        }
        // The safetensors length field and JSON header: every tensor's name, dtype, shape and offsets.
        char lengthField[8] = {};
        in.seekg(0);
        in.read(lengthField, 8);
        uint64_t headerLength = 0;
        for (int i = 7; i >= 0; --i) headerLength = (headerLength << 8) | static_cast<unsigned char>(lengthField[i]);
        const uint64_t headerEnd = std::min(size, 8 + std::min(headerLength, kWholeFileLimit));
        addRange(fnv, in, 0, headerEnd, buffer);
        // Evenly spaced blocks of the data, the last one ending at the end of the file.
        const uint64_t span = size - headerEnd;
        for (uint64_t b = 0; b < kSampleBlocks; ++b) {
            const uint64_t offset = headerEnd + (span - std::min(span, kSampleBlockBytes)) * b / (kSampleBlocks - 1);
            addRange(fnv, in, offset, kSampleBlockBytes, buffer);
        }
    }
    return fnv.text(kSampledScheme);
}

} // namespace

std::string weightsFingerprint(const std::vector<std::string>& files) { return sampledFingerprint(files); }

std::string weightsFingerprint(const std::vector<std::string>& files, const std::string& recorded) {
    const bool older = recorded.rfind(std::string(kFullScheme) + ":", 0) == 0;
    return older ? fullFingerprint(files) : sampledFingerprint(files);
}

} // namespace causeway
