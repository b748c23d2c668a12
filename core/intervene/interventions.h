#pragma once
// Interventions: small objects that map (base, source, subspaces) to a new base, with pyvene's
// semantics (v0.1.5) for each class. See tests/data/FIXTURES.md section 4 for the formulas.
#include <ATen/core/Tensor.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace causeway {

// Per batch example, the subspace indices selected (partition indices when the representation
// has a subspace_partition, otherwise plain dimension indices).
using Subspaces = std::vector<std::vector<int64_t>>;
using SubspacePartition = std::vector<std::pair<int64_t, int64_t>>; // [start, end) ranges

using NamedTensors = std::vector<std::pair<std::string, at::Tensor>>;

struct InterventionSpec {
    std::string type;            // pyvene class name, e.g. "VanillaIntervention"
    int64_t embedDim = 0;        // component width x max_number_of_units (pyvene's embed_dim)
    std::optional<int64_t> interchangeDim;
    std::optional<int64_t> lowRankDimension;
    std::optional<int64_t> latentDim; // AutoencoderIntervention's latent width
    std::optional<SubspacePartition> subspacePartition;
    at::Tensor sourceRepresentation; // constant source (steering vector), [Dc]
    uint64_t seed = 0;           // initialisation of trainable weights
};

class Intervention {
public:
    explicit Intervention(const InterventionSpec& spec); // abstract: use makeIntervention
    virtual ~Intervention() = default;
    // Not copyable: the saveAs() table points at this object's own tensors.
    Intervention(const Intervention&) = delete;
    Intervention& operator=(const Intervention&) = delete;

    const std::string& type() const { return type_; }
    int64_t embedDim() const { return embedDim_; }
    int64_t interchangeDim() const { return interchangeDim_; }
    void setInterchangeDim(int64_t dim) { interchangeDim_ = dim; }
    const std::optional<SubspacePartition>& subspacePartition() const { return partition_; }

    // Localist interventions see gathered units [B, n, Dc] (or [B, heads, pos, Dh]) and act on the
    // last dim; distributed ones see them flattened (pyvene's split).
    virtual bool localist() const = 0;
    // False for Zero, Collect, Noise and constant-source interventions: no source input is used.
    virtual bool usesSource() const { return !sourceRepresentation_.defined(); }
    virtual bool collects() const { return false; }
    virtual bool trainable() const { return false; }

    virtual at::Tensor apply(const at::Tensor& base, const at::Tensor& source, const Subspaces* subspaces) = 0;

    // Tensors with requires_grad that training updates.
    virtual std::vector<at::Tensor> parameters() { return {}; }
    // Called between training steps (Boundless DAS anneals its temperature).
    virtual void setTemperature(double) {}
    // pyvene's state_dict names and values (what intkey_<key>.bin holds).
    virtual NamedTensors stateDict() const;
    virtual void loadStateDict(const NamedTensors& state);
    // Sets one weight by the name the reference fixtures use for the effective value
    // ("rotate_weight" [D, D], "low_rank_weight" [D, r], "mask", "masks", "temperature",
    // "intervention_boundaries", "source_representation", "pca_components", ...). Returns false
    // for a name this intervention does not have.
    virtual bool setNamedWeight(const std::string& name, const at::Tensor& value);
    // pyvene's interchange_dim as saved: a 0-d int64 tensor, or (Autoencoder) the latent indices.
    virtual at::Tensor interchangeDimTensor() const;
    // Whether pyvene writes an intkey_<key>.bin for it.
    bool savesWeights() const { return trainable() || sourceRepresentation_.defined(); }
    const at::Tensor& sourceRepresentation() const { return sourceRepresentation_; }

protected:
    // pyvene's _do_intervention_by_swap: "interchange", "add", "subtract" or "zero" on the
    // selected dims (subspaces, else the first interchange_dim dims). Never modifies its inputs.
    at::Tensor swap(const at::Tensor& base, const at::Tensor& source, const std::string& mode,
                    const Subspaces* subspaces) const;
    std::vector<int64_t> subspaceDims(const std::vector<int64_t>& subspace) const;

    // Declares a tensor that stateDict() saves under a pyvene state_dict name, and that
    // loadStateDict() and setNamedWeight() fill. In-place tensors (trainable ones: optimisers hold
    // them) keep their shape and are overwritten; the others are replaced by what is loaded.
    // `shape` reshapes the loaded value first (pyvene saves temperatures as [1] or []).
    void saveAs(std::string name, at::Tensor* tensor, bool inPlace,
                std::optional<std::vector<int64_t>> shape = std::nullopt);
    // pyvene's set_interchange_dim from a saved value (state_dict or config.json).
    virtual void setInterchangeDimFrom(const at::Tensor& value);
    // Called at the end of loadStateDict, to check that the loaded tensors fit together.
    virtual void checkLoadedState() {}

    std::string type_;
    int64_t embedDim_;
    int64_t interchangeDim_;
    std::optional<SubspacePartition> partition_;
    at::Tensor sourceRepresentation_;

private:
    struct SavedTensor {
        std::string name;
        at::Tensor* tensor;
        bool inPlace;
        std::optional<std::vector<int64_t>> shape;
    };
    void assign(const SavedTensor& entry, const at::Tensor& value);
    std::vector<SavedTensor> saved_;
};

// Throws causeway::Error for an unknown type or missing required settings.
std::unique_ptr<Intervention> makeIntervention(const InterventionSpec& spec);
std::vector<std::string> interventionTypeNames();

// W = base @ Q(original), torch.nn.utils.parametrizations.orthogonal with trivialisation:
// Q is matrix_exp of the skew lower triangle for square W, a Householder product for [D, r].
// It stays orthogonal under any update of `original`.
struct OrthogonalParametrization {
    at::Tensor original; // trainable, [n, k]
    at::Tensor base;     // fixed orthogonal [n, n]
    at::Tensor weight() const;
    static OrthogonalParametrization init(int64_t n, int64_t k, uint64_t seed);
};

// Fits PCARotatedSpaceIntervention's weights (pca_components [k, D], pca_mean, pca_std) on
// activations [N, D]: standardise, centre, keep the top-k right singular vectors.
NamedTensors fitPca(const at::Tensor& activations, int64_t components);

// numpy.random.RandomState(seed).randn(count), bit for bit (MT19937 + the legacy polar method);
// pyvene 0.1.5's NoiseIntervention draws its fixed buffer this way.
std::vector<double> numpyLegacyRandn(uint32_t seed, std::size_t count);

} // namespace causeway
