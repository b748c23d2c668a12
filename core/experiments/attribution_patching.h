#pragma once
// Attribution patching (AtP; Nanda 2023, Kramár et al. 2024): a first-order estimate of every
// activation-patching cell at once from one clean run, one corrupted run and one backward pass,
// then exact patching of the cells the estimate ranks highest, and how well the two agree. The
// kind's part of an experiment and of its result (docs/experiment-format.md).
#include "experiments/experiment.h"
#include "experiments/patching.h"

#include <string>
#include <vector>

namespace causeway {

class ExperimentKind;

struct AttributionPatchingSpec {
    static constexpr const char* kKind = "attribution_patching";
    // What activation patching would patch: prompts (spec.prompt is the clean one), answers,
    // direction, components, unit, metric; spec.layers / positions / cells choose the cells.
    PatchingSpec patching;
    // Cells per component patched exactly afterwards, those with the largest estimated effect;
    // 0 = none, -1 = every cell (the whole exact sweep, to measure the estimate everywhere).
    int exactTopK = 20;
};

// How the estimate compares with exact patching on the cells patched exactly, per component.
struct AtpAgreement {
    std::string component;
    int64_t cells = 0;
    double pearson = 0, spearman = 0; // NaN with fewer than 3 cells or no spread
};

struct AttributionPatchingResult {
    static constexpr const char* kKind = "attribution_patching";
    std::vector<AtpAgreement> agreement;
    double estimateSeconds = 0; // the two runs and the backward pass
    double exactSeconds = 0;    // exact patching of the chosen cells
};

// Correlations of two equally long series (NaN when undefined); Spearman ranks ties by their mean rank.
double pearsonCorrelation(const std::vector<double>& x, const std::vector<double>& y);
double spearmanCorrelation(const std::vector<double>& x, const std::vector<double>& y);

const ExperimentKind& attributionPatchingKind();

} // namespace causeway
