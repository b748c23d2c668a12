// The workbench's results without a window (app/gui/result_store.h): adding, streaming cells into
// the running result, removing with undo, the shown index and the unsaved flag.
#include "result_store.h"

#include <QSignalSpy>
#include <QUndoStack>
#include <QtTest/QtTest>

using namespace causeway;
using namespace causeway::app;

namespace {

StoredResult named(const QString& name, int64_t cellsDone = 4) {
    StoredResult s;
    s.modelName = name;
    s.result.cellsDone = cellsDone;
    s.result.cellsTotal = 4;
    return s;
}

QStringList names(const ResultStore& store) {
    QStringList out;
    for (const StoredResult& s : store.results()) out << s.modelName;
    return out;
}

} // namespace

class ResultStoreTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void addsResults() {
        ResultStore store;
        QSignalSpy added(&store, &ResultStore::added);
        QVERIFY(store.isEmpty());
        QCOMPARE(store.lastIndex(), -1);
        QCOMPARE(store.add(named(QStringLiteral("a"))), 0);
        QCOMPARE(store.add(named(QStringLiteral("b"))), 1);
        QCOMPARE(added.count(), 2);
        QCOMPARE(added.at(1).at(0).toInt(), 1);
        QCOMPARE(names(store), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
        QCOMPARE(store.runningIndex(), -1);
        QVERIFY(!store.isDirty()); // a difference map is not saved, so it leaves nothing unsaved
    }

    void streamsIntoTheRunningResult() {
        ResultStore store;
        store.add(named(QStringLiteral("done")));
        QSignalSpy changed(&store, &ResultStore::changed);
        QSignalSpy dirty(&store, &ResultStore::dirtyChanged);
        QVERIFY(!store.updateRunning(ExperimentResult{})); // nothing running
        const int running = store.addRunning(named(QStringLiteral("run"), 0));
        QCOMPARE(running, 1);
        QCOMPARE(store.runningIndex(), 1);
        QVERIFY(store.at(1).running);
        for (int64_t done = 1; done <= 3; ++done) {
            ExperimentResult partial;
            partial.cellsDone = done;
            partial.cellsTotal = 4;
            QVERIFY(store.updateRunning(partial));
            QCOMPARE(store.at(1).result.cellsDone, done);
            QVERIFY(store.at(1).running);
        }
        QCOMPARE(changed.count(), 3);
        QVERIFY(!store.isDirty());
        ExperimentResult finished;
        finished.cellsDone = 4;
        finished.cellsTotal = 4;
        QCOMPARE(store.finishRunning(finished), 1);
        QCOMPARE(store.runningIndex(), -1);
        QVERIFY(!store.at(1).running);
        QCOMPARE(store.at(1).result.cellsDone, int64_t(4));
        QVERIFY(store.isDirty());
        QCOMPARE(dirty.count(), 1);
        QCOMPARE(store.finishRunning(finished), -1); // nothing runs any more
    }

    void dropsAFailedRun() {
        ResultStore store;
        store.add(named(QStringLiteral("a")));
        store.addRunning(named(QStringLiteral("run"), 0));
        store.setShown(1);
        QSignalSpy dropped(&store, &ResultStore::runDropped);
        store.dropRunning();
        QCOMPARE(names(store), QStringList{QStringLiteral("a")});
        QCOMPARE(store.runningIndex(), -1);
        QCOMPARE(store.shown(), -1);
        QCOMPARE(dropped.count(), 1);
        QCOMPARE(dropped.at(0).at(0).toInt(), 1);
        QVERIFY(!store.isDirty());
    }

    void removesAndUndoes() {
        ResultStore store;
        for (const char* n : {"a", "b", "c", "d"}) store.add(named(QString::fromLatin1(n)));
        store.setShown(2);
        QUndoStack undo;
        QSignalSpy removed(&store, &ResultStore::removed);
        QSignalSpy restored(&store, &ResultStore::restored);
        QVERIFY(store.remove({3, 1, 1, 7, -1}, &undo)); // duplicates and rows out of range are ignored
        QCOMPARE(names(store), (QStringList{QStringLiteral("a"), QStringLiteral("c")}));
        QCOMPARE(store.shown(), -1);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.at(0).at(0).value<QList<int>>(), (QList<int>{1, 3}));
        QCOMPARE(undo.count(), 1);
        undo.undo();
        QCOMPARE(names(store), (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")}));
        QCOMPARE(restored.count(), 1);
        QCOMPARE(store.shown(), -1);
        undo.redo();
        QCOMPARE(names(store), (QStringList{QStringLiteral("a"), QStringLiteral("c")}));
        QVERIFY(!store.remove({5}, &undo)); // nothing there
        QCOMPARE(undo.count(), 1);
    }

    void neverRemovesTheRunningResult() {
        ResultStore store;
        store.add(named(QStringLiteral("a")));
        store.add(named(QStringLiteral("b")));
        store.addRunning(named(QStringLiteral("run"), 0));
        QUndoStack undo;
        QVERIFY(!store.remove({2}, &undo));
        QVERIFY(store.remove({0, 2}, &undo));
        QCOMPARE(names(store), (QStringList{QStringLiteral("b"), QStringLiteral("run")}));
        QCOMPARE(store.runningIndex(), 1); // follows its entry
        undo.undo();
        QCOMPARE(store.runningIndex(), 2);
        QCOMPARE(store.at(store.runningIndex()).modelName, QStringLiteral("run"));
    }

    void tracksTheShownResult() {
        ResultStore store;
        store.add(named(QStringLiteral("a")));
        store.add(named(QStringLiteral("b")));
        QSignalSpy shown(&store, &ResultStore::shownChanged);
        QCOMPARE(store.shown(), -1);
        store.setShown(1);
        store.setShown(1); // no change, no signal
        QCOMPARE(store.shown(), 1);
        store.setShown(9); // out of range: nothing shown
        QCOMPARE(store.shown(), -1);
        QCOMPARE(shown.count(), 2);
    }

    void replacesEverything() {
        ResultStore store;
        store.add(named(QStringLiteral("old")));
        store.addRunning(named(QStringLiteral("run"), 0));
        store.setShown(0);
        QSignalSpy replaced(&store, &ResultStore::allReplaced);
        store.replaceAll({named(QStringLiteral("x")), named(QStringLiteral("y"))}, true);
        QCOMPARE(names(store), (QStringList{QStringLiteral("x"), QStringLiteral("y")}));
        QCOMPARE(store.shown(), -1);
        QCOMPARE(store.runningIndex(), -1);
        QVERIFY(store.isDirty());
        QCOMPARE(replaced.count(), 1);
        store.setDirty(false);
        QVERIFY(!store.isDirty());
        StoredResult z = named(QStringLiteral("z"));
        QSignalSpy changed(&store, &ResultStore::changed);
        store.replace(1, z);
        QCOMPARE(names(store), (QStringList{QStringLiteral("x"), QStringLiteral("z")}));
        QCOMPARE(changed.count(), 1);
        store.replace(5, z); // out of range: ignored
        QCOMPARE(changed.count(), 1);
    }
};

QTEST_GUILESS_MAIN(ResultStoreTest)
#include "test_result_store.moc"
