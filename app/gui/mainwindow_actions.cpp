// MainWindow's menus and toolbar, settings, experiment files, exports, the docks' layout, help and
// window events.
#include "mainwindow.h"
#include "std_text.h"

#include "appsettings.h"

#include "common/error.h"
#include "experiments/kind.h"
#include "experiments/patching.h"
#include "experiments/results_io.h"
#include "experiments/tracing.h"
#include "io/atomic_file.h"
#include "heatmapview.h"

#include <QAction>
#include <QApplication>
#include <QBuffer>
#include <QCloseEvent>
#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>
#include <QUrl>

namespace causeway::app {

void MainWindow::buildActions() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    openModelAction_ = file->addAction(tr("&Open Model Folder…"), this, &MainWindow::openModelDialog);
    openModelAction_->setShortcut(QKeySequence::Open);
    recentModelsMenu_ = file->addMenu(tr("Open &Recent Model"));
    file->addSeparator();
    QAction* openExp = file->addAction(tr("Open &Experiment…"), this, &MainWindow::openExperimentDialog);
    openExp->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    recentExperimentsMenu_ = file->addMenu(tr("Recent E&xperiments"));
    examplesMenu_ = file->addMenu(tr("E&xamples"));
    saveAction_ = file->addAction(tr("&Save Experiment"), this, &MainWindow::saveExperiment);
    saveAction_->setShortcut(QKeySequence::Save);
    QAction* saveAs = file->addAction(tr("Save Experiment &As…"), this, &MainWindow::saveExperimentAs);
    saveAs->setShortcut(QKeySequence::SaveAs);
    QMenu* exp = file->addMenu(tr("&Export"));
    exp->addAction(tr("Heatmap &Image (PNG, SVG, PDF)…"), this, &MainWindow::exportImage)->setShortcut(QKeySequence(tr("Ctrl+E")));
    exp->addAction(tr("Heatmap &Data (CSV)…"), this, &MainWindow::exportCsv);
    exp->addAction(tr("Result as &JSON…"), this, &MainWindow::exportJson);
    exp->addSeparator();
    exp->addAction(tr("&pyvene Script…"), this, &MainWindow::exportPyveneScript);
    exp->addAction(tr("pyvene &Config of the Selected Cell…"), this, &MainWindow::exportPyveneConfig);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = undoStack_->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = undoStack_->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts({QKeySequence::Redo, QKeySequence(tr("Ctrl+Y"))});
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    QAction* selectAll = edit->addAction(tr("Select &All Cells"), grid_, &GridPanel::selectAll);
    selectAll->setShortcut(QKeySequence(tr("Ctrl+Shift+A")));
    edit->addAction(tr("&Clear Cell Selection"), this, [this] { setSelectedCells({}); });
    edit->addSeparator();
    QAction* prefs = edit->addAction(tr("&Preferences…"), this, &MainWindow::showPreferences);
    prefs->setShortcut(QKeySequence::Preferences);
    prefs->setMenuRole(QAction::PreferencesRole);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    patchAction_ = run->addAction(tr("&Patch"), this, &MainWindow::startPatch);
    patchAction_->setShortcut(QKeySequence(tr("Ctrl+R")));
    traceAction_ = run->addAction(tr("&Trace"), this, &MainWindow::startTrace);
    traceAction_->setShortcut(QKeySequence(tr("Ctrl+T")));
    lensAction_ = run->addAction(tr("Logit &Lens"), this, &MainWindow::startLogitLens);
    addAnalysisKindActions(run);
    interveneAction_ = run->addAction(tr("&Intervene on Selected Cells"), this, &MainWindow::runIntervention);
    interveneAction_->setShortcut(QKeySequence(tr("Ctrl+I")));
    run->addSeparator();
    cancelAction_ = run->addAction(tr("&Cancel"), this, &MainWindow::cancelRun);
    cancelAction_->setShortcut(QKeySequence(Qt::Key_Escape));
    cancelAction_->setShortcutContext(Qt::WindowShortcut);
    cancelAction_->setEnabled(false);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* d : findChildren<QDockWidget*>()) view->addAction(d->toggleViewAction());
    view->addSeparator();
    view->addAction(tr("&Reset Layout"), this, &MainWindow::resetLayout);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&User Guide"), this, &MainWindow::showUserGuide)->setShortcut(QKeySequence::HelpContents);
    help->addAction(tr("&Keyboard Shortcuts"), this, &MainWindow::showShortcuts)->setShortcut(QKeySequence(tr("Ctrl+/")));
    help->addSeparator();
    help->addAction(tr("&About Causeway"), this, &MainWindow::showAbout);

    auto* tools = addToolBar(tr("Main"));
    tools->setObjectName(QStringLiteral("mainToolBar"));
    tools->setToolButtonStyle(Qt::ToolButtonTextOnly);
    tools->addAction(openModelAction_);
    tools->addAction(patchAction_);
    tools->addAction(traceAction_);
    tools->addAction(interveneAction_);
    tools->addAction(cancelAction_);
}

// ---------------------------------------------------------------------------------------------
// Settings

void MainWindow::readSettings() {
    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    applySettings();
    rebuildRecentMenus();
    rebuildExamplesMenu();
}

void MainWindow::applySettings() {
    const int shown = store_->shown();
    const AppSettings settings = AppSettings::load();
    threads_ = settings.threads;
    grid_->setColorMaps(settings.signedColorMap, settings.unsignedColorMap, settings.romeColors);
    const int m = metricBox()->findData(settings.defaultMetric);
    if (m >= 0 && store_->isEmpty()) metricBox()->setCurrentIndex(m);
    if (shown >= 0) displayResult(store_->at(shown), true);
}

void MainWindow::writeSettings() {
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
}

void MainWindow::addRecent(const QString& key, const QString& path) {
    QSettings s;
    QStringList list = s.value(key).toStringList();
    list.removeAll(path);
    list.prepend(path);
    while (list.size() > 8) list.removeLast();
    s.setValue(key, list);
    rebuildRecentMenus();
}

void MainWindow::rebuildRecentMenus() {
    QSettings s;
    auto fill = [this, &s](QMenu* menu, const QString& key, bool models) {
        menu->clear();
        const QStringList list = s.value(key).toStringList();
        for (const QString& path : list) {
            menu->addAction(QDir::toNativeSeparators(path), this, [this, path, models] {
                if (models) openModelFolder(path);
                else openExperimentFile(path);
            });
        }
        if (list.isEmpty()) menu->addAction(tr("(none)"))->setEnabled(false);
        else {
            menu->addSeparator();
            menu->addAction(tr("Clear List"), this, [this, key] {
                QSettings().remove(key);
                rebuildRecentMenus();
            });
        }
    };
    fill(recentModelsMenu_, QStringLiteral("recent/models"), true);
    fill(recentExperimentsMenu_, QStringLiteral("recent/experiments"), false);
}

void MainWindow::rebuildExamplesMenu() {
    examplesMenu_->clear();
    const QStringList files = Session::exampleExperimentFiles();
    for (const QString& f : files) examplesMenu_->addAction(QFileInfo(f).completeBaseName(), this, [this, f] { openExperimentFile(f); });
    if (files.isEmpty()) examplesMenu_->addAction(tr("(none installed)"))->setEnabled(false);
}

void MainWindow::showPreferences() {
    PreferencesDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted) {
        dialog.settings().save();
        applyTheme(dialog.settings().theme);
        applySettings();
    }
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About Causeway"),
                       tr("<b>Causeway %1</b><p>An interpretability workbench: activation patching, causal tracing and "
                          "single interventions on transformer language models, with pyvene's semantics.</p>")
                           .arg(QApplication::applicationVersion()));
}

// ---------------------------------------------------------------------------------------------
// Layout

void MainWindow::restoreDockSizes() {
    // Proportions of the window, so a small or a large screen both get readable side panels.
    const int w = std::max(width(), 1000), h = std::max(height(), 700);
    QDockWidget *model = nullptr, *prompt = nullptr, *results = nullptr, *intervene = nullptr;
    for (QDockWidget* d : docks_) {
        if (d->objectName() == QLatin1String("modelDock")) model = d;
        else if (d->objectName() == QLatin1String("promptDock")) prompt = d;
        else if (d->objectName() == QLatin1String("resultsDock")) results = d;
        else if (d->objectName() == QLatin1String("interveneDock")) intervene = d;
    }
    if (!model || !prompt || !results || !intervene) return;
    resizeDocks({model, results}, {std::max(320, w * 24 / 100), std::max(280, w * 20 / 100)}, Qt::Horizontal);
    resizeDocks({model, prompt}, {h * 22 / 100, h * 78 / 100}, Qt::Vertical);
    resizeDocks({results, intervene}, {h * 50 / 100, h * 50 / 100}, Qt::Vertical);
}

void MainWindow::resetLayout() {
    for (QDockWidget* d : docks_) {
        d->setFloating(false);
        removeDockWidget(d);
    }
    QDockWidget* above[2] = {nullptr, nullptr};
    for (QDockWidget* d : docks_) {
        const auto area = static_cast<Qt::DockWidgetArea>(d->property("defaultArea").toInt());
        QDockWidget*& first = above[area == Qt::LeftDockWidgetArea ? 0 : 1];
        if (first) {
            splitDockWidget(first, d, Qt::Vertical);
        } else {
            addDockWidget(area, d);
            first = d;
        }
        d->show();
    }
    for (QToolBar* bar : findChildren<QToolBar*>()) bar->show();
    restoreDockSizes();
}

QString MainWindow::layoutProblem() const {
    for (const QDockWidget* d : docks_) {
        if (d->isHidden() || d->isFloating()) continue;
        const QWidget* content = d->widget();
        const int need = std::max({content->minimumWidth(), content->minimumSizeHint().width(), 200});
        if (d->width() < need) return QStringLiteral("%1 is %2 px wide, needs %3").arg(d->objectName()).arg(d->width()).arg(need);
        if (d->height() < 80) return QStringLiteral("%1 is %2 px high").arg(d->objectName()).arg(d->height());
    }
    if (centralWidget()->width() < 300) return QStringLiteral("the maps are %1 px wide").arg(centralWidget()->width());
    return {};
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    if (layoutChecked_) return;
    layoutChecked_ = true;
    // A saved layout from another screen (or an older version) may leave panels unreadable.
    QTimer::singleShot(0, this, [this] {
        if (!layoutIsSane()) resetLayout();
    });
}

// ---------------------------------------------------------------------------------------------
// Help

QString MainWindow::shortcutsText() const {
    QStringList rows;
    const QList<QAction*> menus = menuBar()->actions();
    for (QAction* menuAction : menus) {
        QMenu* menu = menuAction->menu();
        if (!menu) continue;
        for (QAction* a : menu->actions()) {
            if (a->shortcut().isEmpty()) continue;
            rows << QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                        .arg(a->shortcut().toString(QKeySequence::NativeText).toHtmlEscaped(), a->text().remove(QLatin1Char('&')).toHtmlEscaped());
        }
    }
    const QList<QPair<QString, QString>> heatmapKeys = {
        {tr("Click"), tr("Select a cell and show its predictions")},
        {tr("Ctrl+Click"), tr("Add or remove a cell")},
        {tr("Shift+Click"), tr("Select the rectangle from the last cell")},
        {tr("Drag"), tr("Select a rectangle")},
        {tr("Click a layer or token label"), tr("Select the whole row or column")},
        {tr("Arrow keys"), tr("Move the current cell (Shift extends the selection)")},
    };
    for (const auto& [key, what] : heatmapKeys) rows << QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(key.toHtmlEscaped(), what.toHtmlEscaped());
    return QStringLiteral("<table cellspacing=6>") + rows.join(QString()) + QStringLiteral("</table>");
}

void MainWindow::showShortcuts() {
    QMessageBox box(QMessageBox::NoIcon, tr("Keyboard Shortcuts"), shortcutsText(), QMessageBox::Close, this);
    box.setTextFormat(Qt::RichText);
    box.exec();
}

void MainWindow::showUserGuide() {
    // The guide ships beside the resources (installed) or in the source tree's docs/.
    QStringList candidates;
    for (const QString& example : Session::exampleExperimentFiles()) {
        const QDir resources = QFileInfo(example).dir();
        candidates << resources.filePath(QStringLiteral("../../doc/causeway/user-guide.md")) // installed: share/doc/causeway
                   << resources.filePath(QStringLiteral("../../docs/user-guide.md")) << resources.filePath(QStringLiteral("../../docs/workbench.md"))
                   << resources.filePath(QStringLiteral("../docs/user-guide.md")) << resources.filePath(QStringLiteral("../docs/workbench.md"));
    }
    for (const QString& c : candidates) {
        if (QFileInfo::exists(c)) {
            QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(c).canonicalFilePath()));
            return;
        }
    }
    showError(tr("The user guide is not installed; see docs/workbench.md in Causeway's sources."));
}

// ---------------------------------------------------------------------------------------------
// Files

void MainWindow::openModelDialog() {
    QSettings s;
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Model Folder"), s.value(QStringLiteral("recent/lastModelDir")).toString());
    if (dir.isEmpty()) return;
    s.setValue(QStringLiteral("recent/lastModelDir"), QFileInfo(dir).absolutePath());
    openModelFolder(dir);
}

bool MainWindow::maybeKeepResults() {
    if (!store_->isDirty() || !askBeforeDiscarding_) return true;
    const auto answer = QMessageBox::question(this, tr("Unsaved results"), tr("The results of this session are not saved. Save them as an experiment file first?"),
                                              QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Cancel) return false;
    if (answer == QMessageBox::Save) {
        saveExperiment();
        return !store_->isDirty();
    }
    return true;
}

void MainWindow::applyWithModel(const QString& folder, const std::function<void()>& apply) {
    const QString current = QFileInfo(session_->modelInfo().folder).canonicalFilePath();
    if (!folder.isEmpty() && QFileInfo(folder).canonicalFilePath() != current) {
        // Apply the panels once the model is there (its tokenizer makes the chips and the grid).
        auto* once = new QObject(this);
        connect(this, &MainWindow::modelReady, once, [apply, once] {
            apply();
            once->deleteLater();
        });
        connect(this, &MainWindow::modelLoadFailed, once, [once] { once->deleteLater(); });
        openModelFolder(folder);
    }
    apply();
}

void MainWindow::openExperimentDialog() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Open Experiment"), QSettings().value(QStringLiteral("recent/lastExperimentDir")).toString(),
                                                      tr("Experiments (*.json);;All files (*)"));
    if (file.isEmpty()) return;
    QSettings().setValue(QStringLiteral("recent/lastExperimentDir"), QFileInfo(file).absolutePath());
    openExperimentFile(file);
}

bool MainWindow::openExperimentFile(const QString& fileName) {
    if (!maybeKeepResults()) return false;
    ExperimentFile file;
    QString folder;
    try {
        file = readExperimentFile(fileName.toStdString());
        if (!file.spec.model.empty()) folder = Session::resolveModel(q(file.spec.model), QFileInfo(fileName).absolutePath());
    } catch (const std::exception& e) {
        showError(tr("Could not open the experiment %1:\n%2").arg(QDir::toNativeSeparators(fileName), QString::fromUtf8(e.what())));
        return false;
    }
    if (store_->runningIndex() >= 0) cancelRun();
    experimentFile_ = QFileInfo(fileName).absoluteFilePath();
    runJob_ = 0;
    QVector<StoredResult> loaded;
    for (const ExperimentResult& r : file.results) {
        StoredResult s;
        s.result = r;
        s.weightsHash = q(r.spec.weightsHash);
        s.modelName = r.spec.model == "demo" ? QStringLiteral("demo") : QFileInfo(q(r.spec.model)).fileName();
        try {
            if (!r.spec.model.empty()) s.modelFolder = QFileInfo(Session::resolveModel(q(r.spec.model), QFileInfo(fileName).absolutePath())).absoluteFilePath();
        } catch (const std::exception&) {
            // The folder is gone or moved: the result still shows; probing it is refused.
        }
        loaded.push_back(s);
    }
    store_->replaceAll(loaded, false);
    clearError();
    const ExperimentSpec spec = file.spec;
    applyWithModel(folder, [this, spec] { applySpec(spec); });
    refreshResultList();
    if (!store_->isEmpty()) showResult(store_->lastIndex());
    else displayResult(StoredResult{}, false);
    setWindowFilePath(experimentFile_);
    if (!Session::exampleExperimentFiles().contains(fileName)) addRecent(QStringLiteral("recent/experiments"), experimentFile_);
    statusBar()->showMessage(tr("Opened %1 (%n result(s))", nullptr, store_->count()).arg(QFileInfo(fileName).fileName()), 5000);
    return true;
}

bool MainWindow::saveExperimentFile(const QString& fileName) {
    const int shown = store_->shown();
    ExperimentSpec spec;
    std::vector<ExperimentResult> saved;
    for (const StoredResult& s : store_->results())
        if (!s.difference && !s.running) saved.push_back(s.result);
    if (shown >= 0 && !store_->at(shown).difference && modelMismatch(store_->at(shown)).isEmpty()) spec = store_->at(shown).result.spec;
    else spec = currentSpec(traceBlocker().isEmpty() && patchBlocker().size() ? TracingSpec::kKind : PatchingSpec::kKind);
    try {
        writeExperimentFile(fileName.toStdString(), spec, saved);
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
        return false;
    }
    experimentFile_ = QFileInfo(fileName).absoluteFilePath();
    setWindowFilePath(experimentFile_);
    store_->setDirty(false);
    addRecent(QStringLiteral("recent/experiments"), experimentFile_);
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(fileName)), 5000);
    return true;
}

void MainWindow::saveExperiment() {
    if (experimentFile_.isEmpty() || Session::exampleExperimentFiles().contains(experimentFile_)) saveExperimentAs();
    else saveExperimentFile(experimentFile_);
}

void MainWindow::saveExperimentAs() {
    QString file = QFileDialog::getSaveFileName(this, tr("Save Experiment"), experimentFile_.isEmpty() ? tr("experiment.causeway.json") : experimentFile_,
                                                tr("Causeway experiments (*.causeway.json);;Experiments (*.json)"));
    if (file.isEmpty()) return;
    if (QFileInfo(file).suffix().isEmpty()) file += QStringLiteral(".causeway.json"); // the MIME type opens these in Causeway
    saveExperimentFile(file);
}

void MainWindow::exportImage() {
    widgets::HeatmapView* view = heatmap();
    if (!view || store_->shown() < 0) {
        showError(tr("There is no heatmap to export yet."));
        return;
    }
    QString selected;
    QString file = QFileDialog::getSaveFileName(this, tr("Export Heatmap"), mapTabs()->tabText(mapTabs()->currentIndex()) + QStringLiteral(".png"),
                                                tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"), &selected);
    if (file.isEmpty()) return;
    if (QFileInfo(file).suffix().isEmpty()) file += selected.contains(QLatin1String("svg")) ? QStringLiteral(".svg") : selected.contains(QLatin1String("pdf")) ? QStringLiteral(".pdf") : QStringLiteral(".png");
    const bool caption = QMessageBox::question(this, tr("Export Heatmap"), tr("Add a caption with the model, the prompts and the answers under the map?"),
                                               QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes) == QMessageBox::Yes;
    exportImageTo(file, caption);
}

bool MainWindow::exportImageTo(const QString& fileName, bool withCaption) {
    const int shown = store_->shown();
    widgets::HeatmapView* view = heatmap();
    if (!view || shown < 0) {
        showError(tr("There is no heatmap to export yet."));
        return false;
    }
    view->setExportCaption(withCaption && !store_->at(shown).difference ? captionFor(store_->at(shown)) : QString());
    // Drawn in memory, then written atomically: a failed write names its reason and leaves no half image.
    QBuffer image;
    image.open(QIODevice::WriteOnly);
    const bool drawn = view->exportImage(&image, QFileInfo(fileName).suffix());
    view->setExportCaption(QString());
    try {
        if (!drawn) throw Error(tr("Could not draw the heatmap as %1.").arg(QFileInfo(fileName).suffix()).toStdString());
        writeFileAtomically(fileName.toStdString(), std::string_view(image.data().constData(), static_cast<std::size_t>(image.data().size())));
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
        return false;
    }
    return true;
}

void MainWindow::exportCsv() {
    const int shown = store_->shown();
    const int tab = mapTabs()->currentIndex();
    if (shown < 0 || tab < 0 || tab >= static_cast<int>(store_->at(shown).result.maps.size())) {
        showError(tr("There is no heatmap to export yet."));
        return;
    }
    const Heatmap& h = store_->at(shown).result.maps[static_cast<std::size_t>(tab)];
    const bool normalized = grid_->showsNormalized() && !h.normalized.empty();
    // The file says what it holds: normalised values are named so.
    const QString name = q(h.name) + (normalized ? QStringLiteral("-normalised") : QString()) + QStringLiteral(".csv");
    const QString file = QFileDialog::getSaveFileName(this, normalized ? tr("Export Normalised Heatmap Data") : tr("Export Heatmap Data"), name, tr("CSV (*.csv)"));
    if (file.isEmpty()) return;
    exportCsvTo(file);
}

bool MainWindow::exportCsvTo(const QString& fileName) {
    const int shown = store_->shown();
    const int tab = mapTabs()->currentIndex();
    if (shown < 0 || tab < 0 || tab >= static_cast<int>(store_->at(shown).result.maps.size())) {
        showError(tr("There is no heatmap to export yet."));
        return false;
    }
    const Heatmap& h = store_->at(shown).result.maps[static_cast<std::size_t>(tab)];
    const bool normalized = grid_->showsNormalized() && !h.normalized.empty();
    try {
        writeFileAtomically(fileName.toStdString(), heatmapCsv(h, normalized));
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
        return false;
    }
    statusBar()->showMessage(tr("Wrote %1").arg(QDir::toNativeSeparators(fileName)), 5000);
    return true;
}

void MainWindow::exportJson() {
    const int shown = store_->shown();
    if (shown < 0) {
        showError(tr("There is no result to export yet."));
        return;
    }
    const QString file = QFileDialog::getSaveFileName(this, tr("Export Result"), tr("results.json"), tr("JSON (*.json)"));
    if (file.isEmpty()) return;
    try {
        writeFileAtomically(file.toStdString(), store_->at(shown).result.toJson().dump(1) + "\n");
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
    }
}

void MainWindow::exportPyveneScript() {
    const int shown = store_->shown();
    ExperimentSpec spec = shown >= 0 && !store_->at(shown).difference ? store_->at(shown).result.spec
                                                                      : currentSpec(patchBlocker().isEmpty() ? PatchingSpec::kKind : TracingSpec::kKind);
    QString script;
    try {
        script = session_->pyveneScript(session_->prepare(spec));
    } catch (const std::exception& e) {
        showError(tr("Cannot export a pyvene script: %1").arg(QString::fromUtf8(e.what())));
        return;
    }
    const QString file = QFileDialog::getSaveFileName(this, tr("Export pyvene Script"), tr("experiment.py"), tr("Python (*.py)"));
    if (file.isEmpty()) return;
    try {
        writeFileAtomically(file.toStdString(), script.toStdString());
        QFile::setPermissions(file, QFile::permissions(file) | QFile::ExeOwner | QFile::ExeGroup | QFile::ExeOther);
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
    }
}

QString MainWindow::askNewFolder(const QString& title, const QString& suggestedName) {
    // Ask for the new folder's name the way a save dialog does (a folder chooser cannot name a
    // folder that does not exist yet); ask before mixing it into a folder that already holds files.
    const QString folder = QFileDialog::getSaveFileName(this, title, suggestedName, tr("Folders (*)"), nullptr, QFileDialog::DontConfirmOverwrite);
    if (folder.isEmpty()) return {};
    if (QFileInfo(folder).isDir() && !QDir(folder).isEmpty() &&
        QMessageBox::question(this, tr("Folder not empty"), tr("%1 already holds files. Write into it anyway?").arg(QDir::toNativeSeparators(folder))) !=
            QMessageBox::Yes)
        return {};
    return folder;
}

bool MainWindow::makeNewFolder(const QString& folder) {
    if (QFileInfo(folder).exists() && !QFileInfo(folder).isDir()) {
        showError(tr("%1 is a file; choose a name for a new folder.").arg(QDir::toNativeSeparators(folder)));
        return false;
    }
    if (!QDir().mkpath(folder)) {
        showError(tr("Could not create the folder %1; check that its parent is writable.").arg(QDir::toNativeSeparators(folder)));
        return false;
    }
    return true;
}

void MainWindow::exportPyveneConfig() {
    if (grid_->selectedCells().size() != 1) {
        showError(tr("A pyvene config describes one intervention: select exactly one cell on the map (now %1).").arg(grid_->selectedCells().size()));
        return;
    }
    const QString folder = askNewFolder(tr("Save the pyvene Config as a Folder"), tr("pyvene-config"));
    if (!folder.isEmpty()) exportPyveneConfigTo(folder);
}

bool MainWindow::exportPyveneConfigTo(const QString& folder) {
    const ExperimentSpec spec = currentSpec(PatchingSpec::kKind);
    if (spec.cells.size() != 1) {
        showError(tr("A pyvene config describes one intervention: select exactly one cell on the map (now %1).").arg(spec.cells.size()));
        return false;
    }
    if (!makeNewFolder(folder)) return false;
    try {
        session_->writePyveneConfig(session_->prepare(spec), folder);
    } catch (const std::exception& e) {
        showError(tr("Cannot export the pyvene config: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    statusBar()->showMessage(tr("Wrote the pyvene config to %1").arg(QDir::toNativeSeparators(folder)), 5000);
    return true;
}

// ---------------------------------------------------------------------------------------------
// Window events

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!maybeKeepResults()) {
        event->ignore();
        return;
    }
    session_->cancelRun();
    writeSettings();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.first().isLocalFile()) {
        const QFileInfo info(urls.first().toLocalFile());
        if (info.isDir() || info.suffix().compare(QLatin1String("json"), Qt::CaseInsensitive) == 0) {
            event->acceptProposedAction();
            return;
        }
    }
    event->ignore();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty()) return;
    const QString path = urls.first().toLocalFile();
    event->acceptProposedAction();
    if (QFileInfo(path).isDir()) openModelFolder(path);
    else openExperimentFile(path);
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange && modelPanel_ && modelPanel_->isErrorShown()) showError(lastError_);
    QMainWindow::changeEvent(event);
}

} // namespace causeway::app
