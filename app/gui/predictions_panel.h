#pragma once
// The pane beside the maps: a clicked cell's predictions (or a kind's own view of the cell, such
// as an attention pattern), and the Intervene dock's predictions and continuations. Both get the
// centre's width, where whole tokens fit.
#include "session.h"

#include <QTabWidget>

class QLabel;
class QPlainTextEdit;

namespace causeway::widgets {
struct HeatmapData;
class HeatmapView;
class PredictionsView;
} // namespace causeway::widgets

namespace causeway::app {

class PredictionsPanel : public QTabWidget {
    Q_OBJECT
public:
    explicit PredictionsPanel(QWidget* parent = nullptr);

    // No cell chosen: the predictions and the status go back to the hint.
    void clearCell();
    // The clicked-cell page shows either predictions or a kind's own map (null: predictions).
    void showCellDetail(const widgets::HeatmapData* detail);
    // A probed cell: its runs' predictions (the last one named `cell`), the answers in bold, and
    // the metric beside the value the map shows.
    void showProbe(const CellProbe& probe, const QString& cell, const QStringList& answers, double shownValue);
    // A single intervention's runs: base, source (when it takes one) and intervened, and the continuations.
    void showIntervention(const SingleResult& result, bool usesSource, bool denoising);

    QLabel* cellStatus() const { return cellStatus_; }
    widgets::PredictionsView* predictions() const { return predictions_; }
    widgets::HeatmapView* cellDetail() const { return cellDetail_; }
    widgets::PredictionsView* interventionPredictions() const { return interventionPredictions_; }
    QPlainTextEdit* cleanContinuation() const { return cleanContinuation_; }
    QPlainTextEdit* intervenedContinuation() const { return intervenedContinuation_; }

Q_SIGNALS:
    void reopenRequested(const QString& modelFolder); // the link offered for a result of another model
    void hovered(const QString& description);         // over the cell detail; empty when the pointer left

private:
    QLabel* cellStatus_ = nullptr;
    widgets::PredictionsView* predictions_ = nullptr;
    widgets::HeatmapView* cellDetail_ = nullptr;
    widgets::PredictionsView* interventionPredictions_ = nullptr;
    QPlainTextEdit* cleanContinuation_ = nullptr;
    QPlainTextEdit* intervenedContinuation_ = nullptr;
};

} // namespace causeway::app
