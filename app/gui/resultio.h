#pragma once
// Reading and writing the workbench's files: experiment files with their results (the
// experiment JSON of docs/experiment-format.md plus a "results" list of causeway-cli run's
// results.json documents), and CSV / JSON data of one heatmap.
#include "experiments/experiment.h"

#include <QString>
#include <QVector>

namespace causeway::app {

struct ExperimentFile {
    ExperimentSpec spec;
    QVector<ExperimentResult> results;
};

// Throws causeway::Error with a message for the user.
ExperimentFile readExperimentFile(const QString& fileName);
void writeExperimentFile(const QString& fileName, const ExperimentSpec& spec, const QVector<ExperimentResult>& results);

ExperimentResult resultFromJson(const nlohmann::json& json, const std::string& source);

// One map as CSV: a "layer" column, then one column per token / head; blanks for NaN.
QString heatmapCsv(const Heatmap& map, bool normalized = false);
void writeTextFile(const QString& fileName, const QByteArray& data);

} // namespace causeway::app
