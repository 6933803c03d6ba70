import { ensureBuild } from './build';

// `npm start`: build the Next.js app when the sources are newer than the last
// build, then run the production server.
ensureBuild(process.cwd());
await import('./index');
