#include "predictionsview.h"

#include <QPainter>

#include <algorithm>

namespace causeway::widgets {

namespace {
constexpr int kMargin = 6, kColumnGap = 14;

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
    for (const auto& c : columns_) rows = std::max(rows, static_cast<int>(c.items.size()));
    const int line = fontMetrics().height() + 4;
    return QSize(std::max(1, static_cast<int>(columns_.size())) * 220, kMargin * 2 + line * (std::max(rows, 5) + 2));
}

QSize PredictionsView::minimumSizeHint() const { return QSize(200, fontMetrics().height() * 4); }

void PredictionsView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    if (columns_.isEmpty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(kMargin, kMargin, -kMargin, -kMargin), Qt::AlignCenter | Qt::TextWordWrap, message_);
        return;
    }
    const QFontMetrics fm = fontMetrics();
    const int line = fm.height() + 4;
    const int n = static_cast<int>(columns_.size());
    const int colW = (width() - 2 * kMargin - (n - 1) * kColumnGap) / n;
    const int tokenW = std::min(colW * 2 / 5, fm.horizontalAdvance(QLatin1Char('M')) * 12);
    const int percentW = fm.horizontalAdvance(QStringLiteral("100.0%")) + 4;
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
    // Titles take two lines when one of them does not fit in one.
    const QFontMetrics bm(bold);
    int titleLines = 1;
    for (const auto& col : columns_)
        if (bm.horizontalAdvance(col.title) > colW) titleLines = 2;
    for (int c = 0; c < n; ++c) {
        const PredictionColumn& col = columns_[c];
        const int x0 = kMargin + c * (colW + kColumnGap);
        p.setFont(bold);
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QRect(x0, kMargin, colW, line * titleLines), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, col.title);
        p.setFont(font());
        for (int i = 0; i < col.items.size(); ++i) {
            const Prediction& item = col.items[i];
            const int y = kMargin + line * (i + titleLines);
            const bool hl = highlighted_.contains(item.token);
            QFont f = font();
            f.setBold(hl);
            p.setFont(f);
            p.setPen(pal.color(QPalette::Text));
            p.drawText(QRect(x0, y, tokenW, line), Qt::AlignLeft | Qt::AlignVCenter,
                       QFontMetrics(f).elidedText(visible(item.token), Qt::ElideRight, tokenW));
            const int barX = x0 + tokenW + 4;
            const int barMax = std::max(10, colW - tokenW - percentW - 8);
            const int barW = static_cast<int>(std::clamp(item.probability * scale, 0.0, 1.0) * barMax);
            p.fillRect(QRect(barX, y + 3, std::max(barW, 1), line - 6), hl ? barHighlight : bar);
            p.setFont(font());
            p.drawText(QRect(barX + barMax + 4, y, percentW, line), Qt::AlignRight | Qt::AlignVCenter,
                       QString::number(item.probability * 100.0, 'f', 1) + QLatin1Char('%'));
        }
    }
}

} // namespace causeway::widgets
