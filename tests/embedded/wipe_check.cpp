// SPDX-License-Identifier: MIT
// Is presign's secure_wipe kept by the optimiser? A secret is copied into a local array, used,
// then wiped just before the function returns, the classic dead store that compilers delete
// (CWE-14). After the call, the dead frame is read through a volatile pointer. Built with -O2
// and -Os (tests/hardening.cmake). A control does the same with a plain memset: when the
// compiler removes that one, this check is shown to be able to see a removed wipe, and
// secure_wipe's zeros prove it was kept. Exit 0: wiped (and the control was removed); 1: the
// secret survived secure_wipe; 77 (ctest: skipped): the compiler kept the plain memset too, so
// this build cannot tell. What it does not prove: copies the compiler made elsewhere (spills,
// registers) are not looked at; only the object that was wiped.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "presign/presign.hpp"

namespace {

constexpr std::size_t secret_size = 64;
volatile unsigned char secret_source[secret_size];  // volatile: the compiler cannot know it
volatile std::uintptr_t where = 0;                   // the address of the wiped array
volatile unsigned sink = 0;

[[gnu::noinline]] void use_then_secure_wipe() {
  unsigned char key[secret_size];
  for (std::size_t i = 0; i < secret_size; ++i) key[i] = secret_source[i];
  unsigned acc = 0;
  for (std::size_t i = 0; i < secret_size; ++i) acc = acc * 31u + key[i];
  sink = acc;
  where = reinterpret_cast<std::uintptr_t>(&key[0]);
  presign::detail::secure_wipe(key);
}

[[gnu::noinline]] void use_then_plain_memset() {
  unsigned char key[secret_size];
  for (std::size_t i = 0; i < secret_size; ++i) key[i] = secret_source[i];
  unsigned acc = 0;
  for (std::size_t i = 0; i < secret_size; ++i) acc = acc * 31u + key[i];
  sink = acc;
  where = reinterpret_cast<std::uintptr_t>(&key[0]);
  std::memset(key, 0, sizeof key);
}

// Bytes of the secret still found where the array was. No call between the function's return
// and this read (a call would reuse the dead frame).
#define PRESIGN_COUNT_SURVIVORS(fn, out)                                         \
  do {                                                                          \
    fn();                                                                       \
    const volatile unsigned char* p_ =                                          \
        reinterpret_cast<const volatile unsigned char*>(where);                 \
    std::size_t n_ = 0;                                                         \
    for (std::size_t i_ = 0; i_ < secret_size; ++i_)                            \
      n_ += p_[i_] == secret_source[i_] ? std::size_t{1} : std::size_t{0};      \
    (out) = n_;                                                                 \
  } while (false)

}  // namespace

int main() {
  for (std::size_t i = 0; i < secret_size; ++i)
    secret_source[i] = static_cast<unsigned char>(0xA0u + (i * 7u) % 31u + 1u);  // never 0
  std::size_t after_wipe = 0;
  std::size_t after_memset = 0;
  PRESIGN_COUNT_SURVIVORS(use_then_secure_wipe, after_wipe);
  PRESIGN_COUNT_SURVIVORS(use_then_plain_memset, after_memset);
  std::printf("secret bytes left after secure_wipe: %zu of %zu\n", after_wipe, secret_size);
  std::printf("secret bytes left after a plain memset (control): %zu of %zu\n", after_memset,
              secret_size);
  if (after_wipe != 0) {
    std::printf("FAIL: secure_wipe was optimised away\n");
    return 1;
  }
  if (after_memset == 0) {
    std::printf("INCONCLUSIVE: this build keeps a plain memset too\n");
    return 77;
  }
  std::printf("OK: the optimiser removed the plain memset but kept secure_wipe\n");
  return 0;
}
