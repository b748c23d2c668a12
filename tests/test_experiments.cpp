// Activation patching and causal tracing against pyvene's heatmaps (tests/data/experiments), and
// the fast engine against the naive one (one full forward pass per cell) for every kind and
// component.
#include "experiments/experiment.h"
#include "experiments/patching.h"
#include "experiments/tracing.h"
#include "io/safetensors.h"
#include "model/gpt2_init.h"
#include "model/transformer.h"
#include "tokenize/tokenizer.h"
#include "common/error.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

namespace fs = std::filesystem;
using namespace causeway;

namespace {
const fs::path kData = CAUSEWAY_TEST_DATA;

nlohmann::json readJson(const fs::path& p) {
    std::ifstream in(p);
    return nlohmann::json::parse(in);
}

std::shared_ptr<const Transformer> model(const std::string& name) {
    static std::map<std::string, std::shared_ptr<const Transformer>> cache;
    auto& m = cache[name];
    if (!m) m = Transformer::load(kData / "models" / name);
    return m;
}

double maxDiff(const Heatmap& h, const at::Tensor& want, bool normalized = false) {
    const auto& values = normalized ? h.normalized : h.raw;
    at::Tensor got = at::tensor(values, at::kDouble).view({h.rows, h.cols});
    return (got - want.to(at::kDouble)).abs().max().item<double>();
}

double maxDiff(const Heatmap& a, const Heatmap& b) {
    double worst = 0;
    for (std::size_t i = 0; i < a.raw.size(); ++i) worst = std::max(worst, std::abs(a.raw[i] - b.raw[i]));
    return worst;
}

ExperimentSpec patchingSpec(const nlohmann::json& manifest) {
    ExperimentSpec spec;
    spec.kind = PatchingSpec::kKind;
    spec.promptIds = manifest["clean_input_ids"].get<std::vector<int64_t>>();
    spec.part<PatchingSpec>().corruptedIds = manifest["corrupted_input_ids"].get<std::vector<int64_t>>();
    spec.part<PatchingSpec>().correctToken = manifest["correct_token_id"].get<int64_t>();
    spec.part<PatchingSpec>().incorrectToken = manifest["incorrect_token_id"].get<int64_t>();
    return spec;
}

// The fixtures' causal trace (noise seed 31337) with the given window.
ExperimentSpec tracingSpec(const nlohmann::json& manifest, int window) {
    ExperimentSpec trace;
    trace.kind = TracingSpec::kKind;
    trace.promptIds = manifest["input_ids"].get<std::vector<int64_t>>();
    trace.part<TracingSpec>().subjectTokens = {manifest["subject_token_range"][0].get<int64_t>(), manifest["subject_token_range"][1].get<int64_t>()};
    trace.part<TracingSpec>().noiseSamples = manifest["num_noised_copies"].get<int>();
    trace.part<TracingSpec>().seed = 31337;
    trace.part<TracingSpec>().window = window;
    return trace;
}

RunControl engine(SweepEngine e) {
    RunControl c;
    c.engine = e;
    return c;
}
} // namespace

class ExperimentsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void referenceMatrices_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("engine");
        for (const char* m : {"gpt2-tiny", "llama-tiny"})
            for (int e : {0, 1}) QTest::addRow("%s/%s", m, e == 0 ? "fast" : "naive") << QString::fromLatin1(m) << e;
    }

    // pyvene's activation patching, head patching and causal tracing matrices, both engines.
    void referenceMatrices() {
        QFETCH(QString, model);
        QFETCH(int, engine);
        const fs::path dir = kData / "experiments" / model.toStdString();
        const RunControl control = ::engine(engine == 0 ? SweepEngine::Fast : SweepEngine::Naive);

        const nlohmann::json ap = readJson(dir / "activation_patching" / "manifest.json");
        SafetensorsFile apTensors(dir / "activation_patching" / "tensors.safetensors");
        ExperimentSpec spec = patchingSpec(ap);
        spec.part<PatchingSpec>().components = ap["components"].get<std::vector<std::string>>();
        ExperimentResult r = runExperiment(*::model(model.toStdString()), nullptr, spec, control);
        QVERIFY(std::abs(r.cleanBaseline - ap["m_clean"].get<double>()) < 1e-4);
        QVERIFY(std::abs(r.corruptedBaseline - ap["m_corrupt"].get<double>()) < 1e-4);
        QCOMPARE(r.cellsDone, r.cellsTotal);
        for (const Heatmap& h : r.maps) {
            const double raw = maxDiff(h, apTensors.tensor(h.name + ".raw"));
            const double norm = maxDiff(h, apTensors.tensor(h.name + ".normalized"), true);
            QVERIFY2(raw <= 1e-4 && norm <= 1e-4, qPrintable(QStringLiteral("%1: raw %2, normalized %3")
                                                                  .arg(QString::fromStdString(h.name)).arg(raw).arg(norm)));
        }

        const nlohmann::json hp = readJson(dir / "head_patching" / "manifest.json");
        SafetensorsFile hpTensors(dir / "head_patching" / "tensors.safetensors");
        spec = patchingSpec(hp);
        spec.part<PatchingSpec>().unit = PatchUnit::Head;
        spec.part<PatchingSpec>().components = {"head_attention_value_output"};
        r = runExperiment(*::model(model.toStdString()), nullptr, spec, control);
        QVERIFY2(maxDiff(r.maps[0], hpTensors.tensor("head_attention_value_output.raw")) <= 1e-4, "head patching raw");
        QVERIFY2(maxDiff(r.maps[0], hpTensors.tensor("head_attention_value_output.normalized"), true) <= 1e-4, "head patching normalized");

        const nlohmann::json ct = readJson(dir / "causal_tracing" / "manifest.json");
        SafetensorsFile ctTensors(dir / "causal_tracing" / "tensors.safetensors");
        for (int window : {2, 10}) {
            r = runExperiment(*::model(model.toStdString()), nullptr, tracingSpec(ct, window), control);
            QVERIFY(std::abs(r.noiseScale - ct["noise_scale"].get<double>()) < 1e-6);
            QCOMPARE(r.correctToken, ct["answer_token_id"].get<int64_t>());
            QVERIFY(std::abs(r.cleanBaseline - ct["high_score"].get<double>()) < 1e-4);
            QVERIFY2(std::abs(r.corruptedBaseline - ct["low_score"].get<double>()) < 1e-4, "low score (noise draw)");
            const std::string w = ".w" + std::to_string(window);
            QVERIFY2(maxDiff(r.maps[0], ctTensors.tensor("scores.hidden")) <= 1e-4, "hidden");
            QVERIFY2(maxDiff(r.maps[1], ctTensors.tensor("scores.mlp" + w)) <= 1e-4, ("mlp" + w).c_str());
            QVERIFY2(maxDiff(r.maps[2], ctTensors.tensor("scores.attn" + w)) <= 1e-4, ("attn" + w).c_str());
        }
        // Odd windows are centred (Python's floor division in ROME): window 3 restores l-1..l+1.
        SafetensorsFile oddTensors(dir / "causal_tracing" / "odd_windows.safetensors");
        for (int window : {1, 3, 5}) {
            r = runExperiment(*::model(model.toStdString()), nullptr, tracingSpec(ct, window), control);
            const std::string w = ".w" + std::to_string(window);
            const double mlp = maxDiff(r.maps[1], oddTensors.tensor("scores.mlp" + w));
            const double attn = maxDiff(r.maps[2], oddTensors.tensor("scores.attn" + w));
            QVERIFY2(mlp <= 1e-4 && attn <= 1e-4, qPrintable(QStringLiteral("window %1: mlp %2, attn %3").arg(window).arg(mlp).arg(attn)));
        }
    }

    // The fast engine equals the naive loop for every component, both directions, every metric.
    void fastEqualsNaive_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("component");
        QTest::addColumn<int>("unit");
        for (const char* m : {"gpt2-tiny", "llama-tiny", "gpt_neox-tiny", "phi-tiny"})
            for (Component c : model(m)->config().components()) {
                if (c == Component::AttentionWeight) continue;
                const std::string name(componentName(c));
                QTest::addRow("%s/%s", m, name.c_str())
                    << QString::fromLatin1(m) << QString::fromStdString(name) << int(isHeadComponent(c));
            }
    }

    void fastEqualsNaive() {
        QFETCH(QString, model);
        QFETCH(QString, component);
        QFETCH(int, unit);
        const nlohmann::json ap = readJson(kData / "experiments" / "gpt2-tiny" / "activation_patching" / "manifest.json");
        ExperimentSpec spec;
        spec.kind = PatchingSpec::kKind;
        // Prompts that differ in the middle, so some positions are exact no-ops and some are not.
        const int64_t V = ::model(model.toStdString())->config().vocabSize;
        spec.promptIds = {1, 17 % V, 40 % V, 99 % V, 23 % V, 61 % V, 5};
        spec.part<PatchingSpec>().corruptedIds = {1, 17 % V, 40 % V, 77 % V, 23 % V, 62 % V, 5};
        spec.part<PatchingSpec>().components = {component.toStdString()};
        spec.part<PatchingSpec>().unit = unit ? PatchUnit::Head : PatchUnit::Position;
        // Each metric once, each direction at least once (the engines share the metric code).
        const std::pair<PatchDirection, PatchMetric> rounds[] = {
            {PatchDirection::Denoising, PatchMetric::LogitDifference}, {PatchDirection::Noising, PatchMetric::Probability},
            {PatchDirection::Denoising, PatchMetric::LogProbability}, {PatchDirection::Noising, PatchMetric::KLDivergence}};
        for (auto [direction, metric] : rounds) {
                spec.part<PatchingSpec>().direction = direction;
                spec.part<PatchingSpec>().metric = metric;
                ExperimentResult fast = runExperiment(*::model(model.toStdString()), nullptr, spec, engine(SweepEngine::Fast));
                ExperimentResult naive = runExperiment(*::model(model.toStdString()), nullptr, spec, engine(SweepEngine::Naive));
                const double d = maxDiff(fast.maps[0], naive.maps[0]);
                QVERIFY2(d <= 1e-5, qPrintable(QStringLiteral("%1 %2: %3").arg(QString::fromStdString(metricName(metric)))
                                                   .arg(direction == PatchDirection::Denoising ? "denoising" : "noising").arg(d)));
            }
        (void)ap;
    }

    void tracingFastEqualsNaive() {
        for (const char* m : {"gpt2-tiny", "llama-tiny", "gemma-tiny", "opt-tiny"}) {
            ExperimentSpec trace;
            trace.kind = TracingSpec::kKind;
            trace.promptIds = {2, 40, 41, 42, 43, 44, 45, 46, 47};
            trace.part<TracingSpec>().subjectTokens = {2, 5};
            trace.part<TracingSpec>().noiseSamples = 3;
            trace.part<TracingSpec>().window = 3;
            trace.part<TracingSpec>().seed = 7;
            ExperimentResult fast = runExperiment(*model(m), nullptr, trace, engine(SweepEngine::Fast));
            ExperimentResult naive = runExperiment(*model(m), nullptr, trace, engine(SweepEngine::Naive));
            for (int i = 0; i < 3; ++i) QVERIFY2(maxDiff(fast.maps[i], naive.maps[i]) <= 1e-5, m);

            // A chosen subset of cells computes exactly those, with the full run's values.
            trace.cells = {{1, 3}, {0, 6}, {1, 1}};
            ExperimentResult subset = runExperiment(*model(m), nullptr, trace, engine(SweepEngine::Fast));
            QCOMPARE(subset.cellsTotal, int64_t{9});
            QCOMPARE(subset.cellsDone, int64_t{9});
            for (int i = 0; i < 3; ++i)
                for (int64_t c = 0; c < subset.maps[i].rows * subset.maps[i].cols; ++c) {
                    const double v = subset.maps[i].raw[c], full = fast.maps[i].raw[c];
                    QVERIFY(std::isnan(v) || std::abs(v - full) <= 1e-5);
                }
            QVERIFY(!std::isnan(subset.maps[2].at(1, 3)) && std::isnan(subset.maps[2].at(1, 4)));
        }
    }

    // A GPT-2-sized unembedding (50257 x 96 here, random weights) makes the fast engine collect
    // several passes' last positions for one read-out instead of one read-out per pass (the demo
    // and the fixtures' models are read out pass by pass): the maps must not change.
    void batchedReadOutEqualsNaive() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const fs::path folder = dir.path().toStdString();
        const Gpt2Shape shape{2, 96, 2, 50257, 64};
        at::manual_seed(11);
        writeGpt2Folder(folder, shape, initialGpt2Weights(shape));
        const auto big = Transformer::load(folder);

        ExperimentSpec spec;
        spec.kind = PatchingSpec::kKind;
        const at::Tensor clean = at::randint(0, shape.vocab, {40}, at::kLong);
        at::Tensor corrupted = clean.clone();
        corrupted[1] = (clean[1].item<int64_t>() + 1) % shape.vocab;
        corrupted[20] = (clean[20].item<int64_t>() + 1) % shape.vocab;
        spec.promptIds.assign(clean.data_ptr<int64_t>(), clean.data_ptr<int64_t>() + 40);
        spec.part<PatchingSpec>().corruptedIds.assign(corrupted.data_ptr<int64_t>(), corrupted.data_ptr<int64_t>() + 40);
        spec.part<PatchingSpec>().correctToken = 5;
        spec.part<PatchingSpec>().incorrectToken = 7;
        // 2 layers x 39 start positions: 1560 rows at the last layer, two passes of the fast engine.
        for (PatchMetric metric : {PatchMetric::LogitDifference, PatchMetric::KLDivergence}) {
            spec.part<PatchingSpec>().metric = metric;
            int reports = 0;
            RunControl fastControl = engine(SweepEngine::Fast);
            fastControl.progress = [&](const ExperimentResult&) { ++reports; };
            const ExperimentResult fast = runExperiment(*big, nullptr, spec, fastControl);
            const ExperimentResult naive = runExperiment(*big, nullptr, spec, engine(SweepEngine::Naive));
            QCOMPARE(fast.cellsDone, fast.cellsTotal);
            QVERIFY(reports >= 1);
            const double d = maxDiff(fast.maps[0], naive.maps[0]);
            QVERIFY2(d <= 1e-5, qPrintable(QString::number(d)));
        }

        ExperimentSpec trace;
        trace.kind = TracingSpec::kKind;
        trace.promptIds.assign(spec.promptIds.begin(), spec.promptIds.begin() + 24);
        trace.part<TracingSpec>().subjectTokens = {2, 5};
        trace.part<TracingSpec>().noiseSamples = 3;
        trace.part<TracingSpec>().window = 2;
        trace.part<TracingSpec>().seed = 7;
        const ExperimentResult fast = runExperiment(*big, nullptr, trace, engine(SweepEngine::Fast));
        const ExperimentResult naive = runExperiment(*big, nullptr, trace, engine(SweepEngine::Naive));
        for (int i = 0; i < 3; ++i) QVERIFY2(maxDiff(fast.maps[i], naive.maps[i]) <= 1e-5, qPrintable(QString::number(i)));
    }

    // A cancelled sweep stops within one pass and keeps what it computed. The prompts are the
    // fixture's eight times over, so that the sweep takes several passes of the fast engine.
    void cancelKeepsPartialResult() {
        const nlohmann::json ap = readJson(kData / "experiments" / "gpt2-tiny" / "activation_patching" / "manifest.json");
        ExperimentSpec spec = patchingSpec(ap);
        auto repeated = [](const std::vector<int64_t>& ids) {
            std::vector<int64_t> out;
            for (int i = 0; i < 8; ++i) out.insert(out.end(), ids.begin(), ids.end());
            return out;
        };
        spec.promptIds = repeated(spec.promptIds);
        spec.part<PatchingSpec>().corruptedIds = repeated(spec.part<PatchingSpec>().corruptedIds);
        std::atomic<bool> cancel{false};
        int reports = 0;
        RunControl control;
        control.cancel = &cancel;
        control.progress = [&](const ExperimentResult& partial) {
            ++reports;
            QVERIFY(partial.cellsDone <= partial.cellsTotal);
            if (partial.cellsDone > 0 && partial.cellsDone >= partial.cellsTotal / 2) cancel = true;
        };
        ExperimentResult r = runExperiment(*model("gpt2-tiny"), nullptr, spec, control);
        QCOMPARE(r.status, RunStatus::Cancelled);
        QVERIFY(reports >= 2);
        QVERIFY(r.cellsDone < r.cellsTotal);
        int computed = 0, missing = 0;
        for (double v : r.maps[0].raw) (std::isnan(v) ? missing : computed)++;
        QCOMPARE(computed, static_cast<int>(r.cellsDone));
        QVERIFY(missing > 0);
    }

    void mismatchedLengthsShowBothTokenizations() {
        auto tokenizer = loadTokenizer(kData / "models" / "gpt2-tiny");
        ExperimentSpec spec;
        spec.prompt = "The capital of Austria is";
        spec.part<PatchingSpec>().corruptedPrompt = "The capital of the United Kingdom is";
        try {
            runExperiment(*model("gpt2-tiny"), tokenizer.get(), spec);
            QFAIL("no error");
        } catch (const Error& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.contains(QStringLiteral("9 tokens [The |  capital |  of |  A |")), e.what());
            QVERIFY2(message.contains(QStringLiteral("15 tokens [The |  capital |  of |  the |")), e.what());
            QVERIFY2(message.contains(QStringLiteral("equal lengths")), e.what());
        }
    }

    void specRoundTripsThroughJson() {
        ExperimentSpec spec;
        spec.model = "demo";
        spec.prompt = "a";
        spec.part<PatchingSpec>().corruptedPrompt = "b";
        spec.part<PatchingSpec>().components = {"block_output", "mlp_output"};
        spec.layers = {0, 2};
        spec.part<PatchingSpec>().metric = PatchMetric::KLDivergence;
        spec.part<PatchingSpec>().direction = PatchDirection::Noising;
        ExperimentSpec back = ExperimentSpec::fromJson(spec.toJson(), "test");
        QCOMPARE(back.toJson().dump(), spec.toJson().dump());
        nlohmann::json bad = spec.toJson();
        bad["metric"] = "accuracy";
        QVERIFY_THROWS_EXCEPTION(Error, ExperimentSpec::fromJson(bad, "test"));
        bad = spec.toJson();
        bad["format"] = 99;
        QVERIFY_THROWS_EXCEPTION(Error, ExperimentSpec::fromJson(bad, "test"));
    }
};

QTEST_GUILESS_MAIN(ExperimentsTest)
#include "test_experiments.moc"
