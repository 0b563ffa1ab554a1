// A worker of a team of its own, for specs that need a worker's data on the server without going
// through the PRW app: created with the server's command line on the e2e database, logged in over
// the API, writing records with `POST /api/v1/sync` exactly as the app's outbox does.
import { APIRequestContext, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const serverBinary = path.join(root, 'target', 'debug', 'peerline-server');
const database = process.env.PEERLINE_E2E_DATABASE ?? path.join(root, 'e2e', 'test-results', 'e2e.db');
export const databaseUrl = `sqlite://${database}`;

/** Runs `peerline-server ARGS --database-url <the e2e database>` and returns its output. */
export function serverCommand(args: string[], input?: string): string {
  return execFileSync(serverBinary, [...args, '--database-url', databaseUrl], { input, encoding: 'utf8' }).trim();
}

/** UUIDv5 (RFC 4122, SHA-1) of `name` in `namespace`: the derived profile and availability ids. */
export function uuidv5(namespace: string, name: string): string {
  const bytes = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name)
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A share token as the app makes one: 32 random bytes, base64url. */
export function newShareToken(): string {
  return randomBytes(32).toString('base64url');
}

export type Write = [kind: string, id: string, set: Record<string, unknown>, deleted?: boolean];

export class Worker {
  readonly clientId = randomUUID();
  private mid = 0;
  token = '';
  userId = '';
  username = '';
  readonly password = 'e2e password';

  constructor(private readonly request: APIRequestContext) {}

  async create(prefix = 'e2e'): Promise<void> {
    const username = `${prefix}-${randomBytes(4).toString('hex')}`;
    this.username = username;
    const team = serverCommand(['create-team', '--name', `Team ${username}`]);
    serverCommand(
      ['create-user', '--team', team, '--role', 'worker', '--username', username, '--display-name', 'Per'],
      'e2e password\n',
    );
    const login = await this.request.post('/api/v1/auth/login', {
      data: { username, password: 'e2e password' },
    });
    expect(login.status()).toBe(200);
    const body = await login.json();
    this.token = body.token;
    this.userId = body.user.id;
  }

  /** Pushes `writes` in one sync and expects every one accepted. */
  async sync(writes: Write[]): Promise<void> {
    const now = Date.now();
    const body = {
      client_id: this.clientId,
      cursor: null,
      mutations: writes.map(([kind, id, set, deleted]) => {
        this.mid += 1;
        const hlc = `${String(now).padStart(13, '0')}:${this.mid.toString(16).padStart(4, '0')}:${this.clientId}`;
        return { mid: this.mid, kind, id, hlc, set, ...(deleted === undefined ? {} : { deleted }) };
      }),
    };
    const response = await this.request.post('/api/v1/sync', {
      data: body,
      headers: { authorization: `Bearer ${this.token}` },
    });
    expect(response.status()).toBe(200);
    expect((await response.json()).rejected).toEqual([]);
  }
}
