#pragma once
// Moving interventions between Causeway and pyvene: pyvene's unit_locations JSON, the
// intervention case format (`causeway-cli intervene`, docs/intervention-case-format.md), and
// pyvene's save()/load() folder layout (config.json + intkey_<key>.bin).
#include "intervene/intervenable.h"

#include <nlohmann/json_fwd.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace causeway {

class Tokenizer;

// pyvene's unit_locations: {"sources->base": [sources, base]} or {"base": base}; each side a
// list over representations (null = None), or an int / flat list broadcast to all of them.
UnitLocations parseUnitLocations(const nlohmann::json& json, const IntervenableConfig& config, int64_t batch);
nlohmann::json unitLocationsToJson(const UnitLocations& locations, const IntervenableConfig& config);

// pyvene's RepresentationConfig fields (+ "intervention_type" by class name).
RepresentationConfig parseRepresentation(const nlohmann::json& json, std::size_t index);
nlohmann::json representationToJson(const RepresentationConfig& r);

// One intervention run, as the fixtures' case.json describes it.
struct InterventionCase {
    IntervenableConfig config;
    InterveneRequest request;
    std::optional<GenerateOptions> generate;
    std::vector<std::pair<std::string, int64_t>> interchangeDims; // from "parameters"
};

// Texts (base_texts / source_texts) are tokenized with `tokenizer` when ids are absent.
InterventionCase parseInterventionCase(const nlohmann::json& json, const Tokenizer* tokenizer);

// Applies weights named as the fixtures name them ("rotate_weight", "low_rank_weight", "mask",
// ...; or "<i>.<name>" for representation i). Returns the names no intervention took (inputs and
// reference outputs often travel in the same file).
std::vector<std::string> applyNamedWeights(IntervenableModel& model,
                                           const std::vector<std::pair<std::string, at::Tensor>>& weights);

// pyvene's IntervenableModel.save(dir) / IntervenableModel.load(dir, model).
void savePyveneFolder(const IntervenableModel& model, const std::filesystem::path& dir);
IntervenableModel loadPyveneFolder(const std::filesystem::path& dir, std::shared_ptr<const Transformer> model);

} // namespace causeway
