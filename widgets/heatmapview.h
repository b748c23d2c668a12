#pragma once
// A layers x tokens (or heads) heatmap: a QCustomPlot colour map with a colour scale beside it,
// token labels on the horizontal axis and layers on the vertical one (layer 0 at the top). Cells
// not computed yet are NaN and drawn blank, so a sweep can stream into it; an all-NaN map is the
// grid on which the next run's cells are chosen. Plain data only: values are row-major doubles.
//
// Cells are selected on the map itself, before a run (all values NaN: an empty grid with its
// labels) and after: click, ctrl-click to toggle, shift-click to extend from the anchor, drag a
// rectangle, click a row's label (left) or a column's label (below) for the whole row or column;
// arrows / shift+arrows / Ctrl+A from the keyboard, and Escape to clear (unless a window's
// Escape shortcut is enabled: cancelling a run comes first).
#include "gridcell.h"

#include <QPair>
#include <QVector>
#include <QtNumeric>
#include <QWidget>

class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QCPItemRect;
class QKeyEvent;
class QMouseEvent;
class QIODevice;
class QPaintDevice;

namespace causeway::widgets {

class SelectionOverlay;

enum class ColorMapKind {
    Diverging, // blue - white - red, symmetric around 0 (signed metrics, difference maps)
    Viridis,
    Purples,   // ROME: hidden states
    Greens,    // ROME: MLP
    Reds,      // ROME: attention
    Blues,
};

QString colorMapName(ColorMapKind kind);           // stable key for settings: "diverging", "viridis", ...
ColorMapKind colorMapFromName(const QString& name, ColorMapKind fallback = ColorMapKind::Viridis);
QStringList colorMapNames();

struct HeatmapData {
    int rows = 0, cols = 0;
    QVector<double> values; // rows * cols, row-major; NaN = blank
    QStringList rowLabels;  // one per row ("0", "1", ... layers)
    QStringList colLabels;  // one per column (token display texts or "H0", ...)
    QString title;          // the plot's title
    QString scaleTitle;     // the colour scale's title (the metric)
    QString rowAxisTitle;   // "layer" ("query token")
    QString colAxisTitle;   // "token" / "head"
    bool signedValues = false;
    // Rows are tokens like the columns (attention: queries x keys): a cell reads
    // "query “a” (3) → key “b” (1)".
    bool tokenRows = false;
    // Optional fixed data range (e.g. ROME's scale from the low score); NaN = from the data.
    double rangeMin = qQNaN(), rangeMax = qQNaN();
};

class HeatmapView : public QWidget {
    Q_OBJECT
public:
    explicit HeatmapView(QWidget* parent = nullptr);
    ~HeatmapView() override;

    // All values NaN (or none given) is the empty state: the grid and its labels, ready for
    // selecting cells. The selection survives new data of the same shape and is cleared otherwise
    // (emitting selectionChanged when cells were selected; clear() too).
    void setData(const HeatmapData& data);
    // Updates the values only (a sweep streaming in); labels, titles and the selection stay.
    void setValues(const QVector<double>& values);
    void clear();
    const HeatmapData& data() const { return data_; }
    // Shown in place of the map while there is no data.
    void setPlaceholderText(const QString& text);

    // The colour map; signed data with a sequential map still gets a symmetric range.
    void setColorMap(ColorMapKind kind);
    ColorMapKind colorMap() const { return colorMap_; }

    // Marks columns [begin, end) (causal tracing's subject): "*" after their labels and a frame.
    void setMarkedColumns(int begin, int end);
    // Highlights one cell (the one whose predictions are shown); (-1, -1) for none. The arrow
    // keys move on from there.
    void setCurrentCell(int row, int col);

    // Cell selection (on by default). Off: clicks only emit cellClicked, nothing is selected.
    void setSelectionEnabled(bool enabled);
    bool isSelectionEnabled() const { return selectionEnabled_; }
    // Sorted by row, then column.
    QVector<GridCell> selectedCells() const;
    bool isSelected(int row, int col) const;
    // Replaces the selection without emitting selectionChanged (for the owner syncing maps);
    // cells outside the map are dropped.
    void setSelectedCells(const QVector<GridCell>& cells);
    // These two are the user's commands (Edit menu, Escape, Ctrl+A): they emit selectionChanged
    // when the selection changed.
    void clearSelection();
    void selectAll();

    // The value the plot holds for a cell (read back from the colour map), NaN when blank.
    double valueAt(int row, int col) const;
    // The colour scale's range (lower, upper).
    QPair<double, double> dataRange() const;
    // The colour the cell is drawn with.
    QColor colorAt(int row, int col) const;
    // The cell under a point in this widget's coordinates, or (-1, -1).
    QPoint cellAt(const QPoint& widgetPos) const;
    // The centre of a cell in this widget's coordinates (tests click there).
    QPoint cellCenter(int row, int col) const;
    // A point on a row's label (left of the map) and on a column's label (below it); tests click there.
    QPoint rowLabelPoint(int row) const;
    QPoint columnLabelPoint(int col) const;
    // "layer 3, token ' Paris' (5): 0.812"
    QString describeCell(int row, int col) const;

    // Export: the format follows the suffix (.png, .jpg, .svg, .pdf). width x height is the
    // plot's size (0: as on screen); the caption, when set, adds lines below it. The background
    // is white in a light palette (the window colour in a dark one); the selection is left out.
    // Returns false on failure; a file is replaced only when the whole image was written.
    bool exportImage(const QString& fileName, int width = 0, int height = 0);
    // The same into an open device; `format` is a suffix: png, jpg, svg or pdf.
    bool exportImage(QIODevice* device, const QString& format, int width = 0, int height = 0);
    // Text drawn under the exported plot (model, prompts, answers); may hold several lines.
    void setExportCaption(const QString& caption);
    QString exportCaption() const { return exportCaption_; }
    // The title as drawn: wrapped onto two lines, elided past them (the tooltip has it whole).
    QString shownTitle() const;
    QCustomPlot* plot() const { return plot_; }
    QWidget* plotWidget() const; // the plot as a plain widget (mouse events go there)

Q_SIGNALS:
    // A plain click on a cell (not a drag, not with shift or ctrl).
    void cellClicked(int row, int col);
    // The arrow keys moved the current cell (a click emits cellClicked instead).
    void currentCellChanged(int row, int col);
    // Emitted once per gesture (at the mouse release, or per key), not by setSelectedCells.
    void selectionChanged();
    void cellHovered(int row, int col); // (-1, -1) when the mouse leaves the map

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;
    bool event(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    friend class SelectionOverlay;
    // An inclusive block of cells: one cell, a whole row or column, or a dragged rectangle.
    struct CellBlock {
        int top = -1, left = -1, bottom = -1, right = -1;
        bool isValid() const { return top >= 0 && left >= 0; }
        bool operator==(const CellBlock& o) const { return top == o.top && left == o.left && bottom == o.bottom && right == o.right; }
        CellBlock united(const CellBlock& o) const;
    };
    // What a mouse press started on: a cell, a row's label, a column's label.
    enum class PressTarget { None, Cell, Row, Column };
    PressTarget targetAt(const QPoint& pos) const;
    // The block under pos for a press target; clamped to the map so a drag may leave it.
    CellBlock blockAt(const QPoint& pos, PressTarget target) const;
    void onMousePress(QMouseEvent* event);
    void setBlock(const CellBlock& block, bool value);
    bool blockSelected(const CellBlock& block) const;
    void moveCurrent(int dRow, int dCol, bool extend);
    void selectionUpdated(bool notify, const QVector<bool>& before);
    void updateTitle();
    bool fitTitle(int plotWidth, int maxLines); // true when elided
    bool nothingComputed() const;
    int rowUnder(const QPoint& pos) const;
    int columnUnder(const QPoint& pos, bool alongSlantedLabels) const;
    QColor exportBackground() const;
    QFont captionFont() const;
    bool paintExport(QPaintDevice* device, int width, int plotHeight, double scale, bool vectorized);
    int captionHeight(int width) const;

    void applyPalette();
    void rebuildAxes();
    bool updateColumnTicks(); // labels every k-th column when they would overlap; true when changed
    void updateRange();
    void replot();
    void onMouseMove(QMouseEvent* event);
    void onMouseRelease(QMouseEvent* event);

    QCustomPlot* plot_ = nullptr;
    QCPColorMap* map_ = nullptr;
    QCPColorScale* scale_ = nullptr;
    QCPItemRect* marker_ = nullptr;      // subject columns: a light dashed frame inside a dark one
    QCPItemRect* markerInner_ = nullptr;
    QCPItemRect* current_ = nullptr;     // the clicked cell: a light frame inside a dark one
    QCPItemRect* currentInner_ = nullptr;
    HeatmapData data_;
    ColorMapKind colorMap_ = ColorMapKind::Viridis;
    int markBegin_ = -1, markEnd_ = -1;
    SelectionOverlay* selectionOverlay_ = nullptr;
    bool selectionEnabled_ = true;
    QVector<bool> selected_;          // rows * cols, row-major
    CellBlock anchor_;                // where shift-click and shift+arrows extend from
    QPoint keyboardCell_{-1, -1};     // (col, row) the arrows move
    PressTarget pressTarget_ = PressTarget::None;
    CellBlock pressBlock_, dragFrom_, dragTo_;
    QVector<bool> dragBase_, selectionAtPress_;
    bool dragged_ = false;
    QString exportCaption_;
    QString fullTitle_;
    bool titleElided_ = false;
    QPoint hovered_{-1, -1};
    QString placeholder_;
    int tickStep_ = 1;
};

} // namespace causeway::widgets
