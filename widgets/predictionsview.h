#pragma once
// Top-k next-token predictions of several runs side by side (clean, corrupted, patched, ...):
// one column per run, one row per token with a probability bar. Tokens are shown whole, elided
// only when their column is too narrow; the tooltip has the whole token and its probability.
#include <QVector>
#include <QWidget>

namespace causeway::widgets {

struct Prediction {
    QString token;          // display text
    double probability = 0; // 0..1
};

struct PredictionColumn {
    QString title;
    QVector<Prediction> items; // most likely first
    QString footer = {};       // one line under the rows (the experts an MoE layer chose); may be empty
};

class PredictionsView : public QWidget {
    Q_OBJECT
public:
    explicit PredictionsView(QWidget* parent = nullptr);

    void setColumns(const QVector<PredictionColumn>& columns);
    const QVector<PredictionColumn>& columns() const { return columns_; }
    // Tokens drawn emphasised wherever they appear (the answer tokens).
    void setHighlightedTokens(const QStringList& tokens);
    // Shown instead of the columns when there are none.
    void setMessage(const QString& message);
    QString message() const { return message_; }
    void clear();

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    // A token as drawn (elided when its column is too narrow), and where (tests look there).
    QString shownToken(int column, int row) const;
    QRect tokenRect(int column, int row) const;
    // A column's title as drawn: up to two lines, elided past them.
    QString shownTitle(int column) const;
    // A column's footer as drawn (elided to the column; the tooltip has all of it).
    QString shownFooter(int column) const;
    // The tooltip at a point: the whole token and its probability, or the whole title.
    QString toolTipAt(const QPoint& pos) const;

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    struct Placement;
    Placement placement() const;
    QString fitToken(const Prediction& item, const Placement& placement) const;
    QFont tokenFont(const Prediction& item) const;

    QVector<PredictionColumn> columns_;
    QStringList highlighted_;
    QString message_;
};

} // namespace causeway::widgets
