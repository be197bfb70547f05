"""Kopf (`kopf run --standalone`) against `drawbridge emulator`: the operator lists and watches
AccessRequests, patches status through the status subresource, keeps its finalizer and progress
annotations, posts Events, and lets the object go once its delete handler ran."""

import os
import pathlib
import signal
import subprocess
import sys
import time

import pytest
from kubernetes import client
from kubernetes.client.rest import ApiException

from conftest import ensure_namespace

HERE = pathlib.Path(__file__).resolve().parent
GROUP, VERSION, PLURAL = "drawbridge.dev", "v1alpha1", "accessrequests"
NAMESPACE = "demo"
FINALIZER = "kopf.zalando.org/KopfFinalizerMarker"


@pytest.fixture
def kopf_operator(emulator, api_client, crds, tmp_path):
    ensure_namespace(api_client, NAMESPACE)
    log_path = tmp_path / "kopf.log"
    log = open(log_path, "wb")
    env = dict(os.environ, KUBECONFIG=emulator.kubeconfig, PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "kopf", "run", "--standalone", "--namespace", NAMESPACE, "--verbose", str(HERE / "kopf_operator.py")],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, cwd=tmp_path)

    def output():
        return log_path.read_text(errors="replace")

    try:
        yield output
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        log.close()
        text = output()
        # Shown by pytest only when the test fails.
        print("---- kopf output (tail) ----")
        print(text[-8000:])


def wait_for(what, probe, timeout=20, interval=0.2):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = probe()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}; last: {last!r}")


def test_kopf_operator_handles_create_and_delete(api_client, kopf_operator):
    custom = client.CustomObjectsApi(api_client)
    core = client.CoreV1Api(api_client)
    name = "kopf-" + str(int(time.time() * 1000) % 100000)
    body = {
        "apiVersion": f"{GROUP}/{VERSION}",
        "kind": "AccessRequest",
        "metadata": {"name": name},
        "spec": {"role": {"kind": "ClusterRole", "name": "view"}, "duration": "10m", "reason": "kopf conformance"},
    }
    custom.create_namespaced_custom_object(GROUP, VERSION, NAMESPACE, PLURAL, body)

    def handled():
        obj = custom.get_namespaced_custom_object(GROUP, VERSION, NAMESPACE, PLURAL, name)
        done = (obj.get("status") or {}).get("phase") == "Pending" and \
            (obj["metadata"].get("labels") or {}).get("conformance.drawbridge.dev/seen-by") == "kopf"
        return obj if done else None

    obj = wait_for("the create handler's status and label", handled)
    assert obj["status"]["message"] == "kopf saw a request for view lasting 10m"
    # Kopf's own bookkeeping survived on the object: its finalizer and its last-handled annotation.
    assert FINALIZER in obj["metadata"].get("finalizers", [])
    annotations = obj["metadata"].get("annotations") or {}
    assert "kopf.zalando.org/last-handled-configuration" in annotations
    # Kopf's progress under status.kopf is not in the CRD schema: pruned, as a real server would.
    assert "kopf" not in obj["status"]
    # The spec is untouched and still at generation 1 (only metadata and status were patched).
    assert obj["metadata"]["generation"] == 1
    assert obj["spec"]["role"]["name"] == "view"

    def event(fragment):
        def probe():
            events = core.list_namespaced_event(NAMESPACE, field_selector=f"involvedObject.name={name}").items
            return [e for e in events if fragment in (e.message or "")]
        return probe

    posted = wait_for("Kopf's Event for the create handler", event("seen by the conformance operator"))
    assert posted[0].reason == "Seen" and posted[0].type == "Normal"
    assert posted[0].involved_object.kind == "AccessRequest"
    assert posted[0].involved_object.uid == obj["metadata"]["uid"]

    custom.delete_namespaced_custom_object(GROUP, VERSION, NAMESPACE, PLURAL, name)

    def gone():
        try:
            custom.get_namespaced_custom_object(GROUP, VERSION, NAMESPACE, PLURAL, name)
            return False
        except ApiException as error:
            if error.status == 404:
                return True
            raise

    wait_for("the AccessRequest to disappear once Kopf removed its finalizer", gone)
    wait_for("Kopf's Event for the delete handler", event("released by the conformance operator"))

    log = kopf_operator()
    assert "Removing the finalizer" in log
    # Every request Kopf made was answered as it expects: no retries, failed patches or tracebacks.
    problems = [line for line in log.splitlines() if "[WARNING" in line or "[ERROR" in line or "Traceback" in line]
    assert problems == []
