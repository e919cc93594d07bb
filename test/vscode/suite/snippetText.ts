// The text VS Code inserts for a snippet body when the user accepts every default: tab stops vanish,
// placeholders become their default text (mirrors `$1` repeat it), choices become their first option,
// variables are resolved (with their regex transforms), and `\$ \} \\` escapes become the character.
// Written independently of VS Code's own snippet parser so that tests compare the editor against the
// snippet grammar (https://code.visualstudio.com/docs/editor/userdefinedsnippets#_grammar), not against
// itself. Anything this helper does not understand throws, rather than guessing.

export interface SnippetContext {
  /** Absolute path of the document the snippet is inserted into (for TM_FILENAME and friends). */
  filePath: string;
}

type Node =
  | { kind: 'text'; value: string }
  | { kind: 'tabstop'; index: number; children?: Node[]; choice?: string[] }
  | { kind: 'variable'; name: string; children?: Node[]; transform?: Transform };

interface Transform {
  regexp: RegExp;
  format: (string | FormatPart)[];
}

interface FormatPart {
  group: number;
  shorthand?: string;
  ifValue?: string;
  elseValue?: string;
}

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parseAll(): Node[] {
    const nodes = this.parseUntil('');
    if (this.pos < this.src.length) this.fail('unexpected text');
    return nodes;
  }

  private fail(message: string): never {
    throw new Error(`snippet body not understood by the test helper (${message}) at ${this.pos}: ${JSON.stringify(this.src.slice(this.pos, this.pos + 30))}`);
  }

  private peek(text: string): boolean {
    return this.src.startsWith(text, this.pos);
  }

  private accept(text: string): boolean {
    if (!this.peek(text)) return false;
    this.pos += text.length;
    return true;
  }

  private expect(text: string): void {
    if (!this.accept(text)) this.fail(`expected ${JSON.stringify(text)}`);
  }

  private readMatch(re: RegExp): string | undefined {
    re.lastIndex = this.pos;
    const m = re.exec(this.src);
    if (!m || m.index !== this.pos) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  /** Nodes up to (not including) the first unescaped character in `stop`, or the end. */
  private parseUntil(stop: string): Node[] {
    const nodes: Node[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ kind: 'text', value: text });
      text = '';
    };
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos];
      if (stop.includes(ch)) break;
      if (ch === '\\' && '$}\\'.includes(this.src[this.pos + 1] ?? '')) {
        text += this.src[this.pos + 1];
        this.pos += 2;
      } else if (ch === '$') {
        const node = this.parseDollar();
        if (node) {
          flush();
          nodes.push(node);
        } else {
          text += ch; // a lone `$` is plain text
          this.pos++;
        }
      } else {
        text += ch;
        this.pos++;
      }
    }
    flush();
    return nodes;
  }

  private parseDollar(): Node | undefined {
    const start = this.pos;
    this.pos++; // `$`
    const index = this.readMatch(/\d+/y);
    if (index !== undefined) return { kind: 'tabstop', index: Number(index) };
    const name = this.readMatch(/[_a-zA-Z][_a-zA-Z0-9]*/y);
    if (name !== undefined) return { kind: 'variable', name };
    if (!this.accept('{')) {
      this.pos = start;
      return undefined;
    }
    const braceIndex = this.readMatch(/\d+/y);
    if (braceIndex !== undefined) return this.parseTabstopBody(Number(braceIndex));
    const braceName = this.readMatch(/[_a-zA-Z][_a-zA-Z0-9]*/y);
    if (braceName !== undefined) return this.parseVariableBody(braceName);
    this.fail('`${` not followed by a number or a variable name');
  }

  private parseTabstopBody(index: number): Node {
    if (this.accept('}')) return { kind: 'tabstop', index };
    if (this.accept(':')) {
      const children = this.parseUntil('}');
      this.expect('}');
      return { kind: 'tabstop', index, children };
    }
    if (this.accept('|')) {
      const choice: string[] = [];
      let option = '';
      for (;;) {
        if (this.pos >= this.src.length) this.fail('unterminated choice');
        const ch = this.src[this.pos];
        if (ch === '\\' && ',|\\$}'.includes(this.src[this.pos + 1] ?? '')) {
          option += this.src[this.pos + 1];
          this.pos += 2;
        } else if (ch === ',') {
          choice.push(option);
          option = '';
          this.pos++;
        } else if (this.accept('|}')) {
          choice.push(option);
          return { kind: 'tabstop', index, choice };
        } else {
          option += ch;
          this.pos++;
        }
      }
    }
    this.fail('tab stop transforms are not supported');
  }

  private parseVariableBody(name: string): Node {
    if (this.accept('}')) return { kind: 'variable', name };
    if (this.accept(':')) {
      const children = this.parseUntil('}');
      this.expect('}');
      return { kind: 'variable', name, children };
    }
    if (this.accept('/')) {
      const transform = this.parseTransform();
      this.expect('}');
      return { kind: 'variable', name, transform };
    }
    this.fail('malformed variable');
  }

  // `/regex/format/options` (the leading `/` is already consumed).
  private parseTransform(): Transform {
    const source = this.readEscaped('/', (next) => (next === '/' ? '/' : `\\${next}`));
    this.expect('/');
    const format: (string | FormatPart)[] = [];
    while (!this.peek('/')) {
      if (this.pos >= this.src.length) this.fail('unterminated transform');
      if (this.peek('$')) {
        format.push(this.parseFormatPart());
      } else {
        format.push(this.readEscaped('$/', (next) => ('$/\\'.includes(next) ? next : `\\${next}`)));
      }
    }
    this.expect('/');
    const flags = this.readMatch(/[gimsuy]*/y) ?? '';
    return { regexp: new RegExp(source, flags), format };
  }

  private parseFormatPart(): FormatPart {
    this.expect('$');
    const bare = this.readMatch(/\d+/y);
    if (bare !== undefined) return { group: Number(bare) };
    this.expect('{');
    const group = Number(this.readMatch(/\d+/y) ?? this.fail('format group number'));
    if (this.accept('}')) return { group };
    this.expect(':');
    let part: FormatPart;
    if (this.accept('/')) {
      part = { group, shorthand: this.readMatch(/[a-z]+/y) };
    } else if (this.accept('+')) {
      part = { group, ifValue: this.readEscaped('}', (n) => n) };
    } else if (this.accept('?')) {
      const ifValue = this.readEscaped(':', (n) => n);
      this.expect(':');
      part = { group, ifValue, elseValue: this.readEscaped('}', (n) => n) };
    } else {
      this.accept('-');
      part = { group, elseValue: this.readEscaped('}', (n) => n) };
    }
    this.expect('}');
    return part;
  }

  /** Text up to an unescaped character in `stop`; `unescape` maps the character after a backslash. */
  private readEscaped(stop: string, unescape: (next: string) => string): string {
    let out = '';
    while (this.pos < this.src.length && !stop.includes(this.src[this.pos])) {
      if (this.src[this.pos] === '\\' && this.pos + 1 < this.src.length) {
        out += unescape(this.src[this.pos + 1]);
        this.pos += 2;
      } else {
        out += this.src[this.pos++];
      }
    }
    return out;
  }
}

function resolveVariable(name: string, context: SnippetContext): string | undefined {
  const base = context.filePath.split('/').pop() ?? '';
  switch (name) {
    case 'TM_FILENAME':
      return base;
    case 'TM_FILENAME_BASE':
      return base.replace(/\.[^.]*$/, '');
    case 'TM_FILEPATH':
      return context.filePath;
    case 'TM_DIRECTORY':
      return context.filePath.slice(0, context.filePath.lastIndexOf('/'));
    case 'TM_SELECTED_TEXT':
      return '';
    default:
      return undefined;
  }
}

// As VS Code's Transform.resolve: replace matches with the format; a format with an else-branch also
// applies when nothing matched.
function applyTransform(value: string, transform: Transform): string {
  const render = (groups: (string | undefined)[]) =>
    transform.format.map((part) => (typeof part === 'string' ? part : renderFormat(part, groups[part.group] ?? ''))).join('');
  let matched = false;
  const result = value.replace(transform.regexp, (...args: unknown[]) => {
    matched = true;
    const groups = args.slice(0, -2).filter((g) => typeof g !== 'object') as (string | undefined)[];
    return render(groups);
  });
  if (!matched && transform.format.some((p) => typeof p !== 'string' && p.elseValue)) return render([]);
  return result;
}

function renderFormat(part: FormatPart, value: string): string {
  switch (part.shorthand) {
    case undefined:
      break;
    case 'upcase':
      return value.toLocaleUpperCase();
    case 'downcase':
      return value.toLocaleLowerCase();
    case 'capitalize':
      return value ? value[0].toLocaleUpperCase() + value.slice(1) : '';
    default:
      throw new Error(`snippet format /${part.shorthand} is not supported by the test helper`);
  }
  if (value && part.ifValue !== undefined) return part.ifValue;
  if (!value && part.elseValue !== undefined) return part.elseValue;
  return value;
}

/** The text of `body` (a snippet body string) with every tab stop at its default. */
export function snippetDefaultText(body: string, context: SnippetContext): string {
  const nodes = new Parser(body).parseAll();
  // The first placeholder with a default (or choice) for an index defines what its mirrors show.
  const defaults = new Map<number, Node>();
  const collect = (list: Node[]) => {
    for (const node of list) {
      if (node.kind === 'tabstop' && (node.children || node.choice) && !defaults.has(node.index)) defaults.set(node.index, node);
      if ('children' in node && node.children) collect(node.children);
    }
  };
  collect(nodes);

  const render = (list: Node[], seen: Set<number>): string => list.map((node) => renderNode(node, seen)).join('');
  const renderNode = (node: Node, seen: Set<number>): string => {
    switch (node.kind) {
      case 'text':
        return node.value;
      case 'tabstop': {
        const source = node.children || node.choice ? node : defaults.get(node.index);
        if (!source || source.kind !== 'tabstop' || seen.has(node.index)) return '';
        if (source.choice) return source.choice[0] ?? '';
        return render(source.children ?? [], new Set([...seen, node.index]));
      }
      case 'variable': {
        const value = resolveVariable(node.name, context);
        if (node.transform) return applyTransform(value ?? '', node.transform);
        if (value !== undefined) return value;
        if (node.children) return render(node.children, seen);
        throw new Error(`snippet variable ${node.name} is not supported by the test helper`);
      }
    }
  };
  return render(nodes, new Set());
}

/**
 * Leading whitespace the way the editor re-indents inserted snippet lines: measured in columns (tabs
 * count up to the next multiple of tabSize), then written as spaces or tabs per the editor's options.
 */
export function normalizeIndentation(text: string, insertSpaces: boolean, tabSize: number): string {
  return text.split('\n').map((line) => {
    const indent = /^[ \t]*/.exec(line)![0];
    let columns = 0;
    for (const ch of indent) columns = ch === '\t' ? columns + tabSize - (columns % tabSize) : columns + 1;
    const fresh = insertSpaces ? ' '.repeat(columns) : '\t'.repeat(Math.floor(columns / tabSize)) + ' '.repeat(columns % tabSize);
    return fresh + line.slice(indent.length);
  }).join('\n');
}

/** Parses `.code-snippets` JSON, which may contain comments and trailing commas. */
export function parseJsonc(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end - 1;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
    } else if (ch === ',' && /^\s*[}\]]/.test(text.slice(i + 1))) {
      // trailing comma: drop it
    } else {
      out += ch;
    }
  }
  return JSON.parse(out);
}

function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}
