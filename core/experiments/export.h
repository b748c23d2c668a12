#pragma once
// Exporting an experiment for pyvene: a standalone Python script (transformers + pyvene) that
// reruns it and prints the same matrices, and, for a single cell, pyvene's saved-config folder.
#include "experiments/experiment.h"
#include "intervene/pyvene_format.h"

#include <filesystem>
#include <memory>
#include <string>

namespace causeway {

class Transformer;

// `prepared` comes from prepareExperiment (resolved token ids, answers and subject range).
std::string pyveneScript(const ExperimentResult& prepared, const std::filesystem::path& modelFolder);

// Writes the IntervenableModel.save() folder of a patching experiment that names exactly one
// component and one cell (one layer and one position or head). Throws otherwise.
void writePyveneConfig(const ExperimentResult& prepared, std::shared_ptr<const Transformer> model,
                       const std::filesystem::path& folder, PyveneLayout layout = PyveneLayout::V0_1_5);

} // namespace causeway
