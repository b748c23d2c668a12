// causeway: the interpretability workbench.
//   causeway [MODEL_FOLDER | EXPERIMENT.json]
// With nothing given it opens the bundled demo model (and the first example experiment) when
// they are installed. The --screenshot options script the window for the documentation
// (docs/screenshots/README.md): open, type, select, run, click, then save a PNG and quit.
#include "appsettings.h"
#include "autosave.h"
#include "common/openmp_policy.h"
#include "mainwindow.h"

#include "heatmapview.h"
#include "prompteditor.h"
#include "gridcell.h"

#include "safeapplication.h"
#include "termination.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QLineEdit>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QTabWidget>
#include <QTimer>

#include <cstdio>
#include <functional>

using namespace causeway;
using namespace causeway::app;

namespace {

// Runs the scripted steps one after another; each step may wait for a window signal.
class Script : public QObject {
public:
    Script(MainWindow* w, QCommandLineParser& args) : window_(w), args_(args) {}

    void start() { QTimer::singleShot(0, this, [this] { next(); }); }
    void add(std::function<void()> step) { steps_.push_back({std::move(step), nullptr}); }
    // `step` returns false when it could not start what the signal would report (then the
    // script goes on without waiting, after printing why).
    template <typename Signal>
    void addAndWait(std::function<bool()> step, Signal signal) {
        steps_.push_back({[this, step] {
                              if (!step()) {
                                  qWarning("causeway: a scripted step did not start: %s", qPrintable(window_->runStatus()->text()));
                                  delete waiter_;
                                  QTimer::singleShot(50, this, [this] { next(); });
                              }
                          },
                          [this, signal] {
                              waiter_ = new QObject(this);
                              QObject* once = waiter_;
                              QObject::connect(window_, signal, once, [this, once] {
                                  once->deleteLater();
                                  QTimer::singleShot(50, this, [this] { next(); });
                              });
                          }});
    }

private:
    void next() {
        if (index_ >= steps_.size()) return;
        auto& s = steps_[index_++];
        if (s.wait) s.wait();
        s.run();
        if (!s.wait) QTimer::singleShot(50, this, [this] { next(); });
    }
    struct Step {
        std::function<void()> run;
        std::function<void()> wait;
    };
    MainWindow* window_;
    QCommandLineParser& args_;
    std::vector<Step> steps_;
    std::size_t index_ = 0;
    QPointer<QObject> waiter_;
};

QVector<int> numbers(const QString& text) {
    QVector<int> out;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) out << part.trimmed().toInt();
    return out;
}

void selectRect(MainWindow& window, const QString& rect) {
    const QVector<int> r = numbers(rect);
    QVector<widgets::GridCell> cells;
    if (r.size() == 4)
        for (int row = r[0]; row <= r[2]; ++row)
            for (int col = r[1]; col <= r[3]; ++col) cells.push_back({row, col});
    window.setSelectedCells(cells);
}

} // namespace

int main(int argc, char** argv) {
    causeway::restartWithPassiveOpenMpWaiting(argv);
    causeway::app::SafeApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Causeway"));
    QApplication::setApplicationName(QStringLiteral("Causeway"));
    QApplication::setApplicationVersion(QStringLiteral(CAUSEWAY_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.causeway.Workbench")); // packaging/io.causeway.Workbench.desktop

    // The language first (the setting, or --language CODE / --language=CODE for this run), so that
    // --help is translated too.
    const AppSettings settings = AppSettings::load();
    QString language = settings.language;
    const QStringList arguments = QApplication::arguments();
    for (int i = 1; i < arguments.size(); ++i) {
        if (arguments[i] == QLatin1String("--language") && i + 1 < arguments.size()) language = arguments[i + 1];
        else if (arguments[i].startsWith(QLatin1String("--language="))) language = arguments[i].mid(11);
    }
    installTranslations(language);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Causeway interpretability workbench"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("path"), QApplication::translate("main", "A model folder or an experiment file (.json)."), QStringLiteral("[path]"));
    const QCommandLineOption empty(QStringLiteral("empty"), QApplication::translate("main", "Start without opening the demo model."));
    const QCommandLineOption theme(QStringLiteral("theme"), QApplication::translate("main", "light, dark or system."), QStringLiteral("theme"));
    const QCommandLineOption languageOption(QStringLiteral("language"),
                                            QApplication::translate("main", "Language for this run (%1); overrides the setting.")
                                                .arg(availableLanguages().join(QStringLiteral(", "))),
                                            QStringLiteral("code"));
    const QCommandLineOption shot(QStringLiteral("screenshot"), QApplication::translate("main", "Save the window as PNG and quit."), QStringLiteral("file"));
    const QCommandLineOption size(QStringLiteral("size"), QApplication::translate("main", "Window size, WxH."), QStringLiteral("size"));
    const QCommandLineOption clean(QStringLiteral("clean"), QApplication::translate("main", "Clean prompt."), QStringLiteral("text"));
    const QCommandLineOption corrupted(QStringLiteral("corrupted"), QApplication::translate("main", "Corrupted prompt."), QStringLiteral("text"));
    const QCommandLineOption component(QStringLiteral("component"), QApplication::translate("main", "Component to patch."), QStringLiteral("name"));
    const QCommandLineOption subject(QStringLiteral("subject"), QApplication::translate("main", "Subject tokens BEGIN,END."), QStringLiteral("range"));
    const QCommandLineOption select(QStringLiteral("select"), QApplication::translate("main", "Select grid cells ROW0,COL0,ROW1,COL1."), QStringLiteral("rect"));
    const QCommandLineOption sweepCells(QStringLiteral("sweep-cells"), QApplication::translate("main", "Select grid cells ROW0,COL0,ROW1,COL1 before running (the sweep computes only those)."), QStringLiteral("rect"));
    const QCommandLineOption run(QStringLiteral("run"), QApplication::translate("main", "patch, trace, or a kind from the Run menu by name (attention_patterns, logit_attribution, attribution_patching)."), QStringLiteral("kind"));
    const QCommandLineOption tab(QStringLiteral("tab"), QApplication::translate("main", "Heatmap tab to show."), QStringLiteral("index"));
    const QCommandLineOption click(QStringLiteral("click"), QApplication::translate("main", "Click heatmap cell ROW,COL."), QStringLiteral("cell"));
    const QCommandLineOption intervene(QStringLiteral("intervene"), QApplication::translate("main", "Run the intervention panel (vanilla, addition, subtraction, zero, noise, skip, collect)."), QStringLiteral("type"));
    const QCommandLineOption difference(QStringLiteral("difference"), QApplication::translate("main", "Run the patch twice more (second component) and show the difference."), QStringLiteral("component"));
    const QCommandLineOption restore(QStringLiteral("restore"),
                                     QApplication::translate("main", "After a crash: ask, yes or no to restoring the autosaved work (default: ask)."),
                                     QStringLiteral("answer"), QStringLiteral("ask"));
    QCommandLineOption batchDelay(QStringLiteral("batch-delay"), QString(), QStringLiteral("ms")); // tests: slow runs
    batchDelay.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({empty, theme, languageOption, shot, size, clean, corrupted, component, subject, select, sweepCells, run, tab, click, intervene, difference, restore, batchDelay});
    parser.process(app);

    applyTheme(parser.isSet(theme) ? parser.value(theme) : settings.theme);

    MainWindow window;
    // --screenshot scripts the window and quits; --run alone scripts the run and stays open.
    const bool screenshot = parser.isSet(shot), scripted = screenshot || parser.isSet(run);
    if (screenshot) window.setAskBeforeDiscarding(false);
    if (parser.isSet(batchDelay)) window.session()->setBatchDelayForTesting(parser.value(batchDelay).toInt());
    if (parser.isSet(size)) {
        const QStringList wh = parser.value(size).split(QLatin1Char('x'));
        if (wh.size() == 2) window.resize(wh[0].toInt(), wh[1].toInt());
    } else if (screenshot) {
        window.resize(1600, 1000);
    }
    window.show();

    // Autosave, and after a crash the offer to restore what it saved (not while making
    // documentation screenshots, unless asked).
    Autosave autosave(&window);
    const bool restored = (!screenshot || parser.isSet(restore)) && offerRestore(autosave, &window, parser.value(restore));
    if (restored) std::fprintf(stderr, "causeway: restored the autosaved work into %s\n", qPrintable(autosave.file()));

    Script script(&window, parser);
    if (scripted) {
        script.add([&] {
            if (parser.isSet(clean)) window.cleanEditor()->setText(parser.value(clean));
            if (parser.isSet(corrupted)) window.corruptedEditor()->setText(parser.value(corrupted));
            if (parser.isSet(component)) window.componentBox()->setCurrentText(parser.value(component));
            if (parser.isSet(subject)) {
                const QVector<int> r = numbers(parser.value(subject));
                if (r.size() == 2) window.cleanEditor()->chips()->setSelection(r[0], r[1]);
            }
            if (parser.isSet(sweepCells)) selectRect(window, parser.value(sweepCells));
        });
        if (parser.isSet(difference)) {
            script.addAndWait([&] { window.startPatch(); return window.session()->isRunning(); }, &MainWindow::runCompleted);
            script.add([&] { window.componentBox()->setCurrentText(parser.value(difference)); });
            script.addAndWait([&] { window.startPatch(); return window.session()->isRunning(); }, &MainWindow::runCompleted);
            script.add([&] {
                const int n = static_cast<int>(window.results().size());
                window.compareResults(n - 1, n - 2);
            });
        }
        if (parser.isSet(run))
            script.addAndWait(
                [&] {
                    const QString kind = parser.value(run);
                    if (kind == QLatin1String("trace")) window.startTrace();
                    else if (kind == QLatin1String("patch")) window.startPatch();
                    else if (!window.startKind(kind.toStdString())) qWarning("causeway: --run %s: no such kind", qPrintable(kind));
                    return window.session()->isRunning();
                },
                &MainWindow::runCompleted);
        if (parser.isSet(tab)) script.add([&] { window.mapTabs()->setCurrentIndex(parser.value(tab).toInt()); });
        if (parser.isSet(click))
            script.addAndWait(
                [&] {
                    const QVector<int> c = numbers(parser.value(click));
                    if (c.size() != 2 || !window.heatmap() || window.results().isEmpty()) return false;
                    Q_EMIT window.heatmap()->cellClicked(c[0], c[1]);
                    return true;
                },
                &MainWindow::predictionsShown);
        // The selection: after the runs, so that they sweep every cell and the selection is what
        // the intervention patches.
        if (parser.isSet(select))
            script.add([&] { selectRect(window, parser.value(select)); });
        if (parser.isSet(intervene))
            script.addAndWait(
                [&] {
                    // "zero" or "ZeroIntervention": the dock's types by pyvene class name.
                    const QString type = parser.value(intervene).toLower();
                    for (int i = 0; i < window.interventionBox()->count(); ++i)
                        if (window.interventionBox()->itemData(i).toString().toLower().startsWith(type)) window.interventionBox()->setCurrentIndex(i);
                    if (!window.interveneButton()->isEnabled()) return false;
                    window.runIntervention();
                    return true;
                },
                &MainWindow::interventionShown);
        if (screenshot) script.add([&] {
            QTimer::singleShot(400, &app, [&] {
                const QString file = parser.value(shot);
                QDir().mkpath(QFileInfo(file).absolutePath());
                const bool ok = window.grab().save(file);
                if (!ok) qWarning("causeway: could not write %s", qPrintable(file));
                QApplication::exit(ok ? 0 : 1);
            });
        });
    }
    const QStringList positional = parser.positionalArguments();
    QString path = positional.value(0);
    bool willOpenModel = false;
    if (!path.isEmpty()) {
        if (QFileInfo(path).isDir()) {
            window.openModelFolder(path);
            willOpenModel = true;
        } else {
            willOpenModel = window.openExperimentFile(path) && window.session()->isLoading();
        }
    } else if (restored) {
        willOpenModel = window.session()->isLoading();
    } else if (!parser.isSet(empty)) {
        willOpenModel = window.openStartupDefaults(!scripted);
    }

    if (scripted) {
        if (willOpenModel) {
            auto* once = new QObject(&window);
            QObject::connect(&window, &MainWindow::modelReady, once, [&script, once] {
                once->deleteLater();
                script.start();
            });
            QObject::connect(&window, &MainWindow::modelLoadFailed, once, [&script, once] {
                once->deleteLater();
                script.start();
            });
        } else {
            script.start();
        }
    }
    // Asked to end (logout, kill, Ctrl+C): save now, keep the autosave for the next start, quit
    // without the unsaved-results question nobody would answer.
    TerminationSignals termination;
    bool terminated = false;
    QObject::connect(&termination, &TerminationSignals::requested, &app, [&](int signalNumber) {
        if (terminated) return;
        terminated = true;
        if (!autosave.saveNow()) std::fprintf(stderr, "causeway: could not autosave: %s\n", qPrintable(autosave.lastError()));
        window.session()->cancelRun(); // the saved run comes back "interrupted after N of M cells"
        std::fprintf(stderr, "causeway: ended by signal %d; the autosave is kept for the next start\n", signalNumber);
        QApplication::exit(128 + signalNumber);
    });
    const int code = app.exec();
    if (!terminated) autosave.finish(); // a clean quit: nothing to restore next time
    return code;
}
