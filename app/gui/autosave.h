#pragma once
// Autosave and crash restore. While the workbench runs, what the window holds is written to one
// file, autosave.json, in a folder of this process's own under the app's data folder
// (QStandardPaths::AppLocalDataLocation/autosave/session-…): the open experiment (every kind's
// prompts, settings and the selection, as the panels would run them), the results (finished ones,
// and the running one with its cells so far), the open model and the experiment file. It is
// written a moment after each change, right after each finished run, and every few seconds of a
// running one, atomically and off the GUI thread.
//
// The folder holds a lock file that the process keeps locked while it lives; a clean quit deletes
// the folder. A folder whose lock nobody holds belongs to a workbench that crashed or was killed:
// the next start offers to restore it (offerRestore), and a run that was going on comes back
// marked "interrupted after N of M cells".
#include "mainwindow.h"

#include <nlohmann/json.hpp>

#include <QObject>
#include <QPointer>
#include <QString>
#include <QThreadPool>
#include <QTimer>
#include <QVector>

#include <atomic>
#include <memory>

class QWidget;

namespace causeway::app {

// A lock held on a file while this object lives (flock; the kernel drops it when the process dies).
class FileLock {
public:
    FileLock() = default;
    ~FileLock();
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;
    bool tryLock(const QString& file); // creates the file; false when another process holds it
    void unlock();
    bool isLocked() const { return fd_ >= 0; }

private:
    int fd_ = -1;
};

class Autosave : public QObject {
    Q_OBJECT
public:
    // Watches `window` and saves under `root` (defaultRoot() unless a test gives its own).
    explicit Autosave(MainWindow* window, const QString& root = defaultRoot());
    ~Autosave() override; // waits for a write in flight; the folder stays (finish() removes it)

    static QString defaultRoot(); // AppLocalDataLocation/autosave
    QString root() const { return root_; }
    QString folder() const { return folder_; }          // empty until the first save
    QString file() const;                                // folder()/autosave.json
    QString lastError() const { return lastError_; }    // why the last save failed; empty when it worked
    void setDelay(int ms) { delay_ = ms; }               // after a change (default 1500 ms)

    // Writes the window's state now and waits for it; false (and lastError) on failure.
    bool saveNow();
    // A clean quit: no more saves, and the folder is deleted.
    void finish();
    // Tests: no more saves, and the folder is left unlocked as a crash leaves it.
    void abandonForTesting();

    // The newest autosave folder under `root` left by a process that is gone, or empty. Folders
    // that hold nothing worth restoring are deleted on the way.
    static QString findOrphan(const QString& root = defaultRoot());
    // One paragraph for the restore question: when it was saved, how many results, whether a run
    // was interrupted.
    static QString describeOrphan(const QString& folder);
    // Puts an orphan's experiment and results into the window, saves them into this process's
    // autosave, then deletes the orphan. False (and `error`) when it cannot be read.
    bool restore(const QString& orphan, QString* error = nullptr);
    static void discard(const QString& orphan);

Q_SIGNALS:
    void saved(const QString& file);
    void saveFailed(const QString& message);

private:
    void watchWindow();
    void changed();      // debounced
    void runProgressed(); // at most every delay while a run streams
    // What the window holds, taken on its thread; serialize() may run on any.
    struct Snapshot {
        nlohmann::json head; // everything but the results
        QVector<StoredResult> results;
        int shown = -1;
        QByteArray serialize() const;
    };
    Snapshot snapshot() const;
    bool write(const Snapshot& snapshot, bool wait);
    void reportWrite(const QString& error, const QString& path);
    bool ensureFolder();

    QPointer<MainWindow> window_;
    QString root_, folder_;
    FileLock lock_;
    QTimer timer_;
    int delay_ = 1500;
    bool finished_ = false;
    QString lastError_;
    QThreadPool writer_; // one thread: writes land in order
    std::shared_ptr<std::atomic<int>> latestWrite_ = std::make_shared<std::atomic<int>>(0);
};

// At start: when a crashed workbench left an autosave, asks whether to restore it (`policy`
// "ask"), or restores ("yes") or discards ("no") it without asking (tests, scripts). Returns
// whether it restored. "Not now" in the dialog keeps it for the next start.
bool offerRestore(Autosave& autosave, QWidget* parent, const QString& policy = QStringLiteral("ask"));

} // namespace causeway::app
