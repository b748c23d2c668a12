#include "heatmapview.h"

#include "qcp.h"
#include "textfit.h"

#include <QEvent>
#include <QFileInfo>
#include <QKeyEvent>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QToolTip>
#include <QVBoxLayout>
#include <QtNumeric>

#include <algorithm>
#include <cmath>
#include <utility>

namespace causeway::widgets {

namespace {

struct MapDef {
    ColorMapKind kind;
    const char* name;
    std::initializer_list<const char*> stops;
};

const MapDef kMaps[] = {
    {ColorMapKind::Diverging, "diverging", {"#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7", "#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f"}},
    {ColorMapKind::Viridis, "viridis", {"#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725"}},
    {ColorMapKind::Purples, "purples", {"#fcfbfd", "#efedf5", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#54278f", "#3f007d"}},
    {ColorMapKind::Greens, "greens", {"#f7fcf5", "#e5f5e0", "#c7e9c0", "#a1d99b", "#74c476", "#41ab5d", "#238b45", "#006d2c", "#00441b"}},
    {ColorMapKind::Reds, "reds", {"#fff5f0", "#fee0d2", "#fcbba1", "#fc9272", "#fb6a4a", "#ef3b2c", "#cb181d", "#a50f15", "#67000d"}},
    {ColorMapKind::Blues, "blues", {"#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b"}},
};

QCPColorGradient gradientOf(ColorMapKind kind) {
    QCPColorGradient g;
    g.clearColorStops();
    for (const MapDef& m : kMaps) {
        if (m.kind != kind) continue;
        const int n = static_cast<int>(m.stops.size());
        int i = 0;
        for (const char* c : m.stops) g.setColorStopAt(n > 1 ? double(i++) / (n - 1) : 0.0, QColor(QLatin1String(c)));
    }
    g.setColorInterpolation(QCPColorGradient::ciRGB);
    g.setNanHandling(QCPColorGradient::nhTransparent);
    g.setLevelCount(350);
    return g;
}

// Axis labels: make whitespace-only and control characters visible.
QString axisLabel(const QString& token) {
    QString s = token;
    s.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    s.replace(QLatin1Char('\t'), QStringLiteral("\\t"));
    if (s.trimmed().isEmpty()) s.replace(QLatin1Char(' '), QChar(0x2423)); // open box
    return s;
}

constexpr int kCaptionMargin = 10;

} // namespace

// Draws over the colour map (under the subject and current-cell frames): each selected cell
// tinted towards the opposite lightness (blank ones in the palette's highlight), a dark edge and a
// light-blue band inside each selected region (readable on every colour map, unlike the current
// cell's yellow frame and the subject's white dashes),
// and, while no value is computed, the lines between the empty cells.
class SelectionOverlay : public QCPLayerable {
public:
    SelectionOverlay(QCustomPlot* plot, const HeatmapView* view) : QCPLayerable(plot), view_(view) {}

protected:
    void applyDefaultAntialiasingHint(QCPPainter* painter) const override { painter->setAntialiasing(false); }
    QRect clipRect() const override { return mParentPlot->axisRect()->rect(); }
    void draw(QCPPainter* painter) override {
        const HeatmapData& d = view_->data_;
        if (d.rows <= 0 || d.cols <= 0) return;
        const QCPAxis* x = mParentPlot->xAxis;
        const QCPAxis* y = mParentPlot->yAxis;
        if (view_->nothingComputed()) {
            painter->setPen(QPen(view_->palette().color(QPalette::Mid), 1));
            const QRect area = clipRect();
            for (int c = 1; c < d.cols; ++c) painter->drawLine(QLineF(x->coordToPixel(c - 0.5), area.top(), x->coordToPixel(c - 0.5), area.bottom()));
            for (int r = 1; r < d.rows; ++r) painter->drawLine(QLineF(area.left(), y->coordToPixel(r - 0.5), area.right(), y->coordToPixel(r - 0.5)));
        }
        const auto selected = [&](int r, int c) { return r >= 0 && c >= 0 && r < d.rows && c < d.cols && view_->selected_[r * d.cols + c]; };
        QColor blankTint = view_->palette().color(QPalette::Highlight);
        blankTint.setAlpha(90);
        QRegion region;
        QVector<QLine> outline;
        for (int r = 0; r < d.rows; ++r)
            for (int c = 0; c < d.cols; ++c) {
                if (!selected(r, c)) continue;
                // Rounded once per boundary, so neighbouring cells share their edges exactly.
                const int x0 = qRound(x->coordToPixel(c - 0.5)), x1 = qRound(x->coordToPixel(c + 0.5));
                const int y0 = qRound(y->coordToPixel(r - 0.5)), y1 = qRound(y->coordToPixel(r + 0.5));
                const QRect cell = QRect(QPoint(std::min(x0, x1), std::min(y0, y1)), QPoint(std::max(x0, x1), std::max(y0, y1))).adjusted(0, 0, -1, -1);
                const QColor under = view_->colorAt(r, c);
                // A light tint: the edge below marks the selection, the value's colour must still read.
                painter->fillRect(cell, under.alpha() == 0 ? blankTint : under.lightness() < 128 ? QColor(255, 255, 255, 60) : QColor(0, 0, 0, 35));
                region += cell;
                // Row 0 is at the top: the row above is r - 1. Lines run on the cell's outer edges.
                const QPoint topLeft = cell.topLeft(), bottomRight = cell.bottomRight() + QPoint(1, 1);
                const QPoint topRight(bottomRight.x(), topLeft.y()), bottomLeft(topLeft.x(), bottomRight.y());
                if (!selected(r - 1, c)) outline << QLine(topLeft, topRight);
                if (!selected(r + 1, c)) outline << QLine(bottomLeft, bottomRight);
                if (!selected(r, c - 1)) outline << QLine(topLeft, bottomLeft);
                if (!selected(r, c + 1)) outline << QLine(topRight, bottomRight);
            }
        if (outline.isEmpty()) return;
        // Lines on the regions' edges, clipped to their insides: nothing spills onto the cells
        // around, and a region at the map's border keeps its whole frame.
        painter->setClipRegion(region, Qt::IntersectClip);
        painter->setPen(QPen(QColor(90, 210, 255), 8, Qt::SolidLine, Qt::SquareCap));
        painter->drawLines(outline);
        painter->setPen(QPen(QColor(20, 20, 20), 3, Qt::SolidLine, Qt::SquareCap));
        painter->drawLines(outline);
    }

private:
    const HeatmapView* view_;
};

QString colorMapName(ColorMapKind kind) {
    for (const MapDef& m : kMaps)
        if (m.kind == kind) return QLatin1String(m.name);
    return QStringLiteral("viridis");
}

ColorMapKind colorMapFromName(const QString& name, ColorMapKind fallback) {
    for (const MapDef& m : kMaps)
        if (name == QLatin1String(m.name)) return m.kind;
    return fallback;
}

QStringList colorMapNames() {
    QStringList names;
    for (const MapDef& m : kMaps) names << QLatin1String(m.name);
    return names;
}

HeatmapView::HeatmapView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    plot_ = new QCustomPlot(this);
    plot_->setMouseTracking(true);
    plot_->installEventFilter(this);
    plot_->setMinimumSize(240, 200);
    plot_->setFocusPolicy(Qt::NoFocus); // the view takes the keys
    setFocusPolicy(Qt::StrongFocus);
    layout->addWidget(plot_);

    plot_->plotLayout()->insertRow(0);
    plot_->plotLayout()->addElement(0, 0, new QCPTextElement(plot_, QString(), QFont(font().family(), font().pointSize() + 1, QFont::Bold)));

    map_ = new QCPColorMap(plot_->xAxis, plot_->yAxis);
    map_->setInterpolate(false);
    map_->setTightBoundary(false);
    selectionOverlay_ = new SelectionOverlay(plot_, this); // after the map, before the frames: drawn between them
    scale_ = new QCPColorScale(plot_);
    plot_->plotLayout()->addElement(1, 1, scale_);
    scale_->setType(QCPAxis::atRight);
    scale_->setBarWidth(14);
    map_->setColorScale(scale_);
    auto* group = new QCPMarginGroup(plot_);
    plot_->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    scale_->setMarginGroup(QCP::msBottom | QCP::msTop, group);

    plot_->xAxis->setTicker(QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText));
    plot_->yAxis->setTicker(QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText));
    plot_->xAxis->setSubTicks(false);
    plot_->yAxis->setSubTicks(false);
    plot_->xAxis->grid()->setVisible(false);
    plot_->yAxis->grid()->setVisible(false);
    plot_->yAxis->setRangeReversed(true);

    for (QCPItemRect** item : {&marker_, &markerInner_, &current_, &currentInner_}) {
        *item = new QCPItemRect(plot_);
        (*item)->setVisible(false);
        (*item)->setSelectable(false);
        (*item)->setBrush(Qt::NoBrush);
    }
    marker_->setPen(QPen(QColor(20, 20, 20), 4));
    markerInner_->setPen(QPen(QColor(255, 255, 255), 2, Qt::DashLine));
    current_->setPen(QPen(QColor(20, 20, 20), 4));
    currentInner_->setPen(QPen(QColor(255, 210, 0), 2));

    connect(plot_, &QCustomPlot::mouseMove, this, &HeatmapView::onMouseMove);
    connect(plot_, &QCustomPlot::mousePress, this, &HeatmapView::onMousePress);
    connect(plot_, &QCustomPlot::mouseDoubleClick, this, &HeatmapView::onMousePress); // the second press of a double click
    connect(plot_, &QCustomPlot::mouseRelease, this, &HeatmapView::onMouseRelease);
    // Once the axis rect has its real width, thin out the column labels if they would overlap.
    connect(plot_, &QCustomPlot::afterLayout, this, [this] {
        if (data_.cols > 0 && updateColumnTicks()) replot();
    });

    setColorMap(ColorMapKind::Viridis);
    applyPalette();
    clear();
}

HeatmapView::~HeatmapView() = default;

void HeatmapView::clear() {
    HeatmapData empty;
    setData(empty);
}

void HeatmapView::setData(const HeatmapData& data) {
    const bool sameShape = data.rows == data_.rows && data.cols == data_.cols;
    const bool hadSelection = selected_.contains(true);
    data_ = data;
    if (data_.values.size() != data_.rows * data_.cols) data_.values.fill(qQNaN(), data_.rows * data_.cols);
    if (!sameShape) {
        selected_.fill(false, std::max(data_.rows, 0) * std::max(data_.cols, 0));
        anchor_ = {};
        keyboardCell_ = {-1, -1};
        pressTarget_ = PressTarget::None;
    }
    rebuildAxes();
    setValues(data_.values);
    if (!sameShape && hadSelection) Q_EMIT selectionChanged();
}

void HeatmapView::setValues(const QVector<double>& values) {
    if (values.size() == data_.rows * data_.cols) data_.values = values;
    QCPColorMapData* d = map_->data();
    d->setSize(std::max(data_.cols, 1), std::max(data_.rows, 1));
    d->setRange(QCPRange(0, std::max(data_.cols - 1, 0)), QCPRange(0, std::max(data_.rows - 1, 0)));
    d->fill(qQNaN());
    for (int r = 0; r < data_.rows; ++r)
        for (int c = 0; c < data_.cols; ++c) d->setCell(c, r, data_.values[r * data_.cols + c]);
    map_->setVisible(data_.rows > 0 && data_.cols > 0);
    updateRange();
    if (hovered_.x() >= 0 && QToolTip::isVisible()) QToolTip::showText(QCursor::pos(), describeCell(hovered_.y(), hovered_.x()), plot_);
    replot();
}

void HeatmapView::setColorMap(ColorMapKind kind) {
    colorMap_ = kind;
    map_->setGradient(gradientOf(kind));
    updateRange();
    replot();
}

void HeatmapView::updateRange() {
    double lo = qInf(), hi = -qInf();
    for (double v : std::as_const(data_.values)) {
        if (std::isnan(v)) continue;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    if (!std::isnan(data_.rangeMin)) lo = data_.rangeMin;
    if (!std::isnan(data_.rangeMax)) hi = data_.rangeMax;
    if (!std::isfinite(lo) || !std::isfinite(hi)) {
        lo = 0;
        hi = 1;
    }
    if (data_.signedValues) {
        const double m = std::max(std::abs(lo), std::abs(hi));
        lo = -m;
        hi = m;
    }
    if (hi - lo < 1e-12) {
        const double pad = std::max(std::abs(hi) * 0.05, 1e-6);
        lo -= pad;
        hi += pad;
    }
    map_->setDataRange(QCPRange(lo, hi));
}

void HeatmapView::rebuildAxes() {
    auto yt = qSharedPointerCast<QCPAxisTickerText>(plot_->yAxis->ticker());
    yt->clear();
    for (int r = 0; r < data_.rows; ++r) yt->addTick(r, axisLabel(data_.rowLabels.value(r, QString::number(r))));
    // Rows too: every k-th layer label when the layers are many.
    const int rowPixels = plot_->axisRect()->height() > 0 ? plot_->axisRect()->height() : std::max(100, height() - 120);
    const int rowStep = std::max(1, static_cast<int>(std::ceil(fontMetrics().height() * 1.2 * data_.rows / std::max(rowPixels, 1))));
    if (rowStep > 1) {
        yt->clear();
        for (int r = 0; r < data_.rows; r += rowStep) yt->addTick(r, axisLabel(data_.rowLabels.value(r, QString::number(r))));
    }
    tickStep_ = 0;
    updateColumnTicks();
    plot_->xAxis->setRange(-0.5, std::max(data_.cols, 1) - 0.5);
    plot_->yAxis->setRange(-0.5, std::max(data_.rows, 1) - 0.5);
    plot_->xAxis->setLabel(data_.colAxisTitle);
    plot_->yAxis->setLabel(data_.rowAxisTitle);
    scale_->axis()->setLabel(data_.scaleTitle);
    const bool empty = data_.rows <= 0 || data_.cols <= 0;
    scale_->setVisible(!empty);
    updateTitle();
    // Cells not computed are transparent: a hatch tells them apart from values drawn white.
    plot_->axisRect()->setBackground(empty ? QBrush(Qt::NoBrush) : QBrush(palette().color(QPalette::Mid), Qt::BDiagPattern));
    plot_->xAxis->setVisible(!empty);
    plot_->yAxis->setVisible(!empty);

    const bool marked = markBegin_ >= 0 && markEnd_ > markBegin_ && markEnd_ <= data_.cols && data_.rows > 0;
    for (QCPItemRect* item : {marker_, markerInner_}) {
        item->setVisible(marked);
        if (marked) {
            item->topLeft->setCoords(markBegin_ - 0.5, -0.5);
            item->bottomRight->setCoords(markEnd_ - 0.5, data_.rows - 0.5);
        }
    }
}

bool HeatmapView::updateColumnTicks() {
    // Rotated labels need a line height each; show every k-th one when the columns are narrower.
    const int width = plot_->axisRect()->width() > 0 ? plot_->axisRect()->width() : std::max(100, this->width() - 160);
    int longest = 0;
    for (int c = 0; c < data_.cols; ++c) longest = std::max(longest, fontMetrics().horizontalAdvance(axisLabel(data_.colLabels.value(c))));
    const double perColumn = double(width) / std::max(data_.cols, 1);
    const bool flat = longest + 6 <= perColumn;
    const int step = flat ? 1 : std::max(1, static_cast<int>(std::ceil(fontMetrics().height() * 1.15 / perColumn)));
    if (step == tickStep_) return false;
    tickStep_ = step;
    auto xt = qSharedPointerCast<QCPAxisTickerText>(plot_->xAxis->ticker());
    xt->clear();
    for (int c = 0; c < data_.cols; ++c) {
        const bool marked = c >= markBegin_ && c < markEnd_;
        if (c % step != 0 && !(marked && step <= 2)) continue;
        QString label = axisLabel(data_.colLabels.value(c));
        if (marked) label += QLatin1Char('*');
        xt->addTick(c, label);
    }
    plot_->xAxis->setTickLabelRotation(flat ? 0 : (step > 1 || data_.cols > 12 ? -90 : -45));
    return true;
}

void HeatmapView::updateTitle() {
    // Before a run (nothing computed, no title of its own) the map says what to do.
    const bool empty = data_.rows <= 0 || data_.cols <= 0;
    fullTitle_ = empty || (data_.title.isEmpty() && nothingComputed()) ? placeholder_ : data_.title;
    titleElided_ = fitTitle(plot_->width() > 0 ? plot_->width() : width(), 2);
}

bool HeatmapView::fitTitle(int plotWidth, int maxLines) {
    auto* title = qobject_cast<QCPTextElement*>(plot_->plotLayout()->element(0, 0));
    if (!title) return false;
    // The title sits above the map's column only; the colour scale takes the rest of the width.
    const int scaleWidth = scale_->visible() ? std::max(scale_->outerRect().width(), 70) : 0;
    const FittedText fitted = fitText(fullTitle_, title->font(), plotWidth - scaleWidth - 16, maxLines);
    title->setText(fitted.text);
    return fitted.elided;
}

QString HeatmapView::shownTitle() const {
    auto* title = qobject_cast<QCPTextElement*>(plot_->plotLayout()->element(0, 0));
    return title ? title->text() : QString();
}

bool HeatmapView::nothingComputed() const {
    return std::all_of(data_.values.cbegin(), data_.values.cend(), [](double v) { return std::isnan(v); });
}

void HeatmapView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    if (data_.rows > 0 && data_.cols > 0) rebuildAxes();
    else updateTitle();
    replot();
}

void HeatmapView::setPlaceholderText(const QString& text) {
    placeholder_ = text;
    rebuildAxes();
    replot();
}

void HeatmapView::setMarkedColumns(int begin, int end) {
    markBegin_ = begin;
    markEnd_ = end;
    rebuildAxes();
    replot();
}

void HeatmapView::setCurrentCell(int row, int col) {
    const bool on = row >= 0 && col >= 0 && row < data_.rows && col < data_.cols;
    if (on) keyboardCell_ = {col, row};
    for (QCPItemRect* item : {current_, currentInner_}) {
        item->setVisible(on);
        if (on) {
            item->topLeft->setCoords(col - 0.5, row - 0.5);
            item->bottomRight->setCoords(col + 0.5, row + 0.5);
        }
    }
    replot();
}

double HeatmapView::valueAt(int row, int col) const {
    if (row < 0 || col < 0 || row >= data_.rows || col >= data_.cols) return qQNaN();
    return map_->data()->cell(col, row);
}

QWidget* HeatmapView::plotWidget() const { return plot_; }

QPair<double, double> HeatmapView::dataRange() const { return {map_->dataRange().lower, map_->dataRange().upper}; }

QColor HeatmapView::colorAt(int row, int col) const {
    const double v = valueAt(row, col);
    if (std::isnan(v)) return QColor(Qt::transparent);
    QRgb rgb = 0;
    map_->gradient().colorize(&v, map_->dataRange(), &rgb, 1);
    return QColor::fromRgba(rgb);
}

QPoint HeatmapView::cellAt(const QPoint& pos) const {
    if (data_.rows <= 0 || data_.cols <= 0) return {-1, -1};
    if (!plot_->axisRect()->rect().contains(pos)) return {-1, -1};
    const int c = columnUnder(pos, false);
    const int r = rowUnder(pos);
    if (c < 0 || r < 0 || c >= data_.cols || r >= data_.rows) return {-1, -1};
    return {c, r};
}

int HeatmapView::rowUnder(const QPoint& pos) const {
    return static_cast<int>(std::floor(plot_->yAxis->pixelToCoord(pos.y()) + 0.5));
}

int HeatmapView::columnUnder(const QPoint& pos, bool alongSlantedLabels) const {
    double x = pos.x();
    // A label turned by -45 degrees ends at its tick and runs down to the left: follow it back up.
    const int below = pos.y() - plot_->axisRect()->bottom();
    if (alongSlantedLabels && below > 0 && qFuzzyCompare(plot_->xAxis->tickLabelRotation(), -45.0)) x += below;
    return static_cast<int>(std::floor(plot_->xAxis->pixelToCoord(x) + 0.5));
}

QPoint HeatmapView::cellCenter(int row, int col) const {
    return QPoint(qRound(plot_->xAxis->coordToPixel(col)), qRound(plot_->yAxis->coordToPixel(row)));
}

QPoint HeatmapView::rowLabelPoint(int row) const {
    const QCPAxis* axis = plot_->yAxis;
    return QPoint(plot_->axisRect()->left() - axis->tickLengthOut() - axis->tickLabelPadding() - 3, qRound(axis->coordToPixel(row)));
}

QPoint HeatmapView::columnLabelPoint(int col) const {
    const QCPAxis* axis = plot_->xAxis;
    const int below = axis->tickLengthOut() + axis->tickLabelPadding() + 3;
    const int slant = qFuzzyCompare(axis->tickLabelRotation(), -45.0) ? below : 0; // see columnUnder
    return QPoint(qRound(axis->coordToPixel(col)) - slant, plot_->axisRect()->bottom() + below);
}

QString HeatmapView::describeCell(int row, int col) const {
    if (row < 0 || col < 0 || row >= data_.rows || col >= data_.cols) return {};
    const double v = valueAt(row, col);
    const QString value = std::isnan(v) ? tr("not computed") : QString::number(v, 'g', 5);
    const QString rowLabel = data_.rowLabels.value(row, QString::number(row));
    const QString colLabel = data_.colLabels.value(col);
    if (data_.tokenRows)
        return tr("%1 \u201c%2\u201d (%3) \u2192 %4 \u201c%5\u201d (%6)\n%7: %8")
            .arg(data_.rowAxisTitle.isEmpty() ? tr("row") : data_.rowAxisTitle, rowLabel, QString::number(row),
                 data_.colAxisTitle.isEmpty() ? tr("column") : data_.colAxisTitle, colLabel, QString::number(col),
                 data_.scaleTitle.isEmpty() ? tr("value") : data_.scaleTitle, value);
    return tr("%1 %2, %3 %4 \u201c%5\u201d\n%6: %7")
        .arg(data_.rowAxisTitle.isEmpty() ? tr("row") : data_.rowAxisTitle, rowLabel,
             data_.colAxisTitle.isEmpty() ? tr("column") : data_.colAxisTitle, QString::number(col), colLabel,
             data_.scaleTitle.isEmpty() ? tr("value") : data_.scaleTitle, value);
}

HeatmapView::CellBlock HeatmapView::CellBlock::united(const CellBlock& o) const {
    return {std::min(top, o.top), std::min(left, o.left), std::max(bottom, o.bottom), std::max(right, o.right)};
}

HeatmapView::PressTarget HeatmapView::targetAt(const QPoint& pos) const {
    if (data_.rows <= 0 || data_.cols <= 0) return PressTarget::None;
    if (cellAt(pos).x() >= 0) return PressTarget::Cell;
    const auto onTickLabels = [&pos](const QCPAxis* axis) {
        const QCPAxis::SelectablePart part = axis->getPartAt(pos);
        return part == QCPAxis::spTickLabels || part == QCPAxis::spAxis;
    };
    const int row = rowUnder(pos), col = columnUnder(pos, true);
    if (onTickLabels(plot_->yAxis) && row >= 0 && row < data_.rows) return PressTarget::Row;
    if (onTickLabels(plot_->xAxis) && col >= 0 && col < data_.cols) return PressTarget::Column;
    return PressTarget::None;
}

HeatmapView::CellBlock HeatmapView::blockAt(const QPoint& pos, PressTarget target) const {
    const int row = std::clamp(rowUnder(pos), 0, data_.rows - 1);
    const int col = std::clamp(columnUnder(pos, target == PressTarget::Column), 0, data_.cols - 1);
    switch (target) {
    case PressTarget::Cell: return {row, col, row, col};
    case PressTarget::Row: return {row, 0, row, data_.cols - 1};
    case PressTarget::Column: return {0, col, data_.rows - 1, col};
    case PressTarget::None: break;
    }
    return {};
}

void HeatmapView::setBlock(const CellBlock& block, bool value) {
    for (int r = block.top; r <= block.bottom; ++r)
        for (int c = block.left; c <= block.right; ++c) selected_[r * data_.cols + c] = value;
}

bool HeatmapView::blockSelected(const CellBlock& block) const {
    for (int r = block.top; r <= block.bottom; ++r)
        for (int c = block.left; c <= block.right; ++c)
            if (!selected_[r * data_.cols + c]) return false;
    return true;
}

void HeatmapView::selectionUpdated(bool notify, const QVector<bool>& before) {
    replot();
    if (notify && selected_ != before) Q_EMIT selectionChanged();
}

void HeatmapView::onMousePress(QMouseEvent* event) {
    pressTarget_ = event->button() == Qt::LeftButton ? targetAt(event->pos()) : PressTarget::None;
    dragged_ = false;
    if (pressTarget_ == PressTarget::None) return;
    pressBlock_ = dragTo_ = blockAt(event->pos(), pressTarget_);
    keyboardCell_ = {pressBlock_.left, pressBlock_.top};
    if (!selectionEnabled_) return;
    selectionAtPress_ = selected_;
    const bool extend = event->modifiers() & Qt::ShiftModifier;
    const bool toggle = event->modifiers() & Qt::ControlModifier;
    if (extend && anchor_.isValid()) {
        // Shift: from the anchor to here; with ctrl too, added to what was selected.
        dragBase_ = toggle ? selected_ : QVector<bool>(selected_.size(), false);
        dragFrom_ = anchor_;
        selected_ = dragBase_;
        setBlock(anchor_.united(pressBlock_), true);
    } else {
        if (toggle) {
            setBlock(pressBlock_, !blockSelected(pressBlock_));
            dragBase_ = selected_;
        } else {
            selected_.fill(false);
            setBlock(pressBlock_, true);
            dragBase_ = QVector<bool>(selected_.size(), false);
        }
        anchor_ = dragFrom_ = pressBlock_;
    }
    selectionUpdated(false, selectionAtPress_);
}

void HeatmapView::onMouseMove(QMouseEvent* event) {
    const QPoint cell = cellAt(event->pos());
    if (cell != hovered_) {
        hovered_ = cell;
        Q_EMIT cellHovered(cell.y(), cell.x());
    }
    auto* title = qobject_cast<QCPTextElement*>(plot_->plotLayout()->element(0, 0));
    if (cell.x() >= 0)
        QToolTip::showText(event->globalPosition().toPoint(), describeCell(cell.y(), cell.x()), plot_);
    else if (titleElided_ && title && title->outerRect().contains(event->pos()))
        QToolTip::showText(event->globalPosition().toPoint(), fullTitle_, plot_);
    else
        QToolTip::hideText();

    if (pressTarget_ == PressTarget::None || !(event->buttons() & Qt::LeftButton)) return;
    const CellBlock to = blockAt(event->pos(), pressTarget_);
    if (to == dragTo_) return;
    dragTo_ = to;
    dragged_ = true;
    keyboardCell_ = {to.left, to.top};
    if (!selectionEnabled_) return;
    selected_ = dragBase_;
    setBlock(dragFrom_.united(to), true);
    selectionUpdated(false, selectionAtPress_);
}

void HeatmapView::onMouseRelease(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return;
    const PressTarget target = std::exchange(pressTarget_, PressTarget::None);
    if (target == PressTarget::None) return;
    if (selectionEnabled_) selectionUpdated(true, selectionAtPress_);
    const QPoint cell = cellAt(event->pos());
    const bool plain = !(event->modifiers() & (Qt::ShiftModifier | Qt::ControlModifier));
    if (target == PressTarget::Cell && !dragged_ && plain && cell == QPoint(pressBlock_.left, pressBlock_.top))
        Q_EMIT cellClicked(cell.y(), cell.x());
}

void HeatmapView::setSelectionEnabled(bool enabled) {
    selectionEnabled_ = enabled;
    if (!enabled) selected_.fill(false);
    replot();
}

QVector<GridCell> HeatmapView::selectedCells() const {
    QVector<GridCell> cells;
    for (int r = 0; r < data_.rows; ++r)
        for (int c = 0; c < data_.cols; ++c)
            if (selected_[r * data_.cols + c]) cells.push_back({r, c});
    return cells;
}

bool HeatmapView::isSelected(int row, int col) const {
    return row >= 0 && col >= 0 && row < data_.rows && col < data_.cols && selected_[row * data_.cols + col];
}

void HeatmapView::setSelectedCells(const QVector<GridCell>& cells) {
    selected_.fill(false);
    if (selectionEnabled_)
        for (const GridCell& c : cells)
            if (c.row >= 0 && c.col >= 0 && c.row < data_.rows && c.col < data_.cols) selected_[c.row * data_.cols + c.col] = true;
    selectionUpdated(false, {});
}

void HeatmapView::clearSelection() {
    const QVector<bool> before = selected_;
    selected_.fill(false);
    selectionUpdated(true, before);
}

void HeatmapView::selectAll() {
    if (!selectionEnabled_) return;
    const QVector<bool> before = selected_;
    selected_.fill(true);
    selectionUpdated(true, before);
}

void HeatmapView::moveCurrent(int dRow, int dCol, bool extend) {
    const QPoint from = keyboardCell_;
    const QPoint to = from.x() < 0 ? QPoint(0, 0) : QPoint(std::clamp(from.x() + dCol, 0, data_.cols - 1), std::clamp(from.y() + dRow, 0, data_.rows - 1));
    keyboardCell_ = to;
    if (selectionEnabled_) {
        const QVector<bool> before = selected_;
        const CellBlock here{to.y(), to.x(), to.y(), to.x()};
        selected_.fill(false);
        if (extend && anchor_.isValid()) {
            setBlock(anchor_.united(here), true);
        } else {
            setBlock(here, true);
            anchor_ = here;
        }
        selectionUpdated(true, before);
    }
    if (to != from) Q_EMIT currentCellChanged(to.y(), to.x());
}

void HeatmapView::keyPressEvent(QKeyEvent* event) {
    if (data_.rows <= 0 || data_.cols <= 0) {
        QWidget::keyPressEvent(event);
        return;
    }
    const bool extend = event->modifiers() & Qt::ShiftModifier;
    if (event->matches(QKeySequence::SelectAll)) {
        selectAll();
        return;
    }
    switch (event->key()) {
    case Qt::Key_Left: moveCurrent(0, -1, extend); return;
    case Qt::Key_Right: moveCurrent(0, 1, extend); return;
    case Qt::Key_Up: moveCurrent(-1, 0, extend); return; // row 0 is at the top
    case Qt::Key_Down: moveCurrent(1, 0, extend); return;
    case Qt::Key_Escape:
        if (selected_.contains(true)) {
            clearSelection();
            return;
        }
        break; // nothing to clear: let a dialog close
    default: break;
    }
    QWidget::keyPressEvent(event);
}

bool HeatmapView::event(QEvent* event) {
    // Ctrl+A belongs to the map while it has the focus. Escape does not: a window's Escape
    // shortcut (cancelling a run) wins, and the map clears its selection only when none is active.
    if (event->type() == QEvent::ShortcutOverride) {
        if (static_cast<QKeyEvent*>(event)->matches(QKeySequence::SelectAll)) {
            event->accept();
            return true;
        }
    }
    return QWidget::event(event);
}

bool HeatmapView::eventFilter(QObject* watched, QEvent* event) {
    if (watched == plot_ && event->type() == QEvent::Leave && hovered_.x() >= 0) {
        hovered_ = {-1, -1};
        Q_EMIT cellHovered(-1, -1);
    }
    return QWidget::eventFilter(watched, event);
}

void HeatmapView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) applyPalette();
    QWidget::changeEvent(event);
}

void HeatmapView::applyPalette() {
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::WindowText);
    plot_->setBackground(pal.color(QPalette::Window));
    rebuildAxes(); // the hatch behind blank cells takes the palette's colour
    for (QCPAxis* axis : {plot_->xAxis, plot_->yAxis, plot_->xAxis2, plot_->yAxis2, scale_->axis()}) {
        axis->setBasePen(QPen(text, 1));
        axis->setTickPen(QPen(text, 1));
        axis->setSubTickPen(QPen(text, 1));
        axis->setTickLabelColor(text);
        axis->setLabelColor(text);
        axis->setTickLabelFont(font());
        QFont labelFont = font();
        labelFont.setBold(true);
        axis->setLabelFont(labelFont);
    }
    if (auto* title = qobject_cast<QCPTextElement*>(plot_->plotLayout()->element(0, 0))) {
        title->setTextColor(text);
        QFont f = font();
        f.setBold(true);
        f.setPointSizeF(f.pointSizeF() * 1.15);
        title->setFont(f);
    }
    replot();
}

void HeatmapView::replot() { plot_->replot(QCustomPlot::rpQueuedReplot); }

void HeatmapView::setExportCaption(const QString& caption) { exportCaption_ = caption; }

QColor HeatmapView::exportBackground() const {
    const QColor window = palette().color(QPalette::Window);
    return window.lightness() >= 128 ? QColor(Qt::white) : window; // paper in a light palette
}

// A pixel size, so that the caption wraps alike on screen, in a PDF and in a 2x PNG.
QFont HeatmapView::captionFont() const {
    QFont f = font();
    f.setPixelSize(QFontInfo(font()).pixelSize());
    return f;
}

int HeatmapView::captionHeight(int width) const {
    if (exportCaption_.trimmed().isEmpty()) return 0;
    const QRect text = QFontMetrics(captionFont()).boundingRect(QRect(0, 0, width - 2 * kCaptionMargin, 1 << 20), Qt::TextWordWrap, exportCaption_);
    return text.height() + 2 * kCaptionMargin;
}

bool HeatmapView::paintExport(QPaintDevice* device, int width, int plotHeight, double scale, bool vectorized) {
    QCPPainter painter;
    if (!painter.begin(device)) return false;
    if (vectorized) painter.setMode(QCPPainter::pmVectorized);
    if (scale != 1.0) {
        painter.setMode(QCPPainter::pmNonCosmetic);
        painter.scale(scale, scale);
    }
    const int caption = captionHeight(width);
    painter.fillRect(QRect(0, 0, width, plotHeight + caption), exportBackground());
    plot_->toPainter(&painter, width, plotHeight);
    if (caption > 0) {
        painter.setFont(captionFont());
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QRect(kCaptionMargin, plotHeight + kCaptionMargin, width - 2 * kCaptionMargin, caption - 2 * kCaptionMargin),
                         Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, exportCaption_);
    }
    return painter.end();
}

bool HeatmapView::exportImage(const QString& fileName, int width, int height) {
    QSaveFile file(fileName); // a temporary file renamed over the target once complete
    return file.open(QIODevice::WriteOnly) && exportImage(&file, QFileInfo(fileName).suffix(), width, height) && file.commit();
}

bool HeatmapView::exportImage(QIODevice* device, const QString& format, int width, int height) {
    const QString suffix = format.toLower();
    const int w = width > 0 ? width : plot_->width(), h = height > 0 ? height : plot_->height();
    const QSize page(w, h + captionHeight(w));
    const int dpi = plot_->logicalDpiX(); // vector pages measured like the screen, so fonts keep their size
    // A figure leaves the selection out and has the export background behind the plot.
    const QBrush screenBackground = plot_->background();
    selectionOverlay_->setVisible(false);
    plot_->setBackground(exportBackground());
    fitTitle(w, 4); // a figure has room for a longer title than the screen's two lines
    plot_->replot(QCustomPlot::rpImmediateRefresh);
    bool ok = false;
    if (suffix == QLatin1String("pdf")) {
        QPdfWriter pdf(device);
        pdf.setResolution(dpi);
        pdf.setTitle(data_.title);
        pdf.setCreator(QStringLiteral("Causeway"));
        pdf.setPageLayout(QPageLayout(QPageSize(QSizeF(page) * 72.0 / dpi, QPageSize::Point, QString(), QPageSize::ExactMatch),
                                      QPageLayout::Portrait, QMarginsF()));
        ok = paintExport(&pdf, w, h, 1.0, true);
    } else if (suffix == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setOutputDevice(device);
        svg.setResolution(dpi);
        svg.setSize(page);
        svg.setViewBox(QRect(QPoint(0, 0), page));
        svg.setTitle(data_.title);
        ok = paintExport(&svg, w, h, 1.0, true);
    } else {
        const bool jpeg = suffix == QLatin1String("jpg") || suffix == QLatin1String("jpeg");
        const double scale = jpeg ? 1.0 : 2.0; // PNGs at twice the size, sharp on slides
        QImage image(page * scale, jpeg ? QImage::Format_RGB32 : QImage::Format_ARGB32);
        ok = paintExport(&image, w, h, scale, false) && image.save(device, jpeg ? "JPG" : "PNG");
    }
    plot_->setBackground(screenBackground);
    selectionOverlay_->setVisible(true);
    updateTitle();
    replot();
    return ok;
}

} // namespace causeway::widgets
