#include "intervene/intervenable.h"

#include "common/error.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <map>
#include <set>

namespace causeway {

namespace {

// The module input a SkipIntervention substitutes for a module output.
std::optional<Component> skippedInputOf(Component c) {
    switch (c) {
    case Component::BlockOutput: return Component::BlockInput;
    case Component::AttentionOutput: return Component::AttentionInput;
    case Component::MlpOutput: return Component::MlpInput;
    default: return std::nullopt;
    }
}

at::Tensor indexTensor(const std::vector<std::vector<int64_t>>& rows) {
    const int64_t B = static_cast<int64_t>(rows.size()), n = rows.empty() ? 0 : static_cast<int64_t>(rows[0].size());
    at::Tensor t = at::empty({B, n}, at::kLong);
    auto a = t.accessor<int64_t, 2>();
    for (int64_t b = 0; b < B; ++b)
        for (int64_t j = 0; j < n; ++j) a[b][j] = rows[b][j];
    return t;
}

// Flattens a site tensor so every unit is one row along dim 1, and gives the row indices of the
// selected units: "pos" [B, T, W] rows = positions; "h.pos" [B, H, T, Dh] rows = h * T + p (every
// selected head at every selected position, head-major); "h" [B, H, T*Dh] rows = heads.
struct UnitView {
    at::Tensor rows;    // [B, R, width]
    at::Tensor index;   // [B, n]
    std::vector<int64_t> unitShape; // shape of the gathered units after the batch dim
};

UnitView unitView(const at::Tensor& site, Unit unit, const RepresentationLocations& loc) {
    const int64_t B = site.size(0);
    UnitView v;
    switch (unit) {
    case Unit::Position: {
        v.rows = site;
        v.index = indexTensor(loc.positions);
        v.unitShape = {v.index.size(1), site.size(2)};
        break;
    }
    case Unit::HeadPosition: {
        const int64_t H = site.size(1), T = site.size(2), Dh = site.size(3);
        v.rows = site.reshape({B, H * T, Dh});
        at::Tensor heads = indexTensor(loc.heads), positions = indexTensor(loc.positions);
        v.index = (heads.unsqueeze(2) * T + positions.unsqueeze(1)).reshape({B, -1});
        v.unitShape = {heads.size(1), positions.size(1), Dh};
        break;
    }
    case Unit::Head: {
        const int64_t H = site.size(1), T = site.size(2), Dh = site.size(3);
        v.rows = site.reshape({B, H, T * Dh});
        v.index = indexTensor(loc.heads);
        v.unitShape = {v.index.size(1), T, Dh};
        break;
    }
    }
    return v;
}

at::Tensor gatherUnits(const UnitView& v) {
    const int64_t B = v.rows.size(0), width = v.rows.size(2);
    at::Tensor idx = v.index.unsqueeze(-1).expand({B, v.index.size(1), width});
    std::vector<int64_t> shape = {B};
    shape.insert(shape.end(), v.unitShape.begin(), v.unitShape.end());
    return v.rows.gather(1, idx).reshape(shape);
}

at::Tensor scatterUnits(const at::Tensor& site, const UnitView& v, const at::Tensor& units) {
    const int64_t B = v.rows.size(0), width = v.rows.size(2);
    at::Tensor idx = v.index.unsqueeze(-1).expand({B, v.index.size(1), width});
    return v.rows.scatter(1, idx, units.reshape({B, v.index.size(1), width})).reshape(site.sizes());
}

std::string describe(std::size_t i, const RepresentationConfig& r) {
    return "Representation " + std::to_string(i) + " (layer " + std::to_string(r.layer) + ", " + r.component + ", unit " +
           r.unit + ")";
}

} // namespace

std::string unitName(Unit u) {
    switch (u) {
    case Unit::Position: return "pos";
    case Unit::Head: return "h";
    case Unit::HeadPosition: return "h.pos";
    }
    return "?";
}

Unit unitFromName(const std::string& name, const std::string& where) {
    if (name == "pos") return Unit::Position;
    if (name == "h") return Unit::Head;
    if (name == "h.pos") return Unit::HeadPosition;
    if (name == "t")
        throw Error(where + ": unit 't' (timesteps of recurrent models) does not apply to transformers; use 'pos', 'h' or 'h.pos'.");
    throw Error(where + ": unknown unit '" + name + "'; use 'pos', 'h' or 'h.pos'.");
}

IntervenableModel::IntervenableModel(IntervenableConfig config, std::shared_ptr<const Transformer> model)
    : config_(std::move(config)), model_(std::move(model)) {
    if (!model_) throw Error("An IntervenableModel needs a model.");
    const ModelConfig& mc = model_->config();
    if (config_.representations.empty()) throw Error("The intervention config has no representations.");
    std::map<std::string, std::shared_ptr<Intervention>> linked;
    bool anyGroupKey = false, allGroupKeys = true;
    for (std::size_t i = 0; i < config_.representations.size(); ++i) {
        const RepresentationConfig& r = config_.representations[i];
        const std::string where = describe(i, r);
        if (r.layer < 0 || r.layer >= mc.numLayers)
            throw Error(where + ": layer " + std::to_string(r.layer) + " does not exist; the model has layers 0 to " +
                        std::to_string(mc.numLayers - 1) + ".");
        auto component = componentFromName(r.component);
        if (!component)
            throw Error(where + ": unknown component '" + r.component + "'.");
        if (!mc.hasComponent(*component))
            throw Error(where + ": " + mc.modelType + " models have no component '" + r.component + "'.");
        if (!mc.hasSite(r.layer, *component))
            throw Error(where + ": layer " + std::to_string(r.layer) + " has a dense MLP, so no router; '" + r.component +
                        "' exists at the model's MoE layers only.");
        Unit unit = unitFromName(r.unit, where);
        const bool headComponent = isHeadComponent(*component) || *component == Component::AttentionWeight;
        if (headComponent != (unit != Unit::Position))
            throw Error(where + ": component '" + r.component + "' takes " + (headComponent ? "unit 'h' or 'h.pos'" : "unit 'pos'") +
                        ", not '" + r.unit + "'.");
        if (r.maxNumberOfUnits <= 0)
            throw Error(where + ": max_number_of_units must be positive.");
        components_.push_back(*component);
        units_.push_back(unit);

        const int64_t width = componentWidth(i);
        if (width == 0 && r.interventionType != "CollectIntervention")
            throw Error(where + ": attention weights can only be collected (CollectIntervention).");
        std::shared_ptr<Intervention> intervention;
        if (r.interventionLinkKey) intervention = linked[*r.interventionLinkKey];
        if (!intervention) {
            InterventionSpec spec;
            spec.type = r.interventionType;
            spec.embedDim = std::max<int64_t>(width, 1) * r.maxNumberOfUnits;
            spec.interchangeDim = r.interchangeDim;
            spec.lowRankDimension = r.lowRankDimension;
            spec.latentDim = r.latentDim;
            spec.subspacePartition = r.subspacePartition;
            spec.seed = config_.seed + i;
            if (r.sourceRepresentation.defined()) {
                if (r.sourceRepresentation.numel() != width)
                    throw Error(where + ": the constant source has " + std::to_string(r.sourceRepresentation.numel()) +
                                " values but the component is " + std::to_string(width) + " wide.");
                spec.sourceRepresentation = r.sourceRepresentation.to(at::kFloat).reshape({width});
            }
            try {
                intervention = makeIntervention(spec);
            } catch (const Error& e) {
                throw Error(where + ": " + e.what());
            }
            if (r.interventionLinkKey) linked[*r.interventionLinkKey] = intervention;
        }
        if (intervention->type() == "SkipIntervention" && !skippedInputOf(*component))
            throw Error(where + ": SkipIntervention applies to block_output, attention_output or mlp_output.");
        interventions_.push_back(intervention);
        anyGroupKey |= r.groupKey.has_value();
        allGroupKeys &= r.groupKey.has_value();
    }
    // pyvene: either every representation has a group key (sources are indexed by sorted group
    // key) or each representation is its own group.
    if (anyGroupKey && !allGroupKeys)
        throw Error("Some representations have a group_key and others do not; give every representation one, or none.");
    if (anyGroupKey) {
        std::set<int64_t> keys;
        for (const auto& r : config_.representations) keys.insert(*r.groupKey);
        for (const auto& r : config_.representations)
            groups_.push_back(static_cast<std::size_t>(std::distance(keys.begin(), keys.find(*r.groupKey))));
        groupCount_ = keys.size();
    } else {
        for (std::size_t i = 0; i < config_.representations.size(); ++i) groups_.push_back(i);
        groupCount_ = config_.representations.size();
    }
}

IntervenableModel::~IntervenableModel() = default;
IntervenableModel::IntervenableModel(IntervenableModel&&) noexcept = default;

Intervention& IntervenableModel::intervention(std::size_t i) const { return *interventions_.at(i); }
std::size_t IntervenableModel::groupCount() const { return groupCount_; }
std::size_t IntervenableModel::groupOf(std::size_t i) const { return groups_.at(i); }

int64_t IntervenableModel::componentWidth(std::size_t i) const {
    const ModelConfig& c = model_->config();
    auto comp = componentFromName(config_.representations.at(i).component);
    switch (*comp) {
    case Component::AttentionValueOutput:
    case Component::QueryOutput: return c.numHeads * c.headDim;
    case Component::KeyOutput:
    case Component::ValueOutput: return c.numKvHeads * c.headDim;
    case Component::MlpActivation: return c.intermediateSize;
    case Component::MoeRouterLogits: return c.numExperts;
    case Component::HeadQueryOutput:
    case Component::HeadKeyOutput:
    case Component::HeadValueOutput:
    case Component::HeadAttentionValueOutput: return c.headDim;
    case Component::AttentionWeight: return 0;
    default: return c.hiddenSize;
    }
}

std::vector<std::string> IntervenableModel::sortedKeys() const {
    std::vector<std::string> keys;
    std::map<std::string, int> seen;
    for (const auto& r : config_.representations) {
        std::string key = "layer." + std::to_string(r.layer) + ".comp." + r.component + ".unit." + r.unit + ".nunit." +
                          std::to_string(r.maxNumberOfUnits);
        keys.push_back(key + "#" + std::to_string(seen[key]++));
    }
    return keys;
}

std::vector<at::Tensor> IntervenableModel::trainableParameters() const {
    std::vector<at::Tensor> params;
    std::set<const Intervention*> done;
    for (const auto& i : interventions_)
        if (done.insert(i.get()).second)
            for (const at::Tensor& p : i->parameters()) params.push_back(p);
    return params;
}

void IntervenableModel::validate(const InterveneRequest& request) const {
    const ModelConfig& mc = model_->config();
    const std::size_t n = config_.representations.size();
    if (request.baseTokenEmbeddings.defined()) {
        // The token embeddings' width: OPT's word_embed_proj_dim when narrower than the model.
        if (request.baseTokenEmbeddings.dim() != 3 || request.baseTokenEmbeddings.size(2) != mc.embeddingWidth)
            throw Error("The base embeddings must be [batch, tokens, " + std::to_string(mc.embeddingWidth) + "].");
    } else if (!request.base.defined() || request.base.dim() != 2 || request.base.scalar_type() != at::kLong) {
        throw Error("The base input must be a [batch, tokens] tensor of token ids.");
    }
    const at::Tensor& shapeOf = request.baseTokenEmbeddings.defined() ? request.baseTokenEmbeddings : request.base;
    const int64_t B = shapeOf.size(0), T = shapeOf.size(1);
    if (request.locations.base.size() != n)
        throw Error("unit_locations gives base locations for " + std::to_string(request.locations.base.size()) +
                    " representations but the config has " + std::to_string(n) + ".");
    if (!request.locations.sources.empty() && request.locations.sources.size() != n)
        throw Error("unit_locations gives source locations for " + std::to_string(request.locations.sources.size()) +
                    " representations but the config has " + std::to_string(n) + ".");
    if (!request.subspaces.empty() && request.subspaces.size() != n)
        throw Error("subspaces are given for " + std::to_string(request.subspaces.size()) +
                    " representations but the config has " + std::to_string(n) + ".");

    bool anySource = false;
    for (std::size_t i = 0; i < n; ++i)
        anySource |= interventions_[i]->usesSource();
    if (anySource && request.sources.size() != groupCount_)
        throw Error(std::to_string(request.sources.size()) + " source inputs were given but the config has " +
                    std::to_string(groupCount_) + " source group" + (groupCount_ == 1 ? "" : "s") +
                    " (one per representation unless group_key is set).");
    for (std::size_t g = 0; g < request.sources.size(); ++g) {
        const at::Tensor& s = request.sources[g];
        if (!s.defined()) continue;
        if (s.dim() != 2 || s.scalar_type() != at::kLong)
            throw Error("Source " + std::to_string(g) + " must be a [batch, tokens] tensor of token ids.");
        if (s.size(0) != B)
            throw Error("Source " + std::to_string(g) + " has batch size " + std::to_string(s.size(0)) +
                        " but the base has " + std::to_string(B) + "; source example b feeds base example b.");
    }

    auto checkLocations = [&](std::size_t i, const RepresentationLocations& loc, int64_t length, const std::string& side) {
        const std::string where = describe(i, config_.representations[i]);
        const Unit unit = units_[i];
        const int64_t heads = mc.headsFor(components_[i]);
        auto checkRows = [&](const std::vector<std::vector<int64_t>>& rows, int64_t limit, const std::string& what) {
            if (static_cast<int64_t>(rows.size()) != B)
                throw Error(where + ": " + side + " " + what + " are given for " + std::to_string(rows.size()) +
                            " examples but the batch has " + std::to_string(B) + ".");
            for (std::size_t b = 0; b < rows.size(); ++b) {
                if (rows[b].size() != rows[0].size())
                    throw Error(where + ": every example must select the same number of " + what + ".");
                if (rows[b].empty()) throw Error(where + ": " + side + " example " + std::to_string(b) + " selects no " + what + ".");
                for (int64_t v : rows[b])
                    if (v < 0 || v >= limit)
                        throw Error(where + ": " + side + " " + what.substr(0, what.size() - 1) + " " + std::to_string(v) +
                                    " (example " + std::to_string(b) + ") is outside 0.." + std::to_string(limit - 1) + ".");
            }
        };
        if (unit != Unit::Head) checkRows(loc.positions, length, "positions");
        if (unit != Unit::Position) checkRows(loc.heads, heads, "heads");
    };

    for (std::size_t i = 0; i < n; ++i) {
        const std::string where = describe(i, config_.representations[i]);
        if (!request.locations.base[i]) throw Error(where + " has no base locations.");
        checkLocations(i, *request.locations.base[i], T, "base");
        const RepresentationLocations& baseLoc = *request.locations.base[i];
        const Intervention& iv = *interventions_[i];
        if (!iv.localist()) {
            int64_t units = 0, width = componentWidth(i);
            if (units_[i] == Unit::Position) units = static_cast<int64_t>(baseLoc.positions[0].size());
            else units = static_cast<int64_t>(baseLoc.heads[0].size());
            if (units * width != iv.embedDim())
                throw Error(where + ": " + iv.type() + " acts on " + std::to_string(iv.embedDim()) + " values (" +
                            std::to_string(config_.representations[i].maxNumberOfUnits) + " unit(s) of " +
                            std::to_string(width) + ") but the locations select " + std::to_string(units) +
                            " unit(s); set max_number_of_units to " + std::to_string(units) + ".");
        }
        if (iv.usesSource()) {
            if (request.locations.sources.empty() || !request.locations.sources[i])
                throw Error(where + ": " + iv.type() + " needs a source, but unit_locations gives it no source locations.");
            const at::Tensor& source = request.sources[groups_[i]];
            if (!source.defined()) throw Error(where + ": its source group " + std::to_string(groups_[i]) + " has no input.");
            const RepresentationLocations& srcLoc = *request.locations.sources[i];
            checkLocations(i, srcLoc, source.size(1), "source");
            auto count = [&](const RepresentationLocations& l) {
                return (units_[i] == Unit::Head ? 1 : l.positions[0].size()) * (units_[i] == Unit::Position ? 1 : l.heads[0].size());
            };
            if (count(srcLoc) != count(baseLoc))
                throw Error(where + ": the source selects " + std::to_string(count(srcLoc)) + " units but the base " +
                            std::to_string(count(baseLoc)) + "; the j-th source unit goes to the j-th base unit.");
        }
        if (!request.subspaces.empty() && request.subspaces[i] && static_cast<int64_t>(request.subspaces[i]->size()) != B)
            throw Error(where + ": subspaces are given for " + std::to_string(request.subspaces[i]->size()) +
                        " examples but the batch has " + std::to_string(B) + ".");
    }
}

bool IntervenableModel::isSkip(std::size_t i) const { return interventions_[i]->type() == "SkipIntervention"; }

std::vector<at::Tensor> IntervenableModel::gatherSources(const InterveneRequest& request) const {
    const std::size_t n = config_.representations.size();
    std::vector<at::Tensor> units(n);
    const int L = static_cast<int>(model_->config().numLayers);
    for (std::size_t g = 0; g < request.sources.size(); ++g) {
        if (!request.sources[g].defined()) continue;
        std::vector<std::size_t> members;
        int lastLayer = 0;
        // pyvene's Skip, given a source, takes the skipped module's input from the source run.
        auto sourceSite = [&](std::size_t i) {
            return isSkip(i) ? *skippedInputOf(components_[i]) : components_[i];
        };
        for (std::size_t i = 0; i < n; ++i) {
            const bool skipWithSource = isSkip(i) && !request.locations.sources.empty() && request.locations.sources[i];
            if (groups_[i] == g && (interventions_[i]->usesSource() || skipWithSource)) {
                members.push_back(i);
                lastLayer = std::max(lastLayer, config_.representations[i].layer);
            }
        }
        if (members.empty()) continue;
        SiteHooks hooks(L, [&](const Site& site, at::Tensor& t) {
            for (std::size_t i : members)
                if (config_.representations[i].layer == site.layer && sourceSite(i) == site.component)
                    units[i] = gatherUnits(unitView(t, units_[i], *request.locations.sources[i])).detach();
        });
        for (std::size_t i : members) hooks.want(config_.representations[i].layer, sourceSite(i));
        ForwardOptions options;
        options.hooks = &hooks;
        options.lastLayer = lastLayer;
        options.logits = LogitsMode::None;
        model_->forward(request.sources[g], options);
    }
    return units;
}

InterveneResult IntervenableModel::run(const at::Tensor& base, const std::vector<at::Tensor>& sourceUnits,
                                       const InterveneRequest& request, bool enableGrad, KVCache* cache,
                                       LogitsMode logits, bool baseUnitsAreNewToken) const try {
    const std::size_t n = config_.representations.size();
    const int L = static_cast<int>(model_->config().numLayers);
    std::vector<RepresentationLocations> baseLocations;
    for (std::size_t i = 0; i < n; ++i) {
        RepresentationLocations loc = *request.locations.base[i];
        if (baseUnitsAreNewToken)
            for (auto& row : loc.positions) std::fill(row.begin(), row.end(), 0);
        baseLocations.push_back(std::move(loc));
    }
    std::vector<at::Tensor> collected(n);
    std::map<std::pair<int, Component>, at::Tensor> skippedInputs;

    SiteHooks hooks(L, [&](const Site& site, at::Tensor& t) {
        for (std::size_t i = 0; i < n; ++i) {
            const RepresentationConfig& r = config_.representations[i];
            if (r.layer != site.layer) continue;
            Intervention& iv = *interventions_[i];
            if (isSkip(i) && skippedInputOf(components_[i]) == site.component)
                skippedInputs[{site.layer, site.component}] = t;
            if (components_[i] != site.component) continue;

            UnitView view = unitView(t, units_[i], baseLocations[i]);
            at::Tensor baseUnits = gatherUnits(view);
            if (iv.collects()) {
                collected[i] = baseUnits.detach().clone();
                continue;
            }
            at::Tensor source = sourceUnits[i];
            if (isSkip(i) && !source.defined()) // no source: skip the module in the base run itself
                source = gatherUnits(unitView(skippedInputs.at({site.layer, *skippedInputOf(components_[i])}), units_[i],
                                              baseLocations[i]));
            const Subspaces* subspaces =
                request.subspaces.empty() || !request.subspaces[i] ? nullptr : &*request.subspaces[i];

            at::Tensor result;
            if (iv.localist()) {
                result = iv.apply(baseUnits, source, subspaces);
            } else {
                // pyvene flattens: "pos" [B, n*W]; "h.pos" [B, positions, heads*Dh]; "h" [B, T, heads*Dh].
                auto flatten = [&](const at::Tensor& u) -> at::Tensor {
                    if (!u.defined()) return u;
                    if (units_[i] == Unit::Position) return u.reshape({u.size(0), -1});
                    return u.permute({0, 2, 1, 3}).reshape({u.size(0), u.size(2), -1});
                };
                at::Tensor flat = iv.apply(flatten(baseUnits), flatten(source), subspaces);
                if (units_[i] == Unit::Position) {
                    result = flat.reshape(baseUnits.sizes());
                } else {
                    result = flat.reshape({baseUnits.size(0), baseUnits.size(2), baseUnits.size(1), baseUnits.size(3)})
                                 .permute({0, 2, 1, 3});
                }
            }
            t = scatterUnits(t, view, result.to(t.scalar_type()));
        }
    });
    for (std::size_t i = 0; i < n; ++i) {
        hooks.want(config_.representations[i].layer, components_[i]);
        if (isSkip(i))
            hooks.want(config_.representations[i].layer, *skippedInputOf(components_[i]));
    }
    ForwardOptions options;
    options.hooks = &hooks;
    options.enableGrad = enableGrad;
    options.cache = cache;
    options.logits = logits;
    if (!baseUnitsAreNewToken) options.tokenEmbeddings = request.baseTokenEmbeddings;
    InterveneResult result;
    result.intervenedLogits = model_->forward(base, options).logits;
    for (std::size_t i = 0; i < n; ++i)
        if (interventions_[i]->collects() && collected[i].defined())
            for (int64_t b = 0; b < collected[i].size(0); ++b) result.collected.push_back(collected[i].select(0, b));
    return result;
} catch (const c10::Error& e) {
    // A shape the checks above let through (fuzz_intervention_case: a SigmoidMaskIntervention whose
    // mask is wider than the site) fails inside LibTorch; say so as a user error, not a crash.
    throw Error("The intervention could not be applied: " + std::string(e.what_without_backtrace()) +
                ". Check the case's units, dimensions and intervention types against this model.");
}

InterveneResult IntervenableModel::forward(const InterveneRequest& request, bool enableGrad) const {
    validate(request);
    std::vector<at::Tensor> sourceUnits = gatherSources(request);
    InterveneResult result = run(request.base, sourceUnits, request, enableGrad, nullptr, LogitsMode::All, false);
    if (request.outputOriginal) {
        ForwardOptions plain;
        plain.tokenEmbeddings = request.baseTokenEmbeddings;
        result.originalLogits = model_->forward(request.base, plain).logits;
    }
    return result;
}

GenerateResult IntervenableModel::generate(const InterveneRequest& request, const GenerateOptions& options) const {
    validate(request);
    if (options.maxNewTokens < 0) throw Error("max_new_tokens must not be negative.");
    const int64_t B = request.base.size(0), T = request.base.size(1);
    if (T + options.maxNewTokens > model_->config().maxPositions)
        throw Error("The prompt (" + std::to_string(T) + " tokens) plus " + std::to_string(options.maxNewTokens) +
                    " new tokens exceeds the model's context of " + std::to_string(model_->config().maxPositions) + ".");
    std::vector<at::Tensor> sourceUnits = gatherSources(request);
    at::Generator generator = at::detail::createCPUGenerator(options.seed);

    auto pick = [&](const at::Tensor& lastLogits) { // [B, V] -> [B, 1]
        if (!options.sample) return lastLogits.argmax(-1, true);
        at::Tensor scaled = lastLogits / std::max(options.temperature, 1e-6);
        if (options.topK > 0 && options.topK < scaled.size(-1)) {
            at::Tensor kth = std::get<0>(scaled.topk(options.topK, -1)).narrow(-1, options.topK - 1, 1);
            scaled = scaled.masked_fill(scaled < kth, -std::numeric_limits<float>::infinity());
        }
        return at::multinomial(at::softmax(scaled, -1), 1, false, generator);
    };

    auto decode = [&](bool intervene) {
        KVCache cache;
        at::Tensor ids = request.base;
        at::Tensor finished = at::zeros({B, 1}, at::kBool);
        at::Tensor logits;
        if (intervene && options.interveneOnPrompt) {
            logits = run(request.base, sourceUnits, request, false, &cache, LogitsMode::LastPosition, false).intervenedLogits;
        } else {
            ForwardOptions fo;
            fo.cache = &cache;
            fo.logits = LogitsMode::LastPosition;
            logits = model_->forward(request.base, fo).logits;
        }
        for (int step = 0; step < options.maxNewTokens; ++step) {
            at::Tensor next = pick(logits.select(1, 0));
            if (options.eosTokenId) {
                next = next.masked_fill(finished, *options.eosTokenId);
                finished = finished.logical_or(next == *options.eosTokenId);
            }
            ids = at::cat({ids, next}, 1);
            if (step + 1 == options.maxNewTokens || finished.all().item<bool>()) break;
            if (intervene && options.interveneOnGeneratedTokens) {
                logits = run(next, sourceUnits, request, false, &cache, LogitsMode::LastPosition, true).intervenedLogits;
            } else {
                ForwardOptions fo;
                fo.cache = &cache;
                fo.logits = LogitsMode::LastPosition;
                logits = model_->forward(next, fo).logits;
            }
        }
        return ids;
    };
    GenerateResult result;
    result.originalIds = decode(false);
    result.intervenedIds = decode(true);
    return result;
}

} // namespace causeway
