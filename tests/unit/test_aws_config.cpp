// SPDX-License-Identifier: MIT
// load_aws_s3_config and aws_s3_config::apply: the AWS CLI's S3 settings with botocore 1.43's
// meaning and precedence (tests/cli/aws_config_oracle.py checks the same against botocore and
// aws-cli themselves).
#include <doctest/doctest.h>

#include <presign/presign.hpp>

#include <string>

#include "support/test_env.hpp"

using presign::errc;
using presign::setting_origin;

namespace {

constexpr const char* all_variables[] = {
    "AWS_DEFAULT_REGION",        "AWS_REGION",
    "AWS_ENDPOINT_URL",          "AWS_ENDPOINT_URL_S3",
    "AWS_USE_FIPS_ENDPOINT",     "AWS_USE_DUALSTACK_ENDPOINT",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"};

// A clean environment and a directory for the two files of one test.
struct fixture {
  presign_test::scoped_env env;
  presign_test::scratch_dir dir;
  fixture() {
    for (const char* v : all_variables) env.unset(v);
  }
  [[nodiscard]] presign::aws_s3_config load(const std::string& profile = "default") const {
    return presign::load_aws_s3_config({dir.file("credentials"), dir.file("config"), profile});
  }
};

}  // namespace

TEST_CASE("aws config: nothing configured, nothing set") {
  const fixture f;
  const auto c = f.load();
  CHECK(c.error == errc::ok);
  CHECK_FALSE(c.region.is_set());
  CHECK_FALSE(c.endpoint_url.is_set());
  CHECK_FALSE(c.addressing_style.is_set());
  presign::presigner_options o;
  CHECK(c.apply(o) == errc::ok);
  CHECK(o.region.empty());
  CHECK(o.endpoint.endpoint_url.empty());
  CHECK(o.endpoint.style == presign::addressing_style::automatic);
  CHECK_FALSE(o.endpoint.fips);
  CHECK(c.describe().empty());
}

TEST_CASE("aws config: region from AWS_DEFAULT_REGION, AWS_REGION, credentials, config") {
  fixture f;
  (void)f.dir.write("config", "[profile dev]\nregion = eu-north-1\n[default]\nregion = us-west-1\n");
  auto c = f.load("dev");
  CHECK(c.region.value == "eu-north-1");
  CHECK(c.region.origin == setting_origin::config_file);
  CHECK(c.region.source == f.dir.file("config") + " [profile dev] region");
  (void)f.dir.write("credentials", "[dev]\nregion = ap-south-1\n");
  c = f.load("dev");
  CHECK(c.region.value == "ap-south-1");  // botocore merges the files, credentials winning
  CHECK(c.region.origin == setting_origin::credentials_file);
  f.env.set("AWS_REGION", "me-south-1");
  CHECK(f.load("dev").region.value == "me-south-1");
  f.env.set("AWS_DEFAULT_REGION", "ca-central-1");
  c = f.load("dev");
  CHECK(c.region.value == "ca-central-1");
  CHECK(c.region.source == "AWS_DEFAULT_REGION");
  presign::presigner_options o;
  REQUIRE(c.apply(o) == errc::ok);
  CHECK(o.region == "ca-central-1");
  o.region = "sa-east-1";  // decided by the caller (the command line): kept
  REQUIRE(c.apply(o) == errc::ok);
  CHECK(o.region == "sa-east-1");
}

TEST_CASE("aws config: endpoint_url precedence as botocore's ConfiguredEndpointProvider") {
  fixture f;
  (void)f.dir.write("config",
                    "[default]\n"
                    "endpoint_url = http://profile.example:1\n"
                    "services = local\n"
                    "s3 =\n"
                    "  endpoint_url = http://ignored-by-botocore.example\n"
                    "[services local]\n"
                    "s3 =\n"
                    "  endpoint_url = http://service.example:2\n"
                    "sts =\n"
                    "  endpoint_url = http://sts.example\n");
  auto c = f.load();
  CHECK(c.endpoint_url.value == "http://service.example:2");
  CHECK(c.endpoint_url.source == f.dir.file("config") + " [services local] s3.endpoint_url");
  // botocore reads no endpoint_url from the profile's own s3 block; the diagnostic says so.
  CHECK(c.diagnostic.find("s3.endpoint_url is not read") != std::string::npos);
  f.env.set("AWS_ENDPOINT_URL", "http://global-env.example:3");
  CHECK(f.load().endpoint_url.value == "http://global-env.example:3");
  f.env.set("AWS_ENDPOINT_URL_S3", "http://s3-env.example:4");
  c = f.load();
  CHECK(c.endpoint_url.value == "http://s3-env.example:4");
  CHECK(c.endpoint_url.origin == setting_origin::environment);
  f.env.set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "True");
  CHECK_FALSE(f.load().endpoint_url.is_set());
  f.env.set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false");  // the variable wins over the file
  (void)f.dir.write("config", "[default]\nendpoint_url = http://profile.example:1\n"
                              "ignore_configured_endpoint_urls = true\n");
  CHECK(f.load().endpoint_url.value == "http://s3-env.example:4");
  f.env.unset("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  CHECK_FALSE(f.load().endpoint_url.is_set());
  f.env.unset("AWS_ENDPOINT_URL_S3");
  f.env.unset("AWS_ENDPOINT_URL");
  (void)f.dir.write("config", "[default]\nendpoint_url = http://profile.example:1\n");
  c = f.load();
  CHECK(c.endpoint_url.value == "http://profile.example:1");
  presign::presigner_options o;
  REQUIRE(c.apply(o) == errc::ok);
  CHECK(o.endpoint.endpoint_url == "http://profile.example:1");
  o.endpoint.endpoint_url = "http://cli.example";  // the command line's: kept
  REQUIRE(c.apply(o) == errc::ok);
  CHECK(o.endpoint.endpoint_url == "http://cli.example");
}

TEST_CASE("aws config: a services section that does not exist is an error") {
  fixture f;
  (void)f.dir.write("config", "[default]\nservices = nowhere\n");
  const auto c = f.load();
  CHECK(c.error == errc::invalid_option);
  CHECK(c.diagnostic.find("services section 'nowhere'") != std::string::npos);
  presign::presigner_options o;
  CHECK(c.apply(o) == errc::invalid_option);
}

TEST_CASE("aws config: s3.addressing_style") {
  fixture f;
  (void)f.dir.write("config", "[profile p]\ns3 =\n  addressing_style = path\n");
  auto c = f.load("p");
  CHECK(c.addressing_style.value == "path");
  CHECK(c.addressing_style.source == f.dir.file("config") + " [profile p] s3.addressing_style");
  presign::presigner_options o;
  REQUIRE(c.apply(o) == errc::ok);
  CHECK(o.endpoint.style == presign::addressing_style::path);
  (void)f.dir.write("config", "[profile p]\ns3 =\n  addressing_style = virtual\n");
  o = {};
  REQUIRE(f.load("p").apply(o) == errc::ok);
  CHECK(o.endpoint.style == presign::addressing_style::virtual_hosted);
  (void)f.dir.write("config", "[profile p]\ns3 =\n  addressing_style = sideways\n");
  c = f.load("p");
  CHECK(c.error == errc::invalid_option);
  CHECK(c.diagnostic.find("s3.addressing_style must be auto, virtual or path") != std::string::npos);
  (void)f.dir.write("config", "[profile p]\ns3 =\n  addressing_style\n");
  CHECK(f.load("p").error == errc::invalid_option);  // a line without '='
}

TEST_CASE("aws config: FIPS from AWS_USE_FIPS_ENDPOINT, else use_fips_endpoint") {
  fixture f;
  (void)f.dir.write("config", "[default]\nuse_fips_endpoint = TRUE\n");
  auto c = f.load();
  presign::presigner_options o;
  REQUIRE(c.apply(o) == errc::ok);
  CHECK(o.endpoint.fips);
  f.env.set("AWS_USE_FIPS_ENDPOINT", "false");  // the variable wins, also when false
  o = {};
  REQUIRE(f.load().apply(o) == errc::ok);
  CHECK_FALSE(o.endpoint.fips);
  f.env.set("AWS_USE_FIPS_ENDPOINT", "yes");  // only "true" is true (ensure_boolean)
  o = {};
  REQUIRE(f.load().apply(o) == errc::ok);
  CHECK_FALSE(o.endpoint.fips);
  f.env.set("AWS_USE_FIPS_ENDPOINT", "true");
  o = {};
  REQUIRE(f.load().apply(o) == errc::ok);
  CHECK(o.endpoint.fips);
  // With an endpoint URL in force botocore drops FIPS and dual-stack.
  f.env.set("AWS_USE_DUALSTACK_ENDPOINT", "true");
  f.env.set("AWS_ENDPOINT_URL", "http://127.0.0.1:9000");
  o = {};
  c = f.load();  // o views c's strings: c must outlive o's use
  REQUIRE(c.apply(o) == errc::ok);
  CHECK_FALSE(o.endpoint.fips);
  CHECK_FALSE(o.endpoint.dualstack);
  CHECK(o.endpoint.endpoint_url == "http://127.0.0.1:9000");
}

TEST_CASE("aws config: dual-stack from s3.use_dualstack_endpoint, the variable, the profile") {
  fixture f;
  (void)f.dir.write("config", "[default]\nuse_dualstack_endpoint = true\n");
  presign::presigner_options o;
  REQUIRE(f.load().apply(o) == errc::ok);
  CHECK(o.endpoint.dualstack);
  f.env.set("AWS_USE_DUALSTACK_ENDPOINT", "false");
  o = {};
  REQUIRE(f.load().apply(o) == errc::ok);
  CHECK_FALSE(o.endpoint.dualstack);
  // The s3 block's switch, when true, wins over the variable; when false it does not count.
  (void)f.dir.write("config", "[default]\ns3 =\n  use_dualstack_endpoint = true\n");
  auto c = f.load();
  CHECK(c.use_dualstack_endpoint.source == f.dir.file("config") + " [default] s3.use_dualstack_endpoint");
  o = {};
  REQUIRE(c.apply(o) == errc::ok);
  CHECK(o.endpoint.dualstack);
  f.env.set("AWS_USE_DUALSTACK_ENDPOINT", "true");
  (void)f.dir.write("config", "[default]\ns3 =\n  use_dualstack_endpoint = false\n");
  c = f.load();
  CHECK(c.use_dualstack_endpoint.source == "AWS_USE_DUALSTACK_ENDPOINT");
  o = {};
  REQUIRE(c.apply(o) == errc::ok);
  CHECK(o.endpoint.dualstack);
}

TEST_CASE("aws config: s3.use_accelerate_endpoint, and describe()") {
  fixture f;
  (void)f.dir.write("credentials", "[default]\nregion = us-west-2\n"
                                   "aws_secret_access_key = not-in-any-output\n");
  (void)f.dir.write("config", "[default]\ns3 =\n  use_accelerate_endpoint = true\n"
                              "  addressing_style = virtual\n");
  const auto c = f.load();
  presign::presigner_options o;
  REQUIRE(c.apply(o) == errc::ok);
  CHECK(o.endpoint.accelerate);
  const std::string text = c.describe();
  CHECK(text.find("region = us-west-2 (from " + f.dir.file("credentials") + " [default] region)") !=
        std::string::npos);
  CHECK(text.find("s3.use_accelerate_endpoint = true") != std::string::npos);
  CHECK(text.find("s3.addressing_style = virtual") != std::string::npos);
  CHECK(text.find("not-in-any-output") == std::string::npos);
  CHECK(c.diagnostic.find("not-in-any-output") == std::string::npos);
}

TEST_CASE("aws config: a malformed file is an error naming the line") {
  fixture f;
  (void)f.dir.write("config", "[default]\nregion = eu-west-1\nthis is not a setting\n");
  const auto c = f.load();
  CHECK(c.error == errc::invalid_option);
  CHECK(c.diagnostic.find("config file line 3") != std::string::npos);
}
