#pragma once
// ROME-style causal tracing: the kind's part of an experiment (see docs/experiment-format.md).
#include "experiments/experiment.h"

#include <optional>
#include <string>
#include <utility>

namespace causeway {

class ExperimentKind;

// spec.prompt is the prompt traced.
struct TracingSpec {
    static constexpr const char* kKind = "causal_tracing";
    std::string subject;              // substring of the prompt, or
    std::optional<std::pair<int64_t, int64_t>> subjectTokens; // [begin, end) token range
    std::optional<int64_t> answerToken; // default: the clean run's top token
    int noiseSamples = 10;
    double noiseMultiple = 3.0;       // x std of the token-embedding matrix
    std::optional<double> noiseScale; // absolute, overrides noiseMultiple
    uint64_t seed = 0;
    int window = 10;
};

const ExperimentKind& causalTracingKind();

} // namespace causeway
