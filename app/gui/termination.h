#pragma once
// SIGTERM, SIGHUP and SIGINT (a logout, `kill`, Ctrl+C in the terminal) end the workbench the way
// a crash would not: the autosave is written at once, with the running sweep's cells so far, and
// kept, so the next start offers to restore it. The handler only writes the signal number to a
// pipe (all it may do); the event loop reads it and emits `requested`.
#include <QObject>

class QSocketNotifier;

namespace causeway::app {

class TerminationSignals : public QObject {
    Q_OBJECT
public:
    explicit TerminationSignals(QObject* parent = nullptr);
    ~TerminationSignals() override; // the default handlers come back

Q_SIGNALS:
    void requested(int signalNumber);

private:
    QSocketNotifier* notifier_ = nullptr;
};

} // namespace causeway::app
