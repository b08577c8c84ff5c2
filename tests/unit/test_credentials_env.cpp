// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <presign/presign.hpp>

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using presign::errc;

namespace {

// Sets or unsets environment variables for one test and restores the old values afterwards.
class env_guard {
 public:
  env_guard() = default;
  env_guard(const env_guard&) = delete;
  env_guard& operator=(const env_guard&) = delete;
  ~env_guard() {
    for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
      if (it->second) {
        ::setenv(it->first.c_str(), it->second->c_str(), 1);
      } else {
        ::unsetenv(it->first.c_str());
      }
    }
  }
  void set(const std::string& name, const std::string& value) {
    save(name);
    ::setenv(name.c_str(), value.c_str(), 1);
  }
  void unset(const std::string& name) {
    save(name);
    ::unsetenv(name.c_str());
  }

 private:
  void save(const std::string& name) {
    const char* old = std::getenv(name.c_str());
    saved_.emplace_back(name, old ? std::optional<std::string>{old} : std::nullopt);
  }
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

void clear_aws_env(env_guard& env) {
  for (const char* name : {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                           "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION"}) {
    env.unset(name);
  }
}

// A test source that counts its calls and yields fixed credentials or an error.
struct counting_source {
  std::string akid;
  std::string secret;
  errc error = errc::ok;
  int* calls = nullptr;
  [[nodiscard]] presign::result<presign::owned_credentials> get() const {
    ++*calls;
    if (error != errc::ok) return error;
    return presign::owned_credentials{akid, secret};
  }
};
static_assert(presign::credentials_source<counting_source>);

}  // namespace

TEST_CASE("environment_credentials: unset variables are credentials_unavailable") {
  env_guard env;
  clear_aws_env(env);
  CHECK(presign::environment_credentials{}.get().error() == errc::credentials_unavailable);
  env.set("AWS_SESSION_TOKEN", "token-alone");
  CHECK(presign::environment_credentials{}.get().error() == errc::credentials_unavailable);
}

TEST_CASE("environment_credentials reads key id, secret and token") {
  env_guard env;
  clear_aws_env(env);
  env.set("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
  env.set("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  {
    const presign::environment_credentials source;
    const auto r = source.get();
    REQUIRE(r.has_value());
    CHECK(r->access_key_id == "AKIAIOSFODNN7EXAMPLE");
    CHECK(r->secret_access_key == "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    CHECK(r->session_token.empty());
    CHECK(r->expiration == presign::no_expiration);
    CHECK(r->view().access_key_id == "AKIAIOSFODNN7EXAMPLE");
  }
  env.set("AWS_SESSION_TOKEN", "FwoGZXIvYXdzEJr//token");
  CHECK(presign::environment_credentials{}.get()->session_token == "FwoGZXIvYXdzEJr//token");
  // The legacy name is read when the standard one is not set.
  env.unset("AWS_SESSION_TOKEN");
  env.set("AWS_SECURITY_TOKEN", "legacy-token");
  CHECK(presign::environment_credentials{}.get()->session_token == "legacy-token");
  env.set("AWS_SESSION_TOKEN", "standard-token");
  CHECK(presign::environment_credentials{}.get()->session_token == "standard-token");
}

TEST_CASE("environment_credentials reads AWS_CREDENTIAL_EXPIRATION") {
  env_guard env;
  clear_aws_env(env);
  env.set("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
  env.set("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
  env.set("AWS_CREDENTIAL_EXPIRATION", "2009-02-13T23:31:30Z");
  CHECK(presign::environment_credentials{}.get()->expiration == 1234567890);
  env.set("AWS_CREDENTIAL_EXPIRATION", "2009-02-14T00:31:30.500+01:00");
  CHECK(presign::environment_credentials{}.get()->expiration == 1234567890);
  env.set("AWS_CREDENTIAL_EXPIRATION", "tomorrow");
  CHECK(presign::environment_credentials{}.get().error() == errc::invalid_time);
  env.set("AWS_CREDENTIAL_EXPIRATION", "");
  CHECK(presign::environment_credentials{}.get()->expiration == presign::no_expiration);
}

TEST_CASE("environment_credentials: partial or malformed variables are reported") {
  env_guard env;
  clear_aws_env(env);
  env.set("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
  CHECK(presign::environment_credentials{}.get().error() == errc::missing_credentials);
  env.unset("AWS_ACCESS_KEY_ID");
  env.set("AWS_SECRET_ACCESS_KEY", "secret");
  CHECK(presign::environment_credentials{}.get().error() == errc::missing_credentials);
  env.set("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE ");  // trailing space from a copy/paste
  CHECK(presign::environment_credentials{}.get().error() == errc::invalid_credentials);
  env.set("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
  env.set("AWS_SECRET_ACCESS_KEY", "   ");
  CHECK(presign::environment_credentials{}.get().error() == errc::invalid_credentials);
  env.set("AWS_SECRET_ACCESS_KEY", "secret");
  env.set("AWS_SESSION_TOKEN", "tok\nen");
  CHECK(presign::environment_credentials{}.get().error() == errc::invalid_credentials);
}

TEST_CASE("environment_credentials is a snapshot taken at construction") {
  env_guard env;
  clear_aws_env(env);
  env.set("AWS_ACCESS_KEY_ID", "AKIDFIRST");
  env.set("AWS_SECRET_ACCESS_KEY", "secretfirst");
  const presign::environment_credentials source;
  env.set("AWS_ACCESS_KEY_ID", "AKIDSECOND");
  env.unset("AWS_SECRET_ACCESS_KEY");
  const auto r = source.get();
  REQUIRE(r.has_value());
  CHECK(r->access_key_id == "AKIDFIRST");
  CHECK(r->secret_access_key == "secretfirst");
}

TEST_CASE("owned_credentials copies, moves and views its strings") {
  const presign::credentials_view v{"AKID", "a-secret-that-is-longer-than-sso-buffers", "tok", 99};
  presign::owned_credentials a{v};
  CHECK(a.view() == v);
  presign::owned_credentials b = a;
  CHECK(b.view() == v);
  presign::owned_credentials c = std::move(a);
  CHECK(c.view() == v);
  CHECK(a.secret_access_key.empty());  // NOLINT(bugprone-use-after-move): moved-from is wiped
  CHECK(a.session_token.empty());      // NOLINT(bugprone-use-after-move)
  presign::owned_credentials d;
  CHECK(presign::validate_credentials(d.view()) == errc::missing_credentials);
  d = c;
  CHECK(d.view() == v);
  d = presign::owned_credentials{"X", "short"};
  CHECK(d.secret_access_key == "short");
  CHECK(d.expiration == presign::no_expiration);
}

TEST_CASE("credentials_chain returns the first source that yields, in order") {
  int calls_a = 0;
  int calls_b = 0;
  int calls_c = 0;
  {
    const presign::credentials_chain chain{counting_source{"AKIDA", "secretA", errc::ok, &calls_a},
                                           counting_source{"AKIDB", "secretB", errc::ok, &calls_b}};
    const auto r = chain.get();
    REQUIRE(r.has_value());
    CHECK(r->access_key_id == "AKIDA");
    CHECK(calls_a == 1);
    CHECK(calls_b == 0);  // never asked: the first one answered
  }
  {
    const presign::credentials_chain chain{
        counting_source{{}, {}, errc::credentials_unavailable, &calls_a},
        counting_source{"AKIDB", "secretB", errc::ok, &calls_b},
        counting_source{"AKIDC", "secretC", errc::ok, &calls_c}};
    const auto r = chain.get();
    REQUIRE(r.has_value());
    CHECK(r->access_key_id == "AKIDB");
    CHECK(r->secret_access_key == "secretB");
    CHECK(calls_a == 2);
    CHECK(calls_b == 1);
    CHECK(calls_c == 0);
  }
}

TEST_CASE("credentials_chain: when every source fails, the last error") {
  int calls = 0;
  const presign::credentials_chain chain{counting_source{{}, {}, errc::invalid_credentials, &calls},
                                         counting_source{{}, {}, errc::credentials_unavailable, &calls}};
  CHECK(chain.get().error() == errc::credentials_unavailable);
  CHECK(calls == 2);
  const presign::credentials_chain reversed{counting_source{{}, {}, errc::credentials_unavailable, &calls},
                                            counting_source{{}, {}, errc::missing_credentials, &calls}};
  CHECK(reversed.get().error() == errc::missing_credentials);
}

TEST_CASE("credentials_chain checks what a user-written source hands out and moves on") {
  int calls = 0;
  const presign::credentials_chain chain{counting_source{"AKID WITH SPACE", "secret", errc::ok, &calls},
                                         presign::static_credentials{"AKIDGOOD", "secretgood"}};
  const auto r = chain.get();
  REQUIRE(r.has_value());
  CHECK(r->access_key_id == "AKIDGOOD");
  const presign::credentials_chain only_bad{counting_source{"AKID", "", errc::ok, &calls}};
  CHECK(only_bad.get().error() == errc::missing_credentials);
}

TEST_CASE("credentials_chain: environment first, then static fallback") {
  env_guard env;
  clear_aws_env(env);
  const auto make = [] {
    return presign::credentials_chain{presign::environment_credentials{},
                                      presign::static_credentials{"AKIDSTATIC", "secretstatic"}};
  };
  CHECK(make().get()->access_key_id == "AKIDSTATIC");
  env.set("AWS_ACCESS_KEY_ID", "AKIDENV");
  env.set("AWS_SECRET_ACCESS_KEY", "secretenv");
  CHECK(make().get()->access_key_id == "AKIDENV");
}
