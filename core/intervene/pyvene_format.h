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
// With `config`, the case's inputs are read against it (e.g. one loaded from a pyvene folder) and its
// own 'representations' are optional and ignored.
InterventionCase parseInterventionCase(const nlohmann::json& json, const Tokenizer* tokenizer,
                                       const IntervenableConfig* config = nullptr);

// Applies weights named as the fixtures name them ("rotate_weight", "low_rank_weight", "mask",
// ...; or "<i>.<name>" for representation i). Returns the names no intervention took (inputs and
// reference outputs often travel in the same file).
std::vector<std::string> applyNamedWeights(IntervenableModel& model,
                                           const std::vector<std::pair<std::string, at::Tensor>>& weights);

// The save() folder layouts of the pyvene versions Causeway is verified against. They differ in
// the keys (sorted_keys and intkey_<key>.bin): 0.1.5 "layer.1.comp.block_output.unit.pos.nunit.1#0",
// 0.1.8 "layer_1_comp_block_output_unit_pos_nunit_1#0"; neither version reads the other's weights.
enum class PyveneLayout { V0_1_5, V0_1_8 };
PyveneLayout pyveneLayoutFromName(const std::string& version); // "0.1.5" or "0.1.8"; throws otherwise
std::string pyveneLayoutName(PyveneLayout layout);

// pyvene's IntervenableModel.save(dir): exactly the files that pyvene version writes.
void savePyveneFolder(const IntervenableModel& model, const std::filesystem::path& dir,
                      PyveneLayout layout = PyveneLayout::V0_1_5);
// pyvene's IntervenableModel.load(dir, model); reads either layout (the keys come from sorted_keys).
IntervenableModel loadPyveneFolder(const std::filesystem::path& dir, std::shared_ptr<const Transformer> model);

} // namespace causeway
