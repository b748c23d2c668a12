#include "tokenlayergrid.h"

#include <QAbstractTableModel>
#include <QHeaderView>
#include <QKeyEvent>

#include <algorithm>

namespace causeway::widgets {

class TokenLayerGridModel : public QAbstractTableModel {
public:
    using QAbstractTableModel::QAbstractTableModel;

    void setAxes(const QStringList& rows, const QStringList& cols) {
        beginResetModel();
        rows_ = rows;
        cols_ = cols;
        highlighted_.clear();
        endResetModel();
    }
    void setMarked(int begin, int end) {
        markBegin_ = begin;
        markEnd_ = end;
        refresh();
    }
    void setHighlighted(const QVector<bool>& h) {
        highlighted_ = h;
        refresh();
    }

    int rowCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : static_cast<int>(rows_.size()); }
    int columnCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : static_cast<int>(cols_.size()); }

    QVariant data(const QModelIndex& index, int role) const override {
        if (!index.isValid()) return {};
        const int c = index.column();
        switch (role) {
        case Qt::ToolTipRole:
            return TokenLayerGrid::tr("Layer %1, column %2 \u201c%3\u201d").arg(rows_.value(index.row())).arg(c).arg(cols_.value(c));
        case Qt::BackgroundRole: {
            const bool marked = c >= markBegin_ && c < markEnd_;
            const bool differs = c < highlighted_.size() && highlighted_[c];
            if (marked) return QColor(150, 110, 220, 70);
            if (differs) return QColor(240, 160, 40, 60);
            return {};
        }
        default:
            return {};
        }
    }

    QVariant headerData(int section, Qt::Orientation orientation, int role) const override {
        if (orientation == Qt::Horizontal) {
            if (role == Qt::DisplayRole) {
                QString s = cols_.value(section);
                s.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
                if (s.trimmed().isEmpty()) s.replace(QLatin1Char(' '), QChar(0x2423));
                if (section >= markBegin_ && section < markEnd_) s += QLatin1Char('*');
                return s;
            }
            if (role == Qt::ToolTipRole) return TokenLayerGrid::tr("Column %1: \u201c%2\u201d (click to select the column)").arg(section).arg(cols_.value(section));
        } else {
            if (role == Qt::DisplayRole) return rows_.value(section);
            if (role == Qt::ToolTipRole) return TokenLayerGrid::tr("Layer %1 (click to select the row)").arg(rows_.value(section));
        }
        return {};
    }

    Qt::ItemFlags flags(const QModelIndex& index) const override {
        return index.isValid() ? Qt::ItemIsEnabled | Qt::ItemIsSelectable : Qt::NoItemFlags;
    }

    QStringList rows_, cols_;

private:
    void refresh() {
        if (!rows_.isEmpty() && !cols_.isEmpty()) Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
        Q_EMIT headerDataChanged(Qt::Horizontal, 0, std::max(0, columnCount() - 1));
    }
    int markBegin_ = -1, markEnd_ = -1;
    QVector<bool> highlighted_;
};

TokenLayerGrid::TokenLayerGrid(QWidget* parent) : QTableView(parent), model_(new TokenLayerGridModel(this)) {
    setModel(model_);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSelectionBehavior(QAbstractItemView::SelectItems);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setCornerButtonEnabled(true);
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    horizontalHeader()->setMinimumSectionSize(28);
    horizontalHeader()->setHighlightSections(true);
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(22);
    verticalHeader()->setHighlightSections(true);
    setWordWrap(false);
    setAccessibleName(tr("Token and layer grid"));
    connect(selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] { Q_EMIT cellSelectionChanged(); });
}

void TokenLayerGrid::setAxes(const QStringList& rowLabels, const QStringList& colLabels) {
    if (rowLabels == model_->rows_ && colLabels == model_->cols_) return;
    const QVector<GridCell> before = selectedCells();
    model_->setAxes(rowLabels, colLabels);
    // Keep what still fits (retyping a prompt should not lose the selection).
    QVector<GridCell> keep;
    for (const GridCell& c : before)
        if (c.row < rowLabels.size() && c.col < colLabels.size()) keep.push_back(c);
    setSelectedCells(keep);
    fitColumns();
    if (before.size() != keep.size() || keep.isEmpty()) Q_EMIT cellSelectionChanged();
}

int TokenLayerGrid::rowCount() const { return model_->rowCount(); }
int TokenLayerGrid::columnCount() const { return model_->columnCount(); }
QStringList TokenLayerGrid::rowLabels() const { return model_->rows_; }
QStringList TokenLayerGrid::columnLabels() const { return model_->cols_; }

QVector<GridCell> TokenLayerGrid::selectedCells() const {
    QVector<GridCell> cells;
    for (const QModelIndex& i : selectionModel()->selectedIndexes()) cells.push_back({i.row(), i.column()});
    std::sort(cells.begin(), cells.end());
    cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
    return cells;
}

void TokenLayerGrid::setSelectedCells(const QVector<GridCell>& cells) {
    QItemSelection selection;
    for (const GridCell& c : cells)
        if (c.row >= 0 && c.col >= 0 && c.row < rowCount() && c.col < columnCount()) {
            const QModelIndex i = model_->index(c.row, c.col);
            selection.select(i, i);
        }
    selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
}

void TokenLayerGrid::clearCells() { selectionModel()->clearSelection(); }

void TokenLayerGrid::setMarkedColumns(int begin, int end) { model_->setMarked(begin, end); }

void TokenLayerGrid::setHighlightedColumns(const QVector<bool>& columns) { model_->setHighlighted(columns); }

QPoint TokenLayerGrid::cellCenter(int row, int col) const { return visualRect(model_->index(row, col)).center(); }

void TokenLayerGrid::resizeEvent(QResizeEvent* event) {
    QTableView::resizeEvent(event);
    fitColumns();
}

// Columns as wide as their token labels; when they all fit, share out the spare width so the
// grid fills the view.
void TokenLayerGrid::fitColumns() {
    QHeaderView* h = horizontalHeader();
    const int n = columnCount();
    if (n == 0) return;
    int needed = 0;
    for (int c = 0; c < n; ++c) needed += std::max(h->minimumSectionSize(), h->sectionSizeHint(c));
    const QHeaderView::ResizeMode mode = needed < viewport()->width() ? QHeaderView::Stretch : QHeaderView::ResizeToContents;
    if (h->sectionResizeMode(0) != mode) h->setSectionResizeMode(mode);
}

void TokenLayerGrid::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Escape && !selectionModel()->selection().isEmpty()) {
        clearCells();
        event->accept();
        return;
    }
    QTableView::keyPressEvent(event);
}

} // namespace causeway::widgets
