// SPDX-License-Identifier: MIT
// The presign CLI: `presign [options] s3://BUCKET/KEY`, the aws-cli-like presign command.
#pragma once

#include <cstdio>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <presign/presign.hpp>

#include "args.hpp"
#include "json_writer.hpp"

namespace presign_cli {

inline constexpr std::string_view presign_usage =
    "usage: presign [options] s3://BUCKET/KEY\n"
    "       presign verify [options] URL\n"
    "       presign post [options] s3://BUCKET/KEY\n"
    "\n"
    "Prints a presigned URL for an S3 object (AWS Signature Version 4, query authentication).\n"
    "The key is everything after the bucket's '/', verbatim. s3://BUCKET names the bucket.\n"
    "\n"
    "options:\n"
    "  --method M                HTTP method (default GET)\n"
    "  --expires-in N            seconds the URL is valid, 1..604800 (default 3600)\n"
    "  --region R                region (else AWS_DEFAULT_REGION, AWS_REGION, the profile's\n"
    "                            region, else us-east-1)\n"
    "  --endpoint-url URL        S3-compatible endpoint, e.g. http://127.0.0.1:9000 (else\n"
    "                            AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, the profile's)\n"
    "  --addressing-style S      auto | virtual | path (else the profile's s3.addressing_style,\n"
    "                            else auto: path style with a custom endpoint)\n"
    "  --global-endpoint         use s3.amazonaws.com (us-east-1 only)\n"
    "  --dualstack, --accelerate, --fips   AWS endpoint variants (else AWS_USE_DUALSTACK_ENDPOINT,\n"
    "                            AWS_USE_FIPS_ENDPOINT, the profile's use_*_endpoint)\n"
    "  --host HOST[:PORT]        sign for this host (a proxy or CNAME) and put it in the URL\n"
    "  --query NAME=VALUE        add a signed query parameter (repeatable; NAME alone: no value)\n"
    "  --header 'Name: value'    add a signed header the client must send (repeatable)\n"
    "  --hoist-header 'Name: v'  an x-amz-* header to put in the query where S3 allows it\n"
    "  --version-id ID           object version\n"
    "  --signing-time T          YYYYMMDDTHHMMSSZ (default: now)\n"
    "  --profile NAME            AWS profile (credentials and region from ~/.aws files)\n"
    "  --output url|json         json adds the headers to send and the expiry\n"
    "  --debug                   print the settings and where they came from, the canonical\n"
    "                            request and the string to sign on stderr\n"
    "  --help, --version\n"
    "\n"
    "Credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, else the AWS\n"
    "profile files (AWS_PROFILE, AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE); with --profile,\n"
    "only the profile. Exit status: 0 success, 1 signing error, 2 usage error.\n"
    "\n"
    "example (the AWS documentation's example credentials and time):\n"
    "  AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE \\\n"
    "  AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY \\\n"
    "  presign --global-endpoint --expires-in 86400 --signing-time 20130524T000000Z \\\n"
    "          s3://examplebucket/test.txt\n";

/// A clock that is either fixed (--signing-time) or the system's.
struct cli_clock {
  std::optional<std::int64_t> fixed;
  [[nodiscard]] std::int64_t now() const noexcept {
    return fixed ? *fixed : presign::system_clock{}.now();
  }
};

/// Credentials as the AWS CLI finds them: environment, then profile; only the profile when
/// one is named explicitly.
class cli_credentials {
 public:
  explicit cli_credentials(std::optional<std::string> profile) {
    presign::aws_config_paths paths = presign::default_aws_config_paths();
    if (profile) paths.profile = *profile;
    profile_.emplace(paths);
    use_environment_ = !profile.has_value();
  }
  [[nodiscard]] presign::result<presign::owned_credentials> get() const {
    if (use_environment_) {
      auto env = environment_.get();
      if (env || env.error() != presign::errc::credentials_unavailable) return env;
    }
    return profile_->get();
  }

 private:
  presign::environment_credentials environment_;
  std::optional<presign::profile_credentials> profile_;
  bool use_environment_ = true;
};

/// Splits "Name: value" at the first ':'; the value's surrounding blanks are trimmed.
inline std::optional<std::pair<std::string, std::string>> split_header(std::string_view h) {
  const auto colon = h.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string_view value = h.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return std::pair{std::string(h.substr(0, colon)), std::string(value)};
}

inline std::string iso8601(std::int64_t t) {
  const auto c = presign::to_civil(t);
  if (!c) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", c->year, c->month, c->day,
                c->hour, c->minute, c->second);
  return buf;
}

/// Options shared by the subcommands: where, who, when. Where: the command line, else the AWS
/// CLI's environment variables and profile settings (presign::load_aws_s3_config, botocore's
/// precedence), else the defaults.
struct common_options {
  std::optional<std::string> region;
  std::optional<std::string> endpoint_url;
  std::optional<std::string> addressing_style;
  bool global_endpoint = false;
  bool dualstack = false;
  bool accelerate = false;
  bool fips = false;
  std::optional<std::string> host;
  std::optional<std::string> signing_time;
  std::optional<std::string> profile;
  /// The configuration read by to_presigner_options; the options view its strings.
  presign::aws_s3_config config;

  /// Consumes one common option if the reader is at one.
  bool read(arg_reader& r) {
    if (auto v = r.option("--region")) return region = *v, true;
    if (auto v = r.option("--endpoint-url")) return endpoint_url = *v, true;
    if (auto v = r.option("--addressing-style")) return addressing_style = *v, true;
    if (auto v = r.option("--host")) return host = *v, true;
    if (auto v = r.option("--signing-time")) return signing_time = *v, true;
    if (auto v = r.option("--profile")) return profile = *v, true;
    if (r.flag("--global-endpoint")) return global_endpoint = true;
    if (r.flag("--dualstack")) return dualstack = true;
    if (r.flag("--accelerate")) return accelerate = true;
    if (r.flag("--fips")) return fips = true;
    return false;
  }

  /// The presigner options these describe, or a usage error (or, exit status 1, a
  /// configuration that cannot be used). Reads the environment and the profile's files.
  std::optional<usage_error> to_presigner_options(presign::presigner_options& o) {
    presign::aws_config_paths paths = presign::default_aws_config_paths();
    if (profile) paths.profile = *profile;
    config = presign::load_aws_s3_config(paths);
    // The command line first: apply() fills in only what is still open, and drops the
    // configured FIPS and dual-stack switches when an endpoint URL is in force, as botocore.
    if (region) o.region = *region;
    if (endpoint_url) o.endpoint.endpoint_url = *endpoint_url;
    if (config.apply(o) != presign::errc::ok) {
      return usage_error{"configuration: " + config.diagnostic, 1};
    }
    if (o.region.empty()) o.region = "us-east-1";  // botocore's default for S3
    if (host) o.endpoint.host_override = *host;
    if (addressing_style) {
      if (*addressing_style == "auto") {
        o.endpoint.style = presign::addressing_style::automatic;
      } else if (*addressing_style == "virtual") {
        o.endpoint.style = presign::addressing_style::virtual_hosted;
      } else if (*addressing_style == "path") {
        o.endpoint.style = presign::addressing_style::path;
      } else {
        return usage_error{"--addressing-style must be auto, virtual or path"};
      }
    }
    o.endpoint.use_global_endpoint = global_endpoint;
    o.endpoint.dualstack = o.endpoint.dualstack || dualstack;
    o.endpoint.accelerate = o.endpoint.accelerate || accelerate;
    o.endpoint.fips = o.endpoint.fips || fips;
    return std::nullopt;
  }

  /// For --debug: each setting in force and where it came from.
  [[nodiscard]] std::string describe(const presign::presigner_options& o) const {
    const auto origin = [&](bool flag, const presign::aws_setting& s) -> std::string {
      if (flag) return "command line";
      if (s.is_set()) return s.source;
      return "default";
    };
    std::string out = "settings (" + config.diagnostic + "):\n";
    const auto line = [&out](std::string_view name, std::string_view value, const std::string& from) {
      out.append("  ").append(name).append(" = ").append(value).append(" (from ").append(from);
      out.append(")\n");
    };
    line("region", o.region, origin(region.has_value(), config.region));
    line("endpoint_url", o.endpoint.endpoint_url.empty() ? "(AWS)" : o.endpoint.endpoint_url,
         origin(endpoint_url.has_value(), config.endpoint_url));
    const std::string_view style = o.endpoint.style == presign::addressing_style::path ? "path"
                                   : o.endpoint.style == presign::addressing_style::virtual_hosted
                                       ? "virtual"
                                       : "auto";
    line("addressing_style", style, origin(addressing_style.has_value(), config.addressing_style));
    line("use_fips_endpoint", o.endpoint.fips ? "true" : "false",
         origin(fips, config.use_fips_endpoint));
    line("use_dualstack_endpoint", o.endpoint.dualstack ? "true" : "false",
         origin(dualstack, config.use_dualstack_endpoint));
    line("use_accelerate_endpoint", o.endpoint.accelerate ? "true" : "false",
         origin(accelerate, config.use_accelerate_endpoint));
    if (config.ignore_configured_endpoint_urls.is_set()) {
      line("ignore_configured_endpoint_urls", config.ignore_configured_endpoint_urls.value,
           config.ignore_configured_endpoint_urls.source);
    }
    return out;
  }

  /// The clock these describe, or a usage error.
  std::optional<usage_error> to_clock(cli_clock& clock) const {
    if (!signing_time) return std::nullopt;
    const auto t = presign::parse_amz_timestamp(*signing_time);
    if (!t) return usage_error{"--signing-time must be YYYYMMDDTHHMMSSZ (1970..9999)"};
    clock.fixed = *t;
    return std::nullopt;
  }
};

/// Runs `presign [options] s3://BUCKET/KEY`; returns the exit status.
inline int run_presign(arg_reader& args) {
  common_options common;
  std::string method = "GET";
  std::string expires_text = "3600";
  std::string output = "url";
  std::optional<std::string> version_id;
  std::vector<std::string> query_args;
  std::vector<std::pair<std::string, bool>> header_args;  // text, hoist
  std::optional<std::string> target;
  bool debug = false;

  while (!args.done()) {
    if (common.read(args)) continue;
    if (auto v = args.option("--method")) { method = *v; continue; }
    if (auto v = args.option("--expires-in")) { expires_text = *v; continue; }
    if (auto v = args.option("--output")) { output = *v; continue; }
    if (auto v = args.option("--version-id")) { version_id = *v; continue; }
    if (auto v = args.option("--query")) { query_args.push_back(*v); continue; }
    if (auto v = args.option("--header")) { header_args.emplace_back(*v, false); continue; }
    if (auto v = args.option("--hoist-header")) { header_args.emplace_back(*v, true); continue; }
    if (args.flag("--debug")) { debug = true; continue; }
    if (args.error()) break;
    if (args.flag("--help") || args.flag("-h")) {
      std::fputs(presign_usage.data(), stdout);
      return 0;
    }
    if (args.flag("--")) {  // end of options: the target follows
      if (!args.done() && !target) target = args.positional();
      continue;
    }
    const std::string_view a = args.peek();
    if (a.size() > 1 && a[0] == '-' ) {
      std::fprintf(stderr, "presign: unknown option %.*s (see --help)\n",
                   static_cast<int>(a.size()), a.data());
      return 2;
    }
    if (target) {
      std::fprintf(stderr, "presign: exactly one s3://BUCKET/KEY is expected (see --help)\n");
      return 2;
    }
    target = args.positional();
  }
  const auto usage = [](std::string_view message) {
    std::fprintf(stderr, "presign: %.*s (see --help)\n", static_cast<int>(message.size()),
                 message.data());
    return 2;
  };
  const auto failure = [&usage](const usage_error& e) {
    if (e.status == 2) return usage(e.message);
    std::fprintf(stderr, "presign: error: %s\n", e.message.c_str());
    return e.status;
  };
  if (args.error()) return usage(args.error()->message);
  if (!target) return usage("missing s3://BUCKET/KEY");
  const auto uri = parse_s3_uri(*target);
  if (!uri) return usage("the target must look like s3://BUCKET/KEY");
  const auto expires = parse_integer(expires_text, -(1LL << 62), 1LL << 62);
  if (!expires) return usage("--expires-in must be a whole number of seconds");
  if (output != "url" && output != "json") return usage("--output must be url or json");
  // HTTP methods are case-sensitive and S3's are uppercase: a lowercase "get" would sign a
  // request no client sends, and every use of the URL would get 403.
  for (char& c : method) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  for (const std::string& q : query_args) {
    if (q.empty() || q.front() == '=') return usage("--query needs a NAME (NAME=VALUE or NAME)");
  }

  presign::presigner_options options;
  if (auto e = common.to_presigner_options(options)) return failure(*e);
  if (debug) std::fputs(common.describe(options).c_str(), stderr);
  cli_clock clock;
  if (auto e = common.to_clock(clock)) return usage(e->message);

  std::vector<presign::query_param> query;
  for (const std::string& q : query_args) {
    const auto eq = q.find('=');
    query.push_back(eq == std::string::npos
                        ? presign::query_param{q, {}}
                        : presign::query_param{std::string_view(q).substr(0, eq),
                                               std::string_view(q).substr(eq + 1)});
  }
  std::vector<std::pair<std::string, std::string>> header_text;
  header_text.reserve(header_args.size());
  std::vector<presign::request_header> headers;
  for (const auto& [text, hoist] : header_args) {
    auto h = split_header(text);
    if (!h) return usage("--header must look like 'Name: value'");
    header_text.push_back(std::move(*h));
    headers.push_back({header_text.back().first, header_text.back().second, hoist});
  }

  const presign::basic_presigner presigner(cli_credentials(common.profile), clock, options);
  presign::presign_request req;
  req.method = method;
  req.bucket = uri->bucket;
  req.key = uri->key;
  req.bucket_operation = uri->bucket_only;
  if (version_id) req.version_id = *version_id;
  req.query = query;
  req.headers = headers;
  req.expires_in = *expires;

  // presign_to_string sizes every buffer (URL and debug text) from what the signer reports.
  const auto r = presign::presign_to_string(presigner, req, debug);
  if (!r) {
    const auto m = presign::to_string(r.error());
    std::fprintf(stderr, "presign: error: %.*s\n", static_cast<int>(m.size()), m.data());
    if (r.error() == presign::errc::credentials_unavailable && common.profile) {
      // Names files, lines and keys, never a value.
      const std::string why = presign::profile_credentials(
          [&] { auto p = presign::default_aws_config_paths(); p.profile = *common.profile; return p; }())
                                  .diagnostic();
      if (!why.empty()) std::fprintf(stderr, "presign: %s\n", why.c_str());
    }
    return 1;
  }
  if (debug) {
    std::fprintf(stderr, "--- canonical request\n%s\n--- string to sign\n%s\n---\n",
                 r->canonical_request.c_str(), r->string_to_sign.c_str());
  }
  std::string out;
  if (output == "url") {
    out = r->url;
  } else {
    json_object root(out);
    root.string("url", r->url);
    root.string("method", r->method);
    json_object h = root.object("headers");
    for (const auto& [name, value] : r->headers) h.string(name, value);
    h.close();
    root.string("signed_at", iso8601(r->signed_at));
    root.string("expires_at", iso8601(r->expires_at));
    root.close();
  }
  out += '\n';
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace presign_cli
