// Attention patterns, direct logit attribution and attribution patching against references:
// transformers' output_attentions, and a direct logit attribution and an AtP gradient computed
// in transformers from HF's own modules (tests/reference/gen_kind_references.py, output in
// tests/data/expected/kinds); the attribution terms add up to the model's logit difference for
// every pre-norm family; AtP's exact cells are activation patching's. Also: JSON and results.json
// round trips, pyvene exports (or why not), and the CLI.
#include "common/error.h"
#include "experiments/attention_patterns.h"
#include "experiments/attribution_patching.h"
#include "experiments/experiment.h"
#include "experiments/export.h"
#include "experiments/kind.h"
#include "experiments/logit_attribution.h"
#include "experiments/patching.h"
#include "experiments/results_io.h"
#include "io/model_folder.h"
#include "io/safetensors.h"
#include "model/transformer.h"
#include "tokenize/tokenizer.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>

namespace fs = std::filesystem;
using namespace causeway;

namespace {

const fs::path kData = CAUSEWAY_TEST_DATA;
const fs::path kKinds = kData / "expected" / "kinds";

nlohmann::json manifest() {
    std::ifstream in(kKinds / "manifest.json");
    return nlohmann::json::parse(in);
}

std::vector<int64_t> idsOf(const nlohmann::json& list) { return list.get<std::vector<int64_t>>(); }

std::shared_ptr<const Transformer> model(const std::string& name) { return Transformer::load(kData / "models" / name); }

fs::path demoFolder() { return resolveModelFolder("demo", fs::current_path()); }

// Everything the attribution adds up: the maps' layers (attention incl. its bias, MLP) and the other terms.
double attributionSum(const ExperimentResult& r) {
    const LogitAttributionResult& t = r.part<LogitAttributionResult>();
    const Heatmap& layers = r.maps[1];
    return std::accumulate(layers.raw.begin(), layers.raw.end(), 0.0) + t.embeddings + t.finalNormBias + t.unembeddingBias;
}

ExperimentSpec atpSpec(const nlohmann::json& m, const std::string& component, int64_t correct, int64_t incorrect) {
    AttributionPatchingSpec atp;
    atp.patching.corruptedIds = idsOf(m["corrupted_ids"]);
    atp.patching.correctToken = correct;
    atp.patching.incorrectToken = incorrect;
    atp.patching.components = {component};
    atp.patching.unit = isHeadComponent(*componentFromName(component)) ? PatchUnit::Head : PatchUnit::Position;
    atp.exactTopK = 5;
    ExperimentSpec spec = ExperimentSpec::of(atp);
    spec.promptIds = idsOf(m["input_ids"]);
    return spec;
}

QString runCli(const QStringList& args, int* exitCode = nullptr, QString* errors = nullptr) {
    QProcess p;
    p.start(QStringLiteral(CAUSEWAY_CLI_PATH), args);
    p.waitForFinished(300000);
    if (exitCode) *exitCode = p.exitCode();
    if (errors) *errors = QString::fromUtf8(p.readAllStandardError());
    return QString::fromUtf8(p.readAllStandardOutput());
}

} // namespace

class AnalysisKindsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // ------------------------------------------------------------------ attention patterns
    void attentionEqualsTransformersOutputAttentions_data() {
        QTest::addColumn<QString>("model");
        for (const char* m : {"gpt2-tiny", "llama-tiny", "gemma2-softcap-window"}) QTest::newRow(m) << QString(m);
    }
    void attentionEqualsTransformersOutputAttentions() {
        QFETCH(QString, model);
        const std::string name = model.toStdString();
        SafetensorsFile expected(kKinds / (name + ".safetensors"));
        auto transformer = ::model(name);
        ExperimentSpec spec = ExperimentSpec::of(AttentionPatternsSpec{});
        spec.promptIds = idsOf(manifest()["input_ids"]);
        const ExperimentResult r = runExperiment(*transformer, nullptr, spec);
        const AttentionPatternsResult& p = r.part<AttentionPatternsResult>();
        const int L = static_cast<int>(transformer->config().numLayers);
        QCOMPARE(static_cast<int>(p.layers.size()), L);
        QCOMPARE(p.heads, transformer->config().numHeads);
        double worst = 0;
        for (int l = 0; l < L; ++l) {
            const at::Tensor hf = expected.tensor("attentions." + std::to_string(l)).to(at::kDouble); // [H, T, T]
            for (int64_t h = 0; h < p.heads; ++h)
                for (int64_t q = 0; q < p.tokens; ++q)
                    for (int64_t k = 0; k < p.tokens; ++k)
                        worst = std::max(worst, std::abs(p.weight(static_cast<std::size_t>(l), h, q, k) - hf[h][q][k].item<double>()));
        }
        qInfo("%s: max |Causeway - transformers output_attentions| = %.3g", name.c_str(), worst);
        QVERIFY(worst < 1e-5);

        // The grid's entropy, from transformers' own weights; the shown head is the most focused one.
        const Heatmap& heads = r.maps[0];
        QCOMPARE(heads.name, std::string("heads"));
        for (int l = 0; l < L; ++l) {
            const at::Tensor hf = expected.tensor("attentions." + std::to_string(l)).to(at::kDouble).narrow(1, 1, p.tokens - 1);
            const at::Tensor entropy = -(hf * at::log(at::where(hf > 0, hf, at::ones_like(hf)))).sum(-1).mean(-1); // [H]
            for (int64_t h = 0; h < p.heads; ++h) QVERIFY(std::abs(heads.at(l, h) - entropy[h].item<double>()) < 1e-4);
        }
        const std::size_t lowest = static_cast<std::size_t>(std::min_element(heads.raw.begin(), heads.raw.end()) - heads.raw.begin());
        QCOMPARE(p.shown.first, static_cast<int>(lowest / static_cast<std::size_t>(heads.cols)));
        QCOMPARE(p.shown.second, static_cast<int>(lowest % static_cast<std::size_t>(heads.cols)));
        const Heatmap& pattern = r.maps[1];
        QCOMPARE(pattern.rowAxis, std::string("query"));
        QCOMPARE(pattern.rows, p.tokens);
        QCOMPARE(pattern.at(p.tokens - 1, 0), static_cast<double>(p.weight(static_cast<std::size_t>(p.shown.first), p.shown.second, p.tokens - 1, 0)));
    }

    void attentionSummariesAndSubsets() {
        auto transformer = model("gpt2-tiny");
        ExperimentSpec spec = ExperimentSpec::of(AttentionPatternsSpec{});
        spec.promptIds = idsOf(manifest()["input_ids"]);
        spec.layers = {1};
        spec.part<AttentionPatternsSpec>().summary = HeadSummary::PreviousToken;
        spec.part<AttentionPatternsSpec>().head = std::make_pair(1, 2);
        const ExperimentResult r = runExperiment(*transformer, nullptr, spec);
        const AttentionPatternsResult& p = r.part<AttentionPatternsResult>();
        QCOMPARE(p.layers, std::vector<int>{1});
        QCOMPARE(r.maps[0].rows, int64_t{1});
        QCOMPARE(p.shown, std::make_pair(1, 2));
        double previous = 0;
        for (int64_t q = 1; q < p.tokens; ++q) previous += p.weight(0, 3, q, q - 1);
        QVERIFY(std::abs(r.maps[0].at(0, 3) - previous / static_cast<double>(p.tokens - 1)) < 1e-12);
        // Rows of a pattern are distributions over the keys up to the query; none after it.
        for (int64_t q = 0; q < p.tokens; ++q) {
            double sum = 0;
            for (int64_t k = 0; k < p.tokens; ++k) sum += p.weight(0, 2, q, k);
            QVERIFY(std::abs(sum - 1.0) < 1e-5);
            if (q + 1 < p.tokens) QCOMPARE(p.weight(0, 2, q, q + 1), 0.0f);
        }

        // Bad input: positions, cells, a head outside the model, an unknown summary.
        ExperimentSpec bad = spec;
        bad.positions = {2};
        QVERIFY_THROWS_EXCEPTION(Error, runExperiment(*transformer, nullptr, bad));
        bad = spec;
        bad.part<AttentionPatternsSpec>().head = std::make_pair(1, 9);
        QVERIFY_THROWS_EXCEPTION(Error, runExperiment(*transformer, nullptr, bad));
        bad = spec;
        bad.part<AttentionPatternsSpec>().head = std::make_pair(0, 1); // layer 0 is not read
        QVERIFY_THROWS_EXCEPTION(Error, runExperiment(*transformer, nullptr, bad));
        nlohmann::json file = spec.toJson();
        file["summary"] = "sharpness";
        QVERIFY_THROWS_EXCEPTION(Error, ExperimentSpec::fromJson(file, "bad.json"));
    }

    void attentionRoundTripsAndExports() {
        auto transformer = model("gpt2-tiny");
        auto tokenizer = loadTokenizer(kData / "models" / "gpt2-tiny");
        ExperimentSpec spec = ExperimentSpec::of(AttentionPatternsSpec{});
        spec.prompt = "The capital of Austria is";
        spec.part<AttentionPatternsSpec>().summary = HeadSummary::FirstToken;
        QCOMPARE(ExperimentSpec::fromJson(spec.toJson(), "again").toJson().dump(), spec.toJson().dump());
        ExperimentResult r = runExperiment(*transformer, tokenizer.get(), spec);
        const ExperimentResult back = resultFromJson(nlohmann::json::parse(r.toJson().dump()), "results.json");
        const AttentionPatternsResult& a = r.part<AttentionPatternsResult>();
        const AttentionPatternsResult& b = back.part<AttentionPatternsResult>();
        QCOMPARE(b.weights.size(), a.weights.size());
        for (std::size_t i = 0; i < a.weights.size(); ++i) QVERIFY(std::abs(a.weights[i] - b.weights[i]) < 1e-6f);
        QCOMPARE(b.shown, a.shown);
        QCOMPARE(back.maps[1].rowLabels, r.tokens);
        // Another head's pattern from the stored weights; the CSV names the queries.
        showAttentionPattern(r, 2, 1);
        QCOMPARE(r.part<AttentionPatternsResult>().shown, std::make_pair(2, 1));
        QCOMPARE(r.maps[1].at(3, 1), static_cast<double>(a.weight(2, 1, 3, 1)));
        const std::string csv = heatmapCsv(r.maps[1]);
        QVERIFY(csv.rfind("query,", 0) == 0);
        QVERIFY(csv.find("\n" + r.tokens[1] + ",") != std::string::npos || csv.find("\n\"" + r.tokens[1] + "\",") != std::string::npos);
        QVERIFY_THROWS_EXCEPTION(Error, showAttentionPattern(r, 7, 0));
        QVERIFY(resultSummary(back).find("Pattern shown: layer") != std::string::npos);
        // pyvene collects attention_weight: the exported script does.
        const std::string script = pyveneScript(prepareExperiment(tokenizer.get(), spec, 512), kData / "models" / "gpt2-tiny");
        QVERIFY(script.find("pv.CollectIntervention") != std::string::npos);
        QVERIFY(script.find("\"attention_weight\"") != std::string::npos);
    }

    // ------------------------------------------------------------------ direct logit attribution
    void attributionMatchesTransformersReference_data() {
        QTest::addColumn<QString>("model");
        for (const char* m : {"gpt2-tiny", "llama-tiny", "gemma2-softcap-window", "gpt_neox-tiny", "phi-tiny"}) QTest::newRow(m) << QString(m);
    }
    void attributionMatchesTransformersReference() {
        QFETCH(QString, model);
        const std::string name = model.toStdString();
        const nlohmann::json m = manifest();
        const nlohmann::json& terms = m["models"][name]["dla"];
        SafetensorsFile expected(kKinds / (name + ".safetensors"));
        auto transformer = ::model(name);
        ExperimentSpec spec = ExperimentSpec::of(LogitAttributionSpec{});
        spec.promptIds = idsOf(m["input_ids"]);
        const ExperimentResult r = runExperiment(*transformer, nullptr, spec);
        // Default answers: the top token and its runner-up, as the reference chose them.
        QCOMPARE(r.correctToken, terms["correct"].get<int64_t>());
        QCOMPARE(r.incorrectToken, terms["incorrect"].get<int64_t>());
        const at::Tensor heads = expected.tensor("dla.heads"), layers = expected.tensor("dla.layers"), biases = expected.tensor("dla.attention_bias");
        double worst = 0;
        for (int64_t l = 0; l < heads.size(0); ++l) {
            for (int64_t h = 0; h < heads.size(1); ++h) worst = std::max(worst, std::abs(r.maps[0].at(l, h) - heads[l][h].item<double>()));
            for (int64_t c = 0; c < 2; ++c) worst = std::max(worst, std::abs(r.maps[1].at(l, c) - layers[l][c].item<double>()));
            worst = std::max(worst, std::abs(r.part<LogitAttributionResult>().attentionBiases[static_cast<std::size_t>(l)] - biases[l].item<double>()));
        }
        const LogitAttributionResult& t = r.part<LogitAttributionResult>();
        worst = std::max({worst, std::abs(t.embeddings - terms["embeddings"].get<double>()),
                          std::abs(t.finalNormBias - terms["final_norm_bias"].get<double>()),
                          std::abs(t.unembeddingBias - terms["unembedding_bias"].get<double>())});
        qInfo("%s: max |Causeway - transformers reference| over heads, layers and terms = %.3g; sum %.6f, model %.6f", name.c_str(),
              worst, attributionSum(r), t.modelDifference);
        QVERIFY(worst < 1e-4);
        // Every term together is the model's logit difference (before Gemma 2's soft cap).
        QVERIFY(std::abs(attributionSum(r) - t.total) < 1e-9);
        QVERIFY(std::abs(t.total - terms["precap_difference"].get<double>()) < 1e-4);
        QVERIFY(std::abs(t.modelDifference - terms["model_difference"].get<double>()) < 1e-4);
        QCOMPARE(t.softCapped, name == "gemma2-softcap-window");
        if (!t.softCapped) QVERIFY(std::abs(t.total - t.modelDifference) < 1e-4);
    }

    // The sum, on every pre-norm family fixture and on the demo model's IOI prompt (F16 weights).
    void attributionAddsUpForEveryFamily_data() {
        QTest::addColumn<QString>("model");
        for (const char* m : {"llama-rope-llama3", "mistral-tiny", "qwen2-tiny", "gemma-tiny", "gemma2-wide-heads", "olmo-plain",
                              "olmo-clip-qkv", "stablelm-parallel", "stablelm-qk-norm", "starcoder2-window", "mixtral-top2",
                              "phi3-window", "opt-tiny", "qwen2_moe-shared-dense", "qwen2_moe-step2-window", "phi-qk-layernorm"})
            QTest::newRow(m) << QString(m);
    }
    void attributionAddsUpForEveryFamily() {
        QFETCH(QString, model);
        auto transformer = ::model(model.toStdString());
        ExperimentSpec spec = ExperimentSpec::of(LogitAttributionSpec{});
        spec.promptIds = {5, 17, 40, 99, 23, 61, 7, 12};
        const ExperimentResult r = runExperiment(*transformer, nullptr, spec);
        const LogitAttributionResult& t = r.part<LogitAttributionResult>();
        QVERIFY2(std::abs(attributionSum(r) - t.modelDifference) < 1e-4,
                 qPrintable(QStringLiteral("sum %1, model %2").arg(attributionSum(r), 0, 'g', 10).arg(t.modelDifference, 0, 'g', 10)));
    }

    void attributionOnTheDemoModel() {
        const fs::path demo = demoFolder();
        auto transformer = Transformer::load(demo);
        auto tokenizer = loadTokenizer(demo);
        ExperimentSpec spec = ExperimentSpec::of(LogitAttributionSpec{});
        spec.prompt = "When Ben and Jane went to the station, Jane gave a pen to";
        spec.part<LogitAttributionSpec>().correctText = " Ben";
        spec.part<LogitAttributionSpec>().incorrectText = " Jane";
        const ExperimentResult r = runExperiment(*transformer, tokenizer.get(), spec);
        const LogitAttributionResult& t = r.part<LogitAttributionResult>();
        qInfo("demo IOI: terms add up to %.6f, the model's logit difference is %.6f", attributionSum(r), t.modelDifference);
        QVERIFY(std::abs(attributionSum(r) - t.modelDifference) < 1e-4);
        QVERIFY(t.modelDifference > 0); // the demo model solves IOI
        QCOMPARE(r.correctTokenText, std::string(" Ben"));
        // Round trips, the summary, and no pyvene export.
        const ExperimentResult back = resultFromJson(nlohmann::json::parse(r.toJson().dump()), "results.json");
        QCOMPARE(back.toJson().dump(), r.toJson().dump());
        QCOMPARE(ExperimentSpec::fromJson(spec.toJson(), "again").toJson().dump(), spec.toJson().dump());
        QVERIFY(resultSummary(back).find("All terms add up to") != std::string::npos);
        try {
            kindOf(spec).pyveneScript(r);
            QFAIL("exported");
        } catch (const Error& e) {
            QVERIFY(std::string(e.what()).find("cannot be expressed in pyvene") != std::string::npos);
        }
    }

    void attributionRefusals() {
        ExperimentSpec spec = ExperimentSpec::of(LogitAttributionSpec{});
        spec.promptIds = {5, 17, 40, 99};
        try {
            runExperiment(*model("opt-post-ln-projected"), nullptr, spec);
            QFAIL("ran on a post-norm model");
        } catch (const Error& e) {
            QVERIFY(std::string(e.what()).find("pre-norm") != std::string::npos);
        }
        spec.layers = {0};
        QVERIFY_THROWS_EXCEPTION(Error, runExperiment(*model("gpt2-tiny"), nullptr, spec));
        spec.layers.clear();
        spec.part<LogitAttributionSpec>().correctToken = 7;
        spec.part<LogitAttributionSpec>().incorrectToken = 7;
        QVERIFY_THROWS_EXCEPTION(Error, runExperiment(*model("gpt2-tiny"), nullptr, spec));
    }

    // ------------------------------------------------------------------ attribution patching
    void correlations() {
        QCOMPARE(pearsonCorrelation({1, 2, 3, 4}, {2, 4, 6, 8}), 1.0);
        QCOMPARE(spearmanCorrelation({1, 2, 3, 4}, {1, 8, 27, 64}), 1.0);
        QCOMPARE(spearmanCorrelation({1, 2, 3, 4}, {4, 3, 2, 1}), -1.0);
        QVERIFY(std::abs(pearsonCorrelation({1, 2, 3}, {1, 3, 2}) - 0.5) < 1e-12);
        QVERIFY(std::abs(spearmanCorrelation({1, 1, 2, 3}, {1, 2, 3, 4}) - 0.9486832980505138) < 1e-12); // ties share a rank
        QVERIFY(std::isnan(pearsonCorrelation({1, 2}, {1, 2})));
        QVERIFY(std::isnan(pearsonCorrelation({1, 1, 1}, {1, 2, 3})));
    }

    void atpMatchesTransformersGradient_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("component");
        for (const char* m : {"gpt2-tiny", "llama-tiny"})
            for (const char* c : {"block_output", "head_attention_value_output"}) QTest::newRow((std::string(m) + " " + c).c_str()) << QString(m) << QString(c);
    }
    void atpMatchesTransformersGradient() {
        QFETCH(QString, model);
        QFETCH(QString, component);
        const std::string name = model.toStdString(), comp = component.toStdString();
        const nlohmann::json m = manifest();
        const nlohmann::json& answers = m["models"][name]["atp"];
        SafetensorsFile expected(kKinds / (name + ".safetensors"));
        auto transformer = ::model(name);
        const ExperimentSpec spec = atpSpec(m, comp, answers["correct"].get<int64_t>(), answers["incorrect"].get<int64_t>());
        const ExperimentResult r = runExperiment(*transformer, nullptr, spec);
        QCOMPARE(static_cast<int>(r.maps.size()), 2);
        const Heatmap& estimate = r.maps[0];
        const at::Tensor reference = expected.tensor("atp." + comp);
        double worst = 0, scale = 0;
        for (int64_t l = 0; l < estimate.rows; ++l)
            for (int64_t c = 0; c < estimate.cols; ++c) {
                worst = std::max(worst, std::abs(estimate.at(l, c) - r.corruptedBaseline - reference[l][c].item<double>()));
                scale = std::max(scale, std::abs(reference[l][c].item<double>()));
            }
        qInfo("%s %s: max |AtP estimate - transformers autograd| = %.3g (largest effect %.3g)", name.c_str(), comp.c_str(), worst, scale);
        QVERIFY(worst < 1e-4 * std::max(1.0, scale));

        // The exact map holds the 5 largest estimates, patched exactly: activation patching's values.
        const Heatmap& exact = r.maps[1];
        std::vector<std::pair<int, int64_t>> cells;
        for (int64_t l = 0; l < exact.rows; ++l)
            for (int64_t c = 0; c < exact.cols; ++c)
                if (!std::isnan(exact.at(l, c))) cells.emplace_back(exact.rowLayers[static_cast<std::size_t>(l)], c);
        QCOMPARE(static_cast<int>(cells.size()), 5);
        ExperimentSpec patching = ExperimentSpec::of(spec.part<AttributionPatchingSpec>().patching);
        patching.promptIds = spec.promptIds;
        const ExperimentResult full = runExperiment(*transformer, nullptr, patching);
        double smallestChosen = 1e300, largestOther = 0;
        for (int64_t l = 0; l < exact.rows; ++l)
            for (int64_t c = 0; c < exact.cols; ++c) {
                const double effect = std::abs(estimate.at(l, c) - r.corruptedBaseline);
                if (std::isnan(exact.at(l, c))) {
                    largestOther = std::max(largestOther, effect);
                    continue;
                }
                smallestChosen = std::min(smallestChosen, effect);
                QVERIFY(std::abs(exact.at(l, c) - full.maps[0].at(l, c)) < 1e-5);
            }
        QVERIFY(smallestChosen >= largestOther);
        const AttributionPatchingResult& found = r.part<AttributionPatchingResult>();
        QCOMPARE(static_cast<int>(found.agreement.size()), 1);
        QCOMPARE(found.agreement[0].cells, int64_t{5});
        QCOMPARE(r.cellsDone, r.cellsTotal);
        // Equal to float rounding: patching runs the two prompts as one batch, AtP one at a time.
        QVERIFY(std::abs(r.cleanBaseline - full.cleanBaseline) < 1e-5);
        QVERIFY(std::abs(r.corruptedBaseline - full.corruptedBaseline) < 1e-5);
    }

    // exact_top_k -1 patches every cell: the exact maps are activation patching's whole sweep;
    // noising, other metrics and position subsets go through the same code.
    void atpWholeSweepAndOptions() {
        const nlohmann::json m = manifest();
        auto transformer = model("gpt2-tiny");
        ExperimentSpec spec = atpSpec(m, "mlp_output", 59, 134);
        AttributionPatchingSpec& atp = spec.part<AttributionPatchingSpec>();
        atp.exactTopK = -1;
        atp.patching.components = {"mlp_output", "attention_output"};
        atp.patching.direction = PatchDirection::Noising;
        atp.patching.metric = PatchMetric::LogProbability;
        spec.positions = {2, 3, 7, 10};
        const ExperimentResult r = runExperiment(*transformer, nullptr, spec);
        QCOMPARE(static_cast<int>(r.maps.size()), 4);
        ExperimentSpec patching = ExperimentSpec::of(atp.patching);
        patching.promptIds = spec.promptIds;
        patching.positions = spec.positions;
        const ExperimentResult full = runExperiment(*transformer, nullptr, patching);
        for (std::size_t ci = 0; ci < 2; ++ci) {
            const Heatmap& exact = r.maps[2 * ci + 1];
            QCOMPARE(exact.name, full.maps[ci].name + ".exact");
            for (std::size_t i = 0; i < exact.raw.size(); ++i) {
                QCOMPARE(std::isnan(exact.raw[i]), std::isnan(full.maps[ci].raw[i]));
                if (!std::isnan(exact.raw[i])) QVERIFY(std::abs(exact.raw[i] - full.maps[ci].raw[i]) < 1e-5);
            }
            QCOMPARE(std::isnan(r.maps[2 * ci].raw[0]), true); // position 0 not asked for
        }
        const AttributionPatchingResult& found = r.part<AttributionPatchingResult>();
        QCOMPARE(static_cast<int>(found.agreement.size()), 2);
        QCOMPARE(found.agreement[0].cells, int64_t{3 * 4});
        QVERIFY(std::isfinite(found.agreement[0].pearson));

        // Files: the spec and the result both ways; the summary reports the agreement.
        QCOMPARE(ExperimentSpec::fromJson(spec.toJson(), "again").toJson().dump(), spec.toJson().dump());
        QCOMPARE(spec.toJson()["exact_top_k"].get<int>(), -1);
        const ExperimentResult back = resultFromJson(nlohmann::json::parse(r.toJson().dump()), "results.json");
        QCOMPARE(back.toJson().dump(), r.toJson().dump());
        QVERIFY(resultSummary(back).find("AtP against exact patching on 12 cells: Pearson") != std::string::npos);
        try {
            kindOf(spec).pyveneScript(r);
            QFAIL("exported");
        } catch (const Error& e) {
            QVERIFY(std::string(e.what()).find("cannot be expressed in pyvene") != std::string::npos);
        }
        atp.exactTopK = -2;
        QVERIFY_THROWS_EXCEPTION(Error, runExperiment(*transformer, nullptr, spec));
    }

    // The backward pass works whatever autograd mode the caller is in, and a cancelled run keeps the preview.
    void atpUnderNoGradAndCancel() {
        const nlohmann::json m = manifest();
        auto transformer = model("llama-tiny");
        const ExperimentSpec spec = atpSpec(m, "block_output", 265, 218);
        ExperimentResult withGrad = runExperiment(*transformer, nullptr, spec);
        at::NoGradGuard noGrad;
        ExperimentResult withoutGrad = runExperiment(*transformer, nullptr, spec);
        QCOMPARE(withoutGrad.maps[0].raw, withGrad.maps[0].raw);
        std::atomic<bool> cancel{false};
        RunControl control;
        control.cancel = &cancel;
        control.progress = [&](const ExperimentResult&) { cancel = true; }; // after the preview
        const ExperimentResult cancelled = runExperiment(*transformer, nullptr, spec, control);
        QVERIFY(cancelled.status == RunStatus::Cancelled);
        QCOMPARE(cancelled.maps[0].raw, withGrad.maps[0].raw);
    }

    // ------------------------------------------------------------------ probing one cell
    // Each kind's probe recomputes the clicked cell: the value the map shows.
    void probesRecomputeTheCell() {
        const nlohmann::json m = manifest();
        auto transformer = model("gpt2-tiny");
        auto tokenizer = loadTokenizer(kData / "models" / "gpt2-tiny");

        ExperimentSpec patterns = ExperimentSpec::of(AttentionPatternsSpec{});
        patterns.promptIds = idsOf(m["input_ids"]);
        const ExperimentResult attention = runExperiment(*transformer, tokenizer.get(), patterns);
        const CellProbe head = kindOf(patterns).probe(*transformer, tokenizer.get(), attention, attention.maps[0], 1, 3, 4);
        QVERIFY(std::abs(head.value - attention.maps[0].at(1, 3)) < 1e-9);
        QCOMPARE(static_cast<int>(head.columns.at(0).top.size()), 4);
        const AttentionPatternsResult& p = attention.part<AttentionPatternsResult>();
        QCOMPARE(head.columns[0].top[0].probability, static_cast<double>(p.weight(1, 3, p.tokens - 1, head.columns[0].top[0].id)));
        QVERIFY_THROWS_EXCEPTION(Error, kindOf(patterns).probe(*transformer, tokenizer.get(), attention, attention.maps[1], 0, 2, 4));

        ExperimentSpec dla = ExperimentSpec::of(LogitAttributionSpec{});
        dla.promptIds = idsOf(m["input_ids"]);
        const ExperimentResult direct = runExperiment(*transformer, tokenizer.get(), dla);
        for (std::size_t map = 0; map < 2; ++map) {
            const CellProbe cell = kindOf(dla).probe(*transformer, tokenizer.get(), direct, direct.maps[map], 2, 1, 5);
            QVERIFY(std::abs(cell.value - direct.maps[map].at(2, 1)) < 1e-9);
            QCOMPARE(static_cast<int>(cell.columns.size()), 3);
            double shares = 0;
            for (const auto& column : {cell.columns[0], cell.columns[1]})
                for (const CellToken& t : column.top) shares += t.probability;
            QVERIFY(shares > 0);
        }

        const ExperimentSpec atp = atpSpec(m, "block_output", 59, 134);
        const ExperimentResult estimated = runExperiment(*transformer, tokenizer.get(), atp);
        for (int64_t c = 0; c < estimated.maps[1].cols; ++c)
            if (!std::isnan(estimated.maps[1].at(2, c))) { // an exact cell: the probe patches it again
                const CellProbe cell = kindOf(atp).probe(*transformer, tokenizer.get(), estimated, estimated.maps[1], 2, c, 5);
                QVERIFY(std::abs(cell.value - estimated.maps[1].at(2, c)) < 1e-5);
                QCOMPARE(static_cast<int>(cell.columns.size()), 3);
            }
    }

    // ------------------------------------------------------------------ the CLI
    void cliRunsEachKind_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("shown");
        const QString demo = QStringLiteral("\"model\": \"demo\", \"prompt\": \"When Ben and Jane went to the station, Jane gave a pen to\"");
        QTest::newRow("attention_patterns") << QStringLiteral("{\"format\": 1, \"kind\": \"attention_patterns\", %1, \"summary\": \"previous_token\"}").arg(demo)
                                           << QStringLiteral("Pattern shown: layer");
        QTest::newRow("logit_attribution") << QStringLiteral("{\"format\": 1, \"kind\": \"logit_attribution\", %1, \"answers\": {\"correct\": \" Ben\", \"incorrect\": \" Jane\"}}").arg(demo)
                                          << QStringLiteral("All terms add up to");
        QTest::newRow("attribution_patching")
            << QStringLiteral("{\"format\": 1, \"kind\": \"attribution_patching\", \"model\": \"demo\", \"prompts\": {\"clean\": "
                              "\"When Ben and Jane went to the station, Jane gave a pen to\", \"corrupted\": \"When Ben and Jane went to the station, Ben gave a pen to\"}, "
                              "\"answers\": {\"correct\": \" Ben\", \"incorrect\": \" Jane\"}, \"components\": [\"block_output\"], \"exact_top_k\": 10}")
            << QStringLiteral("AtP against exact patching on 10 cells");
    }
    void cliRunsEachKind() {
        QFETCH(QString, file);
        QFETCH(QString, shown);
        QTemporaryDir tmp;
        const QString experiment = tmp.filePath(QStringLiteral("e.json"));
        std::ofstream(experiment.toStdString()) << file.toStdString();
        int code = -1;
        QString errors;
        runCli({QStringLiteral("run"), experiment, QStringLiteral("--out"), tmp.filePath(QStringLiteral("out"))}, &code, &errors);
        QVERIFY2(code == 0, qPrintable(errors));
        const QString out = runCli({QStringLiteral("show"), tmp.filePath(QStringLiteral("out/results.json"))}, &code, &errors);
        QVERIFY2(code == 0 && out.contains(shown), qPrintable(out + errors));
        QVERIFY(!QDir(tmp.filePath(QStringLiteral("out"))).entryList({QStringLiteral("*.csv")}).isEmpty());
        // causeway-cli probe recomputes a cell through the kind (a head; a block_output cell).
        const QString probed = runCli({QStringLiteral("probe"), tmp.filePath(QStringLiteral("out/results.json")), QStringLiteral("--cell"), QStringLiteral("2,7")},
                                      &code, &errors);
        QVERIFY2(code == 0 && !probed.trimmed().isEmpty(), qPrintable(probed + errors));
        runCli({QStringLiteral("export"), experiment, QStringLiteral("--to"), QStringLiteral("pyvene"), QStringLiteral("--out"),
                tmp.filePath(QStringLiteral("s.py"))},
               &code, &errors);
        if (QString(QTest::currentDataTag()) == QLatin1String("attention_patterns")) {
            QCOMPARE(code, 0);
        } else {
            QVERIFY2(code == 2 && errors.contains(QStringLiteral("cannot be expressed in pyvene")), qPrintable(errors));
            QVERIFY(!QFile::exists(tmp.filePath(QStringLiteral("s.py")))); // no empty script left behind
        }
    }
};

QTEST_GUILESS_MAIN(AnalysisKindsTest)
#include "test_analysis_kinds.moc"
