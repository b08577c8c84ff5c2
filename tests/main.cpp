// SPDX-License-Identifier: MIT
// The doctest runner for presign's unit tests.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
