// The workbench in a researcher's first hour (issue 11): what used to crash, go stale or read
// badly, driven like a user would on the offscreen platform. The application is the workbench's
// own SafeApplication, so a test can throw into the event loop and see the window live on.
#include "mainwindow.h"
#include "workbench_test_support.h"
#include "safeapplication.h"

#include "common/error.h"
#include "experiments/experiment.h"
#include "experiments/patching.h"
#include "experiments/tracing.h"
#include "experiments/results_io.h"
#include "heatmapview.h"
#include "predictionsview.h"
#include "prompteditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>
#include <QtTest/QtTest>

#include <cmath>
#include <memory>
#include <optional>

#if defined(__SANITIZE_ADDRESS__)
#define CAUSEWAY_TEST_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CAUSEWAY_TEST_LSAN 1
#endif
#endif
#ifdef CAUSEWAY_TEST_LSAN
#include <sanitizer/lsan_interface.h>
#endif

using namespace causeway;
using namespace causeway::app;

using namespace causeway::testing;

namespace {

// Qt's libraries are built without exception cleanup: the exceptions exceptionsFromSlotsAndQueued-
// CallsAreCaught throws through Qt's frames on purpose (to check SafeApplication's net) skip the
// destructors of the Qt objects on the way, and the few hundred bytes those own leak inside Qt.
// While one of these lives, LeakSanitizer ignores what this thread allocates; everything else
// keeps full leak checking.
class QtUnwindingLeaksIgnored {
public:
#ifdef CAUSEWAY_TEST_LSAN
    QtUnwindingLeaksIgnored() { __lsan_disable(); }
    ~QtUnwindingLeaksIgnored() { __lsan_enable(); }
#endif
};

SafeApplication* safeApp() { return qobject_cast<SafeApplication*>(QCoreApplication::instance()); }

} // namespace

class FirstHourTest : public QObject {
    Q_OBJECT

    static bool run(MainWindow* w, bool trace) {
        QSignalSpy done(w, &MainWindow::runCompleted);
        if (trace) w->startTrace();
        else w->startPatch();
        return done.wait(120000);
    }

    static void selectResult(MainWindow* w, int row) {
        QListWidget* list = w->resultList();
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->item(row)).center());
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(safeApp(), "the test must run under the workbench's SafeApplication");
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("CausewayTest"));
        QCoreApplication::setApplicationName(QStringLiteral("test_workbench_first_hour"));
        QSettings().clear();
    }

    // The reported crash: a trace on the demo model (1177 tokens), another model opened (512),
    // then the old result clicked: its answer id is not in the new vocabulary.
    void oldResultOfAnotherModelNeitherCrashesNorReruns() {
        const QString demo = Session::demoModelFolder();
        QVERIFY2(!demo.isEmpty(), "the demo model ships in resources/models; the crash needs its 1177-token vocabulary");
        auto w = newWindow();
        QVERIFY(w);
        QVERIFY(openModel(w.get(), demo));
        const int caughtBefore = safeApp()->caughtCount();
        w->cleanEditor()->setText(QStringLiteral("The Venalor is located in the city of"));
        w->cleanEditor()->chips()->setSelection(1, 3);
        QVERIFY2(!w->subjectText().isEmpty(), qPrintable(w->subjectLabel()->text()));
        QVERIFY(run(w.get(), true));
        const ExperimentResult first = w->results()[0].result;
        QVERIFY2(first.correctToken >= 512, "the answer id must lie outside the second model's vocabulary");
        QVERIFY(!first.correctTokenText.empty());
        QCOMPARE(w->results()[0].modelName, QStringLiteral("demo"));

        QVERIFY(openModel(w.get(), kModel));
        QVERIFY(w->traceButton()->isEnabled());
        QVERIFY(run(w.get(), true));
        QCOMPARE(w->results().size(), 2);
        QCOMPARE(w->results()[1].modelName, QStringLiteral("gpt2-tiny"));
        QVERIFY(w->resultList()->item(0)->text().contains(QStringLiteral("demo")));
        QVERIFY(w->resultList()->item(1)->text().contains(QStringLiteral("gpt2-tiny")));

        QSignalSpy shown(w.get(), &MainWindow::resultShown);
        selectResult(w.get(), 0);
        QVERIFY(shown.count() >= 1 || shown.wait(2000));
        QCOMPARE(w->shownResult(), 0);
        QCOMPARE(safeApp()->caughtCount(), caughtBefore); // fixed at the cause, not only caught
        QVERIFY(w->heatmap()->data().scaleTitle.contains(QString::fromStdString(first.correctTokenText).trimmed()));
        QVERIFY(!w->modelMismatch(w->results()[0]).isEmpty());
        QVERIFY(w->modelMismatch(w->results()[1]).isEmpty());

        // A cell of the old result: refused with a sentence and a way back, never run on gpt2-tiny.
        QSignalSpy predictions(w.get(), &MainWindow::predictionsShown);
        widgets::HeatmapView* map = w->heatmap();
        QTest::mouseClick(map->plotWidget(), Qt::LeftButton, {}, map->cellCenter(0, 2));
        QVERIFY(!predictions.wait(700));
        QVERIFY2(w->cellStatus()->text().contains(QStringLiteral("computed on demo")), qPrintable(w->cellStatus()->text()));
        QVERIFY(w->cellStatus()->text().contains(QStringLiteral("reopen:")));

        // Saved and reopened: each result still names its own model.
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("two-models.json"));
        QVERIFY(w->saveExperimentFile(file));
        const ExperimentFile saved = readExperimentFile(file.toStdString());
        QCOMPARE(static_cast<int>(saved.results.size()), 2);
        QCOMPARE(saved.results[0].spec.weightsHash, first.spec.weightsHash);
        QVERIFY(saved.results[0].spec.weightsHash != saved.results[1].spec.weightsHash);
        QCOMPARE(saved.results[0].correctTokenText, first.correctTokenText);
        QVERIFY(w->openExperimentFile(file));
        QCOMPARE(w->results().size(), 2);
        selectResult(w.get(), 1);
        selectResult(w.get(), 0);
        QCOMPARE(w->shownResult(), 0);
        QCOMPARE(w->results()[0].modelName, QStringLiteral("demo"));
        QCOMPARE(safeApp()->caughtCount(), caughtBefore);
    }

    // No exception may reach Qt's event loop: from a slot, a timer, or a queued worker result.
    void exceptionsFromSlotsAndQueuedCallsAreCaught() {
        auto w = openWindow();
        QVERIFY(w);
        QSignalSpy errors(w.get(), &MainWindow::errorShown);
        const int before = safeApp()->caughtCount();
        std::optional<QtUnwindingLeaksIgnored> unwinding{std::in_place};
        // A slot connected to a widget's signal.
        auto* button = new QPushButton(QStringLiteral("throws"), w.get());
        connect(button, &QPushButton::clicked, w.get(), [] { throw Error("a slot failed"); });
        button->show();
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(errors.wait(2000));
        QVERIFY2(errors.last().at(0).toString().contains(QStringLiteral("a slot failed")), qPrintable(errors.last().at(0).toString()));
        // A queued call, as workers deliver their results.
        QMetaObject::invokeMethod(
            w.get(), [] { throw std::runtime_error("a worker result failed"); }, Qt::QueuedConnection);
        QVERIFY(errors.wait(2000));
        QVERIFY(errors.last().at(0).toString().contains(QStringLiteral("a worker result failed")));
        QCOMPARE(safeApp()->caughtCount(), before + 2);
        unwinding.reset();
        // The window still works.
        typePrompts(w.get(), kClean, kCorrupted);
        QVERIFY(run(w.get(), false));
        QVERIFY(!w->errorBanner()->isVisible());
    }

    // The subject is text: found again after edits, gone with a message when it no longer occurs.
    void subjectIsTextFoundAgainOnEveryEdit() {
        auto w = openWindow();
        QVERIFY(w);
        w->cleanEditor()->setText(QStringLiteral("The Eiffel Tower is in"));
        auto* chips = w->cleanEditor()->chips();
        // The tiny test tokenizer spells it " E|i|f|f|e|l| T|ow|er": "er" is the subject's last token.
        const QStringList tokens = w->gridColumns();
        int tower = tokens.indexOf(QStringLiteral("er"));
        QVERIFY2(tower > 0, qPrintable(tokens.join(QLatin1Char('|'))));
        chips->setSelection(1, tower + 1);
        QCOMPARE(w->subjectText(), QStringLiteral("Eiffel Tower"));
        QVERIFY(w->traceButton()->isEnabled());

        // Text before the subject shifts its tokens: the selection follows the text.
        w->cleanEditor()->setText(QStringLiteral("Yes, the Eiffel Tower is in"));
        const QStringList shifted = w->gridColumns();
        const int towerNow = shifted.indexOf(QStringLiteral("er"));
        QVERIFY(towerNow > tower);
        QCOMPARE(chips->selectionEnd(), towerNow + 1);
        QVERIFY(w->subjectLabel()->text().contains(QStringLiteral("Eiffel Tower")));
        const ExperimentSpec spec = w->currentSpec(TracingSpec::kKind);
        QCOMPARE(spec.part<TracingSpec>().subject, std::string("Eiffel Tower"));
        QCOMPARE(spec.part<TracingSpec>().subjectTokens->second, static_cast<int64_t>(towerNow + 1));

        // Gone from the prompt: no stale positions, Trace refuses with the reason.
        w->cleanEditor()->setText(QStringLiteral("The Colosseum is in"));
        QCOMPARE(chips->selectionBegin(), -1);
        QVERIFY(!w->traceButton()->isEnabled());
        QVERIFY(w->traceButton()->toolTip().contains(QStringLiteral("does not occur")));
        QVERIFY(w->subjectLabel()->text().contains(QStringLiteral("does not occur")));
        // And back.
        w->cleanEditor()->setText(QStringLiteral("The Eiffel Tower is in"));
        QCOMPARE(chips->selectionEnd(), tower + 1);
        QVERIFY(w->traceButton()->isEnabled());

        // A patching experiment opened afterwards carries no subject.
        ExperimentSpec patch;
        patch.kind = PatchingSpec::kKind;
        patch.prompt = kClean.toStdString();
        patch.part<PatchingSpec>().corruptedPrompt = kCorrupted.toStdString();
        w->applySpec(patch);
        QVERIFY(w->subjectText().isEmpty());
        QCOMPARE(chips->selectionBegin(), -1);
    }

    void predictionsFollowTheMapTabAndHeadersNameTheCell() {
        auto w = openWindow();
        QVERIFY(w);
        w->cleanEditor()->setText(kClean);
        w->cleanEditor()->chips()->setSelection(3, 4); // " Austria"
        QVERIFY(run(w.get(), true));
        QCOMPARE(w->mapTabs()->count(), 3);
        QSignalSpy predictions(w.get(), &MainWindow::predictionsShown);
        widgets::HeatmapView* map = w->heatmap(0);
        QTest::mouseClick(map->plotWidget(), Qt::LeftButton, {}, map->cellCenter(1, 3));
        QVERIFY(predictions.wait(30000));
        const auto columns = w->predictions()->columns();
        QCOMPARE(columns.size(), 3);
        QCOMPARE(columns[1].title, QStringLiteral("Noised")); // tracing noises; it does not corrupt a prompt
        QVERIFY2(columns[2].title.contains(QStringLiteral("layer 1")) && columns[2].title.contains(map->data().colLabels[3]) &&
                     columns[2].title.contains(w->mapTabs()->tabText(0)),
                 qPrintable(columns[2].title));
        w->mapTabs()->setCurrentIndex(1);
        QVERIFY(w->predictions()->columns().isEmpty());
        QCOMPARE(w->predictions()->message(), QStringLiteral("No cell chosen"));
    }

    void errorBannerClearsAfterALaterSuccess() {
        auto w = openWindow();
        QVERIFY(w);
        QTemporaryDir broken;
        QSignalSpy failed(w.get(), &MainWindow::modelLoadFailed);
        w->openModelFolder(broken.path());
        QVERIFY(failed.wait(30000));
        QVERIFY(w->errorBanner()->isVisible());
        typePrompts(w.get(), kClean, kCorrupted);
        QVERIFY(run(w.get(), false));
        QVERIFY(!w->errorBanner()->isVisible());
    }

    // The open-model page says what a sweep of this model needs against what the machine has.
    void modelPanelShowsTheMemoryEstimate() {
        auto w = openWindow();
        QVERIFY(w);
        const ModelInfo& info = w->session()->modelInfo();
        QVERIFY(info.sweepMemoryBytes > 0);
        bool shown = false;
        for (QLabel* l : w->findChildren<QLabel*>()) shown |= l->text().contains(QStringLiteral("full-context sweep"));
        QVERIFY(shown);
    }

    void tooLongPromptWarnsWhileTyping() {
        auto w = openWindow();
        QVERIFY(w);
        QString words;
        for (int i = 0; i < 140; ++i) words += QStringLiteral(" the");
        w->cleanEditor()->setText(words);
        QVERIFY2(w->cleanEditor()->status().contains(QStringLiteral("128")), qPrintable(w->cleanEditor()->status()));
        QVERIFY(!w->traceButton()->isEnabled());
        w->cleanEditor()->setText(kClean);
        QVERIFY(!w->cleanEditor()->status().contains(QStringLiteral("128")));
    }

    void layoutReadsAtThreeSizesAndResets() {
        for (const QSize size : {QSize(1280, 800), QSize(1600, 1000), QSize(1920, 1080)}) {
            auto w = newWindow(size);
            QVERIFY(w);
            QVERIFY(openModel(w.get(), kModel));
            QTest::qWait(50);
            QVERIFY2(w->layoutIsSane(), qPrintable(QStringLiteral("%1x%2: %3").arg(size.width()).arg(size.height()).arg(w->layoutProblem())));
            for (QDockWidget* d : w->findChildren<QDockWidget*>()) QVERIFY2(d->width() >= 260, qPrintable(d->objectName()));
            // The Run buttons are wide enough for their text.
            QVERIFY(w->patchButton()->width() >= w->patchButton()->minimumSizeHint().width());
            QVERIFY(!w->patchButton()->visibleRegion().isEmpty());
            // A run does not make the panels jump.
            QMap<QString, int> widths;
            for (QDockWidget* d : w->findChildren<QDockWidget*>()) widths[d->objectName()] = d->width();
            typePrompts(w.get(), kClean, kCorrupted);
            QVERIFY(run(w.get(), false));
            QTest::qWait(20);
            for (QDockWidget* d : w->findChildren<QDockWidget*>()) QCOMPARE(d->width(), widths[d->objectName()]);
            // Shrinking and growing again keeps the panels readable.
            w->resize(1280, 800);
            QTest::qWait(20);
            w->resize(size);
            QTest::qWait(20);
            QVERIFY2(w->layoutIsSane(), qPrintable(w->layoutProblem()));
        }
        // A saved layout that squeezes the docks is not restored as it is.
        {
            auto w = newWindow({1600, 1000});
            auto* model = w->findChild<QDockWidget*>(QStringLiteral("modelDock"));
            auto* intervene = w->findChild<QDockWidget*>(QStringLiteral("interveneDock"));
            model->setFloating(true);
            intervene->hide();
            QVERIFY(!model->isFloating() || !intervene->isVisible());
            w->resetLayout();
            QTest::qWait(20);
            QVERIFY(!model->isFloating());
            QVERIFY(intervene->isVisible());
            QVERIFY(w->layoutIsSane());
            w->close(); // writes its layout
        }
        {
            QSettings s;
            QMainWindow tiny;
            tiny.resize(300, 200);
            s.setValue(QStringLiteral("window/geometry"), tiny.saveGeometry());
        }
        auto w = newWindow({1600, 1000});
        QTest::qWait(50);
        QVERIFY(w->layoutIsSane());
    }

    void undoAndRedoPromptsSelectionsAndRemovedResults() {
        auto w = openWindow();
        QVERIFY(w);
        typePrompts(w.get(), kClean, kCorrupted);
        QUndoStack* undo = w->undoStack();
        w->undoStack()->clear();
        // A prompt edit.
        QTest::qWait(1600); // a new edit, not merged with the typing above
        w->cleanEditor()->setText(QStringLiteral("The capital of France is"));
        QVERIFY(undo->canUndo());
        undo->undo();
        QCOMPARE(w->cleanEditor()->text(), kClean);
        undo->redo();
        QCOMPARE(w->cleanEditor()->text(), QStringLiteral("The capital of France is"));
        undo->undo();
        // A selection.
        QTest::qWait(600);
        w->setSelectedCells({{0, 1}, {1, 1}});
        QCOMPARE(w->selectedCells().size(), 2);
        undo->undo();
        QCOMPARE(w->selectedCells().size(), 0);
        undo->redo();
        QCOMPARE(w->selectedCells().size(), 2);
        w->setSelectedCells({});
        // A removed result comes back.
        QVERIFY(run(w.get(), false));
        QCOMPARE(w->results().size(), 1);
        w->removeResults({0});
        QCOMPARE(w->results().size(), 0);
        undo->undo();
        QCOMPARE(w->results().size(), 1);
        QCOMPARE(w->resultList()->count(), 1);
        // Edit menu entries exist with the standard shortcuts.
        bool undoEntry = false;
        for (QAction* a : w->menuBar()->actions())
            if (a->menu())
                for (QAction* item : a->menu()->actions())
                    if (item->shortcut() == QKeySequence(QKeySequence::Undo)) undoEntry = true;
        QVERIFY(undoEntry);
    }

    void helpListsShortcutsAndExamplesShowTheirTitle() {
        auto w = openWindow();
        QVERIFY(w);
        const QString shortcuts = w->shortcutsText();
        QVERIFY(shortcuts.contains(QStringLiteral("Ctrl+R")) && shortcuts.contains(QStringLiteral("Patch")));
        QVERIFY(shortcuts.contains(QStringLiteral("Ctrl+T")) && shortcuts.contains(QStringLiteral("Trace")));
        QStringList helpItems;
        for (QAction* a : w->menuBar()->actions())
            if (a->text().contains(QStringLiteral("Help")))
                for (QAction* item : a->menu()->actions()) helpItems << item->text();
        QVERIFY2(helpItems.join(QLatin1Char('|')).contains(QStringLiteral("Keyboard Shortcuts")), qPrintable(helpItems.join(QLatin1Char('|'))));
        QVERIFY(helpItems.join(QLatin1Char('|')).contains(QStringLiteral("User Guide")));

        // An experiment's title is shown when it opens, and saved again.
        QTemporaryDir dir;
        ExperimentSpec spec;
        spec.kind = PatchingSpec::kKind;
        spec.model = kModel.toStdString();
        spec.title = "Which layer carries the country?";
        spec.prompt = kClean.toStdString();
        spec.part<PatchingSpec>().corruptedPrompt = kCorrupted.toStdString();
        const QString file = dir.filePath(QStringLiteral("titled.json"));
        writeExperimentFile(file.toStdString(), spec, {});
        QVERIFY(w->openExperimentFile(file));
        const QList<QLabel*> banner = w->findChildren<QLabel*>();
        bool shown = false;
        for (QLabel* l : banner)
            if (l->isVisible() && l->text().contains(QStringLiteral("Which layer carries the country?"))) shown = true;
        QVERIFY(shown);
        QCOMPARE(w->currentSpec(PatchingSpec::kKind).title, spec.title);
    }

    void exportsSayWhatTheyHold() {
        auto w = openWindow();
        QVERIFY(w);
        typePrompts(w.get(), kClean, kCorrupted);
        QVERIFY(run(w.get(), false));
        QTemporaryDir dir;
        w->normalizedCheck()->setChecked(true);
        QVERIFY(w->exportCsvTo(dir.filePath(QStringLiteral("n.csv"))));
        QFile n(dir.filePath(QStringLiteral("n.csv")));
        QVERIFY(n.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(n.readLine()).startsWith(QStringLiteral("layer (normalised")));
        w->normalizedCheck()->setChecked(false);
        QVERIFY(w->exportCsvTo(dir.filePath(QStringLiteral("raw.csv"))));
        QFile raw(dir.filePath(QStringLiteral("raw.csv")));
        QVERIFY(raw.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(raw.readLine()).startsWith(QStringLiteral("layer,")));
        // The pyvene config goes into a new folder named by the user (created, not required to exist).
        w->setSelectedCells({});
        QVERIFY(!w->exportPyveneConfigTo(dir.filePath(QStringLiteral("none")))); // needs one cell
        w->setSelectedCells({{1, 2}});
        const QString folder = dir.filePath(QStringLiteral("configs/first-cell"));
        QVERIFY2(w->exportPyveneConfigTo(folder), qPrintable(w->lastError()));
        QVERIFY(QFileInfo::exists(folder + QStringLiteral("/config.json")));
    }

    // Cells are chosen on the map itself: its empty grid before a run, the result after it.
    void cellsArePickedOnTheMapBeforeAndAfterARun() {
        auto w = openWindow();
        QVERIFY(w);
        typePrompts(w.get(), kClean, kCorrupted);
        QTest::qWait(50);
        widgets::HeatmapView* map = w->heatmap();
        QCOMPARE(map->data().rows, w->gridRowCount());
        QCOMPARE(map->data().colLabels, w->gridColumns()); // the map's columns are the prompt's tokens
        QWidget* plot = map->plotWidget();
        // A rectangle by dragging.
        QTest::mousePress(plot, Qt::LeftButton, {}, map->cellCenter(0, 1));
        QTest::mouseMove(plot, map->cellCenter(1, 2));
        QTest::mouseRelease(plot, Qt::LeftButton, {}, map->cellCenter(1, 2));
        QCOMPARE(w->selectedCells().size(), 4);
        // Ctrl-click adds one; a column label selects the whole column.
        QTest::mouseClick(plot, Qt::LeftButton, Qt::ControlModifier, map->cellCenter(2, 4));
        QCOMPARE(w->selectedCells().size(), 5);
        QTest::mouseClick(plot, Qt::LeftButton, {}, map->columnLabelPoint(3));
        QCOMPARE(w->selectedCells().size(), w->gridRowCount());
        for (const widgets::GridCell& c : w->selectedCells()) QCOMPARE(c.col, 3);
        // Arrow keys move, Shift+arrows extend.
        QTest::mouseClick(plot, Qt::LeftButton, {}, map->cellCenter(0, 0));
        map->setFocus();
        QTest::keyClick(map, Qt::Key_Right);
        QTest::keyClick(map, Qt::Key_Down, Qt::ShiftModifier);
        QCOMPARE(w->selectedCells(), (QVector<widgets::GridCell>{{0, 1}, {1, 1}}));
        // The sweep computes exactly those cells, and the result's map still shows the selection.
        QVERIFY(run(w.get(), false));
        const Heatmap& h = w->results()[0].result.maps[0];
        int computed = 0;
        for (double v : h.raw) computed += std::isnan(v) ? 0 : 1;
        QCOMPARE(computed, 2);
        QCOMPARE(w->heatmap()->selectedCells(), (QVector<widgets::GridCell>{{0, 1}, {1, 1}}));
        // Selecting on the result selects for the next run.
        QTest::qWait(50);
        QTest::mouseClick(w->heatmap()->plotWidget(), Qt::LeftButton, {}, w->heatmap()->cellCenter(2, 2));
        QCOMPARE(w->selectedCells(), (QVector<widgets::GridCell>{{2, 2}}));
        // Another prompt: the map goes back to the next run's grid.
        w->cleanEditor()->setText(QStringLiteral("The capital of Austria is a city"));
        QCOMPARE(w->shownResult(), -1);
        QCOMPARE(w->heatmap()->data().colLabels, w->gridColumns());
    }

    void exportedImageHasAWhiteBackgroundAndACaption() {
        auto w = openWindow();
        QVERIFY(w);
        typePrompts(w.get(), kClean, kCorrupted);
        QVERIFY(run(w.get(), false));
        QTemporaryDir dir;
        const QString plain = dir.filePath(QStringLiteral("plain.png")), captioned = dir.filePath(QStringLiteral("captioned.png"));
        QVERIFY(w->exportImageTo(plain, false));
        QVERIFY(w->exportImageTo(captioned, true));
        const QImage a(plain), b(captioned);
        QVERIFY(!a.isNull() && !b.isNull());
        QCOMPARE(a.pixelColor(1, 1), QColor(Qt::white));
        QCOMPARE(b.pixelColor(b.width() - 2, b.height() - 2), QColor(Qt::white));
        QVERIFY2(b.height() > a.height(), "the caption adds lines under the map");
        QVERIFY(w->heatmap()->exportCaption().isEmpty()); // the caption is for the file only
    }

    void predictionsShowWholeTokens() {
        auto w = newWindow({1600, 1000});
        QVERIFY(w);
        QVERIFY(openModel(w.get(), kModel));
        typePrompts(w.get(), kClean, kCorrupted);
        QVERIFY(run(w.get(), false));
        QSignalSpy predictions(w.get(), &MainWindow::predictionsShown);
        QTest::qWait(50);
        widgets::HeatmapView* map = w->heatmap();
        QTest::mouseClick(map->plotWidget(), Qt::LeftButton, {}, map->cellCenter(1, 3));
        QVERIFY(predictions.wait(30000));
        widgets::PredictionsView* view = w->predictions();
        for (int c = 0; c < view->columns().size(); ++c)
            for (int r = 0; r < view->columns()[c].items.size(); ++r) {
                const QString shown = view->shownToken(c, r);
                QVERIFY2(!shown.contains(QChar(0x2026)), qPrintable(QStringLiteral("%1 cut to %2").arg(view->columns()[c].items[r].token, shown)));
            }
    }

    void noiseSamplesSayTheirLimit() {
        auto w = openWindow();
        QVERIFY(w);
        QVERIFY(w->samplesSpin()->toolTip().contains(QString::number(w->samplesSpin()->maximum())));
        QSignalSpy errors(w.get(), &MainWindow::errorShown);
        ExperimentSpec trace;
        trace.kind = TracingSpec::kKind;
        trace.prompt = kClean.toStdString();
        trace.part<TracingSpec>().subject = "Austria";
        trace.part<TracingSpec>().noiseSamples = 500;
        w->applySpec(trace);
        QCOMPARE(errors.count(), 1);
        QVERIFY(errors.last().at(0).toString().contains(QStringLiteral("500")));
        QCOMPARE(w->samplesSpin()->value(), w->samplesSpin()->maximum());
        QCOMPARE(w->subjectText(), QStringLiteral("Austria"));
    }
};

int main(int argc, char** argv) {
    SafeApplication app(argc, argv);
    FirstHourTest test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "test_workbench_first_hour.moc"
