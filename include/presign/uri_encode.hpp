// SPDX-License-Identifier: MIT
// presign: uri_encode (placeholder, being written)
#pragma once
