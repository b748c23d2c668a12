#include "safeapplication.h"

#include <QMetaObject>

#include <cstdio>
#include <exception>

namespace causeway::app {

SafeApplication::SafeApplication(int& argc, char** argv) : QApplication(argc, argv) {}

bool SafeApplication::notify(QObject* receiver, QEvent* event) {
    QString what;
    try {
        return QApplication::notify(receiver, event);
    } catch (const std::exception& e) {
        what = QString::fromUtf8(e.what());
    } catch (...) {
        what = tr("an unknown error");
    }
    ++caught_;
    std::fprintf(stderr, "causeway: an exception reached the event loop and was caught: %s\n", qPrintable(what));
    // Report from a fresh event, not from inside the handler that failed half-way.
    QMetaObject::invokeMethod(
        this, [this, what] { Q_EMIT uncaughtException(what); }, Qt::QueuedConnection);
    return false;
}

} // namespace causeway::app
