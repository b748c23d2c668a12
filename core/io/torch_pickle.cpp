#include "io/torch_pickle.h"

#include "common/error.h"
#include "io/atomic_file.h"

#include <ATen/ATen.h>
#include <c10/util/Exception.h>
#include <caffe2/serialize/inline_container.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

namespace causeway {
namespace fs = std::filesystem;

namespace {

static_assert(sizeof(double) == 8, "BINFLOAT needs IEEE doubles");

bool hostIsLittleEndian() {
    const uint16_t one = 1;
    uint8_t first = 0;
    std::memcpy(&first, &one, 1);
    return first == 1;
}

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

std::string torchMessage(const std::exception& e) {
    std::string message;
    if (auto* c10error = dynamic_cast<const c10::Error*>(&e))
        message = c10error->what_without_backtrace();
    else
        message = e.what();
    // LibTorch messages carry "Exception raised from ..." lines: keep the first line only.
    const auto newline = message.find('\n');
    if (newline != std::string::npos) message.resize(newline);
    return message;
}

// ------------------------------------------------------------------------------------------------
// Storage types: the `torch <Name>Storage` globals and the dtypes they stand for.

struct StorageType {
    const char* name;
    at::ScalarType dtype;
};

constexpr StorageType kStorageTypes[] = {
    {"FloatStorage", at::kFloat},     {"DoubleStorage", at::kDouble}, {"HalfStorage", at::kHalf},
    {"BFloat16Storage", at::kBFloat16}, {"LongStorage", at::kLong},  {"IntStorage", at::kInt},
    {"ShortStorage", at::kShort},     {"CharStorage", at::kChar},     {"ByteStorage", at::kByte},
    {"BoolStorage", at::kBool},
};

const char* storageTypeName(at::ScalarType dtype) {
    for (const auto& t : kStorageTypes)
        if (t.dtype == dtype) return t.name;
    return nullptr;
}

// ------------------------------------------------------------------------------------------------
// The restricted unpickler's object model: only what a dict of tensors needs.

enum class GlobalKind {
    OrderedDict,        // collections.OrderedDict
    RebuildTensorV2,    // torch._utils._rebuild_tensor_v2
    RebuildParameter,   // torch._utils._rebuild_parameter
    RebuildFromTypeV2,  // torch._tensor._rebuild_from_type_v2
    RestoreTypeTag,     // torch.jit._pickle.restore_type_tag (LibTorch's pickle_save writes it)
    TensorType,         // torch.Tensor / torch._tensor.Tensor / torch.nn.parameter.Parameter
    StorageType,        // torch.<X>Storage
};

struct Obj;
using ObjPtr = std::shared_ptr<Obj>;

struct Obj {
    enum class Kind { None, Bool, Int, Float, Str, Tuple, List, Dict, Global, Storage, Tensor };
    Kind kind = Kind::None;
    bool boolean = false;
    int64_t integer = 0;
    double real = 0.0;
    std::string str;                                  // Str; Global: "module.name"
    std::vector<ObjPtr> items;                        // Tuple, List
    std::vector<std::pair<ObjPtr, ObjPtr>> entries;   // Dict, in insertion order
    bool ordered = false;                             // Dict made by collections.OrderedDict
    std::map<std::string, size_t> index;              // Dict: key -> position in entries
    GlobalKind global = GlobalKind::OrderedDict;      // Global
    at::ScalarType dtype = at::kFloat;                // Global(StorageType), Storage
    const uint8_t* bytes = nullptr;                   // Storage: the record's data
    size_t byteCount = 0;                             // Storage: the record's size
    int64_t numel = 0;                                // Storage
    at::Tensor tensor;                                // Tensor

    static ObjPtr make(Kind kind) {
        auto o = std::make_shared<Obj>();
        o->kind = kind;
        return o;
    }
};

const char* kindName(Obj::Kind kind) {
    switch (kind) {
    case Obj::Kind::None: return "None";
    case Obj::Kind::Bool: return "a bool";
    case Obj::Kind::Int: return "an int";
    case Obj::Kind::Float: return "a float";
    case Obj::Kind::Str: return "a str";
    case Obj::Kind::Tuple: return "a tuple";
    case Obj::Kind::List: return "a list";
    case Obj::Kind::Dict: return "a dict";
    case Obj::Kind::Global: return "a global";
    case Obj::Kind::Storage: return "a storage";
    case Obj::Kind::Tensor: return "a tensor";
    }
    return "?";
}

// Names of the opcodes the unpickler refuses, for the message (pickletools' names).
const char* opcodeName(uint8_t op) {
    switch (op) {
    case 'i': return "INST";
    case 'o': return "OBJ";
    case 0x81: return "NEWOBJ";
    case 0x92: return "NEWOBJ_EX";
    case 0x82: return "EXT1";
    case 0x83: return "EXT2";
    case 0x84: return "EXT4";
    case 'P': return "PERSID";
    case 'S': return "STRING";
    case 'T': return "BINSTRING";
    case 'U': return "SHORT_BINSTRING";
    case 'V': return "UNICODE";
    case 'I': return "INT";
    case 'J': return "BININT (truncated)";
    case 'L': return "LONG";
    case 0x8b: return "LONG4";
    case 'F': return "FLOAT";
    case 'B': return "BINBYTES";
    case 'C': return "SHORT_BINBYTES";
    case 0x8e: return "BINBYTES8";
    case 0x8d: return "BINUNICODE8";
    case 0x96: return "BYTEARRAY8";
    case 0x97: return "NEXT_BUFFER";
    case 0x98: return "READONLY_BUFFER";
    case 0x8f: return "EMPTY_SET";
    case 0x90: return "ADDITEMS";
    case 0x91: return "FROZENSET";
    case 'l': return "LIST";
    case 'd': return "DICT";
    case 'g': return "GET";
    case 'p': return "PUT";
    case '0': return "POP";
    case '1': return "POP_MARK";
    case '2': return "DUP";
    default: return nullptr;
    }
}

class RestrictedUnpickler {
public:
    RestrictedUnpickler(const fs::path& file, const uint8_t* data, size_t size,
                        std::function<ObjPtr(const std::string& key, at::ScalarType dtype, int64_t numel)> loadStorage)
        : file_(file), data_(data), size_(size), loadStorage_(std::move(loadStorage)) {}

    ObjPtr run() {
        while (true) {
            opStart_ = pos_;
            const uint8_t op = readByte();
            switch (op) {
            case 0x80: { // PROTO
                const uint8_t version = readByte();
                if (version < 2 || version > 5) corrupt("unsupported pickle protocol " + std::to_string(version));
                break;
            }
            case 0x95: { // FRAME: a length hint only
                const uint64_t length = readUInt(8);
                if (length > size_ - pos_) corrupt("a FRAME runs past the end of the pickle");
                break;
            }
            case '.': { // STOP
                if (stack_.size() != 1 || !marks_.empty())
                    corrupt("STOP with " + std::to_string(stack_.size()) + " values on the stack");
                return stack_.back();
            }
            case '(': marks_.push_back(stack_.size()); break; // MARK
            case 'N': push(Obj::make(Obj::Kind::None)); break;
            case 0x88: push(makeBool(true)); break;  // NEWTRUE
            case 0x89: push(makeBool(false)); break; // NEWFALSE
            case 'J': push(makeInt(static_cast<int32_t>(readUInt(4)))); break; // BININT
            case 'K': push(makeInt(readByte())); break;                        // BININT1
            case 'M': push(makeInt(static_cast<int64_t>(readUInt(2)))); break; // BININT2
            case 0x8a: { // LONG1
                const uint8_t n = readByte();
                if (n > 8) corrupt("an integer of " + std::to_string(n) + " bytes does not fit in 64 bits");
                const uint8_t* p = take(n);
                uint64_t value = 0;
                for (int i = n - 1; i >= 0; --i) value = (value << 8) | p[i];
                if (n > 0 && n < 8 && (p[n - 1] & 0x80)) value |= ~uint64_t(0) << (8 * n); // sign-extend
                push(makeInt(static_cast<int64_t>(value)));
                break;
            }
            case 'G': { // BINFLOAT: big-endian IEEE double
                const uint8_t* p = take(8);
                uint64_t bits = 0;
                for (int i = 0; i < 8; ++i) bits = (bits << 8) | p[i];
                auto o = Obj::make(Obj::Kind::Float);
                std::memcpy(&o->real, &bits, 8);
                push(o);
                break;
            }
            case 'X': push(makeStr(readUInt(4))); break;  // BINUNICODE
            case 0x8c: push(makeStr(readByte())); break;  // SHORT_BINUNICODE
            case ')': push(Obj::make(Obj::Kind::Tuple)); break; // EMPTY_TUPLE
            case ']': push(Obj::make(Obj::Kind::List)); break;  // EMPTY_LIST
            case '}': push(Obj::make(Obj::Kind::Dict)); break;  // EMPTY_DICT
            case 't': { // TUPLE
                auto o = Obj::make(Obj::Kind::Tuple);
                o->items = popToMark();
                push(o);
                break;
            }
            case 0x85: case 0x86: case 0x87: { // TUPLE1/2/3
                const size_t n = op - 0x84;
                if (stack_.size() < n + floor()) corrupt("TUPLE" + std::to_string(n) + " on a short stack");
                auto o = Obj::make(Obj::Kind::Tuple);
                o->items.assign(stack_.end() - static_cast<std::ptrdiff_t>(n), stack_.end());
                stack_.resize(stack_.size() - n);
                push(o);
                break;
            }
            case 'a': { // APPEND
                ObjPtr value = pop();
                ObjPtr list = top();
                if (list->kind != Obj::Kind::List) corrupt(std::string("APPEND to ") + kindName(list->kind));
                list->items.push_back(value);
                break;
            }
            case 'e': { // APPENDS
                auto values = popToMark();
                ObjPtr list = top();
                if (list->kind != Obj::Kind::List) corrupt(std::string("APPENDS to ") + kindName(list->kind));
                list->items.insert(list->items.end(), values.begin(), values.end());
                break;
            }
            case 's': { // SETITEM
                ObjPtr value = pop();
                ObjPtr key = pop();
                setItem(top(), key, value);
                break;
            }
            case 'u': { // SETITEMS
                auto values = popToMark();
                if (values.size() % 2 != 0) corrupt("SETITEMS with an odd number of values");
                ObjPtr dict = top();
                for (size_t i = 0; i < values.size(); i += 2) setItem(dict, values[i], values[i + 1]);
                break;
            }
            case 'q': memo_[readByte()] = top(); break;                              // BINPUT
            case 'r': memo_[static_cast<uint32_t>(readUInt(4))] = top(); break;     // LONG_BINPUT
            case 0x94: memo_[static_cast<uint32_t>(memo_.size())] = top(); break;   // MEMOIZE
            case 'h': push(memoGet(readByte())); break;                              // BINGET
            case 'j': push(memoGet(static_cast<uint32_t>(readUInt(4)))); break;     // LONG_BINGET
            case 'c': { // GLOBAL "module\nname\n"
                const std::string module = readLine();
                const std::string name = readLine();
                push(makeGlobal(module, name));
                break;
            }
            case 0x93: { // STACK_GLOBAL
                ObjPtr name = pop();
                ObjPtr module = pop();
                if (module->kind != Obj::Kind::Str || name->kind != Obj::Kind::Str)
                    corrupt("STACK_GLOBAL needs two strings");
                push(makeGlobal(module->str, name->str));
                break;
            }
            case 'R': { // REDUCE
                ObjPtr args = pop();
                ObjPtr callable = pop();
                push(reduce(callable, args));
                break;
            }
            case 'Q': { // BINPERSID
                push(persistentLoad(pop()));
                break;
            }
            case 'b': { // BUILD: only an OrderedDict's state (its `_metadata`), which is ignored
                ObjPtr state = pop();
                ObjPtr target = top();
                if (target->kind != Obj::Kind::Dict || !target->ordered)
                    refuse(std::string("pickle opcode BUILD on ") + kindName(target->kind));
                break;
            }
            default: {
                const char* name = opcodeName(op);
                std::ostringstream what;
                what << "pickle opcode " << (name ? name : "") << (name ? " (" : "") << "0x" << std::hex
                     << static_cast<int>(op) << (name ? ")" : "");
                refuse(what.str());
            }
            }
        }
    }

private:
    [[noreturn]] void corrupt(const std::string& problem) const {
        throw Error(quoted(file_) + " has a corrupt pickle (data.pkl, byte " + std::to_string(opStart_) + "): " +
                    problem + ".");
    }
    [[noreturn]] void refuse(const std::string& what) const {
        throw Error(quoted(file_) + " uses " + what +
                    ", which Causeway does not load for safety (it reads only dicts of tensors).");
    }

    uint8_t readByte() {
        if (pos_ >= size_) corrupt("it ends without STOP");
        return data_[pos_++];
    }
    const uint8_t* take(size_t n) {
        if (n > size_ - pos_) corrupt("it ends inside an argument");
        const uint8_t* p = data_ + pos_;
        pos_ += n;
        return p;
    }
    uint64_t readUInt(size_t n) { // little-endian
        const uint8_t* p = take(n);
        uint64_t value = 0;
        for (size_t i = n; i-- > 0;) value = (value << 8) | p[i];
        return value;
    }
    std::string readLine() {
        const size_t start = pos_;
        while (pos_ < size_ && data_[pos_] != '\n') {
            if (pos_ - start > 256) corrupt("a GLOBAL name is too long");
            ++pos_;
        }
        if (pos_ >= size_) corrupt("it ends inside a GLOBAL");
        std::string line(reinterpret_cast<const char*>(data_ + start), pos_ - start);
        ++pos_;
        return line;
    }

    size_t floor() const { return marks_.empty() ? 0 : marks_.back(); }
    void push(ObjPtr o) { stack_.push_back(std::move(o)); }
    ObjPtr pop() {
        if (stack_.size() <= floor()) corrupt("pop from an empty stack");
        ObjPtr o = std::move(stack_.back());
        stack_.pop_back();
        return o;
    }
    const ObjPtr& top() const {
        if (stack_.size() <= floor()) corrupt("no value on the stack");
        return stack_.back();
    }
    std::vector<ObjPtr> popToMark() {
        if (marks_.empty()) corrupt("no MARK");
        const size_t mark = marks_.back();
        marks_.pop_back();
        std::vector<ObjPtr> values(stack_.begin() + static_cast<std::ptrdiff_t>(mark), stack_.end());
        stack_.resize(mark);
        return values;
    }
    ObjPtr memoGet(uint32_t index) const {
        auto it = memo_.find(index);
        if (it == memo_.end()) corrupt("memo entry " + std::to_string(index) + " was never stored");
        return it->second;
    }

    static ObjPtr makeBool(bool value) {
        auto o = Obj::make(Obj::Kind::Bool);
        o->boolean = value;
        return o;
    }
    static ObjPtr makeInt(int64_t value) {
        auto o = Obj::make(Obj::Kind::Int);
        o->integer = value;
        return o;
    }
    ObjPtr makeStr(uint64_t length) {
        const uint8_t* p = take(length);
        auto o = Obj::make(Obj::Kind::Str);
        o->str.assign(reinterpret_cast<const char*>(p), length);
        return o;
    }

    ObjPtr makeGlobal(const std::string& module, const std::string& name) {
        auto o = Obj::make(Obj::Kind::Global);
        o->str = module + "." + name;
        if (module == "collections" && name == "OrderedDict") {
            o->global = GlobalKind::OrderedDict;
        } else if (module == "torch._utils" && name == "_rebuild_tensor_v2") {
            o->global = GlobalKind::RebuildTensorV2;
        } else if (module == "torch._utils" && name == "_rebuild_parameter") {
            o->global = GlobalKind::RebuildParameter;
        } else if (module == "torch._tensor" && name == "_rebuild_from_type_v2") {
            o->global = GlobalKind::RebuildFromTypeV2;
        } else if (module == "torch.jit._pickle" && name == "restore_type_tag") {
            o->global = GlobalKind::RestoreTypeTag;
        } else if ((module == "torch" && name == "Tensor") || (module == "torch._tensor" && name == "Tensor") ||
                   (module == "torch.nn.parameter" && name == "Parameter")) {
            o->global = GlobalKind::TensorType;
        } else {
            bool found = false;
            if (module == "torch")
                for (const auto& t : kStorageTypes)
                    if (name == t.name) {
                        o->global = GlobalKind::StorageType;
                        o->dtype = t.dtype;
                        found = true;
                    }
            if (!found) refuse("the pickle global '" + module + "." + name + "'");
        }
        return o;
    }

    void setItem(const ObjPtr& dict, const ObjPtr& key, const ObjPtr& value) {
        if (dict->kind != Obj::Kind::Dict) corrupt(std::string("SETITEM on ") + kindName(dict->kind));
        std::string id;
        if (key->kind == Obj::Kind::Str)
            id = "s" + key->str;
        else if (key->kind == Obj::Kind::Int)
            id = "i" + std::to_string(key->integer);
        else
            corrupt(std::string("a dict key is ") + kindName(key->kind));
        auto [it, inserted] = dict->index.emplace(id, dict->entries.size());
        if (inserted)
            dict->entries.emplace_back(key, value);
        else
            dict->entries[it->second].second = value; // Python semantics: the key keeps its first position
    }

    static std::vector<int64_t> intTuple(const ObjPtr& o, const char* what, const RestrictedUnpickler& self) {
        if (o->kind != Obj::Kind::Tuple) self.corrupt(std::string("a tensor's ") + what + " is not a tuple");
        std::vector<int64_t> values;
        for (const auto& item : o->items) {
            if (item->kind != Obj::Kind::Int) self.corrupt(std::string("a tensor's ") + what + " holds a non-int");
            values.push_back(item->integer);
        }
        return values;
    }

    ObjPtr reduce(const ObjPtr& callable, const ObjPtr& args) {
        if (callable->kind != Obj::Kind::Global)
            refuse(std::string("pickle opcode REDUCE on ") + kindName(callable->kind));
        if (args->kind != Obj::Kind::Tuple) corrupt("REDUCE arguments are not a tuple");
        const auto& a = args->items;
        switch (callable->global) {
        case GlobalKind::OrderedDict: {
            if (!a.empty()) refuse("collections.OrderedDict called with arguments");
            auto o = Obj::make(Obj::Kind::Dict);
            o->ordered = true;
            return o;
        }
        case GlobalKind::RebuildTensorV2: return rebuildTensor(a);
        case GlobalKind::RebuildParameter: {
            // _rebuild_parameter(data, requires_grad, backward_hooks)
            if (a.size() != 3 || a[0]->kind != Obj::Kind::Tensor) corrupt("bad _rebuild_parameter arguments");
            return a[0];
        }
        case GlobalKind::RebuildFromTypeV2: {
            // _rebuild_from_type_v2(func, new_type, args, state): only for plain tensors / parameters;
            // the state (Python attributes) is dropped.
            if (a.size() != 4) corrupt("bad _rebuild_from_type_v2 arguments");
            if (a[0]->kind != Obj::Kind::Global ||
                (a[0]->global != GlobalKind::RebuildTensorV2 && a[0]->global != GlobalKind::RebuildParameter))
                refuse("_rebuild_from_type_v2 with a function other than a torch tensor rebuild");
            if (a[1]->kind != Obj::Kind::Global || a[1]->global != GlobalKind::TensorType)
                refuse("_rebuild_from_type_v2 with a tensor subclass");
            if (a[3]->kind != Obj::Kind::None && a[3]->kind != Obj::Kind::Dict)
                corrupt("bad _rebuild_from_type_v2 state");
            return reduce(a[0], a[2]);
        }
        case GlobalKind::RestoreTypeTag: {
            // restore_type_tag(value, type_str) returns value
            if (a.size() != 2 || a[1]->kind != Obj::Kind::Str) corrupt("bad restore_type_tag arguments");
            return a[0];
        }
        case GlobalKind::TensorType:
        case GlobalKind::StorageType: break;
        }
        refuse("a call of the pickle global '" + callable->str + "'");
    }

    ObjPtr persistentLoad(const ObjPtr& pid) {
        // ('storage', storage_type, key, location, numel)
        if (pid->kind != Obj::Kind::Tuple || pid->items.size() != 5 || pid->items[0]->kind != Obj::Kind::Str ||
            pid->items[0]->str != "storage")
            refuse("a persistent id other than a tensor storage");
        const auto& it = pid->items;
        if (it[1]->kind != Obj::Kind::Global || it[1]->global != GlobalKind::StorageType)
            corrupt("a storage's type is not a torch storage type");
        if (it[2]->kind != Obj::Kind::Str || it[3]->kind != Obj::Kind::Str || it[4]->kind != Obj::Kind::Int ||
            it[4]->integer < 0)
            corrupt("a storage reference is malformed");
        return loadStorage_(it[2]->str, it[1]->dtype, it[4]->integer);
    }

    ObjPtr rebuildTensor(const std::vector<ObjPtr>& a) {
        // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
        if (a.size() != 6 && a.size() != 7) corrupt("_rebuild_tensor_v2 takes 6 or 7 arguments");
        if (a[0]->kind != Obj::Kind::Storage) corrupt("a tensor's storage is not a storage");
        if (a[1]->kind != Obj::Kind::Int) corrupt("a tensor's storage offset is not an int");
        const Obj& storage = *a[0];
        const int64_t offset = a[1]->integer;
        const std::vector<int64_t> size = intTuple(a[2], "size", *this);
        const std::vector<int64_t> stride = intTuple(a[3], "stride", *this);
        if (size.size() != stride.size()) corrupt("a tensor's size and stride differ in length");
        if (a[4]->kind != Obj::Kind::Bool) corrupt("a tensor's requires_grad is not a bool");
        if (a[5]->kind != Obj::Kind::Dict && a[5]->kind != Obj::Kind::None)
            corrupt("a tensor's backward hooks are not a dict");
        if (a.size() == 7 && a[6]->kind != Obj::Kind::Dict && a[6]->kind != Obj::Kind::None)
            corrupt("a tensor's metadata is not a dict");

        // Bounds: every element the view addresses lies inside the storage.
        if (offset < 0) corrupt("a negative storage offset");
        int64_t numel = 1;
        int64_t last = offset; // the highest element index addressed
        for (size_t d = 0; d < size.size(); ++d) {
            if (size[d] < 0 || stride[d] < 0) corrupt("a negative size or stride");
            if (__builtin_mul_overflow(numel, size[d], &numel)) corrupt("a tensor's element count overflows");
        }
        if (numel > 0) {
            for (size_t d = 0; d < size.size(); ++d) {
                int64_t span = 0;
                if (__builtin_mul_overflow(size[d] - 1, stride[d], &span) ||
                    __builtin_add_overflow(last, span, &last))
                    corrupt("a tensor's extent overflows");
            }
            if (last >= storage.numel)
                corrupt("a tensor view reaches element " + std::to_string(last) + " of a storage of " +
                        std::to_string(storage.numel) + " elements");
            // A view may repeat elements (stride 0); cap how far that can blow a small file up.
            constexpr int64_t kMaxExpansion = int64_t(1) << 24;
            if (numel > storage.numel && numel > kMaxExpansion)
                corrupt("a tensor of " + std::to_string(numel) + " elements repeats a storage of " +
                        std::to_string(storage.numel));
        }
        const bool isBool = storage.dtype == at::kBool;
        const auto options = at::TensorOptions().dtype(isBool ? at::kByte : storage.dtype);
        at::Tensor flat = at::from_blob(const_cast<uint8_t*>(storage.bytes), {storage.numel}, options);
        at::Tensor view = flat.as_strided(size, stride, offset);
        // A fresh contiguous copy that owns its memory; bool bytes are normalised to 0/1.
        at::Tensor result = isBool ? view.ne(0).contiguous() : view.clone(at::MemoryFormat::Contiguous);
        auto o = Obj::make(Obj::Kind::Tensor);
        o->tensor = result;
        return o;
    }

    const fs::path& file_;
    const uint8_t* data_;
    size_t size_;
    size_t pos_ = 0;
    size_t opStart_ = 0;
    std::function<ObjPtr(const std::string&, at::ScalarType, int64_t)> loadStorage_;
    std::vector<ObjPtr> stack_;
    std::vector<size_t> marks_;
    std::map<uint32_t, ObjPtr> memo_;
};

} // namespace

// ------------------------------------------------------------------------------------------------

std::vector<std::pair<std::string, at::Tensor>> readTorchStateDict(const fs::path& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw Error(quoted(path) + " does not exist.");
    if (!fs::is_regular_file(path, ec)) throw Error(quoted(path) + " is not a file.");
    if (!hostIsLittleEndian()) throw Error("Reading torch.save files needs a little-endian machine.");

    {
        std::ifstream in(path, std::ios::binary);
        char magic[2] = {0, 0};
        in.read(magic, 2);
        if (!in) throw Error(quoted(path) + " is too short to be a torch.save file.");
        if (static_cast<uint8_t>(magic[0]) == 0x80)
            throw Error(quoted(path) +
                        " uses the legacy (pre-1.6) torch.save format, which Causeway does not read. Re-save it "
                        "with a current torch.save (the zip format).");
        if (magic[0] != 'P' || magic[1] != 'K')
            throw Error(quoted(path) + " is not a torch.save file (it is not a zip archive).");
    }

    std::unique_ptr<caffe2::serialize::PyTorchStreamReader> reader;
    try {
        reader = std::make_unique<caffe2::serialize::PyTorchStreamReader>(path.string());
    } catch (const std::exception& e) {
        throw Error(quoted(path) + " is not a readable torch.save zip archive: " + torchMessage(e));
    }

    auto getRecord = [&](const std::string& name) -> std::pair<at::DataPtr, size_t> {
        try {
            auto [data, size] = reader->getRecord(name);
            return {std::move(data), size};
        } catch (const std::exception& e) {
            throw Error(quoted(path) + ": its zip entry '" + name + "' cannot be read: " + torchMessage(e));
        }
    };

    bool hasPickle = false;
    bool bigEndian = false;
    try {
        hasPickle = reader->hasRecord("data.pkl");
        if (reader->hasRecord("byteorder")) {
            auto [data, size] = reader->getRecord("byteorder");
            bigEndian = std::string(static_cast<const char*>(data.get()), size) == "big";
        }
    } catch (const std::exception& e) {
        throw Error(quoted(path) + " is not a readable torch.save zip archive: " + torchMessage(e));
    }
    if (!hasPickle) throw Error(quoted(path) + " is a zip archive without data.pkl, so not a torch.save file.");
    if (bigEndian) throw Error(quoted(path) + " was saved big-endian, which Causeway does not read.");

    auto [pickle, pickleSize] = getRecord("data.pkl");

    // Storage records, read once each; the unpickler's objects point into them.
    std::map<std::string, std::pair<at::DataPtr, size_t>> records;
    auto loadStorage = [&](const std::string& key, at::ScalarType dtype, int64_t numel) -> ObjPtr {
        auto it = records.find(key);
        if (it == records.end()) {
            const std::string name = "data/" + key;
            bool present = false;
            try {
                present = key.find('/') == std::string::npos && reader->hasRecord(name);
            } catch (const std::exception&) {
            }
            if (!present)
                throw Error(quoted(path) + " is incomplete: its pickle refers to the storage record '" + name +
                            "', which the archive does not contain.");
            it = records.emplace(key, getRecord(name)).first;
        }
        const size_t elementSize = c10::elementSize(dtype);
        const size_t available = it->second.second / elementSize;
        if (static_cast<uint64_t>(numel) > available)
            throw Error(quoted(path) + " is corrupt: the storage record 'data/" + key + "' holds " +
                        std::to_string(it->second.second) + " bytes, too few for " + std::to_string(numel) +
                        " elements of " + c10::toString(dtype) + ".");
        auto o = Obj::make(Obj::Kind::Storage);
        o->dtype = dtype;
        o->bytes = static_cast<const uint8_t*>(it->second.first.get());
        o->byteCount = it->second.second;
        o->numel = numel;
        return o;
    };

    ObjPtr root;
    try {
        RestrictedUnpickler unpickler(path, static_cast<const uint8_t*>(pickle.get()), pickleSize, loadStorage);
        root = unpickler.run();
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        throw Error(quoted(path) + " could not be unpickled: " + torchMessage(e));
    }

    if (root->kind != Obj::Kind::Dict)
        throw Error(quoted(path) + " holds " + kindName(root->kind) + ", not a dict of tensors (a state_dict).");
    std::vector<std::pair<std::string, at::Tensor>> out;
    out.reserve(root->entries.size());
    for (const auto& [key, value] : root->entries) {
        if (key->kind != Obj::Kind::Str)
            throw Error(quoted(path) + " holds a dict with a non-string key, not a state_dict.");
        if (value->kind != Obj::Kind::Tensor)
            throw Error(quoted(path) + ": the entry '" + key->str + "' is " + kindName(value->kind) +
                        ", not a tensor.");
        out.emplace_back(key->str, value->tensor);
    }
    return out;
}

// ------------------------------------------------------------------------------------------------
// Writing: the pickle Python's torch.save writes for a plain dict of tensors (protocol 2).

namespace {

class PickleWriter {
public:
    std::string bytes;

    void op(uint8_t code) { bytes.push_back(static_cast<char>(code)); }
    void u32(uint32_t v) {
        for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    }
    void integer(int64_t v) {
        if (v >= 0 && v < 256) {
            op('K');
            op(static_cast<uint8_t>(v));
        } else if (v >= 0 && v < 65536) {
            op('M');
            op(static_cast<uint8_t>(v & 0xff));
            op(static_cast<uint8_t>(v >> 8));
        } else if (v >= INT32_MIN && v <= INT32_MAX) {
            op('J');
            u32(static_cast<uint32_t>(static_cast<int32_t>(v)));
        } else { // LONG1, 8 bytes two's complement little-endian
            op(0x8a);
            op(8);
            const auto u = static_cast<uint64_t>(v);
            for (int i = 0; i < 8; ++i) op(static_cast<uint8_t>((u >> (8 * i)) & 0xff));
        }
    }
    void string(const std::string& s) {
        op('X');
        u32(static_cast<uint32_t>(s.size()));
        bytes += s;
    }
    void global(const char* module, const char* name) {
        op('c');
        bytes += module;
        bytes += '\n';
        bytes += name;
        bytes += '\n';
    }
    void intTuple(at::IntArrayRef values) {
        if (values.empty()) {
            op(')');
            return;
        }
        if (values.size() > 3) op('(');
        for (int64_t v : values) integer(v);
        op(values.size() == 1 ? 0x85 : values.size() == 2 ? 0x86 : values.size() == 3 ? 0x87 : 't');
    }
};

std::string archiveBytes(const std::vector<std::pair<std::string, at::Tensor>>& tensors, const fs::path& path) {
    std::vector<at::Tensor> storages;
    PickleWriter p;
    p.op(0x80);
    p.op(2);
    p.op('}'); // EMPTY_DICT
    if (!tensors.empty()) p.op('(');
    std::map<std::string, bool> seen;
    for (const auto& [key, tensor] : tensors) {
        if (!seen.emplace(key, true).second)
            throw Error("Cannot write " + quoted(path) + ": the key '" + key + "' appears twice.");
        if (!tensor.defined())
            throw Error("Cannot write " + quoted(path) + ": the tensor '" + key + "' is undefined.");
        const char* storageName = storageTypeName(tensor.scalar_type());
        if (!storageName || tensor.is_quantized() || tensor.is_sparse() || tensor.is_complex())
            throw Error("Cannot write " + quoted(path) + ": the tensor '" + key + "' has dtype " +
                        c10::toString(tensor.scalar_type()) + ", which Causeway does not save.");
        // Detached, on the CPU, contiguous and compact: a fresh copy holding exactly its elements.
        at::Tensor compact;
        try {
            compact = tensor.detach().to(at::kCPU).clone(at::MemoryFormat::Contiguous);
        } catch (const std::exception& e) {
            throw Error("Cannot write " + quoted(path) + ": the tensor '" + key + "' cannot be copied to the CPU: " +
                        torchMessage(e));
        }
        const std::string storageKey = std::to_string(storages.size());
        storages.push_back(compact);

        p.string(key);
        p.global("torch._utils", "_rebuild_tensor_v2");
        p.op('(');
        p.op('('); // persistent id ('storage', storage_type, key, location, numel)
        p.string("storage");
        p.global("torch", storageName);
        p.string(storageKey);
        p.string("cpu");
        p.integer(compact.numel());
        p.op('t');
        p.op('Q'); // BINPERSID
        p.integer(0); // storage offset
        p.intTuple(compact.sizes());
        p.intTuple(compact.strides());
        p.op(0x89); // requires_grad = False
        p.global("collections", "OrderedDict"); // backward_hooks = OrderedDict()
        p.op(')');
        p.op('R');
        p.op('t');
        p.op('R');
    }
    if (!tensors.empty()) p.op('u'); // SETITEMS
    p.op('.');

    std::string zip;
    try {
        caffe2::serialize::PyTorchStreamWriter writer([&](const void* data, size_t size) {
            zip.append(static_cast<const char*>(data), size);
            return size;
        });
        writer.writeRecord("data.pkl", p.bytes.data(), p.bytes.size());
        writer.writeRecord("byteorder", "little", 6);
        for (size_t i = 0; i < storages.size(); ++i)
            writer.writeRecord("data/" + std::to_string(i), storages[i].data_ptr(), storages[i].nbytes());
        writer.writeEndOfFile();
    } catch (const std::exception& e) {
        throw Error("Cannot write " + quoted(path) + ": " + torchMessage(e));
    }
    return zip;
}

} // namespace

void writeTorchStateDict(const fs::path& path, const std::vector<std::pair<std::string, at::Tensor>>& tensors) {
    // Built in memory (LibTorch's file-backed zip writer aborts the process on a write error),
    // then written atomically.
    writeFileAtomically(path, archiveBytes(tensors, path));
}

} // namespace causeway
