// SPDX-License-Identifier: MIT
// presign: the S3 settings of the AWS CLI's configuration (environment and shared files), with
// botocore's meaning and precedence, and where each value came from (opt-in).
#pragma once

#include <cstdint>
#include <list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "presign/credentials_env.hpp"
#include "presign/credentials_profile.hpp"
#include "presign/error.hpp"
#include "presign/presigner.hpp"

namespace presign::inline v0 {

/// Where a setting's value came from.
enum class setting_origin : std::uint8_t { unset, environment, config_file, credentials_file };

/// One resolved setting: its value and, for logs and `--debug`, where it was found (a
/// variable name, or "FILE [SECTION] KEY"). Never a secret: only non-secret settings are
/// resolved this way.
struct aws_setting {
  std::string value;
  setting_origin origin = setting_origin::unset;
  std::string source;  ///< "" when unset
  [[nodiscard]] bool is_set() const noexcept { return origin != setting_origin::unset; }
};

/// The settings of one AWS profile that decide where a presigned S3 URL points, resolved as
/// botocore 1.43 (and so aws-cli and boto3) resolves them:
/// - region: AWS_DEFAULT_REGION, else AWS_REGION (read by the other AWS SDKs and the AWS CLI
///   v2; botocore ignores it), else the profile's `region` (credentials file first, as
///   botocore merges the files).
/// - endpoint_url: AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL, else `endpoint_url` in the s3
///   part of the profile's services section (`services = NAME` and `[services NAME]` with
///   `s3 =` and an indented `endpoint_url = ...`), else the profile's own `endpoint_url`; none
///   of them when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (else the profile's
///   ignore_configured_endpoint_urls) is true. botocore reads no `endpoint_url` from the
///   profile's own `s3 =` block, and neither do we (diagnostic() says so when one is there).
/// - addressing_style: the profile's `s3 =` block `addressing_style` (auto, virtual, path).
/// - use_fips_endpoint: AWS_USE_FIPS_ENDPOINT, else the profile's use_fips_endpoint.
/// - use_dualstack_endpoint: the `s3 =` block's use_dualstack_endpoint when true, else
///   AWS_USE_DUALSTACK_ENDPOINT, else the profile's use_dualstack_endpoint.
/// - use_accelerate_endpoint: the `s3 =` block's use_accelerate_endpoint.
/// Booleans are true when the text is "true" in any case, false otherwise (botocore's
/// ensure_boolean). Empty variables count as unset.
struct aws_s3_config {
  aws_setting region;
  aws_setting endpoint_url;
  aws_setting addressing_style;
  aws_setting use_fips_endpoint;
  aws_setting use_dualstack_endpoint;
  aws_setting use_accelerate_endpoint;
  aws_setting ignore_configured_endpoint_urls;
  /// errc::ok, or why the configuration cannot be used (errc::invalid_option: a malformed
  /// file, a missing services section, an unknown addressing_style); see diagnostic.
  errc error = errc::ok;
  /// The files read and anything worth a line in a log (paths, line numbers, key names; never
  /// a value from the files, since the credentials file holds secrets).
  std::string diagnostic;

  /// True when the setting's text means true (botocore's ensure_boolean).
  [[nodiscard]] static bool is_true(const aws_setting& s) noexcept {
    if (s.value.size() != 4) return false;
    constexpr std::string_view t = "true";
    for (std::size_t i = 0; i < 4; ++i) {
      const char c = s.value[i];
      if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != t[i]) return false;
    }
    return true;
  }

  /// Fills `o` from these settings where the caller has not decided already, as botocore
  /// builds a client: the region when `o.region` is empty; the endpoint URL when
  /// `o.endpoint.endpoint_url` is empty; the addressing style when it is `automatic`; FIPS,
  /// dual-stack and accelerate when true, except that FIPS and dual-stack are dropped when an
  /// endpoint URL is in force (from `o` or from here), as botocore drops them. The strings
  /// of `o` then view this object's: keep it alive until the presigner is built (it copies
  /// them). Errors: `error` when it is not ok; errc::invalid_option for an addressing_style
  /// other than auto, virtual, path. Allocates nothing.
  [[nodiscard]] errc apply(presigner_options& o) const noexcept {
    if (error != errc::ok) return error;
    if (o.region.empty() && region.is_set()) o.region = region.value;
    if (o.endpoint.endpoint_url.empty() && endpoint_url.is_set()) {
      o.endpoint.endpoint_url = endpoint_url.value;
    }
    if (addressing_style.is_set() && o.endpoint.style == presign::addressing_style::automatic) {
      if (addressing_style.value == "virtual") {
        o.endpoint.style = presign::addressing_style::virtual_hosted;
      } else if (addressing_style.value == "path") {
        o.endpoint.style = presign::addressing_style::path;
      } else if (addressing_style.value != "auto") {
        return errc::invalid_option;
      }
    }
    const bool endpoint_given = !o.endpoint.endpoint_url.empty();
    if (!endpoint_given && is_true(use_fips_endpoint)) o.endpoint.fips = true;
    if (!endpoint_given && is_true(use_dualstack_endpoint)) o.endpoint.dualstack = true;
    if (is_true(use_accelerate_endpoint)) o.endpoint.accelerate = true;
    return errc::ok;
  }

  /// One line per setting that is set: "name = value (from SOURCE)", for `--debug`.
  [[nodiscard]] std::string describe() const {
    std::string out;
    const std::pair<std::string_view, const aws_setting*> all[] = {
        {"region", &region},
        {"endpoint_url", &endpoint_url},
        {"s3.addressing_style", &addressing_style},
        {"use_fips_endpoint", &use_fips_endpoint},
        {"use_dualstack_endpoint", &use_dualstack_endpoint},
        {"s3.use_accelerate_endpoint", &use_accelerate_endpoint},
        {"ignore_configured_endpoint_urls", &ignore_configured_endpoint_urls},
    };
    for (const auto& [name, s] : all) {
      if (!s->is_set()) continue;
      out.append(name).append(" = ").append(s->value).append(" (from ").append(s->source);
      out.append(")\n");
    }
    return out;
  }
};

namespace detail::aws_cfg {

// The sections one shared file contributes: the profile's, and (config file) the services
// sections by name.
struct file_sections {
  file_status status = file_status::missing;
  ini_error error{};
  ini_section profile;
  std::string profile_header;  // the header of the selected section, for sources
  std::list<std::pair<std::string, ini_section>> services;
};

inline void read_sections(const std::string& path, std::string_view profile, bool config_file,
                          file_sections& out) {
  std::string text;
  out.status = read_config_file(path, text);
  if (out.status != file_status::ok) return;
  out.error = parse_ini(text, [&](std::string_view header) -> ini_section* {
    const bool selected =
        config_file ? (config_profile_name(header) == profile ||
                       (header == "default" && profile == "default"))
                    : header == profile;
    if (selected) {
      out.profile_header = std::string{header};
      return &out.profile;
    }
    if (config_file) {
      if (const std::string_view name = config_section_name(header, "services"); !name.empty()) {
        out.services.emplace_back(std::piecewise_construct, std::forward_as_tuple(name),
                                  std::forward_as_tuple());
        return &out.services.back().second;
      }
    }
    return nullptr;
  });
  wipe_string(text);
}

// botocore's _parse_nested: the indented "key = value" lines of a `NAME =` block. false when a
// line has no '=' (botocore: ConfigParseError).
[[nodiscard]] inline bool parse_nested(std::string_view block,
                                       std::vector<std::pair<std::string, std::string>>& out) {
  out.clear();
  while (!block.empty()) {
    const std::size_t eol = block.find('\n');
    const std::string_view line = ini_trim(block.substr(0, eol));
    block.remove_prefix(eol == std::string_view::npos ? block.size() : eol + 1);
    if (line.empty()) continue;
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) return false;
    out.emplace_back(std::string{ini_trim(line.substr(0, eq))},
                     std::string{ini_trim(line.substr(eq + 1))});
  }
  return true;
}

[[nodiscard]] inline std::string from_file(const std::string& path, std::string_view header,
                                           std::string_view key) {
  return path + " [" + std::string{header} + "] " + std::string{key};
}

}  // namespace detail::aws_cfg

/// Reads the S3 settings of `paths.profile` from the environment and the shared files now
/// (see aws_s3_config for the rules). A missing file counts as empty. Allocates; not safe
/// against a concurrent setenv.
[[nodiscard]] inline aws_s3_config load_aws_s3_config(
    const aws_config_paths& paths = default_aws_config_paths()) {
  namespace ac = detail::aws_cfg;
  aws_s3_config cfg;
  const auto from_env = [](aws_setting& s, const char* name) {
    if (s.is_set()) return;
    if (const std::string_view v = detail::getenv_view(name); !v.empty()) {
      s = {std::string{v}, setting_origin::environment, name};
    }
  };
  ac::file_sections creds;
  ac::file_sections config;
  ac::read_sections(paths.credentials_file, paths.profile, false, creds);
  ac::read_sections(paths.config_file, paths.profile, true, config);
  cfg.diagnostic = "credentials file " + paths.credentials_file + " " +
                   std::string{detail::file_status_text(creds.status)} + ", config file " +
                   paths.config_file + " " + std::string{detail::file_status_text(config.status)} +
                   "; profile '" + paths.profile + "'";
  for (const auto* f : {&creds, &config}) {
    if (f->error.line != 0) {
      cfg.error = errc::invalid_option;
      cfg.diagnostic += "; " + std::string{f == &creds ? "credentials" : "config"} +
                        " file line " + std::to_string(f->error.line) + ": " +
                        std::string{f->error.reason};
      return cfg;
    }
  }
  // A key of the profile: the credentials file's section wins (botocore merges per key).
  const auto from_profile = [&](aws_setting& s, std::string_view key) {
    if (s.is_set()) return;
    if (const std::string* v = creds.profile.find(key); v != nullptr && !v->empty()) {
      s = {*v, setting_origin::credentials_file,
           ac::from_file(paths.credentials_file, creds.profile_header, key)};
    } else if (const std::string* c = config.profile.find(key); c != nullptr && !c->empty()) {
      s = {*c, setting_origin::config_file,
           ac::from_file(paths.config_file, config.profile_header, key)};
    }
  };
  // The profile's `s3 =` block (the whole block from one file, as botocore's dict update).
  std::vector<std::pair<std::string, std::string>> s3;
  std::string s3_source;
  setting_origin s3_origin = setting_origin::unset;
  {
    const std::string* block = creds.profile.find("s3");
    s3_origin = setting_origin::credentials_file;
    s3_source = ac::from_file(paths.credentials_file, creds.profile_header, "s3.");
    if (block == nullptr) {
      block = config.profile.find("s3");
      s3_origin = setting_origin::config_file;
      s3_source = ac::from_file(paths.config_file, config.profile_header, "s3.");
    }
    if (block != nullptr && !ac::parse_nested(*block, s3)) {
      cfg.error = errc::invalid_option;
      cfg.diagnostic += "; the profile's s3 settings have a line without '='";
      return cfg;
    }
  }
  const auto from_s3 = [&](aws_setting& s, std::string_view key) {
    if (s.is_set()) return;
    for (const auto& [k, v] : s3) {
      if (k == key && !v.empty()) s = {v, s3_origin, s3_source + std::string{key}};
    }
  };

  from_env(cfg.region, "AWS_DEFAULT_REGION");
  from_env(cfg.region, "AWS_REGION");
  from_profile(cfg.region, "region");

  from_env(cfg.ignore_configured_endpoint_urls, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  from_profile(cfg.ignore_configured_endpoint_urls, "ignore_configured_endpoint_urls");
  if (!aws_s3_config::is_true(cfg.ignore_configured_endpoint_urls)) {
    from_env(cfg.endpoint_url, "AWS_ENDPOINT_URL_S3");
    from_env(cfg.endpoint_url, "AWS_ENDPOINT_URL");
    aws_setting services;
    from_profile(services, "services");
    if (services.is_set() && !cfg.endpoint_url.is_set()) {
      const detail::ini_section* section = nullptr;
      for (const auto& [name, sec] : config.services) {
        if (name == services.value) section = &sec;
      }
      if (section == nullptr) {
        cfg.error = errc::invalid_option;
        cfg.diagnostic += "; the profile names services section '" + services.value +
                          "', which the config file does not have";
        return cfg;
      }
      std::vector<std::pair<std::string, std::string>> service_s3;
      if (const std::string* block = section->find("s3"); block != nullptr) {
        if (!ac::parse_nested(*block, service_s3)) {
          cfg.error = errc::invalid_option;
          cfg.diagnostic += "; services section '" + services.value + "': a line without '='";
          return cfg;
        }
      }
      for (const auto& [k, v] : service_s3) {
        if (k == "endpoint_url" && !v.empty()) {
          cfg.endpoint_url = {v, setting_origin::config_file,
                              ac::from_file(paths.config_file, "services " + services.value,
                                            "s3.endpoint_url")};
        }
      }
    }
    from_profile(cfg.endpoint_url, "endpoint_url");
  }
  for (const auto& kv : s3) {
    if (kv.first == "endpoint_url") {
      cfg.diagnostic += "; " + s3_source +
                        "endpoint_url is not read (as in aws-cli: use endpoint_url in the "
                        "profile or in a services section)";
    }
  }

  from_s3(cfg.addressing_style, "addressing_style");
  from_env(cfg.use_fips_endpoint, "AWS_USE_FIPS_ENDPOINT");
  from_profile(cfg.use_fips_endpoint, "use_fips_endpoint");
  // The s3 block's dual-stack switch counts only when true (botocore's _is_s3_dualstack_mode).
  from_s3(cfg.use_dualstack_endpoint, "use_dualstack_endpoint");
  if (!aws_s3_config::is_true(cfg.use_dualstack_endpoint)) cfg.use_dualstack_endpoint = {};
  from_env(cfg.use_dualstack_endpoint, "AWS_USE_DUALSTACK_ENDPOINT");
  from_profile(cfg.use_dualstack_endpoint, "use_dualstack_endpoint");
  from_s3(cfg.use_accelerate_endpoint, "use_accelerate_endpoint");
  if (cfg.addressing_style.is_set() && cfg.addressing_style.value != "auto" &&
      cfg.addressing_style.value != "virtual" && cfg.addressing_style.value != "path") {
    cfg.error = errc::invalid_option;
    cfg.diagnostic += "; " + cfg.addressing_style.source + " must be auto, virtual or path";
  }
  return cfg;
}

}  // namespace presign::inline v0
