/** `tht roles list|show|generate|diff`: option parsing and printing; the work is in src/roles. */
import { join } from 'node:path';
import type { Command } from 'commander';
import { generateRolesData } from '../../roles/generate.js';
import { catalogFromLibrary, catalogFromRolesData, type RoleCatalog } from '../../roles/catalog.js';
import { BUNDLED_ROLES_DIR, loadRoleLibrary, type RoleLibrary } from '../../roles/library.js';
import { roleDiffText, roleListText, roleShowText } from '../../roles/report.js';
import { diffRoles, summarizeRole, type RoleSummary } from '../../roles/summary.js';
import { dataFilePath, printJson, printSchemaWarnings } from '../data-files.js';
import { emitOutput, io } from '../io.js';

interface RolesFlags {
  templates?: string;
  rolesPath?: string;
  rolesData?: string;
  json?: boolean;
}

interface GenerateFlags extends RolesFlags {
  outputFile?: string;
  skipValidate?: boolean;
}

export function registerRoles(program: Command): void {
  const roles = program.command('roles').description("List, show, compare and compose roles (a tree's roles/ folder)");
  const withSource = (cmd: Command): Command =>
    cmd
      .option('-p, --templates <dir>', 'template tree whose roles/ folder to use')
      .option('--roles-path <dir>', 'folder of <Role>.yaml files (default: <tree>/roles with -p, else the roles bundled with tht)');

  /** list, show and diff can also read the roles of a roles_data file. */
  const inspecting = (cmd: Command): Command =>
    withSource(cmd)
      .option('-r, --roles-data <file>', 'read the roles of this roles_data file instead (relative to the tree with -p)')
      .option('--json', 'print JSON');

  inspecting(roles.command('list').description('The available roles with their descriptions')).action(async (flags: RolesFlags) => {
    const catalog = await openCatalog(flags);
    const summaries = catalog.names.map((n) => summarizeRole(catalog.role(n)));
    if (flags.json) printJson(summaries);
    else io.print(roleListText(summaries));
  });

  inspecting(roles.command('show').argument('<name>', 'role name').description('One role: description, tags, networks, count, hostname format and services')).action(
    async (name: string, flags: RolesFlags) => {
      const { summary, file } = checkedRole(await openCatalog(flags), name);
      if (flags.json) printJson(summary);
      else io.print(roleShowText(summary, file));
    },
  );

  withSource(
    roles
      .command('generate')
      .argument('<roles...>', 'roles in order, each NAME or NAME:NEWNAME (e.g. Compute:ComputeA)')
      .description("Compose a roles_data.yaml from role files, byte for byte like TripleO's `openstack overcloud roles generate`"),
  )
    .option('-o, --output-file <file>', 'write to this file instead of standard output (- is standard output)')
    .option('--skip-validate', 'do not check the role files against the role schema first')
    .action(async (requests: string[], flags: GenerateFlags) => {
      const library = await openLibrary(flags);
      const { text, warnings } = generateRolesData(library, requests, { validate: !flags.skipValidate });
      printSchemaWarnings(warnings);
      await emitOutput(text, flags.outputFile);
    });

  inspecting(roles.command('diff').argument('<a>', 'first role').argument('<b>', 'second role').description('Services, networks and tags one role has that the other lacks')).action(
    async (a: string, b: string, flags: RolesFlags) => {
      const catalog = await openCatalog(flags);
      const diff = diffRoles(checkedRole(catalog, a).summary, checkedRole(catalog, b).summary);
      if (flags.json) printJson(diff);
      else io.print(roleDiffText(diff));
    },
  );
}

async function openLibrary(flags: RolesFlags): Promise<RoleLibrary> {
  const library = await loadRoleLibrary(flags.rolesPath ?? (flags.templates !== undefined ? join(flags.templates, 'roles') : BUNDLED_ROLES_DIR));
  for (const s of library.skipped) io.warn(`${s.path}: left out (never read): it is ${s.reason}.`);
  return library;
}

async function openCatalog(flags: RolesFlags): Promise<RoleCatalog> {
  if (flags.rolesData === undefined) return catalogFromLibrary(await openLibrary(flags));
  const { path, display } = dataFilePath(flags.templates, flags.rolesData);
  return catalogFromRolesData(path, display);
}

/** The role's summary, after checking it against the schema (errors throw, warnings print). */
function checkedRole(catalog: RoleCatalog, name: string): { summary: RoleSummary; file: string } {
  const { role, file, warnings, notices } = catalog.checked(name);
  printSchemaWarnings(warnings);
  for (const n of notices) io.warn(n);
  return { summary: summarizeRole(role), file };
}

