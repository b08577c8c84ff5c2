// SPDX-License-Identifier: MIT
// presign: sigv4 (placeholder, being written)
#pragma once
