#pragma once
// The registry of experiment kinds. A kind is one file (plus a header for its spec part) that owns
// everything about it: its JSON section, preparation, run, result section, what a view needs to
// show it, and its pyvene export. Adding a kind = that file + one line in registry.cpp.
#include "experiments/experiment.h"
#include "experiments/probe.h"
#include "common/error.h"
#include "intervene/pyvene_format.h"

#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace causeway {

class Transformer;
class Tokenizer;

// How to draw one map of a result.
struct MapHints {
    Phrase title;             // above the map
    Phrase tabTitle;          // the map's short name
    Phrase scaleTitle;        // the colour scale's title
    Phrase columnAxis;        // the column axis' title: "token", "head", ...
    Phrase rowAxis = "layer"; // the row axis' title: "layer", "query token"
    bool diverging = false;   // signed values: a scale symmetric around 0
    std::string palette;      // a sequential palette the kind prefers ("purples", ...), "" = the user's
    double rangeMin = std::numeric_limits<double>::quiet_NaN(); // fixed scale start, NaN = from the data
    std::pair<int64_t, int64_t> markedColumns{-1, -1}; // columns to mark (e.g. the subject), [begin, end)
};

// How to describe a whole result.
struct ResultHints {
    Phrase label;                       // one line for a list: "Patch block_output · logit_diff"
    std::vector<Phrase> caption;        // lines under an exported figure: prompts, answers
    std::string highBaseline, lowBaseline; // what cleanBaseline / corruptedBaseline mean
    bool hasNormalized = false;         // maps carry a normalised matrix (0 = low, 1 = high baseline)
    bool comparesTwoPrompts = false;    // a cell probe shows a clean and a corrupted run
    // What the run found beyond its maps (attribution terms, correlations): printed by
    // causeway-cli show, shown by the workbench and added to exported captions.
    std::vector<Phrase> findings;
};

class ExperimentKind {
public:
    virtual ~ExperimentKind() = default;
    virtual std::string name() const = 0;  // the experiment file's "kind"
    virtual std::string title() const = 0; // "Activation patching"

    // The kind's fields of an experiment file, read into spec (prompt and kind part) and written back.
    virtual void readSpec(const nlohmann::json& json, ExperimentSpec& spec, const std::string& source) const = 0;
    virtual void writeSpec(const ExperimentSpec& spec, nlohmann::json& json) const = 0;

    // After prepareExperiment has tokenized spec.prompt: tokenize the rest, resolve answers,
    // check input. Throws causeway::Error.
    virtual void prepare(const Tokenizer* tokenizer, int64_t vocabSize, ExperimentResult& result) const = 0;
    // The tokenizer (may be null) is for display texts only.
    virtual void run(const Transformer& model, const Tokenizer* tokenizer, ExperimentResult& result,
                     const RunControl& control) const = 0;

    // The kind's part of results.json.
    virtual void writeResult(const ExperimentResult& result, nlohmann::json& json) const = 0;
    virtual void readResult(const nlohmann::json& json, ExperimentResult& result) const = 0;

    virtual ResultHints describe(const ExperimentResult& result) const = 0;
    virtual MapHints mapHints(const ExperimentResult& result, const Heatmap& map, bool normalized) const = 0;

    // One cell (layer, column of `map`) of a result prepared for (or run on) this model. By default
    // a kind has nothing more to show for a cell (throws causeway::Error saying so).
    virtual CellProbe probe(const Transformer& model, const Tokenizer* tokenizer, const ExperimentResult& result,
                            const Heatmap& map, int layer, int64_t column, int topK) const;

    // A standalone transformers + pyvene script's constants and code (after the common header of
    // export.cpp), or throws causeway::Error saying in one sentence why the kind is not exportable.
    virtual std::string pyveneScript(const ExperimentResult& prepared) const = 0;
    // pyvene's saved-config folder of a one-intervention experiment; by default not possible.
    virtual void writePyveneConfig(const ExperimentResult& prepared, std::shared_ptr<const Transformer> model,
                                   const std::filesystem::path& folder, PyveneLayout layout) const;
};

// Every registered kind, in menu order.
const std::vector<const ExperimentKind*>& experimentKinds();
// The kind named so; throws causeway::Error listing the kinds when there is none.
const ExperimentKind& experimentKind(const std::string& name, const std::string& source = "The experiment");
inline const ExperimentKind& kindOf(const ExperimentSpec& spec) { return experimentKind(spec.kind); }

// Helpers the kinds share.
namespace kindutil {

std::vector<std::string> displayTokens(const Tokenizer* tokenizer, const std::vector<int64_t>& ids);
// Token ids of a prompt given as ids or text; `which` names it in errors ("corrupted").
std::vector<int64_t> promptIds(const Tokenizer* tokenizer, const std::vector<int64_t>& ids, const std::string& text,
                               const std::string& which);
std::string describeTokens(const std::vector<std::string>& tokens); // "[The | capital]"
// The k most likely tokens of a probability vector [V], with display texts.
std::vector<CellToken> topTokens(const at::Tensor& probabilities, int k, const Tokenizer* tokenizer);
// The one token `text` encodes to (answers); throws when it is not exactly one.
int64_t singleToken(const Tokenizer* tokenizer, const std::string& text, const std::string& which);
void checkTokenId(int64_t id, int64_t vocabSize);
// An experiment file's "answers" object ({"correct", "incorrect", "correct_id", "incorrect_id"}),
// both ways; resolveAnswers turns texts into ids and checks them against the vocabulary.
void readAnswers(const nlohmann::json& experiment, AnswerTokens& answers);
nlohmann::json answersJson(const AnswerTokens& answers);
void resolveAnswers(const Tokenizer* tokenizer, int64_t vocabSize, AnswerTokens& answers);

// One row of (value, name) pairs for a JSON enum field.
template <typename Enum>
struct Names {
    Enum value;
    const char* name;
};
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

// A map with rows = the given layers, NaN everywhere.
Heatmap emptyMap(const std::string& name, const std::string& component, const std::string& columnAxis,
                 const std::vector<int>& rowLayers, const std::vector<std::string>& columnLabels, bool normalized);

// Python literals for exported scripts.
std::string pyList(const std::vector<int64_t>& values);
std::string pyString(const std::string& text);
std::string pyFloat(double value); // full precision
std::string pyOptional(const std::optional<int64_t>& value); // the number or None
// LAYERS, POSITIONS and CELLS (the cells asked for, empty = all, as runExperiment reads them),
// then what every exported script does after its constants: imports, --model, loading the model.
std::string pyCellsAndPreamble(const ExperimentSpec& spec);

} // namespace kindutil

} // namespace causeway
