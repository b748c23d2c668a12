#pragma once
// An undo step as two functions (the window's prompt and selection edits, removing results).
#include <QDateTime>
#include <QUndoCommand>

#include <functional>

namespace causeway::app {

// `id` >= 0 lets consecutive steps of one kind merge (typing).
class FunctionCommand : public QUndoCommand {
public:
    using MergeRule = std::function<bool(const FunctionCommand& self, const FunctionCommand& next)>;
    FunctionCommand(const QString& text, std::function<void()> undo, std::function<void()> redo, bool alreadyDone, int id = -1,
                    MergeRule canMerge = {})
        : QUndoCommand(text), undo_(std::move(undo)), redo_(std::move(redo)), skipFirstRedo_(alreadyDone), id_(id) {
        if (canMerge) canMerge_ = [this, canMerge = std::move(canMerge)](const FunctionCommand& o) { return canMerge(*this, o); };
    }
    void undo() override { undo_(); }
    void redo() override {
        if (skipFirstRedo_) skipFirstRedo_ = false; // the change happened before it was recorded
        else redo_();
    }
    int id() const override { return id_; }
    bool mergeWith(const QUndoCommand* other) override {
        const auto* o = static_cast<const FunctionCommand*>(other);
        if (!canMerge_ || !canMerge_(*o)) return false;
        redo_ = o->redo_; // keep our undo (the state before the whole run of changes)
        stamp_ = o->stamp_;
        return true;
    }
    qint64 stamp() const { return stamp_; } // when it was recorded (ms)

private:
    std::function<void()> undo_, redo_;
    bool skipFirstRedo_;
    int id_;
    std::function<bool(const FunctionCommand&)> canMerge_;
    qint64 stamp_ = QDateTime::currentMSecsSinceEpoch();
};

} // namespace causeway::app
