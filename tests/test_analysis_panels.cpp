// The workbench side of attention patterns, direct logit attribution and attribution patching,
// driven like a user would (offscreen): run each from the Run menu, compare the maps with the
// core's own run of the same spec, click a head for its pattern (beside the grid and in the
// Pattern tab), read a head's share, probe an AtP cell by exact patching, save and reopen.
#include "mainwindow.h"
#include "workbench_test_support.h"

#include "experiments/attention_patterns.h"
#include "experiments/attribution_patching.h"
#include "experiments/experiment.h"
#include "experiments/logit_attribution.h"
#include "heatmapview.h"
#include "model/transformer.h"
#include "predictionsview.h"
#include "tokenize/tokenizer.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>
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

// The same spec through the core, as the reference for what the window shows.
ExperimentResult coreRun(const ExperimentSpec& spec) { return runExperiment(*coreModel(), &coreTokenizer(), spec); }

void compareMap(widgets::HeatmapView* view, const Heatmap& want) {
    QVERIFY(view);
    QCOMPARE(view->data().rows, static_cast<int>(want.rows));
    QCOMPARE(view->data().cols, static_cast<int>(want.cols));
    for (int r = 0; r < want.rows; ++r)
        for (int c = 0; c < want.cols; ++c) {
            const double expected = want.at(r, c), got = view->valueAt(r, c);
            if (std::isnan(expected)) QVERIFY(std::isnan(got));
            else QVERIFY2(std::abs(got - expected) <= 1e-9 * std::max(1.0, std::abs(expected)), qPrintable(QStringLiteral("cell %1,%2").arg(r).arg(c)));
        }
}

} // namespace

class AnalysisPanelsTest : public QObject {
    Q_OBJECT

    std::unique_ptr<MainWindow> openWindow() {
        auto w = std::make_unique<MainWindow>();
        w->setAskBeforeDiscarding(false);
        w->resize(1500, 950);
        w->show();
        if (!QTest::qWaitForWindowExposed(w.get())) return nullptr;
        QSignalSpy ready(w.get(), &MainWindow::modelReady);
        w->openModelFolder(kModel);
        if (!ready.wait(30000)) return nullptr;
        return w;
    }

    // Runs a kind from its Run menu entry and waits for it.
    static bool runFromMenu(MainWindow* w, const std::string& kind) {
        QAction* action = w->kindAction(kind);
        if (!action || !action->isEnabled()) return false;
        QSignalSpy done(w, &MainWindow::runCompleted);
        action->trigger();
        return done.wait(60000);
    }

    static bool click(MainWindow* w, int tab, int row, int col) {
        w->mapTabs()->setCurrentIndex(tab);
        QSignalSpy shown(w, &MainWindow::predictionsShown);
        Q_EMIT w->heatmap(tab)->cellClicked(row, col);
        return !shown.isEmpty() || shown.wait(30000);
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("CausewayTest"));
        QCoreApplication::setApplicationName(QStringLiteral("test_analysis_panels"));
        QSettings().clear();
    }

    void attentionPatterns() {
        auto w = openWindow();
        QVERIFY(w);
        typePrompts(w.get(), kClean, QString());
        // One prompt is enough; AtP needs the second.
        QVERIFY(w->kindAction(AttentionPatternsSpec::kKind)->isEnabled());
        QVERIFY(!w->kindAction(AttributionPatchingSpec::kKind)->isEnabled());
        w->headSummaryBox()->setCurrentIndex(w->headSummaryBox()->findData(static_cast<int>(HeadSummary::PreviousToken)));
        QVERIFY(runFromMenu(w.get(), AttentionPatternsSpec::kKind));
        const ExperimentResult& shown = w->results().back().result;
        QVERIFY(shown.spec.part<AttentionPatternsSpec>().summary == HeadSummary::PreviousToken);
        ExperimentResult reference = coreRun(shown.spec);
        QCOMPARE(w->mapTabs()->count(), 2);
        compareMap(w->heatmap(0), reference.maps[0]);
        compareMap(w->heatmap(1), reference.maps[1]);
        QVERIFY(w->heatmap(1)->data().tokenRows);
        QVERIFY(w->findingsLabel()->isVisible());

        // A head of the grid: its pattern beside the grid and in the Pattern tab; hover reads query → key.
        QVERIFY(click(w.get(), 0, 2, 1));
        showAttentionPattern(reference, 2, 1);
        QVERIFY(w->cellDetail()->isVisible());
        QVERIFY(!w->predictions()->isVisible());
        QCOMPARE(w->cellDetail()->data().rows, static_cast<int>(reference.tokenIds.size()));
        for (int q = 0; q < w->cellDetail()->data().rows; ++q)
            for (int k = 0; k < w->cellDetail()->data().cols; ++k) QCOMPARE(w->cellDetail()->valueAt(q, k), reference.maps[1].at(q, k));
        compareMap(w->heatmap(1), reference.maps[1]);
        QVERIFY(w->cellDetail()->describeCell(3, 1).contains(QStringLiteral("\u2192")));
        QVERIFY(w->findingsLabel()->text().contains(QStringLiteral("layer 2, head 1")));
        // A cell of the pattern names its query, key and weight; predictions come back for other kinds.
        QVERIFY(click(w.get(), 1, 3, 1));
        QVERIFY(w->cellStatus()->text().contains(QStringLiteral("gives key")));
        QVERIFY(!w->cellDetail()->isVisible());

        // The Pattern tab exports like any map: CSV rows are the queries, the image carries the caption.
        QTemporaryDir tmp;
        w->mapTabs()->setCurrentIndex(1);
        QVERIFY(w->exportCsvTo(tmp.filePath(QStringLiteral("pattern.csv"))));
        QFile csv(tmp.filePath(QStringLiteral("pattern.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QVERIFY(csv.readLine().startsWith("query,"));
        QVERIFY(w->exportImageTo(tmp.filePath(QStringLiteral("pattern.png")), true));
        QVERIFY(QFileInfo(tmp.filePath(QStringLiteral("pattern.png"))).size() > 1000);
        // Two runs of the same grid make a difference map.
        w->headSummaryBox()->setCurrentIndex(w->headSummaryBox()->findData(static_cast<int>(HeadSummary::Entropy)));
        QVERIFY(runFromMenu(w.get(), AttentionPatternsSpec::kKind));
        w->compareResults(1, 0);
        QCOMPARE(w->results().size(), 3);
        QVERIFY(w->results().back().difference);
        QCOMPARE(w->heatmap(0)->valueAt(1, 2), w->results()[1].result.maps[0].at(1, 2) - w->results()[0].result.maps[0].at(1, 2));
    }

    void logitAttribution() {
        auto w = openWindow();
        QVERIFY(w);
        typePrompts(w.get(), kClean, QString());
        QVERIFY(runFromMenu(w.get(), LogitAttributionSpec::kKind));
        const ExperimentResult& shown = w->results().back().result;
        const ExperimentResult reference = coreRun(shown.spec);
        QCOMPARE(w->mapTabs()->count(), 2);
        compareMap(w->heatmap(0), reference.maps[0]);
        compareMap(w->heatmap(1), reference.maps[1]);
        QVERIFY(w->findingsLabel()->text().contains(QStringLiteral("add up to")));
        // A cell: its term computed again, the largest shares on either side, what it alone would predict.
        QVERIFY(click(w.get(), 0, 1, 2));
        QVERIFY(w->cellStatus()->text().contains(QStringLiteral("share of logit(")));
        QVERIFY(std::abs(w->cellStatus()->property("metricValue").toDouble() - reference.maps[0].at(1, 2)) < 1e-9);
        QCOMPARE(w->predictions()->columns().size(), 3);
        QVERIFY(w->predictions()->isVisible());
        // The answers come from the Correct and Incorrect fields; a bad one says why.
        w->correctEdit()->setText(QStringLiteral(" no such single token at all"));
        QVERIFY(!w->kindAction(LogitAttributionSpec::kKind)->isEnabled());
        QVERIFY(w->kindAction(LogitAttributionSpec::kKind)->statusTip().contains(QStringLiteral("single token")));
    }

    void attributionPatchingAndFiles() {
        auto w = openWindow();
        QVERIFY(w);
        typePrompts(w.get(), kClean, kCorrupted);
        w->metricBox()->setCurrentIndex(1); // probability of the correct answer
        w->exactTopKSpin()->setValue(4);
        QVERIFY(runFromMenu(w.get(), AttributionPatchingSpec::kKind));
        const ExperimentResult& shown = w->results().back().result;
        QCOMPARE(shown.spec.part<AttributionPatchingSpec>().exactTopK, 4);
        QVERIFY(shown.spec.part<AttributionPatchingSpec>().patching.metric == PatchMetric::Probability);
        const ExperimentResult reference = coreRun(shown.spec);
        QCOMPARE(w->mapTabs()->count(), 2);
        compareMap(w->heatmap(0), reference.maps[0]);
        compareMap(w->heatmap(1), reference.maps[1]);
        QVERIFY(w->findingsLabel()->text().contains(QStringLiteral("Pearson")));
        // A cell patched exactly by the AtP run: probing it patches it again and gets the same value.
        int row = -1, col = -1;
        for (int r = 0; r < reference.maps[1].rows && row < 0; ++r)
            for (int c = 0; c < reference.maps[1].cols; ++c)
                if (!std::isnan(reference.maps[1].at(r, c))) {
                    row = r;
                    col = c;
                    break;
                }
        QVERIFY(row >= 0);
        QVERIFY(click(w.get(), 1, row, col));
        QVERIFY(std::abs(w->cellStatus()->property("metricValue").toDouble() - reference.maps[1].at(row, col)) < 1e-5);
        QCOMPARE(w->predictions()->columns().size(), 3);

        // Two more kinds, then save all three and open them again.
        QVERIFY(runFromMenu(w.get(), AttentionPatternsSpec::kKind));
        QVERIFY(runFromMenu(w.get(), LogitAttributionSpec::kKind));
        QTemporaryDir tmp;
        const QString file = tmp.filePath(QStringLiteral("kinds.causeway.json"));
        QVERIFY(w->saveExperimentFile(file));
        MainWindow again;
        again.setAskBeforeDiscarding(false);
        again.show();
        QSignalSpy ready(&again, &MainWindow::modelReady);
        QVERIFY(again.openExperimentFile(file));
        QVERIFY(ready.wait(30000));
        QCOMPARE(again.results().size(), 3);
        for (int i = 0; i < 3; ++i) {
            again.showResult(i);
            const ExperimentResult& r = again.results()[i].result;
            QCOMPARE(r.spec.kind, w->results()[i].result.spec.kind);
            for (int m = 0; m < static_cast<int>(r.maps.size()); ++m) compareMap(again.heatmap(m), w->results()[i].result.maps[static_cast<std::size_t>(m)]);
        }
        // The reopened attention patterns switch heads from the saved weights.
        again.showResult(1);
        QVERIFY(click(&again, 0, 0, 3));
        QCOMPARE(again.results()[1].result.part<AttentionPatternsResult>().shown, std::make_pair(0, 3));
    }
};

QTEST_MAIN(AnalysisPanelsTest)
#include "test_analysis_panels.moc"
