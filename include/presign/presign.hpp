// SPDX-License-Identifier: MIT
// presign: the umbrella header, and the root of the generated single header. It adds to the
// signing core the opt-in parts that read the environment and files or use the heap.
#pragma once

#include "presign/core.hpp"
#include "presign/credentials_env.hpp"
#include "presign/credentials_profile.hpp"
#include "presign/aws_config.hpp"
#include "presign/credentials_refreshing.hpp"
#include "presign/credentials_http.hpp"
#include "presign/credentials_imds.hpp"
#include "presign/credentials_container.hpp"
#include "presign/credentials_http_posix.hpp"
#include "presign/clock_skew.hpp"
#include "presign/presign_string.hpp"
