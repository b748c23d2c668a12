#pragma once
// Interventions on cells picked on a layer x token (or layer x head) map: one representation per
// layer, the layer's cells as its units, as a pyvene user would write the config by hand. The
// workbench's Intervention panel runs them, saves them as pyvene folders and runs folders loaded
// from pyvene on the same cells.
#include "intervene/intervenable.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace causeway {

struct CellSelection {
    std::string component = "block_output";
    bool perHead = false;                        // columns are heads (unit "h.pos")
    std::vector<int64_t> headPositions;          // where per-head cells act; empty = every base position
    std::vector<std::pair<int, int64_t>> cells;  // (layer, position or head)
};

// The intervention types that make sense on picked cells without training, in the order the
// workbench offers them, with what each needs. The trainable ones (rotations, masks, autoencoders,
// PCA) are only meaningful with their trained weights: load them from a pyvene folder.
struct CellInterventionType {
    std::string name;          // pyvene's class name
    bool takesSource;          // reads the source prompt at the same cells
    bool takesInterchangeDim;  // acts on the first `interchange_dim` dimensions only when given
    bool moduleOutputsOnly;    // SkipIntervention: block_output, attention_output or mlp_output
};
const std::vector<CellInterventionType>& cellInterventionTypes();
const CellInterventionType& cellInterventionType(const std::string& name); // throws for another name

// One representation per selected layer (ascending), unit "pos" or "h.pos". Throws causeway::Error
// for an empty selection.
IntervenableConfig cellInterventionConfig(const CellSelection& cells, const std::string& type,
                                          std::optional<int64_t> interchangeDim, int64_t basePositions);

// Where each representation of `model` acts: the selected cells at its layer. Works for configs
// loaded from pyvene folders too; throws causeway::Error (saying which layer to select) when a
// representation's layer has no selected cell or the units don't fit its unit kind.
UnitLocations cellLocations(const IntervenableModel& model, const CellSelection& cells, int64_t basePositions);

struct CellInterventionOutcome {
    at::Tensor baseLogits;       // [V] at the last base position, without the intervention
    at::Tensor intervenedLogits; // [V] at the last base position, with it
    std::vector<std::pair<std::string, at::Tensor>> collected; // CollectIntervention outputs, named by site
    std::vector<int64_t> baseContinuation, intervenedContinuation; // greedy tokens after the prompt
};

// Runs `model` (built by cellInterventionConfig or loaded) on the base prompt with the source
// prompt where an intervention takes one, and greedily generates `generateTokens` tokens.
CellInterventionOutcome runCellIntervention(const IntervenableModel& model, const CellSelection& cells,
                                            const std::vector<int64_t>& baseIds, const std::vector<int64_t>& sourceIds,
                                            int generateTokens);

// Whether any of the model's interventions reads the source prompt.
bool interventionUsesSource(const IntervenableModel& model);

} // namespace causeway
