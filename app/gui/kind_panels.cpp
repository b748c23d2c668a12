// The workbench side of the experiment kinds: why each Run entry cannot run now, the spec the
// panels describe for a kind, and each kind's controls (see also kind_panels_analysis.cpp).
#include "mainwindow.h"
#include "std_text.h"

#include "intervention_panel.h"

#include "experiments/kind.h"
#include "experiments/logit_lens.h"
#include "experiments/patching.h"
#include "experiments/tracing.h"
#include "prompteditor.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QSpinBox>

namespace causeway::app {

// What every kind needs first: an open model and, for a sweep (`needsIdle`), no run going on.
QString MainWindow::sessionBlocker(bool needsIdle) const {
    if (session_->isLoading()) return tr("The model is still opening.");
    if (!session_->hasModel()) return tr("Open a model folder first.");
    if (needsIdle && session_->isRunning()) return tr("A run is in progress; cancel it or wait.");
    return {};
}

QString MainWindow::patchBlocker() const {
    if (const QString blocker = sessionBlocker(true); !blocker.isEmpty()) return blocker;
    if (prompts_->cleanTokens().ids.isEmpty() || prompts_->corruptedTokens().ids.isEmpty()) return tr("Type a clean and a corrupted prompt.");
    if (prompts_->cleanTokens().ids.size() != prompts_->corruptedTokens().ids.size())
        return tr("The clean prompt has %1 tokens and the corrupted prompt %2; patching needs the same number. Reword one of them.")
            .arg(prompts_->cleanTokens().ids.size())
            .arg(prompts_->corruptedTokens().ids.size());
    if (prompts_->cleanTokens().ids == prompts_->corruptedTokens().ids) return tr("The two prompts are the same; change the corrupted one.");
    if (const int context = session_->modelInfo().contextLength; context > 0 && prompts_->cleanTokens().ids.size() > context)
        return tr("The prompts have %1 tokens; the model reads at most %2. Shorten them.").arg(prompts_->cleanTokens().ids.size()).arg(context);
    try {
        session_->prepare(currentSpec(PatchingSpec::kKind));
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

QString MainWindow::traceBlocker() const {
    if (const QString blocker = sessionBlocker(true); !blocker.isEmpty()) return blocker;
    if (prompts_->cleanTokens().ids.isEmpty()) return tr("Type a clean prompt.");
    if (const int context = session_->modelInfo().contextLength; context > 0 && prompts_->cleanTokens().ids.size() > context)
        return tr("The prompt has %1 tokens; the model reads at most %2. Shorten it.").arg(prompts_->cleanTokens().ids.size()).arg(context);
    if (!subjectText().isEmpty() && prompts_->subjectBegin() < 0)
        return tr("The subject \u201c%1\u201d does not occur in the clean prompt; select its tokens again.").arg(subjectText());
    if (prompts_->subjectBegin() < 0) return tr("Choose the subject: select its tokens in the clean prompt.");
    return {};
}

QString MainWindow::lensBlocker() const { return singlePromptBlocker(LogitLensSpec::kKind); }

QString MainWindow::singlePromptBlocker(const std::string& kind) const {
    if (const QString blocker = sessionBlocker(true); !blocker.isEmpty()) return blocker;
    if (prompts_->cleanTokens().ids.isEmpty()) return tr("Type a clean prompt.");
    try {
        session_->prepare(currentSpec(kind));
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

QString MainWindow::interveneBlocker() const {
    if (const QString blocker = sessionBlocker(false); !blocker.isEmpty()) return blocker;
    if (prompts_->cleanTokens().ids.isEmpty()) return tr("Type a clean prompt.");
    if (grid_->selectedCells().isEmpty()) return tr("Select the cells to intervene on: click or drag on the map.");
    const QString component = componentBox()->currentText();
    const LoadedIntervention* loaded = interventionPanel_->loaded();
    const QString name = loaded ? loaded->types : interventionPanel_->type();
    if (interventionPanel_->usesSource()) {
        if (prompts_->corruptedTokens().ids.isEmpty()) return tr("%1 needs a source: type a corrupted prompt.").arg(name);
        if (prompts_->cleanTokens().ids.size() != prompts_->corruptedTokens().ids.size())
            return tr("The prompts have %1 and %2 tokens; %3 needs the same number.")
                .arg(prompts_->cleanTokens().ids.size())
                .arg(prompts_->corruptedTokens().ids.size())
                .arg(name);
    }
    if (interventionPanel_->replacesOutputWithInput() &&
        !QStringList{QStringLiteral("block_output"), QStringLiteral("attention_output"), QStringLiteral("mlp_output")}.contains(component))
        return tr("%1 replaces a component's output with its input: pick block_output, attention_output or mlp_output.").arg(name);
    if (loaded) {
        if (component != loaded->component) return tr("The loaded intervention acts on %1; pick that component.").arg(loaded->component);
        QStringList missing;
        for (int layer : loaded->layers) {
            bool any = false;
            for (const widgets::GridCell& c : grid_->selectedCells()) any |= c.row == layer;
            if (!any) missing << QString::number(layer);
        }
        if (!missing.isEmpty())
            return tr("The loaded intervention acts at layer(s) %1: select the cells there.").arg(missing.join(QStringLiteral(", ")));
    }
    return {};
}

ExperimentSpec MainWindow::currentSpec(const std::string& kind) const {
    ExperimentSpec s;
    s.kind = kind;
    const ModelInfo& info = session_->modelInfo();
    s.model = (!info.folder.isEmpty() && info.folder == Session::demoModelFolder()) ? std::string("demo") : info.folder.toStdString();
    s.weightsHash = info.weightsHash.toStdString();
    s.prompt = cleanEditor()->text().toStdString();
    s.title = experimentTitle_.toStdString();
    s.threads = threads_;
    panelFor(kind).fill(s);
    return s;
}

void MainWindow::applySpec(const ExperimentSpec& s) {
    cleanEditor()->setText(q(s.prompt));
    experimentTitle_ = q(s.title);
    grid_->setTitle(experimentTitle_);
    panelFor(s.kind).apply(s);
}

const MainWindow::KindPanel& MainWindow::panelFor(const std::string& kind) const {
    static const KindPanel none{[](ExperimentSpec&) {}, [](const ExperimentSpec&) {}, nullptr};
    auto it = panels_.find(kind);
    return it == panels_.end() ? none : it->second;
}

// The workbench side of each kind: which controls make its spec, and what a clicked cell shows.
void MainWindow::registerKindPanels() {
    auto selectedCells = [this](ExperimentSpec& s) {
        for (const widgets::GridCell& c : grid_->selectedCells()) s.cells.emplace_back(c.row, c.col);
    };
    KindPanel patching;
    patching.fill = [this, selectedCells](ExperimentSpec& spec) {
        PatchingSpec& s = spec.part<PatchingSpec>();
        s.corruptedPrompt = corruptedEditor()->text().toStdString();
        s.correctText = correctEdit()->text().toStdString();
        s.incorrectText = incorrectEdit()->text().toStdString();
        const QString component = componentBox()->currentText().isEmpty() ? QStringLiteral("block_output") : componentBox()->currentText();
        s.components = {component.toStdString()};
        s.unit = session_->modelInfo().headComponents.contains(component) ? PatchUnit::Head : PatchUnit::Position;
        s.metric = prompts_->selectedMetric();
        s.direction = prompts_->isNoising() ? PatchDirection::Noising : PatchDirection::Denoising;
        selectedCells(spec);
    };
    patching.apply = [this](const ExperimentSpec& spec) {
        const PatchingSpec& s = spec.part<PatchingSpec>();
        prompts_->clearSubject(); // a patching experiment has no subject; an old one must not linger
        corruptedEditor()->setText(q(s.corruptedPrompt));
        correctEdit()->setText(q(s.correctText));
        incorrectEdit()->setText(q(s.incorrectText));
        const int m = metricBox()->findData(q(metricName(s.metric)));
        if (m >= 0) metricBox()->setCurrentIndex(m);
        prompts_->directionBox()->setCurrentIndex(s.direction == PatchDirection::Noising ? 1 : 0);
        if (!s.components.empty()) {
            const int i = componentBox()->findText(q(s.components.front()));
            if (i >= 0) componentBox()->setCurrentIndex(i);
        }
        QVector<widgets::GridCell> cells;
        for (auto [l, c] : spec.cells) cells.push_back({l, static_cast<int>(c)});
        setSelectedCells(cells);
    };
    panels_[PatchingSpec::kKind] = patching;

    KindPanel tracing;
    tracing.fill = [this, selectedCells](ExperimentSpec& spec) {
        TracingSpec& s = spec.part<TracingSpec>();
        const int b = prompts_->subjectBegin(), e = prompts_->subjectEnd();
        if (b >= 0) s.subjectTokens = std::make_pair<int64_t, int64_t>(b, e);
        s.subject = subjectText().toStdString(); // what a saved file keeps (positions depend on the tokenizer)
        s.noiseSamples = prompts_->samplesSpin()->value();
        s.noiseMultiple = prompts_->noiseSpin()->value();
        s.window = prompts_->windowSpin()->value();
        s.seed = static_cast<uint64_t>(prompts_->seedSpin()->value());
        // The grid's (layer, token) selection restricts the trace too (empty = every cell).
        if (!grid_->isHeadComponent()) selectedCells(spec);
    };
    tracing.apply = [this](const ExperimentSpec& spec) {
        const TracingSpec& s = spec.part<TracingSpec>();
        if (s.noiseSamples > samplesSpin()->maximum())
            showError(tr("The experiment asks for %1 noise samples; the workbench runs at most %2, so it will use %2.")
                          .arg(s.noiseSamples)
                          .arg(samplesSpin()->maximum()));
        samplesSpin()->setValue(s.noiseSamples);
        prompts_->noiseSpin()->setValue(s.noiseMultiple);
        prompts_->windowSpin()->setValue(s.window);
        prompts_->seedSpin()->setValue(static_cast<int>(s.seed));
        // Text is the subject; positions only when the file gives no text (they belong to one tokenizer).
        prompts_->setSubject(q(s.subject), s.subjectTokens);
        prompts_->retokenize();
    };
    panels_[TracingSpec::kKind] = tracing;

    KindPanel lens;
    lens.fill = [this, selectedCells](ExperimentSpec& spec) {
        spec.part<LogitLensSpec>().answerText = correctEdit()->text().toStdString();
        if (!grid_->isHeadComponent()) selectedCells(spec);
    };
    lens.apply = [this](const ExperimentSpec& spec) { correctEdit()->setText(q(spec.part<LogitLensSpec>().answerText)); };
    panels_[LogitLensSpec::kKind] = lens;
    registerAnalysisKindPanels();
}

} // namespace causeway::app
