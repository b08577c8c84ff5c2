// SPDX-License-Identifier: MIT
// presign: verifier (placeholder, being written)
#pragma once
