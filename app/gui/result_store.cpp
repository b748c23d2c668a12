#include "result_store.h"

#include "function_command.h"

#include <QUndoStack>

#include <algorithm>

namespace causeway::app {

ResultStore::ResultStore(QObject* parent) : QObject(parent) {}

void ResultStore::setShown(int index) {
    if (index < -1 || index >= count()) index = -1;
    if (index == shown_) return;
    shown_ = index;
    Q_EMIT shownChanged(index);
}

void ResultStore::setDirty(bool dirty) {
    if (dirty == dirty_) return;
    dirty_ = dirty;
    Q_EMIT dirtyChanged(dirty);
}

int ResultStore::add(const StoredResult& stored) {
    results_.push_back(stored);
    const int index = lastIndex();
    Q_EMIT added(index);
    return index;
}

int ResultStore::addRunning(StoredResult stored) {
    stored.running = true;
    results_.push_back(stored);
    runningIndex_ = lastIndex();
    Q_EMIT added(runningIndex_);
    return runningIndex_;
}

bool ResultStore::updateRunning(const ExperimentResult& partial) {
    if (runningIndex_ < 0) return false;
    results_[runningIndex_].result = partial;
    Q_EMIT changed(runningIndex_);
    return true;
}

int ResultStore::finishRunning(const ExperimentResult& result) {
    if (runningIndex_ < 0) return -1;
    const int index = runningIndex_;
    StoredResult& stored = results_[index];
    stored.result = result;
    stored.running = false;
    runningIndex_ = -1;
    setDirty(true);
    Q_EMIT changed(index);
    return index;
}

void ResultStore::dropRunning() {
    if (runningIndex_ < 0) return;
    const int index = runningIndex_;
    results_.removeAt(index);
    runningIndex_ = -1;
    if (shown_ == index) forgetShown();
    else if (shown_ > index) --shown_;
    Q_EMIT runDropped(index);
}

void ResultStore::replace(int index, const StoredResult& stored) {
    if (index < 0 || index >= count()) return;
    results_[index] = stored;
    Q_EMIT changed(index);
}

void ResultStore::replaceAll(const QVector<StoredResult>& results, bool dirty) {
    results_ = results;
    forgetShown();
    runningIndex_ = -1;
    setDirty(dirty);
    Q_EMIT allReplaced();
}

void ResultStore::forgetShown() {
    if (shown_ == -1) return;
    shown_ = -1;
    Q_EMIT shownChanged(-1);
}

bool ResultStore::remove(QList<int> rows, QUndoStack* undo) {
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    rows.removeIf([this](int r) { return r < 0 || r >= count() || r == runningIndex_; });
    if (rows.isEmpty()) return false;
    QVector<QPair<int, StoredResult>> removed;
    for (int r : rows) removed.push_back({r, results_[r]});
    auto* command = new FunctionCommand(
        tr("Remove %n result(s)", nullptr, static_cast<int>(removed.size())), [this, removed] { restoreRows(removed); },
        [this, rows] { removeRows(rows); }, false);
    if (undo) undo->push(command); // pushing does the removal
    else {
        command->redo();
        delete command;
    }
    return true;
}

void ResultStore::removeRows(const QList<int>& rows) {
    for (auto it = rows.crbegin(); it != rows.crend(); ++it) {
        results_.removeAt(*it);
        if (runningIndex_ > *it) --runningIndex_;
    }
    forgetShown();
    Q_EMIT removed(rows);
}

void ResultStore::restoreRows(const QVector<QPair<int, StoredResult>>& rows) {
    QList<int> indexes;
    for (const auto& [index, stored] : rows) {
        results_.insert(index, stored);
        if (runningIndex_ >= index) ++runningIndex_;
        indexes << index;
    }
    forgetShown();
    Q_EMIT restored(indexes);
}

} // namespace causeway::app
