import { basename, dirname, join } from 'node:path';
import protobuf from 'protobufjs';

/** Heap's ingest paths and the message each one carries (track.proto, identify.proto, ...). */
export const INGEST_TYPES = {
  '/api/capture/v2/track': 'core_sdk.v1.MessageBatch',
  '/api/capture/v2/identify': 'core_sdk.v1.UserIdentification',
  '/api/capture/v2/add_user_properties': 'core_sdk.v1.UserProperties',
} as const;
export type IngestPath = keyof typeof INGEST_TYPES;

/**
 * Heap's wire format, from the vendored .proto files. Their imports name siblings
 * ("common.proto") and Google's well-known types, which protobufjs ships itself.
 */
export function loadHeapProtos(files: string[]): protobuf.Root {
  const root = new protobuf.Root();
  const dir = dirname(files[0] as string);
  root.resolvePath = (_origin, target) =>
    target.startsWith('google/protobuf/') ? target : join(dir, basename(target));
  root.loadSync(files, { keepCase: true });
  root.resolveAll();
  return root;
}

/** A decoded body as plain JSON: timestamps as ISO text, enums by name, 64-bit ints as text. */
export function decodeBody(root: protobuf.Root, path: IngestPath, body: Uint8Array): unknown {
  const type = root.lookupType(INGEST_TYPES[path]);
  return type.toObject(type.decode(body), {
    enums: String,
    longs: String,
    defaults: false,
    oneofs: true,
  });
}
