import { fileURLToPath } from 'node:url';

/** The folder of the studio page's files (HTML, ES modules, CSS), served as they are. */
export const studioPublicDir = fileURLToPath(new URL('./public/', import.meta.url));
