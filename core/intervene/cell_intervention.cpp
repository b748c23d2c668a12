#include "intervene/cell_intervention.h"

#include "common/error.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <map>

namespace causeway {

namespace {

at::Tensor idsTensor(const std::vector<int64_t>& ids) {
    return at::tensor(ids, at::kLong).view({1, static_cast<int64_t>(ids.size())});
}

std::vector<int64_t> allPositions(int64_t count) {
    std::vector<int64_t> all(static_cast<std::size_t>(count));
    for (int64_t p = 0; p < count; ++p) all[static_cast<std::size_t>(p)] = p;
    return all;
}

std::map<int, std::vector<int64_t>> cellsByLayer(const CellSelection& selection) {
    std::map<int, std::vector<int64_t>> byLayer;
    for (const auto& [layer, column] : selection.cells) {
        auto& columns = byLayer[layer];
        if (std::find(columns.begin(), columns.end(), column) == columns.end()) columns.push_back(column);
    }
    return byLayer;
}

} // namespace

const std::vector<CellInterventionType>& cellInterventionTypes() {
    static const std::vector<CellInterventionType> types = {
        {"VanillaIntervention", true, true, false},
        {"AdditionIntervention", true, true, false},
        {"SubtractionIntervention", true, true, false},
        {"ZeroIntervention", false, true, false},
        {"NoiseIntervention", false, true, false},
        {"SkipIntervention", false, true, true},
        {"CollectIntervention", false, false, false},
    };
    return types;
}

const CellInterventionType& cellInterventionType(const std::string& name) {
    for (const CellInterventionType& t : cellInterventionTypes())
        if (t.name == name) return t;
    throw Error(name + " needs trained weights to act on cells; load it from a pyvene folder instead.");
}

IntervenableConfig cellInterventionConfig(const CellSelection& selection, const std::string& type,
                                          std::optional<int64_t> interchangeDim, int64_t basePositions) {
    if (selection.cells.empty()) throw Error("Select at least one cell to intervene on.");
    const CellInterventionType& kind = cellInterventionType(type);
    const std::size_t headPositions = selection.headPositions.empty() ? static_cast<std::size_t>(basePositions)
                                                                      : selection.headPositions.size();
    IntervenableConfig config;
    for (const auto& [layer, columns] : cellsByLayer(selection)) {
        RepresentationConfig rep;
        rep.layer = layer;
        rep.component = selection.component;
        rep.unit = selection.perHead ? "h.pos" : "pos";
        rep.interventionType = type;
        rep.maxNumberOfUnits = static_cast<int64_t>(selection.perHead ? columns.size() * headPositions : columns.size());
        if (kind.takesInterchangeDim) rep.interchangeDim = interchangeDim;
        config.representations.push_back(rep);
    }
    return config;
}

UnitLocations cellLocations(const IntervenableModel& model, const CellSelection& selection, int64_t basePositions) {
    const auto byLayer = cellsByLayer(selection);
    const std::vector<int64_t> headPositions =
        selection.headPositions.empty() ? allPositions(basePositions) : selection.headPositions;
    UnitLocations locations;
    const auto& reps = model.config().representations;
    for (std::size_t i = 0; i < reps.size(); ++i) {
        const RepresentationConfig& rep = reps[i];
        const auto found = byLayer.find(rep.layer);
        if (found == byLayer.end())
            throw Error("The intervention acts at layer " + std::to_string(rep.layer) + " (" + rep.component +
                        "); select the cells to act on in that layer.");
        const Unit unit = unitFromName(rep.unit, "representation " + std::to_string(i));
        const bool cellsAreHeads = selection.perHead;
        if ((unit == Unit::Position) == cellsAreHeads)
            throw Error("The intervention at layer " + std::to_string(rep.layer) + " acts on " +
                        (unit == Unit::Position ? "token positions" : "attention heads") + " but the selected cells are " +
                        (cellsAreHeads ? "heads" : "tokens") + "; pick a " +
                        (unit == Unit::Position ? "per-token" : "per-head") + " component.");
        RepresentationLocations loc;
        if (unit == Unit::Position) {
            loc.positions = {found->second};
        } else {
            loc.heads = {found->second};
            if (unit == Unit::HeadPosition) loc.positions = {headPositions};
        }
        locations.base.push_back(loc);
        locations.sources.push_back(model.intervention(i).usesSource() ? std::optional<RepresentationLocations>(loc)
                                                                       : std::nullopt);
    }
    return locations;
}

bool interventionUsesSource(const IntervenableModel& model) {
    for (std::size_t i = 0; i < model.config().representations.size(); ++i)
        if (model.intervention(i).usesSource()) return true;
    return false;
}

CellInterventionOutcome runCellIntervention(const IntervenableModel& model, const CellSelection& selection,
                                            const std::vector<int64_t>& baseIds, const std::vector<int64_t>& sourceIds,
                                            int generateTokens) {
    if (baseIds.empty()) throw Error("The base prompt has no tokens.");
    const int64_t T = static_cast<int64_t>(baseIds.size());
    InterveneRequest request;
    request.base = idsTensor(baseIds);
    request.locations = cellLocations(model, selection, T);
    if (interventionUsesSource(model)) {
        if (sourceIds.empty()) throw Error("The intervention takes its values from a source prompt; type one.");
        for (std::size_t g = 0; g < model.groupCount(); ++g) request.sources.push_back(idsTensor(sourceIds));
    }
    request.outputOriginal = true;
    InterveneResult out = model.forward(request);
    CellInterventionOutcome outcome;
    outcome.baseLogits = out.originalLogits.select(0, 0).select(0, T - 1);
    outcome.intervenedLogits = out.intervenedLogits.select(0, 0).select(0, T - 1);
    std::size_t collectedIndex = 0;
    const auto& reps = model.config().representations;
    for (std::size_t i = 0; i < reps.size() && collectedIndex < out.collected.size(); ++i) {
        if (!model.intervention(i).collects()) continue;
        outcome.collected.emplace_back("layer." + std::to_string(reps[i].layer) + "." + reps[i].component,
                                       out.collected[collectedIndex++]);
    }
    if (generateTokens > 0) {
        GenerateOptions options;
        options.maxNewTokens = generateTokens;
        GenerateResult g = model.generate(request, options);
        const auto continuation = [T](const at::Tensor& ids) {
            at::Tensor fresh = ids.select(0, 0).narrow(0, T, ids.size(1) - T).contiguous();
            return std::vector<int64_t>(fresh.data_ptr<int64_t>(), fresh.data_ptr<int64_t>() + fresh.numel());
        };
        outcome.baseContinuation = continuation(g.originalIds);
        outcome.intervenedContinuation = continuation(g.intervenedIds);
    }
    return outcome;
}

} // namespace causeway
