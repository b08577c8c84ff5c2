// SPDX-License-Identifier: MIT
// A heap that traps: the embedded program's malloc family and operator new/delete. Until
// no_heap_arm() it hands out memory from a static arena (the C runtime and stdio allocate at
// start-up); while armed, any allocation prints a message and exits with status 86. glibc lets
// a program replace malloc this way ("Replacing malloc" in its manual), so allocations made
// inside the C and C++ libraries are caught too, not only our own. Single-threaded use only.
// No <cstdlib>: its declarations of malloc & co. would clash with these definitions.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>

#include <unistd.h>

namespace {

alignas(64) unsigned char arena[8u << 20];
std::size_t arena_used = 0;
bool armed = false;
std::size_t allocations = 0;

[[noreturn]] void trap(const char* what) {
  const char prefix[] = "no-heap trap: ";
  const char suffix[] = " while armed (heap allocation on the no-heap path)\n";
  (void)!::write(2, prefix, sizeof prefix - 1);
  (void)!::write(2, what, std::strlen(what));
  (void)!::write(2, suffix, sizeof suffix - 1);
  ::_exit(86);
}

// A block: [size (16 bytes, keeps 16-byte alignment)] [payload].
void* take(std::size_t size, std::size_t align, const char* what) {
  if (armed) trap(what);
  ++allocations;
  if (align < 16) align = 16;
  std::size_t start = (arena_used + 16 + align - 1) & ~(align - 1);
  if (size > sizeof arena || start + size > sizeof arena) return nullptr;
  std::memcpy(arena + start - 16, &size, sizeof size);
  arena_used = start + size;
  return arena + start;
}

std::size_t size_of(void* p) {
  std::size_t size = 0;
  std::memcpy(&size, static_cast<unsigned char*>(p) - 16, sizeof size);
  return size;
}

}  // namespace

void no_heap_arm() noexcept { armed = true; }
void no_heap_disarm() noexcept { armed = false; }
std::size_t no_heap_allocations() noexcept { return allocations; }

extern "C" {
void* malloc(std::size_t size) noexcept { return take(size, 16, "malloc"); }
void free(void*) noexcept {}  // the arena is never reused: the program is short-lived
void* calloc(std::size_t n, std::size_t size) noexcept {
  if (size != 0 && n > static_cast<std::size_t>(-1) / size) return nullptr;
  void* p = take(n * size, 16, "calloc");
  if (p != nullptr) std::memset(p, 0, n * size);
  return p;
}
void* realloc(void* old, std::size_t size) noexcept {
  void* p = take(size, 16, "realloc");
  if (p != nullptr && old != nullptr) {
    const std::size_t n = size_of(old);
    std::memcpy(p, old, n < size ? n : size);
  }
  return p;
}
void* aligned_alloc(std::size_t align, std::size_t size) noexcept {
  return take(size, align, "aligned_alloc");
}
void* memalign(std::size_t align, std::size_t size) noexcept { return take(size, align, "memalign"); }
int posix_memalign(void** out, std::size_t align, std::size_t size) noexcept {
  *out = take(size, align, "posix_memalign");
  return *out == nullptr ? 12 /* ENOMEM */ : 0;
}
void* valloc(std::size_t size) noexcept { return take(size, 4096, "valloc"); }
void* pvalloc(std::size_t size) noexcept { return take((size + 4095) & ~std::size_t{4095}, 4096, "pvalloc"); }
std::size_t malloc_usable_size(void* p) noexcept { return p == nullptr ? 0 : size_of(p); }
}

// operator new/delete: the replaceable forms, all through the same trap.
void* operator new(std::size_t size) { return take(size, 16, "operator new"); }
void* operator new[](std::size_t size) { return take(size, 16, "operator new[]"); }
void* operator new(std::size_t size, std::align_val_t a) {
  return take(size, static_cast<std::size_t>(a), "operator new (aligned)");
}
void* operator new[](std::size_t size, std::align_val_t a) {
  return take(size, static_cast<std::size_t>(a), "operator new[] (aligned)");
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return take(size, 16, "operator new (nothrow)");
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return take(size, 16, "operator new[] (nothrow)");
}
void operator delete(void*) noexcept {}
void operator delete[](void*) noexcept {}
void operator delete(void*, std::size_t) noexcept {}
void operator delete[](void*, std::size_t) noexcept {}
void operator delete(void*, std::align_val_t) noexcept {}
void operator delete[](void*, std::align_val_t) noexcept {}
void operator delete(void*, std::size_t, std::align_val_t) noexcept {}
void operator delete[](void*, std::size_t, std::align_val_t) noexcept {}
