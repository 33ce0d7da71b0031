import type { Command, Option } from 'commander';

/** Shells `bec completion` writes a script for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

interface Node {
  readonly name: string;
  readonly description: string;
  readonly options: readonly string[];
  readonly children: readonly Node[];
}

const optionNames = (options: readonly Option[]): string[] =>
  options.flatMap((o) => [o.long, o.short].filter((n): n is string => n !== undefined));

/** The command tree as the program defines it, so completion cannot miss a command or flag. */
function tree(command: Command): Node {
  return {
    name: command.name(),
    description: command.summary() || command.description().split('\n')[0] || '',
    options: [...optionNames(command.options as Option[]), '--help'],
    children: command.commands.map(tree),
  };
}

const words = (list: readonly string[]): string => list.join(' ');

function bash(root: Node): string {
  const groups = root.children.map((g) => `      ${g.name}) words="${words(g.children.map((c) => c.name))}" ;;`);
  const actions = root.children.flatMap((g) =>
    g.children.map((a) => `      "${g.name} ${a.name}") words="${words(a.options)}" ;;`),
  );
  const groupOptions = root.children
    .filter((g) => g.children.length === 0)
    .map((g) => `      "${g.name} ") words="${words(g.options)}" ;;`);
  return `# bec completion for bash. Load it with: source <(bec completion bash)
_bec_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" i word found=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [[ "$word" == -* ]] || found+=("$word")
  done
  local words=""
  if [[ "$cur" == -* && \${#found[@]} -eq 0 ]]; then
    words="${words(root.options)}"
  elif [[ \${#found[@]} -eq 0 ]]; then
    words="${words(root.children.map((g) => g.name))}"
  elif [[ \${#found[@]} -eq 1 && "$cur" != -* ]]; then
    case "\${found[0]}" in
${groups.join('\n')}
    esac
  else
    case "\${found[0]} \${found[1]}" in
${[...actions, ...groupOptions].join('\n')}
    esac
  fi
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _bec_complete bec
`;
}

function zsh(root: Node): string {
  return `#compdef bec
# bec completion for zsh. Load it with: source <(bec completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bash(root).split('\n').slice(1).join('\n')}`;
}

const quote = (text: string): string => `'${text.replace(/'/g, "\\'")}'`;

function fish(root: Node): string {
  const lines = [
    '# bec completion for fish. Load it with: bec completion fish | source',
    'complete -c bec -f',
    ...root.options.map((o) => `complete -c bec -n __fish_use_subcommand -l ${o.replace(/^-+/, '')}`),
  ];
  const groupNames = root.children.map((g) => g.name).join(' ');
  for (const g of root.children) {
    lines.push(`complete -c bec -n __fish_use_subcommand -a ${g.name} -d ${quote(g.description)}`);
    const actionNames = g.children.map((a) => a.name).join(' ');
    for (const a of g.children) {
      const inGroup = `__fish_seen_subcommand_from ${g.name}`;
      lines.push(
        `complete -c bec -n ${quote(`${inGroup}; and not __fish_seen_subcommand_from ${actionNames}`)} -a ${a.name} -d ${quote(a.description)}`,
      );
      for (const o of a.options.filter((n) => n.startsWith('--'))) {
        lines.push(
          `complete -c bec -n ${quote(`${inGroup}; and __fish_seen_subcommand_from ${a.name}`)} -l ${o.slice(2)}`,
        );
      }
    }
  }
  lines.push(`# groups: ${groupNames}`);
  return `${lines.join('\n')}\n`;
}

/** The completion script for a shell, from the program's own command tree. */
export function completionScript(shell: Shell, program: Command): string {
  const root = tree(program);
  if (shell === 'bash') return bash(root);
  if (shell === 'zsh') return zsh(root);
  return fish(root);
}
