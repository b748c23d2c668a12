// The restricted unpickler: the input is data.pkl of a torch.save zip that also holds four
// storage records (data/0 .. data/3, 16 KiB each, as large as the seeds' largest), so the fuzzer
// spends its time on the pickle rather than on zip checksums. Whatever the pickle asks for,
// nothing may run and nothing may be read outside those records.
#include "fuzz_support.h"
#include "io/torch_pickle.h"

#include <ATen/ATen.h>
#include <caffe2/serialize/inline_container.h>

using namespace causeway;

CAUSEWAY_FUZZ_TARGET(fuzz_torch_pickle) {
    std::string zip;
    {
        caffe2::serialize::PyTorchStreamWriter writer([&](const void* bytes, size_t n) {
            zip.append(static_cast<const char*>(bytes), n);
            return n;
        });
        writer.writeRecord("data.pkl", data, size);
        writer.writeRecord("byteorder", "little", 6);
        static const std::vector<uint8_t> storage = [] {
            std::vector<uint8_t> bytes(16 << 10);
            for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(i * 7);
            return bytes;
        }();
        for (int record = 0; record < 4; ++record)
            writer.writeRecord("data/" + std::to_string(record), storage.data(), storage.size());
        writer.writeEndOfFile();
    }
    const fs::path file = fuzz::scratchFolder() / "intkey.bin";
    fuzz::writeFile(file, zip);
    for (const auto& [key, tensor] : readTorchStateDict(file)) (void)tensor.sum();
}
