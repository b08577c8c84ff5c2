// SPDX-License-Identifier: MIT
// Example: a presigned POST form for a browser upload, printed as an HTML page or a curl line.
//
//   post_form [--curl] [--env] [BUCKET]
//
// Rebuilds the form of AWS's "Example: Browser-Based Upload using HTTP POST (Using AWS
// Signature Version 4)": keys under user/user1/ (the browser's file name via ${filename}),
// public-read, a redirect after success, any image/* Content-Type and a free x-amz-meta-tag
// (both editable in the page: starts-with conditions), fixed x-amz-meta-uuid and SSE-S3.
// By default it signs with the documentation's example credentials at its time,
// 2015-12-29T00:00:00Z, so the output is reproducible; with --env, with the environment's
// credentials (AWS_ACCESS_KEY_ID, ...; region AWS_REGION, else us-east-1) at the current time.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <presign/presign.hpp>

namespace {

std::string html(std::string_view s) {
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

std::string shell(std::string_view s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

template <class Credentials, class Clock>
int print_form(Credentials credentials, Clock clock, std::string_view region,
               std::string_view bucket, bool curl) {
  presign::presigner_options options;
  options.region = region;
  const presign::basic_post_signer signer(std::move(credentials), clock, options);

  // The fields the page sends. Content-Type and x-amz-meta-tag are for the user to fill in,
  // so the policy constrains them with starts-with instead of their exact values.
  const std::vector<presign::post_field> fields = {
      {"acl", "public-read"},
      {"success_action_redirect",
       "http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html"},
      {"Content-Type", "image/jpeg", false},
      {"x-amz-meta-uuid", "14365123651274"},
      {"x-amz-server-side-encryption", "AES256"},
      {"x-amz-meta-tag", "", false},
  };
  const std::vector<presign::post_condition> conditions = {
      presign::post_condition::starts_with("Content-Type", "image/"),
      presign::post_condition::starts_with("x-amz-meta-tag", ""),
  };
  presign::post_request request;
  request.bucket = bucket;
  request.key = "user/user1/${filename}";  // the policy: ["starts-with", "$key", "user/user1/"]
  request.fields = fields;
  request.conditions = conditions;
  request.expires_in = 36 * 3600;

  // No heap in the signer: it writes into our buffer, or says how big it must be.
  std::vector<char> buffer(2048);
  auto form = signer.presign_post(request, buffer);
  if (!form && form.error() == presign::errc::buffer_too_small) {
    buffer.resize(form.required_size());
    form = signer.presign_post(request, buffer);
  }
  if (!form) {
    const std::string_view why = presign::to_string(form.error());
    std::fprintf(stderr, "post_form: %.*s\n", static_cast<int>(why.size()), why.data());
    return 1;
  }

  std::string out;
  if (curl) {
    out = "curl";
    for (const presign::form_field& f : form->fields()) {
      out += " \\\n  --form-string " + shell(std::string(f.name) + "=" + std::string(f.value));
    }
    out += " \\\n  -F " + shell(std::string(presign::post_file_field) + "=@photo.jpg");
    out += " \\\n  " + shell(form->url) + "\n";
  } else {
    out = "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n</head>\n<body>\n";
    out += "<form action=\"" + html(form->url) +
           "\" method=\"post\" enctype=\"multipart/form-data\">\n";
    for (const presign::form_field& f : form->fields()) {
      const bool editable = f.name == "Content-Type" || f.name == "x-amz-meta-tag";
      out += "  " + (editable ? html(f.name) + ": " : std::string()) + "<input type=\"" +
             (editable ? "text" : "hidden") + "\" name=\"" + html(f.name) + "\" value=\"" +
             html(f.value) + "\">" + (editable ? "<br>" : "") + "\n";
    }
    out += "  File: <input type=\"file\" name=\"" + std::string(presign::post_file_field) +
           "\"><br>\n";  // the file last: S3 ignores fields after it
    out += "  <input type=\"submit\" value=\"Upload to Amazon S3\">\n</form>\n</body>\n</html>\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  bool curl = false;
  bool env = false;
  std::string bucket = "sigv4examplebucket";
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--curl") {
      curl = true;
    } else if (a == "--env") {
      env = true;
    } else if (a == "--help" || a == "-h") {
      std::fputs("usage: post_form [--curl] [--env] [BUCKET]\n", stdout);
      return 0;
    } else if (a.starts_with("-")) {
      std::fputs("usage: post_form [--curl] [--env] [BUCKET]\n", stderr);
      return 2;
    } else {
      bucket = std::string(a);
    }
  }
  if (env) {
    const char* region = std::getenv("AWS_REGION");
    return print_form(presign::environment_credentials(), presign::system_clock{},
                      region != nullptr ? region : "us-east-1", bucket, curl);
  }
  return print_form(presign::static_credentials("AKIAIOSFODNN7EXAMPLE",
                                                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                    presign::fixed_clock{1451347200}, "us-east-1", bucket, curl);
}
