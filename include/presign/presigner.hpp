// SPDX-License-Identifier: MIT
// presign: the S3 presigner. basic_presigner<Credentials, Clock> validates a request, resolves
// the endpoint, signs it (SigV4 query authentication, UNSIGNED-PAYLOAD) and writes the URL into
// the caller's buffer, with the headers the caller must send and the absolute expiry.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>

#include "presign/detail/slice.hpp"
#include "presign/clock.hpp"
#include "presign/credentials.hpp"
#include "presign/detail/fixed_string.hpp"
#include "presign/detail/guarded_call.hpp"
#include "presign/detail/signing_key_cache.hpp"
#include "presign/error.hpp"
#include "presign/s3_endpoint.hpp"
#include "presign/sigv4.hpp"
#include "presign/uri_encode.hpp"
#include "presign/validate.hpp"

namespace presign::inline v0 {

/// A header of a request to presign. By default it becomes a signed header the client must
/// send. `hoist = true` asks to move an `x-amz-*` header into the query instead (so the client
/// need not send it), which is only done for headers S3 honours in the query: SSE, tagging,
/// ACL/grants, storage class, metadata, object lock, checksums, website redirect stay signed
/// headers whatever `hoist` says, since S3 ignores them in a query string. Hoisted or not, a
/// header is checked alike (errc::invalid_header): a token name, not Host nor an X-Amz-* name
/// query authentication writes, a value without control characters but HTAB, no name twice.
struct request_header {
  std::string_view name{};
  std::string_view value{};
  bool hoist = false;
};

/// Whether a header may be hoisted into the query (see request_header). constexpr.
[[nodiscard]] constexpr bool is_hoistable_header(std::string_view name) noexcept {
  if (name.size() < 6 || !detail::iequals(detail::slice(name, 0, 6), "x-amz-")) return false;
  constexpr std::array<std::string_view, 5> kept_prefixes = {
      "x-amz-server-side-encryption", "x-amz-meta-", "x-amz-grant-", "x-amz-object-lock-",
      "x-amz-checksum-"};
  constexpr std::array<std::string_view, 4> kept = {"x-amz-acl", "x-amz-tagging",
                                                    "x-amz-storage-class",
                                                    "x-amz-website-redirect-location"};
  for (std::string_view p : kept_prefixes) {
    if (name.size() >= p.size() && detail::iequals(detail::slice(name, 0, p.size()), p)) return false;
  }
  for (std::string_view k : kept) {
    if (detail::iequals(name, k)) return false;
  }
  return true;
}

/// What to do when the credentials expire before the URL would.
enum class credential_expiry_policy {
  refuse,  ///< errc::credentials_expire_too_soon (default: a URL must not die early unnoticed)
  clamp,   ///< shorten X-Amz-Expires to the credentials' remaining lifetime
};

/// How a presigner is set up. Strings are copied into the presigner.
struct presigner_options {
  std::string_view region{};  ///< required unless every request names one
  endpoint_options endpoint{};
  /// Raise only for S3-compatible servers; at most max_expiry_limit (ten years), else every
  /// presign fails with errc::invalid_option.
  std::int64_t max_expiry = default_max_expiry;
  credential_expiry_policy credential_expiry = credential_expiry_policy::refuse;
};

/// One request to presign. All views must outlive the call only.
struct presign_request {
  std::string_view method = "GET";
  std::string_view bucket{};
  /// Raw UTF-8 bytes, used verbatim: a leading '/', "//", "." and ".." are kept, nothing is
  /// normalised. 1..1024 bytes (errc::invalid_key).
  std::string_view key{};
  /// A request on the bucket itself (ListObjectsV2, ...): the key must then be empty.
  bool bucket_operation = false;
  std::string_view version_id{};  ///< adds versionId=...
  std::span<const query_param> query{};  ///< e.g. response-content-type, partNumber, uploads
  std::span<const request_header> headers{};
  std::int64_t expires_in = 3600;  ///< seconds, 1..max_expiry
  std::string_view region{};       ///< overrides the presigner's region when not empty
};

/// The headers the client must send with a presigned URL (a view of the request's headers
/// without the hoisted ones; Host is not listed: HTTP clients send it from the URL).
class headers_to_send {
 public:
  constexpr headers_to_send() noexcept = default;
  constexpr headers_to_send(std::span<const request_header> all, std::uint64_t hoisted) noexcept
      : all_(all), hoisted_(hoisted) {}

  class iterator {
   public:
    constexpr iterator(const headers_to_send* owner, std::size_t i) noexcept
        : owner_(owner), i_(i) {
      skip();
    }
    constexpr http_header operator*() const noexcept {
      return {owner_->all_[i_].name, owner_->all_[i_].value};
    }
    constexpr iterator& operator++() noexcept {
      ++i_;
      skip();
      return *this;
    }
    constexpr bool operator==(const iterator& o) const noexcept { return i_ == o.i_; }

   private:
    constexpr void skip() noexcept {
      while (i_ < owner_->all_.size() && ((owner_->hoisted_ >> i_) & 1u) != 0) ++i_;
    }
    const headers_to_send* owner_;
    std::size_t i_;
  };
  [[nodiscard]] constexpr iterator begin() const noexcept { return {this, 0}; }
  [[nodiscard]] constexpr iterator end() const noexcept { return {this, all_.size()}; }
  [[nodiscard]] constexpr std::size_t size() const noexcept {
    std::size_t n = 0;
    for (std::size_t i = 0; i < all_.size(); ++i) n += ((hoisted_ >> i) & 1u) == 0 ? 1u : 0u;
    return n;
  }
  [[nodiscard]] constexpr bool empty() const noexcept { return size() == 0; }

 private:
  std::span<const request_header> all_{};
  std::uint64_t hoisted_ = 0;
};

/// A presigned request. `url` views the caller's buffer; `headers` views the request's headers.
struct presigned_request {
  std::string_view url{};
  std::string_view method{};
  headers_to_send headers{};
  std::int64_t signed_at = 0;   ///< unix seconds (X-Amz-Date)
  std::int64_t expires_at = 0;  ///< unix seconds: signed_at + X-Amz-Expires
  std::string_view canonical_request{};  ///< set when debug buffers were given and large enough
  std::string_view string_to_sign{};
};

namespace detail {

/// presigner_options with its strings copied in, so a signer owns what it keeps (shared by
/// basic_presigner and basic_post_signer). An over-long string makes ok() false: every call
/// then fails with errc::invalid_endpoint instead of using a truncated value.
class owned_presigner_options {
 public:
  constexpr explicit owned_presigner_options(const presigner_options& options) noexcept
      : options_(options) {
    ok_ = region_.append(options.region) && endpoint_url_.append(options.endpoint.endpoint_url) &&
          host_override_.append(options.endpoint.host_override);
    options_.region = {};
    options_.endpoint.endpoint_url = {};
    options_.endpoint.host_override = {};
  }
  // The views point into this object: a copy must re-point them, which endpoint() does on
  // every call, so the defaults are right.

  [[nodiscard]] constexpr bool ok() const noexcept { return ok_; }
  [[nodiscard]] constexpr std::string_view region() const noexcept { return region_.view(); }
  [[nodiscard]] constexpr std::string_view host_override() const noexcept {
    return host_override_.view();
  }
  /// The endpoint options, viewing this object's copies.
  [[nodiscard]] constexpr endpoint_options endpoint() const noexcept {
    endpoint_options e = options_.endpoint;
    e.endpoint_url = endpoint_url_.view();
    e.host_override = host_override_.view();
    return e;
  }
  [[nodiscard]] constexpr std::int64_t max_expiry() const noexcept { return options_.max_expiry; }
  [[nodiscard]] constexpr credential_expiry_policy credential_expiry() const noexcept {
    return options_.credential_expiry;
  }

 private:
  presigner_options options_;
  fixed_string<64> region_;
  fixed_string<512> endpoint_url_;
  fixed_string<512> host_override_;
  bool ok_ = true;
};

/// The expiry to sign given credentials that stop working at `expiration`: `expires_in`, or
/// refused / clamped (by `policy`) when the credentials expire first. Never overflows: the
/// remaining lifetime is computed unsigned once it is known to be positive (an expiration far
/// in the future with a clock before the epoch does not fit an int64 difference).
[[nodiscard]] constexpr result<std::int64_t> expiry_within_credentials(
    std::int64_t expiration, std::int64_t now, std::int64_t expires_in,
    credential_expiry_policy policy) noexcept {
  if (expiration == no_expiration) return expires_in;
  if (expiration <= now) return errc::credentials_expire_too_soon;
  const std::uint64_t remaining =
      static_cast<std::uint64_t>(expiration) - static_cast<std::uint64_t>(now);
  if (remaining >= static_cast<std::uint64_t>(expires_in)) return expires_in;
  if (policy == credential_expiry_policy::refuse) return errc::credentials_expire_too_soon;
  return static_cast<std::int64_t>(remaining);  // < expires_in: fits
}

/// The one check of a request's headers, hoisted or signed alike (a hoisted header is still a
/// header: S3 reads it from the query as one). Each name is an RFC 9110 token, neither Host
/// (ours, from the URL) nor a name SigV4 query authentication writes itself (X-Amz-Date, ...:
/// hoisted it would duplicate our parameter, sent it would contradict it); each value passes
/// validate_header_value; no name appears twice, case-insensitively, across hoisted and
/// signed (S3 would see two values for one header). Returns errc::ok or errc::invalid_header.
/// O(n^2) name compares: n is a handful (at most max_request_headers), so cheaper than
/// sorting. constexpr, noexcept, no allocation.
[[nodiscard]] constexpr errc validate_request_headers(
    std::span<const request_header> headers) noexcept {
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const std::string_view name = headers[i].name;
    if (validate_header_name(name) != errc::ok ||
        validate_header_value(headers[i].value) != errc::ok || iequals(name, "host") ||
        is_reserved_query_name(name))
      return errc::invalid_header;
    for (std::size_t j = 0; j < i; ++j) {
      if (iequals(headers[j].name, name)) return errc::invalid_header;
    }
  }
  return errc::ok;
}

}  // namespace detail

/// The most request headers (signed plus hoisted) one request may carry.
inline constexpr std::size_t max_request_headers = 64;

/// Presigns S3 requests with credentials from `Credentials` and time from `Clock`.
///
/// Thread-safety: presign() is const and may be called from many threads at once on one
/// presigner (its signing-key cache is lock-free for readers) provided the Credentials and
/// Clock policies are thread-safe, as presign's own are. constexpr with static_credentials and
/// fixed_clock (the cache is bypassed in constant evaluation). No heap allocation.
template <credentials_source Credentials, clock_source Clock = system_clock>
class basic_presigner {
 public:
  constexpr basic_presigner(Credentials credentials, Clock clock,
                            const presigner_options& options) noexcept
      : credentials_(std::move(credentials)), clock_(std::move(clock)), config_(options) {
    if constexpr (std::is_same_v<Credentials, static_credentials>) {
      static_view_ = credentials_.get();
      if (static_view_) {
        static_secret_fingerprint_.add(static_view_->secret_access_key);
        // The access key id as the credential scope writes it, encoded once.
        const std::string_view id = static_view_->access_key_id;
        if (id.size() <= max_access_key_id_size) {
          bool ok = true;
          for (char c : id) {
            const std::string_view one(&c, 1);
            std::array<char, 3> e{};
            const auto n = uri_encode(one, e, uri_encode_mode::encode_slash);
            ok = ok && n && static_encoded_id_.append(std::string_view(e.data(), *n));
          }
          static_id_ready_ = ok;
        }
      }
    }
    // Copy the strings so the presigner owns what it keeps. An over-long value is kept
    // truncated-never: the flag makes every presign fail with the right error instead.
    plan_fast_endpoint();
  }

  /// Presigns `request` into `out`. Errors: every validation error of the request (bucket,
  /// key, region, method, expiry, query, headers, endpoint, options), the credentials source's
  /// error, credentials_expire_too_soon, invalid_time, buffer_too_small (required_size() says
  /// how much). `debug` optionally receives the canonical request and string to sign.
  [[nodiscard]] constexpr result<presigned_request> presign(
      const presign_request& request, std::span<char> out,
      const sigv4_debug_buffers& debug = {}) const noexcept {
    if (!config_.ok()) return errc::invalid_endpoint;
    if (config_.max_expiry() > max_expiry_limit) return errc::invalid_option;
    const std::string_view region = request.region.empty() ? config_.region() : request.region;
    if (region.empty()) return errc::invalid_region;
    if (request.bucket_operation ? !request.key.empty() : validate_key(request.key) != errc::ok)
      return errc::invalid_key;
    if (request.expires_in < 1 || request.expires_in > config_.max_expiry())
      return errc::invalid_expiry;

    // The common case needs no endpoint resolution: a bucket without dots in the presigner's
    // own region goes to BUCKET + "." + the service host worked out at construction, which is
    // what resolve_endpoint would say (see plan_fast_endpoint).
    if (fast_endpoint_ && (request.region.empty() || request.region == config_.region())) {
      // The name is validated once per bucket at run time (known_bucket_), every time in
      // constant evaluation.
      if (std::is_constant_evaluated() || !known_bucket_.contains(request.bucket)) {
        if (const errc e = validate_bucket_name(request.bucket); e != errc::ok) return e;
        if (!std::is_constant_evaluated()) known_bucket_.remember(request.bucket);
      }
      if (request.bucket.find('.') == std::string_view::npos) {
        const std::array<std::string_view, 3> host{request.bucket, ".", fast_host_suffix_.view()};
        return sign(request, region, fast_https_, host, {}, out, debug);
      }
    }
    return presign_resolved(request, region, out, debug);
  }

  [[nodiscard]] constexpr const Credentials& credentials() const noexcept { return credentials_; }
  [[nodiscard]] constexpr const Clock& clock() const noexcept { return clock_; }
  [[nodiscard]] constexpr std::string_view region() const noexcept { return config_.region(); }

 private:
  // presign() for a request whose endpoint must be resolved. A function of its own (never
  // inlined), so that the resolved endpoint (400 bytes) is not in the frame of the common
  // case's presign(): on a microcontroller the stack is the scarce resource.
  [[gnu::noinline]] constexpr result<presigned_request> presign_resolved(
      const presign_request& request, std::string_view region, std::span<char> out,
      const sigv4_debug_buffers& debug) const noexcept {
    resolved_endpoint endpoint;
    if (const errc e = detail::resolve_endpoint_into(request.bucket, region, config_.endpoint(),
                                                     endpoint);
        e != errc::ok)
      return e;
    const std::array<std::string_view, 1> host{endpoint.host.view()};
    return sign(request, region, endpoint.https, host, endpoint.bucket_in_path, out, debug);
  }

  // Works out once whether requests in the presigner's region can skip resolve_endpoint: two
  // probe buckets without dots must both resolve virtual-hosted to "<bucket>." + the same
  // service host. Such a request's host then depends on the bucket only through that prefix
  // (resolve_endpoint looks at the bucket's dots, and validates it, which presign() still
  // does). Custom hosts, path style and IP endpoints fail the probe and keep the full path.
  constexpr void plan_fast_endpoint() noexcept {
    if (!config_.ok() || config_.region().empty() || !config_.host_override().empty()) return;
    const endpoint_options eopts = config_.endpoint();
    const auto a = resolve_endpoint("aaa", config_.region(), eopts);
    const auto b = resolve_endpoint("bbb", config_.region(), eopts);
    if (!a || !b || !a->bucket_in_path.empty() || !b->bucket_in_path.empty() ||
        a->https != b->https)
      return;
    const std::string_view ha = a->host.view();
    const std::string_view hb = b->host.view();
    if (!ha.starts_with("aaa.") || !hb.starts_with("bbb.") || detail::slice(ha, 4) != detail::slice(hb, 4))
      return;
    // Room for the longest bucket (63) and its dot within a resolved host (384).
    if (ha.size() - 4 > 384 - 64 || !detail::is_valid_host(ha)) return;
    if (!fast_host_suffix_.append(detail::slice(ha, 4))) return;
    fast_https_ = a->https;
    fast_endpoint_ = true;
  }

  // Everything after the endpoint: the query and header lists.
  constexpr result<presigned_request> sign(const presign_request& request,
                                           std::string_view region, bool https,
                                           std::span<const std::string_view> host,
                                           std::string_view bucket_in_path, std::span<char> out,
                                           const sigv4_debug_buffers& debug) const noexcept {
    if (request.headers.size() > max_request_headers) return errc::invalid_header;
    if (const errc e = detail::validate_request_headers(request.headers); e != errc::ok) return e;
    if (request.query.size() > max_query_parameters) return errc::invalid_query_parameter;
    // A name given twice (versionId included) has no single meaning: SigV4 signs both values,
    // but a server reads the first, the last or neither (RGW 16.2 refuses such a URL with 403),
    // and the verifier refuses it. O(n^2) over at most max_query_parameters names.
    for (std::size_t i = 0; i < request.query.size(); ++i) {
      const std::string_view name = request.query[i].name;
      if (!request.version_id.empty() && name == "versionId") return errc::invalid_query_parameter;
      for (std::size_t j = 0; j < i; ++j) {
        if (request.query[j].name == name) return errc::invalid_query_parameter;
      }
    }
    // Only versionId and hoisted headers need lists of our own; without them the request's
    // query goes through as it is (and no 2.5 KB of arrays are built).
    if (request.version_id.empty() && request.headers.empty())
      return sign_lists(request, region, https, host, bucket_in_path, request.query, {}, 0, out,
                        debug);
    return sign_split(request, region, https, host, bucket_in_path, out, debug);
  }

  // sign() for a request with a versionId or headers: the query with versionId and the
  // hoisted headers, the signed headers without them. Never inlined: its two lists (1.3 KB
  // on a 32-bit MCU) stay out of the stack of the common case.
  [[gnu::noinline]] constexpr result<presigned_request> sign_split(
      const presign_request& request, std::string_view region, bool https,
      std::span<const std::string_view> host, std::string_view bucket_in_path,
      std::span<char> out, const sigv4_debug_buffers& debug) const noexcept {
    std::array<query_param, max_query_parameters> query{};
    std::size_t query_count = 0;
    const auto add_query = [&](query_param q) {
      if (query_count == query.size()) return false;
      query[query_count++] = q;
      return true;
    };
    for (const query_param& q : request.query) {
      if (!add_query(q)) return errc::invalid_query_parameter;
    }
    if (!request.version_id.empty() && !add_query({"versionId", request.version_id}))
      return errc::invalid_query_parameter;
    std::array<http_header, max_signed_headers> headers{};
    std::size_t header_count = 0;
    std::uint64_t hoisted = 0;
    for (std::size_t i = 0; i < request.headers.size(); ++i) {
      const request_header& h = request.headers[i];
      if (h.hoist && is_hoistable_header(h.name)) {
        // Checked as a header above; as a parameter it must not also be one of the caller's
        // (S3 would see the header twice).
        for (const query_param& q : request.query) {
          if (detail::iequals(q.name, h.name)) return errc::invalid_header;
        }
        if (!add_query({h.name, h.value})) return errc::invalid_query_parameter;
        hoisted |= std::uint64_t{1} << i;
      } else {
        if (header_count == headers.size()) return errc::invalid_header;
        headers[header_count++] = {h.name, h.value};
      }
    }
    return sign_lists(request, region, https, host, bucket_in_path,
                      std::span<const query_param>(query.data(), query_count),
                      std::span<const http_header>(headers.data(), header_count), hoisted, out,
                      debug);
  }

  // Credentials, then time and path, then the signer.
  constexpr result<presigned_request> sign_lists(
      const presign_request& request, std::string_view region, bool https,
      std::span<const std::string_view> host, std::string_view bucket_in_path,
      std::span<const query_param> query_view, std::span<const http_header> headers_view,
      std::uint64_t hoisted, std::span<char> out,
      const sigv4_debug_buffers& debug) const noexcept {
    // Credentials and time. static_credentials cannot change, so its get() (which validates
    // the strings every time) was called once at construction; any other source is asked now.
    if constexpr (std::is_same_v<Credentials, static_credentials>) {
      if (!static_view_) return static_view_.error();
      return sign_with(request, region, https, host, bucket_in_path, query_view, headers_view,
                       hoisted, *static_view_, out, debug);
    } else {
      // A user's source may throw: that is credentials_unavailable, not std::terminate.
      using held_type = decltype(credentials_.get());
      const auto held = detail::call_or<held_type>([this]() { return credentials_.get(); },
                                                   errc::credentials_unavailable);
      if (!held) return held.error();
      return sign_with(request, region, https, host, bucket_in_path, query_view, headers_view,
                       hoisted, held->view(), out, debug);
    }
  }

  constexpr result<presigned_request> sign_with(
      const presign_request& request, std::string_view region, bool https,
      std::span<const std::string_view> host, std::string_view bucket_in_path,
      std::span<const query_param> query_view, std::span<const http_header> headers_view,
      std::uint64_t hoisted, const credentials_view& creds, std::span<char> out,
      const sigv4_debug_buffers& debug) const noexcept {
    // A clock that throws reads as a failed clock: errc::invalid_time.
    const std::int64_t now =
        detail::call_or<std::int64_t>([this]() { return clock_.now(); }, clock_failure);
    const auto allowed = detail::expiry_within_credentials(creds.expiration, now, request.expires_in,
                                                           config_.credential_expiry());
    if (!allowed) return allowed.error();
    const std::int64_t expires_in = *allowed;

    // The path, as pieces: "/" bucket "/" key, never concatenated.
    std::array<std::string_view, 4> path{};
    std::size_t path_count = 0;
    path[path_count++] = "/";
    if (!bucket_in_path.empty()) {
      path[path_count++] = bucket_in_path;
      if (!request.bucket_operation) path[path_count++] = "/";
    }
    if (!request.bucket_operation) path[path_count++] = request.key;

    sigv4_query_request sreq;
    sreq.method = request.method;
    sreq.scheme = https ? "https" : "http";
    sreq.path = std::span<const std::string_view>(path.data(), path_count);
    sreq.query = query_view;
    sreq.headers = headers_view;
    sreq.region = region;
    sreq.signing_time = now;
    sreq.expires_in = expires_in;
    sigv4_options sopts;
    sopts.max_expiry = config_.max_expiry();

    const key_source signing_key{this, creds.secret_access_key, region};
    detail::sigv4_resolved_host checked;
    checked.pieces = host;
    checked.headers_checked = true;  // validate_request_headers, in sign()
    if constexpr (std::is_same_v<Credentials, static_credentials>) {
      checked.credentials_checked = static_id_ready_;
      if (static_id_ready_) checked.encoded_access_key_id = static_encoded_id_.view();
    }
    const auto signed_url =
        detail::sigv4_presign_core(sreq, checked, creds, sopts, out, signing_key, debug);
    if (!signed_url) return {signed_url.error(), signed_url.required_size()};

    presigned_request r;
    r.url = signed_url->url;
    r.method = request.method;
    r.headers = headers_to_send(request.headers, hoisted);
    r.signed_at = now;
    r.expires_at = signed_url->expires_at;
    r.canonical_request = signed_url->canonical_request;
    r.string_to_sign = signed_url->string_to_sign;
    return r;
  }

  // Tells cache slots apart; static credentials' secret part was fingerprinted once.
  detail::key_fingerprint fingerprint(std::string_view secret, std::string_view date,
                                      std::string_view region) const noexcept {
    detail::fingerprint_builder fb;
    if constexpr (std::is_same_v<Credentials, static_credentials>) {
      fb = static_secret_fingerprint_;
    } else {
      fb.add(secret);
    }
    fb.add(date);
    fb.add(region);
    return fb.finish();
  }

  // kSigning for sigv4_presign_core, with the per-second extras of
  // detail::sigv4_caching_key_source: X-Amz-Date formatted once a second, and the HMAC state
  // after the string to sign's first block computed once a second.
  struct key_source {
    const basic_presigner* self;
    std::string_view secret;
    std::string_view region;

    constexpr hmac_sha256 operator()(std::string_view date) const noexcept {
      return self->cached_signing_key(secret, date, region);
    }
    result<amz_time_text> format_time(std::int64_t t) const noexcept {
      return self->time_cache_.format(t);
    }
    detail::cached_signing_state signing_state(std::string_view date, std::int64_t t,
                                               std::string_view first_block) const noexcept {
      const detail::key_fingerprint fp = self->fingerprint(secret, date, region);
      detail::cached_signing_state state;
      if (!self->cache_.lookup(fp, t, state)) {
        const hmac_sha256 key = derive_signing_key(secret, date, region, "s3");
        self->cache_.store(fp, key, detail::secret_tag(secret));
        state.midstates = key.midstates();
        state.has_first_block = false;
      }
      if (!state.has_first_block && first_block.size() == sha256::block_size) {
        for (std::size_t i = 0; i < 8; ++i) state.after_first_block[i] = state.midstates[i];
        detail::sha256_compress(state.after_first_block, first_block.data(), 1);
        state.has_first_block = true;
        self->cache_.store_first_block(fp, t, state.after_first_block);
      } else if (first_block.empty()) {
        state.has_first_block = false;
      }
      return state;
    }
  };

  constexpr hmac_sha256 cached_signing_key(std::string_view secret, std::string_view date,
                                           std::string_view region) const noexcept {
    if (std::is_constant_evaluated()) return derive_signing_key(secret, date, region, "s3");
    const detail::key_fingerprint fp = fingerprint(secret, date, region);
    hmac_sha256 cached = hmac_sha256::from_midstates({});
    if (cache_.lookup(fp, cached)) return cached;
    const hmac_sha256 key = derive_signing_key(secret, date, region, "s3");
    cache_.store(fp, key, detail::secret_tag(secret));
    return key;
  }

  Credentials credentials_;
  // static_credentials' get(), made once (see sign_lists); unused for other sources.
  result<credentials_view> static_view_ = credentials_view{};
  Clock clock_;
  detail::owned_presigner_options config_;
  detail::fixed_string<384> fast_host_suffix_;  // see plan_fast_endpoint
  bool fast_https_ = true;
  bool fast_endpoint_ = false;
  // static_credentials only: the secret's fingerprint, the encoded access key id.
  detail::fingerprint_builder static_secret_fingerprint_;
  detail::fixed_string<3 * max_access_key_id_size> static_encoded_id_;
  bool static_id_ready_ = false;
  mutable detail::known_valid_name known_bucket_;
  mutable detail::signing_key_cache cache_;
  mutable detail::amz_time_cache time_cache_;
};

/// The common case: credentials and clock of any policy type, deduced.
template <class Credentials, class Clock>
basic_presigner(Credentials, Clock, const presigner_options&) -> basic_presigner<Credentials, Clock>;

}  // namespace presign::inline v0
