// The 0.12 SDK's resource client for runs against a freshly started assay-server: traces sent with
// the new package's traceable, then client.runs.queryV2 with the seed's filters, page by page through
// next_cursor, and client.runs.retrieveV2. Every answer is asserted.
// Usage: node runs-v2-workflow.mjs <path/to/assay-server> sqlite|postgres
import assert from 'node:assert/strict';
import { startWorkflowServer } from './start-server.mjs';

const { backend, cleanup } = await startWorkflowServer('runs-v2-workflow.mjs');
const { Client } = await import('langsmith-0.12');
const { traceable } = await import('langsmith-0.12/traceable');

let step = 'start';
try {
  const client = new Client();

  // ---- traces: 20 questions, each a chain with a retriever under it; eval scores 0.00 .. 0.95
  step = 'tracing';
  const retrieve = traceable(async (q) => [`doc about ${q}`], { name: 'retrieve', run_type: 'retriever', client });
  for (let i = 0; i < 20; ++i) {
    await traceable(async (q) => ({ answer: `${(await retrieve(q))[0]}` }), {
      name: 'rag_chain', run_type: 'chain', client,
      metadata: { eval_score: i / 20 }, tags: i % 4 === 0 ? ['prod', 'vip'] : ['prod'],
    })(`question ${i}`);
  }
  await client.awaitPendingTraceBatches();
  const project = await client.readProject({ projectName: 'production-rag' });

  // ---- queryV2: the seed's low scores, page by page
  step = 'queryV2 pages';
  const lowScores = { project_ids: [project.id], filter: 'and(eq(is_root, true), lt(metadata.eval_score, 0.5))',
    page_size: 3, selects: ['NAME', 'METADATA', 'IS_ROOT', 'START_TIME'] };
  let page = await client.runs.queryV2(lowScores);
  const seen = [];
  let pages = 1;
  for (;;) {
    for (const run of page.items) {
      assert.equal(run.name, 'rag_chain');
      assert.equal(run.is_root, true);
      assert.ok(run.metadata.eval_score < 0.5, `eval_score ${run.metadata.eval_score}`);
      assert.deepEqual(Object.keys(run).sort(), ['id', 'is_root', 'metadata', 'name', 'start_time']);
      seen.push(run.id);
    }
    if (!page.hasNextPage()) break;
    page = await page.getNextPage();
    ++pages;
  }
  assert.equal(seen.length, 10, 'ten roots score under 0.5');
  assert.equal(new Set(seen).size, 10, 'each run once');
  assert.ok(pages >= 4, `pages of 3: ${pages}`);
  // The async iterator follows the cursors by itself.
  const all = [];
  for await (const run of client.runs.queryV2({ project_ids: [project.id], page_size: 7 })) all.push(run);
  assert.equal(all.length, 40, 'twenty chains and twenty retrievers');
  assert.deepEqual(Object.keys(all[0]), ['id'], 'without selects only the id');

  step = 'queryV2 filters';
  const ids = async (params) => {
    const out = [];
    for await (const run of client.runs.queryV2({ project_ids: [project.id], ...params })) out.push(run);
    return out;
  };
  assert.equal((await ids({ filter: 'has(tags, "vip")', is_root: true })).length, 5);
  assert.equal((await ids({ run_type: 'retriever' })).length, 20);
  assert.equal((await ids({ is_root: true, tree_filter: 'eq(name, "retrieve")' })).length, 20);
  // Child runs inherit their parent's metadata (the SDK copies it): the root alone here.
  const lowest = await ids({ filter: 'lt(metadata.eval_score, 0.01)', is_root: true, selects: ['NAME', 'TRACE_ID'] });
  assert.equal(lowest.length, 1);
  assert.equal(lowest[0].trace_id, lowest[0].id, 'a root is its own trace');
  assert.equal((await ids({ min_start_time: new Date(Date.now() + 3600e3).toISOString() })).length, 0);
  await assert.rejects(client.runs.queryV2({ project_ids: [project.id], filter: 'lt(metadata.eval_score' }),
    (e) => e.status === 400 && /filter:1:/.test(JSON.stringify(e.error)));
  await assert.rejects(client.runs.queryV2({ project_ids: [project.id], ai_search: 'unhappy users' }),
    (e) => e.status === 400 && /ai_search/.test(JSON.stringify(e.error)));

  // ---- retrieveV2
  step = 'retrieveV2';
  const one = await client.runs.retrieveV2(lowest[0].id,
    { project_id: project.id, selects: ['NAME', 'INPUTS', 'OUTPUTS', 'METADATA', 'PROJECT_ID'] });
  assert.equal(one.name, 'rag_chain');
  assert.equal(one.project_id, project.id);
  assert.equal(one.metadata.eval_score, 0);
  assert.match(JSON.stringify(one.outputs), /doc about question 0/);
  await assert.rejects(client.runs.retrieveV2(lowest[0].id, { project_id: '00000000-0000-4000-8000-000000000000' }),
    (e) => e.status === 404);

  console.log(`runs v2 workflow on ${backend}: ${all.length} runs, ${pages} pages of low scores, retrieve ok`);
  cleanup();
  process.exit(0);
} catch (e) {
  console.error(`runs v2 workflow failed at ${step}:`, e);
  cleanup();
  process.exit(1);
}
