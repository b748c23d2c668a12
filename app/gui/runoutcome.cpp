#include "runoutcome.h"

#include <QCoreApplication>

namespace causeway::app {

QString stoppedEarlyText(const ExperimentResult& r) {
    const char* format = nullptr;
    switch (r.status) {
    case RunStatus::Complete: return {};
    case RunStatus::Cancelled: format = QT_TRANSLATE_NOOP("RunOutcome", "cancelled after %1 of %2 cells"); break;
    case RunStatus::Failed: format = QT_TRANSLATE_NOOP("RunOutcome", "failed after %1 of %2 cells"); break;
    case RunStatus::Interrupted: format = QT_TRANSLATE_NOOP("RunOutcome", "interrupted after %1 of %2 cells"); break;
    }
    return QCoreApplication::translate("RunOutcome", format).arg(r.cellsDone).arg(r.cellsTotal);
}

} // namespace causeway::app
