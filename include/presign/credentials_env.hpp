// SPDX-License-Identifier: MIT
// presign: credentials_env (placeholder, being written)
#pragma once
