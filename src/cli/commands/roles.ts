/** `tht roles list|show|generate|diff`: option parsing and printing; the work is in src/roles. */
import { Option, type Command } from 'commander';
import { locateTemplates } from '../../api/tree.js';
import { ThtError } from '../../load/errors.js';
import type { RoleCatalog } from '../../roles/catalog.js';
import type { RoleLibrary } from '../../roles/library.js';
import type { RoleSummary } from '../../roles/summary.js';
import { dataFile, jsonText, printWarnings, rolesFolder } from '../data-files.js';
import { emitOutput, io } from '../io.js';
import { addDataOutput, addExamples, addOutputOptions, addTreeOptions, chosenFormat, shared, type OutputFlags, type TreeFlags } from '../options.js';

/** The roles stage, loaded when a roles command runs: the other commands never need it. */
async function rolesStage() {
  const [generate, catalog, library, report, summary] = await Promise.all([
    import('../../roles/generate.js'),
    import('../../roles/catalog.js'),
    import('../../roles/library.js'),
    import('../../roles/report.js'),
    import('../../roles/summary.js'),
  ]);
  return { ...generate, ...catalog, ...library, ...report, ...summary };
}

type RolesStage = Awaited<ReturnType<typeof rolesStage>>;

interface RolesFlags extends TreeFlags, OutputFlags {
  rolesPath?: string;
  rolesData?: string;
  output?: string;
}

interface GenerateFlags extends RolesFlags {
  outputFile?: string;
  skipValidate?: boolean;
}

/** -p and --roles-path: where the role files are. */
function withSource(cmd: Command): Command {
  addTreeOptions(cmd, {}).option('--roles-path <dir>', "folder of <Role>.yaml files (default: the tree's roles/, or the roles bundled with tht)");
  return cmd;
}

/** list, show and diff can also read the roles of a roles_data file, and print text or JSON. */
const inspecting = (cmd: Command): Command => addDataOutput(withSource(cmd).addOption(shared.rolesData('the role files of the roles folder')));

export function registerRoles(program: Command): void {
  const roles = program.command('roles').description("List, show, compare and compose roles (a tree's roles/ folder)");
  addExamples(roles, [
    ['tht roles list', 'the available roles and their descriptions'],
    ['tht roles generate -o roles_data.yaml Controller Compute Compute:ComputeRack2', 'compose a roles_data.yaml'],
  ]);

  const list = inspecting(roles.command('list').description('The available roles with their descriptions'));
  addExamples(list, [
    ['tht roles list -p ~/tripleo-heat-templates', "the roles of a tree's roles/ folder"],
    ['tht roles list -r roles_data.yaml -f json', 'the roles of a roles_data file, as JSON'],
  ]);
  list.action(async function (this: Command, flags: RolesFlags) {
    const roles = await rolesStage();
    const catalog = await openCatalog(roles, flags);
    const summaries = catalog.names.map((n) => roles.summarizeRole(catalog.role(n)));
    await emitOutput(chosenFormat(this) === 'json' ? jsonText(summaries) : roles.roleListText(summaries), flags.output);
  });

  const show = inspecting(roles.command('show').argument('<name>', 'role name').description('One role: description, tags, networks, count, hostname format and services'));
  addExamples(show, [
    ['tht roles show Compute', 'description, tags, networks, count, hostname format, services by project'],
    ['tht roles show Controller -r roles_data.yaml -f json', 'the role as a roles_data file defines it'],
  ]);
  show.action(async function (this: Command, name: string, flags: RolesFlags) {
    const roles = await rolesStage();
    const { summary, file } = checkedRole(roles, await openCatalog(roles, flags), name, flags);
    await emitOutput(chosenFormat(this) === 'json' ? jsonText(summary) : roles.roleShowText(summary, file), flags.output);
  });

  const generate = withSource(
    roles
      .command('generate')
      .argument('<roles...>', 'roles in order, each NAME or NAME:NEWNAME (e.g. Compute:ComputeA)')
      .description("Compose a roles_data.yaml from role files, byte for byte like TripleO's `openstack overcloud roles generate`"),
  )
    .addOption(shared.outputFile())
    .addOption(new Option('--output-file <file>', 'same as -o').hideHelp())
    .option('--skip-validate', 'do not check the role files against the role schema first');
  addOutputOptions(generate);
  addExamples(generate, [
    ['tht roles generate -o roles_data.yaml Controller Compute CephStorage', 'the roles in this order'],
    ['tht roles generate Controller Compute Compute:ComputeRack2', 'a second Compute role named ComputeRack2, on standard output'],
  ]);
  generate.action(async (requests: string[], flags: GenerateFlags) => {
    const roles = await rolesStage();
    const { text, warnings } = roles.generateRolesData(openLibrary(roles, flags), requests, { validate: !flags.skipValidate });
    printWarnings(warnings, flags);
    await emitOutput(text, oneOutput(flags));
  });

  const diff = inspecting(roles.command('diff').argument('<a>', 'first role').argument('<b>', 'second role').description('Services, networks and tags one role has that the other lacks (exit 1 when they differ, as diff does)'));
  addExamples(diff, [
    ['tht roles diff Compute ComputeHCI', 'what ComputeHCI adds to Compute'],
    ['tht roles diff Controller ControllerOpenstack -f json', 'the differences as JSON'],
  ]);
  diff.action(async function (this: Command, a: string, b: string, flags: RolesFlags) {
    const roles = await rolesStage();
    const catalog = await openCatalog(roles, flags);
    const difference = roles.diffRoles(checkedRole(roles, catalog, a, flags).summary, checkedRole(roles, catalog, b, flags).summary);
    await emitOutput(chosenFormat(this) === 'json' ? jsonText(difference) : roles.roleDiffText(difference), flags.output);
    const same = [difference.services, difference.networks, difference.tags].every((d) => d.onlyInA.length + d.onlyInB.length === 0);
    io.exitCode = same ? 0 : 1;
  });
}

function oneOutput(flags: GenerateFlags): string | undefined {
  if (flags.output !== undefined && flags.outputFile !== undefined && flags.output !== flags.outputFile) {
    throw new ThtError('-o and --output-file name two files', { hint: 'Give one of them (--output-file is the old name of -o).' });
  }
  return flags.output ?? flags.outputFile;
}

function openLibrary(roles: RolesStage, flags: RolesFlags): RoleLibrary {
  const library = roles.loadRoleLibrary(rolesFolder(flags));
  if (!flags.quiet) for (const s of library.skipped) io.warn(`${s.path}: left out (never read): it is ${s.reason}.`);
  return library;
}

async function openCatalog(roles: RolesStage, flags: RolesFlags): Promise<RoleCatalog> {
  if (flags.rolesData === undefined) return roles.catalogFromLibrary(openLibrary(roles, flags));
  const { path, display } = dataFile(locateTemplates(flags.templates), flags.rolesData, 'roles_data.yaml', 'roles file');
  return roles.catalogFromRolesData(path, display);
}

/** The role's summary, after checking it against the schema (errors throw, warnings print). */
function checkedRole(roles: RolesStage, catalog: RoleCatalog, name: string, flags: OutputFlags): { summary: RoleSummary; file: string } {
  const { role, file, warnings, notices } = catalog.checked(name);
  printWarnings([...warnings, ...notices], flags);
  return { summary: roles.summarizeRole(role), file };
}
