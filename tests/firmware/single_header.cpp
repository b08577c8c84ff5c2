// SPDX-License-Identifier: MIT
// The whole single header compiles for bare metal (newlib: no std::mutex, no POSIX file
// descriptors), where PRESIGN_HAS_THREADS is 0; firmware.cmake compiles this for Cortex-M4F
// and Cortex-M0+ with the project's warnings as errors.
#include "presign/presign.hpp"

static_assert(PRESIGN_HAS_THREADS == 0, "newlib has no std::mutex: expected a threadless build");

// The opt-in parts a threadless build keeps, used so their templates are instantiated.
int firmware_single_header_uses() {
  const presign::basic_presigner presigner(presign::environment_credentials{},
                                           presign::fixed_clock{1369353600},
                                           presign::presigner_options{});
  const presign::profile_credentials profile;
  return static_cast<int>(presigner.region().size() + profile.diagnostic().size());
}
