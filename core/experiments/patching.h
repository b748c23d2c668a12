#pragma once
// Activation patching: the kind's part of an experiment (see docs/experiment-format.md).
#include "experiments/experiment.h"

#include <optional>
#include <string>
#include <vector>

namespace causeway {

class ExperimentKind;
class Tokenizer;

enum class PatchDirection { Denoising, Noising }; // clean into corrupted, or corrupted into clean
enum class PatchMetric { LogitDifference, Probability, LogProbability, KLDivergence };
enum class PatchUnit { Position, Head }; // cells (layer, position), or (layer, head) over positions jointly

std::string metricName(PatchMetric m);
std::string metricTitle(PatchMetric m); // for colour-scale titles
bool metricIsSigned(PatchMetric m);

// spec.prompt is the clean prompt. The answer tokens for the metric default to the clean run's
// top token (correct) and the corrupted run's top token (incorrect).
struct PatchingSpec : AnswerTokens {
    static constexpr const char* kKind = "activation_patching";
    std::string corruptedPrompt;
    std::vector<int64_t> corruptedIds;
    PatchDirection direction = PatchDirection::Denoising;
    std::vector<std::string> components = {"block_output"};
    PatchUnit unit = PatchUnit::Position; // for unit Head, spec.positions are the positions patched jointly
    PatchMetric metric = PatchMetric::LogitDifference;
};

const ExperimentKind& activationPatchingKind();

// What activation patching and attribution patching share: the fields of an experiment file
// (prompts, answers, direction, components, unit, metric), their preparation (the corrupted
// prompt, answer ids) and their part of results.json (corrupted tokens, baselines, answers).
void readPatchingFields(const nlohmann::json& json, ExperimentSpec& spec, PatchingSpec& part, const std::string& source);
void writePatchingFields(const ExperimentSpec& spec, const PatchingSpec& part, nlohmann::json& json);
void preparePatching(const Tokenizer* tokenizer, int64_t vocabSize, PatchingSpec& part, ExperimentResult& result);
void writePatchingResult(const ExperimentResult& result, PatchMetric metric, nlohmann::json& json);
void readPatchingResult(const nlohmann::json& json, ExperimentResult& result);

} // namespace causeway
