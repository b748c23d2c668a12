// The real workbench window driven like a user would (offscreen platform, QTest mouse and key
// events): open the fixture model, type prompts, drag-select cells, run sweeps and compare the
// heatmap with the core's own results, cancel mid-run, open a broken folder, click cells for
// predictions, intervene and generate, compare results, save and reopen an experiment.
#include "appsettings.h"
#include "mainwindow.h"
#include "tokenize/caching_tokenizer.h"
#include "workbench_test_support.h"

#include "common/error.h"
#include "experiments/experiment.h"
#include "experiments/patching.h"
#include "experiments/tracing.h"
#include "experiments/results_io.h"
#include "heatmapview.h"
#include "model/transformer.h"
#include "predictionsview.h"
#include "prompteditor.h"
#include "tokenize/tokenizer.h"

#include <QComboBox>
#include <QMessageBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest/QtTest>

#include <cmath>
#include <fstream>
#include <memory>

using namespace causeway;
using namespace causeway::app;

using namespace causeway::testing;

namespace {

std::shared_ptr<const Transformer> coreModel() {
    static std::shared_ptr<const Transformer> m = Transformer::load(kModel.toStdString());
    return m;
}

const Tokenizer& coreTokenizer() {
    static std::unique_ptr<Tokenizer> t = loadTokenizer(kModel.toStdString());
    return *t;
}

QStringList coreDisplay(const QString& text) {
    QStringList out;
    for (const Token& t : coreTokenizer().encode(text.toStdString())) out << QString::fromStdString(t.display);
    return out;
}

// Measures the longest gap between timer ticks: how long the event loop was blocked.
class LatencyProbe : public QObject {
public:
    LatencyProbe() {
        timer_.setTimerType(Qt::PreciseTimer);
        timer_.setInterval(5);
        connect(&timer_, &QTimer::timeout, this, [this] {
            const qint64 now = clock_.elapsed();
            worst_ = std::max(worst_, now - last_);
            last_ = now;
        });
    }
    void start() {
        clock_.start();
        last_ = 0;
        worst_ = 0;
        timer_.start();
    }
    qint64 stop() {
        timer_.stop();
        return std::max(worst_, clock_.elapsed() - last_);
    }

private:
    QTimer timer_;
    QElapsedTimer clock_;
    qint64 last_ = 0, worst_ = 0;
};

} // namespace

class MainWindowTest : public QObject {
    Q_OBJECT

    // Cells are chosen on the heatmap itself (before a run it shows the next run's empty grid).
    void dragSelect(MainWindow* w, int r0, int c0, int r1, int c1) {
        widgets::HeatmapView* map = w->heatmap();
        QWidget* plot = map->plotWidget();
        QTest::mousePress(plot, Qt::LeftButton, {}, map->cellCenter(r0, c0));
        QTest::mouseMove(plot, map->cellCenter((r0 + r1) / 2, (c0 + c1) / 2));
        QTest::mouseMove(plot, map->cellCenter(r1, c1));
        QTest::mouseRelease(plot, Qt::LeftButton, {}, map->cellCenter(r1, c1));
    }

    ExperimentSpec patchSpec() const {
        ExperimentSpec s;
        s.kind = PatchingSpec::kKind;
        s.prompt = kClean.toStdString();
        s.part<PatchingSpec>().corruptedPrompt = kCorrupted.toStdString();
        s.part<PatchingSpec>().components = {"block_output"};
        return s;
    }

    static void compareMaps(widgets::HeatmapView* view, const Heatmap& want) {
        QVERIFY(view);
        QCOMPARE(view->data().rows, static_cast<int>(want.rows));
        QCOMPARE(view->data().cols, static_cast<int>(want.cols));
        for (int r = 0; r < want.rows; ++r)
            for (int c = 0; c < want.cols; ++c) {
                const double expected = want.at(r, c), got = view->valueAt(r, c);
                if (std::isnan(expected)) {
                    QVERIFY2(std::isnan(got), qPrintable(QStringLiteral("cell %1,%2 should be blank").arg(r).arg(c)));
                } else {
                    QVERIFY2(std::abs(got - expected) <= 1e-9 * std::max(1.0, std::abs(expected)),
                             qPrintable(QStringLiteral("cell %1,%2: %3 vs %4").arg(r).arg(c).arg(got).arg(expected)));
                }
            }
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("CausewayTest"));
        QCoreApplication::setApplicationName(QStringLiteral("test_main_window"));
        QSettings().clear();
    }

    void startsEmptyWithoutModel() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(!w.patchButton()->isEnabled());
        QVERIFY(w.patchButton()->toolTip().contains(QStringLiteral("Open a model folder")));
        QVERIFY(w.modelStatus()->text().contains(QStringLiteral("No model")));
    }

    void opensModelAndShowsInfo() {
        auto w = openWindow();
        QVERIFY(w);
        QVERIFY(w->session()->hasModel());
        const ModelInfo& info = w->session()->modelInfo();
        QCOMPARE(info.layers, 3);
        QCOMPARE(info.heads, 4);
        QCOMPARE(info.width, 64);
        QCOMPARE(info.vocab, qint64(512));
        QCOMPARE(info.parameters, coreModel()->parameterCount());
        QCOMPARE(info.family, QStringLiteral("GPT-2"));
        QVERIFY(w->findChildren<QLabel*>().size() > 8);
        bool shown = false;
        for (QLabel* l : w->findChildren<QLabel*>()) shown |= l->text() == QStringLiteral("GPT-2 (gpt2)");
        QVERIFY(shown);
        QCOMPARE(w->componentBox()->currentText(), QStringLiteral("block_output"));
        QCOMPARE(w->gridRowCount(), 3);
    }

    void dropFolderOpensModel() {
        MainWindow w;
        w.setAskBeforeDiscarding(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(kModel)});
        QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QSignalSpy ready(&w, &MainWindow::modelReady);
        QDropEvent drop(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &drop);
        QVERIFY(ready.wait(30000));
        QCOMPARE(w.session()->modelInfo().layers, 3);
    }

    void chipsFollowTypingAndLengthMismatchDisablesPatch() {
        auto w = openWindow();
        QVERIFY(w);
        typePrompts(w.get(), kClean, QStringLiteral("The capital of Egypt was then"));
        QCOMPARE(w->cleanEditor()->tokens(), coreDisplay(kClean));
        QCOMPARE(w->corruptedEditor()->tokens(), coreDisplay(QStringLiteral("The capital of Egypt was then")));
        QVERIFY(coreDisplay(kClean).size() != coreDisplay(QStringLiteral("The capital of Egypt was then")).size());
        QVERIFY(!w->patchButton()->isEnabled());
        QVERIFY2(w->patchButton()->toolTip().contains(QStringLiteral("tokens")), qPrintable(w->patchButton()->toolTip()));
        QVERIFY(w->runStatus()->text().contains(QStringLiteral("Patch:")));
        QVERIFY(!w->corruptedEditor()->status().isEmpty());
        // Fix the corrupted prompt: the button comes on, the grid has one column per token, and
        // the chips that differ are highlighted.
        w->corruptedEditor()->lineEdit()->clear();
        QTest::keyClicks(w->corruptedEditor()->lineEdit(), kCorrupted);
        QVERIFY2(w->patchButton()->isEnabled(), qPrintable(w->patchButton()->toolTip()));
        QCOMPARE(w->gridColumns(), coreDisplay(kClean));
        const QVector<bool> differs = w->cleanEditor()->chips()->highlighted();
        const QStringList a = coreDisplay(kClean), b = coreDisplay(kCorrupted);
        for (int i = 0; i < a.size(); ++i) QCOMPARE(differs[i], a[i] != b[i]);
        // Trace needs a subject.
        QVERIFY(!w->traceButton()->isEnabled());
        QVERIFY(w->traceButton()->toolTip().contains(QStringLiteral("subject")));
        // A multi-token answer is refused with the core's reason.
        QTest::keyClicks(w->correctEdit(), QStringLiteral(" Vienna and Cairo"));
        QVERIFY(!w->patchButton()->isEnabled());
        QVERIFY2(w->patchButton()->toolTip().contains(QStringLiteral("single token")), qPrintable(w->patchButton()->toolTip()));
    }

    void dragSelectedSweepMatchesCore() {
        auto w = openWindow();
        QVERIFY(w);
        typePrompts(w.get(), kClean, kCorrupted);
        dragSelect(w.get(), 0, 3, 1, 6);
        QCOMPARE(w->selectedCells().size(), 2 * 4);
        QSignalSpy done(w.get(), &MainWindow::runCompleted);
        QTest::mouseClick(w->patchButton(), Qt::LeftButton);
        QVERIFY(done.wait(60000));
        QCOMPARE(w->results().size(), 1);

        ExperimentSpec spec = patchSpec();
        for (int r = 0; r <= 1; ++r)
            for (int c = 3; c <= 6; ++c) spec.cells.emplace_back(r, c);
        const ExperimentResult want = runExperiment(*coreModel(), &coreTokenizer(), spec);
        QCOMPARE(want.cellsDone, int64_t(8));
        compareMaps(w->heatmap(0), want.maps[0]);
        QCOMPARE(w->results()[0].result.cellsDone, int64_t(8));
        QVERIFY(std::isnan(w->heatmap(0)->valueAt(2, 3))); // not selected: blank
        QCOMPARE(w->heatmap(0)->data().colLabels, coreDisplay(kClean));
        QCOMPARE(w->heatmap(0)->data().scaleTitle, QStringLiteral("logit difference"));
        QVERIFY(w->heatmap(0)->data().signedValues);
        QVERIFY(w->hasUnsavedResults());
    }

    // A head component turns the columns into heads and the sweep into per-head patching.
    void headPatchingSweep() {
        auto w = openWindow();
        QVERIFY(w);
        typePrompts(w.get(), kClean, kCorrupted);
        w->componentBox()->setCurrentText(QStringLiteral("head_attention_value_output"));
        QCOMPARE(w->gridColumns(), (QStringList{QStringLiteral("H0"), QStringLiteral("H1"), QStringLiteral("H2"), QStringLiteral("H3")}));
        QSignalSpy done(w.get(), &MainWindow::runCompleted);
        QTest::mouseClick(w->patchButton(), Qt::LeftButton);
        QVERIFY(done.wait(60000));
        ExperimentSpec spec = patchSpec();
        spec.part<PatchingSpec>().components = {"head_attention_value_output"};
        spec.part<PatchingSpec>().unit = PatchUnit::Head;
        const ExperimentResult want = runExperiment(*coreModel(), &coreTokenizer(), spec);
        compareMaps(w->heatmap(0), want.maps[0]);
        QCOMPARE(w->heatmap(0)->data().colAxisTitle, QStringLiteral("head"));
        // Clicking a head cell patches that head (at every position) and reproduces its value.
        QSignalSpy shown(w.get(), &MainWindow::predictionsShown);
        widgets::HeatmapView* map = w->heatmap(0);
        map->plotWidget()->repaint();
        QTest::mouseClick(map->plotWidget(), Qt::LeftButton, {}, map->cellCenter(2, 1));
        QVERIFY(shown.wait(30000));
        QVERIFY(std::abs(w->cellStatus()->property("metricValue").toDouble() - want.maps[0].at(2, 1)) < 1e-4);
    }

    // The event loop is never blocked for more than 250 ms while sweeps run: a patching sweep and
    // a causal trace, both on the slow reference engine so that there is real work to wait on.
    // Work on the GUI thread would block it for seconds; the margin is for a loaded machine, where
    // the two workers and anything else running can keep the GUI thread off a core for ~100 ms.
    void sweepsKeepEventLoopResponsive() {
        auto w = openWindow();
        QVERIFY(w);
        typePrompts(w.get(), kClean, kCorrupted);
        w->componentBox()->setCurrentText(QStringLiteral("mlp_output"));
        w->session()->setEngine(SweepEngine::Naive);
        w->cleanEditor()->chips()->setSelection(3, 6);
        w->findChild<QSpinBox*>(QStringLiteral("noiseSamples"))->setValue(60);
        LatencyProbe probe;
        QSignalSpy done(w.get(), &MainWindow::runCompleted);
        QSignalSpy progress(w->session(), &Session::runProgress);
        QElapsedTimer clock;
        clock.start();
        probe.start();
        QTest::mouseClick(w->patchButton(), Qt::LeftButton);
        QVERIFY(done.wait(120000));
        QTest::mouseClick(w->traceButton(), Qt::LeftButton);
        QVERIFY(done.wait(300000));
        const qint64 worst = probe.stop();
        qInfo("patching (%lld cells) and tracing (%lld cells) took %lld ms; longest event-loop gap %lld ms; %lld progress updates",
              static_cast<long long>(w->results()[0].result.cellsTotal), static_cast<long long>(w->results()[1].result.cellsTotal),
              static_cast<long long>(clock.elapsed()), static_cast<long long>(worst), static_cast<long long>(progress.count()));
        QVERIFY2(worst <= 250, qPrintable(QStringLiteral("the event loop was blocked for %1 ms").arg(worst)));
        RunControl naive;
        naive.engine = SweepEngine::Naive;
        ExperimentSpec spec = patchSpec();
        spec.part<PatchingSpec>().components = {"mlp_output"};
        w->showResult(0);
        compareMaps(w->heatmap(0), runExperiment(*coreModel(), &coreTokenizer(), spec, naive).maps[0]);
        QCOMPARE(w->progressBar()->value(), w->progressBar()->maximum());
    }

    void streamsAndCancelsKeepingPartialHeatmap() {
        auto w = openWindow();
        QVERIFY(w);
        typePrompts(w.get(), kClean, kCorrupted);
        w->session()->setEngine(SweepEngine::Naive);
        w->session()->setBatchDelayForTesting(60); // a slow run, so there is time to cancel
        QSignalSpy progress(w->session(), &Session::runProgress);
        QSignalSpy done(w.get(), &MainWindow::runCompleted);
        QTest::mouseClick(w->patchButton(), Qt::LeftButton);
        QVERIFY(w->cancelButton()->isEnabled());
        // Wait until some cells have streamed into the heatmap.
        QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() && progress.last().at(1).value<ExperimentResult>().cellsDone >= 3, 30000);
        int streamed = 0;
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < w->heatmap(0)->data().cols; ++c) streamed += std::isnan(w->heatmap(0)->valueAt(r, c)) ? 0 : 1;
        QVERIFY(streamed >= 3);
        QVERIFY(w->progressLabel()->text().contains(QStringLiteral("left")));
        QElapsedTimer clock;
        clock.start();
        QTest::mouseClick(w->cancelButton(), Qt::LeftButton);
        QVERIFY(done.wait(10000));
        QVERIFY2(clock.elapsed() < 1000, qPrintable(QStringLiteral("cancel took %1 ms").arg(clock.elapsed())));
        const ExperimentResult& r = w->results()[0].result;
        QCOMPARE(r.status, RunStatus::Cancelled);
        QVERIFY(r.cellsDone > 0 && r.cellsDone < r.cellsTotal);
        int shown = 0, blank = 0;
        for (int row = 0; row < 3; ++row)
            for (int c = 0; c < static_cast<int>(r.maps[0].cols); ++c) {
                const double v = w->heatmap(0)->valueAt(row, c);
                std::isnan(v) ? ++blank : ++shown;
                if (!std::isnan(v)) QCOMPARE(v, r.maps[0].at(row, c));
            }
        QCOMPARE(shown, static_cast<int>(r.cellsDone));
        QVERIFY(blank > 0);
        QVERIFY(w->resultList()->item(0)->text().contains(QStringLiteral("cancelled")));
        QVERIFY(w->patchButton()->isEnabled()); // usable again
    }

    void brokenFolderShowsCoreError() {
        QTemporaryDir dir;
        {
            std::ofstream config((dir.path() + QStringLiteral("/config.json")).toStdString());
            config << "{\"model_type\": \"gpt2\", \"n_layer\": ";
        }
        std::string coreMessage;
        try {
            Transformer::load(dir.path().toStdString());
        } catch (const Error& e) {
            coreMessage = e.what();
        }
        QVERIFY(!coreMessage.empty());

        // With no model open: the message, and the window stays in its empty state.
        {
            MainWindow w;
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            QSignalSpy failed(&w, &MainWindow::modelLoadFailed);
            w.openModelFolder(dir.path());
            QVERIFY(failed.wait(30000));
            QCOMPARE(failed.first().first().toString(), QString::fromStdString(coreMessage));
            QVERIFY(w.lastError().contains(QString::fromStdString(coreMessage)));
            QVERIFY(!w.session()->hasModel());
            QVERIFY(!w.patchButton()->isEnabled());
        }
        // With a model open: the error, and the old model stays usable.
        auto w = openWindow();
        QVERIFY(w);
        typePrompts(w.get(), kClean, kCorrupted);
        QSignalSpy failed(w.get(), &MainWindow::modelLoadFailed);
        w->openModelFolder(dir.path());
        QVERIFY(failed.wait(30000));
        QVERIFY(w->lastError().contains(QString::fromStdString(coreMessage)));
        QVERIFY(w->session()->hasModel());
        QVERIFY(w->patchButton()->isEnabled());
        QSignalSpy done(w.get(), &MainWindow::runCompleted);
        QTest::mouseClick(w->patchButton(), Qt::LeftButton);
        QVERIFY(done.wait(60000));
        // A folder that does not exist, and one without weights.
        QTemporaryDir empty;
        w->openModelFolder(empty.path());
        QVERIFY(failed.wait(30000));
        QVERIFY(w->lastError().contains(QDir::toNativeSeparators(empty.path())));
    }

    void clickedCellShowsPredictions() {
        auto w = openWindow();
        QVERIFY(w);
        typePrompts(w.get(), kClean, kCorrupted);
        QSignalSpy done(w.get(), &MainWindow::runCompleted);
        QTest::mouseClick(w->patchButton(), Qt::LeftButton);
        QVERIFY(done.wait(60000));
        widgets::HeatmapView* map = w->heatmap(0);
        map->plotWidget()->repaint();
        QSignalSpy shown(w.get(), &MainWindow::predictionsShown);
        QTest::mouseClick(map->plotWidget(), Qt::LeftButton, {}, map->cellCenter(1, 4));
        QVERIFY(shown.wait(30000));
        const auto& columns = w->predictions()->columns();
        QCOMPARE(columns.size(), 3);
        QCOMPARE(columns[0].items.size(), 10);
        // The patched run's metric is the heatmap's value for that cell.
        const double metric = w->cellStatus()->property("metricValue").toDouble();
        QVERIFY2(std::abs(metric - map->valueAt(1, 4)) < 1e-4, qPrintable(w->cellStatus()->text()));
        // Clean column: the clean run's own top token first.
        const ExperimentResult& r = w->results()[0].result;
        QCOMPARE(columns[0].items[0].token, QString::fromStdString(coreTokenizer().displayText(r.correctToken)));
        QCOMPARE(columns[1].items[0].token, QString::fromStdString(coreTokenizer().displayText(r.incorrectToken)));
    }

    void traceMatchesCoreAndMarksSubject() {
        auto w = openWindow();
        QVERIFY(w);
        typePrompts(w.get(), kClean, QString());
        QVERIFY(!w->traceButton()->isEnabled());
        // Choose the subject " Austria" by clicking its first chip and shift-clicking its last.
        widgets::TokenChips* chips = w->cleanEditor()->chips();
        const QStringList tokens = coreDisplay(kClean);
        const int first = 3, last = static_cast<int>(tokens.size()) - 2;
        QTest::mouseClick(chips, Qt::LeftButton, {}, chips->chipRect(first).center());
        QTest::mouseClick(chips, Qt::LeftButton, Qt::ShiftModifier, chips->chipRect(last).center());
        QCOMPARE(chips->selectionBegin(), first);
        QCOMPARE(chips->selectionEnd(), last + 1);
        QVERIFY2(w->traceButton()->isEnabled(), qPrintable(w->traceButton()->toolTip()));
        QSignalSpy done(w.get(), &MainWindow::runCompleted);
        QTest::mouseClick(w->traceButton(), Qt::LeftButton);
        QVERIFY(done.wait(60000));

        ExperimentSpec spec;
        spec.kind = TracingSpec::kKind;
        spec.prompt = kClean.toStdString();
        spec.part<TracingSpec>().subjectTokens = std::make_pair<int64_t, int64_t>(first, last + 1);
        const ExperimentResult want = runExperiment(*coreModel(), &coreTokenizer(), spec);
        QCOMPARE(w->mapTabs()->count(), 3);
        for (int i = 0; i < 3; ++i) {
            compareMaps(w->heatmap(i), want.maps[static_cast<std::size_t>(i)]);
            QVERIFY(std::abs(w->heatmap(i)->data().rangeMin - want.corruptedBaseline) < 1e-9);
            QVERIFY(w->heatmap(i)->data().scaleTitle.startsWith(QStringLiteral("p(")));
        }
        QCOMPARE(w->mapTabs()->tabText(1), QStringLiteral("MLP"));
        QCOMPARE(w->heatmap(0)->data().title, QStringLiteral("Impact of restoring the hidden state after noising the subject"));
        QCOMPARE(w->heatmap(1)->colorMap(), widgets::ColorMapKind::Greens);
        QCOMPARE(w->heatmap(2)->colorMap(), widgets::ColorMapKind::Reds);
        // The restored run of a clicked MLP cell gives the map's value.
        w->mapTabs()->setCurrentIndex(1);
        QSignalSpy shown(w.get(), &MainWindow::predictionsShown);
        widgets::HeatmapView* mlp = w->heatmap(1);
        mlp->plotWidget()->repaint();
        QTest::mouseClick(mlp->plotWidget(), Qt::LeftButton, {}, mlp->cellCenter(1, last));
        QVERIFY(shown.wait(30000));
        const double p = w->cellStatus()->property("metricValue").toDouble();
        QVERIFY2(std::abs(p - want.maps[1].at(1, last)) < 1e-5, qPrintable(w->cellStatus()->text()));
    }

    void interventionAndGenerationSideBySide() {
        auto w = openWindow();
        QVERIFY(w);
        typePrompts(w.get(), kClean, kCorrupted);
        // Patching every position of the last layer's output from the clean run gives the clean
        // run's distribution exactly.
        // A click on the layer's label selects the whole row.
        QTest::qWait(50); // the map replots (and lays its labels out) on the next event-loop turn
        QTest::mouseClick(w->heatmap()->plotWidget(), Qt::LeftButton, {}, w->heatmap()->rowLabelPoint(2));
        QCOMPARE(w->selectedCells().size(), coreDisplay(kClean).size());
        w->interventionBox()->setCurrentIndex(w->interventionBox()->findData(QStringLiteral("VanillaIntervention")));
        w->generateSpin()->setValue(5);
        QSignalSpy shown(w.get(), &MainWindow::interventionShown);
        QVERIFY(w->interveneButton()->isEnabled());
        QTest::mouseClick(w->interveneButton(), Qt::LeftButton);
        QVERIFY(shown.wait(30000));
        auto columns = w->interventionPredictions()->columns();
        QCOMPARE(columns.size(), 3);
        for (int i = 0; i < columns[1].items.size(); ++i) {
            QCOMPARE(columns[2].items[i].token, columns[1].items[i].token);
            QVERIFY(std::abs(columns[2].items[i].probability - columns[1].items[i].probability) < 1e-5);
        }
        QVERIFY(!w->cleanContinuation()->toPlainText().isEmpty());
        QVERIFY(!w->intervenedContinuation()->toPlainText().isEmpty());

        // Zero on one cell changes the distribution and needs no corrupted prompt.
        w->corruptedEditor()->lineEdit()->clear();
        w->setSelectedCells({{0, 2}});
        w->interventionBox()->setCurrentIndex(w->interventionBox()->findData(QStringLiteral("ZeroIntervention")));
        QVERIFY2(w->interveneButton()->isEnabled(), qPrintable(w->interveneButton()->toolTip()));
        QTest::mouseClick(w->interveneButton(), Qt::LeftButton);
        QVERIFY(shown.wait(30000));
        columns = w->interventionPredictions()->columns();
        QCOMPARE(columns.size(), 2);
        QVERIFY(std::abs(columns[0].items[0].probability - columns[1].items[0].probability) > 1e-7 ||
                columns[0].items[0].token != columns[1].items[0].token);
        // Vanilla without a source says why it is disabled.
        w->interventionBox()->setCurrentIndex(w->interventionBox()->findData(QStringLiteral("VanillaIntervention")));
        QVERIFY(!w->interveneButton()->isEnabled());
        QVERIFY(w->interveneButton()->toolTip().contains(QStringLiteral("corrupted")));
    }

    // Each keystroke tokenizes the edited prompt once, however many Run buttons check the spec.
    void typingTokenizesEachEditOnce() {
        auto w = openWindow();
        QVERIFY(w);
        typePrompts(w.get(), kClean, kCorrupted);
        const auto* tokenizer = dynamic_cast<const CachingTokenizer*>(w->session()->tokenizer());
        QVERIFY(tokenizer);
        const std::size_t before = tokenizer->encodings();
        QTest::keyClicks(w->cleanEditor()->lineEdit(), QStringLiteral(" x"));
        QCOMPARE(tokenizer->encodings(), before + 2);
        QVERIFY(!w->patchButton()->isEnabled()); // the counts differ now, and the buttons know it
    }

    void differenceOfTwoResults() {
        auto w = openWindow();
        QVERIFY(w);
        typePrompts(w.get(), kClean, kCorrupted);
        QSignalSpy done(w.get(), &MainWindow::runCompleted);
        QTest::mouseClick(w->patchButton(), Qt::LeftButton);
        QVERIFY(done.wait(60000));
        w->componentBox()->setCurrentText(QStringLiteral("attention_output"));
        QTest::mouseClick(w->patchButton(), Qt::LeftButton);
        QVERIFY(done.wait(60000));
        QCOMPARE(w->results().size(), 2);
        // Select both results in the list and press Difference.
        w->resultList()->clearSelection();
        w->resultList()->item(0)->setSelected(true);
        w->resultList()->item(1)->setSelected(true);
        QPushButton* diff = nullptr;
        for (QPushButton* b : w->findChildren<QPushButton*>())
            if (b->text() == QStringLiteral("Difference")) diff = b;
        QVERIFY(diff && diff->isEnabled());
        QTest::mouseClick(diff, Qt::LeftButton);
        QCOMPARE(w->results().size(), 3);
        QCOMPARE(w->shownResult(), 2);
        const Heatmap& a = w->results()[1].result.maps[0];
        const Heatmap& b = w->results()[0].result.maps[0];
        for (int r = 0; r < a.rows; ++r)
            for (int c = 0; c < a.cols; ++c) QVERIFY(std::abs(w->heatmap(0)->valueAt(r, c) - (a.at(r, c) - b.at(r, c))) < 1e-12);
        QVERIFY(w->heatmap(0)->data().signedValues);
    }

    void saveAndReopenExperimentWithResults() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("experiment.json"));
        ExperimentResult saved;
        {
            auto w = openWindow();
            QVERIFY(w);
            typePrompts(w.get(), kClean, kCorrupted);
            dragSelect(w.get(), 0, 2, 2, 4);
            QSignalSpy done(w.get(), &MainWindow::runCompleted);
            QTest::mouseClick(w->patchButton(), Qt::LeftButton);
            QVERIFY(done.wait(60000));
            QVERIFY(w->saveExperimentFile(file));
            QVERIFY(!w->hasUnsavedResults());
            saved = w->results()[0].result;
        }
        // The file is also a plain experiment file for causeway-cli.
        const ExperimentFile read = readExperimentFile(file.toStdString());
        QCOMPARE(read.spec.prompt, kClean.toStdString());
        QCOMPARE(static_cast<int>(read.results.size()), 1);

        MainWindow w;
        w.setAskBeforeDiscarding(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy ready(&w, &MainWindow::modelReady);
        QVERIFY(w.openExperimentFile(file));
        QVERIFY(ready.wait(30000)); // the experiment names the fixture folder
        QCOMPARE(w.results().size(), 1);
        compareMaps(w.heatmap(0), saved.maps[0]);
        QCOMPARE(w.cleanEditor()->text(), kClean);
        QCOMPARE(w.corruptedEditor()->text(), kCorrupted);
        QCOMPARE(w.selectedCells().size(), 9);
        QVERIFY(w.patchButton()->isEnabled());
    }

    // Ctrl+R runs a patch, Esc cancels; closing with unsaved results asks first.
    void shortcutsAndNothingLostWithoutAsking() {
        auto w = openWindow();
        QVERIFY(w);
        typePrompts(w.get(), kClean, kCorrupted);
        QApplication::setActiveWindow(w.get());
        QVERIFY(QTest::qWaitForWindowActive(w.get()));
        QSignalSpy done(w.get(), &MainWindow::runCompleted);
        QTest::keyClick(w.get(), Qt::Key_R, Qt::ControlModifier);
        QVERIFY(done.wait(60000));
        QCOMPARE(w->results().size(), 1);
        w->session()->setBatchDelayForTesting(200);
        w->session()->setEngine(SweepEngine::Naive);
        QSignalSpy progress(w->session(), &Session::runProgress);
        QTest::keyClick(w.get(), Qt::Key_R, Qt::ControlModifier);
        QVERIFY(w->session()->isRunning());
        // Cancel once some cells are in: a run cancelled before its first cell leaves no entry.
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(progress.begin(), progress.end(),
                                             [](const QList<QVariant>& a) { return a.at(1).value<ExperimentResult>().cellsDone > 0; }),
                                 20000);
        QTest::keyClick(w.get(), Qt::Key_Escape);
        QVERIFY(done.wait(10000));
        QCOMPARE(w->results().size(), 2);
        QCOMPARE(w->results()[1].result.status, RunStatus::Cancelled);

        w->setAskBeforeDiscarding(true);
        QVERIFY(w->hasUnsavedResults());
        QStringList asked;
        auto answer = [&asked](QMessageBox::StandardButton button) {
            QTimer::singleShot(100, [&asked, button] {
                if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                    asked << box->text();
                    box->button(button)->click();
                }
            });
        };
        answer(QMessageBox::Cancel);
        QVERIFY(!w->close()); // cancelled: the window stays
        QCOMPARE(asked.size(), 1);
        QVERIFY(asked[0].contains(QStringLiteral("not saved")));
        QVERIFY(w->isVisible());
        answer(QMessageBox::Discard);
        QVERIFY(w->close());
        QCOMPARE(asked.size(), 2);
    }

    void settingsAndRecentModels() {
        AppSettings a;
        a.threads = 3;
        a.defaultMetric = QStringLiteral("prob");
        a.unsignedColorMap = QStringLiteral("blues");
        a.theme = QStringLiteral("dark");
        a.save();
        const AppSettings b = AppSettings::load();
        QCOMPARE(b.threads, 3);
        QCOMPARE(b.defaultMetric, QStringLiteral("prob"));
        QCOMPARE(b.unsignedColorMap, QStringLiteral("blues"));
        QCOMPARE(b.theme, QStringLiteral("dark"));
        {
            auto w = openWindow();
            QVERIFY(w);
            QCOMPARE(w->metricBox()->currentData().toString(), QStringLiteral("prob"));
            QCOMPARE(w->currentSpec(PatchingSpec::kKind).threads, 3);
            typePrompts(w.get(), kClean, kCorrupted);
            QSignalSpy done(w.get(), &MainWindow::runCompleted);
            QTest::mouseClick(w->patchButton(), Qt::LeftButton);
            QVERIFY(done.wait(60000));
            QCOMPARE(w->heatmap(0)->colorMap(), widgets::ColorMapKind::Blues); // prob: unsigned
            QVERIFY(!w->heatmap(0)->data().signedValues);
            QCOMPARE(w->heatmap(0)->data().scaleTitle, QStringLiteral("probability of the answer"));
        }
        const QStringList recent = QSettings().value(QStringLiteral("recent/models")).toStringList();
        QVERIFY(!recent.isEmpty());
        QCOMPARE(QFileInfo(recent.first()).canonicalFilePath(), QFileInfo(kModel).canonicalFilePath());
        AppSettings().save(); // back to the defaults for the other tests
    }

    // With nothing on the command line: the bundled demo model and the first example experiment
    // (a stand-in resource folder here, through CAUSEWAY_RESOURCES).
    void startsWithDemoModelAndExample() {
        QTemporaryDir resources;
        QVERIFY(QDir(resources.path()).mkpath(QStringLiteral("models")));
        QVERIFY(QDir(resources.path()).mkpath(QStringLiteral("experiments")));
        QVERIFY(QFile::link(kModel, resources.filePath(QStringLiteral("models/causeway-demo"))));
        ExperimentSpec example = patchSpec();
        example.model = "demo";
        example.part<PatchingSpec>().components = {"attention_output"};
        writeExperimentFile(resources.filePath(QStringLiteral("experiments/01-example.json")).toStdString(), example, {});
        qputenv("CAUSEWAY_RESOURCES", resources.path().toLocal8Bit());
        QCOMPARE(Session::demoModelFolder(), resources.filePath(QStringLiteral("models/causeway-demo")));
        {
            MainWindow w;
            w.setAskBeforeDiscarding(false);
            w.show();
            QSignalSpy ready(&w, &MainWindow::modelReady);
            QVERIFY(w.openStartupDefaults(true));
            QVERIFY(ready.wait(30000));
            QCOMPARE(w.cleanEditor()->text(), kClean);
            QCOMPARE(w.componentBox()->currentText(), QStringLiteral("attention_output"));
            QVERIFY(w.patchButton()->isEnabled());
            QCOMPARE(w.currentSpec(PatchingSpec::kKind).model, std::string("demo"));
        }
        qunsetenv("CAUSEWAY_RESOURCES");
        MainWindow w;
        if (Session::demoModelFolder().isEmpty()) QVERIFY(!w.openStartupDefaults(true)); // no demo: the empty state
    }

    void exportsOfTheShownResult() {
        auto w = openWindow();
        QVERIFY(w);
        typePrompts(w.get(), kClean, kCorrupted);
        QSignalSpy done(w.get(), &MainWindow::runCompleted);
        QTest::mouseClick(w->patchButton(), Qt::LeftButton);
        QVERIFY(done.wait(60000));
        const ExperimentResult& r = w->results()[0].result;
        const QString csv = QString::fromStdString(heatmapCsv(r.maps[0]));
        QCOMPARE(csv.count(QLatin1Char('\n')), 1 + 3);
        QVERIFY(csv.startsWith(QStringLiteral("layer,")));
        const QString script = w->session()->pyveneScript(w->session()->prepare(r.spec));
        QVERIFY(script.contains(QStringLiteral("pyvene")));
        QTemporaryDir dir;
        for (const char* suffix : {"png", "svg", "pdf"}) {
            const QString f = dir.filePath(QStringLiteral("map.") + QLatin1String(suffix));
            QVERIFY(w->heatmap(0)->exportImage(f));
            QVERIFY(QFileInfo(f).size() > 500);
        }
        ExperimentSpec one = w->currentSpec(PatchingSpec::kKind);
        one.cells = {{1, 3}};
        w->session()->writePyveneConfig(w->session()->prepare(one), dir.filePath(QStringLiteral("pyvene")));
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("pyvene/config.json"))));
    }
};

QTEST_MAIN(MainWindowTest)
#include "test_main_window.moc"
