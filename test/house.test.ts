// The house rules over the import graph, parsed with TypeScript's own parser (static, type-only, re-exports,
// dynamic import(), require, `new URL('./x', import.meta.url)` worker entries): stages never import the CLI or the
// viewer, the extractor never reaches neo4j-driver, the viewer page never reaches graph/neo4j, and everything the
// installed CLI loads at run time is a runtime dependency.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '..');
const ROOTS = ['bin', 'cli', 'graph', 'ingest', 'viewer'];
const SKIP_DIRS = new Set(['node_modules', 'dist', 'target']);
const SOURCE = /\.(ts|mts|js|mjs)$/;

interface Import {
  specifier: string;
  /** Erased at compile time (`import type`, `export type`, `typeof import('x')`): no run-time load. */
  typeOnly: boolean;
  line: number;
}

interface Parsed {
  imports: Import[];
  /** `import(expr)` whose argument is not a literal: no tool can check where it leads. */
  opaque: number[];
}

/** Every module reference in one source text. */
function parseImports(text: string, fileName = 'x.ts'): Parsed {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  const imports: Import[] = [];
  const opaque: number[] = [];
  const lineOf = (node: ts.Node): number => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const literal = (node: ts.Node | undefined): string | undefined =>
    node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
  const add = (specifier: string | undefined, typeOnly: boolean, node: ts.Node): void => {
    if (specifier !== undefined) imports.push({ specifier, typeOnly, line: lineOf(node) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(literal(node.moduleSpecifier), node.importClause?.isTypeOnly ?? false, node);
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier) add(literal(node.moduleSpecifier), node.isTypeOnly, node);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(literal(node.moduleReference.expression), node.isTypeOnly, node);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(literal(node.argument.literal), true, node);
    else if (ts.isCallExpression(node)) {
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isImport || isRequire) {
        const specifier = literal(node.arguments[0]);
        if (specifier !== undefined) add(specifier, false, node);
        else if (isImport) opaque.push(lineOf(node));
      }
    } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL') {
      // new URL('./worker-entry.mjs', import.meta.url): a module loaded by path (worker threads).
      const [first, second] = node.arguments ?? [];
      const base = second && ts.isPropertyAccessExpression(second) && ts.isMetaProperty(second.expression) ? second.name.text : undefined;
      const specifier = literal(first);
      if (base === 'url' && specifier?.startsWith('.')) add(specifier, false, node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { imports, opaque };
}

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) out.push(...listSources(path));
    } else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** A relative specifier → the file it loads (the codebase writes `.ts` extensions; `.js` may stand for `.ts`). */
function resolveRelative(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

interface Module {
  file: string;
  parsed: Parsed;
  /** Resolved relative imports. */
  local: { file: string; typeOnly: boolean; line: number }[];
  /** Package name of every bare import (`neo4j-driver`, `@sigma/node-border`, `node:fs`). */
  packages: { name: string; typeOnly: boolean; line: number }[];
  unresolved: Import[];
}

function packageName(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

function loadGraph(): Map<string, Module> {
  const modules = new Map<string, Module>();
  for (const file of ROOTS.flatMap((r) => listSources(join(REPO, r)))) {
    const parsed = parseImports(readFileSync(file, 'utf8'), file);
    const m: Module = { file, parsed, local: [], packages: [], unresolved: [] };
    for (const imp of parsed.imports) {
      if (imp.specifier.startsWith('.')) {
        const target = resolveRelative(file, imp.specifier);
        if (target) m.local.push({ file: target, typeOnly: imp.typeOnly, line: imp.line });
        else m.unresolved.push(imp);
      } else m.packages.push({ name: packageName(imp.specifier), typeOnly: imp.typeOnly, line: imp.line });
    }
    modules.set(file, m);
  }
  return modules;
}

const rel = (file: string): string => relative(REPO, file).split(sep).join('/');
const MODULES = loadGraph();

/**
 * Breadth-first from `start` over local imports (type-only ones too unless `runtime`); returns the import chain to
 * the first module `bad` flags, or undefined when none is reachable.
 */
function reach(start: string, bad: (m: Module) => string | undefined, runtime = false): string | undefined {
  const parent = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    const m = MODULES.get(file);
    if (!m) continue;
    const hit = bad(m);
    if (hit) {
      const chain: string[] = [];
      for (let f: string | null | undefined = file; f; f = parent.get(f)) chain.unshift(rel(f));
      return `${chain.join(' → ')} → ${hit}`;
    }
    for (const next of m.local) {
      if (runtime && next.typeOnly) continue;
      if (!parent.has(next.file)) { parent.set(next.file, file); queue.push(next.file); }
    }
  }
  return undefined;
}

const under = (prefix: string) => (file: string): boolean => rel(file).startsWith(prefix);
const filesUnder = (...prefixes: string[]): string[] => [...MODULES.keys()].filter((f) => prefixes.some((p) => under(p)(f)));
const importsFile = (prefixes: string[]) => (m: Module): string | undefined => {
  const hit = m.local.find((i) => prefixes.some((p) => under(p)(i.file)));
  return hit && `${rel(hit.file)} (line ${hit.line})`;
};
const importsPackage = (names: RegExp) => (m: Module): string | undefined => {
  const hit = m.packages.find((p) => names.test(p.name));
  return hit && `${hit.name} (line ${hit.line})`;
};

describe('parseImports (the checker itself)', () => {
  it.each([
    ['static', `import { a } from './a.ts';`, [['./a.ts', false]]],
    ['default + namespace', `import x, * as y from 'pkg';`, [['pkg', false]]],
    ['side effect', `import './style.css';`, [['./style.css', false]]],
    ['type-only import', `import type { T } from '../graph/types.ts';`, [['../graph/types.ts', true]]],
    ['inline type specifier still loads the module', `import { type T } from './t.ts';`, [['./t.ts', false]]],
    ['re-export', `export * from './b.ts'; export { c } from './c.ts';`, [['./b.ts', false], ['./c.ts', false]]],
    ['type re-export', `export type { T } from './t.ts';`, [['./t.ts', true]]],
    ['dynamic import', `const m = await import('../cli/index.ts');`, [['../cli/index.ts', false]]],
    ['dynamic import, template literal', 'const m = await import(`neo4j-driver`);', [['neo4j-driver', false]]],
    ['import type in a type position', `let b: typeof import('vite').build;`, [['vite', true]]],
    ['require', `const fs = require('node:fs');`, [['node:fs', false]]],
    ['worker entry', `new Worker(new URL('./worker-entry.mjs', import.meta.url));`, [['./worker-entry.mjs', false]]],
    ['not imports: comments and strings', `// import x from 'no'\nconst s = "import('no')"; /* require('no') */`, []],
    ['other URLs are not modules', `new URL('https://example.org/x'); new URL('./x', base);`, []],
  ])('%s', (_name, text, expected) => {
    const { imports, opaque } = parseImports(text);
    expect(imports.map((i) => [i.specifier, i.typeOnly])).toEqual(expected);
    expect(opaque).toEqual([]);
  });

  it('flags import() with a computed argument', () => {
    expect(parseImports(`const name = './x.ts';\nawait import(name);\nawait import(\`./\${name}\`);`).opaque).toEqual([2, 3]);
  });

  it('reach() finds a violation planted two hops away, with its chain', () => {
    // A fake module graph check: the real graph must contain ingest/ files importing each other.
    const start = join(REPO, 'ingest', 'extract', 'index.ts');
    expect(MODULES.has(start)).toBe(true);
    const chain = reach(start, (m) => (rel(m.file) === 'ingest/errors.ts' ? 'planted' : undefined));
    expect(chain).toMatch(/^ingest\/extract\/index\.ts → .*ingest\/errors\.ts → planted$/);
  });
});

describe('the import graph', () => {
  it('covers the sources (and skips built output)', () => {
    expect(filesUnder('ingest/').length).toBeGreaterThan(30);
    expect(filesUnder('graph/').length).toBeGreaterThan(20);
    expect(filesUnder('viewer/dist/')).toEqual([]);
  });

  it('every relative import resolves to a file', () => {
    const broken = [...MODULES.values()].flatMap((m) => m.unresolved.map((i) => `${rel(m.file)}:${i.line}: ${i.specifier}`));
    expect(broken).toEqual([]);
  });

  it('no import() takes a computed argument (it could not be checked)', () => {
    const opaque = [...MODULES.values()].flatMap((m) => m.parsed.opaque.map((line) => `${rel(m.file)}:${line}`));
    expect(opaque).toEqual([]);
  });

  const RULES: [string, string[], (m: Module) => string | undefined][] = [
    ['nothing in ingest/ or graph/ reaches viewer/ or cli/', ['ingest/', 'graph/'], importsFile(['viewer/', 'cli/'])],
    ['nothing in ingest/ reaches graph/ (the first stage imports no later one)', ['ingest/'], importsFile(['graph/'])],
    ['the extractor never reaches neo4j-driver', ['ingest/extract/'], importsPackage(/^neo4j-driver/)],
    ['the viewer page never reaches graph/neo4j or neo4j-driver', ['viewer/src/'], (m) => importsFile(['graph/neo4j/'])(m) ?? importsPackage(/^neo4j-driver/)(m)],
    ['the viewer page never reaches a Node built-in', ['viewer/src/'], importsPackage(/^node:|^(fs|path|os|child_process|worker_threads)$/)],
    ['nothing in viewer/ reaches cli/', ['viewer/'], importsFile(['cli/'])],
  ];

  it.each(RULES.map(([name, from, bad]) => [name, from, bad] as const))('%s', (_name, from, bad) => {
    const starts = filesUnder(...from);
    expect(starts.length).toBeGreaterThan(0);
    // One line per offending import, with the shortest chain that reaches it.
    const byImport = new Map<string, string>();
    for (const chain of starts.map((f) => reach(f, bad)).filter((v): v is string => v !== undefined)) {
      const key = chain.split(' → ').slice(-2).join(' → ');
      if (!byImport.has(key) || (byImport.get(key) as string).length > chain.length) byImport.set(key, chain);
    }
    expect([...byImport.values()]).toEqual([]);
  });

  it('everything the installed CLI loads at run time is a dependency (not a devDependency) or a Node built-in', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const builtins = new Set(builtinModules);
    // Loaded only when the viewer bundle must be built (a checkout); an installed package ships it prebuilt.
    const OPTIONAL: Record<string, string> = { 'viewer/build.ts': 'vite' };
    const missing = new Set<string>();
    const entry = join(REPO, 'bin', 'papergraph.js');
    reach(entry, (m) => {
      for (const p of m.packages) {
        if (p.typeOnly || p.name.startsWith('node:') || builtins.has(p.name) || p.name in pkg.dependencies) continue;
        if (OPTIONAL[rel(m.file)] === p.name) continue;
        missing.add(`${rel(m.file)}:${p.line}: ${p.name}`);
      }
      return undefined;
    }, true);
    expect([...missing]).toEqual([]);
  });

  it('the run-time closure of the CLI includes every command and the extraction worker', () => {
    const seen: string[] = [];
    reach(join(REPO, 'bin', 'papergraph.js'), (m) => { seen.push(rel(m.file)); return undefined; }, true);
    for (const f of ['cli/view.ts', 'cli/build.ts', 'cli/query.ts', 'viewer/serve.ts', 'ingest/extract/worker-entry.mjs', 'ingest/extract/worker.ts']) expect(seen).toContain(f);
  });
});
