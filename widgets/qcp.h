#pragma once
// QCustomPlot's header uses Qt's `signals` / `foreach` keywords, which the project turns off
// (QT_NO_KEYWORDS, because of torch). Include it only through this file, and only from .cpp files.
#pragma push_macro("signals")
#pragma push_macro("slots")
#pragma push_macro("emit")
#pragma push_macro("foreach")
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#pragma pop_macro("foreach")
#pragma pop_macro("emit")
#pragma pop_macro("slots")
#pragma pop_macro("signals")
