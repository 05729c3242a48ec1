import * as ts from 'typescript';
import { defined, fromRoot } from './workspace';

export interface Manifest {
  file: string;
  document: { apiVersion: string; kind: string } & Record<string, unknown>;
}

/**
 * Misspelt or misplaced fields (`readinesProbe`, `port` beside `httpGet`): the Kubernetes
 * schemas allow unknown fields, so schema validation passes them, and the API server then
 * drops or rejects them at deploy time. TypeScript catches them instead: each manifest is
 * type-checked as an object literal against kubernetes-models' interface for its kind,
 * where any property the interface lacks is an error ("excess property check").
 */
export function unknownFieldErrors(manifests: Manifest[]): string[] {
  const fileName = fromRoot('tools/deploy-checks/src/__manifests__.ts');
  const startLines: number[] = [];
  const lines: string[] = [];
  manifests.forEach(({ document }, index) => {
    const { apiVersion, kind } = document;
    startLines.push(lines.length);
    lines.push(`import type { I${kind} as T${index} } from 'kubernetes-models/${apiVersion}/${kind}';`);
    lines.push(...`export const m${index}: T${index} = ${JSON.stringify(document, null, 1)};`.split('\n'));
  });
  const source = lines.join('\n');

  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2022,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, languageVersion, ...rest) =>
    name === fileName ? ts.createSourceFile(name, source, languageVersion) : getSourceFile.call(host, name, languageVersion, ...rest);
  host.fileExists = (name) => name === fileName || fileExists.call(host, name);
  host.readFile = (name) => (name === fileName ? source : readFile.call(host, name));

  const program = ts.createProgram([fileName], options, host);
  const sourceFile = defined(program.getSourceFile(fileName), fileName);
  return ts.getPreEmitDiagnostics(program, sourceFile).map((diagnostic) => {
    const line = diagnostic.start === undefined ? 0 : sourceFile.getLineAndCharacterOfPosition(diagnostic.start).line;
    let index = startLines.length - 1;
    while (index > 0 && startLines[index] > line) index--;
    const { file, document } = manifests[index];
    const where = `${file} (${document.kind} ${(document['metadata'] as { name?: string })?.name ?? '?'})`;
    return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
  });
}
