// SPDX-License-Identifier: MIT
// presign: credentials (placeholder, being written)
#pragma once
