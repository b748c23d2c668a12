#pragma once
// Training trainable interventions (distributed alignment search): Adam on the interventions'
// parameters, batches of (base, source, label) triples, cross entropy on the label token at the
// last position. Boundless DAS's temperature anneals linearly and its boundary width is
// penalised, as in Wu et al. 2023 and pyvene's tutorials.
#include "intervene/intervenable.h"

#include <atomic>
#include <functional>

namespace causeway {

// N examples of one counterfactual task. Every example uses the same unit locations, given for a
// batch of one; labels are the counterfactual next tokens.
struct CounterfactualDataset {
    at::Tensor bases;   // [N, T]
    at::Tensor sources; // [N, Ts]: one source group
    at::Tensor labels;  // [N]
    UnitLocations locations; // for a batch of 1
    int64_t size() const { return bases.defined() ? bases.size(0) : 0; }
    CounterfactualDataset slice(int64_t begin, int64_t end) const;
};

struct TrainingOptions {
    int epochs = 10;
    int batchSize = 16;
    double learningRate = 1e-3;
    uint64_t seed = 0;                    // shuffling
    double temperatureStart = 50.0;       // Boundless / sigmoid-mask temperature schedule
    double temperatureEnd = 0.1;
    double boundaryLossWeight = 1.0;      // Boundless DAS: penalty on the boundary width
    std::function<void(int step, int totalSteps, double loss)> progress;
    const std::atomic<bool>* cancel = nullptr;
};

struct TrainingReport {
    int steps = 0;
    double firstLoss = 0, lastLoss = 0;
    bool cancelled = false;
};

TrainingReport trainInterventions(const IntervenableModel& model, const CounterfactualDataset& data,
                                  const TrainingOptions& options);

// Interchange-intervention accuracy: the fraction of examples whose intervened next-token
// prediction at the last position equals the label.
double interchangeInterventionAccuracy(const IntervenableModel& model, const CounterfactualDataset& data,
                                       int batchSize = 64);

} // namespace causeway
