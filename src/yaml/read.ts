/** Reading a YAML file from disk (the only I/O of the YAML layer). */
import { readRegularFile } from '../load/files.js';
import { YamlFile, type YamlFileOptions } from './file.js';

/** A file's bytes as a YamlFile; a missing or unreadable file is a ThtError naming it. */
export function readYamlFile(path: string, displayName = path, options: YamlFileOptions = {}): YamlFile {
  return YamlFile.fromBytes(displayName, readRegularFile(path, displayName), options);
}
