#include "intervene/training.h"

#include "common/error.h"

#include <ATen/ATen.h>
#include <torch/optim/adam.h>

#include <algorithm>

namespace causeway {

namespace {

// Repeats batch-of-one locations for every example of a batch.
UnitLocations broadcastLocations(const UnitLocations& one, int64_t batch) {
    auto repeat = [batch](const std::optional<RepresentationLocations>& loc) -> std::optional<RepresentationLocations> {
        if (!loc) return std::nullopt;
        RepresentationLocations out;
        if (!loc->positions.empty()) out.positions.assign(batch, loc->positions.at(0));
        if (!loc->heads.empty()) out.heads.assign(batch, loc->heads.at(0));
        return out;
    };
    UnitLocations out;
    for (const auto& l : one.base) out.base.push_back(repeat(l));
    for (const auto& l : one.sources) out.sources.push_back(repeat(l));
    return out;
}

InterveneRequest requestFor(const IntervenableModel& model, const CounterfactualDataset& batch) {
    InterveneRequest r;
    r.base = batch.bases;
    r.sources.assign(model.groupCount(), batch.sources);
    r.locations = broadcastLocations(batch.locations, batch.size());
    return r;
}

bool anneals(const std::string& type) {
    return type == "BoundlessRotatedSpaceIntervention" || type == "SigmoidMaskRotatedSpaceIntervention" ||
           type == "SigmoidMaskIntervention";
}

} // namespace

CounterfactualDataset CounterfactualDataset::slice(int64_t begin, int64_t end) const {
    CounterfactualDataset out = *this;
    out.bases = bases.narrow(0, begin, end - begin);
    out.sources = sources.narrow(0, begin, end - begin);
    out.labels = labels.narrow(0, begin, end - begin);
    return out;
}

TrainingReport trainInterventions(const IntervenableModel& model, const CounterfactualDataset& data,
                                  const TrainingOptions& options) {
    const int64_t n = data.size();
    if (n == 0) throw Error("The training set is empty.");
    if (data.sources.size(0) != n || data.labels.size(0) != n)
        throw Error("The training set's bases, sources and labels differ in count.");
    std::vector<at::Tensor> params = model.trainableParameters();
    if (params.empty()) throw Error("None of the interventions is trainable; use a RotatedSpace, LowRankRotatedSpace, "
                                    "BoundlessRotatedSpace or SigmoidMask intervention.");
    torch::optim::Adam optimizer(params, torch::optim::AdamOptions(options.learningRate));

    const int64_t batchSize = std::max<int64_t>(1, options.batchSize);
    const int64_t batchesPerEpoch = (n + batchSize - 1) / batchSize;
    const int totalSteps = static_cast<int>(batchesPerEpoch * std::max(1, options.epochs));
    at::Generator generator = at::detail::createCPUGenerator(options.seed);

    TrainingReport report;
    for (int epoch = 0; epoch < options.epochs; ++epoch) {
        at::Tensor order = at::randperm(n, generator, at::kLong);
        CounterfactualDataset shuffled = data;
        shuffled.bases = data.bases.index_select(0, order);
        shuffled.sources = data.sources.index_select(0, order);
        shuffled.labels = data.labels.index_select(0, order);
        for (int64_t start = 0; start < n; start += batchSize) {
            if (options.cancel && options.cancel->load()) {
                report.cancelled = true;
                return report;
            }
            const double progress = totalSteps > 1 ? static_cast<double>(report.steps) / (totalSteps - 1) : 1.0;
            const double temperature = options.temperatureStart + (options.temperatureEnd - options.temperatureStart) * progress;
            for (std::size_t i = 0; i < model.config().representations.size(); ++i)
                if (anneals(model.intervention(i).type())) model.intervention(i).setTemperature(temperature);

            CounterfactualDataset batch = shuffled.slice(start, std::min(n, start + batchSize));
            InterveneResult result = model.forward(requestFor(model, batch), /*enableGrad=*/true);
            at::Tensor last = result.intervenedLogits.select(1, result.intervenedLogits.size(1) - 1);
            at::Tensor loss = at::cross_entropy_loss(last, batch.labels);
            for (std::size_t i = 0; i < model.config().representations.size(); ++i)
                if (model.intervention(i).type() == "BoundlessRotatedSpaceIntervention")
                    for (const auto& [name, value] : model.intervention(i).stateDict())
                        if (name == "intervention_boundaries") loss = loss + options.boundaryLossWeight * value.sum();
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            // Boundless DAS uses its boundary clamped to [1e-3, 1]. Outside that range the mask no
            // longer moves, so only the width penalty acts and would push the raw value down without
            // end (a loss unbounded below, a boundary stuck at zero width): keep it in range.
            for (std::size_t i = 0; i < model.config().representations.size(); ++i)
                if (model.intervention(i).type() == "BoundlessRotatedSpaceIntervention")
                    for (const auto& [name, value] : model.intervention(i).stateDict())
                        if (name == "intervention_boundaries") {
                            at::NoGradGuard noGrad;
                            at::Tensor boundary = value;
                            boundary.clamp_(1e-3, 1.0);
                        }
            const double value = loss.item<double>();
            if (report.steps == 0) report.firstLoss = value;
            report.lastLoss = value;
            ++report.steps;
            if (options.progress) options.progress(report.steps, totalSteps, value);
        }
    }
    return report;
}

double interchangeInterventionAccuracy(const IntervenableModel& model, const CounterfactualDataset& data, int batchSize) {
    const int64_t n = data.size();
    if (n == 0) throw Error("The evaluation set is empty.");
    int64_t correct = 0;
    for (int64_t start = 0; start < n; start += batchSize) {
        CounterfactualDataset batch = data.slice(start, std::min<int64_t>(n, start + batchSize));
        at::Tensor logits = model.forward(requestFor(model, batch)).intervenedLogits;
        at::Tensor predicted = logits.select(1, logits.size(1) - 1).argmax(-1);
        correct += (predicted == batch.labels).sum().item<int64_t>();
    }
    return static_cast<double>(correct) / static_cast<double>(n);
}

} // namespace causeway
