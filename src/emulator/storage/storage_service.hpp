// The Cloud Storage JSON API routes (buckets, objects, uploads) over DiskStorage, as gsutil,
// gcloud storage, gcloud's package staging and Google's client libraries call them.
#pragma once

#include "emulator/router.hpp"
#include "emulator/storage/disk_storage.hpp"
#include "emulator/storage/resumable.hpp"

namespace magritte::emulator::storage {

class StorageService {
public:
  StorageService(DiskStorage& storage, ResumableUploads& uploads)
      : storage_(storage), uploads_(uploads) {}

  void add_routes(Router& router);

private:
  // bucket_routes.cpp
  Response list_buckets(const Request& request);
  Response insert_bucket(const Request& request);
  Response get_bucket(const Request& request);
  Response delete_bucket(const Request& request);
  // object_routes.cpp
  Response list_objects(const Request& request);
  Response get_object(const Request& request);
  Response download_object(const Request& request);
  Response delete_object(const Request& request);
  Response patch_object(const Request& request, bool merge);
  Response object_action(const Request& request);  // rewriteTo, copyTo, compose
  // upload_routes.cpp
  Response start_upload(const Request& request);
  Response simple_upload(const Request& request, const std::string& name);
  Response multipart_upload(const Request& request);
  Response resumable_start(const Request& request);
  Response resumable_put(const Request& request);

  DiskStorage& storage_;
  ResumableUploads& uploads_;
};

}  // namespace magritte::emulator::storage
