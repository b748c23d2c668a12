#include "intervene/cell_routing.h"

#include "model/transformer.h"

#include <ATen/ATen.h>

#include <algorithm>

namespace causeway {

namespace {
at::Tensor idsTensor(const std::vector<int64_t>& ids) {
    return at::tensor(ids, at::kLong).view({1, static_cast<int64_t>(ids.size())});
}
} // namespace

CellRouting cellRouting(const std::shared_ptr<const Transformer>& model, const CellSelection& cell, const std::string& type,
                        std::optional<int64_t> interchangeDim, const std::vector<int64_t>& baseIds,
                        const std::vector<int64_t>& sourceIds) {
    const int64_t T = static_cast<int64_t>(baseIds.size());
    if (cell.cells.size() != 1 || T == 0) return {};
    const auto [layer, column] = cell.cells.front();
    CellRouting routing = promptRouting(*model, baseIds, layer, cell.perHead ? T - 1 : column);
    if (routing.empty()) return routing;
    const std::vector<int64_t>& source = sourceIds.empty() ? baseIds : sourceIds;
    routing.source = expertsAt(*model, idsTensor(source), layer,
                               std::min<int64_t>(routing.position, static_cast<int64_t>(source.size()) - 1));

    IntervenableConfig config = cellInterventionConfig(cell, type, interchangeDim, T);
    UnitLocations locations = cellLocations(IntervenableModel(config, model), cell, T);
    RepresentationConfig collect;
    collect.layer = layer;
    collect.component = std::string(componentName(Component::MoeRouterLogits));
    collect.interventionType = "CollectIntervention";
    config.representations.push_back(collect);
    RepresentationLocations at;
    at.positions = {{routing.position}};
    locations.base.push_back(at);
    if (!locations.sources.empty()) locations.sources.push_back(std::nullopt);
    const IntervenableModel intervened(config, model);
    InterveneRequest request;
    request.base = idsTensor(baseIds);
    request.locations = locations;
    if (interventionUsesSource(intervened))
        for (std::size_t g = 0; g < intervened.groupCount(); ++g) request.sources.push_back(idsTensor(source));
    const InterveneResult out = intervened.forward(request);
    routing.intervened = chosenExperts(model->config(), out.collected.back()[0]);
    return routing;
}

} // namespace causeway
