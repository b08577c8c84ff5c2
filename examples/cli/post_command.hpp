// SPDX-License-Identifier: MIT
// The presign CLI: `presign post s3://BUCKET/KEY`, a presigned POST form for browser uploads.
#pragma once

#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <presign/presign.hpp>

#include "args.hpp"
#include "json_writer.hpp"
#include "presign_command.hpp"

namespace presign_cli {

inline constexpr std::string_view post_usage =
    "usage: presign post [options] s3://BUCKET/KEY\n"
    "\n"
    "Prints a presigned POST form (AWS Signature Version 4 POST policy) for a browser upload\n"
    "to s3://BUCKET/KEY: the URL to POST to and the form fields to send, the file last.\n"
    "KEY may contain ${filename}, which S3 replaces with the uploaded file's name (the policy\n"
    "then allows any key that starts with the part before it).\n"
    "\n"
    "options:\n"
    "  --expires-in N            seconds the policy is valid, 1..604800 (default 3600)\n"
    "  --field NAME=VALUE        a form field to send (repeatable): acl, Content-Type,\n"
    "                            Cache-Control, Content-Disposition, success_action_status,\n"
    "                            success_action_redirect, x-amz-meta-*, tagging,\n"
    "                            x-amz-server-side-encryption, x-amz-storage-class, ...; it gets\n"
    "                            an exact-match condition unless a --condition names it\n"
    "  --condition JSON          a policy condition (repeatable), one of\n"
    "                              '{\"acl\": \"public-read\"}'\n"
    "                              '[\"eq\", \"$key\", \"user/a.txt\"]'\n"
    "                              '[\"starts-with\", \"$Content-Type\", \"image/\"]'\n"
    "                              '[\"content-length-range\", 0, 1048576]'\n"
    "  --content-length-range MIN,MAX   the file's size limits in bytes\n"
    "  --key-starts-with PREFIX  allow any key with this prefix (\"\" allows any key)\n"
    "  --policy-file PATH        sign this policy document verbatim instead of building one\n"
    "                            (it must name the bucket, key, fields and x-amz-* values)\n"
    "  --output json|curl|html   json (default): {\"url\": ..., \"fields\": {...}} in the order\n"
    "                            to send; curl: a curl command line; html: an upload page\n"
    "  --file PATH               the file in the curl command line (default FILE)\n"
    "  --debug                   print the policy document on stderr\n"
    "  --region R, --endpoint-url URL, --addressing-style auto|virtual|path, --host HOST,\n"
    "  --global-endpoint, --dualstack, --accelerate, --fips, --signing-time YYYYMMDDTHHMMSSZ,\n"
    "  --profile NAME            as for `presign` (see presign --help)\n"
    "\n"
    "Credentials as for `presign`. Exit status: 0 success, 1 signing error, 2 usage error.\n"
    "\n"
    "example:\n"
    "  presign post --expires-in 600 --content-length-range 0,10485760 \\\n"
    "      --field success_action_status=201 --output curl --file photo.jpg \\\n"
    "      's3://my-bucket/uploads/${filename}'\n";

namespace post_detail {

/// A parsed JSON value: enough of RFC 8259 for policy conditions (strings, integers, arrays,
/// objects; no fractions or exponents, no true/false/null).
struct json_value {
  enum class kind { string, integer, array, object } type = kind::string;
  std::string text;
  long long integer = 0;
  std::vector<json_value> items;         // array items; object member values
  std::vector<std::string> member_names;  // object member names (items holds the values)
};

class json_parser {
 public:
  explicit json_parser(std::string_view s) : s_(s) {}

  std::optional<json_value> parse_document() {
    auto v = value(0);
    skip_space();
    if (!v || i_ != s_.size()) return std::nullopt;
    return v;
  }

 private:
  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
      ++i_;
  }
  bool eat(char c) {
    skip_space();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  std::optional<json_value> value(int depth) {
    if (depth > 8) return std::nullopt;
    skip_space();
    if (i_ >= s_.size()) return std::nullopt;
    json_value v;
    const char c = s_[i_];
    if (c == '"') {
      auto str = string();
      if (!str) return std::nullopt;
      v.text = std::move(*str);
      return v;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      const std::size_t start = i_;
      if (c == '-') ++i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      const auto n = parse_integer(s_.substr(start, i_ - start), -(1LL << 53), 1LL << 53);
      if (!n) return std::nullopt;
      v.type = json_value::kind::integer;
      v.integer = *n;
      return v;
    }
    if (c == '[') {
      ++i_;
      v.type = json_value::kind::array;
      if (eat(']')) return v;
      do {
        auto item = value(depth + 1);
        if (!item) return std::nullopt;
        v.items.push_back(std::move(*item));
      } while (eat(','));
      if (!eat(']')) return std::nullopt;
      return v;
    }
    if (c == '{') {
      ++i_;
      v.type = json_value::kind::object;
      if (eat('}')) return v;
      do {
        skip_space();
        auto name = string();
        if (!name || !eat(':')) return std::nullopt;
        auto member = value(depth + 1);
        if (!member) return std::nullopt;
        v.member_names.push_back(std::move(*name));
        v.items.push_back(std::move(*member));
      } while (eat(','));
      if (!eat('}')) return std::nullopt;
      return v;
    }
    return std::nullopt;
  }
  std::optional<unsigned> hex4() {
    if (s_.size() - i_ < 4) return std::nullopt;
    unsigned u = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[i_++];
      const int d = (c >= '0' && c <= '9')   ? c - '0'
                    : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                    : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                             : -1;
      if (d < 0) return std::nullopt;
      u = u * 16 + static_cast<unsigned>(d);
    }
    return u;
  }
  static void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  // A JSON string at i_ (the opening quote), unescaped to UTF-8.
  std::optional<std::string> string() {
    if (i_ >= s_.size() || s_[i_] != '"') return std::nullopt;
    ++i_;
    std::string out;
    while (i_ < s_.size()) {
      const char c = s_[i_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) return std::nullopt;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= s_.size()) return std::nullopt;
      const char e = s_[i_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          auto u = hex4();
          if (!u) return std::nullopt;
          unsigned cp = *u;
          if (cp >= 0xD800 && cp <= 0xDBFF) {  // a surrogate pair makes one code point
            if (s_.substr(i_, 2) != "\\u") return std::nullopt;
            i_ += 2;
            auto lo = hex4();
            if (!lo || *lo < 0xDC00 || *lo > 0xDFFF) return std::nullopt;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (*lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return std::nullopt;  // a lone low surrogate is no character
          }
          append_utf8(out, cp);
          break;
        }
        default: return std::nullopt;
      }
    }
    return std::nullopt;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

/// A condition as given on the command line, owning its strings.
struct condition_arg {
  presign::post_condition_kind kind = presign::post_condition_kind::exact;
  std::string field;
  std::string value;
  long long min = 0;
  long long max = 0;
};

inline std::optional<condition_arg> parse_condition(std::string_view text, std::string& why) {
  const auto v = json_parser(text).parse_document();
  if (!v) {
    why = "--condition is not valid JSON (strings, integers, arrays, objects)";
    return std::nullopt;
  }
  condition_arg c;
  using kind = json_value::kind;
  if (v->type == kind::object) {
    if (v->member_names.size() != 1 || v->items[0].type != kind::string) {
      why = "an object --condition has exactly one member with a string value";
      return std::nullopt;
    }
    c.kind = presign::post_condition_kind::exact;
    c.field = v->member_names[0];
    c.value = v->items[0].text;
    return c;
  }
  if (v->type == kind::array && v->items.size() == 3 && v->items[0].type == kind::string) {
    const std::string& op = v->items[0].text;
    if (op == "content-length-range" && v->items[1].type == kind::integer &&
        v->items[2].type == kind::integer) {
      c.kind = presign::post_condition_kind::content_length_range;
      c.min = v->items[1].integer;
      c.max = v->items[2].integer;
      return c;
    }
    if ((op == "eq" || op == "starts-with") && v->items[1].type == kind::string &&
        v->items[2].type == kind::string && !v->items[1].text.empty() &&
        v->items[1].text[0] == '$') {
      c.kind = op == "eq" ? presign::post_condition_kind::eq
                          : presign::post_condition_kind::starts_with;
      c.field = v->items[1].text.substr(1);
      c.value = v->items[2].text;
      return c;
    }
  }
  why = "--condition must be {\"name\": \"value\"}, [\"eq\"|\"starts-with\", \"$name\", \"value\"] "
        "or [\"content-length-range\", MIN, MAX]";
  return std::nullopt;
}

inline bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

/// `s` quoted for a POSIX shell.
inline std::string shell_quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

/// `s` escaped for an HTML attribute value in double quotes or for text.
inline std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace post_detail

/// Runs `presign post [options] s3://BUCKET/KEY`; returns the exit status.
inline int run_post(arg_reader& args) {
  common_options common;
  std::string expires_text = "3600";
  bool expires_given = false;
  std::string output = "json";
  std::string file = "FILE";
  std::vector<std::string> condition_texts;
  std::vector<std::string> field_texts;
  std::optional<std::string> length_range;
  std::optional<std::string> key_prefix;
  std::optional<std::string> policy_file;
  std::optional<std::string> target;
  bool debug = false;

  while (!args.done()) {
    const std::string_view a = args.peek();
    if (a == "--help" || a == "-h") {
      std::fputs(post_usage.data(), stdout);
      return 0;
    }
    if (common.read(args)) continue;
    if (auto v = args.option("--expires-in")) { expires_text = *v; expires_given = true; continue; }
    if (auto v = args.option("--output")) { output = *v; continue; }
    if (auto v = args.option("--condition")) { condition_texts.push_back(*v); continue; }
    if (auto v = args.option("--field")) { field_texts.push_back(*v); continue; }
    if (auto v = args.option("--content-length-range")) { length_range = *v; continue; }
    if (auto v = args.option("--key-starts-with")) { key_prefix = *v; continue; }
    if (auto v = args.option("--policy-file")) { policy_file = *v; continue; }
    if (auto v = args.option("--file")) { file = *v; continue; }
    if (args.flag("--debug")) { debug = true; continue; }
    if (args.error()) break;
    if (a.size() > 1 && a[0] == '-') {
      std::fprintf(stderr, "presign post: unknown option %.*s (see presign post --help)\n",
                   static_cast<int>(a.size()), a.data());
      return 2;
    }
    if (target) {
      std::fprintf(stderr, "presign post: exactly one s3://BUCKET/KEY is expected\n");
      return 2;
    }
    target = args.positional();
  }
  const auto usage = [](std::string_view message) {
    std::fprintf(stderr, "presign post: %.*s (see presign post --help)\n",
                 static_cast<int>(message.size()), message.data());
    return 2;
  };
  if (args.error()) return usage(args.error()->message);
  if (!target) return usage("missing s3://BUCKET/KEY");
  const auto uri = parse_s3_uri(*target);
  if (!uri || uri->bucket_only || uri->key.empty())
    return usage("the target must look like s3://BUCKET/KEY");
  const auto expires = parse_integer(expires_text, -(1LL << 62), 1LL << 62);
  if (!expires) return usage("--expires-in must be a whole number of seconds");
  if (output != "json" && output != "curl" && output != "html")
    return usage("--output must be json, curl or html");
  if (policy_file && (!condition_texts.empty() || length_range || key_prefix || expires_given))
    return usage("--policy-file cannot be combined with --condition, --content-length-range, "
                 "--key-starts-with or --expires-in: the policy says all that");

  // Conditions.
  std::vector<post_detail::condition_arg> condition_args;
  for (const std::string& text : condition_texts) {
    std::string why;
    auto c = post_detail::parse_condition(text, why);
    if (!c) return usage(why);
    condition_args.push_back(std::move(*c));
  }
  if (length_range) {
    const auto comma = length_range->find(',');
    const auto lo = comma == std::string::npos
                        ? std::nullopt
                        : parse_integer(std::string_view(*length_range).substr(0, comma), 0,
                                        1LL << 53);
    const auto hi = comma == std::string::npos
                        ? std::nullopt
                        : parse_integer(std::string_view(*length_range).substr(comma + 1), 0,
                                        1LL << 53);
    if (!lo || !hi || *lo > *hi)
      return usage("--content-length-range must be MIN,MAX with 0 <= MIN <= MAX");
    post_detail::condition_arg c;
    c.kind = presign::post_condition_kind::content_length_range;
    c.min = *lo;
    c.max = *hi;
    condition_args.push_back(std::move(c));
  }
  std::vector<presign::post_condition> conditions;
  for (const auto& c : condition_args) {
    presign::post_condition pc;
    pc.kind = c.kind;
    pc.field = c.field;
    pc.value = c.value;
    pc.min = c.min;
    pc.max = c.max;
    conditions.push_back(pc);
  }

  // Fields: an exact-match condition each, unless a --condition already names the field.
  std::vector<std::pair<std::string, std::string>> field_strings;
  for (const std::string& text : field_texts) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0) return usage("--field must look like NAME=VALUE");
    field_strings.emplace_back(text.substr(0, eq), text.substr(eq + 1));
  }
  std::vector<presign::post_field> fields;
  for (const auto& [name, value] : field_strings) {
    bool named = false;
    for (const auto& c : condition_args) {
      std::string_view f = c.field;
      if (!f.empty() && f[0] == '$') f.remove_prefix(1);
      named = named || (c.kind != presign::post_condition_kind::content_length_range &&
                        post_detail::iequal(f, name));
    }
    fields.push_back({name, value, !named});
  }

  std::string policy_text;
  if (policy_file) {
    std::ifstream in(*policy_file, std::ios::binary);
    if (!in) return usage("cannot read --policy-file " + *policy_file);
    policy_text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  presign::presigner_options options;
  if (auto e = common.to_presigner_options(options)) {
    if (e->status == 2) return usage(e->message);
    std::fprintf(stderr, "presign post: error: %s\n", e->message.c_str());
    return e->status;
  }
  cli_clock clock;
  if (auto e = common.to_clock(clock)) return usage(e->message);

  const presign::basic_post_signer signer(cli_credentials(common.profile), clock, options);
  presign::post_request req;
  req.bucket = uri->bucket;
  req.key = uri->key;
  if (key_prefix) {
    req.key_rule = presign::post_key_rule::prefix;
    req.key_prefix = *key_prefix;
  }
  req.fields = fields;
  req.conditions = conditions;
  req.expires_in = *expires;

  std::vector<char> buf(4096);
  const auto sign = [&] {
    return policy_file ? signer.sign_policy(req, policy_text, buf) : signer.presign_post(req, buf);
  };
  auto r = sign();
  if (!r && r.error() == presign::errc::buffer_too_small) {
    buf.resize(r.required_size());
    r = sign();
  }
  if (!r) {
    const auto m = presign::to_string(r.error());
    std::fprintf(stderr, "presign post: error: %.*s\n", static_cast<int>(m.size()), m.data());
    return 1;
  }
  if (debug) {
    std::fprintf(stderr, "--- policy\n%.*s\n---\n", static_cast<int>(r->policy_json.size()),
                 r->policy_json.data());
  }

  std::string out;
  if (output == "json") {
    json_object root(out);
    root.string("url", r->url);
    json_object f = root.object("fields");
    for (const auto& field : r->fields()) f.string(field.name, field.value);
    f.close();
    root.close();
  } else if (output == "curl") {
    out = "curl -sS";
    for (const auto& field : r->fields()) {
      std::string nv(field.name);
      nv += '=';
      nv += field.value;
      out += " \\\n  --form-string " + post_detail::shell_quote(nv);
    }
    // The file last (S3 ignores fields after it). -F takes "@PATH" as a file upload; a path
    // with ',' ';' or '"' is quoted for curl inside the shell quoting.
    std::string path = file;
    if (path.find_first_of(",;\"") != std::string::npos) {
      std::string quoted = "\"";
      for (char c : path) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
      }
      path = quoted + "\"";
    }
    out += " \\\n  -F " + post_detail::shell_quote(std::string(presign::post_file_field) + "=@" +
                                                   path);
    out += " \\\n  " + post_detail::shell_quote(r->url);
  } else {
    const std::string title = "Upload to s3://" + uri->bucket + "/" + uri->key;
    out = "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>" +
          post_detail::html_escape(title) + "</title>\n</head>\n<body>\n<form action=\"" +
          post_detail::html_escape(r->url) +
          "\" method=\"post\" enctype=\"multipart/form-data\">\n";
    for (const auto& field : r->fields()) {
      out += "  <input type=\"hidden\" name=\"" + post_detail::html_escape(field.name) +
             "\" value=\"" + post_detail::html_escape(field.value) + "\">\n";
    }
    out += "  <input type=\"file\" name=\"" + std::string(presign::post_file_field) + "\">\n";
    out += "  <input type=\"submit\" value=\"Upload\">\n</form>\n</body>\n</html>";
  }
  out += '\n';
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace presign_cli
