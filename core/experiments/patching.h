#pragma once
// Activation patching: the kind's part of an experiment (see docs/experiment-format.md).
#include "experiments/experiment.h"

#include <optional>
#include <string>
#include <vector>

namespace causeway {

class ExperimentKind;

enum class PatchDirection { Denoising, Noising }; // clean into corrupted, or corrupted into clean
enum class PatchMetric { LogitDifference, Probability, LogProbability, KLDivergence };
enum class PatchUnit { Position, Head }; // cells (layer, position), or (layer, head) over positions jointly

std::string metricName(PatchMetric m);
std::string metricTitle(PatchMetric m); // for colour-scale titles
bool metricIsSigned(PatchMetric m);

// spec.prompt is the clean prompt.
struct PatchingSpec {
    static constexpr const char* kKind = "activation_patching";
    std::string corruptedPrompt;
    std::vector<int64_t> corruptedIds;
    // Answer tokens for the metric. Default: the clean run's top token (correct) and the
    // corrupted run's top token (incorrect). Text must be a single token.
    std::optional<int64_t> correctToken, incorrectToken;
    std::string correctText, incorrectText;
    PatchDirection direction = PatchDirection::Denoising;
    std::vector<std::string> components = {"block_output"};
    PatchUnit unit = PatchUnit::Position; // for unit Head, spec.positions are the positions patched jointly
    PatchMetric metric = PatchMetric::LogitDifference;
};

const ExperimentKind& activationPatchingKind();

} // namespace causeway
