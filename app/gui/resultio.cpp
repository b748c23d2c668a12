#include "resultio.h"

#include "common/error.h"

#include <QFile>
#include <QSaveFile>

#include <cmath>
#include <limits>

namespace causeway::app {

namespace {

std::vector<double> numbers(const nlohmann::json& rows) {
    std::vector<double> out;
    for (const auto& row : rows)
        for (const auto& v : row) out.push_back(v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>());
    return out;
}

QString csvField(const QString& text) {
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n')) &&
        !text.contains(QLatin1Char('\r')) && (text.isEmpty() || (!text.startsWith(QLatin1Char(' ')) && !text.endsWith(QLatin1Char(' ')))))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

} // namespace

ExperimentResult resultFromJson(const nlohmann::json& j, const std::string& source) {
    ExperimentResult r;
    try {
        r.spec = ExperimentSpec::fromJson(j.at("experiment"), source);
        r.tokenIds = j.at("token_ids").get<std::vector<int64_t>>();
        r.tokens = j.at("tokens").get<std::vector<std::string>>();
        r.corruptedTokenIds = j.value("corrupted_token_ids", std::vector<int64_t>{});
        r.corruptedTokens = j.value("corrupted_tokens", std::vector<std::string>{});
        for (const auto& m : j.at("maps")) {
            Heatmap h;
            h.name = m.at("name").get<std::string>();
            h.component = m.value("component", h.name);
            h.columnAxis = m.value("column_axis", std::string("position"));
            h.rows = m.at("rows").get<int64_t>();
            h.cols = m.at("cols").get<int64_t>();
            h.rowLayers = m.at("row_layers").get<std::vector<int>>();
            h.columnLabels = m.at("column_labels").get<std::vector<std::string>>();
            h.raw = numbers(m.at("raw"));
            if (m.contains("normalized")) h.normalized = numbers(m["normalized"]);
            if (static_cast<int64_t>(h.raw.size()) != h.rows * h.cols || static_cast<int64_t>(h.rowLayers.size()) != h.rows)
                throw Error(source + ": the map '" + h.name + "' does not have rows x cols values.");
            r.maps.push_back(std::move(h));
        }
        const auto& b = j.at("baselines");
        if (r.spec.kind == ExperimentKind::ActivationPatching) {
            r.cleanBaseline = b.at("clean").get<double>();
            r.corruptedBaseline = b.at("corrupted").get<double>();
            r.correctToken = j.value("correct_token_id", int64_t{-1});
            r.incorrectToken = j.value("incorrect_token_id", int64_t{-1});
            r.correctTokenText = j.value("correct_token", std::string());
            r.incorrectTokenText = j.value("incorrect_token", std::string());
        } else {
            r.cleanBaseline = b.at("high").get<double>();
            r.corruptedBaseline = b.at("low").get<double>();
            r.correctToken = j.value("answer_token_id", int64_t{-1});
            r.correctTokenText = j.value("answer_token", std::string());
            if (j.contains("subject_tokens")) r.subjectRange = {j["subject_tokens"].at(0).get<int64_t>(), j["subject_tokens"].at(1).get<int64_t>()};
            r.noiseScale = j.value("noise_scale", 0.0);
        }
        r.cellsDone = j.value("cells_done", int64_t{0});
        r.cellsTotal = j.value("cells_total", int64_t{0});
        r.cancelled = j.value("cancelled", false);
        r.seconds = j.value("seconds", 0.0);
    } catch (const nlohmann::json::exception& e) {
        throw Error(source + ": a saved result has a missing or wrong field (" + e.what() + ").");
    }
    return r;
}

ExperimentFile readExperimentFile(const QString& fileName) {
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) throw Error("Cannot open " + fileName.toStdString() + ": " + file.errorString().toStdString() + ".");
    const QByteArray bytes = file.readAll();
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(bytes.constBegin(), bytes.constEnd());
    } catch (const nlohmann::json::exception& e) {
        throw Error("The experiment file " + fileName.toStdString() + " is not valid JSON (" + e.what() + ").");
    }
    ExperimentFile out;
    out.spec = ExperimentSpec::fromJson(j, fileName.toStdString());
    if (j.contains("results") && j["results"].is_array())
        for (const auto& r : j["results"]) out.results.push_back(resultFromJson(r, fileName.toStdString()));
    return out;
}

void writeTextFile(const QString& fileName, const QByteArray& data) {
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit())
        throw Error("Cannot write " + fileName.toStdString() + ": " + file.errorString().toStdString() + ".");
}

void writeExperimentFile(const QString& fileName, const ExperimentSpec& spec, const QVector<ExperimentResult>& results) {
    nlohmann::json j = spec.toJson();
    if (!results.isEmpty()) {
        nlohmann::json list = nlohmann::json::array();
        for (const ExperimentResult& r : results) list.push_back(r.toJson());
        j["results"] = list;
    }
    writeTextFile(fileName, QByteArray::fromStdString(j.dump(1) + "\n"));
}

QString heatmapCsv(const Heatmap& h, bool normalized) {
    const std::vector<double>& values = normalized && !h.normalized.empty() ? h.normalized : h.raw;
    // A normalised file is headed so: 0 = the corrupted run, 1 = the clean run.
    QString out = normalized && !h.normalized.empty() ? QStringLiteral("layer (normalised: 0 = corrupted baseline; 1 = clean baseline)")
                                                      : QStringLiteral("layer");
    for (const std::string& label : h.columnLabels) out += QLatin1Char(',') + csvField(QString::fromStdString(label));
    out += QLatin1Char('\n');
    for (int64_t r = 0; r < h.rows; ++r) {
        out += QString::number(h.rowLayers[static_cast<std::size_t>(r)]);
        for (int64_t c = 0; c < h.cols; ++c) {
            const double v = values[static_cast<std::size_t>(r * h.cols + c)];
            out += QLatin1Char(',');
            if (!std::isnan(v)) out += QString::number(v, 'g', 9);
        }
        out += QLatin1Char('\n');
    }
    return out;
}

} // namespace causeway::app
