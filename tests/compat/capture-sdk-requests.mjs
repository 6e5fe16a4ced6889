// Drives the official LangSmith JS SDK against a tiny capture server on 127.0.0.1:0 and writes every
// request it sent (method, url, body) as one JSON object a line. assay_compat_tests then decodes each
// body with assay_core, so a change in what the SDK sends shows up here, not in production.
// Usage: node capture-sdk-requests.mjs <output.jsonl>
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Client, RunTree } from 'langsmith';

const output = process.argv[2];
if (!output) {
  console.error('usage: node capture-sdk-requests.mjs <output.jsonl>');
  process.exit(2);
}

const captured = [];
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    captured.push({ method: req.method, url: req.url, body });
    res.setHeader('content-type', 'application/json');
    if (req.url.endsWith('/info')) {
      res.end(JSON.stringify({
        version: '0.16.20',
        batch_ingest_config: { use_multipart_endpoint: false, size_limit: 100, size_limit_bytes: 20971520 },
        instance_flags: { dataset_examples_multipart_enabled: true },
      }));
    } else {
      res.end(body.startsWith('{') ? body : '{}'); // echo objects, as a create would
    }
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const apiUrl = `http://127.0.0.1:${server.address().port}/api/v1`;

const client = new Client({ apiUrl, apiKey: 'compat-key' });
const projectId = randomUUID();

// 1. A plain run without trace_id/dotted_order: sent at once as POST /runs and PATCH /runs/{id}.
const plainId = randomUUID();
await client.createRun({ id: plainId, name: 'plain', run_type: 'chain', inputs: { q: 'hi' },
  project_name: 'compat', extra: { metadata: { eval_score: 0.5 } } });
await client.updateRun(plainId, { outputs: { a: 'yo' }, end_time: Date.now() });

// 2. A RunTree with a child: auto-batched into POST /runs/batch.
const tree = new RunTree({ name: 'rag_chain', run_type: 'chain', inputs: { question: 'How do I rotate a key?' },
  project_name: 'compat', client, tags: ['beta'], extra: { metadata: { eval_score: 0.3, user_id: 'u-17' } } });
await tree.postRun();
const child = tree.createChild({ name: 'llm', run_type: 'llm', inputs: { prompt: 'p' } });
await child.postRun();
await child.end({ text: 'Open Settings.', usage_metadata: { input_tokens: 900, output_tokens: 200, total_tokens: 1100 } });
await child.patchRun();
await tree.end({ answer: 'Open Settings.' });
await tree.patchRun();
await client.awaitPendingTraceBatches();

// 3. Feedback (the JS SDK sends camelCase feedbackConfig) and a legacy-form call.
await client.createFeedback({ runId: tree.id, sessionId: projectId, key: 'correctness', score: 1 / 3, value: 'good',
  comment: 'c', feedbackConfig: { type: 'continuous', min: 0, max: 1 } });
await client.createFeedback(tree.id, 'user_rating', { value: 'negative' });

// 4. A queue with a rubric, a feedback config, and a project.
await client.createFeedbackConfig({ feedbackKey: 'correctness', feedbackConfig: { type: 'categorical',
  categories: [{ value: 1, label: 'Pass' }, { value: 0, label: 'Fail' }] } });
await client.createAnnotationQueue({ name: 'production-rag-review', description: 'Judge the answer against the context.',
  rubricInstructions: 'Read the retrieved context first.', rubricItems: [{ feedback_key: 'correctness', is_required: true }] });
await client.createProject({ projectName: 'compat-project', description: 'made by the SDK', metadata: { team: 'qa' } });

writeFileSync(output, captured.map((r) => JSON.stringify(r)).join('\n') + '\n');
server.close();
console.log(`captured ${captured.length} requests from langsmith-js into ${output}`);
