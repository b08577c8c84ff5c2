// SPDX-License-Identifier: MIT
// presign: sha256 (placeholder, being written)
#pragma once
