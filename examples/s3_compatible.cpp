// SPDX-License-Identifier: MIT
// S3-compatible servers and custom hosts: MinIO and Ceph RADOS Gateway on their own endpoints
// (path style), Cloudflare R2 (region "auto", virtual-hosted or path style), and a host behind
// a proxy or a CNAME custom domain (the host that is signed is the one the client connects
// to). Deterministic (fixed clock, the AWS documentation's example keys).
#include <presign/presign.hpp>

#include <array>
#include <cstdio>
#include <string_view>

namespace {

void show(const char* label, const presign::presigner_options& options, std::string_view bucket) {
  const presign::basic_presigner presigner(
      presign::static_credentials("AKIAIOSFODNN7EXAMPLE",
                                  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
      presign::fixed_clock{1369353600}, options);  // 2013-05-24T00:00:00Z
  presign::presign_request request;
  request.bucket = bucket;
  request.key = "photos/cat.jpg";
  std::array<char, 2048> buffer{};
  const auto url = presigner.presign(request, buffer);
  if (!url) {
    std::printf("%s: error: %s\n", label, presign::to_string(url.error()).data());
    return;
  }
  std::printf("%s\n%.*s\n", label, static_cast<int>(url->url.size()), url->url.data());
}

}  // namespace

int main() {
  {
    // readme: begin minio
    presign::presigner_options minio;
    minio.region = "us-east-1";  // MinIO's default region
    minio.endpoint.endpoint_url = "http://127.0.0.1:9000";
    minio.endpoint.style = presign::addressing_style::path;
    // readme: end
    show("MinIO", minio, "my-bucket");
  }
  {
    // readme: begin ceph
    presign::presigner_options ceph;
    ceph.region = "default";  // the RGW zonegroup's name
    ceph.endpoint.endpoint_url = "https://rgw.storage.example.com:7480";
    ceph.endpoint.style = presign::addressing_style::path;
    // readme: end
    show("Ceph RADOS Gateway", ceph, "my-bucket");
  }
  {
    // readme: begin r2
    presign::presigner_options r2;
    r2.region = "auto";
    r2.endpoint.endpoint_url = "https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com";
    r2.endpoint.style = presign::addressing_style::virtual_hosted;  // else path style
    // readme: end
    show("Cloudflare R2, virtual-hosted", r2, "my-bucket");
    r2.endpoint.style = presign::addressing_style::path;
    show("Cloudflare R2, path style", r2, "my-bucket");
  }
  {
    // readme: begin proxy
    presign::presigner_options proxied;
    proxied.region = "eu-west-1";
    // Clients reach the bucket through https://files.example.com (a CNAME or a proxy that
    // forwards the Host header unchanged): that is the host to sign.
    proxied.endpoint.host_override = "files.example.com";
    // readme: end
    show("CNAME / proxy host", proxied, "files.example.com");
  }
}
