// SPDX-License-Identifier: MIT
// One of two TUs that include everything: duplicate non-inline definitions fail the link.
#include <presign/presign.hpp>

int odr_a() { return static_cast<int>(presign::to_string(presign::errc::expired).size()); }
