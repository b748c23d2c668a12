#include "predictions_panel.h"
#include "std_text.h"

#include "kind_text.h"

#include "heatmapview.h"
#include "predictionsview.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

#include <cmath>

namespace causeway::app {

namespace {

QVector<widgets::Prediction> predictionsOf(const QVector<TokenProb>& list) {
    QVector<widgets::Prediction> out;
    for (const TokenProb& t : list) out.push_back({t.text, t.probability});
    return out;
}

// A predictions column's footer for MoE models: the experts the run's layer chose for the cell's
// token, with their weights ("Layer 1 experts: #2 71%, #0 29%"); empty for dense layers.
QString expertsLine(int layer, const std::vector<ExpertChoice>& picks) {
    if (layer < 0 || picks.empty()) return {};
    QStringList parts;
    for (const ExpertChoice& p : picks) parts << PredictionsPanel::tr("#%1 %2%").arg(p.expert).arg(p.weight * 100.0, 0, 'f', 0);
    return PredictionsPanel::tr("Layer %1 experts: %2").arg(layer).arg(parts.join(QStringLiteral(", ")));
}

} // namespace

PredictionsPanel::PredictionsPanel(QWidget* parent) : QTabWidget(parent) {
    setDocumentMode(true);
    auto* right = new QWidget(this);
    auto* rl = new QVBoxLayout(right);
    rl->setContentsMargins(0, 4, 6, 6);
    cellStatus_ = new QLabel(tr("Click a heatmap cell to see that run's top predictions beside the clean and corrupted runs."), right);
    cellStatus_->setWordWrap(true);
    cellStatus_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // long texts must not widen the panel
    cellStatus_->setTextFormat(Qt::AutoText);
    connect(cellStatus_, &QLabel::linkActivated, this, [this](const QString& link) {
        if (link.startsWith(QLatin1String("reopen:"))) Q_EMIT reopenRequested(link.mid(7));
    });
    predictions_ = new widgets::PredictionsView(right);
    predictions_->setMessage(tr("No cell chosen"));
    rl->addWidget(cellStatus_);
    rl->addWidget(predictions_, 1);
    cellDetail_ = new widgets::HeatmapView(right); // a kind's own view of a cell (an attention pattern)
    cellDetail_->setSelectionEnabled(false);
    cellDetail_->setVisible(false);
    rl->addWidget(cellDetail_, 1);
    connect(cellDetail_, &widgets::HeatmapView::cellHovered, this, [this](int row, int col) {
        Q_EMIT hovered(row >= 0 ? cellDetail_->describeCell(row, col).replace(QLatin1Char('\n'), QStringLiteral(" · ")) : QString());
    });
    addTab(right, tr("Clicked cell"));

    auto* intervention = new QWidget(this);
    auto* il = new QVBoxLayout(intervention);
    il->setContentsMargins(0, 4, 6, 6);
    interventionPredictions_ = new widgets::PredictionsView(intervention);
    interventionPredictions_->setMessage(tr("Select cells on the map and press Intervene"));
    il->addWidget(interventionPredictions_, 3);
    auto* gen = new QHBoxLayout;
    auto column = [&](const QString& heading, QPlainTextEdit*& edit) {
        auto* box = new QVBoxLayout;
        auto* label = new QLabel(heading, intervention);
        label->setWordWrap(true);
        edit = new QPlainTextEdit(intervention);
        edit->setReadOnly(true);
        edit->setMinimumHeight(50);
        edit->setMaximumHeight(120); // the predictions above get the height
        label->setBuddy(edit);
        box->addWidget(label);
        box->addWidget(edit);
        gen->addLayout(box);
    };
    column(tr("Continuation without the intervention"), cleanContinuation_);
    column(tr("With the intervention"), intervenedContinuation_);
    il->addLayout(gen, 1);
    addTab(intervention, tr("Intervention"));
    setMinimumWidth(300);
    setMinimumHeight(200);
}

void PredictionsPanel::clearCell() {
    predictions_->clear();
    predictions_->setMessage(tr("No cell chosen"));
    cellStatus_->setText(tr("Click a heatmap cell to see that run's top predictions beside the clean and corrupted runs."));
}

void PredictionsPanel::showCellDetail(const widgets::HeatmapData* detail) {
    if (detail) cellDetail_->setData(*detail);
    cellDetail_->setVisible(detail != nullptr);
    predictions_->setVisible(detail == nullptr);
}

void PredictionsPanel::showProbe(const CellProbe& probe, const QString& cell, const QStringList& answers, double shownValue) {
    QVector<widgets::PredictionColumn> columns;
    for (std::size_t i = 0; i < probe.columns.size(); ++i) {
        QVector<widgets::Prediction> top;
        for (const CellToken& t : probe.columns[i].top) top.push_back({q(t.text), t.probability});
        // The last run is the clicked cell's own: say which cell.
        const QString title = kindText(probe.columns[i].title);
        columns.push_back({i + 1 == probe.columns.size() && probe.columns.size() > 1 ? tr("%1 %2").arg(title, cell) : title, top,
                           expertsLine(probe.expertLayer, probe.columns[i].experts)});
    }
    predictions_->setColumns(columns);
    predictions_->setHighlightedTokens(answers);
    QString status = std::isnan(probe.value) ? QString()
                                             : tr("%1: %2 (the heatmap shows %3)")
                                                   .arg(kindText(probe.valueName))
                                                   .arg(probe.value, 0, 'g', 5)
                                                   .arg(shownValue, 0, 'g', 5);
    if (!probe.note.empty()) status += (status.isEmpty() ? QString() : QStringLiteral("; ")) + kindText(probe.note);
    if (!status.isEmpty()) status += QLatin1Char('.');
    if (!answers.isEmpty()) status += QLatin1Char(' ') + tr("Bold: the answer tokens.");
    cellStatus_->setText(status.trimmed());
    cellStatus_->setProperty("metricValue", probe.value);
}

void PredictionsPanel::showIntervention(const SingleResult& result, bool usesSource, bool denoising) {
    const QString baseName = !usesSource ? tr("Clean") : denoising ? tr("Corrupted") : tr("Clean");
    QVector<widgets::PredictionColumn> columns = {{tr("Base: %1").arg(baseName), predictionsOf(result.base)}};
    if (usesSource) columns.push_back({tr("Source: %1").arg(denoising ? tr("Clean") : tr("Corrupted")), predictionsOf(result.source)});
    columns.push_back({tr("Intervened"), predictionsOf(result.intervened)});
    interventionPredictions_->setColumns(columns);
    setCurrentIndex(1);
    cleanContinuation_->setPlainText(result.baseContinuation);
    intervenedContinuation_->setPlainText(result.intervenedContinuation);
}

} // namespace causeway::app
