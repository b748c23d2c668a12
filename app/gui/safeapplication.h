#pragma once
// The workbench's QApplication. Qt's event loop must never see an exception: one leaving a slot,
// an event handler or a queued call (the session delivers worker results that way) would abort
// the process and lose the user's results. notify() is the one place every such call passes
// through, so it catches there and reports the message instead; the window shows it and lives on.
#include <QApplication>
#include <QString>

namespace causeway::app {

class SafeApplication : public QApplication {
    Q_OBJECT
public:
    SafeApplication(int& argc, char** argv);

    bool notify(QObject* receiver, QEvent* event) override;

    // How many exceptions notify() has caught (tests read it).
    int caughtCount() const { return caught_; }

Q_SIGNALS:
    // An exception reached the event loop: `what` is its message. Emitted after the handler
    // that threw has been abandoned; the application goes on.
    void uncaughtException(const QString& what);

private:
    int caught_ = 0;
};

} // namespace causeway::app
