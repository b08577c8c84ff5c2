// SPDX-License-Identifier: MIT
// presign: where an S3 request goes: scheme, the host to sign and put in the URL, and the path.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "presign/detail/slice.hpp"
#include "presign/config.hpp"
#include "presign/detail/fixed_string.hpp"
#include "presign/error.hpp"
#include "presign/validate.hpp"

namespace presign::inline v0 {

/// How the bucket is addressed, as botocore and the AWS S3 endpoint rules decide it.
/// - automatic: on AWS hosts, virtual-hosted (`BUCKET.host/KEY`) when the bucket can be a
///   host name there (no dots: the TLS wildcard certificate `*.s3.REGION.amazonaws.com`
///   covers one label), else path style (`host/BUCKET/KEY`). With a custom endpoint_url,
///   path style, as botocore and aws-cli do: MinIO, Ceph and most S3-compatible servers have
///   no wildcard DNS for `BUCKET.host`.
/// - virtual_hosted: `BUCKET.host/KEY` where the bucket can be virtual-hosted, else path
///   style, as the endpoint rules (aws.isVirtualHostableS3Bucket) fall back: an IP-address
///   endpoint, a dotted bucket over https, a dot-separated part of the bucket that is not a
///   host label (empty, or starting or ending with '-'). Over http a dotted bucket whose
///   parts are host labels is virtual-hosted. With endpoint_options::strict_addressing the
///   fallback is errc::invalid_option instead.
/// - path: always `host/BUCKET/KEY` (with accelerate, which has no path style:
///   errc::invalid_option, as the endpoint rules say; botocore silently ignores path style).
enum class addressing_style { automatic, virtual_hosted, path };

/// Where and how to reach S3. All members are views: they must outlive the call only.
struct endpoint_options {
  /// "" for AWS. Otherwise "http[s]://host[:port]" with at most a trailing "/": no userinfo,
  /// path, query or fragment; port 1..65535; host a DNS name (letters, digits, '-', '_'),
  /// a dotted-decimal IPv4 address or a bracketed IPv6 address. Scheme case-insensitive.
  /// Bad input: errc::invalid_endpoint.
  std::string_view endpoint_url{};
  /// Virtual-hosted or path style; see addressing_style.
  addressing_style style = addressing_style::automatic;
  /// Use the legacy global host `s3.amazonaws.com`. us-east-1 only, and not with a custom
  /// endpoint, host override, dualstack, FIPS or accelerate: else errc::invalid_option.
  bool use_global_endpoint = false;
  /// IPv4+IPv6 host `s3.dualstack.REGION.<suffix>`. Not with a custom endpoint or host
  /// override, nor in partitions without dual-stack S3 (ISO, EUSC): errc::invalid_option.
  bool dualstack = false;
  /// Transfer Acceleration `BUCKET.s3-accelerate[.dualstack].amazonaws.com`. Needs a bucket
  /// without dots, the aws partition (not China, GovCloud, ISO, EUSC), no FIPS, no path
  /// style, no custom endpoint or host override: else errc::invalid_option.
  bool accelerate = false;
  /// FIPS host `s3-fips[.dualstack].REGION.<suffix>`. Not in China, not with a custom
  /// endpoint or host override: errc::invalid_option.
  bool fips = false;
  /// true: virtual_hosted for a bucket that cannot be virtual-hosted there is
  /// errc::invalid_option instead of the SDKs' silent fallback to path style; for callers
  /// that must get exactly the URL shape they asked for.
  bool strict_addressing = false;
  /// "host[:port]" to put in the URL and sign instead of the resolved one: a proxy, or a
  /// CNAME custom domain whose name is the bucket. The path is "/KEY" (bucket implied by the
  /// host) unless style == path, then "/BUCKET/KEY". Scheme from endpoint_url, else https.
  /// Validated like an endpoint host: errc::invalid_endpoint.
  std::string_view host_override{};
};

/// The outcome of resolve_endpoint: the URL is
/// `scheme() + "://" + host + (bucket_in_path.empty() ? "" : "/" + bucket_in_path) + "/" + KEY`.
struct resolved_endpoint {
  bool https = true;  ///< the scheme
  /// The authority exactly as signed (the `host` header) and as written in the URL: lowercase
  /// host, IPv6 in canonical form, ":port" only when it is not the scheme's default (80/443).
  detail::fixed_string<384> host;
  /// "" for virtual-hosted; else the bucket (a view of the caller's bucket argument).
  std::string_view bucket_in_path{};
  /// "https" or "http". constexpr, noexcept.
  [[nodiscard]] constexpr std::string_view scheme() const noexcept {
    return https ? "https" : "http";
  }
};

// Helpers live in their own namespace so they cannot collide with other headers' detail
// helpers in the single-header build.
namespace detail::endpoint {

[[nodiscard]] constexpr char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
[[nodiscard]] constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
[[nodiscard]] constexpr bool is_alpha(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
[[nodiscard]] constexpr int hex_value(char c) noexcept {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
[[nodiscard]] constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

/// Strict dotted-decimal IPv4 (RFC 3986 §3.2.2 dec-octet): four parts 0..255, no leading
/// zeros, no other forms (the inet_aton "0x7f.1" family is refused, not reinterpreted).
[[nodiscard]] constexpr bool parse_ipv4(std::string_view s,
                                        std::array<std::uint8_t, 4>& out) noexcept {
  std::size_t part = 0;
  std::size_t i = 0;
  while (true) {
    if (part == 4 || i == s.size() || !is_digit(s[i])) return false;
    unsigned value = 0;
    const std::size_t start = i;
    while (i < s.size() && is_digit(s[i])) {
      if (i - start == 3) return false;
      value = value * 10 + static_cast<unsigned>(s[i] - '0');
      ++i;
    }
    if ((s[start] == '0' && i - start > 1) || value > 255) return false;
    out[part++] = static_cast<std::uint8_t>(value);
    if (i == s.size()) return part == 4;
    if (s[i] != '.') return false;
    ++i;
  }
}

/// RFC 4291 §2.2 text form (hex groups, one "::", optional dotted IPv4 tail) into 8 groups.
/// Zone identifiers ("%25eth0") are refused: they mean nothing to a remote server.
[[nodiscard]] constexpr bool parse_ipv6(std::string_view s,
                                        std::array<std::uint16_t, 8>& out) noexcept {
  out = {};
  std::size_t n = 0;        // groups parsed
  bool compressed = false;  // a "::" was seen
  std::size_t gap = 0;      // the index in `out` where it stands
  std::size_t i = 0;
  if (s.starts_with("::")) {
    compressed = true;
    i = 2;
  }
  while (i < s.size()) {
    if (n == 8) return false;
    std::size_t j = i;
    unsigned value = 0;
    while (j < s.size() && hex_value(s[j]) >= 0 && j - i < 5) {
      value = value * 16 + static_cast<unsigned>(hex_value(s[j]));
      ++j;
    }
    if (j < s.size() && s[j] == '.') {  // the last 32 bits as dotted IPv4 (RFC 4291 §2.2.3)
      std::array<std::uint8_t, 4> v4{};
      if (n > 6 || !parse_ipv4(detail::slice(s, i), v4)) return false;
      out[n++] = static_cast<std::uint16_t>(v4[0] << 8 | v4[1]);
      out[n++] = static_cast<std::uint16_t>(v4[2] << 8 | v4[3]);
      i = s.size();
      break;
    }
    if (j == i || j - i > 4) return false;
    out[n++] = static_cast<std::uint16_t>(value);
    i = j;
    if (i == s.size()) break;
    if (s[i] != ':' || i + 1 == s.size()) return false;  // a lone trailing ':' is malformed
    ++i;
    if (s[i] == ':') {
      if (compressed) return false;  // at most one "::"
      compressed = true;
      gap = n;
      ++i;
    }
  }
  if (!compressed) return n == 8;
  if (n == 8) return false;  // "::" stands for at least one zero group
  // Move the groups after the gap to the end; the gap stays zero.
  const std::size_t tail = n - gap;
  for (std::size_t k = 0; k < tail; ++k) {
    out[7 - k] = out[n - 1 - k];
    out[n - 1 - k] = 0;
  }
  return true;
}

/// Writes `[addr]` in the canonical form of RFC 5952 §4 (lowercase, no leading zeros, the
/// longest run of two or more zero groups, first on a tie, as "::"), printing the last 32 bits
/// in hex too, as the WHATWG URL serializer does: browsers send that form in the Host header,
/// so it is the one that must be signed.
[[nodiscard]] constexpr bool append_ipv6(fixed_string<384>& out,
                                         const std::array<std::uint16_t, 8>& g) noexcept {
  std::size_t best = 8;
  std::size_t best_len = 1;
  for (std::size_t i = 0; i < 8;) {
    if (g[i] != 0) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < 8 && g[j] == 0) ++j;
    if (j - i > best_len) {
      best = i;
      best_len = j - i;
    }
    i = j;
  }
  bool ok = out.push_back('[');
  for (std::size_t i = 0; i < 8; ++i) {
    if (i == best) {
      ok = ok && out.append("::");
      i += best_len - 1;
      continue;
    }
    if (i != 0 && i != best + best_len) ok = ok && out.push_back(':');
    bool leading = true;
    for (int shift = 12; shift >= 0; shift -= 4) {
      const unsigned nibble = (static_cast<unsigned>(g[i]) >> shift) & 0xFu;
      if (leading && nibble == 0 && shift != 0) continue;
      leading = false;
      ok = ok && out.push_back("0123456789abcdef"[nibble]);
    }
  }
  return ok && out.push_back(']');
}

/// A host name: labels of letters, digits, '-' and '_' (underscores are not RFC 1123 but are
/// common for container and service names), 1..63 each, not starting or ending with '-',
/// 1..253 in all, no trailing dot. A name whose last label is all digits is refused: URL
/// parsers read it as an IPv4 address (WHATWG "ends in a number"), so it is a malformed one.
[[nodiscard]] constexpr bool is_host_name(std::string_view s) noexcept {
  if (s.empty() || s.size() > 253) return false;
  std::size_t label_start = 0;
  bool all_digits = true;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '.') {
      const std::size_t len = i - label_start;
      if (len == 0 || len > 63 || s[label_start] == '-' || s[i - 1] == '-') return false;
      if (i == s.size() && all_digits) return false;
      label_start = i + 1;
      all_digits = true;
      continue;
    }
    const char c = s[i];
    if (!is_alpha(c) && !is_digit(c) && c != '-' && c != '_') return false;
    if (!is_digit(c)) all_digits = false;
  }
  return true;
}

/// Parses and canonicalises "host[:port]" for the given scheme into `text` (canonical host,
/// then ":port" if not the scheme's default), and says whether the host is an IPv4 or IPv6
/// literal. errc::invalid_endpoint on an empty host, userinfo, a malformed host or IP
/// literal, or a port outside 1..65535.
[[nodiscard]] constexpr errc parse_authority(std::string_view a, bool https,
                                             fixed_string<384>& text, bool& is_ip) noexcept {
  text.clear();
  is_ip = false;
  if (a.empty() || a.find('@') != std::string_view::npos) return errc::invalid_endpoint;
  std::string_view host = a;
  std::string_view port;
  bool has_port = false;
  if (a.front() == '[') {
    const std::size_t close = a.find(']');
    if (close == std::string_view::npos) return errc::invalid_endpoint;
    host = detail::slice(a, 1, close - 1);
    const std::string_view rest = detail::slice(a, close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return errc::invalid_endpoint;
      port = detail::slice(rest, 1);
      has_port = true;
    }
    std::array<std::uint16_t, 8> groups{};
    if (!parse_ipv6(host, groups) || !append_ipv6(text, groups)) return errc::invalid_endpoint;
    is_ip = true;
  } else {
    const std::size_t colon = a.find(':');
    if (colon != std::string_view::npos) {
      host = detail::slice(a, 0, colon);
      port = detail::slice(a, colon + 1);
      has_port = true;
    }
    std::array<std::uint8_t, 4> v4{};
    is_ip = parse_ipv4(host, v4);
    if (!is_ip && !is_host_name(host)) return errc::invalid_endpoint;
    for (char c : host) {
      if (!text.push_back(ascii_lower(c))) return errc::invalid_endpoint;
    }
  }
  if (has_port) {
    if (port.empty()) return errc::invalid_endpoint;
    unsigned value = 0;
    for (char c : port) {
      if (!is_digit(c)) return errc::invalid_endpoint;
      value = value * 10 + static_cast<unsigned>(c - '0');
      if (value > 65535) return errc::invalid_endpoint;
    }
    if (value == 0) return errc::invalid_endpoint;
    // The default port is left out of the URL and of the signed host alike. A client sends
    // Host as the URL's authority (RFC 9110 §7.2), but WHATWG URL parsers (browsers) drop a
    // default port first, so a signed ":443" would not match what they send.
    if (value != (https ? 443u : 80u)) {
      char digits[5] = {};
      std::size_t n = 0;
      for (; value != 0; value /= 10) digits[n++] = static_cast<char>('0' + value % 10);
      if (!text.push_back(':')) return errc::invalid_endpoint;
      while (n != 0) {
        if (!text.push_back(digits[--n])) return errc::invalid_endpoint;
      }
    }
  }
  return errc::ok;
}

/// Splits "http[s]://authority[/]" into scheme and authority; errc::invalid_endpoint on any
/// other scheme, a missing "://", or a path, query or fragment.
[[nodiscard]] constexpr errc parse_endpoint_url(std::string_view url, bool& https,
                                                std::string_view& authority_text) noexcept {
  const std::size_t sep = url.find("://");
  if (sep == std::string_view::npos) return errc::invalid_endpoint;
  const std::string_view scheme = detail::slice(url, 0, sep);
  if (iequals(scheme, "https")) {
    https = true;
  } else if (iequals(scheme, "http")) {
    https = false;
  } else {
    return errc::invalid_endpoint;
  }
  const std::string_view rest = detail::slice(url, sep + 3);
  const std::size_t end = rest.find_first_of("/?#");
  authority_text = detail::slice(rest, 0, end);
  if (end != std::string_view::npos && detail::slice(rest, end) != "/") return errc::invalid_endpoint;
  return errc::ok;
}

/// The facts about an AWS partition that decide S3 host names (from the AWS SDKs'
/// partitions.json and the S3 endpoint rules).
struct partition {
  std::string_view dns_suffix;
  bool supports_dualstack = true;
  bool supports_fips = true;         // the S3 rules refuse FIPS in aws-cn
  bool supports_accelerate = false;  // Transfer Acceleration exists in the aws partition only
};

/// The partition of `region`, by the prefixes of the partitions' regionRegex; any other
/// region is taken to be in the aws partition, as the AWS SDKs do.
[[nodiscard]] constexpr partition partition_of(std::string_view region) noexcept {
  if (region.starts_with("cn-")) return {"amazonaws.com.cn", true, false, false};
  if (region.starts_with("us-gov-")) return {"amazonaws.com", true, true, false};
  if (region.starts_with("us-iso-")) return {"c2s.ic.gov", false, true, false};
  if (region.starts_with("us-isob-")) return {"sc2s.sgov.gov", false, true, false};
  if (region.starts_with("us-isof-")) return {"csp.hci.ic.gov", false, true, false};
  if (region.starts_with("eu-isoe-")) return {"cloud.adc-e.uk", false, true, false};
  if (region.starts_with("eusc-")) return {"amazonaws.eu", false, true, false};
  return {"amazonaws.com", true, true, true};
}

/// Can `bucket` be the leading labels of a host name under this scheme? The endpoint rules'
/// aws.isVirtualHostableS3Bucket: over https no dots at all (the TLS wildcard covers one
/// label; allowSubDomains false); over http every dot-separated part a host label (1..63
/// characters, not starting or ending with '-'). The bucket is already validated (3..63
/// characters, lowercase, not an IPv4 address).
[[nodiscard]] constexpr bool bucket_is_host_label_safe(std::string_view bucket,
                                                       bool https) noexcept {
  if (bucket.find('.') == std::string_view::npos) return true;  // validated: a valid label
  if (https) return false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= bucket.size(); ++i) {
    if (i != bucket.size() && bucket[i] != '.') continue;
    const std::string_view label = detail::slice(bucket, start, i - start);
    if (label.empty() || label.front() == '-' || label.back() == '-') return false;
    start = i + 1;
  }
  return true;
}

}  // namespace detail::endpoint

namespace detail {

/// resolve_endpoint's body, resolving into `out` (the caller's storage: one host buffer in
/// all, no result copied back). Same contract and errors; `out` is unspecified on error.
[[nodiscard]] constexpr errc resolve_endpoint_into(std::string_view bucket, std::string_view region,
                                                   const endpoint_options& options,
                                                   resolved_endpoint& out) noexcept {
  namespace ep = detail::endpoint;
  if (const errc e = validate_bucket_name(bucket); e != errc::ok) return e;
  if (const errc e = validate_region(region); e != errc::ok) return e;

  out.https = true;
  out.host.clear();
  out.bucket_in_path = {};
  const bool custom = !options.endpoint_url.empty();
  const bool overridden = !options.host_override.empty();
  // out.host holds the endpoint's authority (custom), then the override's (overridden).
  bool is_ip = false;
  if (custom) {
    std::string_view text;
    if (const errc e = ep::parse_endpoint_url(options.endpoint_url, out.https, text);
        e != errc::ok) {
      return e;
    }
    if (const errc e = ep::parse_authority(text, out.https, out.host, is_ip); e != errc::ok) {
      return e;
    }
  }
  if (overridden) {
    bool override_is_ip = false;
    if (const errc e = ep::parse_authority(options.host_override, out.https, out.host,
                                           override_is_ip);
        e != errc::ok) {
      return e;
    }
  }

  // Option combinations that name two different hosts, or a host that does not exist.
  const ep::partition part = ep::partition_of(region);
  // Path style asked for, or implied: botocore and aws-cli address a custom endpoint path
  // style unless virtual_hosted is asked for.
  const bool path_style = options.style == addressing_style::path ||
                          (custom && options.style == addressing_style::automatic);
  const bool own_host = custom || overridden;
  if (options.use_global_endpoint && (region != "us-east-1" || own_host || options.dualstack ||
                                      options.fips || options.accelerate)) {
    return errc::invalid_option;
  }
  if (own_host && (options.dualstack || options.fips || options.accelerate)) {
    return errc::invalid_option;
  }
  if (options.accelerate && (path_style || options.fips || !part.supports_accelerate ||
                             bucket.find('.') != std::string_view::npos)) {
    return errc::invalid_option;  // S3 User Guide, "Transfer Acceleration": no dots in the name
  }
  if ((options.fips && !own_host && !part.supports_fips) ||
      (options.dualstack && !own_host && !part.supports_dualstack)) {
    return errc::invalid_option;
  }

  if (overridden) {
    // The override names the bucket's own host unless path style is asked for explicitly
    // (the custom-endpoint default does not apply: the scheme is all it takes from there).
    if (options.style == addressing_style::path) out.bucket_in_path = bucket;
    return errc::ok;
  }

  // The service host, without the bucket (a custom endpoint's is in out.host already).
  if (!custom) {
    // The region becomes a host label here (the rules' isValidHostLabel(Region)); SDK
    // pseudo-regions such as "aws-global" are configuration names, never signing regions.
    if (region.front() == '-' || region.back() == '-' || region.ends_with("-global")) {
      return errc::invalid_region;
    }
    bool ok = true;
    if (options.accelerate) {
      ok = out.host.append(options.dualstack ? "s3-accelerate.dualstack." : "s3-accelerate.");
    } else if (options.use_global_endpoint) {
      ok = out.host.append("s3.");
    } else {
      ok = out.host.append(options.fips ? "s3-fips." : "s3.") &&
           (!options.dualstack || out.host.append("dualstack.")) && out.host.append(region) &&
           out.host.push_back('.');
    }
    if (!ok || !out.host.append(part.dns_suffix)) return errc::invalid_endpoint;
  }

  bool virtual_host = false;
  if (!path_style) {
    const bool possible = !is_ip && ep::bucket_is_host_label_safe(bucket, out.https);
    if (!possible && options.strict_addressing &&
        options.style == addressing_style::virtual_hosted) {
      return errc::invalid_option;
    }
    virtual_host = possible;
  }
  if (virtual_host) {
    if (!out.host.prepend(bucket, '.')) {
      return errc::invalid_endpoint;  // cannot happen: 63 + 1 + 253 + 6 < 384
    }
  } else {
    out.bucket_in_path = bucket;
  }
  return errc::ok;
}

}  // namespace detail

/// Resolves where a request for `bucket` in `region` goes: scheme, host (as signed and as put
/// in the URL) and whether the bucket is in the path. Validates the bucket
/// (errc::invalid_bucket_name) and region (errc::invalid_region; for AWS hosts also a leading
/// or trailing '-' and SDK pseudo-regions like "aws-global"), the endpoint URL and host
/// override (errc::invalid_endpoint) and the option combination (errc::invalid_option).
/// AWS hosts are always regional (`BUCKET.s3.REGION.amazonaws.com`, us-east-1 included)
/// unless use_global_endpoint: a global host outside us-east-1 answers 307 redirects, which
/// break presigned PUTs and CORS.
/// constexpr, noexcept, no allocation, thread-safe (pure). The result's bucket_in_path views
/// `bucket`.
[[nodiscard]] constexpr result<resolved_endpoint> resolve_endpoint(
    std::string_view bucket, std::string_view region, const endpoint_options& options) noexcept {
  resolved_endpoint out;
  if (const errc e = detail::resolve_endpoint_into(bucket, region, options, out); e != errc::ok)
    return e;
  return out;
}

}  // namespace presign::inline v0
