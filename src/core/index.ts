// The public surface of the analysis core. Nothing here imports `vscode`: the same code runs in the
// extension host, in the CLI and under plain Node in the unit tests.
export * from './httpMethods';
export * from './routeFiles';
export * from './findings';
export * from './analyzer';
export type { HandlerReport, HandlerStatus } from './analysis/analyzeRoute';
export { nodeFileSystem, memoryFileSystem } from './project/fileSystem';
export type { FileSystem } from './project/fileSystem';
export * from './fixes';
