#pragma once
// Experiments: activation patching and ROME-style causal tracing sweeps. One JSON document
// (docs/experiment-format.md) describes an experiment completely; results are plain matrices
// (no torch types) so the GUI and the CLI can show and write them directly.
#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace causeway {

class Transformer;
class Tokenizer;

constexpr int kExperimentFormatVersion = 1;

enum class ExperimentKind { ActivationPatching, CausalTracing };
enum class PatchDirection { Denoising, Noising }; // clean into corrupted, or corrupted into clean
enum class PatchMetric { LogitDifference, Probability, LogProbability, KLDivergence };
enum class PatchUnit { Position, Head }; // cells (layer, position), or (layer, head) over positions jointly

std::string kindName(ExperimentKind k);
std::string metricName(PatchMetric m);
std::string metricTitle(PatchMetric m); // for colour-scale titles
bool metricIsSigned(PatchMetric m);

struct ExperimentSpec {
    int format = kExperimentFormatVersion;
    ExperimentKind kind = ExperimentKind::ActivationPatching;
    std::string model;        // model folder, or a bundled model's name ("demo")
    std::string weightsHash;  // weightsFingerprint() of the weight files; checked when present
    std::string title;

    // Prompts: text, or token ids (ids win when both are given).
    std::string cleanPrompt, corruptedPrompt;
    std::vector<int64_t> cleanIds, corruptedIds;

    // Answer tokens for the metric. Default: the clean run's top token (correct) and the
    // corrupted run's top token (incorrect). Text must be a single token.
    std::optional<int64_t> correctToken, incorrectToken;
    std::string correctText, incorrectText;

    // Activation patching.
    PatchDirection direction = PatchDirection::Denoising;
    std::vector<std::string> components = {"block_output"};
    PatchUnit unit = PatchUnit::Position;
    std::vector<int> layers;          // empty = all
    std::vector<int64_t> positions;   // empty = all (for unit Head: the positions patched jointly)
    std::vector<std::pair<int, int64_t>> cells; // optional subset of (layer, column) cells
    PatchMetric metric = PatchMetric::LogitDifference;

    // Causal tracing.
    std::string subject;              // substring of the prompt, or
    std::optional<std::pair<int64_t, int64_t>> subjectTokens; // [begin, end) token range
    int noiseSamples = 10;
    double noiseMultiple = 3.0;       // x std of the token-embedding matrix
    std::optional<double> noiseScale; // absolute, overrides noiseMultiple
    uint64_t seed = 0;
    int window = 10;

    int threads = 0; // 0 = all cores

    nlohmann::json toJson() const;
    static ExperimentSpec fromJson(const nlohmann::json& json, const std::string& source);
};

struct Heatmap {
    std::string name;         // "block_output", "mlp_output", ...; tracing: "hidden", "mlp", "attn"
    std::string component;    // the component patched or restored
    std::string columnAxis;   // "position" or "head"
    int64_t rows = 0, cols = 0;
    std::vector<int> rowLayers;          // the layer of each row
    std::vector<std::string> columnLabels;
    std::vector<double> raw;             // rows*cols, row-major; NaN = not computed (yet)
    std::vector<double> normalized;      // patching: 0 = corrupted baseline, 1 = clean baseline
    double at(int64_t r, int64_t c) const { return raw[static_cast<std::size_t>(r * cols + c)]; }
};

struct ExperimentResult {
    ExperimentSpec spec;               // as run, with resolved answers and subject
    std::vector<int64_t> tokenIds;     // the base prompt (patching: clean; tracing: the prompt)
    std::vector<std::string> tokens;   // display texts
    std::vector<int64_t> corruptedTokenIds;
    std::vector<std::string> corruptedTokens;
    std::vector<Heatmap> maps;
    // Patching: metric on the clean and corrupted runs. Tracing: high (clean) and low (noised).
    double cleanBaseline = 0, corruptedBaseline = 0;
    int64_t correctToken = -1, incorrectToken = -1; // tracing: correctToken = the answer
    // The answers' display texts, from the tokenizer of the model that ran: a result is read
    // back and shown without that model (another model's vocabulary may not even hold the id).
    std::string correctTokenText, incorrectTokenText;
    std::pair<int64_t, int64_t> subjectRange{0, 0};
    double noiseScale = 0;
    int64_t cellsDone = 0, cellsTotal = 0;
    bool cancelled = false;
    double seconds = 0;

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
ExperimentResult runExperiment(const Transformer& model, const Tokenizer* tokenizer, const ExperimentSpec& spec,
                               const RunControl& control = {});

// Tokenizes the prompts, resolves text answers and the subject range, and checks lengths
// without running the model: what runExperiment, the exporters and the GUI start from.
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
