// SPDX-License-Identifier: MIT
// The embedded program's baseline: the same harness with a presign that does nothing, so the
// difference in .text between the two programs is the presign code (tests/embedded/text_size.py).
#include "embedded_presign.hpp"

std::size_t embedded_presign(const embedded_request&, char*, std::size_t) noexcept { return 0; }
