#include "intervene/interventions.h"

#include "common/error.h"

#include <ATen/ATen.h>

#include <cmath>
#include <functional>
#include <map>
#include <random>

namespace causeway {

namespace {

at::Tensor eyeRect(int64_t n, int64_t k) { return at::eye(n, k, at::kFloat); }

// Trains on CPU float32; gradients flow only into intervention parameters.
at::Tensor trainableTensor(at::Tensor t) { return t.detach().clone().set_requires_grad(true); }

const at::Tensor& stateValue(const NamedTensors& state, const std::string& name, const std::string& type) {
    for (const auto& [key, value] : state)
        if (key == name) return value;
    throw Error("The saved " + type + " lacks the tensor '" + name + "'; it was saved by an incompatible version.");
}

void copyInto(at::Tensor& target, const at::Tensor& value, const std::string& name, const std::string& type) {
    if (target.sizes() != value.sizes())
        throw Error("The saved " + type + " has '" + name + "' of shape " + std::to_string(value.numel()) +
                    " elements arranged differently from this configuration's; the saved folder belongs to another config.");
    at::NoGradGuard noGrad;
    target.copy_(value.to(target.scalar_type()));
}

class SwapIntervention : public Intervention {
public:
    SwapIntervention(const InterventionSpec& spec, std::string mode, bool usesSource)
        : Intervention(spec), mode_(std::move(mode)), usesSource_(usesSource) {}
    bool localist() const override { return true; }
    bool usesSource() const override { return usesSource_ && !sourceRepresentation_.defined(); }
    at::Tensor apply(const at::Tensor& base, const at::Tensor& source, const Subspaces* subspaces) override {
        at::Tensor s = sourceRepresentation_.defined() ? sourceRepresentation_.expand_as(base) : source;
        return swap(base, s, mode_, subspaces);
    }

private:
    std::string mode_;
    bool usesSource_;
};

class CollectIntervention : public Intervention {
public:
    using Intervention::Intervention;
    bool localist() const override { return true; } // collected in the natural [units, Dc] layout
    bool usesSource() const override { return false; }
    bool collects() const override { return true; }
    at::Tensor apply(const at::Tensor& base, const at::Tensor&, const Subspaces*) override { return base; }
};

// The source is the hooked module's own input (IntervenableModel supplies it): the module is
// skipped on the selected units.
class SkipIntervention : public Intervention {
public:
    using Intervention::Intervention;
    bool localist() const override { return true; }
    bool usesSource() const override { return false; }
    at::Tensor apply(const at::Tensor& base, const at::Tensor& moduleInput, const Subspaces* subspaces) override {
        return swap(base, moduleInput, "interchange", subspaces);
    }
};

class NoiseIntervention : public Intervention {
public:
    static constexpr double kDefaultLevel = 0.13462981581687927; // pyvene 0.1.5's default
    explicit NoiseIntervention(const InterventionSpec& spec) : Intervention(spec) {}
    bool localist() const override { return true; }
    bool usesSource() const override { return false; }
    at::Tensor apply(const at::Tensor& base, const at::Tensor&, const Subspaces*) override {
        // pyvene adds a fixed float64 buffer RandomState(1).randn(1, 4, D) x level to the four
        // selected units; row j goes to unit j. Rows beyond four continue the same stream. With
        // max_number_of_units > 1 the buffer is wider than a unit (pyvene itself fails there); each
        // unit then takes the start of its row.
        const int64_t rows = base.dim() >= 2 ? base.size(-2) : 1, width = std::min(interchangeDim_, base.size(-1));
        const int64_t draws = std::max<int64_t>(rows, 4) * embedDim_;
        std::vector<double> values = numpyLegacyRandn(1, static_cast<std::size_t>(draws));
        at::Tensor noise = at::from_blob(values.data(), {std::max<int64_t>(rows, 4), embedDim_}, at::kDouble)
                               .narrow(0, 0, rows).narrow(1, 0, width).clone();
        const double level = static_cast<double>(static_cast<float>(kDefaultLevel)); // a float32 buffer in pyvene
        at::Tensor out = base.clone();
        at::Tensor target = out.narrow(-1, 0, width);
        target.copy_((target.to(at::kDouble) + noise * level).to(base.scalar_type()));
        return out;
    }
};

class SigmoidMaskIntervention : public Intervention {
public:
    explicit SigmoidMaskIntervention(const InterventionSpec& spec) : Intervention(spec) {
        mask_ = trainableTensor(at::zeros({embedDim_}));
        temperature_ = at::scalar_tensor(0.01, at::kFloat); // pyvene's default temperature, a 0-d tensor as there
        saveAs("mask", &mask_, true);
        saveAs("temperature", &temperature_, true, std::vector<int64_t>{});
    }
    bool localist() const override { return true; }
    bool trainable() const override { return true; }
    at::Tensor apply(const at::Tensor& base, const at::Tensor& source, const Subspaces*) override {
        at::Tensor m = at::sigmoid(mask_ / temperature_);
        return (1.0 - m) * base + m * source;
    }
    std::vector<at::Tensor> parameters() override { return {mask_}; }
    void setTemperature(double t) override { temperature_.fill_(t); }

private:
    at::Tensor mask_, temperature_;
};

// Shared by the rotation-based interventions: W = base @ Q(original).
class RotationIntervention : public Intervention {
public:
    RotationIntervention(const InterventionSpec& spec, int64_t rank) : Intervention(spec) {
        rotation_ = OrthogonalParametrization::init(embedDim_, rank, spec.seed);
        saveAs("rotate_layer.parametrizations.weight.original", &rotation_.original, true);
        saveAs("rotate_layer.parametrizations.weight.0.base", &rotation_.base, true);
    }
    bool localist() const override { return false; }
    bool trainable() const override { return true; }
    std::vector<at::Tensor> parameters() override { return {rotation_.original}; }
    bool setNamedWeight(const std::string& name, const at::Tensor& value) override {
        if (name != "rotate_weight" && name != "low_rank_weight") return Intervention::setNamedWeight(name, value);
        setWeight(value);
        return true;
    }
    // Sets the effective rotation W directly (orthonormal columns), as the fixtures store it.
    void setWeight(const at::Tensor& weight) {
        at::NoGradGuard noGrad;
        const int64_t n = rotation_.base.size(0), k = rotation_.original.size(1);
        if (weight.dim() != 2 || weight.size(0) != n || weight.size(1) != k)
            throw Error(type_ + " needs a rotation of shape [" + std::to_string(n) + ", " + std::to_string(k) + "].");
        at::Tensor basis = weight.to(at::kFloat);
        if (k < n) { // complete the columns to an orthonormal basis; only the first k matter
            at::Tensor q = std::get<0>(at::linalg_qr(at::cat({basis, at::randn({n, n - k})}, 1)));
            basis = at::cat({basis, q.narrow(1, k, n - k)}, 1);
        }
        rotation_.base = basis.contiguous();
        rotation_.original.copy_(-eyeRect(n, k));
    }

protected:
    OrthogonalParametrization rotation_;
};

class RotatedSpaceIntervention : public RotationIntervention {
public:
    explicit RotatedSpaceIntervention(const InterventionSpec& spec) : RotationIntervention(spec, spec.embedDim) {}
    at::Tensor apply(const at::Tensor& base, const at::Tensor& source, const Subspaces* subspaces) override {
        at::Tensor w = rotation_.weight();
        at::Tensor rotated = swap(at::matmul(base, w), at::matmul(source, w), "interchange", subspaces);
        return at::matmul(rotated, w.t());
    }
};

class LowRankRotatedSpaceIntervention : public RotationIntervention {
public:
    explicit LowRankRotatedSpaceIntervention(const InterventionSpec& spec)
        : RotationIntervention(spec, requireRank(spec)) {}
    at::Tensor apply(const at::Tensor& base, const at::Tensor& source, const Subspaces* subspaces) override {
        at::Tensor w = rotation_.weight();
        at::Tensor difference = at::matmul(source, w) - at::matmul(base, w);
        if (subspaces) { // keep only the selected rotated coordinates, per example
            at::Tensor mask = at::zeros_like(difference);
            for (std::size_t b = 0; b < subspaces->size(); ++b)
                for (int64_t s : (*subspaces)[b])
                    for (int64_t d : subspaceDims({s})) mask.select(0, static_cast<int64_t>(b)).select(-1, d).fill_(1.0);
            difference = difference * mask;
        }
        return base + at::matmul(difference, w.t());
    }

private:
    static int64_t requireRank(const InterventionSpec& spec) {
        if (!spec.lowRankDimension || *spec.lowRankDimension <= 0 || *spec.lowRankDimension > spec.embedDim)
            throw Error("LowRankRotatedSpaceIntervention needs low_rank_dimension between 1 and " +
                        std::to_string(spec.embedDim) + ".");
        return *spec.lowRankDimension;
    }
};

class BoundlessRotatedSpaceIntervention : public RotationIntervention {
public:
    explicit BoundlessRotatedSpaceIntervention(const InterventionSpec& spec) : RotationIntervention(spec, spec.embedDim) {
        boundaries_ = trainableTensor(at::full({1}, 0.5));
        temperature_ = at::scalar_tensor(50.0, at::kFloat); // 0-d, as pyvene saves it
        population_ = at::arange(0, embedDim_, at::kFloat);
        saveAs("intervention_boundaries", &boundaries_, true, std::vector<int64_t>{1});
        saveAs("temperature", &temperature_, true, std::vector<int64_t>{});
    }
    at::Tensor apply(const at::Tensor& base, const at::Tensor& source, const Subspaces*) override {
        at::Tensor w = rotation_.weight();
        at::Tensor b = at::clamp(boundaries_, 1e-3, 1.0);
        at::Tensor end = b * static_cast<double>(embedDim_);
        at::Tensor mask = at::sigmoid(population_ / temperature_) * at::sigmoid((end - population_) / temperature_);
        at::Tensor rotated = (1.0 - mask) * at::matmul(base, w) + mask * at::matmul(source, w);
        return at::matmul(rotated, w.t());
    }
    std::vector<at::Tensor> parameters() override { return {rotation_.original, boundaries_}; }
    void setTemperature(double t) override { temperature_.fill_(t); }
    bool setNamedWeight(const std::string& name, const at::Tensor& value) override {
        return name == "intervention_population" || RotationIntervention::setNamedWeight(name, value); // derived: 0..D-1
    }
    NamedTensors stateDict() const override { // pyvene saves the derived population too
        NamedTensors s = RotationIntervention::stateDict();
        s.emplace_back("intervention_population", population_.to(at::kLong)); // an int64 arange in pyvene
        return s;
    }

private:
    at::Tensor boundaries_, temperature_, population_;
};

// pyvene's AutoencoderIntervention: a trainable one-layer autoencoder (nn.Linear layout, [out, in]);
// latent = relu((x - b_dec) W_enc^T + b_enc), output = latent W_dec^T + b_dec. The latent dims listed
// in interchange_dim (a list, or one index) come from the source. pyvene flattens the units first.
class AutoencoderIntervention : public Intervention {
public:
    explicit AutoencoderIntervention(const InterventionSpec& spec) : Intervention(spec) {
        // The bound is far above the sparse autoencoders used with pyvene and keeps a damaged or
        // hostile config from allocating terabytes (fuzz_pyvene_folder: latent_dim 2^32).
        constexpr int64_t kMaxLatent = int64_t(1) << 20;
        if (!spec.latentDim || *spec.latentDim <= 0 || *spec.latentDim > kMaxLatent)
            throw Error("AutoencoderIntervention needs a latent_dim (a RepresentationConfig field) between 1 and " +
                        std::to_string(kMaxLatent) + (spec.latentDim ? ", not " + std::to_string(*spec.latentDim) : std::string()) + ".");
        const int64_t latent = *spec.latentDim;
        at::Generator generator = at::detail::createCPUGenerator(spec.seed);
        auto uniform = [&](at::IntArrayRef shape, int64_t fanIn) { // nn.Linear's init: U(-1/sqrt(in), 1/sqrt(in))
            const double bound = 1.0 / std::sqrt(static_cast<double>(fanIn));
            return trainableTensor(at::empty(shape).uniform_(-bound, bound, generator));
        };
        encoderWeight_ = uniform({latent, embedDim_}, embedDim_);
        encoderBias_ = uniform({latent}, embedDim_);
        decoderWeight_ = uniform({embedDim_, latent}, latent);
        decoderBias_ = uniform({embedDim_}, latent);
        latentIndices_ = at::scalar_tensor(interchangeDim_, at::kLong); // pyvene's default: embed_dim
        saveAs("autoencoder.encoder.0.weight", &encoderWeight_, true);
        saveAs("autoencoder.encoder.0.bias", &encoderBias_, true);
        saveAs("autoencoder.decoder.0.weight", &decoderWeight_, true);
        saveAs("autoencoder.decoder.0.bias", &decoderBias_, true);
    }
    bool localist() const override { return false; }
    bool trainable() const override { return true; }
    std::vector<at::Tensor> parameters() override { return {encoderWeight_, encoderBias_, decoderWeight_, decoderBias_}; }
    at::Tensor apply(const at::Tensor& base, const at::Tensor& source, const Subspaces*) override {
        const int64_t latent = encoderWeight_.size(0);
        if (latentIndices_.lt(0).any().item<bool>() || latentIndices_.ge(latent).any().item<bool>())
            throw Error("AutoencoderIntervention: interchange_dim must list latent dimensions below " + std::to_string(latent) +
                        " (set_interchange_dim([...])); pyvene's default, embed_dim, selects none that exist.");
        at::Tensor latentBase = encode(base);
        at::Tensor mixed = latentBase.index_copy(-1, latentIndices_.reshape({-1}), encode(source).index_select(-1, latentIndices_.reshape({-1})));
        return at::matmul(mixed, decoderWeight_.t()) + decoderBias_;
    }
    at::Tensor interchangeDimTensor() const override { return latentIndices_; }
    bool setNamedWeight(const std::string& name, const at::Tensor& value) override { // with or without "autoencoder."
        const std::string prefix = "autoencoder.";
        return Intervention::setNamedWeight(name, value) ||
               (name.rfind(prefix, 0) != 0 && Intervention::setNamedWeight(prefix + name, value));
    }

protected:
    void setInterchangeDimFrom(const at::Tensor& value) override { latentIndices_ = value.to(at::kLong).clone(); }

private:
    at::Tensor encode(const at::Tensor& x) const {
        return at::relu(at::matmul(x - decoderBias_, encoderWeight_.t()) + encoderBias_);
    }
    at::Tensor encoderWeight_, encoderBias_, decoderWeight_, decoderBias_, latentIndices_;
};


class SigmoidMaskRotatedSpaceIntervention : public RotationIntervention {
public:
    explicit SigmoidMaskRotatedSpaceIntervention(const InterventionSpec& spec) : RotationIntervention(spec, spec.embedDim) {
        masks_ = trainableTensor(at::full({embedDim_}, 100.0)); // starts fully open, as pyvene's
        temperature_ = at::scalar_tensor(50.0, at::kFloat);
        saveAs("masks", &masks_, true);
        saveAs("temperature", &temperature_, true, std::vector<int64_t>{});
    }
    at::Tensor apply(const at::Tensor& base, const at::Tensor& source, const Subspaces*) override {
        at::Tensor w = rotation_.weight();
        at::Tensor mask = at::sigmoid(masks_ / temperature_);
        at::Tensor rotated = (1.0 - mask) * at::matmul(base, w) + mask * at::matmul(source, w);
        return at::matmul(rotated, w.t());
    }
    std::vector<at::Tensor> parameters() override { return {rotation_.original, masks_}; }
    void setTemperature(double t) override { temperature_.fill_(t); }

private:
    at::Tensor masks_, temperature_;
};

// Interchange in a PCA basis fitted on activations: components [k, D], mean and std [D].
class PCARotatedSpaceIntervention : public Intervention {
public:
    explicit PCARotatedSpaceIntervention(const InterventionSpec& spec) : Intervention(spec) {
        saveAs("pca_components", &components_, false);
        saveAs("pca_mean", &mean_, false);
        saveAs("pca_std", &std_, false);
    }
    bool localist() const override { return false; }
    at::Tensor apply(const at::Tensor& base, const at::Tensor& source, const Subspaces* subspaces) override {
        if (!components_.defined())
            throw Error("PCARotatedSpaceIntervention needs pca_components, pca_mean and pca_std (load them, or fit them with fitPca).");
        auto rotate = [&](const at::Tensor& x) { return at::matmul((x - mean_) / std_, components_.t()); };
        // (weights come from loadStateDict / setNamedWeight)
        at::Tensor rotated = swap(rotate(base), rotate(source), "interchange", subspaces);
        return at::matmul(rotated, components_) * std_ + mean_;
    }
    void checkLoadedState() override {
        if (components_.dim() != 2 || components_.size(1) != embedDim_)
            throw Error("pca_components must be [k, " + std::to_string(embedDim_) + "].");
        interchangeDim_ = std::min(interchangeDim_, components_.size(0));
    }

private:
    at::Tensor components_, mean_, std_;
};

using Factory = std::function<std::unique_ptr<Intervention>(const InterventionSpec&)>;

const std::map<std::string, Factory>& factories() {
    static const std::map<std::string, Factory> table = {
        {"VanillaIntervention", [](const auto& s) { return std::make_unique<SwapIntervention>(s, "interchange", true); }},
        {"AdditionIntervention", [](const auto& s) { return std::make_unique<SwapIntervention>(s, "add", true); }},
        {"SubtractionIntervention", [](const auto& s) { return std::make_unique<SwapIntervention>(s, "subtract", true); }},
        {"ZeroIntervention", [](const auto& s) { return std::make_unique<SwapIntervention>(s, "zero", false); }},
        {"CollectIntervention", [](const auto& s) { return std::make_unique<CollectIntervention>(s); }},
        {"SkipIntervention", [](const auto& s) { return std::make_unique<SkipIntervention>(s); }},
        {"NoiseIntervention", [](const auto& s) { return std::make_unique<NoiseIntervention>(s); }},
        {"SigmoidMaskIntervention", [](const auto& s) { return std::make_unique<SigmoidMaskIntervention>(s); }},
        {"RotatedSpaceIntervention", [](const auto& s) { return std::make_unique<RotatedSpaceIntervention>(s); }},
        {"LowRankRotatedSpaceIntervention", [](const auto& s) { return std::make_unique<LowRankRotatedSpaceIntervention>(s); }},
        {"BoundlessRotatedSpaceIntervention", [](const auto& s) { return std::make_unique<BoundlessRotatedSpaceIntervention>(s); }},
        {"SigmoidMaskRotatedSpaceIntervention", [](const auto& s) { return std::make_unique<SigmoidMaskRotatedSpaceIntervention>(s); }},
        {"PCARotatedSpaceIntervention", [](const auto& s) { return std::make_unique<PCARotatedSpaceIntervention>(s); }},
        {"AutoencoderIntervention", [](const auto& s) { return std::make_unique<AutoencoderIntervention>(s); }},
    };
    return table;
}

} // namespace

Intervention::Intervention(const InterventionSpec& spec)
    : type_(spec.type), embedDim_(spec.embedDim), interchangeDim_(spec.interchangeDim.value_or(spec.embedDim)),
      partition_(spec.subspacePartition), sourceRepresentation_(spec.sourceRepresentation) {
    if (embedDim_ <= 0) throw Error(type_ + " needs a positive embedding dimension.");
    if (interchangeDim_ <= 0 || interchangeDim_ > embedDim_)
        throw Error(type_ + ": interchange_dim " + std::to_string(interchangeDim_) + " must be between 1 and " +
                    std::to_string(embedDim_) + ".");
    if (partition_)
        for (auto [start, end] : *partition_)
            if (start < 0 || end <= start || end > embedDim_)
                throw Error(type_ + ": the subspace partition [" + std::to_string(start) + ", " + std::to_string(end) +
                            ") does not fit in dimension " + std::to_string(embedDim_) + ".");
}

std::vector<int64_t> Intervention::subspaceDims(const std::vector<int64_t>& subspace) const {
    std::vector<int64_t> dims;
    for (int64_t s : subspace) {
        if (partition_) {
            if (s < 0 || s >= static_cast<int64_t>(partition_->size()))
                throw Error(type_ + ": subspace " + std::to_string(s) + " does not exist; the partition has " +
                            std::to_string(partition_->size()) + " parts.");
            for (int64_t d = (*partition_)[s].first; d < (*partition_)[s].second; ++d) dims.push_back(d);
        } else {
            if (s < 0 || s >= embedDim_)
                throw Error(type_ + ": subspace dimension " + std::to_string(s) + " is outside 0.." + std::to_string(embedDim_ - 1) + ".");
            dims.push_back(s);
        }
    }
    return dims;
}

at::Tensor Intervention::swap(const at::Tensor& base, const at::Tensor& source, const std::string& mode,
                              const Subspaces* subspaces) const {
    auto combine = [&](const at::Tensor& b, const at::Tensor& s) -> at::Tensor {
        if (mode == "interchange") return s;
        if (mode == "add") return b + s;
        if (mode == "subtract") return b - s;
        return at::zeros_like(b);
    };
    if (subspaces) {
        if (static_cast<int64_t>(subspaces->size()) != base.size(0))
            throw Error(type_ + ": subspaces are given for " + std::to_string(subspaces->size()) +
                        " examples but the batch has " + std::to_string(base.size(0)) + ".");
        std::vector<at::Tensor> rows;
        for (int64_t b = 0; b < base.size(0); ++b) {
            at::Tensor baseRow = base.select(0, b);
            at::Tensor idx = at::tensor(subspaceDims((*subspaces)[b]), at::kLong);
            at::Tensor sourceRow = source.defined() ? source.select(0, b).index_select(-1, idx) : at::Tensor();
            rows.push_back(baseRow.index_copy(-1, idx, combine(baseRow.index_select(-1, idx), sourceRow)));
        }
        return at::stack(rows);
    }
    const int64_t width = base.size(-1);
    if (interchangeDim_ >= width) return combine(base, source);
    at::Tensor head = combine(base.narrow(-1, 0, interchangeDim_),
                              source.defined() ? source.narrow(-1, 0, interchangeDim_) : at::Tensor());
    return at::cat({head, base.narrow(-1, interchangeDim_, width - interchangeDim_)}, -1);
}

void Intervention::saveAs(std::string name, at::Tensor* tensor, bool inPlace, std::optional<std::vector<int64_t>> shape) {
    saved_.push_back({std::move(name), tensor, inPlace, std::move(shape)});
}

void Intervention::assign(const SavedTensor& entry, const at::Tensor& value) {
    const at::Tensor shaped = entry.shape ? value.reshape(*entry.shape) : value;
    if (entry.inPlace) copyInto(*entry.tensor, shaped, entry.name, type_);
    else *entry.tensor = shaped.to(at::kFloat);
}

NamedTensors Intervention::stateDict() const {
    NamedTensors s = {{"embed_dim", at::scalar_tensor(embedDim_, at::kLong)}, {"interchange_dim", interchangeDimTensor()}};
    if (sourceRepresentation_.defined()) s.emplace_back("source_representation", sourceRepresentation_);
    for (const SavedTensor& entry : saved_) s.emplace_back(entry.name, *entry.tensor);
    return s;
}

void Intervention::loadStateDict(const NamedTensors& state) {
    for (const auto& [name, value] : state) {
        if (name == "interchange_dim") setInterchangeDimFrom(value);
        if (name == "source_representation") sourceRepresentation_ = value.to(at::kFloat).clone();
    }
    for (const SavedTensor& entry : saved_) assign(entry, stateValue(state, entry.name, type_));
    checkLoadedState();
}

bool Intervention::setNamedWeight(const std::string& name, const at::Tensor& value) {
    for (const SavedTensor& entry : saved_)
        if (entry.name == name) {
            assign(entry, value);
            return true;
        }
    if (name == "source_representation") {
        if (value.numel() != embedDim_ && sourceRepresentation_.defined() && value.numel() != sourceRepresentation_.numel())
            throw Error(type_ + ": the constant source has " + std::to_string(value.numel()) + " values; expected " +
                        std::to_string(sourceRepresentation_.numel()) + ".");
        sourceRepresentation_ = value.to(at::kFloat).reshape({-1}).clone();
        return true;
    }
    if (name == "interchange_dim") {
        setInterchangeDimFrom(value);
        return true;
    }
    return false;
}

at::Tensor Intervention::interchangeDimTensor() const { return at::scalar_tensor(interchangeDim_, at::kLong); }

void Intervention::setInterchangeDimFrom(const at::Tensor& value) {
    if (value.numel() != 1) throw Error(type_ + " takes one interchange_dim, not a list of " + std::to_string(value.numel()) + ".");
    interchangeDim_ = value.item<int64_t>();
}

std::unique_ptr<Intervention> makeIntervention(const InterventionSpec& spec) {
    if (spec.type == "ConstantSourceIntervention" || spec.type == "SourcelessIntervention")
        throw Error(spec.type + " is an abstract base class in pyvene, not an intervention; give VanillaIntervention, "
                                "AdditionIntervention or SubtractionIntervention a source_representation instead.");
    auto it = factories().find(spec.type);
    if (it == factories().end()) {
        std::string list;
        for (const auto& [name, f] : factories()) list += (list.empty() ? "" : ", ") + name;
        throw Error("Unknown intervention type '" + spec.type + "'; known types: " + list + ".");
    }
    return it->second(spec);
}

std::vector<std::string> interventionTypeNames() {
    std::vector<std::string> names;
    for (const auto& [name, f] : factories()) names.push_back(name);
    return names;
}

at::Tensor OrthogonalParametrization::weight() const {
    const int64_t n = original.size(0), k = original.size(1);
    at::Tensor q;
    if (n == k) {
        at::Tensor lower = original.tril();
        q = at::linalg_matrix_exp(lower - lower.t());
    } else {
        at::Tensor reflectors = original.tril(-1);
        at::Tensor tau = 2.0 / (1.0 + (reflectors * reflectors).sum(-2));
        q = at::linalg_householder_product(reflectors, tau);
        // The diagonal of `original` holds the reflection signs (+-1); not differentiated.
        q = q * original.diagonal(0, -2, -1).detach().to(at::kInt).unsqueeze(-2);
    }
    return at::matmul(base, q);
}

OrthogonalParametrization OrthogonalParametrization::init(int64_t n, int64_t k, uint64_t seed) {
    at::Generator generator = at::detail::createCPUGenerator(seed);
    at::Tensor gaussian = at::normal(0.0, 1.0, {n, n}, generator);
    at::Tensor q = std::get<0>(at::linalg_qr(gaussian));
    OrthogonalParametrization p;
    p.base = q.contiguous();
    p.original = trainableTensor(-eyeRect(n, k));
    return p;
}

NamedTensors fitPca(const at::Tensor& activations, int64_t components) {
    at::NoGradGuard noGrad;
    at::Tensor x = activations.to(at::kFloat).reshape({-1, activations.size(-1)});
    at::Tensor mean = x.mean(0), std = x.std(0).clamp_min(1e-6);
    at::Tensor normalised = (x - mean) / std;
    at::Tensor centred = normalised - normalised.mean(0);
    at::Tensor vh = std::get<2>(at::linalg_svd(centred, /*full_matrices=*/false));
    return {{"pca_components", vh.narrow(0, 0, std::min(components, vh.size(0))).contiguous()},
            {"pca_mean", mean},
            {"pca_std", std}};
}

std::vector<double> numpyLegacyRandn(uint32_t seed, std::size_t count) {
    std::mt19937 engine(seed); // numpy's RandomState(int) seeds MT19937 with init_genrand, as std::mt19937 does
    auto uniform = [&] { // random_standard_uniform: 53 bits from two draws
        const uint64_t a = engine() >> 5, b = engine() >> 6;
        return (static_cast<double>(a) * 67108864.0 + static_cast<double>(b)) / 9007199254740992.0;
    };
    std::vector<double> out;
    out.reserve(count);
    bool haveCached = false;
    double cached = 0.0;
    while (out.size() < count) {
        if (haveCached) {
            out.push_back(cached);
            haveCached = false;
            continue;
        }
        double x1, x2, r2;
        do {
            x1 = 2.0 * uniform() - 1.0;
            x2 = 2.0 * uniform() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        const double f = std::sqrt(-2.0 * std::log(r2) / r2);
        cached = f * x1;
        haveCached = true;
        out.push_back(f * x2);
    }
    return out;
}

} // namespace causeway
