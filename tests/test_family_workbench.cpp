// The model families of issue 12 in the workbench: each family's tiny fixture (from
// tests/reference/make_family_fixtures.py) opened through the window as a user would, with a
// tokenizer, then a per-head patching sweep and a causal trace. The grid must show the model's
// layers and heads, the maps must be filled and agree with the core, and a clicked cell of an
// MoE layer names the experts each run chose.
//
// The fixtures have no tokenizer and 128-token vocabularies; the test gives each a copy with the
// tiny-bpe tokenizer (512 tokens): embedding and LM-head rows 128..511 are new seeded random rows,
// everything else is the fixture's weights.
#include "mainwindow.h"
#include "workbench_test_support.h"

#include "experiments/experiment.h"
#include "experiments/patching.h"
#include "heatmapview.h"
#include "io/safetensors.h"
#include "model/transformer.h"
#include "predictionsview.h"
#include "prompteditor.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <QComboBox>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

namespace fs = std::filesystem;
using namespace causeway;
using namespace causeway::app;
using namespace causeway::testing;

namespace {

const fs::path kData = CAUSEWAY_TEST_DATA;
const fs::path kTokenizer = kData / "tokenizers" / "tiny-bpe";
constexpr int64_t kTokenizerVocab = 512;

bool vocabularyIndexed(const std::string& name) {
    for (const char* stem : {"embed_tokens.weight", "lm_head.weight", "lm_head.bias"})
        if (name.size() >= std::strlen(stem) && name.compare(name.size() - std::strlen(stem), std::string::npos, stem) == 0)
            return true;
    return false;
}

// The fixture `model` with tiny-bpe's tokenizer and a vocabulary widened to match it, in `dir`.
fs::path workbenchCopy(const std::string& model, const fs::path& dir) {
    const fs::path from = kData / "models" / model;
    nlohmann::json config;
    std::ifstream(from / "config.json") >> config;
    const int64_t vocab = config["vocab_size"].get<int64_t>();
    config["vocab_size"] = kTokenizerVocab;
    fs::create_directories(dir);
    std::ofstream(dir / "config.json") << config.dump(2);

    SafetensorsFile weights(from / "model.safetensors");
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    at::manual_seed(7);
    for (const auto& [name, entry] : weights.entries()) {
        at::Tensor t = weights.tensor(name);
        if (vocabularyIndexed(name) && t.size(0) == vocab) {
            std::vector<int64_t> shape = t.sizes().vec();
            shape[0] = kTokenizerVocab - vocab;
            t = at::cat({t, at::randn(shape) * t.std()}, 0);
        }
        tensors.emplace_back(name, t);
    }
    writeSafetensors(dir / "model.safetensors", tensors);
    for (const char* file : {"vocab.json", "merges.txt", "tokenizer.json"}) fs::copy_file(kTokenizer / file, dir / file);
    return dir;
}

QStringList headLabels(int heads) {
    QStringList labels;
    for (int h = 0; h < heads; ++h) labels << QStringLiteral("H%1").arg(h);
    return labels;
}

bool finite(const widgets::HeatmapData& d) {
    if (d.values.size() != d.rows * d.cols) return false;
    for (double v : d.values)
        if (!std::isfinite(v)) return false;
    return true;
}

} // namespace

class FamilyWorkbenchTest : public QObject {
    Q_OBJECT
    QTemporaryDir folders_;

    static bool openModel(MainWindow* w, const QString& folder) {
        QSignalSpy ready(w, &MainWindow::modelReady);
        w->openModelFolder(folder);
        return ready.wait(60000);
    }

    static bool run(MainWindow* w, bool trace) {
        QSignalSpy done(w, &MainWindow::runCompleted);
        if (trace) w->startTrace();
        else w->startPatch();
        return done.wait(120000);
    }

    static bool clickCell(MainWindow* w, int row, int col) {
        QSignalSpy shown(w, &MainWindow::predictionsShown);
        widgets::HeatmapView* map = w->heatmap(0);
        map->plotWidget()->repaint();
        QTest::mouseClick(map->plotWidget(), Qt::LeftButton, {}, map->cellCenter(row, col));
        return shown.wait(30000);
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("CausewayTest"));
        QCoreApplication::setApplicationName(QStringLiteral("test_family_workbench"));
        QSettings().clear();
        QVERIFY(folders_.isValid());
    }

    void patchAndTraceEachFamily_data() {
        QTest::addColumn<QString>("model");
        for (const char* model : {"gemma2-softcap-window", "phi3-longrope", "mixtral-top2", "qwen2_moe-shared-dense",
                                  "olmo-clip-qkv", "stablelm-qk-norm", "starcoder2-window", "opt-post-ln-projected",
                                  "phi-qk-layernorm", "llama-rope-llama3"})
            QTest::newRow(model) << QString::fromLatin1(model);
    }

    void patchAndTraceEachFamily() {
        QFETCH(QString, model);
        const fs::path folder = workbenchCopy(model.toStdString(), fs::path(folders_.path().toStdString()) / model.toStdString());
        auto w = std::make_unique<MainWindow>();
        w->setAskBeforeDiscarding(false);
        w->resize(1500, 950);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QVERIFY2(openModel(w.get(), QString::fromStdString(folder.string())), qPrintable(w->lastError()));
        const ModelInfo& info = w->session()->modelInfo();
        const ModelConfig& config = w->session()->model()->config();
        QCOMPARE(info.modelType, QString::fromStdString(config.modelType));
        QCOMPARE(info.layers, static_cast<int>(config.numLayers));
        QCOMPARE(w->gridRowCount(), info.layers);

        // Per-head patching: the grid is layers x heads, and the map is the core's.
        typePrompts(w.get(), kClean, kCorrupted);
        w->componentBox()->setCurrentText(QStringLiteral("head_attention_value_output"));
        QCOMPARE(w->componentBox()->currentText(), QStringLiteral("head_attention_value_output"));
        QCOMPARE(w->gridColumns(), headLabels(info.heads));
        QVERIFY2(run(w.get(), false), qPrintable(w->lastError()));
        QVERIFY2(w->lastError().isEmpty(), qPrintable(w->lastError()));
        const widgets::HeatmapData& heads = w->heatmap(0)->data();
        QCOMPARE(heads.rows, info.layers);
        QCOMPARE(heads.cols, info.heads);
        QCOMPARE(heads.colAxisTitle, QStringLiteral("head"));
        QVERIFY(finite(heads));
        const ExperimentResult& patched = w->results().back().result;
        ExperimentSpec spec = patched.spec;
        const ExperimentResult want = runExperiment(*w->session()->model(), w->session()->tokenizer(), spec);
        for (int r = 0; r < heads.rows; ++r)
            for (int c = 0; c < heads.cols; ++c)
                QVERIFY(std::abs(heads.values[r * heads.cols + c] - want.maps[0].at(r, c)) < 1e-4);

        // A clicked head cell: on an MoE layer, each run's column names the experts it chose.
        const int layer = config.numExperts > 0 ? info.layers - 1 : 0;
        QVERIFY(clickCell(w.get(), layer, 1));
        QVERIFY(std::abs(w->cellStatus()->property("metricValue").toDouble() - want.maps[0].at(layer, 1)) < 1e-4);
        const auto& columns = w->predictions()->columns();
        QCOMPARE(columns.size(), 3);
        for (const auto& column : columns) {
            const bool namesExperts = column.footer.startsWith(QStringLiteral("Layer %1 experts: #").arg(layer));
            QVERIFY2(namesExperts == config.isMoeLayer(layer), qPrintable(column.footer));
            QCOMPARE(column.footer.count(QLatin1Char('#')), static_cast<int>(config.expertsPerToken));
        }

        // Causal tracing over the subject: layers x tokens, every cell a probability.
        w->componentBox()->setCurrentText(QStringLiteral("block_output"));
        w->cleanEditor()->chips()->setSelection(1, 3);
        QVERIFY2(!w->subjectText().isEmpty(), qPrintable(w->subjectLabel()->text()));
        w->samplesSpin()->setValue(3);
        QVERIFY2(run(w.get(), true), qPrintable(w->lastError()));
        QVERIFY2(w->lastError().isEmpty(), qPrintable(w->lastError()));
        const widgets::HeatmapData& trace = w->heatmap(0)->data();
        QCOMPARE(trace.rows, info.layers);
        QCOMPARE(trace.cols, static_cast<int>(w->results().back().result.tokenIds.size()));
        QVERIFY(finite(trace));
        for (double v : trace.values) QVERIFY(v >= 0 && v <= 1);
        QVERIFY2(clickCell(w.get(), layer, 2), qPrintable(w->lastError() + QLatin1Char(' ') + w->cellStatus()->text()));
        QVERIFY(std::abs(w->cellStatus()->property("metricValue").toDouble() - trace.values[layer * trace.cols + 2]) < 1e-4);
        const QString cleanFooter = w->predictions()->columns().value(0).footer;
        QVERIFY2(cleanFooter.isEmpty() != config.isMoeLayer(layer), qPrintable(cleanFooter));
    }
};

QTEST_MAIN(FamilyWorkbenchTest)
#include "test_family_workbench.moc"
