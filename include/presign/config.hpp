// SPDX-License-Identifier: MIT
// presign: the few configuration macros, and the namespace convention.
//
// PRESIGN_NO_EXCEPTIONS  defined to 1 when the compiler has exceptions off (-fno-exceptions);
//                        nothing on the signing path throws either way, this only decides
//                        whether the opt-in std::string conveniences may throw on allocation.
// PRESIGN_ASSERT(cond)   internal invariant checks; defaults to nothing in release builds.
//                        Define it before including presign to hook your own.
// PRESIGN_SMALL_CODE     1: where presign has the choice, less code rather than more speed:
//                        the portable SHA-256 compression is a rolled loop (0.5 KiB of x86-64
//                        code instead of 9.6 KiB, 60-70% of the speed), and the signer
//                        writes every URL through its bounds-checked writer and streams the
//                        canonical request (one copy of each instead of two, ~8 KiB less).
//                        0: the speed build.
//                        Defaults to 1 when the compiler optimises for size (-Os, -Oz: they
//                        define __OPTIMIZE_SIZE__), else 0.
// PRESIGN_SHA256_NO_HARDWARE
//                        1: leave out the SHA-NI and ARMv8 SHA2 back ends (and x86's cpuid
//                        check); run-time hashing is then always portable. Defaults to 0, also
//                        at -Os: a size-optimised server keeps SHA-NI (4-10x the portable speed).
//                        Firmware, whose CPU has neither, saves the dead x86 code (about 1 KiB).
// PRESIGN_SINGLE_THREADED
//                        1: every presigner, POST signer and verifier object is used by one
//                        thread (or interrupt) at a time: its caches are plain memory, no
//                        atomic instruction. 0 (the default): the caches are lock-free seqlocks
//                        (detail/seqlock.hpp) that threads share; where the target has no
//                        lock-free 32-bit compare-exchange (ARMv6-M: Cortex-M0/M0+/M1), a 0
//                        build keeps them empty, so each presign derives its signing key (still
//                        thread-safe, no libatomic needed; define 1 there to get the caches).
// PRESIGN_HAS_THREADS    detected: 0 when the standard library has no std::mutex (newlib and
//                        picolibc toolchains, MinGW with win32 threads before GCC 13, libc++
//                        built without threads), else 1. A 0 build leaves out what needs threads
//                        (refreshing_credentials); the rest of presign is the same.
// The switches take 0 or 1 (an empty definition does not compile). None changes a result, only
// speed and size. Set each the same way in every
// translation unit of a program (on the command line): they select the bodies of inline
// functions, and translation units that disagree formally break the one-definition rule (the
// linker then keeps one of the copies, each computing the same digests).
#pragma once

// One clear line instead of hundreds of errors when the language level is too low (MSVC
// reports it in _MSVC_LANG unless /Zc:__cplusplus). #error does not stop a compiler, so the
// include of a file that does not exist does: the build ends right after the message. (A
// macro names it, so tools that list the headers presign includes do not take it for one.)
#if (defined(_MSVC_LANG) ? _MSVC_LANG : __cplusplus) < 202002L
#  error "presign needs C++20 or later: compile with -std=c++20 (MSVC: /std:c++20)"
#  define PRESIGN_DETAIL_STOP_HERE <presign_needs_cxx20_see_the_error_above>
#  include PRESIGN_DETAIL_STOP_HERE
#endif

#include <cstddef>  // any std header brings the library's configuration macros (PRESIGN_HAS_THREADS)

#include "presign/version.hpp"

// presign uses GCC/clang builtins (__atomic_*, __builtin_memcpy, __builtin_bswap32, ...).
// Supported: g++ 12+ and clang 14+ (also on Windows: MinGW-w64). MSVC (cl.exe) is not.
#if defined(_MSC_VER) && !defined(__clang__)
#  error "presign needs GCC or clang (g++ 12+, clang 14+); MSVC is not supported"
#endif

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

#if !defined(PRESIGN_SMALL_CODE)
#  if defined(__OPTIMIZE_SIZE__)
#    define PRESIGN_SMALL_CODE 1
#  else
#    define PRESIGN_SMALL_CODE 0
#  endif
#endif

#if !defined(PRESIGN_SHA256_NO_HARDWARE)
#  define PRESIGN_SHA256_NO_HARDWARE 0
#endif

#if !defined(PRESIGN_SINGLE_THREADED)
#  define PRESIGN_SINGLE_THREADED 0
#endif

#if !defined(PRESIGN_HAS_THREADS)
#  if defined(__GLIBCXX__) && !defined(_GLIBCXX_HAS_GTHREADS)
#    define PRESIGN_HAS_THREADS 0
#  elif defined(_LIBCPP_HAS_NO_THREADS) || (defined(_LIBCPP_HAS_THREADS) && !_LIBCPP_HAS_THREADS)
#    define PRESIGN_HAS_THREADS 0
#  else
#    define PRESIGN_HAS_THREADS 1
#  endif
#endif

// Everything public lives in presign::inline v0 (an ABI tag: a future v1 can sit beside it);
// internals live in presign::detail.
