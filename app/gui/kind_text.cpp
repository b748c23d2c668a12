#include "kind_text.h"

#include "experiments/probe.h"

#include <QCoreApplication>

namespace causeway::app {

namespace {

// The kinds' fixed view texts (core is Qt-free and speaks English): listed here so that lupdate
// offers them for translation; kindText() looks them up and leaves composed texts as they are.
[[maybe_unused]] const char* const kKindTexts[] = {
    QT_TRANSLATE_NOOP("ExperimentKinds", "Impact of restoring the hidden state after noising the subject"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Impact of restoring the MLP output after noising the subject"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Impact of restoring the attention output after noising the subject"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Hidden states"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "MLP"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Attention"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "token"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "head"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "token (single restored layer per row)"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Logit lens: each layer's residual stream through the final norm and LM head"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Logit lens"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Patch %1 \u00b7 %2"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Trace \u00b7 subject %1\u2013%2"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Logit lens \u00b7 %1"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Clean: %1"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Corrupted: %1"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Answers: %1 (correct) / %2 (incorrect)"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Prompt: %1"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Answer: %1"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Subject: %1 \u00b7 answer: %2"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Patching %1 (clean \u2192 corrupted)"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Patching %1 (corrupted \u2192 clean)"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "normalised %1"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "rank of %1 (0 = top)"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "token (restoring %1 layers around each row)"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "logit difference"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "probability of the answer"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "log-probability of the answer"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "KL divergence from clean"),
    // What a probed cell shows (the kinds' probe())
    QT_TRANSLATE_NOOP("ExperimentKinds", "Clean"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Corrupted"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Patched"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Noised"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Restored"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Layer %1 read out"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "p(answer) after restoring"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "averaged over %1 noised copies"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "rank of the answer"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "p(answer)"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "through the final norm and the LM head"),
};

} // namespace

QString kindText(const std::string& english) { return QCoreApplication::translate("ExperimentKinds", english.c_str()); }

QString kindText(const Phrase& phrase) {
    QString text = kindText(phrase.format);
    for (const std::string& arg : phrase.args) text = text.arg(kindText(arg));
    return text;
}

} // namespace causeway::app
