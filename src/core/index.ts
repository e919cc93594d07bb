// The public surface of the analysis core. Nothing here imports `vscode`: the same code runs in the
// extension host, in the CLI and under plain Node in the unit tests.
export * from './httpMethods';
export * from './resources/kinds';
export * from './findings';
export * from './analyzer';
export type { ResourceReport, ResourceStatus } from './analysis/checkResources';
export type { ResourceKind } from './resources/kinds';
export { nodeFileSystem, memoryFileSystem } from './project/fileSystem';
export type { FileSystem } from './project/fileSystem';
export * from './fixes';
export type { ClerkVersionInfo, VersionSource } from './clerk/version';
export { CURRENT_CLERK_MAJOR, clerkApiOf, detectClerkVersion, minVersionOfRange } from './clerk/version';
export { applyFixEdits, isMiddlewareFilePath } from './rules';
export type { CodeFix, FixEdit, FixableFinding, MiddlewareProtectedSeverity } from './rules';
export { matchSource } from './middleware/matcher';
export { appResourceFiles, buildProtectionMap, compareMapped, mapReport, PROTECTION_STATES } from './protection/map';
export type { MappedResource, MiddlewareRule, ProtectionState } from './protection/map';
export { describeMoved, planMigration } from './protection/migrate';
export type { MigrationPlan, MovedCheck, Refusal } from './protection/migrate';
