/**
 * Saves a Blob as a file through an object URL and a link's `download` attribute: the bytes came
 * through the host adapter (Connect's fetch with a JWT, Forge's `requestRemote`), so no address
 * of the server is opened in the browser (it would need a token it cannot carry). Connect's and
 * Forge's frames allow downloads.
 */
export function saveBlob(blob: Blob, fileName: string, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  doc.body.append(link);
  link.click();
  link.remove();
  // The click starts the download at once; the URL may go once it has been read.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** `people.csv`, or `people-<what was searched>.csv` for a search (letters, digits and dashes only). */
export function exportFileName(query: string): string {
  const words = query
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 40)
    .replace(/-+$/, '');
  return words ? `people-${words}.csv` : 'people.csv';
}
