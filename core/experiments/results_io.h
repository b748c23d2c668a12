#pragma once
// Reading and writing experiment results: results.json (ExperimentResult::toJson and back),
// experiment files that carry their results (docs/experiment-format.md plus a "results" list),
// one CSV per map, and a plain-text summary. Used alike by causeway-cli and the workbench. Files
// are written atomically (io/atomic_file.h).
#include "experiments/experiment.h"

#include <filesystem>
#include <string>
#include <vector>

namespace causeway {

struct ExperimentFile {
    ExperimentSpec spec;
    std::vector<ExperimentResult> results;
};

// The inverse of ExperimentResult::toJson. Throws causeway::Error naming `source`.
ExperimentResult resultFromJson(const nlohmann::json& json, const std::string& source);

// An experiment file: the spec's JSON plus "results" (left out when there are none).
nlohmann::json experimentFileJson(const ExperimentSpec& spec, const std::vector<ExperimentResult>& results);

// Reads an experiment file (with or without results) or a results.json written by
// `causeway-cli run` (then `spec` is the experiment as run and `results` holds that one result).
ExperimentFile readExperimentFile(const std::filesystem::path& file);
void writeExperimentFile(const std::filesystem::path& file, const ExperimentSpec& spec,
                         const std::vector<ExperimentResult>& results);

// One map as CSV: a "layer" column, then one column per token / head; blanks for NaN. The
// normalised matrix (when asked for and present) says so in its first header field.
std::string heatmapCsv(const Heatmap& map, bool normalized = false);

// results.json and one CSV per matrix (<map>.csv, <map>.normalized.csv) in `folder`.
void writeRunOutputs(const std::filesystem::path& folder, const ExperimentResult& result);

// A few lines for a terminal: what ran, its baselines, and per map the `topCells` highest cells.
std::string resultSummary(const ExperimentResult& result, int topCells = 10);

} // namespace causeway
