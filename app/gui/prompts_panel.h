#pragma once
// The Prompts dock: the clean and corrupted prompts as token chips, the trace subject picked on
// the clean prompt's chips, the answer tokens, the kinds' options, and (kept in view below the
// scrolling part) the Patch and Trace buttons with why they are disabled. It tokenizes the prompts
// with the open model and records prompt edits as undo steps.
#include "session.h"

#include <QWidget>

#include <functional>
#include <optional>
#include <utility>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QUndoStack;

namespace causeway::widgets {
class PromptEditor;
}

namespace causeway::app {

class PromptsPanel : public QWidget {
    Q_OBJECT
public:
    // `addOptions` adds the kinds' own rows to the Options box as it is built.
    PromptsPanel(Session* session, QUndoStack* undo, const std::function<void(QFormLayout*)>& addOptions, QWidget* parent = nullptr);

    const TokenizedPrompt& cleanTokens() const { return cleanTokens_; }
    const TokenizedPrompt& corruptedTokens() const { return corruptedTokens_; }
    // Tokenizes both prompts with the open model again; tokensChanged() follows.
    void retokenize();

    // The trace subject as text, found again in the clean prompt on every tokenization.
    QString subjectText() const { return subjectText_; }
    // `tokens` is used once, at the next tokenization, when there is no text (an older file).
    void setSubject(const QString& text, const std::optional<std::pair<int64_t, int64_t>>& tokens);
    void clearSubject();
    int subjectBegin() const; // the subject's clean tokens [begin, end); -1 when none
    int subjectEnd() const;

    PatchMetric selectedMetric() const; // not metric(): that would hide QWidget::metric
    bool isNoising() const; // the direction: corrupted into clean

    widgets::PromptEditor* cleanEditor() const { return cleanEditor_; }
    widgets::PromptEditor* corruptedEditor() const { return corruptedEditor_; }
    QLineEdit* correctEdit() const { return correctEdit_; }
    QLineEdit* incorrectEdit() const { return incorrectEdit_; }
    QLabel* subjectLabel() const { return subjectLabel_; }
    QComboBox* metricBox() const { return metricBox_; }
    QComboBox* directionBox() const { return directionBox_; }
    QSpinBox* samplesSpin() const { return samplesSpin_; }
    QDoubleSpinBox* noiseSpin() const { return noiseSpin_; }
    QSpinBox* windowSpin() const { return windowSpin_; }
    QSpinBox* seedSpin() const { return seedSpin_; }
    QWidget* footer() const { return footer_; }               // the Run buttons: placed by the window
    QPushButton* patchButton() const { return patchButton_; }
    QPushButton* traceButton() const { return traceButton_; }
    QLabel* runStatus() const { return runStatus_; }

Q_SIGNALS:
    void tokensChanged(); // the prompts' tokens or the subject changed
    void answersChanged();

private:
    QString subjectTextOf(int begin, int end) const; // the prompt's text under clean tokens [begin, end)
    void setSubjectFromSelection(int begin, int end);
    void resolveSubject(); // subjectText_ -> chip selection, or a message when it is gone
    void recordPromptEdit(widgets::PromptEditor* editor); // undoable

    Session* session_;
    QUndoStack* undo_;
    widgets::PromptEditor* cleanEditor_ = nullptr;
    widgets::PromptEditor* corruptedEditor_ = nullptr;
    QLineEdit* correctEdit_ = nullptr;
    QLineEdit* incorrectEdit_ = nullptr;
    QLabel* subjectLabel_ = nullptr;
    QComboBox* metricBox_ = nullptr;
    QComboBox* directionBox_ = nullptr;
    QSpinBox* samplesSpin_ = nullptr;
    QDoubleSpinBox* noiseSpin_ = nullptr;
    QSpinBox* windowSpin_ = nullptr;
    QSpinBox* seedSpin_ = nullptr;
    QWidget* footer_ = nullptr;
    QPushButton* patchButton_ = nullptr;
    QPushButton* traceButton_ = nullptr;
    QLabel* runStatus_ = nullptr;

    TokenizedPrompt cleanTokens_, corruptedTokens_;
    std::optional<std::pair<int64_t, int64_t>> pendingSubjectTokens_;
    QString subjectText_;
    bool applyingSubject_ = false;
    QString promptBefore_[2]; // clean, corrupted: the text before the current edit (for undo)
    bool applyingUndo_ = false;
};

} // namespace causeway::app
