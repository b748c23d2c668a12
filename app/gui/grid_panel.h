#pragma once
// The centre of the window: the component bar, the maps of the shown result (or the grid of the
// next run), and the cells chosen on them. The window gives it a side pane (the clicked cell's
// predictions), beside the maps on a wide centre and under them on a narrow one.
#include "gridcell.h"
#include "result_store.h"

#include <QStringList>
#include <QVector>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QSplitter;
class QTabWidget;
class QUndoStack;

namespace causeway::widgets {
class HeatmapView;
}

namespace causeway::app {

class GridPanel : public QWidget {
    Q_OBJECT
public:
    GridPanel(const Session* session, QUndoStack* undo, QWidget* parent = nullptr);
    void setSidePane(QWidget* side);

    // The grid of the next run: the model's layers x the clean prompt's tokens (or the heads of a
    // head component). Cells of another grid are dropped from the selection.
    void updateAxes(const QStringList& tokens);
    QStringList rows() const { return rows_; }
    QStringList columns() const { return columns_; }
    bool matchesGrid(const StoredResult& stored) const; // its maps are the grid of the next run
    bool isHeadComponent() const;                        // the chosen component is per head

    // The cells chosen for the next run (sorted).
    QVector<widgets::GridCell> selectedCells() const { return selection_; }
    void setSelectedCells(const QVector<widgets::GridCell>& cells); // undoable
    void selectAll();
    void refreshMarks(); // the selection on every map of the grid's shape
    void updateSelectionLabel();

    // The maps of a result; an empty one shows the next run's grid, with the subject's tokens marked.
    void display(const StoredResult& stored, bool keepTab, int subjectBegin, int subjectEnd);
    // New values of the shown result's maps; false when their shapes changed (display it again).
    bool streamValues(const ExperimentResult& partial);
    widgets::HeatmapView* heatmap(int tab = -1) const; // -1: the current tab
    bool showsNormalized() const;                       // the Normalised box is checked and applies
    void setTitle(const QString& title);                // an opened experiment's title, above the maps
    void setColorMaps(const QString& signedMap, const QString& unsignedMap, bool romeColors);

    // The cell whose predictions are shown (-1: none), on the current tab.
    int clickedRow() const { return clickedRow_; }
    int clickedCol() const { return clickedCol_; }
    void setClickedCell(int row, int col) {
        clickedRow_ = row;
        clickedCol_ = col;
    }
    void showCurrentCell(int tab, int row, int col); // the clicked cell, on that tab's map only

    QComboBox* componentBox() const { return componentBox_; }
    QTabWidget* mapTabs() const { return mapTabs_; }
    QCheckBox* normalizedCheck() const { return normalizedCheck_; }
    QLabel* findingsLabel() const { return findingsLabel_; }

Q_SIGNALS:
    void componentChanged();
    void selectionChanged();
    void cellClicked(int row, int col); // on the current tab's map (clicked, or moved to with the keys)
    void clickedCellCleared();          // another tab: the clicked cell's predictions no longer apply
    void normalizedToggled();
    void hovered(const QString& description); // empty: the pointer left the map

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void applyMarks(widgets::HeatmapView* view); // the selection, where the shape fits
    void onMapSelectionChanged(widgets::HeatmapView* view);
    void recordSelectionChange(); // undoable
    void addMap();

    const Session* session_;
    QUndoStack* undo_;
    QComboBox* componentBox_ = nullptr;
    QLabel* selectionLabel_ = nullptr;
    QLabel* titleBanner_ = nullptr;
    QTabWidget* mapTabs_ = nullptr;
    QVector<widgets::HeatmapView*> maps_;
    QCheckBox* normalizedCheck_ = nullptr;
    QLabel* findingsLabel_ = nullptr;
    QSplitter* split_ = nullptr; // maps | side pane; turns vertical when narrow

    QStringList rows_, columns_;
    QVector<widgets::GridCell> selection_;
    QVector<widgets::GridCell> selectionBefore_; // for undoing selection changes
    bool applyingUndo_ = false;
    int clickedRow_ = -1, clickedCol_ = -1;
    QString signedMap_ = QStringLiteral("diverging");
    QString unsignedMap_ = QStringLiteral("viridis");
    bool romeColors_ = true;
};

} // namespace causeway::app
