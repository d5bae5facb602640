#include "predict/curl_library.hpp"

#include <dlfcn.h>

#include <mutex>
#include <string>

#include "magritte/error.hpp"

namespace magritte::predict {
namespace {

constexpr const char* kSoname = "libcurl.so.4";

template <typename Function>
void bind(void* handle, const char* name, Function& function) {
  void* symbol = dlsym(handle, name);
  if (symbol == nullptr) {
    throw Error(ExitCode::tool_missing, std::string(kSoname) + " has no symbol " + name + " (libcurl too old?)");
  }
  function = reinterpret_cast<Function>(symbol);
}

CurlLibrary load() {
  // Never dlclose()d: handles and the global state live until exit.
  void* handle = dlopen(kSoname, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    throw Error(ExitCode::tool_missing, std::string("cannot load ") + kSoname + ": " + dlerror(),
                "install libcurl (Debian: apt-get install libcurl4)");
  }
  CurlLibrary curl{};
  bind(handle, "curl_global_init", curl.global_init);
  bind(handle, "curl_easy_init", curl.easy_init);
  bind(handle, "curl_easy_setopt", curl.easy_setopt);
  bind(handle, "curl_easy_perform", curl.easy_perform);
  bind(handle, "curl_easy_getinfo", curl.easy_getinfo);
  bind(handle, "curl_easy_cleanup", curl.easy_cleanup);
  bind(handle, "curl_easy_strerror", curl.easy_strerror);
  bind(handle, "curl_slist_append", curl.slist_append);
  bind(handle, "curl_slist_free_all", curl.slist_free_all);
  // curl_global_init is not thread-safe: once, before any handle exists.
  curl.global_init(CURL_GLOBAL_DEFAULT);
  return curl;
}

}  // namespace

const CurlLibrary& curl_library() {
  static std::once_flag once;
  static CurlLibrary library;
  std::call_once(once, [] { library = load(); });
  return library;
}

}  // namespace magritte::predict
