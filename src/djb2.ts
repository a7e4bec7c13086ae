/** The Statsig SDKs' name hash: UTF-16 code units, unsigned decimal string. */
export function djb2(value: string): string {
  let hash = 0;
  for (let i = 0; i < value.length; i++) {
    hash = ((hash << 5) - hash + value.charCodeAt(i)) | 0;
  }
  return String(hash >>> 0);
}
