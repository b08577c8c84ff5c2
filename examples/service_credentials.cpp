// SPDX-License-Identifier: MIT
// presign on EC2, ECS or EKS Pod Identity with no SDK and no HTTP library: the role's
// credentials come from the container endpoint when its variables are set, else from IMDSv2,
// through presign's built-in plain-http transport; they are cached and refreshed ahead of
// expiry. Usage: example_service_credentials BUCKET KEY [REGION]
#include <presign/presign.hpp>

#include <cstdio>
#include <string>
#include <utility>

#if PRESIGN_HAS_POSIX_SOCKETS && PRESIGN_HAS_THREADS

template <class Source>
int print_url(Source credentials, const presign::presigner_options& options, const char* bucket,
              const char* key) {
  const presign::basic_presigner presigner(std::move(credentials), presign::system_clock{}, options);
  presign::presign_request request;
  request.bucket = bucket;
  request.key = key;
  const auto url = presign::presign_to_string(presigner, request);
  if (!url) {
    std::fprintf(stderr, "presign: %s\n", presign::to_string(url.error()).data());
    return 1;
  }
  std::printf("%s\n", url->url.c_str());
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s BUCKET KEY [REGION]\n", argv[0]);
    return 2;
  }
  presign::presigner_options options;
  options.region = argc > 3 ? argv[3] : "us-east-1";

  if (auto container = presign::container_options::from_environment(); container) {
    // readme: begin service_credentials_container
    // ECS / EKS Pod Identity: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI (plain http only
    // to loopback, 169.254.170.2, 169.254.170.23, fd00:ec2::23), and
    // AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (read at every refresh) or _TOKEN.
    auto source = presign::make_container_credentials(presign::plain_http_transport{}, *container);
    // readme: end
    return print_url(std::move(source), options, argv[1], argv[2]);
  } else if (container.error() != presign::errc::credentials_unavailable) {
    std::fprintf(stderr, "container endpoint: %s\n", presign::to_string(container.error()).data());
    return 1;
  }
  // readme: begin service_credentials_imds
  // EC2: IMDSv2 (token PUT, role name, credentials); AWS_EC2_METADATA_DISABLED,
  // AWS_EC2_METADATA_SERVICE_ENDPOINT and _MODE (IPv4 / IPv6) as in botocore.
  const auto imds = presign::imds_options::from_environment();
  if (!imds) {
    std::fprintf(stderr, "IMDS settings: %s\n", presign::to_string(imds.error()).data());
    return 1;
  }
  auto source = presign::make_imds_credentials(presign::plain_http_transport{}, *imds);
  // readme: end
  return print_url(std::move(source), options, argv[1], argv[2]);
}

#else

int main() {
  std::fprintf(stderr, "this example needs POSIX sockets and threads\n");
  return 2;
}

#endif
