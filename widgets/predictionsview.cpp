#include "predictionsview.h"

#include "textfit.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace causeway::widgets {

namespace {
constexpr int kMargin = 6, kColumnGap = 14, kMinBarWidth = 40;

QString visible(const QString& token) {
    QString s = token;
    s.replace(QLatin1Char(' '), QChar(0x00B7));
    s.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    return s;
}
} // namespace

PredictionsView::PredictionsView(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setAccessibleName(tr("Next-token predictions"));
}

void PredictionsView::setColumns(const QVector<PredictionColumn>& columns) {
    columns_ = columns;
    updateGeometry();
    update();
}

void PredictionsView::setHighlightedTokens(const QStringList& tokens) {
    highlighted_ = tokens;
    update();
}

void PredictionsView::setMessage(const QString& message) {
    message_ = message;
    update();
}

void PredictionsView::clear() {
    columns_.clear();
    updateGeometry();
    update();
}

QSize PredictionsView::sizeHint() const {
    int rows = 0;
    for (const auto& c : columns_) rows = std::max(rows, static_cast<int>(c.items.size()) + (c.footer.isEmpty() ? 0 : 1));
    const int line = fontMetrics().height() + 4;
    return QSize(std::max(1, static_cast<int>(columns_.size())) * 220, kMargin * 2 + line * (std::max(rows, 5) + 2));
}

QSize PredictionsView::minimumSizeHint() const { return QSize(200, fontMetrics().height() * 4); }

// Where everything goes; painting and tooltips share it.
struct PredictionsView::Placement {
    int line = 0;          // one row's height
    int columnWidth = 0;
    int tokenWidth = 0;    // as wide as the widest token, as long as a bar still fits beside it
    int percentWidth = 0;
    bool showBars = true;  // false in columns too narrow for a bar beside the whole token
    int titleLines = 1;
    int footerRow = 0;     // the row below the longest column
    QVector<FittedText> titles;
    int columnX(int column) const { return kMargin + column * (columnWidth + kColumnGap); }
    int rowY(int row) const { return kMargin + line * (row + titleLines); }
};

QFont PredictionsView::tokenFont(const Prediction& item) const {
    QFont f = font();
    f.setBold(highlighted_.contains(item.token));
    return f;
}

PredictionsView::Placement PredictionsView::placement() const {
    Placement l;
    const QFontMetrics fm = fontMetrics();
    l.line = fm.height() + 4;
    const int n = std::max(1, static_cast<int>(columns_.size()));
    l.columnWidth = (width() - 2 * kMargin - (n - 1) * kColumnGap) / n;
    l.percentWidth = fm.horizontalAdvance(QStringLiteral("100.0%")) + 4;
    int widest = 0;
    for (const auto& col : columns_)
        for (const auto& item : col.items) widest = std::max(widest, QFontMetrics(tokenFont(item)).horizontalAdvance(visible(item.token)));
    // Whole tokens first: in a narrow column the bars go before the tokens are cut, and nothing
    // ever draws over the next column.
    const int withBars = l.columnWidth - l.percentWidth - kMinBarWidth - 8;
    l.showBars = withBars >= std::min(widest + 2, 70);
    const int room = l.showBars ? withBars : l.columnWidth - l.percentWidth - 4;
    l.tokenWidth = std::max(10, std::min(widest + 2, room));
    QFont bold = font();
    bold.setBold(true);
    for (const auto& col : columns_) {
        l.titles << fitText(col.title, bold, l.columnWidth, 2);
        l.titleLines = std::max(l.titleLines, l.titles.last().lines);
        l.footerRow = std::max(l.footerRow, static_cast<int>(col.items.size()));
    }
    return l;
}

QString PredictionsView::fitToken(const Prediction& item, const Placement& l) const {
    return QFontMetrics(tokenFont(item)).elidedText(visible(item.token), Qt::ElideRight, l.tokenWidth);
}

QString PredictionsView::shownToken(int column, int row) const {
    if (column < 0 || column >= columns_.size() || row < 0 || row >= columns_[column].items.size()) return {};
    return fitToken(columns_[column].items[row], placement());
}

QRect PredictionsView::tokenRect(int column, int row) const {
    const Placement l = placement();
    return QRect(l.columnX(column), l.rowY(row), l.tokenWidth, l.line);
}

QString PredictionsView::shownTitle(int column) const {
    const Placement l = placement();
    return l.titles.value(column).text;
}

QString PredictionsView::shownFooter(int column) const {
    if (column < 0 || column >= columns_.size()) return {};
    return fontMetrics().elidedText(columns_[column].footer, Qt::ElideRight, placement().columnWidth);
}

QString PredictionsView::toolTipAt(const QPoint& pos) const {
    const Placement l = placement();
    for (int c = 0; c < columns_.size(); ++c) {
        if (pos.x() < l.columnX(c) || pos.x() >= l.columnX(c) + l.columnWidth) continue;
        const int row = (pos.y() - kMargin) / l.line - l.titleLines;
        if (pos.y() < kMargin) return {};
        if (row < 0) return columns_[c].title;
        if (row == l.footerRow) return columns_[c].footer;
        if (row >= columns_[c].items.size()) return {};
        const Prediction& item = columns_[c].items[row];
        return tr("\u201c%1\u201d %2%").arg(visible(item.token), QString::number(item.probability * 100.0, 'f', 2));
    }
    return {};
}

bool PredictionsView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty()) QToolTip::hideText();
        else QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

void PredictionsView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    if (columns_.isEmpty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(kMargin, kMargin, -kMargin, -kMargin), Qt::AlignCenter | Qt::TextWordWrap, message_);
        return;
    }
    const Placement l = placement();
    const bool dark = pal.color(QPalette::Window).lightness() < 128;
    const QColor bar = dark ? QColor(90, 150, 230) : QColor(60, 120, 200);
    const QColor barHighlight = dark ? QColor(240, 170, 60) : QColor(220, 130, 20);
    QFont bold = font();
    bold.setBold(true);
    // Bars are scaled to the largest probability shown (the percentages give the absolute value),
    // so that small models' flat distributions stay readable.
    double top = 0;
    for (const auto& col : columns_)
        for (const auto& item : col.items) top = std::max(top, item.probability);
    const double scale = top > 0 ? 1.0 / top : 1.0;
    const int barMax = l.showBars ? std::max(10, l.columnWidth - l.tokenWidth - l.percentWidth - 8) : 0;
    for (int c = 0; c < columns_.size(); ++c) {
        const PredictionColumn& col = columns_[c];
        const int x0 = l.columnX(c);
        p.setFont(bold);
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QRect(x0, kMargin, l.columnWidth, l.line * l.titleLines), Qt::AlignLeft | Qt::AlignVCenter, l.titles[c].text);
        for (int i = 0; i < col.items.size(); ++i) {
            const Prediction& item = col.items[i];
            const int y = l.rowY(i);
            const bool hl = highlighted_.contains(item.token);
            p.setFont(tokenFont(item));
            p.setPen(pal.color(QPalette::Text));
            p.drawText(QRect(x0, y, l.tokenWidth, l.line), Qt::AlignLeft | Qt::AlignVCenter, fitToken(item, l));
            const int barX = x0 + l.tokenWidth + 4;
            const int barW = static_cast<int>(std::clamp(item.probability * scale, 0.0, 1.0) * barMax);
            if (l.showBars) p.fillRect(QRect(barX, y + 3, std::max(barW, 1), l.line - 6), hl ? barHighlight : bar);
            p.setFont(font());
            // Right-aligned to the column's edge, so it never reaches into the next column.
            p.drawText(QRect(x0 + l.columnWidth - l.percentWidth, y, l.percentWidth, l.line), Qt::AlignRight | Qt::AlignVCenter,
                       QString::number(item.probability * 100.0, 'f', 1) + QLatin1Char('%'));
        }
        if (!col.footer.isEmpty()) {
            p.setFont(font());
            p.setPen(pal.color(QPalette::PlaceholderText));
            p.drawText(QRect(x0, l.rowY(l.footerRow), l.columnWidth, l.line), Qt::AlignLeft | Qt::AlignVCenter,
                       fontMetrics().elidedText(col.footer, Qt::ElideRight, l.columnWidth));
        }
    }
}

} // namespace causeway::widgets
