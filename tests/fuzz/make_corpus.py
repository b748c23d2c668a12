#!/usr/bin/env python3
"""Writes the fuzzers' seed corpus (tests/fuzz/corpus/<target>/) from the test data.

    python3 tests/fuzz/make_corpus.py --cli build/bin/causeway-cli

Only the standard library. The results.json seeds are made by running small experiments on
tests/data/models/gpt2-tiny with causeway-cli (a few seconds). Seeds are
kept small (the fuzzers' -max_len follows the largest seed), so big fixtures are cut down or left out.
Multi-file targets take their files joined by fuzz_support.h's kFileSeparator.
"""
import argparse
import hashlib
import json
import os
import shutil
import struct
import subprocess
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
CORPUS = ROOT / "tests" / "fuzz" / "corpus"
SEPARATOR = b"\n#### next file ####\n"
MAX_SEED = 16 * 1024


def seed(target, name, data):
    if isinstance(data, str):
        data = data.encode()
    if len(data) > MAX_SEED:
        return
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    # Named by content, so re-running the script writes the same files.
    digest = hashlib.sha1(data).hexdigest()[:12]
    (folder / f"{name}-{digest}").write_bytes(data)


def joined(*files):
    return SEPARATOR.join(Path(f).read_bytes() for f in files if f is not None)


def optional(path):
    return path if path.exists() else None


def safetensors_seeds():
    """Small safetensors files: a model's small tensors with their data, some re-typed."""
    for model in ("gpt2-tiny", "llama-tiny", "opt-projected", "mixtral-top2"):
        raw = (DATA / "models" / model / "model.safetensors").read_bytes()
        length = struct.unpack("<Q", raw[:8])[0]
        header = json.loads(raw[8:8 + length])
        data = raw[8 + length:]
        kept, blob = {}, b""
        for name, entry in sorted(header.items()):
            if name == "__metadata__":
                continue
            begin, end = entry["data_offsets"]
            if end - begin > 512 or len(kept) >= 6:
                continue
            kept[name] = dict(entry, data_offsets=[len(blob), len(blob) + end - begin])
            blob += data[begin:end]
        if "__metadata__" in header:
            kept["__metadata__"] = header["__metadata__"]
        write_safetensors(f"{model}-small", kept, blob)
        # The same bytes declared as other dtypes.
        name, entry = next((n, e) for n, e in kept.items() if n != "__metadata__")
        size = entry["data_offsets"][1] - entry["data_offsets"][0]
        for dtype, width in (("F16", 2), ("BF16", 2), ("I64", 8), ("I32", 4), ("I16", 2), ("I8", 1), ("U8", 1), ("BOOL", 1), ("F64", 8)):
            retyped = {name: {"dtype": dtype, "shape": [size // width], "data_offsets": [0, size // width * width]}}
            write_safetensors(f"{model}-{dtype}", retyped, blob[entry["data_offsets"][0]:entry["data_offsets"][0] + size])
    write_safetensors("empty", {}, b"")
    write_safetensors("scalar-and-empty", {"a": {"dtype": "F32", "shape": [], "data_offsets": [0, 4]},
                                           "b": {"dtype": "F32", "shape": [0, 3], "data_offsets": [4, 4]}}, b"\0\0\x80?")


def write_safetensors(name, header, blob):
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    seed("fuzz_safetensors", name, struct.pack("<Q", len(text)) + text + blob)


def shard_index_seeds():
    # The shards fuzz_shard_index.cpp writes beside the index.
    first, second = "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"
    weight_map = {"transformer.wte.weight": first, "transformer.ln_f.weight": first,
                  "transformer.h.0.ln_1.weight": second, "lm_head.weight": second}
    seed("fuzz_shard_index", "both", json.dumps({"metadata": {"total_size": 56}, "weight_map": weight_map}, indent=2))
    seed("fuzz_shard_index", "one", json.dumps({"weight_map": {"transformer.wte.weight": first}}))
    seed("fuzz_shard_index", "outside", json.dumps({"weight_map": {"x": "../" + first, "y": "/" + second}}))


def config_seeds():
    for config in sorted(DATA.glob("models/*/config.json")):
        seed("fuzz_config", config.parent.name, config.read_bytes())
    seed("fuzz_config", "demo", (ROOT / "resources/models/causeway-demo/config.json").read_bytes())


def tokenizer_seeds():
    folders = sorted(DATA.glob("tokenizers/*")) + sorted(DATA.glob("models/*")) + [ROOT / "resources/models/causeway-demo"]
    for folder in folders:
        if not folder.is_dir():
            continue
        config = optional(folder / "tokenizer_config.json")
        if (folder / "tokenizer.json").exists():
            seed("fuzz_tokenizer_json", folder.name, joined(folder / "tokenizer.json", config))
        if (folder / "vocab.json").exists() and (folder / "merges.txt").exists():
            seed("fuzz_vocab_merges", folder.name, joined(folder / "vocab.json", folder / "merges.txt", config))
        if (folder / "tokenizer.model").exists():
            seed("fuzz_sentencepiece", folder.name, joined(folder / "tokenizer.model", config))


def torch_save_seeds():
    bins = {}
    for path in sorted(DATA.glob("pyvene_*/**/*.bin")):
        bins.setdefault(hashlib.sha1(path.read_bytes()).hexdigest(), path)
    for path in bins.values():
        label = path.parent.name
        seed("fuzz_torch_save", label, path.read_bytes())
        with zipfile.ZipFile(path) as archive:
            pickle = next(n for n in archive.namelist() if n.endswith("/data.pkl"))
            seed("fuzz_torch_pickle", label, archive.read(pickle))


def pyvene_seeds():
    for version in ("0.1.5", "0.1.8"):
        for save in sorted((DATA / "pyvene_saves" / version / "gpt2-tiny").iterdir()):
            seed("fuzz_pyvene_folder", f"{version}-{save.name}",
                 (save / "config.json").read_bytes() + SEPARATOR + f"{version}/{save.name}".encode())


def case_seeds():
    for case in sorted(DATA.glob("pyvene_cases/gpt2-tiny/*/case.json")):
        seed("fuzz_intervention_case", case.parent.name, case.read_bytes())


def gpt2_tiny_experiments():
    model = str(DATA / "models" / "gpt2-tiny")
    return {
        "patching": {"format": 1, "kind": "activation_patching", "model": model, "title": "patching",
                     "prompts": {"clean": "Alice lives at", "corrupted": "Alice lives on"},
                     "answers": {"correct_id": 258, "incorrect_id": 340}, "components": ["block_output", "mlp_output"],
                     "layers": [0, 1], "positions": "all", "metric": "logit_diff", "threads": 1},
        "heads": {"format": 1, "kind": "activation_patching", "model": model,
                  "prompts": {"clean_ids": [32, 75, 310], "corrupted_ids": [32, 75, 311]},
                  "answers": {"correct_id": 5, "incorrect_id": 6}, "components": ["head_attention_value_output"],
                  "unit": "head", "positions": [1, 2], "cells": [[0, 1], [1, 0]], "metric": "kl", "threads": 1},
        "tracing": {"format": 1, "kind": "causal_tracing", "model": model, "prompt": "Alice lives in London",
                    "subject": "Alice", "noise": {"samples": 2, "multiple_of_embedding_std": 3.0, "seed": 1},
                    "window": 2, "layers": "all", "threads": 1},
        "lens": {"format": 1, "kind": "logit_lens", "model": model, "prompt": "Alice lives in", "answer": " in",
                 "colour": "rank", "top_k": 2, "threads": 1},
        "attention": {"format": 1, "kind": "attention_patterns", "model": model, "prompt": "Alice lives at",
                      "summary": "previous_token", "threads": 1},
        "attribution": {"format": 1, "kind": "logit_attribution", "model": model, "prompt": "Alice lives at",
                        "answers": {"correct_id": 258, "incorrect_id": 340}, "threads": 1},
        "atp": {"format": 1, "kind": "attribution_patching", "model": model,
                "prompts": {"clean": "Alice lives at", "corrupted": "Alice lives on"},
                "answers": {"correct_id": 258, "incorrect_id": 340}, "components": ["head_attention_value_output"],
                "unit": "head", "exact_top_k": 3, "threads": 1},
    }


def experiment_seeds(cli):
    for path in sorted((ROOT / "resources" / "experiments").glob("*.json")):
        seed("fuzz_experiment", path.stem, path.read_bytes())
    model_path = str(DATA / "models" / "gpt2-tiny")
    for name, experiment in gpt2_tiny_experiments().items():
        seed("fuzz_experiment", name, json.dumps(dict(experiment, model="models/gpt2-tiny"), indent=1))
    with tempfile.TemporaryDirectory() as scratch:
        for name, experiment in gpt2_tiny_experiments().items():
            spec = Path(scratch) / f"{name}.json"
            spec.write_text(json.dumps(experiment))
            out = Path(scratch) / name
            subprocess.run([cli, "run", str(spec), "--out", str(out)], check=True, stderr=subprocess.DEVNULL,
                           env=dict(os.environ, OMP_NUM_THREADS="1"))
            # The seeds name the model as the test data does, not by this checkout's path.
            results = (out / "results.json").read_text().replace(model_path, "models/gpt2-tiny").encode()
            seed("fuzz_results", name, results)
            seed("fuzz_experiment", f"{name}-results", results)
            with_results = dict(experiment, model="models/gpt2-tiny", results=[json.loads(results)])
            seed("fuzz_experiment", f"{name}-with-results", json.dumps(with_results))


JSON_TOKENS = ['{', '}', '[', ']', ':', ',', '"', 'null', 'true', 'false', '-1', '0', '1e308', '-1e308',
               '9223372036854775807', '18446744073709551615', '4294967296', '[[', ']]', '{}', '[]', '""']


def json_keys(value, keys):
    if isinstance(value, dict):
        for key, item in value.items():
            keys.add(key)
            json_keys(item, keys)
    elif isinstance(value, list):
        for item in value:
            json_keys(item, keys)
    elif isinstance(value, str) and len(value) < 40:
        keys.add(value)


def write_dictionaries():
    """libFuzzer dictionaries (tests/fuzz/dict/<target>.dict) for the JSON targets: JSON's syntax,
    edge-case numbers, and every key and short string of the seeds, so that the fuzzer can swap
    types and values instead of only flipping bytes."""
    folder = ROOT / "tests" / "fuzz" / "dict"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for target in sorted(CORPUS.iterdir()):
        keys = set()
        for seed_file in target.iterdir():
            try:
                json_keys(json.loads(seed_file.read_bytes().split(SEPARATOR)[0]), keys)
            except (ValueError, UnicodeDecodeError):
                continue
        if not keys:
            continue
        quoted = sorted(json.dumps(json.dumps(k)) for k in keys if k.isascii() and k.isprintable())[:400]
        lines = [json.dumps(t) for t in JSON_TOKENS] + quoted
        (folder / f"{target.name}.dict").write_text("".join(f"{line}\n" for line in lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", required=True, help="causeway-cli, to make results.json seeds")
    args = parser.parse_args()
    shutil.rmtree(CORPUS, ignore_errors=True)
    safetensors_seeds()
    shard_index_seeds()
    config_seeds()
    tokenizer_seeds()
    torch_save_seeds()
    pyvene_seeds()
    case_seeds()
    experiment_seeds(args.cli)
    write_dictionaries()
    total = sum(f.stat().st_size for f in CORPUS.rglob("*") if f.is_file())
    print(f"{sum(1 for f in CORPUS.rglob('*') if f.is_file())} seeds, {total / 1024:.0f} KiB in {CORPUS}")


if __name__ == "__main__":
    main()
