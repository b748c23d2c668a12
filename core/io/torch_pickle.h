#pragma once
// PyTorch `torch.save` files holding a state_dict: pyvene's `intkey_<key>.bin`.
//
// A torch.save file is a zip archive `<archive>/data.pkl`, `<archive>/data/<storage key>`,
// `<archive>/version`. data.pkl is a Python pickle, and unpickling an arbitrary pickle runs arbitrary
// code. So the reader is a restricted unpickler: it knows only the opcodes a dict / OrderedDict of
// tensors needs and only an allow-list of globals (collections.OrderedDict, the torch tensor rebuild
// functions, the torch *Storage types, torch.jit._pickle.restore_type_tag). Anything else is refused
// before it could have any effect: nothing named in the file is ever looked up or called.
#include <ATen/core/Tensor.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace causeway {

// Reads a torch.save zip whose pickle is a dict or OrderedDict of str -> tensor (the OrderedDict's
// `_metadata` is ignored). Returns the entries in the file's order as contiguous CPU tensors that own
// their memory (no two share storage), built from each tensor's stored size / stride / offset.
// Storage dtypes: float64/32/16, bfloat16, int64/32/16, int8, uint8, bool. Tensors saved on another
// device are loaded on the CPU.
// Throws causeway::Error naming the file and the problem: missing file, not a zip (or the legacy
// pre-1.6 torch.save format), corrupt pickle, a disallowed opcode or global, a missing or short
// storage record, a view outside its storage, or a value that is not a tensor.
std::vector<std::pair<std::string, at::Tensor>> readTorchStateDict(const std::filesystem::path& path);

// Writes the tensors, in the given order, as a torch.save zip that Python's torch.load (also with
// weights_only=True) reads into a dict usable by Module.load_state_dict. Each tensor is written
// detached, on the CPU, contiguous and compact (a view stores only its own elements); 0-dim tensors
// (e.g. int64 `embed_dim`) stay 0-dim. The pickle is a plain dict, exactly as Python's torch.save
// writes one (no torch.jit type tags, so weights_only loaders accept it). The zip's folder is named
// "archive" (as torch.save to a buffer names it; loaders ignore the name). The file is replaced
// atomically (written beside it, then renamed).
// Throws causeway::Error for an undefined tensor, an unsupported dtype, a duplicate key, or an I/O
// failure.
void writeTorchStateDict(const std::filesystem::path& path,
                         const std::vector<std::pair<std::string, at::Tensor>>& tensors);

} // namespace causeway
