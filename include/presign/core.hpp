// SPDX-License-Identifier: MIT
// presign: the signing core. No I/O, no <string>, <chrono> or <iostream>: just what a
// presign needs, usable in constant expressions and in builds without exceptions or heap.
#pragma once

#include "presign/version.hpp"
#include "presign/config.hpp"
#include "presign/error.hpp"
#include "presign/detail/fixed_string.hpp"
#include "presign/validate.hpp"
#include "presign/sha256.hpp"
#include "presign/hmac.hpp"
#include "presign/hex.hpp"
#include "presign/uri_encode.hpp"
#include "presign/base64.hpp"
#include "presign/amz_time.hpp"
#include "presign/credentials.hpp"
#include "presign/clock.hpp"
#include "presign/sigv4.hpp"
#include "presign/s3_endpoint.hpp"
#include "presign/presigner.hpp"
#include "presign/post_policy.hpp"
#include "presign/verifier.hpp"
