// Precompiled header for the core: the expensive LibTorch headers, parsed once.
#pragma once
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>
#include <filesystem>
#include <string>
#include <vector>
