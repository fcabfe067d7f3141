/** Reading a YAML file from disk (the only I/O of the YAML layer). */
import { readRegularFile } from '../load/files.js';
import { YamlFile, type YamlFileOptions } from './file.js';

/** A file's bytes as a YamlFile; a missing or unreadable file is a ThtError naming it. */
export async function readYamlFile(path: string, displayName = path, options: YamlFileOptions = {}): Promise<YamlFile> {
  return YamlFile.fromBytes(displayName, await readRegularFile(path, displayName), options);
}
