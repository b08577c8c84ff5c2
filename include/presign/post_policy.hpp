// SPDX-License-Identifier: MIT
// presign: post_policy (placeholder, being written)
#pragma once
