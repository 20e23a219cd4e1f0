import { randomUUID } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CatalogSourceError,
  type ChartBook,
  catalogHas,
  catalogText,
  checkMessage,
  MAX_TEXT_LENGTH,
  type MessageEdit,
  replaceCatalogEntry,
  setCatalogText,
} from '@sacco/studio-core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The journeys package's catalogs, from src/routes or dist/routes alike (both sit at the same depth). */
export const DEFAULT_CATALOG_DIR = fileURLToPath(
  new URL('../../../../packages/journeys/src/messages/', import.meta.url),
);

export interface StudioMessageOptions {
  readonly book: ChartBook;
  /** False in production: the routes answer 403 and never touch a file. */
  readonly copyEditing: boolean;
  /** Where `<language>.ts` catalogs are rewritten. */
  readonly catalogDir: string;
  /** The studio asks for a password (STUDIO_PASSWORD): a browser then sends it only to the studio's own origin. */
  readonly passwordProtected: boolean;
}

const LOOPBACK_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i;

/**
 * Whether a request that would change texts comes from the studio's own page. Without a
 * password only a loopback Host is trusted: a page on another site whose name was rebound to
 * this machine's address sends its own name as Host. An Origin, when sent, must be this host.
 */
function fromStudioPage(request: FastifyRequest, passwordProtected: boolean): boolean {
  const host = request.headers.host ?? '';
  if (!passwordProtected && !LOOPBACK_HOST.test(host)) return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

const textSchema = { type: 'string', maxLength: MAX_TEXT_LENGTH } as const;
const languageSchema = { type: 'string', pattern: '^[a-z]{2,3}$' } as const;
const keySchema = { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.-]+$' } as const;
const editSchema = {
  type: 'object',
  required: ['language', 'text'],
  additionalProperties: false,
  properties: { language: languageSchema, text: textSchema },
} as const;

// Paging labels, apologies and notices are said by the engine, not shown by a state: the studio
// cannot measure them on a screen, so it does not save them (a long "98. More" breaks paging).
const notOnAScreen = (key: string) =>
  `"${key}" is shown by no state the studio can measure; edit it in the catalog source and run the tests`;

const refuse = (reply: FastifyReply, code: number, message: string) =>
  reply.code(code).send({ error: code === 404 ? 'Not Found' : code === 403 ? 'Forbidden' : 'Bad Request', message });

/**
 * The studio's copy editing: `GET /studio/api/messages/<key>` reads a text in every language,
 * `POST /studio/api/messages/check` measures and lints a text
 * without saving it; `PUT /studio/api/messages/<key>` writes it into the catalog source file
 * (one string literal), into the running catalogs, and redraws the charts. Development only:
 * with NODE_ENV=production both answer 403.
 */
export async function studioMessageRoutes(app: FastifyInstance, options: StudioMessageOptions) {
  const { book, catalogDir } = options;
  const languages = new Set(book.charts.flatMap((chart) => chart.languages as readonly string[]));
  // One edit at a time: each reads, rewrites and renames its file before the next begins.
  let writing: Promise<unknown> = Promise.resolve();

  /** Why the edit cannot be saved or checked, as a status and a message; undefined when it can. */
  const problemWith = (request: FastifyRequest, edit: MessageEdit): [number, string] | undefined => {
    if (!options.copyEditing) return [403, 'copy editing is off in production'];
    if (!fromStudioPage(request, options.passwordProtected))
      return [403, 'texts are edited from the studio on this machine (or with STUDIO_PASSWORD set)'];
    if (!languages.has(edit.language)) return [400, `no catalog in ${edit.language}`];
    if (!catalogHas(book, edit.language, edit.key))
      return [404, `"${edit.key}" is not in the ${edit.language} catalog`];
    return undefined;
  };

  async function save(edit: MessageEdit) {
    const file = join(catalogDir, `${edit.language}.ts`);
    const edited = replaceCatalogEntry(await readFile(file, 'utf8'), edit.key, edit.text);
    // Written beside it and renamed: a reader (the type-checker, a watcher) never sees half a file.
    // A name of its own, created afresh: two services on one checkout never share it.
    const partial = `${file}.${randomUUID()}.studio-edit`;
    await writeFile(partial, edited, { flag: 'wx' });
    await rename(partial, file);
    setCatalogText(book, edit);
  }

  // The templates as the catalogs hold them, placeholders and all: what the editor starts from.
  app.get<{ Params: { key: string } }>('/studio/api/messages/:key', async (request, reply) => {
    const { key } = request.params;
    const texts = Object.fromEntries(
      [...languages].filter((language) => catalogHas(book, language, key)).map((l) => [l, catalogText(book, l, key)]),
    );
    if (Object.keys(texts).length === 0) return refuse(reply, 404, `"${key}" is in no catalog`);
    return { key, texts };
  });

  app.post<{ Body: MessageEdit }>(
    '/studio/api/messages/check',
    {
      schema: {
        body: {
          ...editSchema,
          required: ['key', 'language', 'text'],
          properties: { ...editSchema.properties, key: keySchema },
        },
      },
    },
    async (request, reply) => {
      const { key, language, text } = request.body;
      const problem = problemWith(request, { key, language, text });
      if (problem !== undefined) return refuse(reply, ...problem);
      const check = checkMessage(book, { key, language, text });
      if (check.screens.length === 0) return refuse(reply, 400, notOnAScreen(key));
      return check;
    },
  );

  app.put<{ Params: { key: string }; Body: Omit<MessageEdit, 'key'> }>(
    '/studio/api/messages/:key',
    { schema: { params: { type: 'object', properties: { key: keySchema } }, body: editSchema } },
    async (request, reply) => {
      const edit = { key: request.params.key, language: request.body.language, text: request.body.text };
      const problem = problemWith(request, edit);
      if (problem !== undefined) return refuse(reply, ...problem);
      const check = checkMessage(book, edit);
      if (check.screens.length === 0) return refuse(reply, 400, notOnAScreen(edit.key));
      if (check.unwritable.length > 0) {
        return refuse(reply, 400, `the text has characters a catalog cannot hold: ${JSON.stringify(check.unwritable)}`);
      }
      const saved = writing.then(() => save(edit));
      writing = saved.catch(() => undefined);
      try {
        await saved;
      } catch (error) {
        if (error instanceof CatalogSourceError) return refuse(reply, 400, error.message);
        throw error;
      }
      return { saved: true, ...check };
    },
  );
}
