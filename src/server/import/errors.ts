/** A file that cannot be imported as it claims to be: the import stops with this message and writes nothing. */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
}
