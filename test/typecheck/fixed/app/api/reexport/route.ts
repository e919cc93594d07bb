// The handler lives in lib/handlers.ts: that file gets the fix.
export { archiveItems as POST } from '../../lib/handlers';
