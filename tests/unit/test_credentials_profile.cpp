// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <presign/presign.hpp>

#include <sys/stat.h>  // mkfifo

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using presign::errc;
namespace fs = std::filesystem;

namespace {

// Sets or unsets environment variables for one test and restores them afterwards.
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

// A fresh directory under the system temp dir, removed with its files at the end of the test.
class temp_dir {
 public:
  temp_dir() {
    std::random_device rd;
    for (int attempt = 0; attempt < 100; ++attempt) {
      path_ = fs::temp_directory_path() / ("presign-profile-test-" + std::to_string(rd()));
      if (fs::create_directory(path_)) return;
    }
    FAIL("cannot create a temporary directory");
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  ~temp_dir() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  [[nodiscard]] std::string write(const std::string& name, std::string_view content) const {
    const fs::path p = path_ / name;
    std::ofstream out{p, std::ios::binary};
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    return p.string();
  }
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

presign::aws_config_paths paths(const temp_dir& dir, std::string profile = "default") {
  return {dir.file("credentials"), dir.file("config"), std::move(profile)};
}

constexpr std::string_view sample_credentials =
    "[default]\n"
    "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
    "\n"
    "[user1]\n"
    "aws_access_key_id = AKIAI44QH8DHBEXAMPLE\n"
    "aws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n"
    "aws_session_token = IQoJb3JpZ2luX2IQoJb3JpZ2luX2IQoJb3JpZ2luX2==\n";

// An allocator that counts allocations and, before each block is freed, looks for a secret in
// it: a string buffer released with the secret still in it leaks it into the heap.
struct heap_watch {
  static inline std::string_view secret;
  static inline int allocations = 0;
  static inline int freed_with_secret = 0;
  static void reset(std::string_view s) {
    secret = s;
    allocations = 0;
    freed_with_secret = 0;
  }
};

template <class T>
struct watching_allocator {
  using value_type = T;
  watching_allocator() noexcept = default;
  template <class U>
  explicit watching_allocator(const watching_allocator<U>&) noexcept {}
  T* allocate(std::size_t n) {
    ++heap_watch::allocations;
    return std::allocator<T>{}.allocate(n);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    const std::string_view block(reinterpret_cast<const char*>(p), n * sizeof(T));
    if (!heap_watch::secret.empty() && block.find(heap_watch::secret) != std::string_view::npos) {
      ++heap_watch::freed_with_secret;
    }
    std::allocator<T>{}.deallocate(p, n);
  }
  friend bool operator==(const watching_allocator&, const watching_allocator&) noexcept { return true; }
};

using watched_string = std::basic_string<char, std::char_traits<char>, watching_allocator<char>>;

}  // namespace

TEST_CASE("profile_credentials reads the default profile of the credentials file") {
  temp_dir dir;
  (void)dir.write("credentials", sample_credentials);
  const presign::profile_credentials source{paths(dir)};
  const auto r = source.get();
  REQUIRE(r.has_value());
  CHECK(r->access_key_id == "AKIAIOSFODNN7EXAMPLE");
  CHECK(r->secret_access_key == "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  CHECK(r->session_token.empty());
  CHECK(r->expiration == presign::no_expiration);
  CHECK_FALSE(source.region().has_value());
  CHECK(source.diagnostic().find("credentials file") != std::string::npos);
}

TEST_CASE("profile_credentials reads a named profile with a session token") {
  temp_dir dir;
  (void)dir.write("credentials", sample_credentials);
  const presign::profile_credentials source{paths(dir, "user1")};
  const auto r = source.get();
  REQUIRE(r.has_value());
  CHECK(r->access_key_id == "AKIAI44QH8DHBEXAMPLE");
  CHECK(r->secret_access_key == "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY");
  CHECK(r->session_token == "IQoJb3JpZ2luX2IQoJb3JpZ2luX2IQoJb3JpZ2luX2==");
  CHECK(presign::profile_credentials{paths(dir, "nobody")}.get().error() == errc::credentials_unavailable);
  // Section names are case-sensitive (configparser), keys are not.
  CHECK(presign::profile_credentials{paths(dir, "User1")}.get().error() == errc::credentials_unavailable);
}

TEST_CASE("profile_credentials reads [profile x] and [default] in the config file") {
  temp_dir dir;
  (void)dir.write("config",
                  "[default]\n"
                  "region = us-west-2\n"
                  "aws_access_key_id = AKIDDEFAULTCONFIG\n"
                  "aws_secret_access_key = secretdefaultconfig\n"
                  "[profile dev]\n"
                  "region = eu-central-1\n"
                  "aws_access_key_id = AKIDDEVCONFIG\n"
                  "aws_secret_access_key = secretdevconfig\n"
                  "aws_session_token = devtoken\n"
                  "[prod]\n"  // not a profile in the config file: it lacks the "profile " prefix
                  "aws_access_key_id = AKIDWRONG\n"
                  "aws_secret_access_key = secretwrong\n");
  const presign::profile_credentials def{paths(dir)};
  CHECK(def.get()->access_key_id == "AKIDDEFAULTCONFIG");
  CHECK(def.region() == "us-west-2");
  const presign::profile_credentials dev{paths(dir, "dev")};
  REQUIRE(dev.get().has_value());
  CHECK(dev.get()->access_key_id == "AKIDDEVCONFIG");
  CHECK(dev.get()->session_token == "devtoken");
  CHECK(dev.region() == "eu-central-1");
  const presign::profile_credentials prod{paths(dir, "prod")};
  CHECK(prod.get().error() == errc::credentials_unavailable);
  CHECK(prod.diagnostic().find("not found") != std::string::npos);
}

TEST_CASE("profile_credentials: [profile default] in the config file is the default profile too") {
  temp_dir dir;
  (void)dir.write("config",
                  "[profile default]\n"
                  "aws_access_key_id = AKIDPROFILEDEFAULT\n"
                  "aws_secret_access_key = secret\n"
                  "region = ap-south-1\n");
  const presign::profile_credentials source{paths(dir)};
  CHECK(source.get()->access_key_id == "AKIDPROFILEDEFAULT");
  CHECK(source.region() == "ap-south-1");
}

TEST_CASE("profile_credentials: the credentials file wins over the config file") {
  temp_dir dir;
  (void)dir.write("credentials",
                  "[dev]\n"
                  "aws_access_key_id = AKIDFROMCREDENTIALS\n"
                  "aws_secret_access_key = secretfromcredentials\n");
  (void)dir.write("config",
                  "[profile dev]\n"
                  "aws_access_key_id = AKIDFROMCONFIG\n"
                  "aws_secret_access_key = secretfromconfig\n"
                  "aws_session_token = tokenfromconfig\n"
                  "region = sa-east-1\n");
  const presign::profile_credentials source{paths(dir, "dev")};
  const auto r = source.get();
  REQUIRE(r.has_value());
  CHECK(r->access_key_id == "AKIDFROMCREDENTIALS");
  CHECK(r->secret_access_key == "secretfromcredentials");
  // The key set comes from one file (botocore): the config file's token is not mixed in.
  CHECK(r->session_token.empty());
  // Other settings merge per key.
  CHECK(source.region() == "sa-east-1");
  CHECK(source.diagnostic().find("in the credentials file") != std::string::npos);

  // A credentials-file section without keys falls through to the config file.
  (void)dir.write("credentials", "[dev]\nregion = us-east-2\n");
  const presign::profile_credentials fallthrough{paths(dir, "dev")};
  CHECK(fallthrough.get()->access_key_id == "AKIDFROMCONFIG");
  CHECK(fallthrough.get()->session_token == "tokenfromconfig");
  CHECK(fallthrough.region() == "us-east-2");  // the credentials file's region wins
}

TEST_CASE("profile_credentials: comments, spacing, case, ':' delimiter, CRLF, BOM, continuations") {
  temp_dir dir;
  (void)dir.write("credentials",
                  "\xEF\xBB\xBF# a comment\r\n"
                  "; another comment\r\n"
                  "   # an indented comment\r\n"
                  "[other]\r\n"
                  "aws_access_key_id=AKIDOTHER\r\n"
                  "aws_secret_access_key=secretother\r\n"
                  "[default]  ; trailing comment on the header\r\n"
                  "AWS_Access_Key_ID   =    AKIDSPACED   \r\n"
                  "aws_secret_access_key:secretcolon # inline comment\r\n"
                  "s3 =\r\n"
                  "    addressing_style = path\r\n"
                  "    aws_access_key_id = NOT-A-KEY\r\n"
                  "region=eu-west-1 ; inline\r\n");
  const presign::profile_credentials source{paths(dir)};
  const auto r = source.get();
  REQUIRE(r.has_value());
  CHECK(r->access_key_id == "AKIDSPACED");
  CHECK(r->secret_access_key == "secretcolon");
  CHECK(source.region() == "eu-west-1");
  CHECK(presign::profile_credentials{paths(dir, "other")}.get()->secret_access_key == "secretother");
}

TEST_CASE("profile_credentials: an indented line continues the value above it (configparser)") {
  temp_dir dir;
  // The indented header is part of secretother's value, so [default] is never opened and the
  // key ids collide in [other]: the CLI refuses such a file, and so do we.
  (void)dir.write("credentials",
                  "[other]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = secretother\n"
                  "  [default]\naws_access_key_id = AKIDDEFAULT\n");
  CHECK(presign::profile_credentials{paths(dir)}.get().error() == errc::credentials_unavailable);
  // A continued secret is a multi-line value, which is not a valid secret.
  (void)dir.write("credentials", "[default]\naws_access_key_id = AKID\naws_secret_access_key = abc\n  def\n");
  CHECK(presign::profile_credentials{paths(dir)}.get().error() == errc::invalid_credentials);
  // Old Mac line ends (lone CR) are line ends too, as in Python.
  (void)dir.write("credentials", "[default]\raws_access_key_id = AKIDCR\raws_secret_access_key = s\r");
  CHECK(presign::profile_credentials{paths(dir)}.get()->access_key_id == "AKIDCR");
}

TEST_CASE("profile_credentials: '#' without whitespace before it is part of the value") {
  temp_dir dir;
  (void)dir.write("credentials", "[default]\naws_access_key_id = AKID#1\naws_secret_access_key = sec;ret\n");
  const auto r = presign::profile_credentials{paths(dir)}.get();
  REQUIRE(r.has_value());
  CHECK(r->access_key_id == "AKID#1");
  CHECK(r->secret_access_key == "sec;ret");
}

TEST_CASE("profile_credentials: missing files and profiles are credentials_unavailable") {
  temp_dir dir;
  const presign::profile_credentials none{paths(dir)};
  CHECK(none.get().error() == errc::credentials_unavailable);
  CHECK_FALSE(none.region().has_value());
  CHECK(none.diagnostic().find("not found") != std::string::npos);
  CHECK(presign::profile_credentials{presign::aws_config_paths{"", "", "default"}}.get().error() ==
        errc::credentials_unavailable);
  // A directory where a file should be is not a regular file: refused.
  fs::create_directory(dir.file("credentials"));
  CHECK(presign::profile_credentials{paths(dir)}.get().error() == errc::credentials_unavailable);
}

TEST_CASE("profile_credentials: a profile with only roles or SSO has no static credentials") {
  temp_dir dir;
  (void)dir.write("config",
                  "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = default\n");
  const presign::profile_credentials source{paths(dir, "admin")};
  CHECK(source.get().error() == errc::credentials_unavailable);
  CHECK(source.diagnostic().find("no static keys") != std::string::npos);
}

TEST_CASE("profile_credentials: half a key pair is missing_credentials, bad bytes invalid_credentials") {
  temp_dir dir;
  (void)dir.write("credentials",
                  "[nosecret]\naws_access_key_id = AKIDONLY\n"
                  "[noakid]\naws_secret_access_key = secretonly\n"
                  "[emptysecret]\naws_access_key_id = AKID\naws_secret_access_key =\n"
                  "[spacey]\naws_access_key_id = AKID WITH SPACE\naws_secret_access_key = s\n");
  CHECK(presign::profile_credentials{paths(dir, "nosecret")}.get().error() == errc::missing_credentials);
  CHECK(presign::profile_credentials{paths(dir, "noakid")}.get().error() == errc::missing_credentials);
  CHECK(presign::profile_credentials{paths(dir, "emptysecret")}.get().error() == errc::missing_credentials);
  CHECK(presign::profile_credentials{paths(dir, "spacey")}.get().error() == errc::invalid_credentials);
}

TEST_CASE("profile_credentials: malformed files fail with the line number and no file content") {
  const std::string secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  const std::pair<std::string, std::string> cases[] = {
      {"[default]\naws_access_key_id = AKID\n" + secret + "\n", "line 3"},  // no '='
      {"aws_access_key_id = AKID\n[default]\n", "line 1"},                   // before any section
      {"[default]\naws_secret_access_key = " + secret + "\n[default]\n", "line 3"},  // duplicate section
      {"[default]\naws_access_key_id = A\naws_access_key_id = B\n", "line 3"},      // duplicate key
      {"[default\naws_access_key_id = A\n", "line 1"},                               // unclosed header
      {"[default]\naws_access_key_id\n", "line 2"},                               // no value
      {"[]\n", "line 1"},
      {"[default]\n = " + secret + "\n", "line 2"},  // empty key
  };
  for (const auto& test_case : cases) {
    const std::string& content = test_case.first;
    const std::string& where = test_case.second;
    CAPTURE(content);
    temp_dir dir;
    (void)dir.write("credentials", content);
    (void)dir.write("config", "[default]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = s\n");
    const presign::profile_credentials source{paths(dir)};
    // botocore refuses the whole configuration when a file does not parse; so do we.
    CHECK(source.get().error() == errc::credentials_unavailable);
    const std::string diagnostic = source.diagnostic();
    CAPTURE(diagnostic);
    CHECK(diagnostic.find(where) != std::string::npos);
    CHECK(diagnostic.find(secret) == std::string::npos);
    CHECK(diagnostic.find("AKID") == std::string::npos);
  }
  // The same rules apply to the config file.
  temp_dir dir;
  (void)dir.write("config", "[profile x]\nthis line is not a setting\n");
  const presign::profile_credentials bad_config{paths(dir, "x")};
  CHECK(bad_config.get().error() == errc::credentials_unavailable);
  CHECK(bad_config.diagnostic().find("config file") != std::string::npos);
  CHECK(bad_config.diagnostic().find("line 2") != std::string::npos);
}

TEST_CASE("profile_credentials refuses files over the 1 MiB cap") {
  const std::string head = "[default]\naws_access_key_id = AKIDBIG\naws_secret_access_key = secretbig\n";
  temp_dir dir;
  std::string content = head;
  content.append(presign::max_config_file_size - head.size() - 1, '#');
  content.push_back('\n');
  REQUIRE(content.size() == presign::max_config_file_size);
  (void)dir.write("credentials", content);
  CHECK(presign::profile_credentials{paths(dir)}.get()->access_key_id == "AKIDBIG");  // exactly at the cap

  content.push_back('\n');
  (void)dir.write("credentials", content);
  const presign::profile_credentials too_big{paths(dir)};
  CHECK(too_big.get().error() == errc::credentials_unavailable);
  CHECK(too_big.diagnostic().find("1 MiB") != std::string::npos);
}

TEST_CASE("profile_credentials: an unreadable credentials file counts as absent") {
  temp_dir dir;
  const std::string file = dir.write("credentials", sample_credentials);
  (void)dir.write("config", "[default]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = s\n");
  fs::permissions(file, fs::perms::none);
  const bool still_readable = std::ifstream{file}.is_open();
  const presign::profile_credentials source{paths(dir)};
  if (still_readable) {
    MESSAGE("running as root (or with CAP_DAC_OVERRIDE): chmod 000 does not stop reading; "
            "only checking that the source still works");
    CHECK(source.get()->access_key_id == "AKIAIOSFODNN7EXAMPLE");
  } else {
    CHECK(source.get()->access_key_id == "AKIDCONFIG");
    CHECK(source.diagnostic().find("unreadable") != std::string::npos);
  }
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
}

TEST_CASE("profile_credentials::reload() picks up a changed file; copies are independent") {
  temp_dir dir;
  (void)dir.write("credentials", "[default]\naws_access_key_id = AKIDOLD\naws_secret_access_key = old\n");
  presign::profile_credentials source{paths(dir)};
  const presign::profile_credentials copy = source;
  CHECK(source.get()->access_key_id == "AKIDOLD");
  (void)dir.write("credentials", "[default]\naws_access_key_id = AKIDNEW\naws_secret_access_key = new\n");
  CHECK(source.get()->access_key_id == "AKIDOLD");  // read at construction only
  source.reload();
  CHECK(source.get()->access_key_id == "AKIDNEW");
  CHECK(copy.get()->access_key_id == "AKIDOLD");
  CHECK(source.paths().credentials_file == dir.file("credentials"));
}

TEST_CASE("default_aws_config_paths follows the AWS CLI's environment variables") {
  env_guard env;
  for (const char* name : {"AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_PROFILE", "AWS_DEFAULT_PROFILE"}) {
    env.unset(name);
  }
  env.set("HOME", "/home/tester");
  auto p = presign::default_aws_config_paths();
  CHECK(p.credentials_file == "/home/tester/.aws/credentials");
  CHECK(p.config_file == "/home/tester/.aws/config");
  CHECK(p.profile == "default");

  env.set("AWS_SHARED_CREDENTIALS_FILE", "~/elsewhere/creds");
  env.set("AWS_CONFIG_FILE", "/etc/aws/config");
  env.set("AWS_DEFAULT_PROFILE", "legacy");
  p = presign::default_aws_config_paths();
  CHECK(p.credentials_file == "/home/tester/elsewhere/creds");
  CHECK(p.config_file == "/etc/aws/config");
  CHECK(p.profile == "legacy");
  env.set("AWS_PROFILE", "modern");
  CHECK(presign::default_aws_config_paths().profile == "modern");
  env.set("AWS_PROFILE", "");  // empty counts as unset
  CHECK(presign::default_aws_config_paths().profile == "legacy");
}

TEST_CASE("resolve_region: AWS_DEFAULT_REGION, then AWS_REGION, then the profile") {
  env_guard env;
  env.unset("AWS_REGION");
  env.unset("AWS_DEFAULT_REGION");
  temp_dir dir;
  CHECK_FALSE(presign::resolve_region(paths(dir)).has_value());
  (void)dir.write("config", "[default]\nregion = us-west-1\n[profile eu]\nregion = eu-north-1\n");
  CHECK(presign::resolve_region(paths(dir)) == "us-west-1");
  CHECK(presign::resolve_region(paths(dir, "eu")) == "eu-north-1");
  CHECK_FALSE(presign::resolve_region(paths(dir, "none")).has_value());
  env.set("AWS_REGION", "me-south-1");  // read by the AWS CLI v2 and the SDKs, before files
  CHECK(presign::resolve_region(paths(dir)) == "me-south-1");
  env.set("AWS_DEFAULT_REGION", "ca-central-1");  // aws-cli and botocore: this one wins
  CHECK(presign::resolve_region(paths(dir)) == "ca-central-1");
  env.set("AWS_DEFAULT_REGION", "");
  CHECK(presign::resolve_region(paths(dir)) == "me-south-1");
  env.set("AWS_REGION", "");
  CHECK(presign::resolve_region(paths(dir)) == "us-west-1");
}

TEST_CASE("default_credentials_chain: environment first, then the profile") {
  env_guard env;
  for (const char* name : {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                           "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION"}) {
    env.unset(name);
  }
  temp_dir dir;
  (void)dir.write("credentials", sample_credentials);
  CHECK(presign::default_credentials_chain(paths(dir)).get()->access_key_id == "AKIAIOSFODNN7EXAMPLE");
  env.set("AWS_ACCESS_KEY_ID", "AKIDFROMENV");
  env.set("AWS_SECRET_ACCESS_KEY", "secretfromenv");
  CHECK(presign::default_credentials_chain(paths(dir)).get()->access_key_id == "AKIDFROMENV");
  env.unset("AWS_ACCESS_KEY_ID");
  env.unset("AWS_SECRET_ACCESS_KEY");
  temp_dir empty;
  CHECK(presign::default_credentials_chain(paths(empty)).get().error() == errc::credentials_unavailable);
}

TEST_CASE("read_config_file frees no buffer that still holds the file's text") {
  const std::string secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  // Larger than any one read chunk, the secret near the start.
  std::string content = "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = " + secret + "\n";
  for (int i = 0; content.size() < 20000; ++i) content += "[p" + std::to_string(i) + "]\nregion = eu-west-1\n";
  temp_dir dir;
  const std::string file = dir.write("credentials", content);
  {
    heap_watch::reset(secret);
    watched_string out;
    REQUIRE(presign::detail::read_config_file(file, out) == presign::detail::file_status::ok);
    CHECK(std::string_view(out) == content);
    CHECK(heap_watch::freed_with_secret == 0);
    CHECK(heap_watch::allocations == 1);  // sized from the file: never grown
    CHECK(out.capacity() >= content.size());
    presign::detail::wipe_string(out);
  }
  CHECK(heap_watch::freed_with_secret == 0);
  {
    // Reading into a string that already holds a (wiped or not) buffer too small for the file.
    heap_watch::reset(secret);
    watched_string out(100, 'x');
    REQUIRE(presign::detail::read_config_file(file, out) == presign::detail::file_status::ok);
    CHECK(std::string_view(out) == content);
    presign::detail::wipe_string(out);
  }
  CHECK(heap_watch::freed_with_secret == 0);
  {
    // Over the cap: refused, and what was read is wiped.
    std::string big = content;
    big.append(presign::max_config_file_size, '#');
    const std::string big_file = dir.write("big", big);
    heap_watch::reset(secret);
    watched_string out;
    CHECK(presign::detail::read_config_file(big_file, out) == presign::detail::file_status::too_large);
    CHECK(out.empty());
  }
  CHECK(heap_watch::freed_with_secret == 0);
  heap_watch::reset({});
}

TEST_CASE("detail::reserve_wiping grows a string without leaving its old contents in freed memory") {
  const std::string secret = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
  heap_watch::reset(secret);
  {
    watched_string s;
    s.reserve(secret.size());
    s.append(secret);
    const std::size_t before = s.capacity();
    for (int i = 0; i < 200; ++i) {
      presign::detail::reserve_wiping(s, s.size() + 100);
      s.append(100, '\n');
    }
    CHECK(s.capacity() > before);
    CHECK(std::string_view(s).substr(0, secret.size()) == secret);
    CHECK(s.size() == secret.size() + 20000);
    CHECK(heap_watch::freed_with_secret == 0);
    CHECK(heap_watch::allocations < 20);  // grows geometrically, not by each request
    // Enough room already: nothing moves.
    const char* data = s.data();
    presign::detail::reserve_wiping(s, s.size());
    CHECK(s.data() == data);
    presign::detail::wipe_string(s);
  }
  CHECK(heap_watch::freed_with_secret == 0);
  heap_watch::reset({});
}

TEST_CASE("profile_credentials: [default] and [profile default] in one config file: the later wins") {
  // botocore's build_profile_map walks the sections in file order and assigns
  // profiles['default'] for each: the later section replaces the earlier one whole.
  temp_dir dir;
  (void)dir.write("config",
                  "[default]\n"
                  "region = us-west-2\n"
                  "aws_access_key_id = AKIDPLAINDEFAULT\n"
                  "aws_secret_access_key = secretplain\n"
                  "[profile default]\n"
                  "aws_access_key_id = AKIDPROFILEDEFAULT\n"
                  "aws_secret_access_key = secretprofile\n");
  const presign::profile_credentials later_profile{paths(dir)};
  REQUIRE(later_profile.get().has_value());
  CHECK(later_profile.get()->access_key_id == "AKIDPROFILEDEFAULT");
  CHECK(later_profile.get()->secret_access_key == "secretprofile");
  CHECK_FALSE(later_profile.region().has_value());  // not merged from the replaced [default]

  (void)dir.write("config",
                  "[profile default]\n"
                  "region = eu-west-3\n"
                  "aws_access_key_id = AKIDPROFILEDEFAULT\n"
                  "aws_secret_access_key = secretprofile\n"
                  "[default]\n"
                  "aws_access_key_id = AKIDPLAINDEFAULT\n"
                  "aws_secret_access_key = secretplain\n");
  const presign::profile_credentials later_plain{paths(dir)};
  REQUIRE(later_plain.get().has_value());
  CHECK(later_plain.get()->access_key_id == "AKIDPLAINDEFAULT");
  CHECK(later_plain.get()->secret_access_key == "secretplain");
  CHECK_FALSE(later_plain.region().has_value());
  CHECK(presign::resolve_region(paths(dir)) == std::nullopt);

  // A later [default] without keys still replaces the section: no credentials.
  (void)dir.write("config",
                  "[profile default]\naws_access_key_id = AKIDPROFILEDEFAULT\naws_secret_access_key = s\n"
                  "[default]\nregion = ap-east-1\n");
  const presign::profile_credentials keyless{paths(dir)};
  CHECK(keyless.get().error() == errc::credentials_unavailable);
  CHECK(keyless.region() == "ap-east-1");
}

TEST_CASE("profile_credentials: an empty profile name selects nothing") {
  temp_dir dir;
  (void)dir.write("credentials", sample_credentials);
  (void)dir.write("config",
                  "[default]\nregion = us-west-2\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s\n"
                  "[preview]\naws_access_key_id = AKIDPREVIEW\naws_secret_access_key = s\n"
                  "[sso-session x]\nregion = us-east-1\n"
                  "[profile]\naws_access_key_id = AKIDBAREPROFILE\naws_secret_access_key = s\n"
                  "[profile \"\"]\naws_access_key_id = AKIDQUOTEDEMPTY\naws_secret_access_key = s\n");
  const presign::profile_credentials source{paths(dir, "")};
  CHECK(source.get().error() == errc::credentials_unavailable);
  CHECK_FALSE(source.region().has_value());
  CHECK(source.diagnostic().find("not found") != std::string::npos);
  CHECK_FALSE(presign::resolve_region(paths(dir, "")).has_value());
}

namespace {

presign::detail::ini_error parse_all(std::string_view text) {
  presign::detail::ini_section target;
  return presign::detail::parse_ini(
      text, [&](std::string_view name) { return name == "default" ? &target : nullptr; });
}

}  // namespace

TEST_CASE("parse_ini at the size limit: tens of thousands of sections or keys (issue 17, item 4)") {
  // These shapes took 3 to 30 s (quadratic duplicate checks); bench/bench_profile.cpp times
  // them. Here: the duplicate rules still hold at that scale, in any case, at any distance.
  std::string keys = "[default]\n";
  std::size_t lines = 1;
  for (int i = 0; keys.size() < presign::max_config_file_size - 64; ++i, ++lines)
    keys += "key_" + std::to_string(i) + " = v\n";
  CHECK(parse_all(keys).line == 0);
  CHECK(parse_all(keys + "KEY_0 = again\n").line == lines + 1);  // keys are case-insensitive
  std::string sections;
  lines = 0;
  for (int i = 0; sections.size() < presign::max_config_file_size - 64; ++i, lines += 2)
    sections += "[p" + std::to_string(i) + "]\nregion = eu-west-1\n";
  CHECK(parse_all(sections).line == 0);
  CHECK(parse_all(sections + "[p0]\n").line == lines + 1);
  CHECK(parse_all(sections + "[P0]\n").line == 0);  // section names are case-sensitive
}

TEST_CASE("parse_ini reports the earliest error, duplicates included") {
  using presign::detail::ini_error;
  // A repeated key before a malformed line: the key's line, as a line-by-line parser says.
  ini_error e = parse_all("[a]\nk = 1\nK = 2\n[b]\nnot a setting\n");
  CHECK(e.line == 3);
  CHECK(e.reason == "duplicate key in a section");
  // A malformed line before the repeat.
  e = parse_all("[a]\nnot a setting\nk = 1\nk = 2\n");
  CHECK(e.line == 2);
  // The same key in two sections is fine; twice in one of several is not.
  CHECK(parse_all("[a]\nk = 1\n[b]\nk = 2\n[c]\nx = 1\nx = 2\n").line == 7);
  // A repeated section before a repeated key, and the reverse.
  e = parse_all("[a]\n[b]\n[a]\nk = 1\nk = 2\n");
  CHECK(e.line == 3);
  CHECK(e.reason == "duplicate section");
  e = parse_all("[a]\nk = 1\nk = 2\n[b]\n[a]\n");
  CHECK(e.line == 3);
  CHECK(e.reason == "duplicate key in a section");
  // Two repeats of one name: the first repeat is the error.
  CHECK(parse_all("[a]\nk = 1\nx = 0\nk = 2\nk = 3\n").line == 4);
  // A key repeated after a section of the same name ended is a new section's key (refused
  // as a duplicate section, at the header).
  CHECK(parse_all("[a]\nk = 1\n[b]\n[a]\nk = 1\n").line == 4);
}

TEST_CASE("profile_credentials refuses a FIFO, a device and a symlink loop with a clear error (issue 17, item 5)") {
  // A FIFO with no writer made fopen block forever; a loop of symlinks read as "unreadable"
  // and was skipped. Neither is a credentials file: the source fails and says why.
  temp_dir dir;
  (void)dir.write("config", "[default]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = s\n");
  REQUIRE(::mkfifo(dir.file("credentials").c_str(), 0600) == 0);
  {
    const presign::profile_credentials fifo{paths(dir)};
    CHECK(fifo.get().error() == errc::credentials_unavailable);
    CHECK(fifo.diagnostic().find("credentials file " + dir.file("credentials") + " is not a regular file") !=
          std::string::npos);
  }
  fs::remove(dir.file("credentials"));
  fs::create_symlink(dir.file("loop_b"), dir.file("credentials"));
  fs::create_symlink(dir.file("credentials"), dir.file("loop_b"));
  {
    const presign::profile_credentials loop{paths(dir)};
    CHECK(loop.get().error() == errc::credentials_unavailable);
    CAPTURE(loop.diagnostic());
    CHECK(loop.diagnostic().find("is a symlink loop") != std::string::npos);
  }
  // A device (and a directory) is not a regular file either; the config file too.
  fs::remove(dir.file("credentials"));
  fs::remove(dir.file("loop_b"));
  presign::aws_config_paths p = paths(dir);
  p.config_file = "/dev/zero";
  const presign::profile_credentials device{p};
  CHECK(device.get().error() == errc::credentials_unavailable);
  CHECK(device.diagnostic().find("config file /dev/zero is not a regular file") != std::string::npos);
  // A symlink to a regular file is fine.
  const std::string real = dir.write("real_credentials", "[default]\naws_access_key_id = AKIDLINK\naws_secret_access_key = s\n");
  fs::create_symlink(real, dir.file("credentials"));
  CHECK(presign::profile_credentials{paths(dir)}.get()->access_key_id == "AKIDLINK");
}
