// The same snippet checks as in the routes scenario, against the installed .vsix: proves the snippet
// file ships and is wired up in the packaged manifest.
import { describeSnippetCompletions } from '../shared/snippetCompletions';

describeSnippetCompletions(['app/api/items/route.ts', 'app/api/legacy/route.js']);
