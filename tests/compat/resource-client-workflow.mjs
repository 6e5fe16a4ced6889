// The seed workflow through the 0.12 SDK's generated resource client, against a freshly started
// assay-server: traces sent with the new package's traceable, client.runs.queryV2 with the seed's
// filters page by page through next_cursor, client.runs.retrieveV2, then client.annotationQueues: a queue
// with a rubric, runs added as items and as runs, items listed by section through their cursors,
// counted, placed, marked done, re-timed and removed, a queue populated from a project, a person's
// feedback counted as their review, and what Assay does not implement refused at once. Every answer is asserted.
// Usage: node resource-client-workflow.mjs <path/to/assay-server> sqlite|postgres
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startWorkflowServer } from './start-server.mjs';

const { backend, port, cleanup } = await startWorkflowServer('resource-client-workflow.mjs');
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

  // ---- projects and datasets through their v2 listings; what Assay lacks says so at once
  step = 'sessions and datasets';
  const projectNames = [];
  for await (const p of client.sessions.listV2({ limit: 1 })) projectNames.push(p.name);
  assert.deepEqual(projectNames, ['production-rag']);
  assert.equal((await client.sessions.create({ name: 'production-rag', upsert: true })).id, project.id);
  const dsA = await client.createDataset('ds-a');
  await client.createDataset('ds-b');
  const datasetNames = [];
  for await (const d of client.datasets.listV2({ name_contains: 'ds-', limit: 1 })) datasetNames.push(d.name);
  assert.deepEqual(datasetNames.sort(), ['ds-a', 'ds-b'], 'one per page, through next_cursor');
  const exampleId = randomUUID();
  await client.createExamples([{ id: exampleId, dataset_id: dsA.id, inputs: { q: 1 } }]);
  await client.datasets.examples.delete(exampleId, { dataset_id: dsA.id });
  assert.equal((await client.readDataset({ datasetId: dsA.id })).example_count, 0);
  const started = Date.now();
  await assert.rejects(client.runs.getURL(lowest[0].id, {}),
    (e) => e.status === 501 && /not implemented by Assay/.test(JSON.stringify(e.error)));
  assert.ok(Date.now() - started < 2000, 'a 501 is not retried');

  // ---- annotation queues: the rubric and a queue
  step = 'queue';
  await client.createFeedbackConfig({ feedbackKey: 'overall_quality', feedbackConfig: { type: 'categorical',
    categories: [{ value: 1, label: 'good' }, { value: 0, label: 'bad' }] } });
  await client.createFeedbackConfig({ feedbackKey: 'reviewer_note', feedbackConfig: { type: 'freeform' } });
  const aq = client.annotationQueues;
  const queue = await aq.annotationQueues({ name: 'production-rag-review', description: 'Judge answers.',
    rubric_instructions: 'Read the context first.', num_reviewers_per_item: 1,
    rubric_items: [{ feedback_key: 'overall_quality', is_required: true }, { feedback_key: 'reviewer_note' }] });
  const read = await aq.retrieve(queue.id);
  assert.deepEqual(read.rubric_items.map((i) => i.feedback_key), ['overall_quality', 'reviewer_note']);
  const listed = [];
  for await (const q of aq.retrieveAnnotationQueues({ name_contains: 'rag-review' })) listed.push(q.id);
  assert.deepEqual(listed, [queue.id]);

  // ---- runs in: the ten low scores as RUN items, one more through the runs resource
  step = 'queue items';
  const low = seen.slice();
  const created = await aq.items.create(queue.id, { items: low.slice(0, 9).map((run_id) => ({ item_type: 'RUN', run_id })) });
  assert.equal(created.items.length, 9);
  const [added] = await aq.runs.create(queue.id, { body: [low[9]] });
  assert.equal(added.run_id, low[9]);
  const fromProject = await aq.annotationQueues({ name: 'every-root-run' });
  await aq.populate({ queue_id: fromProject.id, session_ids: [project.id] });
  assert.deepEqual(await aq.retrieveTotalSize(fromProject.id), { size: 20 }, 'the twenty roots, not the retrievers');
  await aq.delete(fromProject.id);
  const section = async (status) => {
    const out = [];
    for await (const item of aq.items.list(queue.id, { status, limit: 4 })) out.push(item);
    return out;
  };
  const open = await section('needs_my_review');
  assert.deepEqual(open.map((i) => i.run_id), low, 'in the order they were added, across pages of 4');
  assert.ok(open.every((i) => i.item_type === 'RUN' && i.project_id === project.id));
  assert.deepEqual(await aq.items.retrieveCount(queue.id, { status: 'needs_my_review' }), { count: 10 });
  const placed = await aq.items.retrievePlacement(open[5].id, { queue_id: queue.id });
  assert.equal(placed.section, 'needs_my_review');
  assert.equal(placed.position, 5);

  // ---- marking done: the app's key, then a person whose feedback is their review
  step = 'status';
  const done = await aq.items.createStatus(open[0].id, { status: 'completed' });
  assert.equal(done.is_archived, true);
  await aq.createRunStatus(open[1].id, { status: 'completed' });
  const endpoint = process.env.LANGSMITH_ENDPOINT;
  const admin = async (path, body) => {
    const r = await fetch(`${endpoint}${path}`, { method: 'POST', body: JSON.stringify(body),
      headers: { 'x-api-key': process.env.LANGSMITH_API_KEY, 'content-type': 'application/json' } });
    const text = await r.text();
    assert.ok(r.ok, `${path}: ${r.status} ${text}`);
    return JSON.parse(text);
  };
  const dana = await admin('/admin/users', { name: 'Dana', role: 'member' });
  const danaKey = (await admin('/admin/keys', { name: 'dana-laptop', user_id: dana.id })).key;
  const asDana = new Client({ apiKey: danaKey });
  await asDana.createFeedback(open[2].run_id, 'reviewer_note', { value: 'cites the old policy', sessionId: project.id });
  assert.deepEqual(await aq.items.retrieveCount(queue.id, { status: 'archived' }), { count: 2 }, 'a note alone is no review');
  const fb = await asDana.createFeedback(open[2].run_id, 'overall_quality', { value: 'bad', score: 0, sessionId: project.id });
  assert.equal(fb.feedback_source?.user_name ?? (await client.readFeedback(fb.id)).feedback_source.user_name, 'Dana');
  const archived = await section('archived');
  assert.deepEqual(archived.map((i) => i.run_id), low.slice(0, 3));
  assert.deepEqual(archived[2].completed_by, [dana.id]);
  assert.ok(archived[2].last_reviewed_time, 'last_reviewed_time written');
  assert.deepEqual(await aq.retrieveTotalArchived(queue.id), { size: 3 });
  assert.deepEqual(await aq.retrieveSize(queue.id, { status: 'needs_my_review' }), { size: 7 });
  assert.deepEqual(await aq.retrieveTotalSize(queue.id), { size: 10 });
  const danaFeedback = [];
  for await (const f of client.listFeedback({ runIds: [open[2].run_id] })) danaFeedback.push(f);
  assert.deepEqual(danaFeedback.map((f) => f.feedback_source.user_id), [dana.id, dana.id]);

  // ---- the classic views of the same state
  step = 'queued runs';
  const completedRuns = await aq.runs.list(queue.id, { status: 'completed' });
  assert.deepEqual(completedRuns.map((r) => r.id), low.slice(0, 3));
  assert.deepEqual(completedRuns[2].completed_by, [dana.id]);
  const atIndex = await aq.retrieveRun(0, { queue_id: queue.id });
  assert.equal(atIndex.queue_run_id, open[0].id);
  assert.deepEqual((await aq.retrieveQueues(low[4])).map((q) => q.id), [queue.id]);

  // ---- re-timing and removing
  step = 're-time and remove';
  await aq.items.update(open[3].id, { queue_id: queue.id, added_at: '2099-01-01T00:00:00Z' });
  assert.equal((await section('needs_my_review')).at(-1).id, open[3].id, 'moved to the end');
  await aq.runs.update(open[4].id, { queue_id: queue.id, last_reviewed_time: '2026-12-01T10:00:00Z' });
  await aq.items.deleteAll(queue.id, { item_ids: [open[5].id] });
  await aq.runs.deleteAll(queue.id, { run_ids: [low[6]] });
  await aq.runs.deleteQueue(open[7].id, { queue_id: queue.id });
  assert.deepEqual(await aq.retrieveTotalSize(queue.id), { size: 7 });
  const exported = await aq.export(queue.id, { include_annotator_detail: true });
  assert.ok(String(exported).startsWith('item_id,run_id,queue_id,'), 'the export is CSV');
  const exportedRuns = new Set(String(exported).trim().split('\r\n').slice(1).map((row) => row.split(',')[1]));
  assert.equal(exportedRuns.size, 7, 'a row (or one per answer) for each item left');
  await aq.update(queue.id, { description: 'Judge answers against the context.' });
  assert.equal((await aq.retrieve(queue.id)).description, 'Judge answers against the context.');
  await aq.delete(queue.id);
  await assert.rejects(aq.retrieve(queue.id), (e) => e.status === 404);

  console.log(`resource client workflow on ${backend}: ${all.length} runs, ${pages} pages of low scores, ` +
    `${open.length} queue items`);
  cleanup();
  process.exit(0);
} catch (e) {
  console.error(`resource client workflow failed at ${step} on ${backend}:`, e);
  cleanup();
  process.exit(1);
}
