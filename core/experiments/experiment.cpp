#include "experiments/experiment.h"
#include "common/json_integers.h"

#include "common/error.h"
#include "experiments/kind.h"
#include "experiments/sweep.h"
#include "model/transformer.h"
#include "tokenize/tokenizer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>

namespace causeway {

void ExperimentSpec::requireKind(const char* partKind) const {
    if (kind != partKind)
        throw Error("The experiment is of kind '" + kind + "', so it has no " + partKind + " settings.");
}

nlohmann::json ExperimentSpec::toJson() const {
    nlohmann::json j = {{"format", format}, {"kind", kind}, {"model", model}};
    if (!weightsHash.empty()) j["weights_hash"] = weightsHash;
    if (!title.empty()) j["title"] = title;
    kindOf(*this).writeSpec(*this, j);
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
        s.format = jsonIntegerOr<int>(j, "format", 0, source);
        if (s.format < 1 || s.format > kExperimentFormatVersion)
            throw Error(source + ": format " + std::to_string(s.format) + " is not supported (this Causeway reads format 1 to " +
                        std::to_string(kExperimentFormatVersion) + "); " +
                        (s.format > kExperimentFormatVersion ? "update Causeway." : "add \"format\": 1."));
        const ExperimentKind& kind = experimentKind(j.value("kind", std::string()), source);
        s.kind = kind.name();
        s.model = j.value("model", std::string());
        s.weightsHash = j.value("weights_hash", std::string());
        s.title = j.value("title", std::string());
        if (j.contains("layers") && !(j["layers"].is_string() && j["layers"] == "all")) s.layers = jsonIntegers<int>(j["layers"], source + ": 'layers'");
        if (j.contains("positions") && !(j["positions"].is_string() && j["positions"] == "all"))
            s.positions = jsonIntegers<int64_t>(j["positions"], source + ": 'positions'");
        if (j.contains("cells"))
            for (const auto& c : j["cells"]) s.cells.emplace_back(jsonInteger<int>(c.at(0), source + ": 'cells'"), jsonInteger<int64_t>(c.at(1), source + ": 'cells'"));
        s.threads = jsonIntegerOr<int>(j, "threads", 0, source);
        kind.readSpec(j, s, source);
    } catch (const nlohmann::json::exception& e) {
        throw Error(source + " has a field of the wrong type or a missing field (" + e.what() + ").");
    }
    return s;
}

std::string Heatmap::rowLabel(int64_t r) const {
    const std::size_t i = static_cast<std::size_t>(r);
    if (i < rowLabels.size()) return rowLabels[i];
    return i < rowLayers.size() ? std::to_string(rowLayers[i]) : std::string();
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
                            {"row_axis", h.rowAxis}, {"row_layers", h.rowLayers}, {"column_axis", h.columnAxis},
                            {"column_labels", h.columnLabels}};
        if (!h.rowLabels.empty()) m["row_labels"] = h.rowLabels;
        nlohmann::json raw = nlohmann::json::array(), norm = nlohmann::json::array(), tokens = nlohmann::json::array();
        for (int64_t r = 0; r < h.rows; ++r) {
            raw.push_back(numbers({h.raw.begin() + r * h.cols, h.raw.begin() + (r + 1) * h.cols}));
            if (!h.normalized.empty())
                norm.push_back(numbers({h.normalized.begin() + r * h.cols, h.normalized.begin() + (r + 1) * h.cols}));
        }
        m["raw"] = raw;
        if (!h.normalized.empty()) m["normalized"] = norm;
        if (!h.cellTokens.empty()) { // per cell [[id, text, probability], ...], row-major like raw
            for (int64_t r = 0; r < h.rows; ++r) {
                nlohmann::json row = nlohmann::json::array();
                for (int64_t c = 0; c < h.cols; ++c) {
                    nlohmann::json cell = nlohmann::json::array();
                    for (const CellToken& t : h.cellTokens[static_cast<std::size_t>(r * h.cols + c)])
                        cell.push_back({t.id, t.text, t.probability});
                    row.push_back(cell);
                }
                tokens.push_back(row);
            }
            m["cell_tokens"] = tokens;
        }
        maps.push_back(m);
    }
    nlohmann::json j = {{"experiment", spec.toJson()}, {"kind", spec.kind}, {"token_ids", tokenIds},
                        {"tokens", tokens}, {"maps", maps}, {"cells_done", cellsDone}, {"cells_total", cellsTotal},
                        // Readers older than "stopped" know only "cancelled" for a partial result.
                        {"cancelled", stoppedEarly()}, {"seconds", seconds}};
    if (stoppedEarly()) j["stopped"] = runStatusName(status);
    if (!stopReason.empty()) j["stop_reason"] = stopReason;
    kindOf(spec).writeResult(*this, j);
    return j;
}

const char* runStatusName(RunStatus status) {
    switch (status) {
    case RunStatus::Complete: return "complete";
    case RunStatus::Cancelled: return "cancelled";
    case RunStatus::Failed: return "failed";
    case RunStatus::Interrupted: return "interrupted";
    }
    return "complete";
}

ExperimentResult prepareExperiment(const Tokenizer* tokenizer, const ExperimentSpec& spec, int64_t vocabSize) {
    const ExperimentKind& kind = kindOf(spec);
    ExperimentResult result;
    result.spec = spec;
    result.tokenIds = kindutil::promptIds(tokenizer, spec.promptIds, spec.prompt, "");
    result.tokens = kindutil::displayTokens(tokenizer, result.tokenIds);
    kind.prepare(tokenizer, vocabSize, result);
    return result;
}

ExperimentResult runExperiment(const Transformer& model, const Tokenizer* tokenizer, const ExperimentSpec& spec,
                               const RunControl& control) {
    const auto started = std::chrono::steady_clock::now();
    configureComputeThreads(spec.threads);
    ExperimentResult result = prepareExperiment(tokenizer, spec, model.config().vocabSize);
    try {
        checkCancel(control); // cancelled while queued: not even the baselines
        kindOf(spec).run(model, tokenizer, result, control);
    } catch (const Cancelled&) {
        result.status = RunStatus::Cancelled;
    } catch (const std::exception& e) {
        if (result.cellsDone == 0) throw; // nothing to keep: the error is the answer
        result.status = RunStatus::Failed;
        result.stopReason = e.what();
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
