#pragma once
// How the workbench words a run that stopped early (cancelled, failed, or interrupted by the
// program ending): one phrase for the results list, captions and the status line.
#include "experiments/experiment.h"

#include <QString>

namespace causeway::app {

// "cancelled after 37 of 168 cells", "failed after …", "interrupted after …"; empty when complete.
QString stoppedEarlyText(const ExperimentResult& result);

} // namespace causeway::app
