// libcurl, loaded with dlopen() when the first request is made, not when magritte starts:
// libcurl.so.4 pulls in ~25 libraries (GnuTLS, Kerberos, LDAP, RTMP...) and costs ~6 ms of
// start-up, a third of the 20 ms that `magritte train --dry-run` may take. Only predict
// talks HTTP from the main binary.
#pragma once

#include <curl/curl.h>

namespace magritte::predict {

// The libcurl functions predict uses (signatures from <curl/curl.h>).
struct CurlLibrary {
  CURLcode (*global_init)(long flags);
  CURL* (*easy_init)();
  CURLcode (*easy_setopt)(CURL* handle, CURLoption option, ...);
  CURLcode (*easy_perform)(CURL* handle);
  CURLcode (*easy_getinfo)(CURL* handle, CURLINFO info, ...);
  void (*easy_cleanup)(CURL* handle);
  const char* (*easy_strerror)(CURLcode code);
  curl_slist* (*slist_append)(curl_slist* list, const char* text);
  void (*slist_free_all)(curl_slist* list);
};

// Loads libcurl.so.4 and calls curl_global_init once (thread-safe). Throws
// Error(tool_missing) naming the library when it cannot be loaded.
const CurlLibrary& curl_library();

}  // namespace magritte::predict
