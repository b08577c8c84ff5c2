// SPDX-License-Identifier: MIT
// The presign CLI: `presign verify [options] URL`, the offline verifier of presigned URLs.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <presign/presign.hpp>

#include "args.hpp"
#include "presign_command.hpp"

namespace presign_cli {

inline constexpr std::string_view verify_usage =
    "usage: presign verify [options] URL\n"
    "\n"
    "Checks a presigned URL (AWS Signature Version 4, query authentication) the way S3 does:\n"
    "algorithm, credential scope, region and service, X-Amz-Expires and the clock, the signed\n"
    "headers, and the signature recomputed with the secret of the URL's access key.\n"
    "\n"
    "options:\n"
    "  --method M                the HTTP method the URL is used with (default GET)\n"
    "  --region R                the region to accept (else AWS_DEFAULT_REGION, AWS_REGION,\n"
    "                            the profile's region, else us-east-1)\n"
    "  --service S               the service to accept (default s3)\n"
    "  --max-skew SECONDS        how far X-Amz-Date may be ahead of now (default 900)\n"
    "  --now YYYYMMDDTHHMMSSZ    the time to check at (default: the system clock)\n"
    "  --header 'Name: value'    a header the request carries (repeatable); signed headers\n"
    "                            are looked up here; Host defaults to the URL's authority\n"
    "  --profile NAME            AWS profile to take the secret from\n"
    "  --help\n"
    "\n"
    "The secret is found like any other credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY\n"
    "(the URL's access key must be that one), else the profile files; with --profile, only\n"
    "the profile.\n"
    "\n"
    "Output: `valid` and exit 0; otherwise one word on stdout, the reason, and exit 1:\n"
    "  malformed_url unsupported_algorithm invalid_scope wrong_region wrong_service\n"
    "  invalid_expiry expired not_yet_valid missing_signed_header unknown_access_key\n"
    "  invalid_header signature_mismatch\n"
    "with a sentence on stderr. Exit 2: usage error.\n";

/// Runs `presign verify [options] URL`; returns the exit status.
inline int run_verify(arg_reader& args) {
  std::string method = "GET";
  std::optional<std::string> region;
  std::string service = "s3";
  std::string skew_text = "900";
  std::optional<std::string> now_text;
  std::optional<std::string> profile;
  std::vector<std::string> header_args;
  std::optional<std::string> url;

  const auto usage = [](std::string_view message) {
    std::fprintf(stderr, "presign verify: %.*s (see presign verify --help)\n",
                 static_cast<int>(message.size()), message.data());
    return 2;
  };
  while (!args.done()) {
    if (args.flag("--help") || args.flag("-h")) {
      std::fwrite(verify_usage.data(), 1, verify_usage.size(), stdout);
      return 0;
    }
    if (auto v = args.option("--method")) { method = *v; continue; }
    if (auto v = args.option("--region")) { region = *v; continue; }
    if (auto v = args.option("--service")) { service = *v; continue; }
    if (auto v = args.option("--max-skew")) { skew_text = *v; continue; }
    if (auto v = args.option("--now")) { now_text = *v; continue; }
    if (auto v = args.option("--header")) { header_args.push_back(*v); continue; }
    if (auto v = args.option("--profile")) { profile = *v; continue; }
    if (args.error()) break;
    const std::string_view a = args.peek();
    if (a.size() > 1 && a[0] == '-') return usage("unknown option " + std::string(a));
    if (url) return usage("exactly one URL is expected");
    url = args.positional();
  }
  if (args.error()) return usage(args.error()->message);
  if (!url) return usage("missing URL");
  const auto skew = parse_integer(skew_text, 0, 1LL << 40);
  if (!skew) return usage("--max-skew must be a whole number of seconds, 0 or more");
  std::int64_t now = presign::system_clock{}.now();
  if (now_text) {
    const auto t = presign::parse_amz_timestamp(*now_text);
    if (!t) return usage("--now must be YYYYMMDDTHHMMSSZ (1970..9999)");
    now = *t;
  }
  if (!region) {
    presign::aws_config_paths paths = presign::default_aws_config_paths();
    if (profile) paths.profile = *profile;
    region = presign::resolve_region(paths).value_or("us-east-1");
  }
  std::vector<std::pair<std::string, std::string>> header_text;
  for (const std::string& h : header_args) {
    auto parsed = split_header(h);
    if (!parsed) return usage("--header must look like 'Name: value'");
    header_text.push_back(std::move(*parsed));
  }
  std::vector<presign::http_header> headers;
  std::size_t headers_size = 0;
  for (const auto& [name, value] : header_text) {
    headers.push_back({name, value});
    headers_size += name.size() + value.size() + 1;
  }

  // The secret: the credentials the CLI would sign with, if their key is the URL's.
  const auto creds = cli_credentials(profile).get();
  std::string why_unknown;
  const auto lookup = [&](std::string_view akid) -> std::optional<std::string_view> {
    if (!creds) {
      why_unknown = "no credentials found (" + std::string(presign::to_string(creds.error())) + ")";
      return std::nullopt;
    }
    if (akid != creds->access_key_id) {
      why_unknown = "the URL is signed by another access key than the configured one";
      return std::nullopt;
    }
    return std::string_view(creds->secret_access_key);
  };

  presign::verify_request req;
  req.url = *url;
  req.method = method;
  req.headers = headers;
  req.now = now;
  req.max_skew = *skew;
  req.region = *region;
  req.service = service;
  std::vector<char> work(presign::verify_work_size(url->size(), headers_size));
  const auto r = presign::verify_presigned_url(req, lookup, work);

  const std::string_view word = presign::verify_reason(r.error());
  std::fwrite(word.data(), 1, word.size(), stdout);
  std::fputc('\n', stdout);
  if (r) return 0;
  const std::string_view message = presign::to_string(r.error());
  std::fprintf(stderr, "presign verify: %.*s%s%s\n", static_cast<int>(message.size()),
               message.data(), why_unknown.empty() ? "" : ": ", why_unknown.c_str());
  return 1;
}

}  // namespace presign_cli
