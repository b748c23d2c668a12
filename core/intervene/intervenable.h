#pragma once
// pyvene's IntervenableModel in C++: representations (where), interventions (what), unit
// locations (which positions / heads), sources (from which inputs), with pyvene's semantics.
#include "intervene/interventions.h"
#include "model/transformer.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace causeway {

enum class Unit { Position, Head, HeadPosition }; // pyvene's "pos", "h", "h.pos"

std::string unitName(Unit u);
Unit unitFromName(const std::string& name, const std::string& where); // throws for "t" and unknown units

// pyvene's RepresentationConfig, with its field names and defaults.
struct RepresentationConfig {
    int layer = 0;
    std::string component = "block_output";
    std::string unit = "pos";
    int64_t maxNumberOfUnits = 1;
    std::string interventionType = "VanillaIntervention";
    std::optional<int64_t> lowRankDimension;
    std::optional<SubspacePartition> subspacePartition;
    std::optional<int64_t> groupKey;
    std::optional<std::string> interventionLinkKey; // representations with the same key share one intervention
    at::Tensor sourceRepresentation;                // constant source, [component width]
    std::optional<int64_t> interchangeDim;
    std::optional<int64_t> latentDim; // AutoencoderIntervention
};

struct IntervenableConfig {
    std::vector<RepresentationConfig> representations;
    uint64_t seed = 0; // initialises trainable interventions
};

// Where one representation acts, per batch example. Unit "pos": positions[b] = the positions.
// Unit "h.pos": heads[b] x positions[b] (every head at every position). Unit "h": heads[b].
struct RepresentationLocations {
    std::vector<std::vector<int64_t>> positions;
    std::vector<std::vector<int64_t>> heads;
};

// pyvene's unit_locations: {"sources->base": (sources, base)} or {"base": base}. Indexed by
// representation; std::nullopt stands for pyvene's None (no source for that representation).
struct UnitLocations {
    std::vector<std::optional<RepresentationLocations>> sources;
    std::vector<std::optional<RepresentationLocations>> base;
};

struct InterveneRequest {
    at::Tensor base;                 // [B, T] token ids
    // Optional [B, T, D]: the base run's token embeddings instead of ids (HF's inputs_embeds;
    // causal tracing feeds noised embeddings this way).
    at::Tensor baseTokenEmbeddings;
    std::vector<at::Tensor> sources; // one [B, Ts] per source group; empty when no intervention uses a source
    UnitLocations locations;
    std::vector<std::optional<Subspaces>> subspaces; // per representation (may be empty)
    bool outputOriginal = false;
};

struct InterveneResult {
    at::Tensor originalLogits;      // when asked for
    at::Tensor intervenedLogits;    // [B, T, V]
    std::vector<at::Tensor> collected; // per Collect representation (config order), one tensor per example
};

struct GenerateOptions {
    int maxNewTokens = 20;
    bool sample = false;            // greedy when false
    double temperature = 1.0;
    int64_t topK = 0;               // 0 = whole vocabulary
    uint64_t seed = 0;
    bool interveneOnPrompt = true;  // pyvene's intervene_on_prompt
    // Also intervene at each generated token: every representation's base units become the new
    // token (position 0 of that step); source units stay as given.
    bool interveneOnGeneratedTokens = false;
    std::optional<int64_t> eosTokenId; // stop a row there; finished rows are padded with it
};

struct GenerateResult {
    at::Tensor originalIds;   // [B, T + new]
    at::Tensor intervenedIds; // [B, T + new]
};

class IntervenableModel {
public:
    // Validates every representation against the model (layer, component, unit, sizes) and builds
    // its intervention. Throws causeway::Error naming the representation and the wrong value.
    IntervenableModel(IntervenableConfig config, std::shared_ptr<const Transformer> model);
    ~IntervenableModel();
    IntervenableModel(IntervenableModel&&) noexcept;

    InterveneResult forward(const InterveneRequest& request, bool enableGrad = false) const;
    GenerateResult generate(const InterveneRequest& request, const GenerateOptions& options) const;

    const IntervenableConfig& config() const { return config_; }
    const Transformer& model() const { return *model_; }
    std::shared_ptr<const Transformer> modelPointer() const { return model_; }
    Intervention& intervention(std::size_t representation) const;
    // pyvene's keys: "layer.1.comp.block_output.unit.pos.nunit.1#0", in config order.
    std::vector<std::string> sortedKeys() const;
    std::vector<at::Tensor> trainableParameters() const;
    int64_t componentWidth(std::size_t representation) const;
    std::size_t groupCount() const;
    std::size_t groupOf(std::size_t representation) const;

    // Checks a request against the config and model before anything is computed.
    void validate(const InterveneRequest& request) const;

private:
    struct Plan;
    IntervenableConfig config_;
    std::shared_ptr<const Transformer> model_;
    std::vector<std::shared_ptr<Intervention>> interventions_; // per representation (shared by link key)
    std::vector<Component> components_;
    std::vector<Unit> units_;
    std::vector<std::size_t> groups_;
    std::size_t groupCount_ = 0;

    std::vector<at::Tensor> gatherSources(const InterveneRequest& request) const;
    bool isSkip(std::size_t representation) const;
    InterveneResult run(const at::Tensor& base, const std::vector<at::Tensor>& sourceUnits,
                        const InterveneRequest& request, bool enableGrad, KVCache* cache,
                        LogitsMode logits, bool baseUnitsAreNewToken) const;
};

} // namespace causeway
