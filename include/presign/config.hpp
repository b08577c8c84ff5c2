// SPDX-License-Identifier: MIT
// presign: the few configuration macros, and the namespace convention.
//
// PRESIGN_NO_EXCEPTIONS  defined to 1 when the compiler has exceptions off (-fno-exceptions);
//                        nothing on the signing path throws either way, this only decides
//                        whether the opt-in std::string conveniences may throw on allocation.
// PRESIGN_ASSERT(cond)   internal invariant checks; defaults to nothing in release builds.
//                        Define it before including presign to hook your own.
#pragma once

#include "presign/version.hpp"

#if !defined(PRESIGN_NO_EXCEPTIONS)
#  if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#    define PRESIGN_NO_EXCEPTIONS 0
#  else
#    define PRESIGN_NO_EXCEPTIONS 1
#  endif
#endif

#if !defined(PRESIGN_ASSERT)
#  define PRESIGN_ASSERT(cond) ((void)0)
#endif

// Everything public lives in presign::inline v0 (an ABI tag: a future v1 can sit beside it);
// internals live in presign::detail.
