#pragma once
// The Model dock: which model is open (or opening), its shape and size, and the error banner.
#include "session.h"

#include <QVector>
#include <QWidget>

class QLabel;

namespace causeway::app {

class ModelPanel : public QWidget {
    Q_OBJECT
public:
    explicit ModelPanel(QWidget* parent = nullptr);

    void showOpening(const QString& folder);
    void showModel(const ModelInfo& info);
    // Opening another model failed: `stillOpen` is the folder still in use, empty when none.
    void showLoadFailed(const QString& stillOpen);

    void showError(const QString& message, bool darkTheme); // the window's palette decides the colours
    void clearError();
    bool isErrorShown() const;

    QLabel* statusLabel() const { return status_; }
    QLabel* errorBanner() const { return errorBanner_; }

    static QString formatCount(qint64 n); // 124.4 M

private:
    QLabel* status_ = nullptr;
    QLabel* errorBanner_ = nullptr;
    QVector<QLabel*> infoValues_;
};

} // namespace causeway::app
