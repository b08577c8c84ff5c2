// SPDX-License-Identifier: MIT
// presign: presigner (placeholder, being written)
#pragma once
