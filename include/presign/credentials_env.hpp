// SPDX-License-Identifier: MIT
// presign: owned credentials, credentials from the environment, and a chain of sources (opt-in).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "presign/config.hpp"
#include "presign/credentials.hpp"
#include "presign/error.hpp"

namespace presign::inline v0 {

namespace detail {

// Overwrites a string's whole buffer (up to its capacity, so stale bytes left by earlier,
// longer contents go too) before it is released. The volatile stores keep the compiler from
// dropping them as dead. A template so that tests can watch a string's allocator.
template <class String>
void wipe_string(String& s) noexcept {
  s.resize(s.capacity());  // never reallocates: the size stays within the capacity
  volatile char* p = s.data();
  for (std::size_t i = 0; i < s.size(); ++i) p[i] = '\0';
  s.clear();
}

}  // namespace detail

/// Credentials that own their strings: what the environment, profile-file, chain and refreshing
/// sources hand out. Default-constructible (empty: validate_credentials says missing). Copying
/// allocates; the secret and token buffers are wiped when an object is destroyed or moved from.
/// Not thread-safe to mutate; const access from many threads is fine.
class owned_credentials {
 public:
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;                ///< empty when there is none
  std::int64_t expiration = no_expiration;  ///< unix seconds (UTC)

  owned_credentials() = default;
  /// Copies the strings of `v`. May throw std::bad_alloc (unless built without exceptions).
  explicit owned_credentials(const credentials_view& v)
      : access_key_id(v.access_key_id),
        secret_access_key(v.secret_access_key),
        session_token(v.session_token),
        expiration(v.expiration) {}
  owned_credentials(std::string akid, std::string secret, std::string token = {},
                    std::int64_t expires = no_expiration) noexcept
      : access_key_id(std::move(akid)),
        secret_access_key(std::move(secret)),
        session_token(std::move(token)),
        expiration(expires) {}
  owned_credentials(const owned_credentials&) = default;
  owned_credentials& operator=(const owned_credentials& other) {
    if (this != &other) {
      // Assigning may keep the old buffer: wipe it first so no piece of the old secret stays.
      detail::wipe_string(secret_access_key);
      detail::wipe_string(session_token);
      access_key_id = other.access_key_id;
      secret_access_key = other.secret_access_key;
      session_token = other.session_token;
      expiration = other.expiration;
    }
    return *this;
  }
  owned_credentials(owned_credentials&& other) noexcept
      : access_key_id(std::move(other.access_key_id)),
        secret_access_key(std::move(other.secret_access_key)),
        session_token(std::move(other.session_token)),
        expiration(other.expiration) {
    other.wipe();  // a short (SSO) string leaves its bytes behind in the moved-from object
  }
  owned_credentials& operator=(owned_credentials&& other) noexcept {
    if (this != &other) {
      wipe();
      access_key_id = std::move(other.access_key_id);
      secret_access_key = std::move(other.secret_access_key);
      session_token = std::move(other.session_token);
      expiration = other.expiration;
      other.wipe();
    }
    return *this;
  }
  ~owned_credentials() { wipe(); }

  /// A view of these strings, valid while this object lives unchanged. noexcept.
  [[nodiscard]] credentials_view view() const noexcept {
    return {access_key_id, secret_access_key, session_token, expiration};
  }

 private:
  void wipe() noexcept {
    detail::wipe_string(secret_access_key);
    detail::wipe_string(session_token);
    access_key_id.clear();
    expiration = no_expiration;
  }
};

namespace detail {

// getenv, with an empty value counted as unset (as the AWS SDKs do for these variables).
[[nodiscard]] inline std::string_view getenv_view(const char* name) noexcept {
  const char* v = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read once, documented
  return v == nullptr ? std::string_view{} : std::string_view{v};
}

}  // namespace detail

/// Credentials from the environment variables the AWS CLI and SDKs read: AWS_ACCESS_KEY_ID,
/// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (or the legacy AWS_SECURITY_TOKEN) and the
/// optional AWS_CREDENTIAL_EXPIRATION (ISO 8601, see parse_expiration_time). Empty variables
/// count as unset. The environment is read once, by the constructor (getenv is not safe
/// against a concurrent setenv); get() is then const, thread-safe and returns a copy.
class environment_credentials {
 public:
  /// Reads the environment now. Allocates; may throw std::bad_alloc.
  environment_credentials() : creds_(read()) {}

  /// The snapshot. Errors: credentials_unavailable when neither the key id nor the secret is
  /// set; missing_credentials when only one is; invalid_credentials from
  /// validate_credentials; invalid_time for a malformed AWS_CREDENTIAL_EXPIRATION.
  [[nodiscard]] result<owned_credentials> get() const { return creds_; }

 private:
  static result<owned_credentials> read() {
    const std::string_view akid = detail::getenv_view("AWS_ACCESS_KEY_ID");
    const std::string_view secret = detail::getenv_view("AWS_SECRET_ACCESS_KEY");
    if (akid.empty() && secret.empty()) return errc::credentials_unavailable;
    std::string_view token = detail::getenv_view("AWS_SESSION_TOKEN");
    if (token.empty()) token = detail::getenv_view("AWS_SECURITY_TOKEN");
    std::int64_t expiration = no_expiration;
    if (const std::string_view exp = detail::getenv_view("AWS_CREDENTIAL_EXPIRATION"); !exp.empty()) {
      const result<std::int64_t> parsed = parse_expiration_time(exp);
      if (!parsed) return parsed.error();
      expiration = *parsed;
    }
    const credentials_view v{akid, secret, token, expiration};
    if (const errc e = validate_credentials(v); e != errc::ok) return e;
    return owned_credentials{v};
  }

  result<owned_credentials> creds_;
};

/// Tries its sources in order and returns the first credentials one yields (and that pass
/// validate_credentials), copied into an owned_credentials. When every source fails, the last
/// source's error. Thread-safe when the
/// sources are (all presign sources are). Allocates.
template <credentials_source... Sources>
class credentials_chain {
  static_assert(sizeof...(Sources) > 0, "a credentials_chain needs at least one source");

 public:
  /// Takes the sources by value (move them in).
  explicit credentials_chain(Sources... sources) : sources_(std::move(sources)...) {}

  [[nodiscard]] result<owned_credentials> get() const {
    result<owned_credentials> out{errc::credentials_unavailable};
    std::apply([&out](const Sources&... s) { (try_one(s, out) || ...); }, sources_);
    return out;
  }

  /// The sources, in order (for reloading one, or inspecting diagnostics).
  [[nodiscard]] const std::tuple<Sources...>& sources() const noexcept { return sources_; }
  [[nodiscard]] std::tuple<Sources...>& sources() noexcept { return sources_; }

 private:
  template <class S>
  static bool try_one(const S& source, result<owned_credentials>& out) {
    const auto r = source.get();
    if (!r) {
      out = r.error();
      return false;
    }
    // A user-written source may hand out anything: check it like ours are checked.
    const credentials_view v = r->view();
    if (const errc e = validate_credentials(v); e != errc::ok) {
      out = e;
      return false;
    }
    out = owned_credentials{v};
    return true;
  }

  std::tuple<Sources...> sources_;
};

}  // namespace presign::inline v0
