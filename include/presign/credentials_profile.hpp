// SPDX-License-Identifier: MIT
// presign: credentials and region from the AWS CLI's shared credentials and config files (opt-in).
#pragma once

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if defined(_WIN32)
#  include <sys/stat.h>  // _fstat64: is it a regular file
#elif defined(__unix__) || defined(__APPLE__)
#  include <fcntl.h>     // open(O_NONBLOCK): a FIFO must not block the reader
#  include <sys/stat.h>  // fstat
#  include <unistd.h>    // close
#endif

#include "presign/config.hpp"
#include "presign/credentials.hpp"
#include "presign/credentials_env.hpp"
#include "presign/detail/home_directory.hpp"
#include "presign/detail/mutex.hpp"
#include "presign/error.hpp"

namespace presign::inline v0 {

/// Where the shared files are and which profile to read.
struct aws_config_paths {
  std::string credentials_file;  ///< ~/.aws/credentials unless AWS_SHARED_CREDENTIALS_FILE
  std::string config_file;       ///< ~/.aws/config unless AWS_CONFIG_FILE
  std::string profile;           ///< AWS_PROFILE, else AWS_DEFAULT_PROFILE, else "default"
};

/// The AWS CLI's defaults, read from the environment now: AWS_SHARED_CREDENTIALS_FILE (else
/// ~/.aws/credentials), AWS_CONFIG_FILE (else ~/.aws/config), with a leading ~ expanded from
/// HOME (Windows: USERPROFILE, else HOMEDRIVE+HOMEPATH; "~\" too, see home_directory.hpp);
/// the profile from AWS_PROFILE, else the legacy AWS_DEFAULT_PROFILE, else "default" (the SDKs
/// read only AWS_PROFILE; botocore also reads AWS_DEFAULT_PROFILE). Empty variables count as
/// unset. Allocates; not safe against a concurrent setenv.
[[nodiscard]] inline aws_config_paths default_aws_config_paths() {
  aws_config_paths p;
  const std::string_view creds = detail::getenv_view("AWS_SHARED_CREDENTIALS_FILE");
  p.credentials_file = detail::expand_home(creds.empty() ? std::string_view{"~/.aws/credentials"} : creds);
  const std::string_view config = detail::getenv_view("AWS_CONFIG_FILE");
  p.config_file = detail::expand_home(config.empty() ? std::string_view{"~/.aws/config"} : config);
  std::string_view profile = detail::getenv_view("AWS_PROFILE");
  if (profile.empty()) profile = detail::getenv_view("AWS_DEFAULT_PROFILE");
  p.profile = profile.empty() ? std::string{"default"} : std::string{profile};
  return p;
}

/// Files larger than this are refused (errc::credentials_unavailable): a credentials file is a
/// few hundred bytes, and a huge one is a mistake (or /dev/zero) we should not read into memory.
inline constexpr std::size_t max_config_file_size = std::size_t{1} << 20;

namespace detail {

enum class file_status : std::uint8_t { ok, missing, unreadable, too_large, not_regular, symlink_loop };

// Opens `path` for reading only if it is a regular file (after following symlinks). A FIFO
// with no writer would block fopen forever, a device (/dev/zero, a tty) is no credentials
// file: both are not_regular, found without blocking (POSIX: open with O_NONBLOCK, then
// fstat). A loop of symlinks is symlink_loop; ENOENT/ENOTDIR missing; anything else
// unreadable. On success `f` is the open stream (in blocking mode).
[[nodiscard]] inline file_status open_regular_file(const std::string& path, std::FILE*& f) noexcept {
  f = nullptr;
#if defined(_WIN32)
  f = std::fopen(path.c_str(), "rb");  // NOLINT(cppcoreguidelines-owning-memory)
  if (f == nullptr) return errno == ENOENT || errno == ENOTDIR ? file_status::missing : file_status::unreadable;
  struct _stat64 st {};
  if (_fstat64(_fileno(f), &st) != 0 || (st.st_mode & _S_IFMT) != _S_IFREG) {
    std::fclose(f);
    f = nullptr;
    return file_status::not_regular;
  }
  return file_status::ok;
#elif defined(__unix__) || defined(__APPLE__)
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return file_status::missing;
    return errno == ELOOP ? file_status::symlink_loop : file_status::unreadable;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return file_status::not_regular;
  }
  // Back to blocking reads (no effect on regular files on Linux, but not everywhere).
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
    ::close(fd);
    return file_status::unreadable;
  }
  f = ::fdopen(fd, "rb");
  if (f == nullptr) {
    ::close(fd);
    return file_status::unreadable;
  }
  return file_status::ok;
#else
  // No POSIX descriptors (bare metal: newlib, picolibc): the C library's fopen, whatever
  // file system the firmware gives it; there are no FIFOs or devices to guard against.
  f = std::fopen(path.c_str(), "rb");  // NOLINT(cppcoreguidelines-owning-memory)
  if (f == nullptr) return errno == ENOENT ? file_status::missing : file_status::unreadable;
  return file_status::ok;
#endif
}

// Makes room for `n` chars in `s` without ever letting the string's own reallocation free a
// buffer that still holds its contents (a secret, in a credentials file): when the capacity is
// short, the contents move to a new buffer (at least twice as large, so repeated growth stays
// linear) and the old one is wiped before it is released. A template so that tests can watch
// the allocator.
template <class String>
void reserve_wiping(String& s, std::size_t n) {
  if (n <= s.capacity()) return;
  String bigger(s.get_allocator());
  bigger.reserve(n < s.capacity() * 2 ? s.capacity() * 2 : n);
  bigger.append(s);
  s.swap(bigger);
  wipe_string(bigger);  // the old buffer, released when `bigger` goes out of scope
}

// The size of an open file in bytes, or -1 when it has none (a pipe, a /proc file...).
[[nodiscard]] inline long file_size_of(std::FILE* f) noexcept {
  if (std::fseek(f, 0, SEEK_END) != 0) return -1;
  const long size = std::ftell(f);
  if (std::fseek(f, 0, SEEK_SET) != 0) return -1;
  return size;
}

// Reads a whole file of at most max_config_file_size bytes into `out`. The file text is
// secret: `out` is sized once from the file's size, and grows (should the file have grown
// meanwhile or have no size) only through reserve_wiping, so no copy of it is freed unwiped;
// on failure `out` is wiped.
template <class String>
[[nodiscard]] file_status read_config_file(const std::string& path, String& out) {
  out.clear();
  if (path.empty()) return file_status::missing;
  std::FILE* f = nullptr;
  if (const file_status opened = open_regular_file(path, f); opened != file_status::ok) return opened;
  // Room for the whole file up front, capped (a directory may report any size, and is only
  // found out by the read failing). +1 lets a file that grew by a byte meanwhile reach the
  // size check below without a reallocation.
  if (const long size = file_size_of(f); size > 0) {
    const auto bytes = static_cast<unsigned long>(size);
    const std::size_t capped =
        bytes < max_config_file_size ? static_cast<std::size_t>(bytes) : max_config_file_size;
    reserve_wiping(out, capped + 1);
  }
  file_status status = file_status::ok;
  char buf[4096];
  for (;;) {
    const std::size_t n = std::fread(buf, 1, sizeof buf, f);
    if (n > 0) {
      if (out.size() + n > max_config_file_size) {
        status = file_status::too_large;
        break;
      }
      reserve_wiping(out, out.size() + n);
      out.append(buf, n);
    }
    if (n < sizeof buf) {
      if (std::ferror(f) != 0) status = file_status::unreadable;  // e.g. EISDIR for a directory
      break;
    }
  }
  std::fclose(f);
  volatile char* p = buf;  // the stack buffer held a piece of the file: wipe it
  for (std::size_t i = 0; i < sizeof buf; ++i) p[i] = '\0';
  if (status != file_status::ok) wipe_string(out);
  return status;
}

[[nodiscard]] constexpr bool ini_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

[[nodiscard]] constexpr std::string_view ini_trim(std::string_view s) noexcept {
  while (!s.empty() && ini_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && ini_space(s.back())) s.remove_suffix(1);
  return s;
}

// The AWS SDKs' shared-config rule: in a value, '#' or ';' preceded by whitespace starts a
// comment. (botocore keeps them, but credentials never contain whitespace, so stripping can
// only turn a value that would be refused into one that works.)
[[nodiscard]] constexpr std::string_view ini_strip_inline_comment(std::string_view v) noexcept {
  for (std::size_t i = 1; i < v.size(); ++i) {
    if ((v[i] == '#' || v[i] == ';') && (v[i - 1] == ' ' || v[i - 1] == '\t')) {
      return ini_trim(v.substr(0, i));
    }
  }
  return v;
}

// One section of interest and the settings found in it. Keys are lowercased.
struct ini_section {
  bool found = false;
  std::vector<std::pair<std::string, std::string>> entries;

  [[nodiscard]] const std::string* find(std::string_view key) const noexcept {
    for (const auto& kv : entries) {
      if (kv.first == key) return &kv.second;
    }
    return nullptr;
  }
  /// Appends a setting. The values may be secrets, and a short one lives inside its
  /// std::string (small-string buffer), so inside the vector's storage: when the vector must
  /// grow, the entries move to a larger one and the old storage is wiped before it is freed
  /// (a plain emplace_back would free it with the secret in it).
  std::string& add(std::string key, std::string_view value) {
    if (entries.size() == entries.capacity()) {
      std::vector<std::pair<std::string, std::string>> bigger;
      bigger.reserve(entries.capacity() < 4 ? 8 : entries.capacity() * 2);
      for (auto& kv : entries) bigger.emplace_back(std::move(kv.first), std::move(kv.second));
      for (auto& kv : entries) wipe_string(kv.second);  // the moved-from inline bytes
      entries.swap(bigger);
    }
    entries.emplace_back(std::move(key), std::string{});
    std::string& v = entries.back().second;
    v.assign(value);  // built in place: no temporary holding the value
    return v;
  }
  void clear() noexcept {
    for (auto& kv : entries) wipe_string(kv.second);
    entries.clear();
    found = false;
  }
  ini_section() = default;
  ini_section(const ini_section&) = delete;
  ini_section& operator=(const ini_section&) = delete;
  ~ini_section() { clear(); }
};

// Duplicate detection for INI names without a node per name: names (views of the file text)
// are collected with their line, and checked at once by sorting on a hash, so a file of
// 1 MiB with tens of thousands of sections or keys parses in linear-logarithmic time (linear
// lists took seconds; see bench/bench_profile.cpp). `fold` compares ASCII case-insensitively
// (keys are lowercased; section names are case-sensitive). Not thread-safe; allocates.
class ini_duplicate_finder {
 public:
  explicit ini_duplicate_finder(bool fold) noexcept : fold_(fold) {}
  void add(std::string_view name, std::size_t line) { names_.push_back({hash(name), line, name}); }
  void clear() noexcept { names_.clear(); }
  /// The line of the earliest name that repeats an earlier one; 0 when all differ.
  [[nodiscard]] std::size_t first_repeat() {
    std::sort(names_.begin(), names_.end(), [](const entry& x, const entry& y) {
      return x.hash != y.hash ? x.hash < y.hash : x.line < y.line;
    });
    std::size_t first = 0;
    for (std::size_t i = 0; i < names_.size();) {
      std::size_t j = i + 1;
      while (j < names_.size() && names_[j].hash == names_[i].hash) ++j;
      // [i, j) share a hash, in line order: any later one equal to an earlier one repeats it.
      for (std::size_t k = i + 1; k < j; ++k) {
        for (std::size_t m = i; m < k; ++m) {
          if (equal(names_[m].name, names_[k].name)) {
            if (first == 0 || names_[k].line < first) first = names_[k].line;
            break;
          }
        }
      }
      i = j;
    }
    return first;
  }

 private:
  struct entry {
    std::uint64_t hash;
    std::size_t line;
    std::string_view name;
  };
  [[nodiscard]] char folded(char c) const noexcept {
    return fold_ && c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  [[nodiscard]] std::uint64_t hash(std::string_view s) const noexcept {
    std::uint64_t h = 14695981039346656037ull;  // FNV-1a
    for (char c : s) h = (h ^ static_cast<unsigned char>(folded(c))) * 1099511628211ull;
    return h;
  }
  [[nodiscard]] bool equal(std::string_view x, std::string_view y) const noexcept {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (folded(x[i]) != folded(y[i])) return false;
    }
    return true;
  }
  bool fold_;
  std::vector<entry> names_;
};

struct ini_error {
  std::size_t line = 0;       // 1-based; 0 = no error
  std::string_view reason{};  // a fixed English phrase: never file content
};

// Parses INI text the way botocore does (Python's configparser, RawConfigParser defaults):
// full-line comments start with '#' or ';'; `key = value` or `key: value`, whitespace around
// both trimmed, keys case-insensitive (lowercased); a line indented deeper than the key line
// before it continues that value; a duplicate section or duplicate key in one section, a
// setting before any section, or a line that is none of these is an error. Section names are
// case-sensitive. Deliberate differences, all lenient: a UTF-8 BOM is skipped, whitespace
// inside the brackets is trimmed, " #"/" ;" start an inline comment in a value (the AWS SDKs'
// rule), and configparser's special [DEFAULT] section is an ordinary section. `select(name)` picks the ini_section (or nullptr) to fill for a header.
// Duplicates are found in batches (ini_duplicate_finder): keys when their section ends,
// sections at the end; any error reported is still the earliest line's, as a line-by-line
// parser would report it.
template <class Select>
[[nodiscard]] ini_error parse_ini(std::string_view text, Select select) {
  ini_duplicate_finder seen_sections{false};  // names only (views of `text`), never values
  ini_duplicate_finder seen_keys{true};       // of the current section
  std::size_t repeated_key_line = 0;          // the earliest repeated key in a finished section
  // The earliest of: an error found at `line` (0: none), a repeated key, a repeated section.
  const auto earliest = [&](std::size_t line, std::string_view reason) -> ini_error {
    ini_error e{line, reason};
    const std::size_t key_line = seen_keys.first_repeat();
    if (key_line != 0 && (repeated_key_line == 0 || key_line < repeated_key_line))
      repeated_key_line = key_line;
    if (repeated_key_line != 0 && (e.line == 0 || repeated_key_line < e.line))
      e = {repeated_key_line, "duplicate key in a section"};
    const std::size_t section_line = seen_sections.first_repeat();
    if (section_line != 0 && (e.line == 0 || section_line < e.line))
      e = {section_line, "duplicate section"};
    return e;
  };
  bool in_section = false;
  ini_section* target = nullptr;
  std::string* last_value = nullptr;       // the value a continuation line extends
  bool have_option = false;
  std::size_t option_indent = 0;
  std::size_t blank_lines = 0;             // inside a value, kept if a continuation follows
  std::size_t line_no = 0;
  while (!text.empty()) {
    // Lines end at LF, CRLF or a lone CR (Python's universal newlines).
    // (A plain loop: find_first_of calls memchr on the two-byte set once per text byte.)
    std::size_t eol = 0;
    while (eol < text.size() && text[eol] != '\r' && text[eol] != '\n') ++eol;
    if (eol == text.size()) eol = std::string_view::npos;
    std::string_view line = text.substr(0, eol);
    std::size_t next = eol == std::string_view::npos ? text.size() : eol + 1;
    if (eol != std::string_view::npos && text[eol] == '\r' && next < text.size() && text[next] == '\n') ++next;
    text.remove_prefix(next);
    ++line_no;
    if (line_no == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);  // UTF-8 BOM
    std::size_t indent = 0;
    while (indent < line.size() && (line[indent] == ' ' || line[indent] == '\t')) ++indent;
    const std::string_view body = ini_trim(line);
    if (body.empty()) {
      ++blank_lines;
      continue;
    }
    if (body[0] == '#' || body[0] == ';') continue;
    if (have_option && indent > option_indent) {
      if (last_value != nullptr) {
        // The value may be a secret: grow it without freeing an unwiped copy.
        reserve_wiping(*last_value, last_value->size() + blank_lines + 1 + body.size());
        last_value->append(blank_lines + 1, '\n');
        last_value->append(body);
      }
      blank_lines = 0;
      continue;
    }
    blank_lines = 0;
    if (body[0] == '[') {
      // configparser's \[(?P<header>.+)\]: up to the last ']', anything after it ignored.
      const std::size_t close = body.rfind(']');
      if (close == 0 || close == std::string_view::npos) return earliest(line_no, "section header without ']'");
      const std::string_view name = ini_trim(body.substr(1, close - 1));
      if (name.empty()) return earliest(line_no, "empty section name");
      seen_sections.add(name, line_no);
      if (const std::size_t k = seen_keys.first_repeat(); k != 0 && repeated_key_line == 0)
        repeated_key_line = k;  // sections come in line order: the first found is the earliest
      seen_keys.clear();
      in_section = true;
      have_option = false;
      last_value = nullptr;
      target = select(name);
      if (target != nullptr) {
        target->clear();  // the later of two equivalent headers wins, as in botocore
        target->found = true;
      }
      continue;
    }
    if (!in_section) return earliest(line_no, "setting before any [section] header");
    const std::size_t delim = body.find_first_of("=:");
    if (delim == std::string_view::npos) return earliest(line_no, "expected 'key = value'");
    const std::string_view raw_key = ini_trim(body.substr(0, delim));
    if (raw_key.empty()) return earliest(line_no, "empty key");
    seen_keys.add(raw_key, line_no);
    have_option = true;
    option_indent = indent;
    last_value = nullptr;
    if (target != nullptr) {
      std::string key{raw_key};
      for (char& c : key) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      const std::string_view value = ini_strip_inline_comment(ini_trim(body.substr(delim + 1)));
      last_value = &target->add(std::move(key), value);
    }
  }
  return earliest(0, {});
}

// "PREFIX NAME" (botocore splits the header like a shell: exactly two words, quotes allowed)
// -> NAME; otherwise empty. The config file's "profile NAME" and "services NAME" sections.
[[nodiscard]] constexpr std::string_view config_section_name(std::string_view header,
                                                             std::string_view prefix) noexcept {
  if (header.substr(0, prefix.size()) != prefix || header.size() == prefix.size() ||
      !ini_space(header[prefix.size()])) {
    return {};
  }
  std::string_view name = ini_trim(header.substr(prefix.size()));
  if (name.size() >= 2 && (name.front() == '"' || name.front() == '\'') && name.back() == name.front()) {
    const char quote = name.front();
    name = name.substr(1, name.size() - 2);
    return name.find(quote) == std::string_view::npos ? name : std::string_view{};
  }
  for (char c : name) {
    if (ini_space(c) || c == '"' || c == '\'') return {};
  }
  return name;
}

[[nodiscard]] constexpr std::string_view config_profile_name(std::string_view header) noexcept {
  return config_section_name(header, "profile");
}

// Everything one load of the two files produced.
struct profile_state {
  result<owned_credentials> credentials{errc::credentials_unavailable};
  std::optional<std::string> region;
  std::string diagnostic;  // paths, line numbers, key names: never values
};

[[nodiscard]] inline std::string_view file_status_text(file_status s) noexcept {
  switch (s) {
    case file_status::ok: return "read";
    case file_status::missing: return "not found";
    case file_status::unreadable: return "unreadable";
    case file_status::too_large: return "larger than 1 MiB";
    case file_status::not_regular: return "not a regular file";
    case file_status::symlink_loop: return "a symlink loop";
  }
  return "?";
}

// Credentials from one profile section, botocore-style: a section with aws_access_key_id
// supplies the whole set (secret and token from the same section; no mixing across files).
[[nodiscard]] inline result<owned_credentials> credentials_from_section(const ini_section& s) {
  const std::string* akid = s.find("aws_access_key_id");
  const std::string* secret = s.find("aws_secret_access_key");
  const std::string* token = s.find("aws_session_token");
  if (token == nullptr || token->empty()) token = s.find("aws_security_token");  // legacy name
  if (akid == nullptr || secret == nullptr) return errc::missing_credentials;
  const credentials_view v{*akid, *secret, token != nullptr ? std::string_view{*token} : std::string_view{},
                           no_expiration};
  if (const errc e = validate_credentials(v); e != errc::ok) return e;
  return owned_credentials{v};
}

[[nodiscard]] inline profile_state load_profile(const aws_config_paths& paths) {
  profile_state st;
  ini_section cred_section;
  // [profile NAME]; for "default" also [default]. botocore's build_profile_map assigns
  // profiles[name] section by section in file order, so when both [default] and
  // [profile default] are present the later one replaces the earlier whole (no merging):
  // parse_ini does the same by clearing a section that is selected again.
  ini_section config_section;
  const std::string_view profile = paths.profile;
  if (profile.empty()) {
    // Not a name any section can have here ([] is malformed), and config_profile_name() says
    // "" for every header that is not a profile: select nothing rather than everything.
    st.diagnostic = "profile '' not found: the profile name is empty";
    return st;
  }

  std::string text;
  const file_status cred_status = read_config_file(paths.credentials_file, text);
  ini_error err{};
  if (cred_status == file_status::ok) {
    // In the credentials file a profile's section is its bare name, "default" included.
    err = parse_ini(text, [&](std::string_view name) { return name == profile ? &cred_section : nullptr; });
    wipe_string(text);
    if (err.line != 0) {
      st.diagnostic = "credentials file " + paths.credentials_file + ": line " + std::to_string(err.line) +
                      ": " + std::string{err.reason};
      return st;
    }
  }
  const file_status config_status = read_config_file(paths.config_file, text);
  if (config_status == file_status::ok) {
    err = parse_ini(text, [&](std::string_view name) -> ini_section* {
      if (config_profile_name(name) == profile) return &config_section;
      if (name == "default" && profile == "default") return &config_section;
      return nullptr;
    });
    wipe_string(text);
    if (err.line != 0) {
      st.diagnostic = "config file " + paths.config_file + ": line " + std::to_string(err.line) + ": " +
                      std::string{err.reason};
      return st;
    }
  }
  // Files that must not be used at all (too large, not a regular file, a symlink loop) make
  // the source fail, and say which and why.
  const auto refused = [](file_status s) {
    return s == file_status::too_large || s == file_status::not_regular || s == file_status::symlink_loop;
  };
  if (refused(cred_status) || refused(config_status)) {
    const bool cred = refused(cred_status);
    st.diagnostic = cred ? "credentials file " + paths.credentials_file : "config file " + paths.config_file;
    st.diagnostic += " is " + std::string{file_status_text(cred ? cred_status : config_status)};
    return st;
  }
  const ini_section& config = config_section;

  st.diagnostic = "credentials file " + paths.credentials_file + " " +
                  std::string{file_status_text(cred_status)} + ", config file " + paths.config_file + " " +
                  std::string{file_status_text(config_status)} + "; profile '" + paths.profile + "' ";
  const auto take = [&st](const ini_section& section, std::string_view where) {
    st.credentials = credentials_from_section(section);
    if (st.credentials) {
      st.diagnostic += "has credentials in the " + std::string{where} + " file";
    } else if (st.credentials.error() == errc::missing_credentials) {
      st.diagnostic += "has aws_access_key_id but no aws_secret_access_key in the " + std::string{where} + " file";
    } else {
      st.diagnostic += "has malformed credentials in the " + std::string{where} + " file";
    }
  };
  if (cred_section.find("aws_access_key_id") != nullptr) {
    take(cred_section, "credentials");
  } else if (config.find("aws_access_key_id") != nullptr) {
    take(config, "config");
  } else if (cred_section.find("aws_secret_access_key") != nullptr ||
             config.find("aws_secret_access_key") != nullptr) {
    st.credentials = errc::missing_credentials;
    st.diagnostic += "has aws_secret_access_key but no aws_access_key_id";
  } else if (cred_section.found || config.found) {
    st.diagnostic += "has no static keys (assumed roles, SSO and credential_process are not supported)";
  } else {
    st.diagnostic += "not found";
  }
  // Other settings merge per key, the credentials file winning (botocore's full_config).
  const std::string* region = cred_section.find("region");
  if (region == nullptr || region->empty()) region = config.find("region");
  if (region != nullptr && !region->empty()) st.region = *region;
  return st;
}

}  // namespace detail

/// Static credentials (aws_access_key_id, aws_secret_access_key, optional aws_session_token)
/// and the region of one profile in the AWS CLI's shared files, parsed by botocore's rules: the
/// credentials file's section is `[name]`, the config file's `[profile name]` (`[default]` or
/// `[profile default]` for the default profile; when a file has both, the later section wins
/// whole); an empty profile name selects nothing; a profile that has aws_access_key_id in the
/// credentials file takes all its keys from there, else from the config file; other settings
/// merge per key with the credentials file winning. A missing or unreadable file counts as
/// empty; a malformed file, one over max_config_file_size, anything that is not a regular
/// file (a FIFO, which is never opened in a blocking way, a device, a directory) and a symlink
/// loop make the source fail, diagnostic() saying which file and why. The files
/// are read by the constructor and by reload(); get(), region() and diagnostic() are
/// thread-safe, also against a concurrent reload(). Allocates. Assumed roles, SSO and
/// credential_process are not supported (errc::credentials_unavailable).
class profile_credentials {
 public:
  /// Reads the files now.
  explicit profile_credentials(aws_config_paths paths = default_aws_config_paths())
      : paths_(std::move(paths)), impl_(std::make_unique<impl>()) {
    impl_->state = std::make_shared<const detail::profile_state>(detail::load_profile(paths_));
  }
  profile_credentials(const profile_credentials& other)
      : paths_(other.paths_), impl_(std::make_unique<impl>()) {
    impl_->state = other.snapshot();
  }
  profile_credentials& operator=(const profile_credentials& other) {
    if (this != &other) {
      profile_credentials copy{other};
      *this = std::move(copy);
    }
    return *this;
  }
  profile_credentials(profile_credentials&&) noexcept = default;
  profile_credentials& operator=(profile_credentials&&) noexcept = default;
  ~profile_credentials() = default;

  /// The profile's credentials. Errors: credentials_unavailable (no files, profile not found,
  /// no static keys in it, a malformed or oversized file; see diagnostic()),
  /// missing_credentials (a key id without secret or the reverse), invalid_credentials.
  [[nodiscard]] result<owned_credentials> get() const {
    const auto st = snapshot();
    if (st == nullptr) return errc::credentials_unavailable;  // moved-from
    return st->credentials;
  }

  /// The profile's `region` setting, if any.
  [[nodiscard]] std::optional<std::string> region() const {
    const auto st = snapshot();
    return st == nullptr ? std::nullopt : st->region;
  }

  /// What the last load found, in English, for logs: file paths, line numbers, key names; never
  /// a value from the files.
  [[nodiscard]] std::string diagnostic() const {
    const auto st = snapshot();
    return st == nullptr ? std::string{} : st->diagnostic;
  }

  /// The files and profile this source reads.
  [[nodiscard]] const aws_config_paths& paths() const noexcept { return paths_; }

  /// Reads the files again; readers see either the old or the new result, never a mix.
  void reload() {
    auto fresh = std::make_shared<const detail::profile_state>(detail::load_profile(paths_));
    const std::lock_guard<detail::mutex> lock{impl_->mutex};
    impl_->state.swap(fresh);
  }

 private:
  struct impl {
    detail::mutex mutex;  // std::mutex where there are threads
    std::shared_ptr<const detail::profile_state> state;
  };

  [[nodiscard]] std::shared_ptr<const detail::profile_state> snapshot() const {
    if (impl_ == nullptr) return nullptr;
    const std::lock_guard<detail::mutex> lock{impl_->mutex};
    return impl_->state;
  }

  aws_config_paths paths_;
  std::unique_ptr<impl> impl_;
};

/// The region to use, by aws-cli's and botocore's order: AWS_DEFAULT_REGION, else AWS_REGION
/// (which the AWS CLI v2 and the other SDKs read; botocore does not), else the profile's
/// `region` in the shared files (see profile_credentials), else nullopt. Reads the
/// environment and the files now. Allocates.
[[nodiscard]] inline std::optional<std::string> resolve_region(
    const aws_config_paths& paths = default_aws_config_paths()) {
  if (const std::string_view r = detail::getenv_view("AWS_DEFAULT_REGION"); !r.empty()) return std::string{r};
  if (const std::string_view r = detail::getenv_view("AWS_REGION"); !r.empty()) return std::string{r};
  return detail::load_profile(paths).region;
}

/// The usual chain: environment variables, then the shared files' profile (both read now).
[[nodiscard]] inline credentials_chain<environment_credentials, profile_credentials>
default_credentials_chain(aws_config_paths paths = default_aws_config_paths()) {
  return credentials_chain<environment_credentials, profile_credentials>{
      environment_credentials{}, profile_credentials{std::move(paths)}};
}

}  // namespace presign::inline v0
