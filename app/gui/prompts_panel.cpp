#include "prompts_panel.h"
#include "std_text.h"

#include "function_command.h"

#include "experiments/patching.h"
#include "prompteditor.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSpinBox>
#include <QUndoStack>
#include <QVBoxLayout>

namespace causeway::app {

namespace {

const PatchMetric kMetrics[] = {PatchMetric::LogitDifference, PatchMetric::Probability, PatchMetric::LogProbability,
                                PatchMetric::KLDivergence};

QString metricLabel(PatchMetric m) {
    switch (m) {
    case PatchMetric::LogitDifference: return PromptsPanel::tr("Logit difference (correct − incorrect)");
    case PatchMetric::Probability: return PromptsPanel::tr("Probability of the correct answer");
    case PatchMetric::LogProbability: return PromptsPanel::tr("Log-probability of the correct answer");
    case PatchMetric::KLDivergence: return PromptsPanel::tr("KL divergence from the clean run");
    }
    return {};
}

} // namespace

PromptsPanel::PromptsPanel(Session* session, QUndoStack* undo, const std::function<void(QFormLayout*)>& addOptions, QWidget* parent)
    : QWidget(parent), session_(session), undo_(undo) {
    auto* l = new QVBoxLayout(this);
    cleanEditor_ = new widgets::PromptEditor(tr("Clean prompt"), this);
    cleanEditor_->setPlaceholderText(tr("e.g. The Eiffel Tower is located in the city of"));
    cleanEditor_->chips()->setSelectable(true);
    cleanEditor_->chips()->setToolTip(tr("Click, shift-click or drag over tokens to choose the subject for causal tracing"));
    corruptedEditor_ = new widgets::PromptEditor(tr("Corrupted prompt"), this);
    corruptedEditor_->setPlaceholderText(tr("Same number of tokens, with the key fact changed"));
    l->addWidget(cleanEditor_);
    subjectLabel_ = new QLabel(this);
    subjectLabel_->setWordWrap(true);
    l->addWidget(subjectLabel_);
    l->addWidget(corruptedEditor_);

    auto* answers = new QGroupBox(tr("Answer tokens"), this);
    auto* af = new QFormLayout(answers);
    correctEdit_ = new QLineEdit(answers);
    correctEdit_->setPlaceholderText(tr("clean run's top token"));
    correctEdit_->setToolTip(tr("One token, usually with a leading space, e.g. \u201c Paris\u201d"));
    incorrectEdit_ = new QLineEdit(answers);
    incorrectEdit_->setPlaceholderText(tr("corrupted run's top token"));
    af->addRow(tr("Correct:"), correctEdit_);
    af->addRow(tr("Incorrect:"), incorrectEdit_);
    l->addWidget(answers);

    auto* options = new QGroupBox(tr("Options"), this);
    auto* of = new QFormLayout(options);
    metricBox_ = new QComboBox(options);
    for (PatchMetric m : kMetrics) metricBox_->addItem(metricLabel(m), q(metricName(m)));
    directionBox_ = new QComboBox(options);
    directionBox_->addItem(tr("Denoising: clean into corrupted"), QStringLiteral("denoising"));
    directionBox_->addItem(tr("Noising: corrupted into clean"), QStringLiteral("noising"));
    samplesSpin_ = new QSpinBox(options);
    samplesSpin_->setObjectName(QStringLiteral("noiseSamples"));
    samplesSpin_->setRange(1, 200);
    samplesSpin_->setValue(10);
    samplesSpin_->setToolTip(tr("Noised copies of the prompt averaged per cell: 1 to %1 (ROME uses 10).").arg(samplesSpin_->maximum()));
    samplesSpin_->setSuffix(tr(" (max %1)").arg(samplesSpin_->maximum()));
    noiseSpin_ = new QDoubleSpinBox(options);
    noiseSpin_->setRange(0.0, 100.0);
    noiseSpin_->setSingleStep(0.5);
    noiseSpin_->setValue(3.0);
    noiseSpin_->setSuffix(tr(" × embedding std"));
    windowSpin_ = new QSpinBox(options);
    windowSpin_->setRange(1, 200);
    windowSpin_->setValue(10);
    seedSpin_ = new QSpinBox(options);
    seedSpin_->setRange(0, 1 << 30);
    for (QComboBox* box : {metricBox_, directionBox_}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(12);
    }
    of->addRow(tr("Metric:"), metricBox_);
    of->addRow(tr("Direction:"), directionBox_);
    of->addRow(tr("Noise samples:"), samplesSpin_);
    of->addRow(tr("Noise:"), noiseSpin_);
    of->addRow(tr("Window:"), windowSpin_);
    of->addRow(tr("Seed:"), seedSpin_);
    if (addOptions) addOptions(of);
    l->addWidget(options);

    // The Run buttons stay in view below the scrolling prompts and options (the window places them).
    footer_ = new QWidget(this);
    auto* footer = new QVBoxLayout(footer_);
    auto* buttons = new QHBoxLayout;
    patchButton_ = new QPushButton(tr("Patch"), footer_);
    patchButton_->setToolTip(tr("Activation patching over the selected cells (all when none are selected)"));
    traceButton_ = new QPushButton(tr("Trace"), footer_);
    traceButton_->setToolTip(tr("ROME causal tracing of the clean prompt, noising the subject"));
    buttons->addWidget(patchButton_);
    buttons->addWidget(traceButton_);
    footer->addLayout(buttons);
    runStatus_ = new QLabel(footer_);
    runStatus_->setWordWrap(true);
    runStatus_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    footer->addWidget(runStatus_);
    l->addStretch();

    connect(cleanEditor_, &widgets::PromptEditor::textChanged, this, [this] {
        recordPromptEdit(cleanEditor_);
        retokenize();
    });
    connect(corruptedEditor_, &widgets::PromptEditor::textChanged, this, [this] {
        recordPromptEdit(corruptedEditor_);
        retokenize();
    });
    connect(correctEdit_, &QLineEdit::textChanged, this, &PromptsPanel::answersChanged);
    connect(incorrectEdit_, &QLineEdit::textChanged, this, &PromptsPanel::answersChanged);
    connect(cleanEditor_->chips(), &widgets::TokenChips::selectionChanged, this, [this](int b, int e) {
        if (!applyingSubject_) setSubjectFromSelection(b, e);
    });
    subjectLabel_->setText(tr("Subject: none — select its tokens in the clean prompt to trace."));
}

PatchMetric PromptsPanel::selectedMetric() const { return kMetrics[std::max(0, metricBox_->currentIndex())]; }

bool PromptsPanel::isNoising() const { return directionBox_->currentData().toString() == QLatin1String("noising"); }

int PromptsPanel::subjectBegin() const { return cleanEditor_->chips()->selectionBegin(); }

int PromptsPanel::subjectEnd() const { return cleanEditor_->chips()->selectionEnd(); }

void PromptsPanel::retokenize() {
    cleanTokens_ = session_->tokenize(cleanEditor_->text());
    corruptedTokens_ = session_->tokenize(corruptedEditor_->text());
    {
        // New chips drop a selection past their end; the subject is found again below.
        const QScopedValueRollback<bool> quiet(applyingSubject_, true);
        cleanEditor_->setTokens(cleanTokens_.display, cleanTokens_.special);
        corruptedEditor_->setTokens(corruptedTokens_.display, corruptedTokens_.special);
    }
    cleanEditor_->compareWith(corruptedTokens_.display);
    corruptedEditor_->compareWith(cleanTokens_.display);
    auto count = [](const TokenizedPrompt& p) { return PromptsPanel::tr("%n token(s)", nullptr, static_cast<int>(p.ids.size())); };
    // Too long for the model: say so while typing, not only when a run is refused.
    const int context = session_->modelInfo().contextLength;
    auto tooLong = [&](const TokenizedPrompt& p) {
        return context > 0 && p.ids.size() > context
                   ? tr("%1 — longer than the model's %2 positions (max_position_embeddings / n_positions in config.json); shorten it.")
                         .arg(count(p))
                         .arg(context)
                   : QString();
    };
    const bool mismatch = !cleanTokens_.ids.isEmpty() && !corruptedTokens_.ids.isEmpty() && cleanTokens_.ids.size() != corruptedTokens_.ids.size();
    const QString cleanLong = tooLong(cleanTokens_), corruptedLong = tooLong(corruptedTokens_);
    cleanEditor_->setStatus(!cleanLong.isEmpty() ? cleanLong : cleanTokens_.ids.isEmpty() ? QString() : count(cleanTokens_), !cleanLong.isEmpty());
    corruptedEditor_->setStatus(!corruptedLong.isEmpty() ? corruptedLong
                                : corruptedTokens_.ids.isEmpty()
                                    ? QString()
                                    : mismatch ? tr("%1 — the clean prompt has %2; patching needs the same number")
                                                     .arg(count(corruptedTokens_), count(cleanTokens_))
                                               : count(corruptedTokens_),
                                mismatch || !corruptedLong.isEmpty());
    // A subject given as token positions (an experiment file without subject text): take its text once.
    if (!cleanTokens_.ids.isEmpty() && pendingSubjectTokens_) {
        const auto [b, e] = *pendingSubjectTokens_;
        pendingSubjectTokens_.reset();
        subjectText_ = subjectTextOf(static_cast<int>(b), static_cast<int>(e));
    }
    resolveSubject();
    Q_EMIT tokensChanged();
}

void PromptsPanel::setSubject(const QString& text, const std::optional<std::pair<int64_t, int64_t>>& tokens) {
    subjectText_ = text;
    if (text.isEmpty()) pendingSubjectTokens_ = tokens;
}

void PromptsPanel::clearSubject() {
    subjectText_.clear();
    resolveSubject();
}

QString PromptsPanel::subjectTextOf(int begin, int end) const {
    if (begin < 0 || end <= begin || end > cleanTokens_.ids.size()) return {};
    qint64 from = -1, to = -1;
    for (int i = begin; i < end; ++i) {
        const Token& t = cleanTokens_.tokens[static_cast<std::size_t>(i)];
        if (t.byteEnd <= t.byteBegin) continue; // BOS/EOS
        if (from < 0) from = static_cast<qint64>(t.byteBegin);
        to = static_cast<qint64>(t.byteEnd);
    }
    return from < 0 ? QString() : QString::fromUtf8(cleanEditor_->text().toUtf8().mid(from, to - from)).trimmed();
}

void PromptsPanel::setSubjectFromSelection(int begin, int end) {
    // The subject is kept as the prompt's text under the selected tokens, so it survives edits,
    // other examples and other tokenizers; positions are derived from it on every tokenization.
    subjectText_ = subjectTextOf(begin, end);
    resolveSubject();
    Q_EMIT tokensChanged();
}

void PromptsPanel::resolveSubject() {
    int begin = -1, end = -1;
    if (!subjectText_.isEmpty()) {
        // The tokens overlapping the subject's first occurrence, as causal tracing resolves it.
        const QByteArray subject = subjectText_.toUtf8();
        const qint64 at = cleanEditor_->text().toUtf8().indexOf(subject);
        if (at >= 0) {
            const auto [b, e] = tokensOverlapping(cleanTokens_.tokens, static_cast<std::size_t>(at), static_cast<std::size_t>(at + subject.size()));
            begin = static_cast<int>(b);
            end = static_cast<int>(e);
        }
    }
    {
        const QScopedValueRollback<bool> quiet(applyingSubject_, true);
        cleanEditor_->chips()->setSelection(begin, end);
    }
    if (subjectText_.isEmpty())
        subjectLabel_->setText(tr("Subject: none — select its tokens in the clean prompt to trace."));
    else if (begin < 0)
        subjectLabel_->setText(cleanTokens_.ids.isEmpty() ? tr("Subject: \u201c%1\u201d").arg(subjectText_)
                                                          : tr("The subject \u201c%1\u201d does not occur in the clean prompt; select its tokens again.").arg(subjectText_));
    else
        subjectLabel_->setText(tr("Subject: \u201c%1\u201d (tokens %2–%3)").arg(subjectText_).arg(begin).arg(end - 1));
}

void PromptsPanel::recordPromptEdit(widgets::PromptEditor* editor) {
    const int which = editor == cleanEditor_ ? 0 : 1;
    const QString before = promptBefore_[which], after = editor->text();
    promptBefore_[which] = after;
    if (applyingUndo_ || before == after) return;
    QPointer<widgets::PromptEditor> target(editor);
    auto setText = [this, target](const QString& text) {
        if (!target) return;
        const QScopedValueRollback<bool> undoing(applyingUndo_, true);
        target->setText(text);
    };
    // Typing in one prompt merges into one step; a pause of the other prompt starts a new one.
    undo_->push(new FunctionCommand(
        which == 0 ? tr("Edit the clean prompt") : tr("Edit the corrupted prompt"), [setText, before] { setText(before); },
        [setText, after] { setText(after); }, true, 100 + which,
        [](const FunctionCommand& self, const FunctionCommand& next) { return next.stamp() - self.stamp() < 1500; }));
}

} // namespace causeway::app
