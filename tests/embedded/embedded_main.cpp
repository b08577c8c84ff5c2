// SPDX-License-Identifier: MIT
// The embedded profile's test program: presigns the S3 documentation example into a stack
// buffer with the heap trapped (no_heap.cpp), and checks the URL against the AWS
// documentation's. The inputs come from the command line, so the compiler cannot fold the
// presign into a constant. `--trap-self-test` allocates while armed: it must die (so we know
// the trap works); `--baseline` skips the presign (the same program minus presign code, for
// attributing .text).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "embedded_presign.hpp"

void no_heap_arm() noexcept;
void no_heap_disarm() noexcept;
std::size_t no_heap_allocations() noexcept;

namespace {

// From the AWS documentation (S3 API Reference, "Authenticating Requests: Using Query
// Parameters"): the example URL for these inputs.
constexpr std::string_view documented_url =
    "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
    "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
    "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
    "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";

std::int64_t to_int(const char* s) {
  std::int64_t v = 0;
  for (; *s >= '0' && *s <= '9'; ++s) v = v * 10 + (*s - '0');
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "--trap-self-test") == 0) {
    no_heap_arm();
    void* (*volatile allocate)(std::size_t) = &::operator new;
    void* p = allocate(16);
    no_heap_disarm();
    std::printf("the trap did not fire (%p)\n", p);
    return 1;
  }
  if (argc == 2 && std::strcmp(argv[1], "--baseline") == 0) {
    std::printf("baseline\n");
    return 0;
  }
  if (argc != 8) {
    std::fprintf(stderr, "usage: %s AKID SECRET REGION BUCKET KEY UNIX_TIME EXPIRES\n", argv[0]);
    return 2;
  }
  embedded_request r;
  r.access_key_id = argv[1];
  r.secret = argv[2];
  r.region = argv[3];
  r.bucket = argv[4];
  r.key = argv[5];
  r.now = to_int(argv[6]);
  r.expires_in = to_int(argv[7]);
  r.global_endpoint = true;

  const std::size_t before = no_heap_allocations();
  char url[512];  // on the stack
  no_heap_arm();
  const std::size_t n = embedded_presign(r, url, sizeof url);
  no_heap_disarm();
  const std::size_t during = no_heap_allocations() - before;

  const std::string_view got(url, n);
  std::printf("%.*s\n", static_cast<int>(got.size()), got.data());
  if (got != documented_url) {
    std::printf("FAIL: not the documented URL\n");
    return 1;
  }
  std::printf("OK: documented URL, %zu heap allocations while presigning\n", during);
  return during == 0 ? 0 : 1;
}
