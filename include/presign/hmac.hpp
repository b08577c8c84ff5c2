// SPDX-License-Identifier: MIT
// presign: hmac (placeholder, being written)
#pragma once
