#pragma once
// The token x layer grid: rows are layers, columns are tokens (or heads). Selecting cells picks
// what a sweep computes (nothing selected = everything) and where a single intervention acts.
// Click, drag a rectangle, shift-click to extend, ctrl-click to toggle, click a header for a
// whole row or column, arrows / shift+arrows / ctrl+A / Escape from the keyboard.
#include "gridcell.h"

#include <QTableView>
#include <QVector>

namespace causeway::widgets {

class TokenLayerGridModel;

class TokenLayerGrid : public QTableView {
    Q_OBJECT
public:
    explicit TokenLayerGrid(QWidget* parent = nullptr);

    void setAxes(const QStringList& rowLabels, const QStringList& colLabels);
    int rowCount() const;
    int columnCount() const;
    QStringList rowLabels() const;
    QStringList columnLabels() const;

    // Sorted by row, then column.
    QVector<GridCell> selectedCells() const;
    void setSelectedCells(const QVector<GridCell>& cells);
    void clearCells();

    // Columns [begin, end) drawn as marked (the causal-tracing subject).
    void setMarkedColumns(int begin, int end);
    // Columns where the clean and corrupted prompts differ.
    void setHighlightedColumns(const QVector<bool>& columns);

    // The centre of a cell in viewport coordinates (tests click and drag there).
    QPoint cellCenter(int row, int col) const;

Q_SIGNALS:
    void cellSelectionChanged();

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void fitColumns();

    TokenLayerGridModel* model_;
};

} // namespace causeway::widgets
