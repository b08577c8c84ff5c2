// SPDX-License-Identifier: MIT
// The second TU that includes everything (see odr_a.cpp).
#include <presign/presign.hpp>

int odr_b() { return static_cast<int>(presign::to_string(presign::errc::ok).size()); }
