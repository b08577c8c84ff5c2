// SPDX-License-Identifier: MIT
// presign: credentials_profile (placeholder, being written)
#pragma once
