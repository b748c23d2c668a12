#pragma once
// Texts for people that core writes in English and the GUI translates (Phrase), and what a probed
// cell shows (CellProbe). Torch-free, so the GUI's session layer can pass them along.
#include "experiments/experiment.h"
#include "model/moe.h"

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace causeway {

// A text for people: an English format with %1, %2, ... and its arguments. The CLI prints text();
// the GUI translates the format (and each argument it knows) before substituting, since core
// speaks only English.
struct Phrase {
    std::string format;
    std::vector<std::string> args;
    Phrase() = default;
    Phrase(std::string format, std::vector<std::string> args = {}) : format(std::move(format)), args(std::move(args)) {}
    Phrase(const char* format) : format(format) {}
    std::string text() const;
    bool empty() const { return format.empty(); }
};

// What clicking one cell of a result shows: the runs the cell compares (clean, corrupted,
// patched; clean, noised, restored; a layer's read-out), each with its top next tokens, and the
// cell's value computed again for that one cell.
struct ProbeColumn {
    Phrase title;                // "Clean", "Patched", "Layer %1 read out"
    std::vector<CellToken> top;  // most likely first
    std::vector<ExpertChoice> experts = {}; // MoE layers: the experts this run chose for the cell's token
};
struct CellProbe {
    std::vector<ProbeColumn> columns;
    double value = std::numeric_limits<double>::quiet_NaN(); // the cell recomputed; NaN when the kind has none
    Phrase valueName;            // "Logit difference (correct − incorrect)", "p(answer)"
    Phrase note;                 // one sentence on how the cell was computed
    std::vector<int64_t> answers; // tokens to highlight
    int expertLayer = -1;         // the layer the columns' experts are of; -1: none (a dense layer)
    int64_t expertPosition = -1;  // and the token (a head cell's: the last one)
};

} // namespace causeway
