// The workbench side of three kinds: attention patterns, direct logit attribution and
// attribution patching. Their option rows (in the Options box), their Run menu entries, and what
// clicking a cell of their maps shows. The kinds themselves are in core/experiments/.
#include "mainwindow.h"
#include "std_text.h"

#include "experiments/attention_patterns.h"
#include "experiments/attribution_patching.h"
#include "experiments/kind.h"
#include "experiments/logit_attribution.h"
#include "heatmapview.h"
#include "predictionsview.h"

#include <QAction>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSpinBox>

namespace causeway::app {

namespace {

// These kinds' view texts (core speaks English), for lupdate; kindText() in kind_text.cpp
// translates them in the "ExperimentKinds" context.
[[maybe_unused]] const char* const kAnalysisKindTexts[] = {
    QT_TRANSLATE_NOOP("ExperimentKinds", "layer"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Attention patterns \u00b7 %1"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "entropy"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "previous token"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "first token"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Pattern shown: layer %1, head %2"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Attention pattern of layer %1, head %2: each query token's weights over the key tokens"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Pattern"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "attention weight"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "query token"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "key token"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Attention heads: mean entropy of each head's attention (low = focused); click a head for its pattern"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "entropy (nats)"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Attention heads: mean weight on the previous token; click a head for its pattern"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "weight on the previous token"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Attention heads: mean weight on the first token; click a head for its pattern"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "weight on the first token"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Head grid"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Logit attribution \u00b7 %1 vs %2"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Embeddings %1 \u00b7 final norm bias %2 \u00b7 unembedding bias %3"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "All terms add up to %1; the model's logit difference is %2"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "The model caps its logits (tanh), so the terms add up to the difference before the cap"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "share of logit(%1) \u2212 logit(%2)"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Direct logit attribution per layer: attention (all heads and the output bias) and MLP"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Per layer"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "component"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Direct logit attribution per head: each head's output through the final norm and the unembedding"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Per head"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "AtP %1 \u00b7 %2"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "%1: AtP against exact patching on %2 cells: Pearson %3, Spearman %4"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "AtP estimate %1 s, exact patching %2 s"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Exact patching of %1 on the cells AtP ranks highest"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Exact %1"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "AtP estimate of patching %1 (clean \u2192 corrupted)"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "AtP estimate of patching %1 (corrupted \u2192 clean)"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "AtP %1"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Largest shares for \u201c%1\u201d (of the logit difference)"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Largest shares for \u201c%1\u201d"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Tokens it alone would predict"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "through the final norm with its scale frozen"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "patched exactly"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "patched exactly; the map shows AtP's estimate"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Keys the last token attends to (layer %1, head %2)"),
};

} // namespace

void MainWindow::addAnalysisKindOptions(QFormLayout* options) {
    QWidget* parent = options->parentWidget();
    headSummaryBox_ = new QComboBox(parent);
    headSummaryBox_->addItem(tr("Entropy (low = focused)"), static_cast<int>(HeadSummary::Entropy));
    headSummaryBox_->addItem(tr("Weight on the previous token"), static_cast<int>(HeadSummary::PreviousToken));
    headSummaryBox_->addItem(tr("Weight on the first token"), static_cast<int>(HeadSummary::FirstToken));
    headSummaryBox_->setToolTip(tr("Attention patterns: what colours each head on the grid of heads"));
    headSummaryBox_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    headSummaryBox_->setMinimumContentsLength(12);
    exactTopKSpin_ = new QSpinBox(parent);
    exactTopKSpin_->setRange(-1, 1000000);
    exactTopKSpin_->setValue(20);
    exactTopKSpin_->setSpecialValueText(tr("every cell"));
    exactTopKSpin_->setSuffix(tr(" cells"));
    exactTopKSpin_->setToolTip(tr("Attribution patching: how many of the cells with the largest estimated effect are then patched "
                                  "exactly, to measure the estimate (0 = none, lowest = every cell)"));
    options->addRow(tr("Heads coloured by:"), headSummaryBox_);
    options->addRow(tr("AtP exact check:"), exactTopKSpin_);
}

void MainWindow::addAnalysisKindActions(QMenu* run) {
    auto add = [this, run](const QString& text, const std::string& kind, std::function<QString()> blocker) {
        QAction* action = run->addAction(text, this, [this, kind] { startKind(kind); });
        kindActions_.push_back({kind, action, std::move(blocker)});
    };
    add(tr("&Attention Patterns"), AttentionPatternsSpec::kKind, [this] { return singlePromptBlocker(AttentionPatternsSpec::kKind); });
    add(tr("&Direct Logit Attribution"), LogitAttributionSpec::kKind, [this] { return singlePromptBlocker(LogitAttributionSpec::kKind); });
    add(tr("Attri&bution Patching (AtP)"), AttributionPatchingSpec::kKind, [this] {
        if (const QString patch = patchBlocker(); !patch.isEmpty()) return patch; // the prompts and answers patching needs
        try {
            session_->prepare(currentSpec(AttributionPatchingSpec::kKind));
        } catch (const std::exception& e) {
            return QString::fromUtf8(e.what());
        }
        return QString();
    });
}

bool MainWindow::startKind(const std::string& kind) {
    for (const KindAction& entry : std::as_const(kindActions_))
        if (entry.kind == kind) {
            startSweep(kind, entry.blocker());
            return true;
        }
    return false;
}

QAction* MainWindow::kindAction(const std::string& kind) const {
    for (const KindAction& entry : kindActions_)
        if (entry.kind == kind) return entry.action;
    return nullptr;
}

void MainWindow::registerAnalysisKindPanels() {
    // Attention patterns: a click on the grid of heads shows that head's pattern beside it (and
    // in the Pattern tab, for exports); a click on a pattern names the query, the key and the weight.
    KindPanel patterns;
    patterns.fill = [this](ExperimentSpec& spec) {
        spec.part<AttentionPatternsSpec>().summary = static_cast<HeadSummary>(headSummaryBox_->currentData().toInt());
    };
    patterns.apply = [this](const ExperimentSpec& spec) {
        const int i = headSummaryBox_->findData(static_cast<int>(spec.part<AttentionPatternsSpec>().summary));
        if (i >= 0) headSummaryBox_->setCurrentIndex(i);
    };
    patterns.probe = [this](const StoredResult&, const Heatmap& h, int layer, int col) {
        if (h.rowAxis == "query") {
            const std::size_t query = static_cast<std::size_t>(grid_->clickedRow()), key = static_cast<std::size_t>(col);
            cellStatus()->setText(tr("Query \u201c%1\u201d (%2) gives key \u201c%3\u201d (%4) the weight %5.")
                                     .arg(q(h.rowLabel(grid_->clickedRow())))
                                     .arg(query)
                                     .arg(q(h.columnLabels[key]))
                                     .arg(key)
                                     .arg(h.raw[query * static_cast<std::size_t>(h.cols) + key], 0, 'g', 4));
            predictions()->clear();
            predictions()->setMessage(tr("Click a head on the Head grid tab to see another pattern"));
            Q_EMIT predictionsShown();
            return;
        }
        const int shown = store_->shown();
        StoredResult stored = store_->at(shown); // `h` is its map: read above, not after the store changes
        try {
            showAttentionPattern(stored.result, layer, col);
        } catch (const std::exception& e) {
            showError(QString::fromUtf8(e.what()));
            return;
        }
        stored.result.spec.part<AttentionPatternsSpec>().head = std::make_pair(layer, col); // a rerun shows it too
        store_->replace(shown, stored);
        const int row = grid_->clickedRow(), column = grid_->clickedCol();
        displayResult(store_->at(shown), true); // the Pattern tab follows
        grid_->setClickedCell(row, column);
        if (widgets::HeatmapView* pattern = heatmap(1)) {
            cellDetail()->setColorMap(pattern->colorMap());
            const widgets::HeatmapData data = pattern->data();
            predictionsPanel_->showCellDetail(&data);
        }
        cellStatus()->setText(tr("Layer %1, head %2: each row is a query token's attention over the key tokens; hover for the weights. "
                                "The Pattern tab holds it for export.")
                                 .arg(layer)
                                 .arg(col));
        Q_EMIT predictionsShown();
    };
    panels_[AttentionPatternsSpec::kKind] = patterns;

    // Direct logit attribution: the answers are the Correct and Incorrect fields. A clicked cell is
    // the kind's core probe (the term recomputed, the largest shares on either side).
    KindPanel attribution;
    attribution.fill = [this](ExperimentSpec& spec) {
        LogitAttributionSpec& s = spec.part<LogitAttributionSpec>();
        s.correctText = correctEdit()->text().toStdString();
        s.incorrectText = incorrectEdit()->text().toStdString();
    };
    attribution.apply = [this](const ExperimentSpec& spec) {
        const LogitAttributionSpec& s = spec.part<LogitAttributionSpec>();
        correctEdit()->setText(q(s.correctText));
        incorrectEdit()->setText(q(s.incorrectText));
    };
    panels_[LogitAttributionSpec::kKind] = attribution;

    // Attribution patching: the patching controls plus how many cells to check. A clicked cell is
    // the kind's core probe: that cell patched exactly, its predictions beside the estimate on the map.
    KindPanel atp;
    atp.fill = [this](ExperimentSpec& spec) {
        ExperimentSpec patching = ExperimentSpec::of(PatchingSpec{});
        panelFor(PatchingSpec::kKind).fill(patching);
        AttributionPatchingSpec& s = spec.part<AttributionPatchingSpec>();
        s.patching = patching.part<PatchingSpec>();
        s.exactTopK = exactTopKSpin_->value();
        spec.cells = patching.cells;
    };
    atp.apply = [this](const ExperimentSpec& spec) {
        const AttributionPatchingSpec& s = spec.part<AttributionPatchingSpec>();
        ExperimentSpec patching = ExperimentSpec::of(s.patching);
        patching.cells = spec.cells;
        panelFor(PatchingSpec::kKind).apply(patching);
        exactTopKSpin_->setValue(s.exactTopK);
    };
    panels_[AttributionPatchingSpec::kKind] = atp;
}

} // namespace causeway::app
