// SPDX-License-Identifier: MIT
// presign: version macros. CMake reads the package version from these lines.
#pragma once

#define PRESIGN_VERSION_MAJOR 0
#define PRESIGN_VERSION_MINOR 1
#define PRESIGN_VERSION_PATCH 0
#define PRESIGN_VERSION_STRING "0.1.0"
