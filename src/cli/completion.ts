/**
 * Shell completion scripts made from the command definitions themselves (the
 * commands, their visible options, which options take a value and what kind:
 * a folder, a file or one of a list of choices), so a script printed by this
 * version of tht completes exactly this version's command line.
 *
 * Each shell gets the same facts as tables and a small walker that reads the
 * words typed so far: it follows subcommands, skips options and their values,
 * and completes what can come next.
 */
import type { Command, Option } from 'commander';

type ValueKind = 'dir' | 'file' | 'none';

interface OptionSpec {
  short?: string;
  long?: string;
  description: string;
  /** Whether the option takes a value, and which. */
  takesValue: boolean;
  kind: ValueKind;
  choices?: readonly string[];
  /** Repeatable options (-e) may be given again. */
  repeatable: boolean;
}

interface CommandSpec {
  /** Words from `tht` to this command: [] for tht itself, ['roles', 'show']. */
  path: string[];
  description: string;
  options: OptionSpec[];
  subcommands: CommandSpec[];
  /** What the positional arguments are: files (lint paths, an environment file), names, or one of a list. */
  argumentKind: ValueKind;
  argumentChoices?: readonly string[];
}

/** `<dir>` is a folder, `<file>`, `<path>`, `<paths...>` a file; anything else a value not completed. */
function kindOf(placeholder: string | undefined): ValueKind {
  if (placeholder === undefined) return 'none';
  if (placeholder === 'dir') return 'dir';
  return ['file', 'path', 'paths'].includes(placeholder) ? 'file' : 'none';
}

function optionSpec(o: Option): OptionSpec {
  const placeholder = /[<[]([\w-]+)(?:\.\.\.)?[>\]]/.exec(o.flags)?.[1];
  return {
    ...(o.short ? { short: o.short } : {}),
    ...(o.long ? { long: o.long } : {}),
    description: o.description,
    takesValue: o.required || o.optional,
    kind: kindOf(placeholder),
    ...(o.argChoices ? { choices: o.argChoices } : {}),
    repeatable: o.parseArg !== undefined && Array.isArray(o.defaultValue),
  };
}


export function commandSpec(cmd: Command, path: string[] = []): CommandSpec {
  const help = cmd.createHelp();
  return {
    path,
    description: cmd.description(),
    options: help.visibleOptions(cmd).map(optionSpec),
    subcommands: help
      .visibleCommands(cmd)
      .filter((c) => c.name() !== 'help')
      .map((c) => commandSpec(c, [...path, c.name()])),
    argumentKind: kindOf(cmd.registeredArguments[0]?.name()),
    ...(cmd.registeredArguments[0]?.argChoices ? { argumentChoices: cmd.registeredArguments[0].argChoices } : {}),
  };
}

function allCommands(spec: CommandSpec): CommandSpec[] {
  return [spec, ...spec.subcommands.flatMap(allCommands)];
}

const flagsOf = (o: OptionSpec): string[] => [o.short, o.long].filter((f): f is string => f !== undefined);

/** A word in single quotes for sh-like shells (bash, zsh) and fish alike. */
const quoted = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
/** bash and zsh single quotes know no escapes: close, add a quoted quote, reopen. */
const shQuoted = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

const firstSentence = (s: string): string => s.split(/(?<=[a-z)])[.;] /)[0]!.replace(/\s+/g, ' ');

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export function completionScript(program: Command, shell: Shell): string {
  const spec = commandSpec(program);
  const script = shell === 'bash' ? bashScript(spec) : shell === 'zsh' ? zshScript(spec) : fishScript(spec);
  return `${script.trimEnd()}\n`;
}

/** `case` arms keyed by a command path and, for options, a flag: `'roles show|-p'`. */
function caseArms(entries: readonly [string, string][], indent: string): string {
  return entries.map(([key, body]) => `${indent}${shQuoted(key)}) ${body} ;;`).join('\n');
}

function valueArms(commands: readonly CommandSpec[]): { takes: string[]; kinds: [string, string][] } {
  const takes: string[] = [];
  const kinds: [string, string][] = [];
  for (const c of commands) {
    for (const o of c.options.filter((o) => o.takesValue)) {
      for (const f of flagsOf(o)) {
        const key = `${c.path.join(' ')}|${f}`;
        takes.push(key);
        const kind = o.choices ? `choices ${o.choices.join(' ')}` : o.kind;
        kinds.push([key, `echo ${shQuoted(kind)}`]);
      }
    }
  }
  return { takes, kinds };
}

function bashScript(spec: CommandSpec): string {
  const commands = allCommands(spec);
  const { takes, kinds } = valueArms(commands);
  const subs = commands.filter((c) => c.subcommands.length > 0).map((c) => [c.path.join(' '), `echo ${shQuoted(c.subcommands.map((s) => s.path.at(-1)).join(' '))}`] as [string, string]);
  const opts = commands.map((c) => [c.path.join(' '), `echo ${shQuoted(c.options.flatMap(flagsOf).join(' '))}`] as [string, string]);
  const args = commands
    .filter((c) => c.argumentKind !== 'none' || c.argumentChoices)
    .map((c) => [c.path.join(' '), `echo ${shQuoted(c.argumentChoices ? `choices ${c.argumentChoices.join(' ')}` : c.argumentKind)}`] as [string, string]);
  return `# bash completion for tht, generated by \`tht completion bash\` from its command definitions.
# Load it in the current shell with: source <(tht completion bash)

_tht_subcommands() {
  case "$1" in
${caseArms(subs, '    ')}
  esac
}

_tht_options() {
  case "$1" in
${caseArms(opts, '    ')}
  esac
}

_tht_takes_value() {
  case "$1|$2" in
${takes.map((k) => `    ${shQuoted(k)}) return 0 ;;`).join('\n')}
  esac
  return 1
}

_tht_value_kind() {
  case "$1|$2" in
${caseArms(kinds, '    ')}
  esac
}

_tht_argument_kind() {
  case "$1" in
${caseArms(args, '    ')}
  esac
}

_tht_complete_files() {
  compopt -o filenames 2>/dev/null
  if [[ $1 == dir ]]; then
    mapfile -t COMPREPLY < <(compgen -d -- "$2")
  else
    mapfile -t COMPREPLY < <(compgen -f -- "$2")
  fi
}

_tht() {
  local cur=\${COMP_WORDS[COMP_CWORD]} path='' word i value=0
  COMPREPLY=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=\${COMP_WORDS[i]}
    if ((value)); then value=0; continue; fi
    case "$word" in
      --*=*) continue ;;
      -*) _tht_takes_value "$path" "$word" && value=1; continue ;;
    esac
    if [[ " $(_tht_subcommands "$path") " == *" $word "* ]]; then path=\${path:+$path }$word; fi
  done
  if ((value)); then
    local kind
    kind=$(_tht_value_kind "$path" "\${COMP_WORDS[COMP_CWORD-1]}")
    case "$kind" in
      dir | file) _tht_complete_files "$kind" "$cur" ;;
      choices\\ *) mapfile -t COMPREPLY < <(compgen -W "\${kind#choices }" -- "$cur") ;;
    esac
    return 0
  fi
  if [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(_tht_options "$path")" -- "$cur")
    return 0
  fi
  local subcommands
  subcommands=$(_tht_subcommands "$path")
  if [[ -n $subcommands ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$subcommands" -- "$cur")
    return 0
  fi
  local kind
  kind=$(_tht_argument_kind "$path")
  case "$kind" in
    dir | file) _tht_complete_files "$kind" "$cur" ;;
    choices\\ *) mapfile -t COMPREPLY < <(compgen -W "\${kind#choices }" -- "$cur") ;;
  esac
  return 0
}

complete -F _tht tht
`;
}

/** zsh's _arguments spec of one option: exclusive with its other spelling, repeatable or not, with its value. */
function zshOption(o: OptionSpec): string {
  const flags = flagsOf(o);
  const description = firstSentence(o.description).replace(/[[\]\\]/g, '\\$&');
  const value = !o.takesValue
    ? ''
    : o.choices
      ? `:value:(${o.choices.join(' ')})`
      : o.kind === 'dir'
        ? ':folder:_files -/'
        : o.kind === 'file'
          ? ':file:_files'
          : ':value: ';
  const exclusive = o.repeatable ? '*' : flags.length > 1 ? `(${flags.join(' ')})` : '';
  const body = `[${description}]${value}`;
  return flags.length > 1 ? `${shQuoted(exclusive)}{${flags.join(',')}}${shQuoted(body)}` : shQuoted(`${exclusive}${flags[0]}${body}`);
}

const zshFunction = (c: CommandSpec): string => `_tht${c.path.map((p) => `_${p.replace(/\W/g, '_')}`).join('')}`;

function zshScript(spec: CommandSpec): string {
  const functions = allCommands(spec).map((c) => {
    const options = c.options.map((o) => `    ${zshOption(o)} \\`);
    if (c.subcommands.length === 0) {
      const args = c.argumentChoices
        ? shQuoted(`1: :(${c.argumentChoices.join(' ')})`)
        : c.argumentKind === 'none'
          ? "'*: :'"
          : c.argumentKind === 'dir'
            ? "'*: :_files -/'"
            : "'*: :_files'";
      return `${zshFunction(c)}() {\n  _arguments -s \\\n${options.join('\n')}\n    ${args}\n}`;
    }
    const described = c.subcommands.map((s) => `    ${shQuoted(`${s.path.at(-1)}:${firstSentence(s.description)}`)}`);
    const dispatch = c.subcommands.map((s) => `        ${s.path.at(-1)}) ${zshFunction(s)} ;;`);
    return `${zshFunction(c)}() {
  local curcontext=$curcontext state line
  local -a subcommands=(
${described.join('\n')}
  )
  _arguments -C -s \\
${options.join('\n')}
    '1: :->subcommand' \\
    '*:: :->arguments'
  case $state in
    subcommand) _describe -t commands 'tht command' subcommands ;;
    arguments)
      case $line[1] in
${dispatch.join('\n')}
      esac
      ;;
  esac
}`;
  });
  return `#compdef tht
# zsh completion for tht, generated by \`tht completion zsh\` from its command definitions.
# Save it as _tht in a folder of $fpath, or load it in the current shell with: source <(tht completion zsh)

${functions.join('\n\n')}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _tht "$@"
else
  compdef _tht tht
fi
`;
}

function fishScript(spec: CommandSpec): string {
  const commands = allCommands(spec);
  const { takes } = valueArms(commands);
  const subs = commands.filter((c) => c.subcommands.length > 0);
  const lines: string[] = [];
  for (const c of commands) {
    const at = `__tht_at ${quoted(c.path.join(' '))}`;
    for (const s of c.subcommands) {
      lines.push(`complete -c tht -n ${quoted(at)} -f -a ${quoted(s.path.at(-1)!)} -d ${quoted(firstSentence(s.description))}`);
    }
    for (const o of c.options) {
      const flags = [o.short ? `-s ${o.short.slice(1)}` : '', o.long ? `-l ${o.long.slice(2)}` : ''].filter(Boolean).join(' ');
      const value = !o.takesValue
        ? ''
        : o.choices
          ? ` -x -a ${quoted(o.choices.join(' '))}`
          : o.kind === 'dir'
            ? ` -x -a '(__fish_complete_directories)'`
            : o.kind === 'file'
              ? ' -r -F'
              : ' -x';
      lines.push(`complete -c tht -n ${quoted(at)} ${flags}${value} -d ${quoted(firstSentence(o.description))}`);
    }
    if (c.subcommands.length === 0 && c.argumentChoices) lines.push(`complete -c tht -n ${quoted(at)} -f -a ${quoted(c.argumentChoices.join(' '))}`);
    else if (c.subcommands.length === 0 && c.argumentKind !== 'none') lines.push(`complete -c tht -n ${quoted(at)} -F`);
  }
  return `# fish completion for tht, generated by \`tht completion fish\` from its command definitions.
# Save it as ~/.config/fish/completions/tht.fish, or load it in the current shell with: tht completion fish | source

# The command path of the line being completed ("roles show"): subcommands followed, options and their values skipped.
function __tht_path
    set -l path ''
    set -l value 0
    for word in (commandline -opc)[2..-1]
        if test $value = 1
            set value 0
            continue
        end
        if string match -q -- '-*' $word
            switch "$path|$word"
                case ${takes.map(quoted).join(' ')}
                    set value 1
            end
            continue
        end
        switch "$path"
${subs.map((c) => `            case ${quoted(c.path.join(' '))}\n                if contains -- $word ${c.subcommands.map((s) => quoted(s.path.at(-1)!)).join(' ')}\n                    set path (string trim -- "$path $word")\n                end`).join('\n')}
        end
    end
    echo $path
end

function __tht_at
    test (__tht_path) = "$argv[1]"
end

complete -c tht -f
${lines.join('\n')}
`;
}
