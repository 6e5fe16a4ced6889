// A freshly started assay-server for a compatibility workflow, on SQLite or on a new PostgreSQL
// database (ASSAY_TEST_POSTGRES_URL; scripts/test.sh starts a cluster and sets it), with a bootstrap
// admin key. cleanup() stops it and drops what it made.
import { spawn, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const apiKey = 'compat-admin-key-7Hq2Lw9Zx4Vb6Nm1Rt8Yp3';

// A workflow's start: `node <script> <path/to/assay-server> sqlite|postgres` → a fresh server, and the
// LANGSMITH_* variables pointing the SDK at it (project production-rag).
export async function startWorkflowServer(script) {
  const [serverExe, backend] = process.argv.slice(2);
  if (!serverExe || !['sqlite', 'postgres'].includes(backend)) {
    console.error(`usage: node ${script} <assay-server> sqlite|postgres`);
    process.exit(2);
  }
  const { port, cleanup } = await startServer(serverExe, backend);
  process.env.LANGSMITH_ENDPOINT = `http://127.0.0.1:${port}/api/v1`;
  process.env.LANGSMITH_API_KEY = apiKey;
  process.env.LANGSMITH_TRACING = 'true';
  process.env.LANGSMITH_PROJECT = 'production-rag';
  return { backend, port, cleanup };
}

export async function startServer(serverExe, backend) {
  const scratch = mkdtempSync(join(tmpdir(), 'assay-compat-'));
  let database = join(scratch, 'assay.db');
  let dropDatabase = () => {};
  if (backend === 'postgres') {
    const admin = process.env.ASSAY_TEST_POSTGRES_URL;
    if (!admin) throw new Error('ASSAY_TEST_POSTGRES_URL is not set');
    const name = `assay_compat_${randomUUID().replaceAll('-', '')}`;
    execFileSync('psql', [admin, '-q', '-c', `CREATE DATABASE ${name}`]);
    database = admin.replace(/\/[^/]*$/, `/${name}`);
    dropDatabase = () => execFileSync('psql', [admin, '-q', '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
  }
  const server = spawn(serverExe, ['serve', '--listen', '127.0.0.1:0', '--database', database,
    '--bootstrap-admin-key', apiKey], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)\/api\/v1/);
      if (m) resolve(Number(m[1]));
    });
    server.on('exit', (code) => reject(new Error(`assay-server exited with ${code} before listening`)));
    setTimeout(() => reject(new Error('assay-server did not start within 30 s')), 30000);
  });
  const cleanup = () => { server.kill(); try { dropDatabase(); } catch {} rmSync(scratch, { recursive: true, force: true }); };
  return { port, cleanup };
}
