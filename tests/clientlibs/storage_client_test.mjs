// Google's official Cloud Storage client library for Node.js (@google-cloud/storage) against
// the magritte emulator, configured only by the STORAGE_EMULATOR_HOST that
// `magritte emulator env` exports (no apiEndpoint, no credentials): the library then sends
// JSON API calls under the host's root ("/b/BUCKET/o/..."), uploads under
// "/upload/storage/v1/...", and File.isPublic() as an XML-style "GET /BUCKET/OBJECT".
// Run by the e2e test StorageClientLibrary (tests/e2e/storage_clientlib_test.cpp):
//   eval "$(magritte emulator env ...)"; node storage_client_test.mjs BUCKET WORK_DIR
// Checks each answer itself (hashes computed here, independently of the library) and prints
// one JSON object on stdout; exits 1 on the first mismatch or error.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {Storage} from '@google-cloud/storage';

const [bucketName, workDir] = process.argv.slice(2);
const storage = new Storage();
const bucket = storage.bucket(bucketName);

// CRC32C (Castagnoli, reflected 0x82F63B78), big-endian in base64 as Cloud Storage reports it.
const crcTable = Array.from({length: 256}, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32cBase64(data) {
  let crc = 0xffffffff;
  for (const byte of data) crc = crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  const out = Buffer.alloc(4);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
  return out.toString('base64');
}
const md5Base64 = (data) => crypto.createHash('md5').update(data).digest('base64');
// Deterministic bytes that are not all alike (a wrong offset in a chunk would show).
const pattern = (size, seed) => Buffer.from(Array.from({length: size}, (_, i) => (i * 31 + seed + (i >> 8)) & 0xff));
// The HTTP status of a failed call (the library throws ApiError with .code).
async function statusOf(promise) {
  try {
    await promise;
    return 200;
  } catch (error) {
    return error.code;
  }
}

const result = {};

// Simple upload (multipart, one request), name with a space, a slash and non-ASCII.
const small = Buffer.from('hello from the official Node.js library\n');
const simpleFile = bucket.file('data/dir/é 1.txt');
await simpleFile.save(small, {resumable: false, contentType: 'text/plain', metadata: {metadata: {origin: 'node'}}});

// Resumable upload in chunks (256 KiB each, 3 requests + the session POST).
const chunked = pattern(600 * 1024 + 7, 1);
await bucket.file('data/chunked.bin').save(chunked, {resumable: true, chunkSize: 256 * 1024});

// Resumable upload of a local file in one request (Content-Range "bytes 0-*/*").
const local = pattern(3 * 1024 * 1024 + 5, 2);
const localPath = path.join(workDir, 'local.bin');
fs.writeFileSync(localPath, local);
await bucket.upload(localPath, {destination: 'data/local.bin', resumable: true});
await bucket.upload(localPath, {destination: 'other/top.bin', resumable: false});

// List with prefix and delimiter: objects directly under data/, and data/dir/ as a prefix.
const [files, , listResponse] = await bucket.getFiles({prefix: 'data/', delimiter: '/', autoPaginate: false});
result.listed = files.map((file) => file.name).sort();
result.prefixes = listResponse.prefixes;

// Download and compare bytes; a range; metadata hashes against ours.
result.downloads = {};
result.hashes = {};
for (const [name, data] of [['data/dir/é 1.txt', small], ['data/chunked.bin', chunked], ['data/local.bin', local]]) {
  const file = bucket.file(name);
  const [downloaded] = await file.download();
  assert.ok(downloaded.equals(data), `${name}: downloaded bytes differ`);
  const [metadata] = await file.getMetadata();
  assert.equal(metadata.md5Hash, md5Base64(data), `${name}: md5Hash`);
  assert.equal(metadata.crc32c, crc32cBase64(data), `${name}: crc32c`);
  assert.equal(Number(metadata.size), data.length, `${name}: size`);
  result.downloads[name] = downloaded.length;
  result.hashes[name] = {md5Hash: metadata.md5Hash, crc32c: metadata.crc32c};
}
const [range] = await bucket.file('data/chunked.bin').download({start: 1000, end: 1999});
assert.ok(range.equals(chunked.subarray(1000, 2000)), 'ranged download differs');
const [simpleMetadata] = await simpleFile.getMetadata();
result.contentType = simpleMetadata.contentType;
result.userMetadata = simpleMetadata.metadata;
[result.isPublic] = await simpleFile.isPublic();

// Generations: a second upload makes a new generation; a write conditioned on the old one
// fails with 412 and changes nothing.
const [first] = await simpleFile.getMetadata();
await simpleFile.save(Buffer.from('second version\n'), {resumable: false});
const [second] = await simpleFile.getMetadata();
assert.ok(BigInt(second.generation) > BigInt(first.generation), 'generation did not increase');
result.generationIncreased = true;
result.staleWrite = await statusOf(
  simpleFile.save(Buffer.from('lost'), {resumable: false, preconditionOpts: {ifGenerationMatch: first.generation}}));
result.staleResumableWrite = await statusOf(
  simpleFile.save(Buffer.from('lost'), {resumable: true, preconditionOpts: {ifGenerationMatch: first.generation}}));
result.staleDelete = await statusOf(simpleFile.delete({ifGenerationMatch: first.generation}));
const [afterStale] = await simpleFile.download();
assert.equal(afterStale.toString(), 'second version\n', 'a failed precondition changed the object');
const [matching] = await bucket.file('data/dir/é 1.txt', {generation: second.generation}).getMetadata();
assert.equal(matching.generation, second.generation);
result.oldGeneration = await statusOf(bucket.file('data/dir/é 1.txt', {generation: first.generation}).download());

// Delete, then 404.
await simpleFile.delete({ifGenerationMatch: second.generation});
[result.existsAfterDelete] = await simpleFile.exists();
result.metadataAfterDelete = await statusOf(simpleFile.getMetadata());
result.downloadAfterDelete = await statusOf(simpleFile.download());
result.missingBucket = await statusOf(storage.bucket('no-such-bucket-here').getFiles());

console.log(JSON.stringify(result));
