// SPDX-License-Identifier: MIT
// presign: amz_time (placeholder, being written)
#pragma once
