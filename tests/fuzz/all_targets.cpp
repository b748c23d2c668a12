// Every fuzz target in one translation unit, for tests/test_fuzz_regressions.cpp: the targets
// include LibTorch's headers, and one unit compiles in a fraction of the time of twelve.
#include "fuzz_config.cpp"
#include "fuzz_experiment.cpp"
#include "fuzz_intervention_case.cpp"
#include "fuzz_pyvene_folder.cpp"
#include "fuzz_results.cpp"
#include "fuzz_safetensors.cpp"
#include "fuzz_shard_index.cpp"
#include "fuzz_tokenizer_folder.cpp"
#include "fuzz_torch_pickle.cpp"
#include "fuzz_torch_save.cpp"
