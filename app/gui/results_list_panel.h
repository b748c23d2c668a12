#pragma once
// The Results dock: one line per stored result (its kind, model, cells and time; italic when it
// was computed on another model than the open one), and the Difference and Remove buttons.
#include "result_store.h"

#include <QWidget>

#include <functional>

class QListWidget;
class QPushButton;

namespace causeway::app {

class ResultsListPanel : public QWidget {
    Q_OBJECT
public:
    // `mismatch` says why a result cannot be probed with the open model (empty when it can).
    ResultsListPanel(const ResultStore* store, std::function<QString(const StoredResult&)> mismatch, QWidget* parent = nullptr);

    void refresh();                 // the lines again from the store; the shown result current
    void setCurrentRow(int index);  // without asking to show it (-1: none)

    QListWidget* list() const { return list_; }

Q_SIGNALS:
    void showRequested(int index);
    void compareRequested(int a, int b); // a − b, the newer first
    void removeRequested(const QList<int>& rows);

private:
    const ResultStore* store_;
    std::function<QString(const StoredResult&)> mismatch_;
    QListWidget* list_ = nullptr;
    QPushButton* compareButton_ = nullptr;
    QPushButton* removeButton_ = nullptr;
};

} // namespace causeway::app
