import { describeSnippetCompletions } from '../shared/snippetCompletions';

describeSnippetCompletions(['app/api/items/route.ts', 'app/api/legacy/route.js']);
