// `npm run messages`: writes docs/messages.md, every message key with its English text and where it
// shows, from the catalogue (src/shared/i18n). test/server/i18n.test.ts fails when the file is stale.
import { writeFileSync } from 'node:fs';
import { messagesDoc } from '../src/server/messages-doc.js';

writeFileSync('docs/messages.md', messagesDoc());
console.log('docs/messages.md written');
