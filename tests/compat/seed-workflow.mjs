// The seed article's whole workflow, with the official LangSmith JS SDK, against a freshly started
// assay-server: trace an app, define a rubric and a queue, route runs in, score them, pull the
// feedback back out and export the good runs as a dataset. Every answer is asserted.
// Usage: node seed-workflow.mjs <path/to/assay-server> sqlite|postgres
//   postgres needs ASSAY_TEST_POSTGRES_URL (scripts/test.sh starts a cluster and sets it).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startWorkflowServer } from './start-server.mjs';

const { backend, cleanup } = await startWorkflowServer('seed-workflow.mjs');
const { Client, RunTree } = await import('langsmith');
const { traceable, getCurrentRunTree } = await import('langsmith/traceable');

let step = 'start';
try {
  const client = new Client();
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  // ---- 1. tracing: traceable with nested runs (auto-batched), RunTree, plain createRun/updateRun
  step = 'tracing';
  const runIds = {};
  const retrieve = traceable(async (q) => [`doc about ${q}`], { name: 'retrieve', run_type: 'retriever', client });
  const answer = traceable(async (question, evalScore, tags) => {
    const docs = await retrieve(question);
    runIds[question] = getCurrentRunTree().id;
    return { answer: `Based on ${docs.length} document(s): ...` };
  }, { name: 'rag_chain', run_type: 'chain', client });
  await answer('refund policy', 0.2, []);
  const tracedWith = (q, score, tags, latency) => traceable(async () => {
    runIds[q] = getCurrentRunTree().id;
    if (latency) await sleep(latency);
    return { answer: q };
  }, { name: q, run_type: 'chain', client, metadata: { eval_score: score, user_id: `u-${q}` }, tags })();
  await tracedWith('password reset', 0.9, ['beta']);
  await tracedWith('slow question', 0.7, [], 5200);
  await client.awaitPendingTraceBatches();

  const tree = new RunTree({ name: 'error_chain', run_type: 'chain', inputs: { q: 'boom' }, client, project_name: 'production-rag' });
  await tree.postRun();
  await tree.end(undefined, 'TimeoutError: upstream model did not answer');
  await tree.patchRun();
  runIds.error = tree.id;

  const plainId = randomUUID();
  await client.createRun({ id: plainId, name: 'plain', run_type: 'llm', inputs: { prompt: 'hi' }, project_name: 'production-rag' });
  await client.updateRun(plainId, { outputs: { text: 'hello' }, end_time: Date.now() });
  await client.awaitPendingTraceBatches();

  const root = await client.readRun(runIds['refund policy']);
  assert.equal(root.name, 'rag_chain');
  assert.equal(root.status, 'success');
  const children = [];
  for await (const r of client.listRuns({ projectName: 'production-rag', traceId: root.trace_id, isRoot: false })) children.push(r);
  assert.deepEqual(children.map((r) => r.name), ['retrieve']);
  assert.equal(children[0].parent_run_id, root.id);
  assert.equal((await client.readRun(plainId)).outputs.text, 'hello');

  // ---- 2. projects
  step = 'projects';
  const project = await client.readProject({ projectName: 'production-rag' });
  assert.equal(project.name, 'production-rag');
  const made = await client.createProject({ projectName: 'customer-facing-chat', description: 'chat', metadata: { team: 'support' } });
  await assert.rejects(client.createProject({ projectName: 'customer-facing-chat' }), (e) => e.status === 409 || /409|exists/.test(String(e)));
  const names = [];
  for await (const p of client.listProjects({ nameContains: 'chat' })) names.push(p.name);
  assert.deepEqual(names, ['customer-facing-chat']);
  assert.equal((await client.readProject({ projectId: made.id })).description, 'chat');

  // ---- 3. the rubric: feedback configs and a queue with rubric items
  step = 'queue';
  await client.createFeedbackConfig({ feedbackKey: 'overall_quality', feedbackConfig: { type: 'categorical',
    categories: [{ value: 1, label: 'good' }, { value: 0.5, label: 'acceptable' }, { value: 0, label: 'bad' }] } });
  await client.createFeedbackConfig({ feedbackKey: 'groundedness', feedbackConfig: { type: 'categorical',
    categories: [{ value: 1, label: 'grounded' }, { value: 0, label: 'hallucinated' }, { value: 0.5, label: 'partially_grounded' }] } });
  await client.createFeedbackConfig({ feedbackKey: 'reviewer_note', feedbackConfig: { type: 'freeform' } });
  const queue = await client.createAnnotationQueue({ name: 'production-rag-review', description: 'Judge answers against the retrieved context.',
    rubricInstructions: 'Read the context first.', rubricItems: [
      { feedback_key: 'overall_quality', is_required: true }, { feedback_key: 'groundedness', is_required: true },
      { feedback_key: 'reviewer_note' }] });
  const readQueue = await client.readAnnotationQueue(queue.id);
  assert.equal(readQueue.rubric_instructions, 'Read the context first.');
  assert.deepEqual(readQueue.rubric_items.map((i) => i.feedback_key), ['overall_quality', 'groundedness', 'reviewer_note']);

  // ---- 4. routing runs in: a bare id list and run keys
  step = 'routing';
  await client.addRunsToAnnotationQueue(queue.id, [runIds['refund policy'], runIds['password reset']]);
  const slow = await client.readRun(runIds['slow question']);
  await client.addRunsToAnnotationQueue(queue.id, [{ runId: slow.id, sessionId: slow.session_id, startTime: slow.start_time }]);
  assert.deepEqual(await client.getSizeFromAnnotationQueue(queue.id), { size: 3 });
  const first = await client.getRunFromAnnotationQueue(queue.id, 0);
  assert.equal(first.id, runIds['refund policy']);
  const queued = [];
  for await (const r of client.listRunsFromAnnotationQueue(queue.id, { status: 'needs_my_review' })) queued.push(r.id);
  assert.equal(queued.length, 3);
  const third = await client.getRunFromAnnotationQueue(queue.id, 2);
  await client.deleteRunFromAnnotationQueue(queue.id, third.queue_run_id);
  assert.deepEqual(await client.getSizeFromAnnotationQueue(queue.id), { size: 2 });

  // ---- 5. feedback: a reviewer scores, the app adds a thumbs-down, a score is corrected
  step = 'feedback';
  const good = runIds['password reset'];
  const bad = runIds['refund policy'];
  await client.createFeedback(good, 'overall_quality', { value: 'good', score: 1, projectId: undefined });
  await client.createFeedback(bad, 'overall_quality', { value: 'bad', score: 0, comment: 'cites a retired policy' });
  await client.createFeedback(bad, 'user_rating', { value: 'negative' });
  const scratchFeedback = await client.createFeedback(bad, 'correctness', { score: 0.2 });
  await client.updateFeedback(scratchFeedback.id, { score: 0.3 });
  assert.equal((await client.readFeedback(scratchFeedback.id)).score, 0.3);
  await client.deleteFeedback(scratchFeedback.id);
  await assert.rejects(client.readFeedback(scratchFeedback.id));
  const pulled = [];
  for await (const fb of client.listFeedback({ runIds: [good, bad], feedbackKeys: ['overall_quality'] })) pulled.push(fb);
  assert.equal(pulled.length, 2);
  assert.deepEqual(pulled.map((f) => f.value).sort(), ['bad', 'good']);

  // ---- 6. listRuns with the filter language
  step = 'filters';
  const names_ = async (filter, extra = {}) => {
    const out = [];
    for await (const r of client.listRuns({ projectName: 'production-rag', filter, ...extra })) out.push(r.name);
    return out.sort();
  };
  assert.deepEqual(await names_('and(eq(feedback_key, "overall_quality"), eq(feedback_score, 0))'), ['rag_chain']);
  assert.deepEqual(await names_('and(eq(metadata_key, "user_id"), eq(metadata_value, "u-password reset"))'), ['password reset']);
  assert.deepEqual(await names_('has(tags, "beta")'), ['password reset']);
  assert.deepEqual(await names_('gt(latency, "5s")'), ['slow question']);
  assert.deepEqual(await names_('neq(error, null)'), ['error_chain']);
  assert.deepEqual(await names_('has_feedback_key("user_rating")'), ['rag_chain']);
  assert.deepEqual(await names_('metadata.eval_score < 0.8 OR feedback.user_rating == "negative"', { isRoot: true }), ['rag_chain', 'slow question']);

  // ---- 7. export the good runs as a dataset
  step = 'dataset';
  const dataset = await client.createDataset('rag-good-examples-2026-q1', { description: 'Human-verified good RAG responses' });
  await client.createExamples([{ dataset_id: dataset.id, inputs: {}, source_run_id: good, use_source_run_io: true, metadata: { reviewed: true } }]);
  const examples = [];
  for await (const e of client.listExamples({ datasetId: dataset.id })) examples.push(e);
  assert.equal(examples.length, 1);
  assert.equal(examples[0].source_run_id, good);
  assert.deepEqual(examples[0].outputs, { answer: 'password reset' });
  assert.equal((await client.readDataset({ datasetName: 'rag-good-examples-2026-q1' })).id, dataset.id);
  await client.updateExample(examples[0].id, { dataset_id: dataset.id, metadata: { reviewed: true, round: 2 } });
  const updated = await client.readExample(examples[0].id);
  assert.deepEqual(updated.metadata, { reviewed: true, round: 2 });
  assert.deepEqual(updated.outputs, { answer: 'password reset' }, 'what the update does not name is kept');
  const [scratchA, scratchB] = [randomUUID(), randomUUID()];
  await client.createExamples([{ id: scratchA, dataset_id: dataset.id, inputs: { q: 'a' } },
    { id: scratchB, dataset_id: dataset.id, inputs: { q: 'b' } }]);
  await client.deleteExamples([scratchA]);
  await client.deleteExamples([scratchB], { hardDelete: true });
  await assert.rejects(client.readExample(scratchA), (e) => /404|not found/i.test(String(e)));
  assert.equal((await client.readDataset({ datasetId: dataset.id })).example_count, 1);

  // ---- 8. a chat dataset read back for OpenAI fine-tuning (GET /datasets/{id}/openai_ft)
  step = 'openai fine-tuning';
  const chat = await client.createDataset('rag-chat-finetune', { description: 'chat examples' });
  await client.createExamples([{ dataset_id: chat.id,
    inputs: { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'How do I reset my password? 🔑' }] },
    outputs: { answer: 'Settings > Security > "Reset".' } }]);
  const finetuning = await client.readDatasetOpenaiFinetuning({ datasetId: chat.id });
  assert.deepEqual(finetuning, [{ messages: [{ role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'How do I reset my password? 🔑' },
    { role: 'assistant', content: 'Settings > Security > "Reset".' }] }]);

  console.log(`seed workflow passed on ${backend}`);
  cleanup();
  process.exit(0); // the SDK's keep-alive sockets would hold the process open for their idle timeout
} catch (e) {
  console.error(`seed workflow failed at step '${step}' on ${backend}:`, e);
  cleanup();
  process.exit(1);
}
