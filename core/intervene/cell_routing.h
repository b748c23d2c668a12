#pragma once
// A probed cell of a mixture-of-experts layer: the experts the layer chose for the cell's token in
// the base run, the source run and the base run with the cell intervention (model/moe.h).
#include "intervene/cell_intervention.h"
#include "model/moe.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace causeway {

// One selected cell (a position, or a head: then the last base token) with an intervention of
// `type` built as cellInterventionConfig does; an empty CellRouting when the selection is not one
// cell or the cell's layer has no router. The intervened run's routing is read by collecting the
// router logits alongside the same intervention.
CellRouting cellRouting(const std::shared_ptr<const Transformer>& model, const CellSelection& cell, const std::string& type,
                        std::optional<int64_t> interchangeDim, const std::vector<int64_t>& baseIds,
                        const std::vector<int64_t>& sourceIds);

} // namespace causeway
