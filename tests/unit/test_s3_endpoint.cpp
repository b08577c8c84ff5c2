// SPDX-License-Identifier: MIT
// Tests for s3_endpoint.hpp: AWS hosts, addressing styles, custom endpoints, host override.
#include <doctest/doctest.h>

#include <presign/presign.hpp>

#include <string>
#include <string_view>

using presign::addressing_style;
using presign::endpoint_options;
using presign::errc;
using presign::resolve_endpoint;
using namespace std::string_view_literals;

namespace {

// "scheme://host" of the resolved endpoint.
std::string origin(const presign::resolved_endpoint& r) {
  return std::string(r.scheme()) + "://" + std::string(r.host.view());
}

// The URL path for `key` (keys in these tests need no percent-encoding).
std::string path(const presign::resolved_endpoint& r, std::string_view key) {
  // Appended piece by piece: g++ 12 at -O3 reports a false -Wrestrict in the inlined
  // operator+(const char*, std::string&&) (GCC bug 105329).
  std::string p;
  if (!r.bucket_in_path.empty()) {
    p += '/';
    p += r.bucket_in_path;
  }
  p += '/';
  p += key;
  return p;
}

// The resolved "scheme://host/path" for `key`, or the error's name.
std::string url(std::string_view bucket, std::string_view region, const endpoint_options& o,
                std::string_view key = "key.txt") {
  const auto r = resolve_endpoint(bucket, region, o);
  if (!r) return "error: " + std::string(presign::to_string(r.error()));
  return origin(*r) + path(*r, key);
}

errc error_of(std::string_view bucket, std::string_view region, const endpoint_options& o) {
  return resolve_endpoint(bucket, region, o).error();
}

// Only the host part, for endpoint URL parsing tests.
std::string host_of(std::string_view endpoint_url, std::string_view bucket = "examplebucket") {
  const auto r = resolve_endpoint(bucket, "us-east-1",
                                  {.endpoint_url = endpoint_url, .style = addressing_style::path});
  if (!r) return "error: " + std::string(presign::to_string(r.error()));
  return origin(*r);
}

struct botocore_case {
  std::string_view bucket;
  std::string_view region;
  endpoint_options options;
  std::string_view key;
  std::string_view expected;  // scheme://host/path
};

}  // namespace

// Expected values below came from botocore 1.29.27 (Debian python3-botocore):
//   client = botocore.session.get_session().create_client('s3', region_name=REGION,
//       endpoint_url=ENDPOINT, config=Config(signature_version='s3v4', use_fips_endpoint=FIPS,
//       s3={'addressing_style': STYLE, 'use_dualstack_endpoint': DS,
//           'use_accelerate_endpoint': ACC, 'us_east_1_regional_endpoint': 'regional'}))
//   client.generate_presigned_url('get_object', Params={'Bucket': B, 'Key': K})
// taking scheme, host and path. Every row is botocore's output verbatim except where a
// comment says how and why we deliberately differ.
TEST_CASE("resolve_endpoint agrees with botocore 1.29.27") {
  const botocore_case cases[] = {
      // AWS, virtual-hosted, regional host (botocore with us_east_1_regional_endpoint=regional).
      {"examplebucket",
       "us-east-1",
       {},
       "key.txt",
       "https://examplebucket.s3.us-east-1.amazonaws.com/key.txt"},
      // Deliberate difference: botocore's generate_presigned_url gives the legacy global host
      // https://examplebucket.s3.amazonaws.com/key.txt here (and in every region with
      // addressing_style auto/virtual); outside us-east-1 that host answers 307 redirects.
      {"examplebucket",
       "eu-west-1",
       {},
       "key.txt",
       "https://examplebucket.s3.eu-west-1.amazonaws.com/key.txt"},
      // Deliberate difference, as above: botocore gives https://examplebucket.s3.amazonaws.com.
      {"examplebucket",
       "ap-southeast-2",
       {},
       "photos/2006/February/sample.jpg",
       "https://examplebucket.s3.ap-southeast-2.amazonaws.com/photos/2006/February/sample.jpg"},
      // botocore with us_east_1_regional_endpoint=legacy, our use_global_endpoint.
      {"examplebucket",
       "us-east-1",
       {.use_global_endpoint = true},
       "key.txt",
       "https://examplebucket.s3.amazonaws.com/key.txt"},
      // Dotted bucket over https: path style.
      {"my.dotted.bucket",
       "eu-west-1",
       {},
       "key.txt",
       "https://s3.eu-west-1.amazonaws.com/my.dotted.bucket/key.txt"},
      {"my.dotted.bucket",
       "us-east-1",
       {},
       "key.txt",
       "https://s3.us-east-1.amazonaws.com/my.dotted.bucket/key.txt"},
      {"examplebucket",
       "eu-west-1",
       {.style = addressing_style::path},
       "key.txt",
       "https://s3.eu-west-1.amazonaws.com/examplebucket/key.txt"},
      {"examplebucket",
       "us-east-1",
       {.style = addressing_style::path},
       "key.txt",
       "https://s3.us-east-1.amazonaws.com/examplebucket/key.txt"},
      {"examplebucket",
       "eu-west-1",
       {.dualstack = true},
       "key.txt",
       "https://examplebucket.s3.dualstack.eu-west-1.amazonaws.com/key.txt"},
      {"examplebucket",
       "eu-central-1",
       {.style = addressing_style::path, .dualstack = true},
       "key.txt",
       "https://s3.dualstack.eu-central-1.amazonaws.com/examplebucket/key.txt"},
      {"my.dotted.bucket",
       "us-east-1",
       {.dualstack = true},
       "key.txt",
       "https://s3.dualstack.us-east-1.amazonaws.com/my.dotted.bucket/key.txt"},
      {"examplebucket",
       "eu-west-1",
       {.accelerate = true},
       "key.txt",
       "https://examplebucket.s3-accelerate.amazonaws.com/key.txt"},
      {"examplebucket",
       "us-east-1",
       {.accelerate = true},
       "key.txt",
       "https://examplebucket.s3-accelerate.amazonaws.com/key.txt"},
      {"examplebucket",
       "eu-west-1",
       {.dualstack = true, .accelerate = true},
       "key.txt",
       "https://examplebucket.s3-accelerate.dualstack.amazonaws.com/key.txt"},
      {"examplebucket",
       "us-east-1",
       {.fips = true},
       "key.txt",
       "https://examplebucket.s3-fips.us-east-1.amazonaws.com/key.txt"},
      {"examplebucket",
       "us-gov-west-1",
       {.fips = true},
       "key.txt",
       "https://examplebucket.s3-fips.us-gov-west-1.amazonaws.com/key.txt"},
      {"examplebucket",
       "us-east-1",
       {.dualstack = true, .fips = true},
       "key.txt",
       "https://examplebucket.s3-fips.dualstack.us-east-1.amazonaws.com/key.txt"},
      {"examplebucket",
       "us-gov-east-1",
       {.dualstack = true, .fips = true},
       "key.txt",
       "https://examplebucket.s3-fips.dualstack.us-gov-east-1.amazonaws.com/key.txt"},
      {"examplebucket",
       "us-gov-west-1",
       {},
       "key.txt",
       "https://examplebucket.s3.us-gov-west-1.amazonaws.com/key.txt"},
      {"examplebucket",
       "cn-north-1",
       {},
       "key.txt",
       "https://examplebucket.s3.cn-north-1.amazonaws.com.cn/key.txt"},
      {"examplebucket",
       "cn-northwest-1",
       {.dualstack = true},
       "key.txt",
       "https://examplebucket.s3.dualstack.cn-northwest-1.amazonaws.com.cn/key.txt"},
      {"examplebucket",
       "us-iso-east-1",
       {},
       "key.txt",
       "https://examplebucket.s3.us-iso-east-1.c2s.ic.gov/key.txt"},
      {"examplebucket",
       "us-isob-east-1",
       {},
       "key.txt",
       "https://examplebucket.s3.us-isob-east-1.sc2s.sgov.gov/key.txt"},
      // Custom endpoints (MinIO, Ceph RGW, R2, ...).
      {"examplebucket",
       "us-east-1",
       {.endpoint_url = "http://localhost:9000", .style = addressing_style::path},
       "key.txt",
       "http://localhost:9000/examplebucket/key.txt"},
      {"examplebucket",
       "us-east-1",
       {.endpoint_url = "http://minio.local:9000", .style = addressing_style::virtual_hosted},
       "key.txt",
       "http://examplebucket.minio.local:9000/key.txt"},
      {"myx.bucket",
       "us-east-1",
       {.endpoint_url = "http://minio.local:9000", .style = addressing_style::virtual_hosted},
       "key.txt",
       "http://myx.bucket.minio.local:9000/key.txt"},
      {"myx.bucket",
       "us-east-1",
       {.endpoint_url = "https://minio.local:9000"},
       "key.txt",
       "https://minio.local:9000/myx.bucket/key.txt"},
      {"examplebucket",
       "us-east-1",
       {.endpoint_url = "http://127.0.0.1:9000"},
       "key.txt",
       "http://127.0.0.1:9000/examplebucket/key.txt"},
      {"myx.bucket",
       "us-east-1",
       {.endpoint_url = "http://127.0.0.1:9000"},
       "key.txt",
       "http://127.0.0.1:9000/myx.bucket/key.txt"},
      {"examplebucket",
       "us-east-1",
       {.endpoint_url = "http://[::1]:9000"},
       "key.txt",
       "http://[::1]:9000/examplebucket/key.txt"},
      {"examplebucket",
       "auto",
       {.endpoint_url = "https://account.r2.cloudflarestorage.com",
        .style = addressing_style::virtual_hosted},
       "key.txt",
       "https://examplebucket.account.r2.cloudflarestorage.com/key.txt"},
      {"examplebucket",
       "auto",
       {.endpoint_url = "https://account.r2.cloudflarestorage.com",
        .style = addressing_style::path},
       "key.txt",
       "https://account.r2.cloudflarestorage.com/examplebucket/key.txt"},
      {"examplebucket",
       "eu-central-1",
       {.endpoint_url = "https://s3.eu-central-1.amazonaws.com",
        .style = addressing_style::virtual_hosted},
       "key.txt",
       "https://examplebucket.s3.eu-central-1.amazonaws.com/key.txt"},
      {"examplebucket",
       "us-east-1",
       {.endpoint_url = "http://localhost", .style = addressing_style::path},
       "key.txt",
       "http://localhost/examplebucket/key.txt"},
      // Deliberate difference: botocore keeps the default port (http://localhost:80); we drop
      // it, as clients leave it out of the Host header they send.
      {"examplebucket",
       "us-east-1",
       {.endpoint_url = "http://localhost:80", .style = addressing_style::path},
       "key.txt",
       "http://localhost/examplebucket/key.txt"},
      // Deliberate difference: botocore keeps case and port (https://S3.Example.COM:443).
      {"examplebucket",
       "us-east-1",
       {.endpoint_url = "https://S3.Example.COM:443", .style = addressing_style::path},
       "key.txt",
       "https://s3.example.com/examplebucket/key.txt"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.bucket);
    CAPTURE(c.region);
    CAPTURE(c.options.endpoint_url);
    CHECK(url(c.bucket, c.region, c.options, c.key) == c.expected);
  }
}

TEST_CASE("botocore 1.29.27 refuses these combinations and so do we") {
  // botocore: "Path-style addressing cannot be used with S3 Accelerate" (dotted bucket).
  CHECK(error_of("my.dotted.bucket", "eu-west-1", {.accelerate = true}) == errc::invalid_option);
  // botocore: "S3 Accelerate cannot be used in this region".
  CHECK(error_of("examplebucket", "cn-north-1", {.accelerate = true}) == errc::invalid_option);
  // botocore: "Partition does not support FIPS".
  CHECK(error_of("examplebucket", "cn-north-1", {.fips = true}) == errc::invalid_option);
}

TEST_CASE("where botocore 1.29.27 resolves and we deliberately refuse or differ") {
  // botocore silently ignores path style and gives examplebucket.s3-accelerate.amazonaws.com;
  // the endpoint rules say "Path-style addressing cannot be used with S3 Accelerate".
  CHECK(error_of("examplebucket", "eu-west-1",
                 {.style = addressing_style::path, .accelerate = true}) == errc::invalid_option);
  // botocore silently drops dualstack with a custom endpoint (http://localhost:9000/...); the
  // endpoint rules say "Cannot set dual-stack in combination with a custom endpoint".
  CHECK(error_of("examplebucket", "us-east-1",
                 {.endpoint_url = "http://localhost:9000", .dualstack = true}) ==
        errc::invalid_option);
  // botocore gives examplebucket.s3-accelerate.amazonaws.com for GovCloud, where Transfer
  // Acceleration does not exist (AWS GovCloud User Guide, "Amazon S3").
  CHECK(error_of("examplebucket", "us-gov-west-1", {.accelerate = true}) == errc::invalid_option);
  // botocore 1.29's rules refuse path style with FIPS; s3-fips.REGION serves path-style
  // requests and newer endpoint rules resolve it (aws-global + ForcePathStyle + FIPS gives
  // https://s3-fips.us-east-1.amazonaws.com/bucket-name), and dotted buckets need it.
  CHECK(url("examplebucket", "us-west-2", {.style = addressing_style::path, .fips = true}) ==
        "https://s3-fips.us-west-2.amazonaws.com/examplebucket/key.txt");
  CHECK(url("my.dotted.bucket", "us-west-2", {.fips = true}) ==
        "https://s3-fips.us-west-2.amazonaws.com/my.dotted.bucket/key.txt");
  CHECK(url("my.dotted.bucket", "us-gov-west-1", {.dualstack = true, .fips = true}) ==
        "https://s3-fips.dualstack.us-gov-west-1.amazonaws.com/my.dotted.bucket/key.txt");
}

TEST_CASE("custom endpoint, automatic style: path style, as botocore and aws-cli") {
  // botocore 1.43 (args.py): with an endpoint_url, ForcePathStyle unless addressing_style is
  // 'virtual'. A stock MinIO or Ceph has no wildcard DNS for BUCKET.localhost.
  CHECK(url("examplebucket", "us-east-1", {.endpoint_url = "http://localhost:9000"}) ==
        "http://localhost:9000/examplebucket/key.txt");
  CHECK(url("examplebucket", "auto",
            {.endpoint_url = "https://account.r2.cloudflarestorage.com"}) ==
        "https://account.r2.cloudflarestorage.com/examplebucket/key.txt");
  CHECK(url("my.bucket", "us-east-1", {.endpoint_url = "http://s3.example.com"}) ==
        "http://s3.example.com/my.bucket/key.txt");
  // AWS hosts keep the automatic choice: virtual-hosted where the bucket allows.
  CHECK(url("examplebucket", "eu-west-1", {}) ==
        "https://examplebucket.s3.eu-west-1.amazonaws.com/key.txt");
}

TEST_CASE("AWS: virtual-hosted regional host in every region, us-east-1 included") {
  for (std::string_view region : {"us-east-1"sv, "us-west-2"sv, "eu-west-1"sv, "sa-east-1"sv,
                                  "il-central-1"sv, "mx-central-1"sv}) {
    CAPTURE(region);
    const auto r = resolve_endpoint("examplebucket", region, {});
    REQUIRE(r);
    CHECK(r->https);
    CHECK(r->scheme() == "https");
    CHECK(r->host.view() == "examplebucket.s3." + std::string(region) + ".amazonaws.com");
    CHECK(r->bucket_in_path.empty());
  }
}

TEST_CASE("AWS partitions: China, GovCloud, ISO, EUSC") {
  CHECK(url("examplebucket", "cn-northwest-1", {}) ==
        "https://examplebucket.s3.cn-northwest-1.amazonaws.com.cn/key.txt");
  CHECK(url("examplebucket", "us-gov-east-1", {}) ==
        "https://examplebucket.s3.us-gov-east-1.amazonaws.com/key.txt");
  // dnsSuffix values from the AWS SDKs' partitions.json (aws-iso-f, aws-iso-e, aws-eusc).
  CHECK(url("examplebucket", "us-isof-south-1", {}) ==
        "https://examplebucket.s3.us-isof-south-1.csp.hci.ic.gov/key.txt");
  CHECK(url("examplebucket", "eu-isoe-west-1", {}) ==
        "https://examplebucket.s3.eu-isoe-west-1.cloud.adc-e.uk/key.txt");
  CHECK(url("examplebucket", "eusc-de-east-1", {}) ==
        "https://examplebucket.s3.eusc-de-east-1.amazonaws.eu/key.txt");
  CHECK(url("examplebucket", "us-iso-east-1", {.fips = true}) ==
        "https://examplebucket.s3-fips.us-iso-east-1.c2s.ic.gov/key.txt");
  // These partitions have no dual-stack S3 (supportsDualStack false).
  for (std::string_view region : {"us-iso-east-1"sv, "us-isob-east-1"sv, "us-isof-south-1"sv,
                                  "eu-isoe-west-1"sv, "eusc-de-east-1"sv}) {
    CAPTURE(region);
    CHECK(error_of("examplebucket", region, {.dualstack = true}) == errc::invalid_option);
    CHECK(error_of("examplebucket", region, {.accelerate = true}) == errc::invalid_option);
  }
}

TEST_CASE("use_global_endpoint: us-east-1 only, alone") {
  // The S3 documentation's presigned URL example host.
  CHECK(url("examplebucket", "us-east-1", {.use_global_endpoint = true}, "test.txt") ==
        "https://examplebucket.s3.amazonaws.com/test.txt");
  CHECK(url("my.dotted.bucket", "us-east-1", {.use_global_endpoint = true}) ==
        "https://s3.amazonaws.com/my.dotted.bucket/key.txt");
  CHECK(url("examplebucket", "us-east-1",
            {.style = addressing_style::path, .use_global_endpoint = true}) ==
        "https://s3.amazonaws.com/examplebucket/key.txt");
  CHECK(error_of("examplebucket", "eu-west-1", {.use_global_endpoint = true}) ==
        errc::invalid_option);
  CHECK(error_of("examplebucket", "us-east-2", {.use_global_endpoint = true}) ==
        errc::invalid_option);
  CHECK(error_of("examplebucket", "us-east-1", {.use_global_endpoint = true, .dualstack = true}) ==
        errc::invalid_option);
  CHECK(error_of("examplebucket", "us-east-1", {.use_global_endpoint = true, .fips = true}) ==
        errc::invalid_option);
  CHECK(error_of("examplebucket", "us-east-1", {.use_global_endpoint = true, .accelerate = true}) ==
        errc::invalid_option);
  CHECK(error_of("examplebucket", "us-east-1",
                 {.endpoint_url = "http://localhost:9000", .use_global_endpoint = true}) ==
        errc::invalid_option);
  CHECK(error_of("examplebucket", "us-east-1",
                 {.use_global_endpoint = true, .host_override = "cdn.example.com"}) ==
        errc::invalid_option);
}

TEST_CASE("accelerate: DNS-compatible bucket without dots, aws partition, no FIPS/path/endpoint") {
  CHECK(url("examplebucket", "us-west-2",
            {.style = addressing_style::virtual_hosted, .accelerate = true}) ==
        "https://examplebucket.s3-accelerate.amazonaws.com/key.txt");
  CHECK(error_of("my.bucket", "us-west-2", {.accelerate = true}) == errc::invalid_option);
  CHECK(error_of("my.bucket", "us-west-2",
                 {.style = addressing_style::virtual_hosted, .accelerate = true}) ==
        errc::invalid_option);
  CHECK(error_of("examplebucket", "us-west-2", {.accelerate = true, .fips = true}) ==
        errc::invalid_option);
  CHECK(error_of("examplebucket", "us-west-2",
                 {.style = addressing_style::path, .accelerate = true}) == errc::invalid_option);
  CHECK(error_of("examplebucket", "us-west-2",
                 {.endpoint_url = "https://s3.example.com", .accelerate = true}) ==
        errc::invalid_option);
  CHECK(error_of("examplebucket", "cn-northwest-1", {.accelerate = true}) == errc::invalid_option);
  CHECK(error_of("examplebucket", "us-west-2",
                 {.accelerate = true, .host_override = "cdn.example.com"}) == errc::invalid_option);
}

TEST_CASE("fips and dualstack: not with a custom endpoint or host override; FIPS not in China") {
  CHECK(url("examplebucket", "us-west-2",
            {.style = addressing_style::path, .dualstack = true, .fips = true}) ==
        "https://s3-fips.dualstack.us-west-2.amazonaws.com/examplebucket/key.txt");
  CHECK(error_of("examplebucket", "cn-northwest-1", {.fips = true}) == errc::invalid_option);
  CHECK(error_of("examplebucket", "us-east-1",
                 {.endpoint_url = "https://s3.example.com", .fips = true}) == errc::invalid_option);
  CHECK(error_of("examplebucket", "us-east-1",
                 {.endpoint_url = "https://s3.example.com", .dualstack = true}) ==
        errc::invalid_option);
  CHECK(error_of("examplebucket", "us-east-1", {.dualstack = true, .host_override = "a.example"}) ==
        errc::invalid_option);
  CHECK(error_of("examplebucket", "us-east-1", {.fips = true, .host_override = "a.example"}) ==
        errc::invalid_option);
}

TEST_CASE("automatic style: path style when the bucket cannot be a host name") {
  // https: any dot sends the bucket to the path (the TLS wildcard covers one label).
  CHECK(url("a.b.c", "us-east-1", {}) == "https://s3.us-east-1.amazonaws.com/a.b.c/key.txt");
  CHECK(url("myx.bucket", "us-east-1", {.endpoint_url = "https://s3.example.com:8443"}) ==
        "https://s3.example.com:8443/myx.bucket/key.txt");
  // IP-address endpoints: always path style.
  CHECK(url("examplebucket", "us-east-1", {.endpoint_url = "http://192.168.1.10:9000"}) ==
        "http://192.168.1.10:9000/examplebucket/key.txt");
  CHECK(url("examplebucket", "us-east-1", {.endpoint_url = "https://[2001:db8::7]"}) ==
        "https://[2001:db8::7]/examplebucket/key.txt");
}

TEST_CASE("explicit virtual_hosted: path style where the bucket cannot be a host name") {
  constexpr auto virtual_at = [](std::string_view endpoint) {
    return endpoint_options{.endpoint_url = endpoint, .style = addressing_style::virtual_hosted};
  };
  // The endpoint rules (and botocore 1.43, the AWS JS SDK): a dotted bucket over https, an
  // IP-address endpoint, a part that is not a host label: path style.
  CHECK(url("my.bucket", "us-east-1", {.style = addressing_style::virtual_hosted}) ==
        "https://s3.us-east-1.amazonaws.com/my.bucket/key.txt");
  CHECK(url("myx.bucket", "us-east-1", virtual_at("https://s3.example.com")) ==
        "https://s3.example.com/myx.bucket/key.txt");
  CHECK(url("examplebucket", "us-east-1", virtual_at("http://127.0.0.1:9000")) ==
        "http://127.0.0.1:9000/examplebucket/key.txt");
  CHECK(url("examplebucket", "us-east-1", virtual_at("http://[::1]:9000")) ==
        "http://[::1]:9000/examplebucket/key.txt");
  CHECK(url("abc.-def", "us-east-1", virtual_at("http://s3.example.com")) ==
        "http://s3.example.com/abc.-def/key.txt");
  CHECK(url("abc-.def", "us-east-1", virtual_at("http://s3.example.com")) ==
        "http://s3.example.com/abc-.def/key.txt");
  // Deliberate difference: botocore 1.43 puts a dotted bucket in front of an IP address over
  // http (http://my.bucket.127.0.0.1:9000/, which is no host name); we use path style.
  CHECK(url("my.bucket", "us-east-1", virtual_at("http://127.0.0.1:9000")) ==
        "http://127.0.0.1:9000/my.bucket/key.txt");
  // Over http every dot-separated part that is a host label will do
  // (isVirtualHostableS3Bucket with allowSubDomains), short parts too.
  CHECK(url("my.bucket", "us-east-1", virtual_at("http://minio.local:9000")) ==
        "http://my.bucket.minio.local:9000/key.txt");
  CHECK(url("x.y", "us-east-1", virtual_at("http://minio.local:9000")) ==
        "http://x.y.minio.local:9000/key.txt");
  CHECK(url("abc.b-c.def", "us-east-1", virtual_at("http://s3.example.com")) ==
        "http://abc.b-c.def.s3.example.com/key.txt");
  // A host name that merely contains digits is not an IP address.
  CHECK(url("examplebucket", "us-east-1", virtual_at("http://10.0.0.1.nip.io:9000")) ==
        "http://examplebucket.10.0.0.1.nip.io:9000/key.txt");
  CHECK(url("examplebucket", "eu-west-1", {.style = addressing_style::virtual_hosted}) ==
        "https://examplebucket.s3.eu-west-1.amazonaws.com/key.txt");
}

TEST_CASE("strict_addressing: virtual_hosted is refused where it would fall back") {
  const auto strict_at = [](std::string_view endpoint) {
    return endpoint_options{.endpoint_url = endpoint,
                            .style = addressing_style::virtual_hosted,
                            .strict_addressing = true};
  };
  CHECK(error_of("my.bucket", "us-east-1",
                 {.style = addressing_style::virtual_hosted, .strict_addressing = true}) ==
        errc::invalid_option);
  CHECK(error_of("myx.bucket", "us-east-1", strict_at("https://s3.example.com")) ==
        errc::invalid_option);
  CHECK(error_of("examplebucket", "us-east-1", strict_at("http://127.0.0.1:9000")) ==
        errc::invalid_option);
  CHECK(error_of("examplebucket", "us-east-1", strict_at("http://[::1]:9000")) ==
        errc::invalid_option);
  CHECK(error_of("abc.-def", "us-east-1", strict_at("http://s3.example.com")) ==
        errc::invalid_option);
  // Where virtual hosting works, strict changes nothing; nor for the other styles.
  CHECK(url("my.bucket", "us-east-1", strict_at("http://minio.local:9000")) ==
        "http://my.bucket.minio.local:9000/key.txt");
  CHECK(url("my.bucket", "us-east-1", {.strict_addressing = true}) ==
        "https://s3.us-east-1.amazonaws.com/my.bucket/key.txt");
  CHECK(url("examplebucket", "us-east-1",
            {.endpoint_url = "http://localhost:9000", .strict_addressing = true}) ==
        "http://localhost:9000/examplebucket/key.txt");
}

TEST_CASE("path style: host without the bucket, bucket first in the path") {
  const auto r = resolve_endpoint("examplebucket", "eu-west-1", {.style = addressing_style::path});
  REQUIRE(r);
  CHECK(r->host.view() == "s3.eu-west-1.amazonaws.com");
  CHECK(r->bucket_in_path == "examplebucket");
  CHECK(url("examplebucket", "us-east-1",
            {.endpoint_url = "http://minio.local:9000", .style = addressing_style::path}) ==
        "http://minio.local:9000/examplebucket/key.txt");
}

TEST_CASE("bucket_in_path is a view of the caller's bucket") {
  const std::string bucket = "my.dotted.bucket";
  const auto r = resolve_endpoint(bucket, "us-east-1", {});
  REQUIRE(r);
  CHECK(r->bucket_in_path.data() == bucket.data());
  CHECK(r->bucket_in_path.size() == bucket.size());
}

TEST_CASE("bucket and region are validated") {
  CHECK(error_of("Bad_Bucket", "us-east-1", {}) == errc::invalid_bucket_name);
  CHECK(error_of("ab", "us-east-1", {.endpoint_url = "http://localhost:9000"}) ==
        errc::invalid_bucket_name);
  CHECK(error_of("bucket-s3alias", "us-east-1", {.host_override = "cdn.example.com"}) ==
        errc::invalid_bucket_name);
  CHECK(error_of("examplebucket", "", {}) == errc::invalid_region);
  CHECK(error_of("examplebucket", "US-EAST-1", {}) == errc::invalid_region);
  CHECK(error_of("examplebucket", "us-east-1.evil.com", {}) == errc::invalid_region);
  // As an AWS host label the region may not start or end with '-', and the SDKs' pseudo
  // regions are configuration names, not places.
  CHECK(error_of("examplebucket", "-us-east-1", {}) == errc::invalid_region);
  CHECK(error_of("examplebucket", "us-east-1-", {}) == errc::invalid_region);
  CHECK(error_of("examplebucket", "aws-global", {}) == errc::invalid_region);
  CHECK(error_of("examplebucket", "aws-cn-global", {}) == errc::invalid_region);
  // With a custom endpoint the region is only the signing scope's ("auto" for R2).
  CHECK(url("examplebucket", "auto",
            {.endpoint_url = "https://r2.example.com", .style = addressing_style::path}) ==
        "https://r2.example.com/examplebucket/key.txt");
  // Errors are checked before options: an invalid bucket wins over contradictory options.
  CHECK(error_of("Bad", "eu-west-1", {.use_global_endpoint = true}) == errc::invalid_bucket_name);
}

TEST_CASE("endpoint_url: scheme, host, port, trailing slash") {
  CHECK(host_of("http://localhost:9000") == "http://localhost:9000");
  CHECK(host_of("https://localhost:9000/") == "https://localhost:9000");
  CHECK(host_of("HTTPS://s3.example.com") == "https://s3.example.com");
  CHECK(host_of("Http://s3.example.com") == "http://s3.example.com");
  CHECK(host_of("http://minio_server:9000") == "http://minio_server:9000");
  CHECK(host_of("http://a") == "http://a");
  CHECK(host_of("http://xn--bcher-kva.example") == "http://xn--bcher-kva.example");
}

TEST_CASE("endpoint_url: uppercase host is lowercased") {
  CHECK(host_of("https://S3.EU-West-1.AmazonAWS.com") == "https://s3.eu-west-1.amazonaws.com");
  CHECK(host_of("http://[2001:DB8::ABCD]:9000") == "http://[2001:db8::abcd]:9000");
}

TEST_CASE("endpoint_url: default ports dropped, others kept") {
  CHECK(host_of("http://s3.example.com:80") == "http://s3.example.com");
  CHECK(host_of("https://s3.example.com:443") == "https://s3.example.com");
  CHECK(host_of("http://s3.example.com:443") == "http://s3.example.com:443");
  CHECK(host_of("https://s3.example.com:80") == "https://s3.example.com:80");
  CHECK(host_of("https://s3.example.com:8443") == "https://s3.example.com:8443");
  CHECK(host_of("http://s3.example.com:1") == "http://s3.example.com:1");
  CHECK(host_of("http://s3.example.com:65535") == "http://s3.example.com:65535");
  CHECK(host_of("http://s3.example.com:09000") == "http://s3.example.com:9000");
  CHECK(host_of("http://s3.example.com:0080") == "http://s3.example.com");
  CHECK(host_of("https://[::1]:443") == "https://[::1]");
  CHECK(host_of("http://127.0.0.1:80/") == "http://127.0.0.1");
}

TEST_CASE("endpoint_url: IPv6 literals with and without port, in canonical form") {
  CHECK(host_of("http://[::1]") == "http://[::1]");
  CHECK(host_of("http://[::1]:9000") == "http://[::1]:9000");
  CHECK(host_of("http://[::]:9000") == "http://[::]:9000");
  // RFC 5952 §4: no leading zeros, longest zero run compressed, first one on a tie, a lone
  // zero group not compressed; the WHATWG URL serializer prints the IPv4 tail in hex.
  CHECK(host_of("http://[0:0:0:0:0:0:0:1]") == "http://[::1]");
  CHECK(host_of("http://[2001:0db8:0000:0000:0000:ff00:0042:8329]") ==
        "http://[2001:db8::ff00:42:8329]");
  CHECK(host_of("http://[2001:db8:0:0:1:0:0:1]") == "http://[2001:db8::1:0:0:1]");
  CHECK(host_of("http://[2001:db8:0:1:1:1:1:1]") == "http://[2001:db8:0:1:1:1:1:1]");
  CHECK(host_of("http://[2001:db8::]") == "http://[2001:db8::]");
  CHECK(host_of("http://[1::]") == "http://[1::]");
  CHECK(host_of("http://[1:2:3:4:5:6:7::]") == "http://[1:2:3:4:5:6:7:0]");
  CHECK(host_of("http://[::ffff:192.0.2.128]:8080") == "http://[::ffff:c000:280]:8080");
  CHECK(host_of("http://[::192.0.2.1]") == "http://[::c000:201]");
  CHECK(host_of("http://[1:2:3:4:5:6:1.2.3.4]") == "http://[1:2:3:4:5:6:102:304]");
}

TEST_CASE("endpoint_url errors: userinfo, path, query, fragment") {
  for (std::string_view bad :
       {"http://user@localhost:9000"sv, "http://user:secret@localhost:9000"sv,
        "http://@localhost"sv, "http://localhost:9000/path"sv, "http://localhost:9000/bucket/"sv,
        "http://localhost//"sv, "http://localhost?x=1"sv, "http://localhost/?x=1"sv,
        "http://localhost?"sv, "http://localhost#frag"sv, "http://localhost/#"sv}) {
    CAPTURE(bad);
    CHECK(error_of("examplebucket", "us-east-1", {.endpoint_url = bad}) == errc::invalid_endpoint);
  }
}

TEST_CASE("endpoint_url errors: ports") {
  for (std::string_view bad :
       {"http://localhost:0"sv, "http://localhost:65536"sv, "http://localhost:99999999999"sv,
        "http://localhost:abc"sv, "http://localhost:"sv, "http://localhost:-1"sv,
        "http://localhost:+80"sv, "http://localhost: 80"sv, "http://localhost:80:80"sv,
        "http://[::1]:"sv, "http://[::1]:0"sv, "http://[::1]x"sv, "http://[::1]:65536"sv}) {
    CAPTURE(bad);
    CHECK(error_of("examplebucket", "us-east-1", {.endpoint_url = bad}) == errc::invalid_endpoint);
  }
}

TEST_CASE("endpoint_url errors: scheme and host") {
  for (std::string_view bad : {"localhost:9000"sv,
                               "//localhost"sv,
                               "ftp://localhost"sv,
                               "s3://bucket"sv,
                               "https:/x"sv,
                               "https//x"sv,
                               "http://"sv,
                               "http:///"sv,
                               "http://:9000"sv,
                               "http://:9000/"sv,
                               "http://local host"sv,
                               "http://-localhost"sv,
                               "http://localhost-"sv,
                               "http://a..b"sv,
                               "http://.a"sv,
                               "http://localhost."sv,
                               "http://b\xc3\xbc"
                               "cher.example"sv,
                               "http://local%68ost"sv,
                               "http://1.2.3"sv,
                               "http://256.1.1.1"sv,
                               "http://01.2.3.4"sv,
                               "http://1.2.3.4.5"sv,
                               "http://123"sv,
                               "http://example.123"sv,
                               "http://a\tb"sv,
                               " http://localhost"sv,
                               "http://localhost "sv}) {
    CAPTURE(bad);
    CHECK(error_of("examplebucket", "us-east-1", {.endpoint_url = bad}) == errc::invalid_endpoint);
  }
  CHECK(error_of("examplebucket", "us-east-1",
                 {.endpoint_url = "http://" + std::string(64, 'a') + ".example"}) ==
        errc::invalid_endpoint);  // a label over 63
  std::string long_host;
  for (int i = 0; i < 4; ++i) long_host += std::string(63, 'h') + ".";
  long_host.pop_back();  // 255 characters
  CHECK(error_of("examplebucket", "us-east-1", {.endpoint_url = "http://" + long_host}) ==
        errc::invalid_endpoint);
  long_host.resize(253);  // 253 characters ending in a full label of 61
  CHECK(url("examplebucket", "us-east-1",
            {.endpoint_url = "http://" + long_host, .style = addressing_style::virtual_hosted}) ==
        "http://examplebucket." + long_host + "/key.txt");
}

TEST_CASE("endpoint_url errors: malformed IPv6 literals") {
  for (std::string_view bad : {"http://[::1"sv,
                               "http://::1"sv,
                               "http://::1]"sv,
                               "http://[]"sv,
                               "http://[:]"sv,
                               "http://[:::]"sv,
                               "http://[::g]"sv,
                               "http://[1:2:3:4:5:6:7:8:9]"sv,
                               "http://[1:2:3:4:5:6:7]"sv,
                               "http://[1::2::3]"sv,
                               "http://[12345::1]"sv,
                               "http://[1:2:3:4:5:6:7:8::]"sv,
                               "http://[::1:2:3:4:5:6:7:8]"sv,
                               "http://[1:]"sv,
                               "http://[:1]"sv,
                               "http://[fe80::1%25eth0]"sv,
                               "http://[fe80::1%eth0]"sv,
                               "http://[::1.2.3]"sv,
                               "http://[::256.1.1.1]"sv,
                               "http://[1.2.3.4]"sv,
                               "http://[1:2:3:4:5:6:7:1.2.3.4]"sv,
                               "http://[::1.2.3.4:5]"sv,
                               "http://[v1.fe]"sv}) {
    CAPTURE(bad);
    CHECK(error_of("examplebucket", "us-east-1", {.endpoint_url = bad}) == errc::invalid_endpoint);
  }
}

TEST_CASE("host_override: the authority to sign; path /KEY unless path style") {
  CHECK(url("images.example.com", "us-east-1", {.host_override = "images.example.com"},
            "cat.jpg") == "https://images.example.com/cat.jpg");
  CHECK(url("examplebucket", "eu-west-1",
            {.style = addressing_style::path, .host_override = "proxy.internal:8443"}) ==
        "https://proxy.internal:8443/examplebucket/key.txt");
  CHECK(url("examplebucket", "eu-west-1",
            {.style = addressing_style::virtual_hosted, .host_override = "CDN.Example.com"}) ==
        "https://cdn.example.com/key.txt");
  // Scheme from endpoint_url; the endpoint's host is not used; default port dropped.
  CHECK(url("examplebucket", "us-east-1",
            {.endpoint_url = "http://10.0.0.5:9000", .host_override = "s3.local:80"}) ==
        "http://s3.local/key.txt");
  CHECK(url("examplebucket", "us-east-1",
            {.endpoint_url = "http://10.0.0.5:9000",
             .style = addressing_style::path,
             .host_override = "[::1]:9000"}) == "http://[::1]:9000/examplebucket/key.txt");
  // A dotted bucket behind an https CNAME is fine: the certificate is the domain's own.
  CHECK(url("www.example.com", "us-east-1", {.host_override = "www.example.com"}) ==
        "https://www.example.com/key.txt");
  for (std::string_view bad :
       {"https://cdn.example.com"sv, "cdn.example.com/"sv, "user@cdn"sv, "cdn:0"sv, "cdn:abc"sv,
        "[::1"sv, "cdn.example.com?x"sv, "cdn example"sv, ":443"sv}) {
    CAPTURE(bad);
    CHECK(error_of("examplebucket", "us-east-1", {.host_override = bad}) == errc::invalid_endpoint);
  }
  // endpoint_url is still validated when host_override is given.
  CHECK(error_of("examplebucket", "us-east-1",
                 {.endpoint_url = "http://x/path", .host_override = "cdn.example.com"}) ==
        errc::invalid_endpoint);
}

TEST_CASE("the host never overflows: longest bucket with the longest endpoint host") {
  const std::string bucket(63, 'b');
  std::string host;
  for (int i = 0; i < 4; ++i) host += std::string(63, 'h') + ".";
  host.resize(253);
  const auto r =
      resolve_endpoint(bucket, "us-east-1", {.endpoint_url = "http://" + host + ":65535",
                                             .style = addressing_style::virtual_hosted});
  REQUIRE(r);
  CHECK(r->host.view() == bucket + "." + host + ":65535");
  const auto fips =
      resolve_endpoint(bucket, std::string(63, 'r'), {.dualstack = true, .fips = true});
  REQUIRE(fips);
  CHECK(fips->host.view() ==
        bucket + ".s3-fips.dualstack." + std::string(63, 'r') + ".amazonaws.com");
}
