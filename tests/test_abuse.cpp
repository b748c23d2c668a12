// The workbench under abuse (issue 16): a sweep started and cancelled 100 times in a row, the
// window closed mid-run, a second model or an experiment opened mid-run, prompts changed during a
// run. Nothing may crash or reach the event loop as an exception, no result may show cells of
// another run or prompt, and the window must work normally afterwards.
#include "mainwindow.h"
#include "safeapplication.h"
#include "workbench_test_support.h"

#include "heatmapview.h"
#include "predictionsview.h"
#include "prompteditor.h"

#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest/QtTest>

#include <cmath>
#include <memory>

using namespace causeway;
using namespace causeway::app;
using namespace causeway::testing;

namespace {

SafeApplication* safeApp() { return qobject_cast<SafeApplication*>(QCoreApplication::instance()); }

QStringList toQt(const std::vector<std::string>& texts) {
    QStringList out;
    for (const std::string& t : texts) out << QString::fromStdString(t);
    return out;
}

// The shown map is the shown result's: its columns are that run's tokens and every value it
// shows is the result's value (NaN where the result has none).
bool showsItsOwnResult(MainWindow* w, QString* why) {
    if (w->shownResult() < 0) return true;
    const ExperimentResult& r = w->results()[w->shownResult()].result;
    widgets::HeatmapView* map = w->heatmap(0);
    if (!map || r.maps.empty()) return true;
    const Heatmap& h = r.maps[0];
    if (map->data().rows != h.rows || map->data().cols != h.cols) {
        *why = QStringLiteral("map %1x%2, result %3x%4").arg(map->data().rows).arg(map->data().cols).arg(h.rows).arg(h.cols);
        return false;
    }
    if (h.columnAxis == "position" && map->data().colLabels != toQt(r.tokens)) {
        *why = QStringLiteral("columns %1, result's tokens %2").arg(map->data().colLabels.join(QLatin1Char('|')), toQt(r.tokens).join(QLatin1Char('|')));
        return false;
    }
    for (int row = 0; row < h.rows; ++row)
        for (int col = 0; col < h.cols; ++col) {
            const double shown = map->valueAt(row, col), value = h.at(row, col);
            if (std::isnan(shown) != std::isnan(value) || (!std::isnan(value) && shown != value)) {
                *why = QStringLiteral("cell (%1, %2) shows %3, the result holds %4").arg(row).arg(col).arg(shown).arg(value);
                return false;
            }
        }
    return true;
}

} // namespace

class AbuseTest : public QObject {
    Q_OBJECT

    static std::unique_ptr<MainWindow> newWindow() {
        auto w = std::make_unique<MainWindow>();
        w->setAskBeforeDiscarding(false);
        w->resize(1400, 900);
        w->show();
        if (!QTest::qWaitForWindowExposed(w.get())) return nullptr;
        return w;
    }

    static bool openModel(MainWindow* w, const QString& folder) {
        QSignalSpy ready(w, &MainWindow::modelReady);
        w->openModelFolder(folder);
        return ready.wait(60000);
    }

    static std::unique_ptr<MainWindow> openWindow() {
        auto w = newWindow();
        if (!w || !openModel(w.get(), kModel)) return nullptr;
        typePrompts(w.get(), kClean, kCorrupted);
        return w;
    }

    // A sweep slowed down enough to act in the middle of it; returns once some cells are in.
    static bool startSlowRun(MainWindow* w) {
        w->session()->setEngine(SweepEngine::Naive);
        w->session()->setBatchDelayForTesting(60);
        QSignalSpy progress(w->session(), &Session::runProgress);
        w->startPatch();
        w->session()->setBatchDelayForTesting(0); // for the runs after this one
        return w->session()->isRunning() && progress.wait(20000);
    }

    static bool runToEnd(MainWindow* w) {
        QSignalSpy done(w, &MainWindow::runCompleted);
        w->startPatch();
        return done.wait(60000) && !w->results().isEmpty() && w->results().last().result.status == RunStatus::Complete;
    }

    // The window is idle and usable: nothing running, the run buttons on, a full run works and
    // shows what it computed.
    static void checkUsable(MainWindow* w) {
        QTRY_VERIFY_WITH_TIMEOUT(!w->session()->isRunning(), 10000);
        QVERIFY2(w->patchButton()->isEnabled(), qPrintable(w->patchButton()->toolTip()));
        QVERIFY(!w->cancelButton()->isEnabled());
        QVERIFY(!w->progressBar()->isVisible());
        w->session()->setEngine(SweepEngine::Fast);
        QVERIFY(runToEnd(w));
        QString why;
        QVERIFY2(showsItsOwnResult(w, &why), qPrintable(why));
    }

    int caughtBefore_ = 0;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(safeApp(), "the test must run under the workbench's SafeApplication");
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("CausewayTest"));
        QCoreApplication::setApplicationName(QStringLiteral("test_abuse"));
    }
    void init() { caughtBefore_ = safeApp()->caughtCount(); }
    // Fixed at the cause: nothing reached the event loop as an exception.
    void cleanup() { QCOMPARE(safeApp()->caughtCount(), caughtBefore_); }

    // Start, cancel, 100 times: at any moment (before the first cell, mid-sweep). Each kept
    // result holds cells; one cancelled before any cell leaves nothing in the list.
    void startAndCancel100Times() {
        auto w = openWindow();
        QVERIFY(w);
        w->session()->setEngine(SweepEngine::Naive);
        QSignalSpy done(w.get(), &MainWindow::runCompleted);
        int kept = 0;
        for (int i = 0; i < 100; ++i) {
            w->startPatch();
            QVERIFY2(w->session()->isRunning(), qPrintable(w->runStatus()->text()));
            if (i % 4 == 1) QTest::qWait(i % 9); // some cells in, sometimes
            w->cancelRun();
            QVERIFY(done.wait(10000));
            const int index = done.last().at(0).toInt();
            if (index >= 0) {
                ++kept;
                QCOMPARE(index, w->results().size() - 1);
                const ExperimentResult& r = w->results()[index].result;
                QVERIFY(r.cellsDone > 0);
                QVERIFY(r.status == RunStatus::Cancelled || r.cellsDone == r.cellsTotal);
            }
            QCOMPARE(w->results().size(), kept);
            QVERIFY(!w->session()->isRunning());
            QString why;
            QVERIFY2(showsItsOwnResult(w.get(), &why), qPrintable(why));
        }
        qInfo("%d of 100 cancelled runs had cells to keep", kept);
        checkUsable(w.get());
    }

    // The session alone: 100 runs started back to back; only the last one reports.
    void hundredRunsBackToBackReportOnce() {
        auto w = openWindow();
        QVERIFY(w);
        Session* session = w->session();
        const ExperimentSpec spec = w->currentSpec(PatchingSpec::kKind);
        QSignalSpy finished(session, &Session::runFinished), failed(session, &Session::runFailed);
        int last = 0;
        for (int i = 0; i < 100; ++i) last = session->runExperiment(spec);
        QVERIFY(finished.wait(30000));
        QTest::qWait(300);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(finished.first().at(0).toInt(), last);
        QCOMPARE(finished.first().at(1).value<ExperimentResult>().status, RunStatus::Complete);
        QVERIFY(!session->isRunning());
    }

    // Closing (and destroying) the window mid-run, mid-load and mid-probe: it goes at once.
    void closeWindowMidRun() {
        {
            auto w = openWindow();
            QVERIFY(w);
            QVERIFY(startSlowRun(w.get()));
            QElapsedTimer clock;
            clock.start();
            QVERIFY(w->close());
            w.reset();
            QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
        }
        {
            auto w = newWindow();
            QVERIFY(w);
            w->openModelFolder(kModel); // still loading when it goes
            QVERIFY(w->close());
        }
        {
            auto w = openWindow();
            QVERIFY(w);
            QVERIFY(runToEnd(w.get()));
            widgets::HeatmapView* map = w->heatmap(0);
            Q_EMIT map->cellClicked(0, 1); // a probe job on the pool
            w->runIntervention();          // and an intervention
            QVERIFY(w->close());
        }
        QTest::qWait(200); // anything queued to a destroyed window is dropped, not delivered
    }

    // Another model opened while a sweep of the first runs: the sweep stops and keeps its cells
    // under the first model's name; nothing of it is re-read through the second model.
    void openSecondModelMidRun() {
        const QString demo = Session::demoModelFolder();
        QVERIFY2(!demo.isEmpty(), "the demo model ships in resources/models");
        auto w = openWindow();
        QVERIFY(w);
        QVERIFY(startSlowRun(w.get()));
        QSignalSpy done(w.get(), &MainWindow::runCompleted);
        QVERIFY(openModel(w.get(), demo));
        QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 10000);
        QVERIFY(!w->session()->isRunning());
        if (!w->results().isEmpty()) {
            const StoredResult& old = w->results()[0];
            QCOMPARE(old.modelName, QStringLiteral("gpt2-tiny"));
            QCOMPARE(old.result.status, RunStatus::Cancelled);
            QVERIFY(!w->modelMismatch(old).isEmpty());
            w->showResult(0);
            QString why;
            QVERIFY2(showsItsOwnResult(w.get(), &why), qPrintable(why));
            QSignalSpy predictions(w.get(), &MainWindow::predictionsShown);
            Q_EMIT w->heatmap(0)->cellClicked(0, 1);
            QVERIFY(!predictions.wait(500)); // refused: it is another model's result
        }
        checkUsable(w.get());
        if (QTest::currentTestFailed()) return;
        QCOMPARE(w->results().last().modelName, QStringLiteral("demo"));
    }

    // An experiment (with its own model) opened while a sweep runs: the sweep's result does not
    // turn up in the new experiment's list, and the window is not left looking busy.
    void loadExperimentMidRun() {
        const QStringList examples = Session::exampleExperimentFiles();
        QVERIFY(!examples.isEmpty());
        for (const bool sameModel : {true, false}) {
            auto w = openWindow();
            QVERIFY(w);
            QTemporaryDir dir;
            const QString file = dir.filePath(QStringLiteral("same-model.causeway.json"));
            QVERIFY(w->saveExperimentFile(file)); // this model and prompts, no results
            QVERIFY(startSlowRun(w.get()));
            QSignalSpy ready(w.get(), &MainWindow::modelReady);
            QVERIFY(w->openExperimentFile(sameModel ? file : examples.first()));
            if (!sameModel) QVERIFY(ready.wait(60000));
            QTRY_VERIFY_WITH_TIMEOUT(!w->session()->isRunning(), 10000);
            QTest::qWait(300); // the cancelled sweep's answer has come back by now
            for (const StoredResult& s : w->results()) QVERIFY(!s.running);
            QCOMPARE(w->results().size(), 0);
            if (!sameModel) typePrompts(w.get(), kClean, kCorrupted); // the example traces one prompt
            checkUsable(w.get());
            if (QTest::currentTestFailed()) return;
        }
    }

    // Prompts edited while a sweep runs: the sweep finishes with the prompts it started with, the
    // map shows those tokens, and the next run uses the new prompts.
    void changePromptsDuringRun() {
        auto w = openWindow();
        QVERIFY(w);
        const QStringList before = w->gridColumns();
        QVERIFY(startSlowRun(w.get()));
        QSignalSpy done(w.get(), &MainWindow::runCompleted);
        const QString clean2 = QStringLiteral("Indeed, ") + kClean, corrupted2 = QStringLiteral("Indeed, ") + kCorrupted;
        typePrompts(w.get(), clean2, corrupted2);
        QString why;
        QVERIFY2(showsItsOwnResult(w.get(), &why), qPrintable(why)); // streaming, under its own tokens
        QVERIFY(before != w->gridColumns());
        w->componentBox()->setCurrentText(QStringLiteral("mlp_output"));
        QVERIFY(done.wait(60000));
        const ExperimentResult& first = w->results()[0].result;
        QCOMPARE(first.status, RunStatus::Complete);
        QCOMPARE(QString::fromStdString(first.spec.prompt), kClean);
        QCOMPARE(toQt(first.tokens), before);
        QCOMPARE(first.maps[0].component, std::string("block_output"));
        QVERIFY2(showsItsOwnResult(w.get(), &why), qPrintable(why));
        checkUsable(w.get());
        if (QTest::currentTestFailed()) return;
        const ExperimentResult& second = w->results()[1].result;
        QCOMPARE(QString::fromStdString(second.spec.prompt), clean2);
        QCOMPARE(toQt(second.tokens), w->gridColumns());
        QCOMPARE(second.maps[0].component, std::string("mlp_output"));
        w->showResult(0);
        QVERIFY2(showsItsOwnResult(w.get(), &why), qPrintable(why));
    }
};

int main(int argc, char** argv) {
    SafeApplication app(argc, argv);
    AbuseTest test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "test_abuse.moc"
