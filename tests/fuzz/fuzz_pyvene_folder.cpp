// A pyvene save() folder: config.json with the intkey_<key>.bin files of one of the saves in
// tests/data/pyvene_saves, loaded against gpt2-tiny as `causeway-cli intervene --load` does.
// The input is the config.json, optionally followed (after the file separator) by the save whose
// weight files sit beside it, e.g. "0.1.5/rotated_space"; the weight files themselves are
// fuzzed by fuzz_torch_save and fuzz_torch_pickle.
#include "fuzz_support.h"
#include "intervene/pyvene_format.h"
#include "model/transformer.h"

#include <ATen/ATen.h>

#include <map>

using namespace causeway;

namespace {

// Every gpt2-tiny save's weight files, copied once into a folder of its own: "0.1.5/rotated_space" -> folder.
std::map<std::string, fs::path> saveFolders() {
    std::map<std::string, fs::path> folders;
    for (const char* version : {"0.1.5", "0.1.8"}) {
        const fs::path saves = fuzz::testData() / "pyvene_saves" / version / "gpt2-tiny";
        for (const auto& save : fs::directory_iterator(saves)) {
            const std::string name = std::string(version) + "/" + save.path().filename().string();
            const fs::path dir = fuzz::emptyFolder("pyvene-" + std::to_string(folders.size()));
            for (const auto& file : fs::directory_iterator(save.path()))
                if (file.path().extension() == ".bin") fs::copy_file(file.path(), dir / file.path().filename());
            folders.emplace(name, dir);
        }
    }
    folders.emplace("", fuzz::emptyFolder("pyvene-no-weights"));
    return folders;
}

} // namespace

CAUSEWAY_FUZZ_TARGET(fuzz_pyvene_folder) {
    static const auto model = Transformer::load(fuzz::testData() / "models" / "gpt2-tiny");
    static const std::map<std::string, fs::path> folders = saveFolders();
    const auto parts = fuzz::splitFiles(data, size, 2);
    const auto save = folders.find(parts.size() > 1 ? std::string(parts[1]) : std::string());
    const fs::path dir = save != folders.end() ? save->second : folders.at("");
    fuzz::writeFile(dir / "config.json", parts[0]);
    IntervenableModel loaded = loadPyveneFolder(dir, model);
    (void)loaded.sortedKeys();
}
