// SPDX-License-Identifier: MIT
// presign: credentials_refreshing (placeholder, being written)
#pragma once
