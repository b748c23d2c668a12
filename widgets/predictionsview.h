#pragma once
// Top-k next-token predictions of several runs side by side (clean, corrupted, patched, ...):
// one column per run, one row per token with a probability bar.
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

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QVector<PredictionColumn> columns_;
    QStringList highlighted_;
    QString message_;
};

} // namespace causeway::widgets
