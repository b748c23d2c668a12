// No lost work in the workbench (issue 16): the open experiment and its results are autosaved and
// come back after a crash (in this process, and the real `causeway` killed with SIGKILL mid-run);
// a run that fails or is cancelled keeps its cells with a mark; a read-only folder or a full disk
// gives an error and keeps the results in memory, ready to be saved elsewhere.
#include "autosave.h"
#include "mainwindow.h"
#include "runoutcome.h"
#include "safeapplication.h"
#include "workbench_test_support.h"
#include "write_failures.h"

#include "experiments/results_io.h"
#include "heatmapview.h"
#include "prompteditor.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest/QtTest>

#include <cmath>
#include <csignal>
#include <functional>
#include <memory>

using namespace causeway;
using namespace causeway::app;
using namespace causeway::testing;

namespace {

nlohmann::json readJson(const QString& file) {
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) return {};
    const QByteArray bytes = f.readAll();
    return nlohmann::json::parse(bytes.constData(), bytes.constData() + bytes.size(), nullptr, false);
}

QString fileText(const QString& file) {
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// The session folders under an autosave root.
QStringList sessionFolders(const QString& root) {
    QStringList out;
    for (const QString& name : QDir(root).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) out << QDir(root).filePath(name);
    return out;
}

// Clicks the button with `text` in the next modal message box, and remembers the box's text.
void answerNextBox(const QString& text, QString* asked) {
    QTimer::singleShot(100, [text, asked] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box) return;
        if (asked) *asked = box->text();
        for (QAbstractButton* b : box->buttons())
            if (b->text().remove(QLatin1Char('&')) == text) b->click();
    });
}

// Polls until `done` or `ms` pass, processing events meanwhile.
bool waitFor(const std::function<bool()>& done, int ms) {
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > ms) return false;
        QTest::qWait(50);
    }
    return true;
}

} // namespace

class AutosaveTest : public QObject {
    Q_OBJECT

    static std::unique_ptr<MainWindow> openWindow() {
        auto w = std::make_unique<MainWindow>();
        w->setAskBeforeDiscarding(false);
        w->resize(1400, 900);
        w->show();
        if (!QTest::qWaitForWindowExposed(w.get())) return nullptr;
        QSignalSpy ready(w.get(), &MainWindow::modelReady);
        w->openModelFolder(kModel);
        if (!ready.wait(60000)) return nullptr;
        return w;
    }

    static bool run(MainWindow* w) {
        QSignalSpy done(w, &MainWindow::runCompleted);
        w->startPatch();
        return done.wait(60000);
    }

    // The last autosaved snapshot of `autosave`, once one has been written.
    static nlohmann::json lastSnapshot(Autosave& autosave) {
        return autosave.file().isEmpty() ? nlohmann::json() : readJson(autosave.file());
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("CausewayTest"));
        QCoreApplication::setApplicationName(QStringLiteral("test_autosave"));
    }

    // Edits are saved a moment later (a burst of typing once or twice), a finished run at once;
    // a clean quit leaves nothing to restore.
    void savesEditsAndRunsAndCleansUpOnQuit() {
        QTemporaryDir root;
        auto w = openWindow();
        QVERIFY(w);
        auto* autosave = new Autosave(w.get(), root.path());
        autosave->setDelay(300);
        QSignalSpy saved(autosave, &Autosave::saved);
        typePrompts(w.get(), kClean, kCorrupted); // ~50 key presses
        QVERIFY(saved.wait(5000));
        QTest::qWait(600);
        QVERIFY2(saved.count() <= 2, qPrintable(QString::number(saved.count()))); // debounced, not per key
        nlohmann::json j = lastSnapshot(*autosave);
        QCOMPARE(j["panels"][0]["prompts"]["clean"].get<std::string>(), kClean.toStdString());
        QCOMPARE(j["panels"][0]["prompts"]["corrupted"].get<std::string>(), kCorrupted.toStdString());
        QVERIFY(j["results"].empty());
        QVERIFY(QFile::exists(QDir(autosave->folder()).filePath(QStringLiteral("lock"))));
        QCOMPARE(Autosave::findOrphan(root.path()), QString()); // ours, and we are alive

        autosave->setDelay(60000); // only the finished run can save now
        saved.clear();
        QVERIFY(run(w.get()));
        QVERIFY(saved.wait(5000));
        j = lastSnapshot(*autosave);
        QCOMPARE(j["results"].size(), std::size_t{1});
        QCOMPARE(j["results"][0]["running"].get<bool>(), false);
        const ExperimentResult back = resultFromJson(j["results"][0]["result"], "autosave");
        QCOMPARE(back.status, RunStatus::Complete);
        QCOMPARE(back.maps[0].raw, w->results()[0].result.maps[0].raw);

        const QString folder = autosave->folder();
        autosave->finish();
        QVERIFY(!QFileInfo::exists(folder));
        QCOMPARE(sessionFolders(root.path()), QStringList());
        QVERIFY(!autosave->saveNow()); // nothing after the quit
    }

    // A workbench that dies mid-run (its lock dropped, its files left, as the kernel leaves them)
    // is offered back at the next start: prompts, settings, selection, the finished result and
    // the running one's cells so far, marked interrupted.
    void restoresWhatACrashedWorkbenchHeld() {
        QTemporaryDir root;
        ExperimentResult finished, interrupted;
        QVector<widgets::GridCell> selection;
        QString subject;
        {
            auto w = openWindow();
            QVERIFY(w);
            auto* autosave = new Autosave(w.get(), root.path());
            autosave->setDelay(200);
            typePrompts(w.get(), kClean, kCorrupted);
            QVERIFY(run(w.get()));
            finished = w->results()[0].result;
            w->cleanEditor()->chips()->setSelection(3, 5);
            subject = w->subjectText();
            QVERIFY(!subject.isEmpty());
            w->samplesSpin()->setValue(7);
            selection = {{0, 1}, {1, 2}};
            w->setSelectedCells(selection);
            // A slow second run, autosaved while it streams.
            w->session()->setBatchDelayForTesting(150);
            w->session()->setEngine(SweepEngine::Naive);
            QSignalSpy saved(autosave, &Autosave::saved);
            w->setSelectedCells({});
            w->startPatch();
            QVERIFY(waitFor([&] {
                const nlohmann::json j = lastSnapshot(*autosave);
                return j.is_object() && j["results"].size() == 2 && j["results"][1]["running"].get<bool>() &&
                       j["results"][1]["result"]["cells_done"].get<int>() >= 2;
            }, 30000));
            const nlohmann::json j = lastSnapshot(*autosave);
            interrupted = resultFromJson(j["results"][1]["result"], "autosave");
            QVERIFY(interrupted.cellsDone < interrupted.cellsTotal);
            w->setSelectedCells(selection);
            QVERIFY(autosave->saveNow()); // the selection as it was at the crash
            autosave->abandonForTesting(); // the crash: the lock goes with the process, the folder stays
        }
        const QString orphan = Autosave::findOrphan(root.path());
        QVERIFY(!orphan.isEmpty());
        QVERIFY(Autosave::describeOrphan(orphan).contains(QStringLiteral("2 result")));
        QVERIFY(Autosave::describeOrphan(orphan).contains(QStringLiteral("interrupted")));

        // "Not Now" keeps it for the next start.
        auto empty = std::make_unique<MainWindow>();
        empty->show();
        {
            Autosave later(empty.get(), root.path());
            QString asked;
            answerNextBox(QStringLiteral("Not Now"), &asked);
            QVERIFY(!offerRestore(later, empty.get()));
            QVERIFY2(asked.contains(QStringLiteral("did not quit normally")), qPrintable(asked));
            QVERIFY(QFileInfo::exists(orphan));
            QVERIFY(empty->results().isEmpty());
            later.finish();
        }
        empty.reset();

        auto w = std::make_unique<MainWindow>();
        w->setAskBeforeDiscarding(false);
        w->show();
        auto* autosave = new Autosave(w.get(), root.path());
        QSignalSpy ready(w.get(), &MainWindow::modelReady);
        answerNextBox(QStringLiteral("Restore"), nullptr);
        QVERIFY(offerRestore(*autosave, w.get()));
        QVERIFY(!QFileInfo::exists(orphan));
        QVERIFY(QFileInfo::exists(autosave->file())); // saved again, under this process
        QVERIFY(ready.wait(60000)); // the model it used opens again
        QCOMPARE(w->results().size(), 2);
        QCOMPARE(w->results()[0].result.status, RunStatus::Complete);
        QCOMPARE(w->results()[0].result.maps[0].raw, finished.maps[0].raw);
        QCOMPARE(w->results()[0].modelName, QStringLiteral("gpt2-tiny"));
        const ExperimentResult& back = w->results()[1].result;
        QCOMPARE(back.status, RunStatus::Interrupted);
        QVERIFY(back.cellsDone >= interrupted.cellsDone);
        for (std::size_t i = 0; i < interrupted.maps[0].raw.size(); ++i)
            if (!std::isnan(interrupted.maps[0].raw[i])) QCOMPARE(back.maps[0].raw[i], interrupted.maps[0].raw[i]);
        QVERIFY2(w->resultList()->item(1)->text().contains(QStringLiteral("interrupted after %1 of %2 cells").arg(back.cellsDone).arg(back.cellsTotal)),
                 qPrintable(w->resultList()->item(1)->text()));
        QCOMPARE(w->cleanEditor()->text(), kClean);
        QCOMPARE(w->corruptedEditor()->text(), kCorrupted);
        QCOMPARE(w->samplesSpin()->value(), 7);
        QCOMPARE(w->subjectText(), subject);
        QCOMPARE(w->selectedCells(), selection);
        QVERIFY(w->hasUnsavedResults());
        QVERIFY(w->patchButton()->isEnabled());
        QVERIFY(run(w.get())); // and it works on
        QCOMPARE(w->results().size(), 3);
        autosave->finish();
    }

    // The real program, killed with SIGKILL in the middle of its second run, then started again:
    // it restores both results (the second marked interrupted) and the prompts. A clean quit of
    // a third start removes its own autosave and leaves the other's alone.
    void killedProgramIsRestoredOnTheNextStart() {
        QTemporaryDir home;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("OMP_NUM_THREADS"), QStringLiteral("1"));
        const QString root = home.filePath(QStringLiteral("data/Causeway/Causeway/autosave"));
        auto start = [&](const QStringList& args) {
            auto p = std::make_unique<QProcess>();
            p->setProcessEnvironment(env);
            p->setProcessChannelMode(QProcess::MergedChannels);
            p->start(QStringLiteral(CAUSEWAY_GUI_PATH), args);
            return p;
        };
        auto lastResults = [&](const QString& folder) {
            return readJson(QDir(folder).filePath(QStringLiteral("autosave.json")))["results"];
        };

        // Two patching runs of the demo model (block_output, then mlp_output), slowed down.
        auto first = start({QStringLiteral("--clean"), kClean, QStringLiteral("--corrupted"), kCorrupted, QStringLiteral("--run"),
                            QStringLiteral("patch"), QStringLiteral("--difference"), QStringLiteral("mlp_output"),
                            QStringLiteral("--batch-delay"), QStringLiteral("800")});
        QVERIFY(first->waitForStarted());
        QString folder;
        nlohmann::json atKill;
        QByteArray output;
        QVERIFY2(waitFor([&] {
            output += first->readAll();
            const QStringList folders = sessionFolders(root);
            if (folders.size() != 1) return false;
            folder = folders[0];
            atKill = lastResults(folder);
            return atKill.is_array() && atKill.size() == 2 && !atKill[0]["running"].get<bool>() && atKill[1]["running"].get<bool>() &&
                   atKill[1]["result"]["cells_done"].get<int>() > 0;
        }, 90000), output.constData());
        ::kill(static_cast<pid_t>(first->processId()), SIGKILL);
        QVERIFY(first->waitForFinished(10000));
        QCOMPARE(first->exitStatus(), QProcess::CrashExit);
        const ExperimentResult killedFirst = resultFromJson(atKill[0]["result"], "autosave");
        const ExperimentResult killedSecond = resultFromJson(atKill[1]["result"], "autosave");
        QCOMPARE(killedFirst.status, RunStatus::Complete);
        QVERIFY(killedSecond.cellsDone < killedSecond.cellsTotal);

        // The next start restores it (non-interactively: --restore yes).
        auto second = start({QStringLiteral("--restore"), QStringLiteral("yes")});
        QVERIFY(second->waitForStarted());
        QString restoredFolder;
        output.clear();
        QVERIFY2(waitFor([&] {
            output += second->readAll();
            if (QFileInfo::exists(folder)) return false; // the orphan goes once restored
            const QStringList folders = sessionFolders(root);
            if (folders.size() != 1) return false;
            restoredFolder = folders[0];
            // The message comes right after the orphan is deleted: wait for both.
            return lastResults(restoredFolder).size() == 2 && output.contains("restored the autosaved work");
        }, 60000), output.constData());
        QVERIFY2(output.contains("restored the autosaved work"), output.constData());
        const nlohmann::json restored = readJson(QDir(restoredFolder).filePath(QStringLiteral("autosave.json")));
        const ExperimentResult backFirst = resultFromJson(restored["results"][0]["result"], "restored");
        const ExperimentResult backSecond = resultFromJson(restored["results"][1]["result"], "restored");
        QCOMPARE(backFirst.status, RunStatus::Complete);
        QCOMPARE(backFirst.maps[0].raw, killedFirst.maps[0].raw);
        QCOMPARE(backSecond.status, RunStatus::Interrupted);
        QCOMPARE(backSecond.cellsDone, killedSecond.cellsDone);
        QCOMPARE(backSecond.maps[0].component, std::string("mlp_output"));
        QCOMPARE(restored["panels"][0]["prompts"]["clean"].get<std::string>(), kClean.toStdString());
        QCOMPARE(restored["panels"][0]["prompts"]["corrupted"].get<std::string>(), kCorrupted.toStdString());
        QCOMPARE(restored["results"][1]["running"].get<bool>(), false);
        ::kill(static_cast<pid_t>(second->processId()), SIGKILL); // its autosave is the next orphan
        QVERIFY(second->waitForFinished(10000));

        // A clean quit (a scripted screenshot ends with one) deletes its own autosave; the other
        // crashed session's stays for a start that offers it.
        auto third = start({QStringLiteral("--screenshot"), home.filePath(QStringLiteral("shot.png")), QStringLiteral("--clean"), kClean,
                            QStringLiteral("--corrupted"), kCorrupted, QStringLiteral("--run"), QStringLiteral("patch")});
        bool sawItsOwn = false;
        QVERIFY(waitFor([&] {
            sawItsOwn = sawItsOwn || sessionFolders(root).size() == 2;
            return third->state() == QProcess::NotRunning;
        }, 90000));
        QCOMPARE(third->exitCode(), 0);
        QVERIFY(sawItsOwn);
        QCOMPARE(sessionFolders(root), QStringList{restoredFolder});

        // Ended by SIGTERM (a logout, `kill`) mid-run: it saves at once, quits without asking,
        // and its autosave stays for the next start, the run marked as running (so: interrupted).
        auto fourth = start({QStringLiteral("--restore"), QStringLiteral("no"), QStringLiteral("--clean"), kClean, QStringLiteral("--corrupted"), kCorrupted, QStringLiteral("--run"),
                             QStringLiteral("patch"), QStringLiteral("--batch-delay"), QStringLiteral("800")});
        QString fourthFolder;
        int64_t cellsSeen = 0;
        output.clear();
        QVERIFY2(waitFor([&] {
            output += fourth->readAll();
            for (const QString& f : sessionFolders(root))
                if (f != restoredFolder) fourthFolder = f;
            if (fourthFolder.isEmpty()) return false;
            const nlohmann::json results = lastResults(fourthFolder);
            if (!results.is_array() || results.empty() || !results.back()["running"].get<bool>()) return false;
            cellsSeen = results.back()["result"]["cells_done"].get<int64_t>();
            return cellsSeen > 0;
        }, 90000), output.constData());
        ::kill(static_cast<pid_t>(fourth->processId()), SIGTERM);
        QVERIFY(fourth->waitForFinished(20000));
        output += fourth->readAll();
        QCOMPARE(fourth->exitStatus(), QProcess::NormalExit);
        QCOMPARE(fourth->exitCode(), 128 + SIGTERM);
        QVERIFY2(output.contains("ended by signal 15"), output.constData());
        const nlohmann::json atTerm = lastResults(fourthFolder);
        QVERIFY(atTerm.back()["running"].get<bool>());
        QVERIFY(atTerm.back()["result"]["cells_done"].get<int64_t>() >= cellsSeen);
        QCOMPARE(Autosave::findOrphan(root), fourthFolder); // --restore no discarded the older one
    }

    // A sweep that fails part-way keeps its cells, says so in the list, and saves the mark.
    void failedRunKeepsItsCellsWithAMark() {
        auto w = openWindow();
        QVERIFY(w);
        typePrompts(w.get(), kClean, kCorrupted);
        w->session()->setEngine(SweepEngine::Naive);
        w->session()->setFailureForTesting(3);
        QVERIFY(run(w.get()));
        w->session()->setFailureForTesting(0);
        QCOMPARE(w->results().size(), 1);
        const ExperimentResult& r = w->results()[0].result;
        QCOMPARE(r.status, RunStatus::Failed);
        QVERIFY(r.cellsDone >= 3 && r.cellsDone < r.cellsTotal);
        QVERIFY(QString::fromStdString(r.stopReason).contains(QStringLiteral("simulated")));
        const QString label = w->resultList()->item(0)->text();
        QVERIFY2(label.contains(QStringLiteral("failed after %1 of %2 cells").arg(r.cellsDone).arg(r.cellsTotal)), qPrintable(label));
        QVERIFY(w->errorBanner()->isVisible());
        QVERIFY(w->errorBanner()->text().contains(QStringLiteral("kept")));
        int shown = 0;
        for (int row = 0; row < static_cast<int>(r.maps[0].rows); ++row)
            for (int c = 0; c < static_cast<int>(r.maps[0].cols); ++c) shown += std::isnan(w->heatmap(0)->valueAt(row, c)) ? 0 : 1;
        QCOMPARE(shown, static_cast<int>(r.cellsDone));

        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("partial.causeway.json"));
        QVERIFY(w->saveExperimentFile(file));
        const ExperimentFile saved = readExperimentFile(file.toStdString());
        QCOMPARE(saved.results[0].status, RunStatus::Failed);
        QCOMPARE(saved.results[0].stopReason, r.stopReason);
        QVERIFY(w->openExperimentFile(file));
        QVERIFY(w->resultList()->item(0)->text().contains(QStringLiteral("failed after")));
        QVERIFY(run(w.get())); // and the next run is whole
        QCOMPARE(w->results().last().result.status, RunStatus::Complete);
    }

    // Saving into a read-only folder or onto a full disk: an error naming the file and the
    // reason, the results stay in memory (still unsaved), the old file stays whole, and saving
    // elsewhere works.
    void readOnlyFolderOrFullDiskKeepsResultsInMemory() {
        auto w = openWindow();
        QVERIFY(w);
        typePrompts(w.get(), kClean, kCorrupted);
        QVERIFY(run(w.get()));
        QVERIFY(w->hasUnsavedResults());
        QTemporaryDir dir;
        const QString locked = dir.filePath(QStringLiteral("locked"));
        QDir().mkpath(locked);
        const QString existing = QDir(locked).filePath(QStringLiteral("experiment.causeway.json"));
        const QString csv = QDir(locked).filePath(QStringLiteral("map.csv"));
        {
            QFile f(existing);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("{\"the\": \"old experiment\"}\n");
        }
        QStringList errors;
        {
            ReadOnlyFolder readOnly(locked);
            QVERIFY(readOnly.effective());
            QVERIFY(!w->saveExperimentFile(existing));
            errors << w->errorBanner()->text();
            QVERIFY(!w->exportCsvTo(csv));
            errors << w->errorBanner()->text();
            QVERIFY(!w->exportImageTo(QDir(locked).filePath(QStringLiteral("map.png")), true));
            errors << w->errorBanner()->text();
        }
        for (const QString& e : errors) {
            QVERIFY2(e.contains(locked) && e.contains(QStringLiteral("permission denied")), qPrintable(e));
            QVERIFY(e.contains(QStringLiteral("save somewhere else")));
        }
        QCOMPARE(fileText(existing), QStringLiteral("{\"the\": \"old experiment\"}\n"));
        QCOMPARE(QDir(locked).entryList(QDir::Files), QStringList{QStringLiteral("experiment.causeway.json")});
        QCOMPARE(w->results().size(), 1);
        QVERIFY(w->hasUnsavedResults());

        {
            FileSizeLimit fullDisk(256); // the experiment file is kilobytes: the disk "fills" half-way
            QVERIFY(!w->saveExperimentFile(existing));
        }
        QVERIFY2(w->errorBanner()->text().contains(QStringLiteral("limit")), qPrintable(w->errorBanner()->text()));
        QCOMPARE(fileText(existing), QStringLiteral("{\"the\": \"old experiment\"}\n"));
        QVERIFY(w->hasUnsavedResults());

        const QString elsewhere = dir.filePath(QStringLiteral("elsewhere.causeway.json"));
        QVERIFY(w->saveExperimentFile(elsewhere));
        QVERIFY(!w->hasUnsavedResults());
        QCOMPARE(readExperimentFile(elsewhere.toStdString()).results[0].maps[0].raw, w->results()[0].result.maps[0].raw);
        QVERIFY(w->exportImageTo(dir.filePath(QStringLiteral("map.svg")), true));
        QVERIFY(fileText(dir.filePath(QStringLiteral("map.svg"))).contains(QStringLiteral("<svg")));
    }

    // An autosave that cannot be written says so and stops nothing; it works again once it can.
    void autosaveFailureIsReportedNotFatal() {
        QTemporaryDir dir;
        const QString locked = dir.filePath(QStringLiteral("locked"));
        auto w = openWindow();
        QVERIFY(w);
        auto* autosave = new Autosave(w.get(), QDir(locked).filePath(QStringLiteral("autosave")));
        QSignalSpy failed(autosave, &Autosave::saveFailed);
        {
            ReadOnlyFolder readOnly(locked);
            QVERIFY(readOnly.effective());
            QVERIFY(!autosave->saveNow());
        }
        QCOMPARE(failed.count(), 1);
        QVERIFY2(autosave->lastError().contains(QStringLiteral("permission denied")), qPrintable(autosave->lastError()));
        QVERIFY(w->statusBar()->currentMessage().contains(QStringLiteral("Autosave failed")));
        typePrompts(w.get(), kClean, kCorrupted);
        QVERIFY(run(w.get()));
        QVERIFY(autosave->saveNow());
        QVERIFY(autosave->lastError().isEmpty());
        QCOMPARE(lastSnapshot(*autosave)["results"].size(), std::size_t{1});
        autosave->finish();
    }

    void stoppedEarlyWording() {
        ExperimentResult r;
        r.cellsDone = 37;
        r.cellsTotal = 168;
        QCOMPARE(stoppedEarlyText(r), QString());
        r.status = RunStatus::Cancelled;
        QCOMPARE(stoppedEarlyText(r), QStringLiteral("cancelled after 37 of 168 cells"));
        r.status = RunStatus::Failed;
        QCOMPARE(stoppedEarlyText(r), QStringLiteral("failed after 37 of 168 cells"));
        r.status = RunStatus::Interrupted;
        QCOMPARE(stoppedEarlyText(r), QStringLiteral("interrupted after 37 of 168 cells"));
    }
};

int main(int argc, char** argv) {
    SafeApplication app(argc, argv);
    AutosaveTest test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "test_autosave.moc"
