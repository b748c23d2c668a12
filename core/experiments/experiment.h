#pragma once
// Experiments: one JSON document (docs/experiment-format.md) describes an experiment completely;
// results are plain matrices (no torch types) so the GUI and the CLI can show and write them
// directly. The kinds (activation patching, causal tracing, logit lens, ...) are in kind.h.
#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <any>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <typeinfo>
#include <vector>

namespace causeway {

class Transformer;
class Tokenizer;

constexpr int kExperimentFormatVersion = 1;

// An experiment: the fields every kind has, plus the kind's own part (PatchingSpec in
// experiments/patching.h, TracingSpec in experiments/tracing.h, ...). What a kind means lives in
// its ExperimentKind (experiments/kind.h), found by name in the registry.
struct ExperimentSpec {
    int format = kExperimentFormatVersion;
    std::string kind = "activation_patching"; // a registered kind's name, the file's "kind"
    std::string model;        // model folder, or a bundled model's name ("demo")
    std::string weightsHash;  // weightsFingerprint() of the weight files; checked when present
    std::string title;

    // The prompt the maps' columns are the tokens of (patching: the clean prompt): text, or
    // token ids (ids win when both are given).
    std::string prompt;
    std::vector<int64_t> promptIds;

    std::vector<int> layers;          // empty = all
    std::vector<int64_t> positions;   // empty = all (the kind says what a position selects)
    std::vector<std::pair<int, int64_t>> cells; // optional subset of (layer, column) cells
    int threads = 0; // 0 = all cores

    // The kind's own fields; use part<PartType>(). Empty = that kind's defaults.
    std::any kindPart;

    template <typename Part>
    Part& part() {
        requireKind(Part::kKind);
        if (kindPart.type() != typeid(Part)) kindPart = Part{}; // empty, or left from the kind before
        return std::any_cast<Part&>(kindPart);
    }
    template <typename Part>
    const Part& part() const {
        requireKind(Part::kKind);
        static const Part defaults{};
        return kindPart.type() == typeid(Part) ? std::any_cast<const Part&>(kindPart) : defaults;
    }
    // A spec of the kind that `Part` belongs to.
    template <typename Part>
    static ExperimentSpec of(Part part = {}) {
        ExperimentSpec s;
        s.kind = Part::kKind;
        s.kindPart = std::move(part);
        return s;
    }

    nlohmann::json toJson() const;
    static ExperimentSpec fromJson(const nlohmann::json& json, const std::string& source);

    // Throws causeway::Error unless the spec is of kind `partKind`.
    void requireKind(const char* partKind) const;
};

// The two answer tokens of a logit-difference metric, as a spec gives them: token ids, or text
// that must be one token each (ids win). Kinds that compare two answers derive their part from it.
struct AnswerTokens {
    std::optional<int64_t> correctToken, incorrectToken;
    std::string correctText, incorrectText;
};

// One cell's most likely next tokens (logit lens), best first.
struct CellToken {
    int64_t id = -1;
    std::string text;
    double probability = 0;
};

struct Heatmap {
    std::string name;         // "block_output", "mlp_output", ...; tracing: "hidden", "mlp", "attn"
    std::string component;    // the component patched or restored
    std::string columnAxis;   // "position", "head", "key" (attention patterns), ...
    std::string rowAxis = "layer"; // "layer", or "query" (attention patterns: rows are the prompt's tokens)
    int64_t rows = 0, cols = 0;
    std::vector<int> rowLayers;          // the layer of each row
    std::vector<std::string> rowLabels;  // optional: what names a row when it is not its layer (tokens)
    std::vector<std::string> columnLabels;
    std::vector<double> raw;             // rows*cols, row-major; NaN = not computed (yet)
    std::vector<double> normalized;      // patching: 0 = corrupted baseline, 1 = clean baseline
    std::vector<std::vector<CellToken>> cellTokens; // optional, rows*cols: tokens a view shows per cell
    double at(int64_t r, int64_t c) const { return raw[static_cast<std::size_t>(r * cols + c)]; }
    std::string rowLabel(int64_t r) const; // rowLabels[r], or the row's layer number
};

// How a run ended. One that stopped early keeps the cells it computed (the others are NaN).
enum class RunStatus {
    Complete,
    Cancelled,   // the user (or a signal) stopped it
    Failed,      // an error stopped it after some cells; stopReason says which
    Interrupted, // the program ended during the run (the workbench's autosave restored it)
};
// results.json's "stopped": "cancelled", "failed", "interrupted" ("complete" is never written).
const char* runStatusName(RunStatus status);

struct ExperimentResult {
    ExperimentSpec spec;               // as run, with resolved answers and subject
    std::vector<int64_t> tokenIds;     // spec.prompt's tokens
    std::vector<std::string> tokens;   // display texts
    std::vector<int64_t> corruptedTokenIds;
    std::vector<std::string> corruptedTokens;
    std::vector<Heatmap> maps;
    // What the map's values are compared with; the kind names them (ResultHints::baselines):
    // patching's clean and corrupted runs, tracing's high (clean) and low (noised) scores.
    double cleanBaseline = 0, corruptedBaseline = 0;
    int64_t correctToken = -1, incorrectToken = -1; // one-answer kinds: correctToken = the answer
    // The answers' display texts, from the tokenizer of the model that ran: a result is read
    // back and shown without that model (another model's vocabulary may not even hold the id).
    std::string correctTokenText, incorrectTokenText;
    std::pair<int64_t, int64_t> subjectRange{0, 0};
    double noiseScale = 0;
    int64_t cellsDone = 0, cellsTotal = 0;
    RunStatus status = RunStatus::Complete;
    std::string stopReason; // Failed: the error's message
    double seconds = 0;
    bool stoppedEarly() const { return status != RunStatus::Complete; }

    // The kind's own result data beyond the maps (every head's attention pattern, attribution
    // terms, correlations, ...): a struct whose kKind names the kind, read and written by the
    // kind's readResult / writeResult. Use part<PartType>(), as for ExperimentSpec.
    std::any kindPart;
    template <typename Part>
    Part& part() {
        spec.requireKind(Part::kKind); // throws for another kind's result
        if (kindPart.type() != typeid(Part)) kindPart = Part{};
        return std::any_cast<Part&>(kindPart);
    }
    template <typename Part>
    const Part& part() const {
        spec.requireKind(Part::kKind);
        static const Part defaults{};
        return kindPart.type() == typeid(Part) ? std::any_cast<const Part&>(kindPart) : defaults;
    }

    nlohmann::json toJson() const;
};

enum class SweepEngine {
    Fast,  // caches the base run and recomputes only layers >= L at positions >= p, batched
    Naive, // one full intervened forward pass per cell (pyvene's way): the reference
};

struct RunControl {
    // Called after each batch of cells with the partial result (cells not yet done are NaN).
    std::function<void(const ExperimentResult&)> progress;
    const std::atomic<bool>* cancel = nullptr; // checked between batches
    SweepEngine engine = SweepEngine::Fast;
};

// Runs a spec on an opened model. The tokenizer is needed when the spec gives text.
// Throws causeway::Error for bad input (e.g. prompts of different token counts, showing both).
// A cancelled run, and one that fails after some cells, returns what it computed, marked so
// (status, stopReason); a failure before the first cell throws.
// Any kind runs through this; the kind's run does the work.
ExperimentResult runExperiment(const Transformer& model, const Tokenizer* tokenizer, const ExperimentSpec& spec,
                               const RunControl& control = {});

// Tokenizes the prompts and lets the kind resolve what it needs (answers, subject range) and
// check its input without running the model: what runExperiment, the exporters and the GUI
// start from.
ExperimentResult prepareExperiment(const Tokenizer* tokenizer, const ExperimentSpec& spec, int64_t vocabSize);

// A fingerprint of a model's weight files, cheap enough to take when a model opens:
// "sampled-fnv1a64:<hex>", FNV-1a 64 over, per file in order, its size and then either all its
// bytes (files up to 64 MiB) or its safetensors length field and JSON header (every tensor's
// name, dtype, shape and offsets) plus 128 evenly spaced 8 KiB blocks of the data, the last one
// ending at the end of the file. Neither names nor modification times count: a copied or
// re-downloaded folder keeps its fingerprint. A change confined to unsampled bytes of a big file
// goes unnoticed; a fine-tune, a different model or a re-quantisation does not.
std::string weightsFingerprint(const std::vector<std::string>& files);
// The fingerprint in the scheme of a `recorded` one, for comparing with it: older experiment
// files hold "fnv1a64:<hex>" over every byte of the files, which this recomputes in full.
std::string weightsFingerprint(const std::vector<std::string>& files, const std::string& recorded);

} // namespace causeway
