// Distributed alignment search end to end: a tiny GPT-2 is trained here, in the test, on a toy task
// with a known causal variable; a rank-1 LowRankRotatedSpaceIntervention trained with
// trainInterventions must find it (interchange-intervention accuracy >= 0.9 on held-out pairs, and
// its direction close to the planted one) while a random rank-1 direction scores near zero.
//
// The task. Inputs are three tokens [a, b, '=']. Token a (one of 8) carries two variables:
// X = a & 1 (binary) and Z = a >> 1 (4 values); token b (one of 8) likewise carries Y and W.
// The answer is one of 8 label tokens: 4 * (X xor Y) + (Z + W) mod 4. Every variable matters, so
// the model must keep all of a's identity; X is one bit among three in a's representation.
//
// Where X lives. Position 0 sees only itself, but every layer's attention at positions 1 and 2
// reads position 0, so the only site that all information about a flows through is position 0's
// input to the first block (token + position embedding): block_input of layer 0, position 0.
// There the embeddings of the a tokens are planted and kept fixed while the rest of the model
// learns: e(a) = 2 * (X ? +1 : -1) * u + r(Z), r(Z) orthogonal to u. So X is encoded along u and
// only along u, and the right rank-1 intervention is known. (With freely learned embeddings the
// model need not encode X along any single direction, and in our runs rank-1 DAS found none: IIA ~0.1.)
//
// Counterfactual pairs. For (base, source) the label is the task's answer with X taken from the
// source and everything else from the base. Pairs are drawn with X(base) != X(source), so the
// counterfactual label always differs from the base label: an intervention that changes nothing
// scores 0, and uniform guessing over the 8 labels scores 1/8.
#include "common/error.h"
#include "intervene/intervenable.h"
#include "intervene/interventions.h"
#include "intervene/training.h"
#include "io/safetensors.h"
#include "model/gpt2_init.h"
#include "model/transformer.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>
#include <torch/optim/adam.h>

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <vector>

namespace fs = std::filesystem;
using namespace causeway;

namespace {

// Vocabulary: a tokens 0..7, b tokens 8..15, '=' 16, labels 17..24; 32 ids in all.
constexpr int64_t kAValues = 8, kBValues = 8;
constexpr int64_t kBFirst = kAValues, kEquals = kAValues + kBValues, kLabelFirst = kEquals + 1;
constexpr int64_t kVocab = 32, kWidth = 32, kLayers = 2, kHeads = 4, kPositions = 8;

int64_t xOf(int64_t a) { return a & 1; }
int64_t zOf(int64_t a) { return a >> 1; }
int64_t answer(int64_t x, int64_t z, int64_t y, int64_t w) { return kLabelFirst + 4 * (x ^ y) + (z + w) % 4; }
int64_t answerFor(int64_t a, int64_t b) {
    const int64_t bv = b - kBFirst;
    return answer(xOf(a), zOf(a), bv & 1, bv >> 1);
}

// config.json + model.safetensors of a GPT-2-shaped model with random weights (GPT-2's init), except
// the embeddings of the a tokens, which are planted: e(a) = 2 * (X ? +1 : -1) * u + r(Z), with u a
// unit vector and r(Z) four random vectors orthogonal to u. Returns u. Training leaves these rows
// alone, so X lives along u (and only there) at block_input of layer 0, position 0; interchanging
// the u-coordinate of e(a) with the source's gives exactly e(X_source, Z_base).
at::Tensor writeTinyGpt2(const fs::path& folder) {
    at::manual_seed(20240611);
    const Gpt2Shape shape{kLayers, kWidth, kHeads, kVocab, kPositions};
    auto weights = initialGpt2Weights(shape);
    const int64_t D = kWidth;
    at::Tensor basis = std::get<0>(at::linalg_qr(at::randn({D, D})));
    at::Tensor u = basis.select(1, 0).clone();
    at::Tensor others = basis.narrow(1, 1, D - 1);                    // [D, D-1], orthogonal to u
    at::Tensor zVectors = at::matmul(at::randn({4, D - 1}), others.t()); // [4, D], each orthogonal to u
    at::Tensor& wte = weights.front().second;                         // transformer.wte.weight
    for (int64_t a = 0; a < kAValues; ++a)
        wte[a].copy_(2.0 * (xOf(a) ? 1.0 : -1.0) * u + zVectors[zOf(a)]);
    writeGpt2Folder(folder, shape, weights);
    return u;
}

// All 64 task inputs [a, b, '='] and their answers.
std::pair<at::Tensor, at::Tensor> taskInputs() {
    std::vector<int64_t> ids, labels;
    for (int64_t a = 0; a < kAValues; ++a)
        for (int64_t b = kBFirst; b < kBFirst + kBValues; ++b) {
            ids.insert(ids.end(), {a, b, kEquals});
            labels.push_back(answerFor(a, b));
        }
    const int64_t n = static_cast<int64_t>(labels.size());
    return {at::tensor(ids, at::kLong).reshape({n, 3}), at::tensor(labels, at::kLong)};
}

double taskAccuracy(const Transformer& model) {
    auto [inputs, labels] = taskInputs();
    at::Tensor logits = model.logits(inputs);
    return (logits.select(1, 2).argmax(-1) == labels).to(at::kDouble).mean().item<double>();
}

struct ModelTraining {
    int steps = 0;
    double accuracy = 0;
    double seconds = 0;
};

// Trains every weight but the planted embeddings on the task (full batch, Adam) until it answers
// all 64 inputs; then freezes it again, as pyvene does when it wraps a model.
ModelTraining trainOnTask(const Transformer& model) {
    QElapsedTimer timer;
    timer.start();
    std::vector<at::Tensor> params;
    for (const auto& [name, weight] : model.namedWeights()) {
        at::Tensor w = weight;
        w.requires_grad_(true);
        params.push_back(w);
    }
    auto [inputs, labels] = taskInputs();
    torch::optim::Adam optimizer(params, torch::optim::AdamOptions(1e-3));
    ModelTraining result;
    ForwardOptions options;
    options.enableGrad = true;
    for (int step = 0; step < 3000; ++step) {
        at::Tensor logits = model.forward(inputs, options).logits.select(1, 2);
        at::Tensor loss = at::cross_entropy_loss(logits, labels);
        optimizer.zero_grad();
        loss.backward();
        for (std::size_t i = 0; i < params.size(); ++i) // the planted embeddings stay as written
            if (model.namedWeights()[i].first == "transformer.wte.weight") params[i].mutable_grad().narrow(0, 0, kAValues).zero_();
        optimizer.step();
        result.steps = step + 1;
        if (step % 25 == 24 && loss.item<double>() < 0.01 && taskAccuracy(model) == 1.0) break;
    }
    for (at::Tensor& w : params) {
        w.requires_grad_(false);
        w.mutable_grad() = at::Tensor();
    }
    result.accuracy = taskAccuracy(model);
    result.seconds = timer.elapsed() / 1000.0;
    return result;
}

// Every (a_base, a_source, b_base) with X(a_base) != X(a_source), b_source drawn at random (it
// cannot matter: the source is read at position 0 only). Shuffled, then split in two halves.
std::pair<CounterfactualDataset, CounterfactualDataset> counterfactualPairs(const RepresentationLocations& site) {
    struct Pair {
        int64_t aBase, bBase, aSource, bSource, label;
    };
    std::mt19937 rng(7);
    std::uniform_int_distribution<int64_t> anyB(kBFirst, kBFirst + kBValues - 1);
    std::vector<Pair> pairs;
    for (int64_t aBase = 0; aBase < kAValues; ++aBase)
        for (int64_t aSource = 0; aSource < kAValues; ++aSource) {
            if (xOf(aBase) == xOf(aSource)) continue;
            for (int64_t bBase = kBFirst; bBase < kBFirst + kBValues; ++bBase) {
                const int64_t bv = bBase - kBFirst;
                const int64_t label = answer(xOf(aSource), zOf(aBase), bv & 1, bv >> 1);
                if (label == answerFor(aBase, bBase)) throw std::logic_error("counterfactual label equals the base label");
                pairs.push_back({aBase, bBase, aSource, anyB(rng), label});
            }
        }
    std::shuffle(pairs.begin(), pairs.end(), rng);
    auto make = [&](std::size_t begin, std::size_t end) {
        std::vector<int64_t> bases, sources, labels;
        for (std::size_t i = begin; i < end; ++i) {
            bases.insert(bases.end(), {pairs[i].aBase, pairs[i].bBase, kEquals});
            sources.insert(sources.end(), {pairs[i].aSource, pairs[i].bSource, kEquals});
            labels.push_back(pairs[i].label);
        }
        const int64_t n = static_cast<int64_t>(end - begin);
        CounterfactualDataset d;
        d.bases = at::tensor(bases, at::kLong).reshape({n, 3});
        d.sources = at::tensor(sources, at::kLong).reshape({n, 3});
        d.labels = at::tensor(labels, at::kLong);
        d.locations.base = {site};
        d.locations.sources = {site};
        return d;
    };
    const std::size_t half = pairs.size() / 2;
    return {make(0, half), make(half, pairs.size())};
}

// |cos| between a rank-1 intervention's direction W[:, 0] and u.
double plantedCosine(const IntervenableModel& im, const at::Tensor& u) {
    OrthogonalParametrization p;
    for (const auto& [name, value] : im.intervention(0).stateDict()) {
        if (name == "rotate_layer.parametrizations.weight.original") p.original = value.detach();
        if (name == "rotate_layer.parametrizations.weight.0.base") p.base = value.detach();
    }
    at::Tensor w = p.weight().select(1, 0);
    return (at::dot(w, u) / (w.norm() * u.norm())).abs().item<double>();
}

RepresentationLocations position(int64_t p) {
    RepresentationLocations loc;
    loc.positions = {{p}};
    return loc;
}

IntervenableConfig dasConfig(const std::string& type, uint64_t seed, std::optional<int64_t> rank = 1) {
    RepresentationConfig r;
    r.layer = 0;
    r.component = "block_input";
    r.unit = "pos";
    r.interventionType = type;
    r.lowRankDimension = rank;
    IntervenableConfig config;
    config.representations = {r};
    config.seed = seed;
    return config;
}

} // namespace

class DasTrainingTest : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> dir_;
    std::shared_ptr<const Transformer> model_;
    at::Tensor planted_; // u
    CounterfactualDataset train_, heldOut_;

private Q_SLOTS:
    void initTestCase() {
        dir_ = std::make_unique<QTemporaryDir>();
        QVERIFY(dir_->isValid());
        const fs::path folder = fs::path(dir_->path().toStdString()) / "toy-gpt2";
        planted_ = writeTinyGpt2(folder);
        model_ = Transformer::load(folder);
        // One thread, set after load (which asks for every core): these tensors are tiny, and on a
        // busy 2-core CI machine OpenMP's spinning workers made the test 40x slower. It also makes
        // the numbers independent of the core count.
        configureComputeThreads(1);
        const double before = taskAccuracy(*model_);
        ModelTraining t = trainOnTask(*model_);
        qInfo("toy model: task accuracy %.3f before training, %.3f after %d full-batch Adam steps (%.1f s)", before,
              t.accuracy, t.steps, t.seconds);
        QCOMPARE(t.accuracy, 1.0);
        std::tie(train_, heldOut_) = counterfactualPairs(position(0));
        qInfo("counterfactual pairs: %lld for training, %lld held out", static_cast<long long>(train_.size()),
              static_cast<long long>(heldOut_.size()));
    }

    // The acceptance criterion: rank-1 DAS finds X; a random rank-1 direction does not.
    void lowRankFindsTheCausalVariable() {
        IntervenableModel random(dasConfig("LowRankRotatedSpaceIntervention", 1001), model_);
        const double randomAccuracy = interchangeInterventionAccuracy(random, heldOut_);

        IntervenableModel das(dasConfig("LowRankRotatedSpaceIntervention", 1), model_);
        const double untrained = interchangeInterventionAccuracy(das, heldOut_);
        TrainingOptions options;
        options.epochs = 40;
        options.batchSize = 32;
        options.learningRate = 1e-2;
        options.seed = 3;
        QElapsedTimer timer;
        timer.start();
        TrainingReport report = trainInterventions(das, train_, options);
        const double seconds = timer.elapsed() / 1000.0;
        const double trainAccuracy = interchangeInterventionAccuracy(das, train_);
        const double heldOutAccuracy = interchangeInterventionAccuracy(das, heldOut_);
        qInfo("LowRankRotatedSpace rank 1 at layer 0 block_input, position 0: IIA %.3f held out (%.3f on training "
              "pairs, %.3f before training); %d steps, loss %.3f -> %.4f, %.1f s",
              heldOutAccuracy, trainAccuracy, untrained, report.steps, report.firstLoss, report.lastLoss, seconds);
        qInfo("random rank-1 direction: IIA %.3f held out (chance: 0 for an intervention that changes nothing, "
              "0.125 for a uniform guess)", randomAccuracy);
        const double learnedCosine = plantedCosine(das, planted_), randomCosine = plantedCosine(random, planted_);
        qInfo("|cos| between the direction and the planted one: %.3f learned, %.3f random", learnedCosine, randomCosine);
        QVERIFY(!report.cancelled);
        QVERIFY2(heldOutAccuracy >= 0.9, qPrintable(QStringLiteral("trained IIA %1").arg(heldOutAccuracy)));
        QVERIFY2(randomAccuracy <= 0.25, qPrintable(QStringLiteral("random-direction IIA %1").arg(randomAccuracy)));
        QVERIFY(report.lastLoss < report.firstLoss);
        QVERIFY2(learnedCosine >= 0.8, qPrintable(QStringLiteral("|cos| %1").arg(learnedCosine)));
    }

    // The full-rotation variants find the same variable: RotatedSpace with interchange_dim 1, and
    // Boundless DAS, which also learns how many rotated dimensions to swap.
    void rotatedVariants_data() {
        QTest::addColumn<QString>("type");
        QTest::newRow("RotatedSpace, interchange_dim 1") << QStringLiteral("RotatedSpaceIntervention");
        QTest::newRow("BoundlessRotatedSpace") << QStringLiteral("BoundlessRotatedSpaceIntervention");
    }

    void rotatedVariants() {
        QFETCH(QString, type);
        IntervenableConfig config = dasConfig(type.toStdString(), 11, std::nullopt);
        if (type == "RotatedSpaceIntervention") config.representations[0].interchangeDim = 1;
        IntervenableModel das(config, model_);
        TrainingOptions options;
        options.epochs = 60;
        options.batchSize = 32;
        options.learningRate = 1e-2;
        options.seed = 3;
        QElapsedTimer timer;
        timer.start();
        TrainingReport report = trainInterventions(das, train_, options);
        const double heldOutAccuracy = interchangeInterventionAccuracy(das, heldOut_);
        double boundary = 0;
        for (const auto& [name, value] : das.intervention(0).stateDict())
            if (name == "intervention_boundaries") boundary = value.item<double>();
        qInfo("%s: IIA %.3f held out; %d steps, loss %.3f -> %.4f, %.1f s%s", qPrintable(type), heldOutAccuracy,
              report.steps, report.firstLoss, report.lastLoss, timer.elapsed() / 1000.0,
              type == "BoundlessRotatedSpaceIntervention" ? qPrintable(QStringLiteral("; boundary %1").arg(boundary, 0, 'f', 3)) : "");
        QVERIFY2(heldOutAccuracy >= 0.9, qPrintable(QStringLiteral("trained IIA %1").arg(heldOutAccuracy)));
    }

    // Boundless DAS penalises its boundary's width; the boundary it uses is clamped to [1e-3, 1],
    // so below 1e-3 only the penalty acts. Training keeps the parameter in that range: with a fast
    // learning rate it used to run off to large negative values (loss unbounded below, zero-width
    // mask, no gradient left to recover).
    void boundlessBoundaryStaysInRange() {
        IntervenableModel das(dasConfig("BoundlessRotatedSpaceIntervention", 21, std::nullopt), model_);
        TrainingOptions options;
        options.epochs = 5;
        options.batchSize = 32;
        options.learningRate = 0.1;
        options.boundaryLossWeight = 10.0;
        double lowestLoss = 1e9;
        options.progress = [&](int, int, double loss) { lowestLoss = std::min(lowestLoss, loss); };
        trainInterventions(das, train_, options);
        double boundary = -1;
        for (const auto& [name, value] : das.intervention(0).stateDict())
            if (name == "intervention_boundaries") boundary = value.item<double>();
        QVERIFY2(boundary >= 1e-3 - 1e-9 && boundary <= 1.0, qPrintable(QString::number(boundary)));
        QVERIFY2(lowestLoss >= 0, qPrintable(QString::number(lowestLoss)));
    }

    void progressAndCancel() {
        IntervenableModel das(dasConfig("LowRankRotatedSpaceIntervention", 5), model_);
        std::atomic<bool> cancel{false};
        std::vector<int> seen;
        int total = 0;
        TrainingOptions options;
        options.epochs = 10;
        options.batchSize = 16;
        options.progress = [&](int step, int totalSteps, double loss) {
            seen.push_back(step);
            total = totalSteps;
            QVERIFY(std::isfinite(loss));
            if (step == 3) cancel = true;
        };
        options.cancel = &cancel;
        TrainingReport report = trainInterventions(das, train_, options);
        QVERIFY(report.cancelled);
        QCOMPARE(report.steps, 3);
        QCOMPARE(seen, (std::vector<int>{1, 2, 3}));
        QCOMPARE(total, static_cast<int>(10 * ((train_.size() + 15) / 16)));

        // A cancel already set stops before the first step.
        IntervenableModel other(dasConfig("LowRankRotatedSpaceIntervention", 6), model_);
        std::atomic<bool> stopNow{true};
        TrainingOptions immediate;
        immediate.cancel = &stopNow;
        TrainingReport none = trainInterventions(other, train_, immediate);
        QVERIFY(none.cancelled);
        QCOMPARE(none.steps, 0);
    }
};

QTEST_GUILESS_MAIN(DasTrainingTest)
#include "test_das_training.moc"
