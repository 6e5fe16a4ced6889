#!/usr/bin/env python3
"""Writes wire-python-sdk.jsonl: the requests the official Python SDK sends for the seed's workflow.

The Python SDK cannot be installed on the build machines (only Debian packages and npm are reachable),
so these requests are written from its source, langchain-ai/langsmith-sdk python/langsmith/client.py
(commit bc8dd672a), the way `requests` puts them on the wire: query booleans as True/False, lists as
repeated parameters, None left out of query strings but kept as null in JSON bodies where the SDK does
not drop it, timestamps from naive datetimes with no offset, snake_case bodies (feedback_config, not
feedbackConfig), run_ids as a bare list and run keys for by-key. Each request names the client.py
method it comes from. Run it again after changing a shape: python3 python-sdk-shapes.py
"""
import json
from urllib.parse import urlencode

PROJECT = "0193a1b2-0000-7000-8000-00000000a001"
ROOT = "0193a1b2-0000-7000-8000-00000000b001"
CHILD = "0193a1b2-0000-7000-8000-00000000b002"
OTHER = "0193a1b2-0000-7000-8000-00000000b003"
FEEDBACK = "0193a1b2-0000-7000-8000-00000000c001"
QUEUE = "0193a1b2-0000-7000-8000-00000000d001"
DATASET_NAME = "py-good-examples"
EXAMPLES = ["0193a1b2-0000-7000-8000-00000000e001", "0193a1b2-0000-7000-8000-00000000e002"]

HEADERS = {"user-agent": "langsmith-py/0.4.60", "x-api-key": "test-key", "accept": "application/json"}


def request(method, path, params=None, body=None, origin=""):
    url = "/api/v1" + path
    if params:
        # requests: bool -> "True"/"False", list -> repeated key, None -> left out
        pairs = []
        for key, value in params.items():
            if value is None:
                continue
            for item in value if isinstance(value, list) else [value]:
                pairs.append((key, str(item)))
        url += "?" + urlencode(pairs)
    headers = dict(HEADERS)
    text = ""
    if body is not None:
        headers["content-type"] = "application/json"
        text = json.dumps(body, separators=(",", ":"))
    return {"method": method, "url": url, "headers": headers, "body": text, "origin": origin}


def dotted(start, run_id):
    return start.replace("-", "").replace(":", "").replace(".", "") + "Z" + run_id


wire = [
    # create_project(upsert=True): the body keeps extra/description as null; sent twice, one project
    request("POST", "/sessions", {"upsert": True},
            {"name": "py-project", "extra": {"metadata": {"team": "py"}}, "description": None, "id": PROJECT},
            "create_project"),
    request("POST", "/sessions", {"upsert": True},
            {"name": "py-project", "extra": None, "description": None, "id": "0193a1b2-0000-7000-8000-00000000a0ff"},
            "create_project"),
    # read_project(project_name=...): limit 1 and include_stats=False
    request("GET", "/sessions", {"limit": 1, "name": "py-project", "include_stats": False}, None, "read_project"),
    # batch_ingest_runs (the /runs/batch fallback): naive isoformat times, trace_id and dotted_order set
    request("POST", "/runs/batch", None, {
        "post": [
            {"id": ROOT, "name": "rag_chain", "run_type": "chain", "session_name": "py-project",
             "start_time": "2026-11-30T08:00:00.123456", "inputs": {"question": "refund policy"},
             "trace_id": ROOT, "dotted_order": dotted("2026-11-30T08:00:00.123456", ROOT),
             "extra": {"metadata": {"eval_score": 0.2}, "runtime": {"sdk": "langsmith-py"}}, "tags": ["prod"]},
            {"id": CHILD, "name": "retrieve", "run_type": "retriever", "session_name": "py-project",
             "start_time": "2026-11-30T08:00:00.200000", "end_time": "2026-11-30T08:00:00.900000",
             "inputs": {"q": "refund policy"}, "outputs": {"documents": ["doc"]}, "parent_run_id": ROOT,
             "trace_id": ROOT,
             "dotted_order": dotted("2026-11-30T08:00:00.123456", ROOT) + "." +
                             dotted("2026-11-30T08:00:00.200000", CHILD)},
        ],
        "patch": [],
    }, "batch_ingest_runs"),
    # update_run: end_time from a naive datetime, outputs
    request("PATCH", f"/runs/{ROOT}", None,
            {"end_time": "2026-11-30T08:00:02.500000", "outputs": {"answer": "Refunds take 5 days."}},
            "update_run"),
    # create_run without trace_id/dotted_order (a root posted directly)
    request("POST", "/runs", None,
            {"id": OTHER, "name": "password reset", "run_type": "chain", "session_name": "py-project",
             "inputs": {"question": "password reset"}, "start_time": "2026-11-30T08:05:00",
             "end_time": "2026-11-30T08:05:01"},
            "create_run"),
    # read_run
    request("GET", f"/runs/{ROOT}", None, None, "read_run"),
    # create_feedback_config
    request("POST", "/feedback-configs", None,
            {"feedback_key": "overall_quality",
             "feedback_config": {"type": "categorical",
                                 "categories": [{"value": 1, "label": "good"}, {"value": 0, "label": "bad"}]},
             "is_lower_score_better": False},
            "create_feedback_config"),
    # create_feedback: FeedbackCreate.model_dump(exclude_none=True), snake_case feedback_config
    request("POST", "/feedback", None,
            {"id": FEEDBACK, "run_id": ROOT, "trace_id": ROOT, "key": "overall_quality", "score": 0,
             "value": "bad", "comment": "cites a retired policy",
             "feedback_source": {"type": "api", "metadata": {}},
             "feedback_config": {"type": "categorical",
                                 "categories": [{"value": 1, "label": "good"}, {"value": 0, "label": "bad"}]},
             "created_at": "2026-11-30T08:10:00.000001", "modified_at": "2026-11-30T08:10:00.000001",
             "session_id": PROJECT, "extend_trace_retention": True},
            "create_feedback"),
    # list_feedback(run_ids=[...], feedback_key=[...])
    request("GET", "/feedback", {"run": [ROOT], "limit": 100, "offset": 0, "key": ["overall_quality"]}, None,
            "list_feedback"),
    # create_annotation_queue: None values dropped
    request("POST", "/annotation-queues", None,
            {"name": "py-review", "description": "Judge answers.", "id": QUEUE,
             "rubric_instructions": "Read the context first.",
             "rubric_items": [{"feedback_key": "overall_quality", "is_required": True}]},
            "create_annotation_queue"),
    # add_runs_to_annotation_queue(run_ids=[...]) and (runs=[RunKey]) -> by-key
    request("POST", f"/annotation-queues/{QUEUE}/runs", None, [ROOT], "add_runs_to_annotation_queue"),
    request("POST", f"/annotation-queues/{QUEUE}/runs/by-key", None,
            [{"run_id": OTHER, "session_id": PROJECT, "start_time": "2026-11-30T08:05:00"}],
            "add_runs_to_annotation_queue"),
    # list_runs_from_annotation_queue(status=...): limit capped at 100, offset paging
    request("GET", f"/annotation-queues/{QUEUE}/runs", {"limit": 100, "status": "needs_my_review", "offset": 0},
            None, "list_runs_from_annotation_queue"),
    # get_run_from_annotation_queue(index=0)
    request("GET", f"/annotation-queues/{QUEUE}/run/0", None, None, "get_run_from_annotation_queue"),
    # delete_run_from_annotation_queue(run_id=...): the run's id, not the queue_run_id
    request("DELETE", f"/annotation-queues/{QUEUE}/runs/{OTHER}", None, None, "delete_run_from_annotation_queue"),
    # list_annotation_queues(name_contains=...)
    request("GET", "/annotation-queues", {"limit": 100, "offset": 0, "name_contains": "py-"}, None,
            "list_annotation_queues"),
    # create_dataset: transformations null, runtime in extra.metadata
    request("POST", "/datasets", None,
            {"name": DATASET_NAME, "data_type": "kv", "transformations": None,
             "extra": {"metadata": {"runtime": {"sdk": "langsmith-py"}}, "source": "sdk"},
             "description": "Human-verified good RAG responses"},
            "create_dataset"),
    # list_examples(dataset_name=...): inline_s3_urls=True, offset 0, limit 100
    request("GET", "/examples", {"offset": 0, "inline_s3_urls": True, "limit": 100}, None, "list_examples"),
    # list_projects(name_contains=...)
    request("GET", "/sessions", {"offset": 0, "limit": 100, "name_contains": "py-"}, None, "list_projects"),
]

with open(__file__.replace("python-sdk-shapes.py", "wire-python-sdk.jsonl"), "w") as out:
    for entry in wire:
        out.write(json.dumps(entry, separators=(",", ":")) + "\n")
