#pragma once
// A layers x tokens (or heads) heatmap: a QCustomPlot colour map with a colour scale beside it,
// token labels on the horizontal axis and layers on the vertical one (layer 0 at the top, as in
// the token x layer grid). Cells not computed yet are NaN and drawn blank, so a sweep can stream
// into it. Plain data only: values are row-major doubles.
#include <QPair>
#include <QVector>
#include <QtNumeric>
#include <QWidget>

class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QCPItemRect;
class QMouseEvent;

namespace causeway::widgets {

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
    QString rowAxisTitle;   // "layer"
    QString colAxisTitle;   // "token" / "head"
    bool signedValues = false;
    // Optional fixed data range (e.g. ROME's scale from the low score); NaN = from the data.
    double rangeMin = qQNaN(), rangeMax = qQNaN();
};

class HeatmapView : public QWidget {
    Q_OBJECT
public:
    explicit HeatmapView(QWidget* parent = nullptr);
    ~HeatmapView() override;

    void setData(const HeatmapData& data);
    // Updates the values only (a sweep streaming in); labels and titles stay.
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
    // Highlights one cell (the one whose predictions are shown); (-1, -1) for none.
    void setCurrentCell(int row, int col);

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
    // "layer 3, token ' Paris' (5): 0.812"
    QString describeCell(int row, int col) const;

    // Export: the format follows the suffix (.png, .svg, .pdf). Returns false on failure.
    bool exportImage(const QString& fileName, int width = 0, int height = 0);
    QCustomPlot* plot() const { return plot_; }
    QWidget* plotWidget() const; // the plot as a plain widget (mouse events go there)

Q_SIGNALS:
    void cellClicked(int row, int col);
    void cellHovered(int row, int col); // (-1, -1) when the mouse leaves the map

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
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
    QPoint pressedCell_{-1, -1};
    QPoint hovered_{-1, -1};
    QString placeholder_;
    int tickStep_ = 1;
};

} // namespace causeway::widgets
