#pragma once
// Direct logit attribution: what each attention head and each MLP writes into the residual
// stream at the last position, read out through the final norm (its scale frozen at the value
// it takes on the final residual) and the unembedding of logit(correct) − logit(incorrect). The
// kind's part of an experiment and of its result (docs/experiment-format.md).
#include "experiments/experiment.h"

#include <optional>
#include <string>
#include <vector>

namespace causeway {

class ExperimentKind;

// spec.prompt is the prompt read; layers, positions and cells stay "all" (the terms add up to
// the model's logit difference only when nothing is left out).
// The answers default to the model's top token (correct) and its runner-up (incorrect) at the
// last position.
struct LogitAttributionSpec : AnswerTokens {
    static constexpr const char* kKind = "logit_attribution";
};

// The terms that are not a head or an MLP. Heads, attention biases, MLPs and these add up to
// `total`, which equals the model's logit difference (before Gemma 2's soft cap).
struct LogitAttributionResult {
    static constexpr const char* kKind = "logit_attribution";
    double embeddings = 0;                // token (and position) embeddings
    std::vector<double> attentionBiases;  // per layer: the output projection's bias (in the "layers" map's attention column)
    double finalNormBias = 0;             // the final LayerNorm's bias
    double unembeddingBias = 0;           // the LM head's bias
    double total = 0;                     // the sum of every term
    double modelDifference = 0;           // the model's own logit difference (after any soft cap)
    bool softCapped = false;              // the model caps its logits (Gemma 2): total is the difference before the cap
};

// The `count` largest shares on either side of a result, as parts of the model's logit difference
// (probability = share / difference): those towards the correct answer, and those towards the
// incorrect one (their magnitude). Names "L2 H7", "L3 MLP"; id = -1.
std::pair<std::vector<CellToken>, std::vector<CellToken>> largestShares(const ExperimentResult& result, int count);

const ExperimentKind& logitAttributionKind();

} // namespace causeway
