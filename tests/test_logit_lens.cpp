// Logit lens against references: each layer's read-out equals HF transformers' hidden_states
// put through the model's final norm and LM head (tests/data/expected, FIXTURES.md section 3),
// and the last layer equals the model's own logits (HF's and Causeway's forward). Also: the kind
// reads and writes its JSON, results read back with their per-cell tokens, and the CLI runs it.
#include "common/error.h"
#include "experiments/experiment.h"
#include "experiments/kind.h"
#include "experiments/logit_lens.h"
#include "experiments/results_io.h"
#include "io/safetensors.h"
#include "model/transformer.h"
#include "tokenize/tokenizer.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace causeway;

namespace {
const fs::path kData = CAUSEWAY_TEST_DATA;

nlohmann::json readJson(const fs::path& p) {
    std::ifstream in(p);
    return nlohmann::json::parse(in);
}
} // namespace

class LogitLensTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesTransformersHiddenStates_data() {
        QTest::addColumn<QString>("model");
        for (const char* m : {"gpt2-tiny", "llama-tiny", "gemma-tiny", "opt-tiny"}) QTest::newRow(m) << QString(m);
    }
    void matchesTransformersHiddenStates() {
        QFETCH(QString, model);
        const fs::path dir = kData / "expected" / model.toStdString();
        const nlohmann::json manifest = readJson(dir / "manifest.json");
        SafetensorsFile expected(dir / manifest["prompts"][0]["file"].get<std::string>());
        auto transformer = Transformer::load(kData / "models" / model.toStdString());
        const int L = static_cast<int>(transformer->config().numLayers);
        const at::Tensor ids = expected.tensor("input_ids");
        const int64_t T = ids.size(1);

        ExperimentSpec spec = ExperimentSpec::of(LogitLensSpec{});
        spec.promptIds.assign(ids.data_ptr<int64_t>(), ids.data_ptr<int64_t>() + T);
        spec.part<LogitLensSpec>().topK = 5;
        const ExperimentResult r = runExperiment(*transformer, nullptr, spec);
        QCOMPARE(static_cast<int>(r.maps.size()), 1);
        const Heatmap& map = r.maps[0];
        QCOMPARE(map.rows, static_cast<int64_t>(L));
        QCOMPARE(map.cols, T);
        QCOMPARE(r.cellsDone, L * T);

        // The answer defaults to HF's top token at the last position.
        const at::Tensor hfLogits = expected.tensor("logits")[0].to(at::kDouble); // [T, V]
        QCOMPARE(r.correctToken, hfLogits[T - 1].argmax().item<int64_t>());
        for (int l = 0; l < L; ++l) {
            // HF's hidden_states[l + 1] is block l's output, except the last, which HF has
            // already final-normed: there the reference is HF's logits themselves.
            const at::Tensor logits = l + 1 < L ? transformer->logitsOf(expected.tensor("hidden_states." + std::to_string(l + 1)))[0].to(at::kDouble)
                                                : hfLogits;
            const at::Tensor probs = at::softmax(logits, -1);
            for (int64_t t = 0; t < T; ++t) {
                const std::size_t cell = static_cast<std::size_t>(l * T + t);
                QVERIFY2(std::abs(map.raw[cell] - probs[t][r.correctToken].item<double>()) < 1e-4,
                         qPrintable(QStringLiteral("layer %1 position %2").arg(l).arg(t)));
                const std::vector<CellToken>& top = map.cellTokens[cell];
                QCOMPARE(static_cast<int>(top.size()), 5);
                QVERIFY(std::abs(top[0].probability - probs[t].max().item<double>()) < 1e-4);
                QCOMPARE(top[0].id, probs[t].argmax().item<int64_t>());
            }
        }
        QVERIFY(std::abs(r.cleanBaseline - at::softmax(hfLogits[T - 1], -1)[r.correctToken].item<double>()) < 1e-4);
    }

    // The last layer's read-out is Causeway's own forward pass, exactly; rank 0 = the top token.
    void lastLayerIsTheModelsLogits() {
        auto transformer = Transformer::load(kData / "models" / "gpt2-tiny");
        ExperimentSpec spec = ExperimentSpec::of(LogitLensSpec{});
        spec.promptIds = {266, 340, 297, 359, 84, 329, 81, 357, 273};
        const int last = static_cast<int>(transformer->config().numLayers) - 1;
        spec.layers = {last};
        spec.part<LogitLensSpec>().answerToken = 17;
        spec.part<LogitLensSpec>().colour = LensColour::Rank;
        const ExperimentResult r = runExperiment(*transformer, nullptr, spec);
        const at::Tensor logits = transformer->forward(at::tensor(spec.promptIds, at::kLong).view({1, 9}), {}).logits[0];
        for (int64_t t = 0; t < 9; ++t) {
            const double rank = (logits[t] > logits[t][17]).sum().item<double>();
            QCOMPARE(r.maps[0].raw[static_cast<std::size_t>(t)], rank);
            QCOMPARE(r.maps[0].cellTokens[static_cast<std::size_t>(t)][0].id, logits[t].argmax().item<int64_t>());
        }
    }

    void specAndResultRoundTrip() {
        const nlohmann::json file = {{"format", 1}, {"kind", "logit_lens"}, {"model", "demo"}, {"prompt", "The Eiffel Tower is in"},
                                     {"answer", " Paris"}, {"colour", "rank"}, {"top_k", 3}, {"layers", {0, 1}}};
        const ExperimentSpec spec = ExperimentSpec::fromJson(file, "lens.json");
        QCOMPARE(spec.part<LogitLensSpec>().answerText, std::string(" Paris"));
        QVERIFY(spec.part<LogitLensSpec>().colour == LensColour::Rank);
        QCOMPARE(ExperimentSpec::fromJson(spec.toJson(), "again").toJson().dump(), spec.toJson().dump());
        nlohmann::json bad = file;
        bad["colour"] = "brightness";
        QVERIFY_THROWS_EXCEPTION(Error, ExperimentSpec::fromJson(bad, "bad.json"));
        // Not an intervention: exporting it says so.
        QVERIFY_THROWS_EXCEPTION(Error, kindOf(spec).pyveneScript(ExperimentResult{}));

        auto transformer = Transformer::load(kData / "models" / "gpt2-tiny");
        auto tokenizer = loadTokenizer(kData / "models" / "gpt2-tiny");
        ExperimentSpec run = ExperimentSpec::of(LogitLensSpec{});
        run.prompt = "The capital of Austria is";
        run.part<LogitLensSpec>().topK = 2;
        const ExperimentResult r = runExperiment(*transformer, tokenizer.get(), run);
        QCOMPARE(r.maps[0].cellTokens[0][0].text, tokenizer->displayText(r.maps[0].cellTokens[0][0].id));
        const ExperimentResult back = resultFromJson(r.toJson(), "results.json");
        QCOMPARE(back.toJson().dump(), r.toJson().dump());
        QVERIFY(resultSummary(back, 2).find("top token '") != std::string::npos);
    }

    void runsFromTheCli() {
        QTemporaryDir tmp;
        const nlohmann::json file = {{"format", 1}, {"kind", "logit_lens"}, {"model", (kData / "models" / "gpt2-tiny").string()},
                                     {"prompt", "The capital of Austria is"}};
        std::ofstream(tmp.filePath(QStringLiteral("lens.json")).toStdString()) << file.dump();
        QProcess p;
        p.start(QStringLiteral(CAUSEWAY_CLI_PATH), {QStringLiteral("run"), tmp.filePath(QStringLiteral("lens.json")), QStringLiteral("--out"),
                                                     tmp.filePath(QStringLiteral("out"))});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        QVERIFY(QFile::exists(tmp.filePath(QStringLiteral("out/logit_lens.csv"))));
        p.start(QStringLiteral(CAUSEWAY_CLI_PATH), {QStringLiteral("show"), tmp.filePath(QStringLiteral("out/results.json"))});
        QVERIFY(p.waitForFinished(60000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(p.exitCode() == 0 && out.contains(QStringLiteral("Logit lens")), qPrintable(out));
        // No pyvene script for it: a sentence says why.
        p.start(QStringLiteral(CAUSEWAY_CLI_PATH), {QStringLiteral("export"), tmp.filePath(QStringLiteral("lens.json")), QStringLiteral("--to"),
                                                     QStringLiteral("pyvene"), QStringLiteral("--out"), tmp.filePath(QStringLiteral("s.py"))});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains(QStringLiteral("not an intervention")));
    }
};

QTEST_GUILESS_MAIN(LogitLensTest)
#include "test_logit_lens.moc"
