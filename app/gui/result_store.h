#pragma once
// The workbench's results: the list the Results dock shows, which one is on the maps, which one a
// run is filling, and whether any is unsaved. No widgets: the window and the autosave watch its
// signals; tests drive it alone.
#include "session.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QVector>

class QUndoStack;

namespace causeway::app {

struct StoredResult {
    ExperimentResult result;
    QString label;
    bool running = false;
    bool difference = false; // a difference map of two results (not saved, no predictions)
    QString differenceOf;    // "#2 − #1"
    // The model that computed it: results outlive the open model, so probing a cell or naming an
    // answer token must never go through another model's weights or vocabulary.
    QString modelName;       // shown in the list ("demo", "gpt2-tiny")
    QString modelFolder;     // absolute; empty when it could not be resolved
    QString weightsHash;     // the fingerprint of its weight files when it ran
};

class ResultStore : public QObject {
    Q_OBJECT
public:
    explicit ResultStore(QObject* parent = nullptr);

    const QVector<StoredResult>& results() const { return results_; }
    int count() const { return static_cast<int>(results_.size()); }
    bool isEmpty() const { return results_.isEmpty(); }
    const StoredResult& at(int index) const { return results_[index]; }
    int lastIndex() const { return count() - 1; } // -1 when empty

    // The result on the maps (-1: none; the maps show the grid of the next run).
    int shown() const { return shown_; }
    void setShown(int index);
    // The result a run is filling (-1: none).
    int runningIndex() const { return runningIndex_; }
    // Results finished since the last save or open.
    bool isDirty() const { return dirty_; }
    void setDirty(bool dirty);

    int add(const StoredResult& stored); // a finished result (a difference map); returns its index
    int addRunning(StoredResult stored); // the one the starting run fills; returns its index
    // The running result's cells so far; false when no result is running.
    bool updateRunning(const ExperimentResult& partial);
    // The run ended with `result`: kept, no longer running, and unsaved. Its index, or -1.
    int finishRunning(const ExperimentResult& result);
    void dropRunning(); // the run failed or stopped before its first cell: its entry goes
    // Replaces a result in place (a kind showing more of it, e.g. an attention pattern).
    void replace(int index, const StoredResult& stored);
    // Everything at once (an opened experiment, a restored autosave): nothing shown or running.
    void replaceAll(const QVector<StoredResult>& results, bool dirty);

    // Removes the rows (never the running one) as a step on `undo`: undoing puts them back at
    // their places. Either way nothing is shown afterwards. False when no row could be removed.
    bool remove(QList<int> rows, QUndoStack* undo);

Q_SIGNALS:
    void added(int index);
    void changed(int index);                // cells streamed in, a run finished, a result replaced
    void removed(const QList<int>& rows);   // rows in the list before the removal, ascending
    void runDropped(int index);             // the running result's entry went (dropRunning)
    void restored(const QList<int>& rows);  // an undone removal: back at these rows
    void allReplaced();                     // replaced as a whole
    void shownChanged(int index);
    void dirtyChanged(bool dirty);

private:
    void forgetShown(); // shown_ = -1, announced
    void removeRows(const QList<int>& rows);
    void restoreRows(const QVector<QPair<int, StoredResult>>& rows);

    QVector<StoredResult> results_;
    int shown_ = -1;
    int runningIndex_ = -1;
    bool dirty_ = false;
};

} // namespace causeway::app
