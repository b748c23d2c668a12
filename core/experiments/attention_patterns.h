#pragma once
// Attention patterns: every head's attention probabilities over one prompt (query x key), as
// transformers returns them with output_attentions. The kind's part of an experiment and of its
// result (docs/experiment-format.md).
#include "experiments/experiment.h"

#include <optional>
#include <utility>
#include <vector>

namespace causeway {

class ExperimentKind;

// What colours a head on the grid of heads. Averaged over the queries that have a choice (all
// but the first, which can only attend to itself).
enum class HeadSummary {
    Entropy,       // the attention distribution's entropy in nats: low = a focused head
    PreviousToken, // the weight on the token just before the query: previous-token heads
    FirstToken,    // the weight on the first token: heads that rest there when idle
};

// spec.prompt is the prompt read; spec.layers chooses the layers (positions and cells stay "all").
struct AttentionPatternsSpec {
    static constexpr const char* kKind = "attention_patterns";
    HeadSummary summary = HeadSummary::Entropy;
    // The (layer, head) whose pattern the "pattern" map shows; default: the head the summary
    // marks most (lowest entropy, or the highest weight).
    std::optional<std::pair<int, int>> head;
};

// Every head's pattern: weight(row, head, query, key), rows = `layers`.
struct AttentionPatternsResult {
    static constexpr const char* kKind = "attention_patterns";
    std::vector<int> layers;
    int64_t heads = 0, tokens = 0;
    std::vector<float> weights; // [layers][heads][tokens][tokens], row-major
    std::pair<int, int> shown{-1, -1}; // the (layer, head) of the "pattern" map
    float weight(std::size_t row, int64_t head, int64_t query, int64_t key) const {
        return weights[((row * static_cast<std::size_t>(heads) + static_cast<std::size_t>(head)) * static_cast<std::size_t>(tokens) +
                        static_cast<std::size_t>(query)) * static_cast<std::size_t>(tokens) + static_cast<std::size_t>(key)];
    }
};

// Shows another head's pattern: replaces the result's "pattern" map with the pattern of (layer,
// head), from the stored weights (no model needed). Throws causeway::Error when the result does
// not hold that head.
void showAttentionPattern(ExperimentResult& result, int layer, int head);

const ExperimentKind& attentionPatternsKind();

} // namespace causeway
