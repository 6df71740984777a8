/** `frontdesk serve` from the sources, as a file (cluster workers re-run the file the primary ran). */
import { main } from '../../src/server/cli.js';

await main(process.argv.slice(2));
