#include "intervene/pyvene_format.h"

#include "common/error.h"
#include "common/json_integers.h"
#include "io/atomic_file.h"
#include "io/torch_pickle.h"
#include "tokenize/tokenizer.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace causeway {

namespace fs = std::filesystem;

namespace {

std::vector<int64_t> intList(const nlohmann::json& j, const std::string& what) {
    if (j.is_number_integer()) return {j.get<int64_t>()};
    if (!j.is_array()) throw Error(what + " must be a list of integers, not " + j.dump() + ".");
    std::vector<int64_t> out;
    for (const auto& v : j) {
        if (!v.is_number_integer()) throw Error(what + " must be a list of integers, not " + j.dump() + ".");
        out.push_back(v.get<int64_t>());
    }
    return out;
}

bool isFlatIntList(const nlohmann::json& j) {
    if (!j.is_array()) return false;
    for (const auto& v : j)
        if (!v.is_number_integer()) return false;
    return true;
}

// Per example lists; a flat list or int is the same units for every example.
std::vector<std::vector<int64_t>> perExample(const nlohmann::json& j, int64_t batch, const std::string& what) {
    if (j.is_number_integer() || isFlatIntList(j)) return std::vector<std::vector<int64_t>>(batch, intList(j, what));
    if (!j.is_array()) throw Error(what + " must be a list per batch example, not " + j.dump() + ".");
    std::vector<std::vector<int64_t>> rows;
    for (const auto& row : j) rows.push_back(intList(row, what));
    return rows;
}

std::optional<RepresentationLocations> parseSide(const nlohmann::json& j, Unit unit, int64_t batch, const std::string& what) {
    if (j.is_null()) return std::nullopt;
    RepresentationLocations loc;
    switch (unit) {
    case Unit::Position: loc.positions = perExample(j, batch, what + " positions"); break;
    case Unit::Head: loc.heads = perExample(j, batch, what + " heads"); break;
    case Unit::HeadPosition:
        if (!j.is_array() || j.size() != 2)
            throw Error(what + " for unit 'h.pos' must be [heads per example, positions per example], not " + j.dump() + ".");
        loc.heads = perExample(j[0], batch, what + " heads");
        loc.positions = perExample(j[1], batch, what + " positions");
        break;
    }
    return loc;
}

std::vector<std::optional<RepresentationLocations>> parseSides(const nlohmann::json& j, const IntervenableConfig& config,
                                                                int64_t batch, const std::string& side) {
    const std::size_t n = config.representations.size();
    std::vector<std::optional<RepresentationLocations>> out;
    const bool broadcast = j.is_number_integer() || isFlatIntList(j);
    if (!broadcast && (!j.is_array() || j.size() != n))
        throw Error("unit_locations '" + side + "' must list one entry per representation (" + std::to_string(n) +
                    "), not " + j.dump() + ".");
    for (std::size_t i = 0; i < n; ++i) {
        const auto& r = config.representations[i];
        const std::string what = "unit_locations " + side + " of representation " + std::to_string(i);
        out.push_back(parseSide(broadcast ? j : j[i], unitFromName(r.unit, "Representation " + std::to_string(i)), batch, what));
    }
    return out;
}

nlohmann::json sideToJson(const std::optional<RepresentationLocations>& loc, Unit unit) {
    if (!loc) return nullptr;
    switch (unit) {
    case Unit::Position: return loc->positions;
    case Unit::Head: return loc->heads;
    case Unit::HeadPosition: return nlohmann::json::array({loc->heads, loc->positions});
    }
    return nullptr;
}

at::Tensor idsTensor(const std::vector<std::vector<int64_t>>& rows, const std::string& what) {
    if (rows.empty()) throw Error(what + " is empty.");
    for (const auto& r : rows)
        if (r.size() != rows[0].size() || r.empty())
            throw Error(what + ": every example must have the same, non-zero number of tokens (padding is not supported).");
    at::Tensor t = at::empty({static_cast<int64_t>(rows.size()), static_cast<int64_t>(rows[0].size())}, at::kLong);
    for (std::size_t b = 0; b < rows.size(); ++b)
        for (std::size_t k = 0; k < rows[b].size(); ++k) t[b][k] = rows[b][k];
    return t;
}

std::vector<std::vector<int64_t>> idsFrom(const nlohmann::json& ids, const nlohmann::json* texts, const Tokenizer* tokenizer,
                                          const std::string& what) {
    std::vector<std::vector<int64_t>> rows;
    if (!ids.is_null()) {
        for (const auto& row : ids) rows.push_back(intList(row, what));
        return rows;
    }
    if (!texts || texts->is_null()) throw Error("The case gives neither " + what + " ids nor texts.");
    if (!tokenizer) throw Error("The case gives " + what + " as text but no tokenizer is available; give token ids.");
    for (const auto& t : *texts) {
        if (!t.is_string()) throw Error("The case's " + what + " texts must be strings, not " + t.dump() + ".");
        rows.push_back(tokenizer->encodeIds(t.get<std::string>()));
    }
    return rows;
}

std::string pyveneClassString(const std::string& type) { return "<class 'pyvene.models.interventions." + type + "'>"; }

std::string typeFromClassString(const std::string& s) {
    auto end = s.rfind('\'');
    auto dot = s.rfind('.', end);
    if (end == std::string::npos || dot == std::string::npos) return s;
    return s.substr(dot + 1, end - dot - 1);
}

} // namespace

UnitLocations parseUnitLocations(const nlohmann::json& json, const IntervenableConfig& config, int64_t batch) {
    UnitLocations loc;
    if (json.is_object() && json.contains("sources->base")) {
        const auto& pair = json["sources->base"];
        if (!pair.is_array() || pair.size() != 2)
            throw Error("unit_locations 'sources->base' must be a pair [source locations, base locations].");
        loc.sources = parseSides(pair[0], config, batch, "sources");
        loc.base = parseSides(pair[1], config, batch, "base");
    } else if (json.is_object() && json.contains("base")) {
        loc.base = parseSides(json["base"], config, batch, "base");
    } else {
        throw Error("unit_locations must be {\"sources->base\": [sources, base]} or {\"base\": base}.");
    }
    return loc;
}

nlohmann::json unitLocationsToJson(const UnitLocations& locations, const IntervenableConfig& config) {
    nlohmann::json sources = nlohmann::json::array(), base = nlohmann::json::array();
    for (std::size_t i = 0; i < config.representations.size(); ++i) {
        Unit unit = unitFromName(config.representations[i].unit, "Representation " + std::to_string(i));
        base.push_back(sideToJson(locations.base.at(i), unit));
        if (!locations.sources.empty()) sources.push_back(sideToJson(locations.sources.at(i), unit));
    }
    if (locations.sources.empty()) return {{"base", base}};
    return {{"sources->base", nlohmann::json::array({sources, base})}};
}

RepresentationConfig parseRepresentation(const nlohmann::json& j, std::size_t index) {
    const std::string where = "Representation " + std::to_string(index);
    if (!j.is_object()) throw Error(where + " must be a JSON object of RepresentationConfig fields.");
    RepresentationConfig r;
    auto get = [&](const char* key) -> const nlohmann::json* {
        auto it = j.find(key);
        return it == j.end() || it->is_null() ? nullptr : &*it;
    };
    try {
        if (auto v = get("layer")) r.layer = jsonInteger<int>(*v, where + ": 'layer'");
        if (auto v = get("component")) r.component = v->get<std::string>();
        if (auto v = get("unit")) r.unit = v->get<std::string>();
        if (auto v = get("max_number_of_units")) r.maxNumberOfUnits = jsonInteger<int64_t>(*v, where + ": 'max_number_of_units'");
        if (auto v = get("intervention_type")) r.interventionType = typeFromClassString(v->get<std::string>());
        if (auto v = get("low_rank_dimension")) r.lowRankDimension = jsonInteger<int64_t>(*v, where + ": 'low_rank_dimension'");
        if (auto v = get("latent_dim")) r.latentDim = jsonInteger<int64_t>(*v, where + ": 'latent_dim'");
        if (auto v = get("subspace_partition")) {
            SubspacePartition p;
            for (const auto& part : *v)
                p.emplace_back(jsonInteger(part.at(0), where + ": 'subspace_partition'"), jsonInteger(part.at(1), where + ": 'subspace_partition'"));
            r.subspacePartition = p;
        }
        if (auto v = get("group_key")) r.groupKey = jsonInteger<int64_t>(*v, where + ": 'group_key'");
        if (auto v = get("intervention_link_key")) r.interventionLinkKey = v->is_string() ? v->get<std::string>() : v->dump();
        if (auto v = get("interchange_dim")) r.interchangeDim = jsonInteger<int64_t>(*v, where + ": 'interchange_dim'");
        if (auto v = get("source_representation"); v && v->is_array()) {
            std::vector<float> values = v->get<std::vector<float>>();
            r.sourceRepresentation = at::tensor(values, at::kFloat);
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(where + " has a field of the wrong type (" + e.what() + ").");
    }
    return r;
}

nlohmann::json representationToJson(const RepresentationConfig& r) {
    nlohmann::json j = {{"layer", r.layer}, {"component", r.component}, {"unit", r.unit},
                        {"max_number_of_units", r.maxNumberOfUnits}, {"intervention_type", r.interventionType}};
    j["low_rank_dimension"] = r.lowRankDimension ? nlohmann::json(*r.lowRankDimension) : nlohmann::json(nullptr);
    if (r.latentDim) j["latent_dim"] = *r.latentDim;
    if (r.subspacePartition) {
        nlohmann::json parts = nlohmann::json::array();
        for (auto [a, b] : *r.subspacePartition) parts.push_back({a, b});
        j["subspace_partition"] = parts;
    } else {
        j["subspace_partition"] = nullptr;
    }
    j["group_key"] = r.groupKey ? nlohmann::json(*r.groupKey) : nlohmann::json(nullptr);
    j["intervention_link_key"] = r.interventionLinkKey ? nlohmann::json(*r.interventionLinkKey) : nlohmann::json(nullptr);
    if (r.interchangeDim) j["interchange_dim"] = *r.interchangeDim;
    return j;
}

InterventionCase parseInterventionCase(const nlohmann::json& json, const Tokenizer* tokenizer,
                                       const IntervenableConfig* config) {
    InterventionCase c;
    if (config) {
        c.config = *config;
    } else {
        if (!json.is_object() || !json.contains("representations") || !json["representations"].is_array())
            throw Error("An intervention case needs a 'representations' list (pyvene RepresentationConfig fields).");
        std::size_t i = 0;
        for (const auto& r : json["representations"]) c.config.representations.push_back(parseRepresentation(r, i++));
        if (json.contains("intervention_types") && json["intervention_types"].is_array())
            for (std::size_t k = 0; k < json["intervention_types"].size() && k < c.config.representations.size(); ++k)
                if (json["intervention_types"][k].is_string() && !json["representations"][k].contains("intervention_type"))
                    c.config.representations[k].interventionType =
                        typeFromClassString(json["intervention_types"][k].get<std::string>());
    }
    if (!json.is_object()) throw Error("An intervention case must be a JSON object.");
    if (json.contains("seed") && json["seed"].is_number_integer()) c.config.seed = jsonInteger<uint64_t>(json["seed"], "The case's 'seed'");

    // Parameters: interchange_dim applies to every representation (pyvene's set_interchange_dim).
    if (!config && json.contains("parameters") && json["parameters"].is_object()) {
        const auto& p = json["parameters"];
        if (p.contains("interchange_dim") && p["interchange_dim"].is_number_integer())
            for (auto& r : c.config.representations) r.interchangeDim = p["interchange_dim"].get<int64_t>();
        if (p.contains("low_rank_dimension") && p["low_rank_dimension"].is_number_integer())
            for (auto& r : c.config.representations)
                if (!r.lowRankDimension) r.lowRankDimension = p["low_rank_dimension"].get<int64_t>();
    }

    const nlohmann::json none;
    auto field = [&](const char* key) -> const nlohmann::json& { return json.contains(key) ? json[key] : none; };
    c.request.base = idsTensor(idsFrom(field("base_input_ids"), json.contains("base_texts") ? &json["base_texts"] : nullptr,
                                       tokenizer, "base"),
                               "base input");
    const int64_t batch = c.request.base.size(0);
    const nlohmann::json& sourceIds = field("source_input_ids");
    const nlohmann::json& sourceTexts = field("source_texts");
    const std::size_t groups = std::max(sourceIds.is_array() ? sourceIds.size() : 0, sourceTexts.is_array() ? sourceTexts.size() : 0);
    for (std::size_t g = 0; g < groups; ++g) {
        const nlohmann::json& ids = sourceIds.is_array() && g < sourceIds.size() ? sourceIds[g] : none;
        const nlohmann::json* texts = sourceTexts.is_array() && g < sourceTexts.size() ? &sourceTexts[g] : nullptr;
        if (ids.is_null() && (!texts || texts->is_null())) {
            c.request.sources.emplace_back();
            continue;
        }
        c.request.sources.push_back(idsTensor(idsFrom(ids, texts, tokenizer, "source " + std::to_string(g)),
                                              "source " + std::to_string(g)));
    }
    if (!json.contains("unit_locations")) throw Error("The case has no 'unit_locations'.");
    c.request.locations = parseUnitLocations(json["unit_locations"], c.config, batch);
    if (json.contains("subspaces") && !json["subspaces"].is_null()) {
        const auto& s = json["subspaces"];
        if (!s.is_array()) throw Error("'subspaces' must be a list per representation.");
        for (const auto& perRep : s) {
            if (perRep.is_null()) {
                c.request.subspaces.emplace_back();
                continue;
            }
            c.request.subspaces.push_back(perExample(perRep, batch, "subspaces"));
        }
        // One entry for several representations applies to all (pyvene broadcasts it).
        while (c.request.subspaces.size() < c.config.representations.size() && c.request.subspaces.size() == 1)
            c.request.subspaces.push_back(c.request.subspaces[0]);
    }
    c.request.outputOriginal = true;
    if (json.contains("generate_kwargs") && json["generate_kwargs"].is_object()) {
        const auto& g = json["generate_kwargs"];
        GenerateOptions o;
        try {
            o.maxNewTokens = jsonIntegerOr<int>(g, "max_new_tokens", 20, "generate_kwargs");
            o.sample = g.value("do_sample", false);
            o.temperature = g.value("temperature", 1.0);
            o.topK = jsonIntegerOr<int64_t>(g, "top_k", 0, "generate_kwargs");
            o.seed = jsonIntegerOr<uint64_t>(g, "seed", 0, "generate_kwargs");
            o.interveneOnPrompt = g.value("intervene_on_prompt", true);
            o.interveneOnGeneratedTokens = g.value("intervene_on_generated_tokens", false);
        } catch (const nlohmann::json::exception& e) {
            throw Error("A field of 'generate_kwargs' has the wrong type (" + std::string(e.what()) + ").");
        }
        if (g.contains("eos_token_id") && g["eos_token_id"].is_number_integer()) o.eosTokenId = g["eos_token_id"].get<int64_t>();
        c.generate = o;
    }
    return c;
}

std::vector<std::string> applyNamedWeights(IntervenableModel& model,
                                           const std::vector<std::pair<std::string, at::Tensor>>& weights) {
    std::vector<std::string> unused;
    const std::size_t n = model.config().representations.size();
    for (const auto& [name, value] : weights) {
        // "<i>.<name>" targets representation i; a bare name every representation that takes it.
        std::size_t first = 0, last = n;
        std::string key = name;
        if (auto dot = name.find('.'); dot != std::string::npos && dot > 0 &&
                                       name.find_first_not_of("0123456789") == dot) {
            // Never more than 9 digits (std::stoul would throw past 2^64); a longer number names no representation.
            first = dot > 9 ? n : std::stoul(name.substr(0, dot));
            last = first + 1;
            key = name.substr(dot + 1);
            if (first >= n) throw Error("The weight '" + name + "' names representation " + std::to_string(first) + ", which does not exist.");
        }
        bool used = false;
        for (std::size_t i = first; i < last; ++i) used |= model.intervention(i).setNamedWeight(key, value);
        if (!used) unused.push_back(name);
    }
    return unused;
}

PyveneLayout pyveneLayoutFromName(const std::string& version) {
    if (version == "0.1.5") return PyveneLayout::V0_1_5;
    if (version == "0.1.8") return PyveneLayout::V0_1_8;
    throw Error("The pyvene folder layout must be 0.1.5 or 0.1.8, not '" + version + "'.");
}

std::string pyveneLayoutName(PyveneLayout layout) { return layout == PyveneLayout::V0_1_5 ? "0.1.5" : "0.1.8"; }

namespace {

// 0.1.8 spells the same key with underscores: "layer.1.comp.x.unit.h.pos.nunit.1#0" becomes
// "layer_1_comp_x_unit_h_pos_nunit_1#0" (components never contain dots).
std::string keyFor(const std::string& key, PyveneLayout layout) {
    if (layout == PyveneLayout::V0_1_5) return key;
    std::string out = key;
    const std::size_t hash = out.find('#');
    for (std::size_t i = 0; i < std::min(hash, out.size()); ++i)
        if (out[i] == '.') out[i] = '_';
    return out;
}

// pyvene's is_source_constant: its ConstantSourceIntervention subclasses (Zero, Collect, Noise) and
// any non-trainable intervention given a source_representation.
bool pyveneSourceIsConstant(const Intervention& iv) {
    if (iv.trainable()) return false;
    const std::string& t = iv.type();
    return iv.sourceRepresentation().defined() || t == "ZeroIntervention" || t == "CollectIntervention" ||
           t == "NoiseIntervention";
}

nlohmann::json optionalJson(const std::optional<int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

} // namespace

void savePyveneFolder(const IntervenableModel& model, const fs::path& dir, PyveneLayout layout) {
    createFolders(dir);
    std::vector<std::string> keys = model.sortedKeys();
    for (auto& key : keys) key = keyFor(key, layout);
    nlohmann::json representations = nlohmann::json::array(), types = nlohmann::json::array(),
                   dims = nlohmann::json::array(), constants = nlohmann::json::array();
    for (std::size_t i = 0; i < keys.size(); ++i) {
        const RepresentationConfig& r = model.config().representations[i];
        const Intervention& iv = model.intervention(i);
        nlohmann::json partition = nullptr;
        if (r.subspacePartition) {
            partition = nlohmann::json::array();
            for (auto [a, b] : *r.subspacePartition) partition.push_back({a, b});
        }
        // RepresentationConfig field order: layer, component, unit, max_number_of_units,
        // low_rank_dimension, intervention_type, intervention, subspace_partition, group_key,
        // intervention_link_key, moe_key, source_representation, hidden_source_representation,
        // latent_dim. pyvene writes a constant source as null + hidden_source_representation true,
        // and the vector itself into the weights file.
        representations.push_back({r.layer, r.component, r.unit, r.maxNumberOfUnits, optionalJson(r.lowRankDimension),
                                   nullptr, nullptr, partition, optionalJson(r.groupKey),
                                   r.interventionLinkKey ? nlohmann::json(*r.interventionLinkKey) : nlohmann::json(nullptr),
                                   nullptr, nullptr,
                                   iv.sourceRepresentation().defined() ? nlohmann::json(true) : nlohmann::json(nullptr),
                                   optionalJson(r.latentDim)});
        types.push_back(pyveneClassString(iv.type()));
        const at::Tensor dim = iv.interchangeDimTensor(); // a list for Autoencoder
        dims.push_back(dim.dim() == 0 ? nlohmann::json(dim.item<int64_t>())
                                      : nlohmann::json(std::vector<int64_t>(dim.data_ptr<int64_t>(), dim.data_ptr<int64_t>() + dim.numel())));
        constants.push_back(pyveneSourceIsConstant(iv));
        if (iv.savesWeights()) writeTorchStateDict(dir / ("intkey_" + keys[i] + ".bin"), iv.stateDict());
    }
    nlohmann::json config = {{"intervention_constant_sources", constants}, {"intervention_dimensions", dims},
                             {"intervention_types", types}, {"mode", "parallel"},
                             {"representations", representations}, {"sorted_keys", keys},
                             {"transformers_version", layout == PyveneLayout::V0_1_5 ? "4.40.2" : "4.43.4"}};
    writeFileAtomically(dir / "config.json", config.dump(2) + "\n");
}

IntervenableModel loadPyveneFolder(const fs::path& dir, std::shared_ptr<const Transformer> model) {
    const fs::path configPath = dir / "config.json";
    std::ifstream in(configPath);
    if (!in) throw Error("The folder " + dir.string() + " has no config.json; it is not a saved pyvene intervention.");
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error(configPath.string() + " is not valid JSON (" + e.what() + ").");
    }
    if (!json.contains("representations") || !json["representations"].is_array() || !json.contains("intervention_types") ||
        !json["intervention_types"].is_array() || json["intervention_types"].size() != json["representations"].size())
        throw Error(configPath.string() + " lacks 'representations' or 'intervention_types' of matching length; it is not a pyvene save.");
    IntervenableConfig config;
    std::vector<bool> constantSource;
    std::vector<nlohmann::json> interchangeDims; // intervention_dimensions: int, list (Autoencoder) or null
    for (std::size_t i = 0; i < json["representations"].size(); ++i) {
        const auto& row = json["representations"][i];
        if (!row.is_array() || row.size() < 4)
            throw Error(configPath.string() + ": representation " + std::to_string(i) + " is not a RepresentationConfig list.");
        RepresentationConfig r;
        try {
            const std::string where = configPath.string() + ": representation " + std::to_string(i);
            r.layer = jsonInteger<int>(row[0], where + "'s layer");
            r.component = row[1].get<std::string>();
            r.unit = row[2].get<std::string>();
            r.maxNumberOfUnits = jsonInteger(row[3], where + "'s max_number_of_units");
            if (row.size() > 4 && row[4].is_number_integer()) r.lowRankDimension = row[4].get<int64_t>();
            if (row.size() > 7 && row[7].is_array()) {
                SubspacePartition p;
                for (const auto& part : row[7])
                    p.emplace_back(jsonInteger(part.at(0), where + "'s subspace_partition"), jsonInteger(part.at(1), where + "'s subspace_partition"));
                r.subspacePartition = p;
            }
            if (row.size() > 8 && row[8].is_number_integer()) r.groupKey = row[8].get<int64_t>();
            if (row.size() > 9 && !row[9].is_null()) r.interventionLinkKey = row[9].is_string() ? row[9].get<std::string>() : row[9].dump();
            if (row.size() > 13 && row[13].is_number_integer()) r.latentDim = row[13].get<int64_t>();
        } catch (const nlohmann::json::exception& e) {
            throw Error(configPath.string() + ": representation " + std::to_string(i) + " has a field of the wrong type (" + e.what() + ").");
        }
        if (!json["intervention_types"][i].is_string())
            throw Error(configPath.string() + ": intervention_types[" + std::to_string(i) + "] is " +
                        json["intervention_types"][i].dump() + ", not an intervention class name; it is not a pyvene save.");
        r.interventionType = typeFromClassString(json["intervention_types"][i].get<std::string>());
        // pyvene marks a constant source at hidden_source_representation (12); Causeway before
        // this fix wrote it at source_representation (11): read both.
        auto marked = [&](std::size_t field) { return row.size() > field && !row[field].is_null() && row[field] != false; };
        constantSource.push_back(marked(11) || marked(12));
        const nlohmann::json& dims = json.contains("intervention_dimensions") ? json["intervention_dimensions"] : nlohmann::json();
        interchangeDims.push_back(dims.is_array() && i < dims.size() ? dims[i] : nlohmann::json());
        config.representations.push_back(r);
    }
    std::vector<std::string> keys;
    if (json.contains("sorted_keys")) {
        const nlohmann::json& sorted = json["sorted_keys"];
        if (!sorted.is_array())
            throw Error(configPath.string() + ": sorted_keys is not a list of keys; it is not a pyvene save.");
        for (std::size_t i = 0; i < sorted.size(); ++i) {
            // A key names the weight file intkey_<key>.bin, which must lie in the folder.
            const bool fileName = sorted[i].is_string() &&
                                  sorted[i].get<std::string>().find_first_of(std::string("/\0", 2)) == std::string::npos;
            if (!fileName)
                throw Error(configPath.string() + ": sorted_keys[" + std::to_string(i) + "] is " + sorted[i].dump() +
                            ", not a key naming a weight file in the folder; it is not a pyvene save.");
            keys.push_back(sorted[i].get<std::string>());
        }
    }

    // Constant sources live in the weight files; read them before building the model.
    std::vector<NamedTensors> states(config.representations.size());
    for (std::size_t i = 0; i < config.representations.size(); ++i) {
        if (i >= keys.size()) break;
        const fs::path bin = dir / ("intkey_" + keys[i] + ".bin");
        if (fs::exists(bin)) states[i] = readTorchStateDict(bin);
        for (const auto& [name, value] : states[i])
            if (name == "source_representation") config.representations[i].sourceRepresentation = value.to(at::kFloat);
        if (constantSource[i] && !config.representations[i].sourceRepresentation.defined())
            throw Error("The saved intervention " + keys[i] + " has a constant source but " + bin.string() + " lacks it.");
    }
    // Built at full width, then narrowed: a dimension this model cannot hold gets a clear message.
    IntervenableModel loaded(std::move(config), std::move(model));
    for (std::size_t i = 0; i < interchangeDims.size(); ++i) {
        const nlohmann::json& dim = interchangeDims[i];
        Intervention& iv = loaded.intervention(i);
        const std::string key = i < keys.size() ? keys[i] : std::to_string(i);
        if (dim.is_array()) {
            std::vector<int64_t> values;
            try {
                values = jsonIntegers(dim, configPath.string() + ": intervention_dimensions of " + key);
            } catch (const nlohmann::json::exception&) {
                throw Error(configPath.string() + ": intervention_dimensions of " + key + " must be an integer or a list of integers.");
            }
            iv.setNamedWeight("interchange_dim", at::tensor(values, at::kLong));
        } else if (dim.is_number_integer()) {
            const int64_t width = dim.get<int64_t>();
            if (iv.type() != "AutoencoderIntervention" && (width <= 0 || width > iv.embedDim()))
                throw Error("The saved intervention " + key + " (representation " + std::to_string(i) + ") swaps " + std::to_string(width) + " dimensions but this model's " +
                            loaded.config().representations[i].component + " gives " + std::to_string(iv.embedDim()) +
                            "; it was saved for another model.");
            iv.setNamedWeight("interchange_dim", at::scalar_tensor(width, at::kLong));
        }
    }
    // pyvene's load() reads the weights of every trainable intervention and fails without them;
    // running the intervention with freshly initialised weights instead would be silently wrong.
    for (std::size_t i = 0; i < states.size(); ++i)
        if (loaded.intervention(i).trainable() && states[i].empty())
            throw Error("Representation " + std::to_string(i) + " of " + configPath.string() + " is a trainable " +
                        loaded.intervention(i).type() + ", but its weights file " +
                        (i < keys.size() ? (dir / ("intkey_" + keys[i] + ".bin")).string()
                                         : std::string("(config.json has no sorted_keys to name it)")) +
                        " is missing; without it the intervention would run with random weights.");
    for (std::size_t i = 0; i < states.size(); ++i)
        if (!states[i].empty()) loaded.intervention(i).loadStateDict(states[i]);
    return loaded;
}

} // namespace causeway
