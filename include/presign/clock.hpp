// SPDX-License-Identifier: MIT
// presign: clock (placeholder, being written)
#pragma once
