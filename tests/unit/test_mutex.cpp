// SPDX-License-Identifier: MIT
// detail::mutex must exclude wherever the operating system has threads, also where the
// standard library has no std::mutex (MinGW's win32 thread model before GCC 13): there
// profile_credentials' get()/reload(), documented thread-safe, share one shared_ptr under it.
// Through the public header, like every test source: the suite also builds against the single
// header, which has no detail/ files.
#include "presign/presign.hpp"

#include <doctest/doctest.h>

#if PRESIGN_HAS_THREADS
#  include <chrono>
#  include <thread>
#elif defined(_WIN32)
#  include <windows.h>
#endif

namespace {

struct shared_state {
  presign::detail::mutex mutex;
  int entered = 0;  // set by the other thread once it holds the mutex
};

void enter(shared_state& s) {
  const std::lock_guard<presign::detail::mutex> lock{s.mutex};
  __atomic_store_n(&s.entered, 1, __ATOMIC_RELEASE);
}

#if !PRESIGN_HAS_THREADS && defined(_WIN32)
DWORD WINAPI enter_thread(void* s) {
  enter(*static_cast<shared_state*>(s));
  return 0;
}
#endif

}  // namespace

#if PRESIGN_HAS_THREADS || defined(_WIN32)
TEST_CASE("detail::mutex: another thread waits while it is held") {
  shared_state s;
  s.mutex.lock();
  // The other thread must block in lock() for as long as this one holds it (200 ms; a thread
  // that has not even started by then makes the check pass, never fail, wrongly).
#  if PRESIGN_HAS_THREADS
  std::thread other([&s] { enter(s); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
#  else
  HANDLE other = CreateThread(nullptr, 0, enter_thread, &s, 0, nullptr);
  REQUIRE(other != nullptr);
  Sleep(200);
#  endif
  CHECK(__atomic_load_n(&s.entered, __ATOMIC_ACQUIRE) == 0);
  s.mutex.unlock();
#  if PRESIGN_HAS_THREADS
  other.join();
#  else
  WaitForSingleObject(other, INFINITE);
  CloseHandle(other);
#  endif
  CHECK(__atomic_load_n(&s.entered, __ATOMIC_ACQUIRE) == 1);
}
#endif
