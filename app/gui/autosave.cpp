// Autosave and crash restore (autosave.h). The window's state is read and put back through its
// own members (Autosave is MainWindow's friend), the same way opening an experiment file does.
#include "autosave.h"
#include "std_text.h"
#include "thread_handoff.h"

#include "mainwindow.h"

#include "common/error.h"
#include "common/json_integers.h"
#include "experiments/results_io.h"
#include "io/atomic_file.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QUndoStack>

#include <cstdio>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace causeway::app {

namespace {

constexpr int kAutosaveFormat = 1;
const QString kFileName = QStringLiteral("autosave.json");
const QString kLockName = QStringLiteral("lock");

nlohmann::json readSnapshot(const QString& folder) {
    QFile file(QDir(folder).filePath(kFileName));
    if (!file.open(QIODevice::ReadOnly)) throw Error("Cannot read " + file.fileName().toStdString() + ".");
    const QByteArray bytes = file.readAll();
    try {
        nlohmann::json j = nlohmann::json::parse(bytes.constData(), bytes.constData() + bytes.size());
        if (!j.is_object() || j.value("format", nlohmann::json()) != kAutosaveFormat || !j.contains("results") || !j.contains("panels"))
            throw Error(file.fileName().toStdString() + " is not an autosave of this version of Causeway.");
        return j;
    } catch (const nlohmann::json::exception& e) {
        throw Error(file.fileName().toStdString() + " is not valid JSON (" + e.what() + ").");
    }
}

// Whether a snapshot holds anything a user would miss: a result, or a prompt typed.
bool worthRestoring(const nlohmann::json& j, const std::string& source) {
    if (!j["results"].empty()) return true;
    for (const auto& spec : j["panels"])
        if (!ExperimentSpec::fromJson(spec, source).prompt.empty()) return true;
    return false;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// FileLock

FileLock::~FileLock() { unlock(); }

bool FileLock::tryLock(const QString& file) {
    unlock();
    const int fd = ::open(QFile::encodeName(file).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return false;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return false;
    }
    fd_ = fd;
    return true;
}

void FileLock::unlock() {
    if (fd_ < 0) return;
    ::close(fd_); // closing drops the lock
    fd_ = -1;
}

// ---------------------------------------------------------------------------------------------
// Autosave

Autosave::Autosave(MainWindow* window, const QString& root) : QObject(window), window_(window), root_(root) {
    writer_.setMaxThreadCount(1);
    timer_.setSingleShot(true);
    connect(&timer_, &QTimer::timeout, this, [this] { write(snapshot(), false); });
    watchWindow();
}

Autosave::~Autosave() { writer_.waitForDone(); }

QString Autosave::defaultRoot() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)).filePath(QStringLiteral("autosave"));
}

QString Autosave::file() const { return folder_.isEmpty() ? QString() : QDir(folder_).filePath(kFileName); }

void Autosave::watchWindow() {
    MainWindow* w = window_;
    // Any edit in the panels (prompts, answers, settings) and any change of selection or results.
    for (auto* edit : w->findChildren<QLineEdit*>()) connect(edit, &QLineEdit::textChanged, this, &Autosave::changed);
    for (auto* box : w->findChildren<QComboBox*>()) connect(box, &QComboBox::currentIndexChanged, this, &Autosave::changed);
    for (auto* spin : w->findChildren<QSpinBox*>()) connect(spin, &QSpinBox::valueChanged, this, &Autosave::changed);
    for (auto* spin : w->findChildren<QDoubleSpinBox*>()) connect(spin, &QDoubleSpinBox::valueChanged, this, &Autosave::changed);
    for (auto* check : w->findChildren<QCheckBox*>()) connect(check, &QCheckBox::toggled, this, &Autosave::changed);
    connect(w->undoStack(), &QUndoStack::indexChanged, this, &Autosave::changed);
    const ResultStore* store = w->resultStore();
    connect(store, &ResultStore::added, this, &Autosave::changed);
    connect(store, &ResultStore::removed, this, &Autosave::changed);
    connect(store, &ResultStore::restored, this, &Autosave::changed);
    connect(store, &ResultStore::runDropped, this, &Autosave::changed);
    connect(store, &ResultStore::allReplaced, this, &Autosave::changed);
    // Cells streaming in must not hold the write back: like the run's progress, never restarts the delay.
    connect(store, &ResultStore::changed, this, &Autosave::runProgressed);
    connect(w, &MainWindow::modelReady, this, &Autosave::changed);
    connect(w, &MainWindow::resultShown, this, &Autosave::changed);
    // A finished run is written at once; a running one every few seconds with its cells so far.
    connect(w, &MainWindow::runCompleted, this, [this] {
        timer_.stop();
        write(snapshot(), false);
    });
    connect(w->session(), &Session::runProgress, this, &Autosave::runProgressed);
}

void Autosave::changed() {
    if (!finished_) timer_.start(delay_);
}

void Autosave::runProgressed() {
    if (!finished_ && !timer_.isActive()) timer_.start(delay_);
}

Autosave::Snapshot Autosave::snapshot() const {
    const MainWindow& w = *window_;
    Snapshot snap;
    nlohmann::json& j = snap.head;
    j["format"] = kAutosaveFormat;
    j["saved_at"] = QDateTime::currentDateTime().toString(Qt::ISODate).toStdString();
    j["model_folder"] = w.session_->modelInfo().folder.toStdString();
    j["experiment_file"] = w.experimentFile_.toStdString();
    j["unsaved"] = w.store_->isDirty();
    // Every kind's panel: together they are every control's value (the kinds share the prompts).
    nlohmann::json panels = nlohmann::json::array();
    for (const auto& [kind, panel] : w.panels_) {
        try {
            panels.push_back(w.currentSpec(kind).toJson());
        } catch (const std::exception&) {
            // A half-typed setting a kind rejects: the other panels still hold the prompts.
        }
    }
    j["panels"] = panels;
    snap.results = w.store_->results(); // shared until the store changes its list: the copy is cheap
    snap.shown = w.store_->shown();
    return snap;
}

QByteArray Autosave::Snapshot::serialize() const {
    nlohmann::json j = head;
    nlohmann::json list = nlohmann::json::array();
    int shownSaved = -1;
    for (int i = 0; i < results.size(); ++i) {
        const StoredResult& s = results[i];
        if (s.difference) continue; // derived from two others; compared again in a moment
        if (i == shown) shownSaved = static_cast<int>(list.size());
        list.push_back({{"result", s.result.toJson()},
                        {"running", s.running},
                        {"model_name", s.modelName.toStdString()},
                        {"model_folder", s.modelFolder.toStdString()},
                        {"weights_hash", s.weightsHash.toStdString()}});
    }
    j["results"] = list;
    j["shown"] = shownSaved;
    const std::string text = j.dump(1);
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

bool Autosave::ensureFolder() {
    if (!folder_.isEmpty()) return true;
    const QString folder = QDir(root_).filePath(
        QStringLiteral("session-%1-%2").arg(QDateTime::currentMSecsSinceEpoch()).arg(QCoreApplication::applicationPid()));
    try {
        createFolders(folder.toStdString());
    } catch (const std::exception& e) {
        lastError_ = QString::fromUtf8(e.what());
        return false;
    }
    if (!lock_.tryLock(QDir(folder).filePath(kLockName))) {
        lastError_ = tr("Cannot lock the autosave folder %1.").arg(QDir::toNativeSeparators(folder));
        return false;
    }
    folder_ = folder;
    return true;
}

bool Autosave::write(const Snapshot& snapshot, bool wait) {
    if (finished_ || !window_) return false;
    if (!ensureFolder()) {
        reportWrite(lastError_, QString());
        return false;
    }
    const int generation = ++*latestWrite_;
    const QString path = file();
    // Results can be large (a logit lens of a long prompt): turned into JSON on the writer's thread.
    auto save = [snapshot, path]() -> QString {
        try {
            const QByteArray bytes = snapshot.serialize();
            writeFileAtomically(path.toStdString(), std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
        } catch (const std::exception& e) {
            return QString::fromUtf8(e.what());
        }
        return {};
    };
    if (wait) {
        writer_.waitForDone();
        const QString error = save();
        reportWrite(error, path);
        return error.isEmpty();
    }
    QPointer<Autosave> self(this);
    auto latest = latestWrite_;
    startOnPool(writer_, [self, latest, generation, save, path] {
        if (latest->load() != generation) return; // a newer snapshot is queued behind this one
        const QString error = save();
        // ~Autosave waits for this thread, so `self` is valid to post to; the report runs on its thread.
        postToGui(self.data(), [self, error, path] {
            if (self) self->reportWrite(error, path);
        });
    });
    return true;
}

void Autosave::reportWrite(const QString& error, const QString& path) {
    lastError_ = error;
    if (error.isEmpty()) {
        Q_EMIT saved(path);
        return;
    }
    if (window_) window_->statusBar()->showMessage(tr("Autosave failed: %1").arg(error), 10000);
    Q_EMIT saveFailed(error);
}

bool Autosave::saveNow() {
    timer_.stop();
    return write(snapshot(), true);
}

void Autosave::finish() {
    finished_ = true;
    timer_.stop();
    writer_.waitForDone();
    if (!folder_.isEmpty()) QDir(folder_).removeRecursively();
    lock_.unlock();
    folder_.clear();
}

void Autosave::abandonForTesting() {
    finished_ = true;
    timer_.stop();
    writer_.waitForDone();
    lock_.unlock();
}

QString Autosave::findOrphan(const QString& root) {
    QString newest;
    QDateTime newestTime;
    const QDir dir(root);
    for (const QString& name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString folder = dir.filePath(name);
        FileLock lock;
        if (!lock.tryLock(QDir(folder).filePath(kLockName))) continue; // its workbench is running
        const QFileInfo saved(QDir(folder).filePath(kFileName));
        bool worth = false;
        try {
            worth = saved.exists() && worthRestoring(readSnapshot(folder), saved.filePath().toStdString());
        } catch (const std::exception&) {
            worth = false; // unreadable: nothing to restore
        }
        if (!worth) {
            QDir(folder).removeRecursively();
            continue;
        }
        if (newest.isEmpty() || saved.lastModified() > newestTime) {
            newest = folder;
            newestTime = saved.lastModified();
        }
    }
    return newest;
}

QString Autosave::describeOrphan(const QString& folder) {
    int results = 0, interrupted = 0;
    QString when;
    try {
        const nlohmann::json j = readSnapshot(folder);
        results = static_cast<int>(j["results"].size());
        for (const auto& r : j["results"]) interrupted += r.value("running", false) ? 1 : 0;
        when = QLocale().toString(QDateTime::fromString(q(j.value("saved_at", std::string())), Qt::ISODate), QLocale::ShortFormat);
    } catch (const std::exception&) {
    }
    QString text = tr("Causeway did not quit normally last time. Its open experiment and %n result(s) were autosaved at %1.", nullptr, results)
                       .arg(when);
    if (interrupted > 0) text += QLatin1Char(' ') + tr("A run was going on; its cells computed so far are kept, marked as interrupted.");
    return text;
}

bool Autosave::restore(const QString& orphan, QString* error) {
    if (!window_) return false;
    MainWindow& w = *window_;
    nlohmann::json j;
    QVector<StoredResult> results;
    std::vector<ExperimentSpec> specs;
    const std::string source = QDir(orphan).filePath(kFileName).toStdString();
    try {
        j = readSnapshot(orphan);
        for (const auto& saved : j["results"]) {
            StoredResult s;
            s.result = resultFromJson(saved.at("result"), source);
            if (saved.value("running", false)) s.result.status = RunStatus::Interrupted; // the program ended mid-run
            s.modelName = q(saved.value("model_name", std::string()));
            s.modelFolder = q(saved.value("model_folder", std::string()));
            s.weightsHash = q(saved.value("weights_hash", std::string()));
            results.push_back(s);
        }
        for (const auto& spec : j["panels"]) specs.push_back(ExperimentSpec::fromJson(spec, source));
    } catch (const std::exception& e) {
        if (error) *error = QString::fromUtf8(e.what());
        return false;
    }
    bool interrupted = false;
    for (const StoredResult& s : results) interrupted = interrupted || s.result.status == RunStatus::Interrupted;

    if (w.session_->isRunning()) w.session_->cancelRun();
    w.store_->replaceAll(results, j.value("unsaved", true) || interrupted);
    w.runJob_ = 0; // whatever still reports back belongs to no result now
    w.experimentFile_ = q(j.value("experiment_file", std::string()));
    w.setWindowFilePath(w.experimentFile_);
    MainWindow* window = window_;
    // The panels in the registry's order, as they were saved: patching's clears the subject that
    // tracing's then sets.
    w.applyWithModel(q(j.value("model_folder", std::string())), [window, specs] {
        for (const ExperimentSpec& spec : specs) window->applySpec(spec);
    });
    w.refreshResultList();
    const int shown = jsonIntegerOr<int>(j, "shown", -1, "The autosave");
    if (!results.isEmpty()) w.showResult(shown >= 0 && shown < results.size() ? shown : static_cast<int>(results.size()) - 1);
    else w.displayResult(StoredResult{}, false);
    w.statusBar()->showMessage(tr("Restored the autosaved experiment and %n result(s).", nullptr, static_cast<int>(results.size())), 8000);
    // Ours first, then the orphan goes: a crash in between loses nothing.
    saveNow();
    discard(orphan);
    return true;
}

void Autosave::discard(const QString& orphan) {
    FileLock lock;
    if (lock.tryLock(QDir(orphan).filePath(kLockName))) QDir(orphan).removeRecursively();
}

bool offerRestore(Autosave& autosave, QWidget* parent, const QString& policy) {
    const QString orphan = Autosave::findOrphan(autosave.root());
    if (orphan.isEmpty()) return false;
    bool restore = policy == QLatin1String("yes");
    if (policy == QLatin1String("no")) {
        Autosave::discard(orphan);
        return false;
    }
    if (policy != QLatin1String("yes")) {
        QMessageBox box(QMessageBox::Question, Autosave::tr("Restore Unsaved Work"), Autosave::describeOrphan(orphan), QMessageBox::NoButton, parent);
        QPushButton* restoreButton = box.addButton(Autosave::tr("Restore"), QMessageBox::AcceptRole);
        QPushButton* discardButton = box.addButton(QMessageBox::Discard);
        box.addButton(Autosave::tr("Not Now"), QMessageBox::RejectRole); // asked again at the next start
        box.setDefaultButton(restoreButton);
        box.exec();
        if (box.clickedButton() == discardButton) Autosave::discard(orphan);
        restore = box.clickedButton() == restoreButton;
    }
    if (!restore) return false;
    QString error;
    if (autosave.restore(orphan, &error)) return true;
    const QString message = Autosave::tr("The autosave could not be read: %1").arg(error);
    if (policy == QLatin1String("yes")) std::fprintf(stderr, "causeway: %s\n", qPrintable(message)); // no one to click a dialog
    else QMessageBox::warning(parent, Autosave::tr("Restore Unsaved Work"), message);
    return false;
}

} // namespace causeway::app
