#pragma once
// A prompt: a line edit and, under it, the prompt's tokens as chips (the display texts the
// tokenizer gives, as causeway-cli tokenize prints them). The app tokenizes and hands the chips
// over as plain strings. Chips can be highlighted (positions differing from the other prompt)
// and selected by click, shift-click or drag (causal tracing's subject).
#include <QVector>
#include <QWidget>

class QLabel;
class QLineEdit;

namespace causeway::widgets {

class TokenChips : public QWidget {
    Q_OBJECT
public:
    explicit TokenChips(QWidget* parent = nullptr);

    void setTokens(const QStringList& tokens, const QVector<bool>& special = {});
    QStringList tokens() const { return tokens_; }
    void setHighlighted(const QVector<bool>& highlighted);
    QVector<bool> highlighted() const { return highlighted_; }
    void setSelectable(bool selectable);
    // Selected chips [begin, end); (-1, -1) when none.
    void setSelection(int begin, int end);
    int selectionBegin() const { return selBegin_; }
    int selectionEnd() const { return selEnd_; }
    // The chip's rectangle in this widget's coordinates.
    QRect chipRect(int index) const;
    int chipAt(const QPoint& pos) const;
    // What a chip shows: spaces as a middle dot, newlines as \n.
    static QString visibleText(const QString& token);

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void selectionChanged(int begin, int end);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool event(QEvent* event) override;

private:
    QVector<QRect> layoutChips(int width) const;
    void relayout();

    QStringList tokens_;
    QVector<bool> special_, highlighted_;
    QVector<QRect> rects_;
    bool selectable_ = false;
    int selBegin_ = -1, selEnd_ = -1, anchor_ = -1;
};

class PromptEditor : public QWidget {
    Q_OBJECT
public:
    explicit PromptEditor(const QString& title, QWidget* parent = nullptr);

    QString text() const;
    void setText(const QString& text);
    void setPlaceholderText(const QString& text);
    QLineEdit* lineEdit() const { return edit_; }
    TokenChips* chips() const { return chips_; }
    void setTokens(const QStringList& tokens, const QVector<bool>& special = {});
    QStringList tokens() const { return chips_->tokens(); }
    // Highlights the chips whose text differs from `other` at the same position (and those past
    // its end).
    void compareWith(const QStringList& other);
    // A short message under the chips ("7 tokens", or an error); empty hides it.
    void setStatus(const QString& text, bool error = false);
    QString status() const;

Q_SIGNALS:
    void textChanged(const QString& text);

private:
    QLabel* title_;
    QLineEdit* edit_;
    TokenChips* chips_;
    QLabel* status_;
};

} // namespace causeway::widgets
