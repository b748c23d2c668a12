// The Intervene dock (issue 14): every intervention type that makes sense on picked cells, only
// the parameters each takes, and pyvene folders both ways. Each run through the window is checked
// against the same intervention written by hand as a pyvene user would configure it, and folders
// saved by real pyvene (tests/data/pyvene_saves) against the logits pyvene computed with them.
#include "intervention_panel.h"
#include "mainwindow.h"
#include "safeapplication.h"
#include "workbench_test_support.h"

#include "intervene/intervenable.h"
#include "io/safetensors.h"
#include "predictionsview.h"

#include <ATen/ATen.h>

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <memory>

using namespace causeway;
using namespace causeway::app;
using namespace causeway::testing;

namespace {

at::Tensor ids(const QVector<qint64>& v) {
    std::vector<int64_t> copy(v.begin(), v.end());
    return at::tensor(copy, at::kLong).view({1, static_cast<int64_t>(copy.size())});
}

// Top-k of the dock's "Intervened" column against the softmax of reference logits [V].
QString compareTopK(const QVector<widgets::Prediction>& shown, const at::Tensor& logits, double tolerance) {
    const at::Tensor probs = at::softmax(logits.to(at::kDouble), -1);
    const auto [values, indices] = at::topk(probs, shown.size());
    for (int i = 0; i < shown.size(); ++i) {
        const double want = values[i].item<double>();
        if (std::abs(shown[i].probability - want) > tolerance)
            return QStringLiteral("rank %1: shown %2, expected %3").arg(i).arg(shown[i].probability, 0, 'g', 8).arg(want, 0, 'g', 8);
    }
    return {};
}

QVector<widgets::Prediction> intervenedColumn(MainWindow* w) {
    const auto columns = w->interventionPredictions()->columns();
    return columns.isEmpty() ? QVector<widgets::Prediction>{} : columns.last().items;
}

} // namespace

class InterventionPanelTest : public QObject {
    Q_OBJECT

    static std::unique_ptr<MainWindow> openWindow() {
        auto w = testing::openWindow();
        if (w) typePrompts(w.get(), kClean, kCorrupted);
        return w;
    }

    static bool chooseType(MainWindow* w, const QString& pyveneName) {
        const int i = w->interventionBox()->findData(pyveneName);
        if (i < 0) return false;
        w->interventionBox()->setCurrentIndex(i);
        return true;
    }

    static bool intervene(MainWindow* w) {
        QSignalSpy shown(w, &MainWindow::interventionShown);
        if (!w->interveneButton()->isEnabled()) return false;
        QTest::mouseClick(w->interveneButton(), Qt::LeftButton);
        return shown.wait(30000);
    }

    // The intervened logits at the last position, configured by hand: one representation per
    // layer with `units` positions, as a pyvene script would.
    static at::Tensor byHand(MainWindow* w, const QString& type, const QVector<QPair<int, QVector<int64_t>>>& layers,
                             std::optional<int64_t> interchangeDim, bool source) {
        IntervenableConfig config;
        UnitLocations locations;
        for (const auto& [layer, positions] : layers) {
            RepresentationConfig rep;
            rep.layer = layer;
            rep.component = "block_output";
            rep.maxNumberOfUnits = positions.size();
            rep.interventionType = type.toStdString();
            rep.interchangeDim = interchangeDim;
            config.representations.push_back(rep);
            RepresentationLocations loc;
            loc.positions = {std::vector<int64_t>(positions.begin(), positions.end())};
            locations.base.push_back(loc);
            locations.sources.push_back(source ? std::optional<RepresentationLocations>(loc) : std::nullopt);
        }
        IntervenableModel model(config, w->session()->model());
        InterveneRequest request;
        // Denoising (the default direction): the base is the corrupted run, the source the clean one.
        request.base = ids(source ? w->session()->tokenize(kCorrupted).ids : w->session()->tokenize(kClean).ids);
        if (source)
            for (std::size_t i = 0; i < config.representations.size(); ++i) request.sources.push_back(ids(w->session()->tokenize(kClean).ids));
        request.locations = locations;
        const at::Tensor logits = model.forward(request).intervenedLogits;
        return logits.select(0, 0).select(0, logits.size(1) - 1);
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("CausewayTest"));
        QCoreApplication::setApplicationName(QStringLiteral("test_intervention_panel"));
        QSettings().clear();
    }

    void everyOfferedTypeMatchesTheSameInterventionByHand() {
        auto w = openWindow();
        QVERIFY(w);
        const int last = static_cast<int>(w->gridColumns().size()) - 1;
        w->setSelectedCells({{1, 2}, {1, last}, {2, last}});
        const QVector<QPair<int, QVector<int64_t>>> cells = {{1, {2, last}}, {2, {last}}};
        const QStringList offered = {QStringLiteral("VanillaIntervention"), QStringLiteral("AdditionIntervention"),
                                     QStringLiteral("SubtractionIntervention"), QStringLiteral("ZeroIntervention"),
                                     QStringLiteral("NoiseIntervention"), QStringLiteral("SkipIntervention"),
                                     QStringLiteral("CollectIntervention")};
        QCOMPARE(w->interventionBox()->count(), offered.size());
        for (const QString& type : offered) {
            QVERIFY2(chooseType(w.get(), type), qPrintable(type));
            const bool source = w->interventionPanel()->usesSource();
            QVERIFY2(intervene(w.get()), qPrintable(type + QStringLiteral(": ") + w->interveneButton()->toolTip() + QStringLiteral(" / ") + w->interventionPanel()->status()));
            const QString diff = compareTopK(intervenedColumn(w.get()), byHand(w.get(), type, cells, std::nullopt, source), 1e-6);
            QVERIFY2(diff.isEmpty(), qPrintable(type + QStringLiteral(": ") + diff));
            // Only the source-taking types show the source run.
            QCOMPARE(w->interventionPredictions()->columns().size(), source ? 3 : 2);
        }
        // Collect leaves the run as it was and offers the values it read.
        const auto columns = w->interventionPredictions()->columns();
        for (int i = 0; i < columns[0].items.size(); ++i) QCOMPARE(columns[1].items[i].probability, columns[0].items[i].probability);
        const QVector<CollectedActivation> collected = w->interventionPanel()->collected();
        QCOMPARE(collected.size(), 2);
        QCOMPARE(collected[0].name, QStringLiteral("layer.1.block_output"));
        QCOMPARE(collected[0].shape, (QVector<qint64>{2, w->session()->modelInfo().width}));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("acts.safetensors"));
        QVERIFY(w->saveCollectedTo(path));
        SafetensorsFile file(path.toStdString());
        const at::Tensor saved = file.floatTensor("layer.2.block_output");
        QCOMPARE(saved.numel(), static_cast<int64_t>(collected[1].values.size()));
        QCOMPARE(saved.reshape({-1})[5].item<float>(), collected[1].values[5]);
        QVERIFY(w->interventionPanel()->status().contains(QStringLiteral("layer.2.block_output")));
    }

    void onlyTheParametersATypeTakes() {
        auto w = openWindow();
        QVERIFY(w);
        const int last = static_cast<int>(w->gridColumns().size()) - 1;
        w->setSelectedCells({{2, last}});
        QSpinBox* dims = w->interventionPanel()->dimensionsSpin();
        QVERIFY(chooseType(w.get(), QStringLiteral("VanillaIntervention")));
        QVERIFY(dims->isVisible());
        // The first 16 dimensions only, as pyvene's interchange_dim.
        dims->setValue(16);
        QVERIFY(intervene(w.get()));
        QString diff = compareTopK(intervenedColumn(w.get()), byHand(w.get(), QStringLiteral("VanillaIntervention"), {{2, {last}}}, 16, true), 1e-6);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QVERIFY(!compareTopK(intervenedColumn(w.get()), byHand(w.get(), QStringLiteral("VanillaIntervention"), {{2, {last}}}, std::nullopt, true), 1e-6).isEmpty());
        QVERIFY(chooseType(w.get(), QStringLiteral("CollectIntervention")));
        QVERIFY(!dims->isVisible());
        // Zero, Noise, Skip and Collect need no corrupted prompt; Vanilla says it does.
        w->corruptedEditor()->lineEdit()->clear();
        for (const QString& type : {QStringLiteral("ZeroIntervention"), QStringLiteral("NoiseIntervention"), QStringLiteral("SkipIntervention")}) {
            QVERIFY(chooseType(w.get(), type));
            QVERIFY2(w->interveneButton()->isEnabled(), qPrintable(type + QStringLiteral(": ") + w->interveneButton()->toolTip()));
        }
        QVERIFY(chooseType(w.get(), QStringLiteral("AdditionIntervention")));
        QVERIFY(!w->interveneButton()->isEnabled());
        QVERIFY(w->interveneButton()->toolTip().contains(QStringLiteral("corrupted prompt")));
        // Skip replaces a module's output with its input: not on a head's values.
        QVERIFY(chooseType(w.get(), QStringLiteral("SkipIntervention")));
        const int head = w->componentBox()->findText(QStringLiteral("head_value_output"));
        QVERIFY(head >= 0);
        w->componentBox()->setCurrentIndex(head);
        w->setSelectedCells({{2, 0}});
        QVERIFY(!w->interveneButton()->isEnabled());
        QVERIFY2(w->interveneButton()->toolTip().contains(QStringLiteral("mlp_output")), qPrintable(w->interveneButton()->toolTip()));
    }

    // Folders that real pyvene saved (0.1.5 and 0.1.8 layouts, trained types included) run on the
    // cells of their case and give pyvene's logits.
    void foldersSavedByPyveneGivePyvenesLogits() {
        auto w = openWindow();
        QVERIFY(w);
        int checked = 0;
        for (const QString& version : {QStringLiteral("0.1.5"), QStringLiteral("0.1.8")}) {
            const QDir root(QStringLiteral(CAUSEWAY_TEST_DATA "/pyvene_saves/%1/gpt2-tiny").arg(version));
            for (const QString& name : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
                const QString folder = root.filePath(name);
                QFile caseFile(folder + QStringLiteral("/case.json"));
                QVERIFY(caseFile.open(QIODevice::ReadOnly));
                const QJsonObject c = QJsonDocument::fromJson(caseFile.readAll()).object();
                const QJsonArray reps = c[QStringLiteral("representations")].toArray();
                const auto idsOf = [](const QJsonValue& v) {
                    QVector<qint64> out;
                    const QJsonArray a = v.toArray();
                    for (const QJsonValue& x : a) out.push_back(x.toInteger());
                    return out;
                };
                const auto at = [](const QJsonValue& v, int i) { return v.toArray().at(i); };
                const QVector<qint64> base = idsOf(at(c[QStringLiteral("base_input_ids")], 0));
                const QJsonObject locations = c[QStringLiteral("unit_locations")].toObject();
                // The dock acts on the base run alone or patches a cell from the same cell of the source
                // run; Skip given a source (pyvene's other reading) has no counterpart there.
                if (name == QLatin1String("skip")) continue;
                const QJsonArray sides = locations.contains(QStringLiteral("sources->base")) ? locations[QStringLiteral("sources->base")].toArray()
                                                                                           : QJsonArray{QJsonValue(), locations[QStringLiteral("base")]};
                QVector<QPair<int, int>> cells;
                for (int i = 0; i < reps.size(); ++i) {
                    const QVector<qint64> positions = idsOf(at(at(sides.at(1), i), 0));
                    QVERIFY(sides.at(0).isNull() || idsOf(at(at(sides.at(0), i), 0)) == positions);
                    for (qint64 p : positions) cells.push_back({reps[i].toObject()[QStringLiteral("layer")].toInt(), static_cast<int>(p)});
                }
                const int before = w->interventionBox()->count();
                QVERIFY2(w->loadInterventionFolderFrom(folder), qPrintable(folder));
                QCOMPARE(w->interventionBox()->count(), before == 7 ? 8 : before);
                const QString component = reps[0].toObject()[QStringLiteral("component")].toString();
                QCOMPARE(w->componentBox()->currentText(), component);
                SingleRequest r;
                r.baseIds = std::vector<int64_t>(base.begin(), base.end());
                if (c.contains(QStringLiteral("source_input_ids"))) {
                    const QVector<qint64> source = idsOf(at(at(c[QStringLiteral("source_input_ids")], 0), 0));
                    r.sourceIds = std::vector<int64_t>(source.begin(), source.end());
                }
                r.component = component;
                r.cells = cells;
                r.loaded = w->interventionPanel()->loaded()->model;
                QSignalSpy done(w->session(), &Session::singleFinished);
                QSignalSpy failed(w->session(), &Session::singleFailed);
                w->session()->runSingle(r, 1);
                QVERIFY2(done.wait(30000), qPrintable(folder + QStringLiteral(": ") + (failed.isEmpty() ? QString() : failed.last().at(1).toString())));
                const auto result = done.last().at(1).value<SingleResult>();
                SafetensorsFile expected((folder + QStringLiteral("/tensors.safetensors")).toStdString());
                const at::Tensor logits = expected.floatTensor("intervened_logits");
                const at::Tensor lastLogits = logits.select(0, 0).select(0, logits.size(1) - 1);
                QVector<widgets::Prediction> shown;
                for (const TokenProb& t : result.intervened) shown.push_back({t.text, t.probability});
                const QString diff = compareTopK(shown, lastLogits, 1e-5);
                QVERIFY2(diff.isEmpty(), qPrintable(folder + QStringLiteral(": ") + diff));
                ++checked;
            }
        }
        QCOMPARE(checked, 22); // 11 of 12 cases for each version
    }

    void savedFoldersLoadBackInEitherLayout() {
        auto w = openWindow();
        QVERIFY(w);
        const int last = static_cast<int>(w->gridColumns().size()) - 1;
        w->setSelectedCells({{0, last}, {2, 1}, {2, last}});
        QVERIFY(chooseType(w.get(), QStringLiteral("AdditionIntervention")));
        w->interventionPanel()->dimensionsSpin()->setValue(24);
        QVERIFY(intervene(w.get()));
        const auto direct = intervenedColumn(w.get());
        QVERIFY(!direct.isEmpty());
        for (const QString& version : {QStringLiteral("0.1.5"), QStringLiteral("0.1.8")}) {
            QTemporaryDir dir;
            const QString folder = dir.filePath(QStringLiteral("saved"));
            QVERIFY(chooseType(w.get(), QStringLiteral("AdditionIntervention")));
            QVERIFY(w->saveInterventionFolderTo(folder, version));
            const QStringList files = QDir(folder).entryList(QDir::Files);
            QVERIFY2(files.contains(QStringLiteral("config.json")), qPrintable(files.join(QLatin1Char(' '))));
            // The version's key layout in config.json's sorted_keys.
            QFile config(folder + QStringLiteral("/config.json"));
            QVERIFY(config.open(QIODevice::ReadOnly));
            const QByteArray text = config.readAll();
            QVERIFY2(text.contains(version == QLatin1String("0.1.5") ? "layer.2.comp.block_output" : "layer_2_comp_block_output"), text.constData());
            QVERIFY(text.contains("24")); // interchange_dim
            QVERIFY(w->loadInterventionFolderFrom(folder));
            QVERIFY(w->interventionPanel()->loaded());
            QCOMPARE(w->interventionPanel()->loaded()->layers, (QVector<int>{0, 2}));
            QVERIFY(intervene(w.get()));
            const auto reloaded = intervenedColumn(w.get());
            QCOMPARE(reloaded.size(), direct.size());
            for (int i = 0; i < direct.size(); ++i) {
                QCOMPARE(reloaded[i].token, direct[i].token);
                QVERIFY(std::abs(reloaded[i].probability - direct[i].probability) < 1e-7);
            }
        }
        // The loaded intervention names the layers it needs when they are not selected.
        w->setSelectedCells({{0, last}});
        QVERIFY(!w->interveneButton()->isEnabled());
        QVERIFY2(w->interveneButton()->toolTip().contains(QStringLiteral("layer(s) 2")), qPrintable(w->interveneButton()->toolTip()));
        // A folder for another model is refused with a sentence, and the dock stays as it was.
        QSignalSpy errors(w.get(), &MainWindow::errorShown);
        QTemporaryDir other;
        const QString rotated = QStringLiteral(CAUSEWAY_TEST_DATA "/pyvene_saves/0.1.5/gpt2-tiny/rotated_space");
        for (const QString& file : QDir(rotated).entryList(QDir::Files)) QVERIFY(QFile::copy(rotated + QLatin1Char('/') + file, other.filePath(file)));
        QFile config(other.filePath(QStringLiteral("config.json")));
        QVERIFY(config.open(QIODevice::ReadWrite));
        // A layer the open model lacks: a folder saved for a deeper model.
        QByteArray json = config.readAll().replace("      1,\n      \"block_output\"", "      7,\n      \"block_output\"");
        config.resize(0);
        config.write(json);
        config.close();
        QVERIFY(!w->loadInterventionFolderFrom(other.path()));
        QCOMPARE(errors.count(), 1);
        QVERIFY(w->interventionPanel()->loaded());
        // Opening another model drops the loaded intervention.
        QSignalSpy ready(w.get(), &MainWindow::modelReady);
        w->openModelFolder(kModel);
        QVERIFY(ready.wait(60000));
        QVERIFY(!w->interventionPanel()->loaded());
        QCOMPARE(w->interventionBox()->count(), 7);
    }
};

int main(int argc, char** argv) {
    SafeApplication app(argc, argv);
    InterventionPanelTest test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "test_intervention_panel.moc"
