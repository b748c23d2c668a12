#pragma once
// Logit lens (nostalgebraist 2020): the residual stream after every layer, read out through the
// model's own final norm and LM head. The kind's part of an experiment.
#include "experiments/experiment.h"

#include <optional>
#include <string>

namespace causeway {

class ExperimentKind;

enum class LensColour { Probability, Rank }; // what a cell's colour is: p(answer) or the answer's rank

// spec.prompt is the prompt read; spec.layers / positions / cells choose the cells.
struct LogitLensSpec {
    static constexpr const char* kKind = "logit_lens";
    // The token whose probability (or rank) colours the map; default: the model's own top token
    // at the last position. Text must be a single token.
    std::optional<int64_t> answerToken;
    std::string answerText;
    LensColour colour = LensColour::Probability;
    int topK = 10; // tokens kept per cell, with their probabilities
};

const ExperimentKind& logitLensKind();

} // namespace causeway
