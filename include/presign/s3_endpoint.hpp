// SPDX-License-Identifier: MIT
// presign: s3_endpoint (placeholder, being written)
#pragma once
