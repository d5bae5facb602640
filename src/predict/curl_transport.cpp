#include "magritte/version.hpp"
#include "predict/curl_library.hpp"
#include "predict/connection.hpp"
#include "predict/transport.hpp"

namespace magritte::predict {
namespace {

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

struct HeaderList {
  const CurlLibrary& curl;
  curl_slist* list = nullptr;
  explicit HeaderList(const CurlLibrary& library) : curl(library) {}
  ~HeaderList() { curl.slist_free_all(list); }
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;
  void add(const std::string& header) { list = curl.slist_append(list, header.c_str()); }
};

class CurlTransport : public Transport {
public:
  explicit CurlTransport(const Connection& connection)
      : curl_(curl_library()), handle_(curl_.easy_init()), headers_(curl_) {
    headers_.add("Content-Type: application/json");
    headers_.add("Accept: application/json");
    headers_.add("Expect:");  // no 100-continue round trip before large bodies
    // The only place the token is read. CURLOPT_VERBOSE stays off so it is never echoed.
    if (!connection.token.empty()) headers_.add("Authorization: Bearer " + connection.token.reveal());
    curl_.easy_setopt(handle_, CURLOPT_HTTPHEADER, headers_.list);
    curl_.easy_setopt(handle_, CURLOPT_USERAGENT, (std::string("magritte/") + kVersion).c_str());
    curl_.easy_setopt(handle_, CURLOPT_NOSIGNAL, 1L);
    curl_.easy_setopt(handle_, CURLOPT_CONNECTTIMEOUT, 20L);
    curl_.easy_setopt(handle_, CURLOPT_TIMEOUT, 300L);
    curl_.easy_setopt(handle_, CURLOPT_WRITEFUNCTION, append_body);
    curl_.easy_setopt(handle_, CURLOPT_ACCEPT_ENCODING, "");  // whatever libcurl can decode
    if (connection.proxy) {
      curl_.easy_setopt(handle_, CURLOPT_PROXY, connection.proxy->curl_url().c_str());
      // gcloud sends every request through its configured proxy: no_proxy does not apply.
      curl_.easy_setopt(handle_, CURLOPT_NOPROXY, "");
      if (connection.proxy->username) {
        curl_.easy_setopt(handle_, CURLOPT_PROXYUSERNAME, connection.proxy->username->c_str());
      }
      if (connection.proxy->password) {
        curl_.easy_setopt(handle_, CURLOPT_PROXYPASSWORD, connection.proxy->password->c_str());
      }
    }
    if (connection.ca_file) curl_.easy_setopt(handle_, CURLOPT_CAINFO, connection.ca_file->c_str());
  }

  ~CurlTransport() override { curl_.easy_cleanup(handle_); }
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  HttpResponse post_json(const std::string& url, const std::string& body) override {
    curl_.easy_setopt(handle_, CURLOPT_POSTFIELDS, body.data());
    curl_.easy_setopt(handle_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    return perform(url);
  }

  HttpResponse get_json(const std::string& url) override {
    curl_.easy_setopt(handle_, CURLOPT_HTTPGET, 1L);  // the next post_json sets POST again
    return perform(url);
  }

private:
  HttpResponse perform(const std::string& url) {
    HttpResponse response;
    curl_.easy_setopt(handle_, CURLOPT_URL, url.c_str());
    curl_.easy_setopt(handle_, CURLOPT_WRITEDATA, &response.body);
    char error[CURL_ERROR_SIZE] = "";
    curl_.easy_setopt(handle_, CURLOPT_ERRORBUFFER, error);
    const CURLcode code = curl_.easy_perform(handle_);
    curl_.easy_setopt(handle_, CURLOPT_ERRORBUFFER, nullptr);
    if (code != CURLE_OK) {
      response.error = error[0] != '\0' ? error : curl_.easy_strerror(code);
      response.body.clear();
      return response;
    }
    long status = 0;
    curl_.easy_getinfo(handle_, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    curl_off_t retry_after = 0;
    if (curl_.easy_getinfo(handle_, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK && retry_after > 0) {
      response.retry_after_seconds = static_cast<double>(retry_after);
    }
    return response;
  }

  const CurlLibrary& curl_;
  CURL* handle_;
  HeaderList headers_;
};

}  // namespace

std::unique_ptr<Transport> make_curl_transport(const Connection& connection) {
  return std::make_unique<CurlTransport>(connection);
}

}  // namespace magritte::predict
