// SPDX-License-Identifier: MIT
// Compile-time tests for validate.hpp and s3_endpoint.hpp: a wrong answer fails the build.
#include <presign/presign.hpp>

#include <string_view>

namespace {
using presign::addressing_style;
using presign::errc;
using presign::resolve_endpoint;

// validate.hpp
static_assert(presign::validate_bucket_name("docexamplebucket1") == errc::ok);
static_assert(presign::validate_bucket_name("my.example.s3.bucket") == errc::ok);
static_assert(presign::validate_bucket_name("DocExampleBucket") == errc::invalid_bucket_name);
static_assert(presign::validate_bucket_name("192.168.5.4") == errc::invalid_bucket_name);
static_assert(presign::validate_bucket_name("xn--bucket") == errc::invalid_bucket_name);
static_assert(presign::validate_bucket_name("bucket-s3alias") == errc::invalid_bucket_name);
static_assert(presign::validate_bucket_name("my..bucket") == errc::invalid_bucket_name);
static_assert(presign::validate_key("photos/2006/February/sample.jpg") == errc::ok);
static_assert(presign::validate_key("caf\xc3\xa9\t") == errc::ok);
static_assert(presign::validate_key("caf\xe9") == errc::invalid_key);
static_assert(presign::validate_key("") == errc::invalid_key);
static_assert(presign::validate_region("us-east-1") == errc::ok);
static_assert(presign::validate_region("US-EAST-1") == errc::invalid_region);
static_assert(presign::validate_service("s3") == errc::ok);
static_assert(presign::validate_service("") == errc::invalid_service);
static_assert(presign::validate_http_method("PUT") == errc::ok);
static_assert(presign::validate_http_method("P T") == errc::invalid_method);
static_assert(presign::is_http_token("x-amz-meta-!#$%&'*+.^_`|~"));
static_assert(!presign::is_http_token("a:b"));
static_assert(presign::validate_header_name("Content-Type") == errc::ok);
static_assert(presign::validate_header_value("a\tb") == errc::ok);
static_assert(presign::validate_header_value("a\r\nb") == errc::invalid_header);
static_assert(presign::validate_query_value("a b&c") == errc::ok);
static_assert(presign::validate_query_value("a\nb") == errc::invalid_query_parameter);

// s3_endpoint.hpp. Expected hosts as botocore 1.29.27 resolves them (see test_s3_endpoint.cpp),
// except the regional host in every region, which is our deliberate choice.
constexpr bool resolves(std::string_view bucket, std::string_view region,
                        const presign::endpoint_options& options, bool https, std::string_view host,
                        std::string_view bucket_in_path) {
  const auto r = resolve_endpoint(bucket, region, options);
  return r && r->https == https && r->host.view() == host && r->bucket_in_path == bucket_in_path;
}
static_assert(resolves("examplebucket", "us-east-1", {}, true,
                       "examplebucket.s3.us-east-1.amazonaws.com", ""));
static_assert(resolves("examplebucket", "us-east-1", {.use_global_endpoint = true}, true,
                       "examplebucket.s3.amazonaws.com", ""));
static_assert(resolves("my.dotted.bucket", "eu-west-1", {}, true, "s3.eu-west-1.amazonaws.com",
                       "my.dotted.bucket"));
static_assert(resolves("examplebucket", "cn-north-1", {.dualstack = true}, true,
                       "examplebucket.s3.dualstack.cn-north-1.amazonaws.com.cn", ""));
static_assert(resolves("examplebucket", "eu-west-1", {.dualstack = true, .accelerate = true}, true,
                       "examplebucket.s3-accelerate.dualstack.amazonaws.com", ""));
static_assert(resolves("examplebucket", "us-gov-west-1", {.fips = true}, true,
                       "examplebucket.s3-fips.us-gov-west-1.amazonaws.com", ""));
static_assert(resolves("examplebucket", "us-east-1",
                       {.endpoint_url = "HTTP://LocalHost:9000/", .style = addressing_style::path},
                       false, "localhost:9000", "examplebucket"));
static_assert(resolves("examplebucket", "us-east-1", {.endpoint_url = "http://[0:0::1]:80"}, false,
                       "[::1]", "examplebucket"));
static_assert(resolves("myx.bucket", "us-east-1",
                       {.endpoint_url = "http://minio.local:9000",
                        .style = addressing_style::virtual_hosted},
                       false, "myx.bucket.minio.local:9000", ""));
// A custom endpoint with the automatic style is path style (botocore, aws-cli).
static_assert(resolves("examplebucket", "us-east-1", {.endpoint_url = "http://minio.local:9000"},
                       false, "minio.local:9000", "examplebucket"));
// Explicit virtual_hosted falls back to path style where the endpoint rules do...
static_assert(resolves("my.bucket", "us-east-1", {.style = addressing_style::virtual_hosted},
                       true, "s3.us-east-1.amazonaws.com", "my.bucket"));
// ... unless strict_addressing.
static_assert(resolve_endpoint("my.bucket", "us-east-1",
                               {.style = addressing_style::virtual_hosted,
                                .strict_addressing = true})
                  .error() == errc::invalid_option);
static_assert(resolves("images.example.com", "us-east-1",
                       {.host_override = "Images.Example.com:443"}, true, "images.example.com",
                       ""));
static_assert(resolve_endpoint("examplebucket", "eu-west-1", {.use_global_endpoint = true})
                  .error() == errc::invalid_option);
static_assert(resolve_endpoint("examplebucket", "us-east-1", {.endpoint_url = "http://u@h"})
                  .error() == errc::invalid_endpoint);
static_assert(resolve_endpoint("examplebucket", "us-east-1", {.endpoint_url = "http://h:65536"})
                  .error() == errc::invalid_endpoint);
static_assert(resolve_endpoint("Bad", "us-east-1", {}).error() == errc::invalid_bucket_name);
}  // namespace
