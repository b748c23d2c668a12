#include "heatmapview.h"

#include "qcp.h"

#include <QEvent>
#include <QFileInfo>
#include <QSvgGenerator>
#include <QToolTip>
#include <QVBoxLayout>
#include <QtNumeric>

#include <cmath>

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

} // namespace

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
    layout->addWidget(plot_);

    plot_->plotLayout()->insertRow(0);
    plot_->plotLayout()->addElement(0, 0, new QCPTextElement(plot_, QString(), QFont(font().family(), font().pointSize() + 1, QFont::Bold)));

    map_ = new QCPColorMap(plot_->xAxis, plot_->yAxis);
    map_->setInterpolate(false);
    map_->setTightBoundary(false);
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
    connect(plot_, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) {
        pressedCell_ = e->button() == Qt::LeftButton ? cellAt(e->pos()) : QPoint(-1, -1);
    });
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
    data_ = data;
    if (data_.values.size() != data_.rows * data_.cols) data_.values.fill(qQNaN(), data_.rows * data_.cols);
    rebuildAxes();
    setValues(data_.values);
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
    for (int r = 0; r < data_.rows; ++r) yt->addTick(r, data_.rowLabels.value(r, QString::number(r)));
    // Rows too: every k-th layer label when the layers are many.
    const int rowPixels = plot_->axisRect()->height() > 0 ? plot_->axisRect()->height() : std::max(100, height() - 120);
    const int rowStep = std::max(1, static_cast<int>(std::ceil(fontMetrics().height() * 1.2 * data_.rows / std::max(rowPixels, 1))));
    if (rowStep > 1) {
        yt->clear();
        for (int r = 0; r < data_.rows; r += rowStep) yt->addTick(r, data_.rowLabels.value(r, QString::number(r)));
    }
    tickStep_ = 0;
    updateColumnTicks();
    plot_->xAxis->setRange(-0.5, std::max(data_.cols, 1) - 0.5);
    plot_->yAxis->setRange(-0.5, std::max(data_.rows, 1) - 0.5);
    plot_->xAxis->setLabel(data_.colAxisTitle);
    plot_->yAxis->setLabel(data_.rowAxisTitle);
    scale_->axis()->setLabel(data_.scaleTitle);
    const bool empty = data_.rows <= 0 || data_.cols <= 0;
    if (auto* title = qobject_cast<QCPTextElement*>(plot_->plotLayout()->element(0, 0))) title->setText(empty ? placeholder_ : data_.title);
    scale_->setVisible(!empty);
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

void HeatmapView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    if (data_.rows > 0 && data_.cols > 0) {
        rebuildAxes();
        replot();
    }
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
    const int c = static_cast<int>(std::floor(plot_->xAxis->pixelToCoord(pos.x()) + 0.5));
    const int r = static_cast<int>(std::floor(plot_->yAxis->pixelToCoord(pos.y()) + 0.5));
    if (c < 0 || r < 0 || c >= data_.cols || r >= data_.rows) return {-1, -1};
    return {c, r};
}

QPoint HeatmapView::cellCenter(int row, int col) const {
    return QPoint(qRound(plot_->xAxis->coordToPixel(col)), qRound(plot_->yAxis->coordToPixel(row)));
}

QString HeatmapView::describeCell(int row, int col) const {
    if (row < 0 || col < 0 || row >= data_.rows || col >= data_.cols) return {};
    const double v = valueAt(row, col);
    const QString value = std::isnan(v) ? tr("not computed") : QString::number(v, 'g', 5);
    const QString rowLabel = data_.rowLabels.value(row, QString::number(row));
    const QString colLabel = data_.colLabels.value(col);
    return tr("%1 %2, %3 %4 \u201c%5\u201d\n%6: %7")
        .arg(data_.rowAxisTitle.isEmpty() ? tr("row") : data_.rowAxisTitle, rowLabel,
             data_.colAxisTitle.isEmpty() ? tr("column") : data_.colAxisTitle, QString::number(col), colLabel,
             data_.scaleTitle.isEmpty() ? tr("value") : data_.scaleTitle, value);
}

void HeatmapView::onMouseMove(QMouseEvent* event) {
    const QPoint cell = cellAt(event->pos());
    if (cell != hovered_) {
        hovered_ = cell;
        Q_EMIT cellHovered(cell.y(), cell.x());
    }
    if (cell.x() >= 0)
        QToolTip::showText(event->globalPosition().toPoint(), describeCell(cell.y(), cell.x()), plot_);
    else
        QToolTip::hideText();
}

void HeatmapView::onMouseRelease(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return;
    const QPoint cell = cellAt(event->pos());
    if (cell.x() >= 0 && cell == pressedCell_) Q_EMIT cellClicked(cell.y(), cell.x());
    pressedCell_ = {-1, -1};
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

bool HeatmapView::exportImage(const QString& fileName, int width, int height) {
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    plot_->replot(QCustomPlot::rpImmediateRefresh);
    if (suffix == QLatin1String("pdf")) return plot_->savePdf(fileName, width, height);
    if (suffix == QLatin1String("svg")) {
        const int w = width > 0 ? width : plot_->width(), h = height > 0 ? height : plot_->height();
        QSvgGenerator svg;
        svg.setFileName(fileName);
        svg.setSize(QSize(w, h));
        svg.setViewBox(QRect(0, 0, w, h));
        svg.setTitle(data_.title);
        QCPPainter painter;
        if (!painter.begin(&svg)) return false;
        plot_->toPainter(&painter, w, h);
        return painter.end();
    }
    if (suffix == QLatin1String("jpg") || suffix == QLatin1String("jpeg")) return plot_->saveJpg(fileName, width, height);
    return plot_->savePng(fileName, width, height, 2.0);
}

} // namespace causeway::widgets
