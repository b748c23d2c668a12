#include "prompteditor.h"

#include <QEvent>
#include <QHelpEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <QVBoxLayout>

namespace causeway::widgets {

namespace {
constexpr int kPadX = 5, kPadY = 2, kGap = 4, kRowGap = 3;

QFont indexFont(const QFont& base) {
    QFont f = base;
    f.setPointSizeF(std::max(6.0, base.pointSizeF() * 0.72));
    return f;
}
} // namespace

TokenChips::TokenChips(QWidget* parent) : QWidget(parent) {
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    setMouseTracking(true);
}

QString TokenChips::visibleText(const QString& token) {
    QString s = token;
    s.replace(QLatin1Char(' '), QChar(0x00B7));
    s.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    s.replace(QLatin1Char('\t'), QStringLiteral("\\t"));
    if (s.isEmpty()) s = QStringLiteral("\u2205");
    return s;
}

void TokenChips::setTokens(const QStringList& tokens, const QVector<bool>& special) {
    tokens_ = tokens;
    special_ = special;
    special_.resize(tokens.size());
    highlighted_.resize(tokens.size());
    if (selEnd_ > tokens.size()) setSelection(-1, -1);
    relayout();
}

void TokenChips::setHighlighted(const QVector<bool>& highlighted) {
    highlighted_ = highlighted;
    highlighted_.resize(tokens_.size());
    update();
}

void TokenChips::setSelectable(bool selectable) {
    selectable_ = selectable;
    setCursor(selectable ? Qt::PointingHandCursor : Qt::ArrowCursor);
    if (!selectable) setSelection(-1, -1);
}

void TokenChips::setSelection(int begin, int end) {
    if (begin < 0 || end <= begin || end > tokens_.size()) begin = end = -1;
    if (begin == selBegin_ && end == selEnd_) return;
    selBegin_ = begin;
    selEnd_ = end;
    update();
    Q_EMIT selectionChanged(begin, end);
}

QVector<QRect> TokenChips::layoutChips(int width) const {
    QVector<QRect> rects;
    const QFontMetrics fm(font());
    const QFontMetrics im(indexFont(font()));
    const int chipH = fm.height() + 2 * kPadY;
    const int rowH = chipH + im.height() + kRowGap;
    int x = 0, y = 0;
    for (const QString& t : tokens_) {
        const int w = std::max(fm.horizontalAdvance(visibleText(t)) + 2 * kPadX, im.horizontalAdvance(QStringLiteral("000")) + 4);
        if (x > 0 && x + w > width) {
            x = 0;
            y += rowH;
        }
        rects.push_back(QRect(x, y, w, chipH));
        x += w + kGap;
    }
    return rects;
}

void TokenChips::relayout() {
    rects_ = layoutChips(std::max(width(), 50));
    updateGeometry();
    update();
}

int TokenChips::heightForWidth(int width) const {
    const QVector<QRect> r = layoutChips(width);
    const QFontMetrics im(indexFont(font()));
    if (r.isEmpty()) return QFontMetrics(font()).height() + 2 * kPadY + im.height();
    return r.back().bottom() + 1 + im.height();
}

QSize TokenChips::sizeHint() const { return QSize(300, heightForWidth(300)); }
QSize TokenChips::minimumSizeHint() const { return QSize(50, heightForWidth(width() > 0 ? width() : 300)); }

void TokenChips::resizeEvent(QResizeEvent*) {
    const QVector<QRect> r = layoutChips(width());
    if (r != rects_) {
        rects_ = r;
        updateGeometry();
    }
}

QRect TokenChips::chipRect(int index) const { return rects_.value(index); }

int TokenChips::chipAt(const QPoint& pos) const {
    for (int i = 0; i < rects_.size(); ++i)
        if (rects_[i].adjusted(-kGap / 2, -kRowGap, kGap / 2, kRowGap).contains(pos)) return i;
    return -1;
}

void TokenChips::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const bool dark = pal.color(QPalette::Window).lightness() < 128;
    const QFont index = indexFont(font());
    const QFontMetrics im(index);
    for (int i = 0; i < tokens_.size() && i < rects_.size(); ++i) {
        const QRect r = rects_[i];
        const bool selected = i >= selBegin_ && i < selEnd_;
        const bool hl = highlighted_.value(i);
        QColor fill = pal.color(QPalette::AlternateBase);
        QColor border = pal.color(QPalette::Mid);
        QColor text = pal.color(QPalette::Text);
        if (hl) {
            fill = dark ? QColor(120, 80, 10) : QColor(255, 222, 160);
            border = dark ? QColor(230, 160, 40) : QColor(200, 120, 0);
        }
        if (selected) {
            fill = pal.color(QPalette::Highlight);
            text = pal.color(QPalette::HighlightedText);
            border = fill.darker(130);
        }
        QPainterPath path;
        path.addRoundedRect(QRectF(r).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
        p.fillPath(path, fill);
        p.setPen(QPen(border, hl ? 1.5 : 1));
        p.drawPath(path);
        QFont f = font();
        if (special_.value(i)) {
            f.setItalic(true);
            if (!selected) text = pal.color(QPalette::PlaceholderText);
        }
        p.setFont(f);
        p.setPen(text);
        p.drawText(r, Qt::AlignCenter, visibleText(tokens_[i]));
        p.setFont(index);
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(QRect(r.left(), r.bottom() + 1, r.width(), im.height()), Qt::AlignHCenter | Qt::AlignTop, QString::number(i));
    }
}

bool TokenChips::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        const int i = chipAt(help->pos());
        if (i >= 0)
            QToolTip::showText(help->globalPos(), tr("Token %1: \u201c%2\u201d").arg(i).arg(tokens_[i]), this, rects_[i]);
        else
            QToolTip::hideText();
        return true;
    }
    if (e->type() == QEvent::FontChange) relayout();
    return QWidget::event(e);
}

void TokenChips::mousePressEvent(QMouseEvent* e) {
    if (!selectable_ || e->button() != Qt::LeftButton) return QWidget::mousePressEvent(e);
    const int i = chipAt(e->pos());
    if (i < 0) {
        setSelection(-1, -1);
        return;
    }
    if ((e->modifiers() & Qt::ShiftModifier) && selBegin_ >= 0) {
        const int a = anchor_ >= 0 ? anchor_ : selBegin_;
        setSelection(std::min(a, i), std::max(a, i) + 1);
    } else {
        anchor_ = i;
        setSelection(i, i + 1);
    }
}

void TokenChips::mouseMoveEvent(QMouseEvent* e) {
    if (!selectable_ || !(e->buttons() & Qt::LeftButton) || anchor_ < 0) return QWidget::mouseMoveEvent(e);
    const int i = chipAt(e->pos());
    if (i >= 0) setSelection(std::min(anchor_, i), std::max(anchor_, i) + 1);
}

void TokenChips::mouseReleaseEvent(QMouseEvent* e) { QWidget::mouseReleaseEvent(e); }

PromptEditor::PromptEditor(const QString& title, QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(3);
    title_ = new QLabel(title, this);
    QFont bold = title_->font();
    bold.setBold(true);
    title_->setFont(bold);
    edit_ = new QLineEdit(this);
    edit_->setClearButtonEnabled(true);
    title_->setBuddy(edit_);
    chips_ = new TokenChips(this);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    status_->hide();
    layout->addWidget(title_);
    layout->addWidget(edit_);
    layout->addWidget(chips_);
    layout->addWidget(status_);
    setAccessibleName(title);
    edit_->setAccessibleName(title);
    connect(edit_, &QLineEdit::textChanged, this, &PromptEditor::textChanged);
}

QString PromptEditor::text() const { return edit_->text(); }
void PromptEditor::setText(const QString& text) { edit_->setText(text); }
void PromptEditor::setPlaceholderText(const QString& text) { edit_->setPlaceholderText(text); }
void PromptEditor::setTokens(const QStringList& tokens, const QVector<bool>& special) { chips_->setTokens(tokens, special); }

void PromptEditor::compareWith(const QStringList& other) {
    const QStringList mine = chips_->tokens();
    QVector<bool> differs(mine.size());
    for (int i = 0; i < mine.size(); ++i) differs[i] = other.isEmpty() ? false : (i >= other.size() || other[i] != mine[i]);
    chips_->setHighlighted(differs);
}

void PromptEditor::setStatus(const QString& text, bool error) {
    status_->setText(text);
    status_->setVisible(!text.isEmpty());
    QPalette pal = palette();
    if (error) {
        const bool dark = pal.color(QPalette::Window).lightness() < 128;
        pal.setColor(QPalette::WindowText, dark ? QColor(255, 130, 120) : QColor(180, 20, 20));
    }
    status_->setPalette(pal);
}

QString PromptEditor::status() const { return status_->text(); }

} // namespace causeway::widgets
