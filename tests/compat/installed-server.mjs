// The packaging install test's SDK step (packaging/test-install.sh): the official LangSmith SDK against
// an installed assay-server. Sends traces, reads them back, and creates a queue with them in it.
// Usage: LANGSMITH_ENDPOINT=http://127.0.0.1:PORT/api/v1 LANGSMITH_API_KEY=KEY node installed-server.mjs
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

process.env.LANGSMITH_TRACING = 'true'; // traceable sends only when tracing is on
const { Client } = await import('langsmith');
const { traceable } = await import('langsmith/traceable');
const client = new Client();
const project = `installed-check-${randomUUID().slice(0, 8)}`;

const answer = traceable(async (question) => ({ answer: `about ${question}` }),
  { name: 'rag_chain', run_type: 'chain', client, project_name: project });
for (const q of ['refund policy', 'password reset', 'shipping times']) await answer(q);
const plain = randomUUID();
await client.createRun({ id: plain, name: 'plain', run_type: 'llm', inputs: { prompt: 'hi' }, project_name: project });
await client.updateRun(plain, { outputs: { text: 'hello' }, end_time: Date.now() });
await client.awaitPendingTraceBatches();

const runs = [];
for await (const r of client.listRuns({ projectName: project })) runs.push(r);
assert.equal(runs.length, 4, `4 runs stored, got ${runs.length}`);
assert.equal((await client.readRun(plain)).outputs.text, 'hello');

const queue = await client.createAnnotationQueue({ name: `installed-${Date.now()}`, description: 'install test' });
await client.addRunsToAnnotationQueue(queue.id, runs.map((r) => r.id));
assert.equal((await client.getSizeFromAnnotationQueue(queue.id)).size, 4);
console.log(`installed-server.mjs: 4 runs sent and read back, queue ${queue.id} made with them`);
