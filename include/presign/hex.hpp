// SPDX-License-Identifier: MIT
// presign: hex (placeholder, being written)
#pragma once
