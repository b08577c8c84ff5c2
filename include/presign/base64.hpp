// SPDX-License-Identifier: MIT
// presign: base64 (placeholder, being written)
#pragma once
