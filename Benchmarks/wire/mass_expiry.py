#!/usr/bin/env python3
"""Drives the wire benchmark's mass-expiry scenario against a Drawbridge controller.

    mass_expiry.py setup  --kubeconfig K --requester-context alice --observer-context admin \
                          --namespaces bench-mass-0,... --per-namespace 1000 --at UNIX_SECONDS
    mass_expiry.py expiry --kubeconfig K --observer-context admin --namespaces ... --at UNIX_SECONDS

`setup` creates the requests (auto-approved by the bench policy, two hours each), waits until every
one is Active, then moves every grant's end to the one instant `--at` the way an administrator
would: by writing that instant into each binding's `drawbridge.dev/expires-at` annotation (the
earlier of a request's expiresAt and its binding's annotation wins), and waits until every request
says so. `expiry` watches the grants' RoleBindings from before `--at` and reports when they went.
Both print one JSON line on stdout; progress goes to stderr.
"""
import argparse
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

from kubernetes import client, config, watch

GROUP, VERSION, PLURAL = "drawbridge.dev", "v1alpha1", "accessrequests"
RUN_LABEL = "bench.drawbridge.dev/run"


def log(message):
    print(f"[mass-expiry {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def api(kubeconfig, context):
    return config.new_client_from_config(config_file=kubeconfig, context=context)


def rfc3339(seconds):
    return datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp()


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round((len(ordered) - 1) * p)))]


def requests_by_phase(objects, namespaces):
    co = client.CustomObjectsApi(objects)
    found = {}
    for namespace in namespaces:
        for item in co.list_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL)["items"]:
            found[(namespace, item["metadata"]["name"])] = item
    return found


def setup(args):
    requester = api(args.kubeconfig, args.requester_context)
    observer = api(args.kubeconfig, args.observer_context)
    namespaces = args.namespaces.split(",")
    names = [(ns, f"mass-{i:05d}") for ns in namespaces for i in range(args.per_namespace)]
    co = client.CustomObjectsApi(requester)
    started = time.time()

    def create(item):
        namespace, name = item
        body = {
            "apiVersion": f"{GROUP}/{VERSION}", "kind": "AccessRequest",
            "metadata": {"name": name, "namespace": namespace, "labels": {RUN_LABEL: "mass-expiry"}},
            "spec": {"role": {"kind": "ClusterRole", "name": "view"}, "duration": "2h",
                     "reason": "bench: mass expiry"},
        }
        for attempt in range(20):
            try:
                co.create_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, body)
                return None
            except client.exceptions.ApiException as error:
                if error.status == 409:
                    return None
                if attempt == 19:
                    return f"{namespace}/{name}: {error.status} {error.reason}"
                time.sleep(0.2)

    with ThreadPoolExecutor(max_workers=args.threads) as pool:
        errors = [e for e in pool.map(create, names) if e]
    if errors:
        log(f"{len(errors)} creates failed, first: {errors[0]}")
        sys.exit(1)
    created = time.time()
    log(f"created {len(names)} requests in {created - started:.1f}s")

    def wait_until(what, predicate, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            items = requests_by_phase(observer, namespaces)
            done = sum(1 for item in items.values() if predicate(item))
            if done == len(names):
                return
            log(f"{what}: {done} of {len(names)}")
            time.sleep(2)
        log(f"timed out waiting until {what}")
        sys.exit(1)

    wait_until("Active", lambda item: (item.get("status") or {}).get("phase") == "Active", args.timeout)
    active = time.time()
    log(f"all Active {active - created:.1f}s after the last create")
    if args.at - time.time() < 60:
        log(f"--at is only {args.at - time.time():.0f}s away: give the scenario more lead time")
        sys.exit(1)

    rbac = client.RbacAuthorizationV1Api(observer)
    target = rfc3339(args.at)

    def annotate(item):
        namespace, name = item
        for attempt in range(20):
            try:
                rbac.patch_namespaced_role_binding(
                    f"drawbridge-{name}", namespace,
                    {"metadata": {"annotations": {"drawbridge.dev/expires-at": target}}})
                return None
            except client.exceptions.ApiException as error:
                if attempt == 19:
                    return f"{namespace}/{name}: {error.status} {error.reason}"
                time.sleep(0.2)

    with ThreadPoolExecutor(max_workers=args.threads) as pool:
        errors = [e for e in pool.map(annotate, names) if e]
    if errors:
        log(f"{len(errors)} annotations failed, first: {errors[0]}")
        sys.exit(1)
    wait_until(f"expiresAt is {target}",
               lambda item: (item.get("status") or {}).get("expiresAt") == target, args.timeout)
    log(f"every grant now ends at {target}, {args.at - time.time():.0f}s from now")
    print(json.dumps({"requests": len(names), "create_s": round(created - started, 1),
                      "activate_s": round(active - created, 1), "at": args.at}))


def expiry(args):
    observer = api(args.kubeconfig, args.observer_context)
    namespaces = set(args.namespaces.split(","))
    rbac = client.RbacAuthorizationV1Api(observer)
    bindings = rbac.list_role_binding_for_all_namespaces(label_selector="app.kubernetes.io/managed-by=drawbridge")
    live = {}
    for item in bindings.items:
        if item.metadata.namespace in namespaces:
            due = parse_time(item.metadata.annotations["drawbridge.dev/expires-at"])
            live[(item.metadata.namespace, item.metadata.name)] = due
    total = len(live)
    log(f"watching {total} bindings; due at {rfc3339(args.at)}")
    gone = {}
    stream = watch.Watch()
    deadline = args.at + args.timeout
    try:
        for event in stream.stream(rbac.list_role_binding_for_all_namespaces,
                                   label_selector="app.kubernetes.io/managed-by=drawbridge",
                                   resource_version=bindings.metadata.resource_version,
                                   timeout_seconds=int(max(10, deadline - time.time()))):
            now = time.time()
            key = (event["object"].metadata.namespace, event["object"].metadata.name)
            if event["type"] == "DELETED" and key in live and key not in gone:
                gone[key] = now
                if len(gone) == total:
                    break
            if now > deadline:
                break
    finally:
        stream.stop()
    lags = [gone[key] - live[key] for key in gone]
    early = sum(1 for lag in lags if lag < 0)
    result = {
        "bindings": total, "gone": len(gone), "revoked_early": early,
        "all_gone_after_s": round(max(gone.values()) - args.at, 3) if len(gone) == total else None,
        "first_gone_after_s": round(min(gone.values()) - args.at, 3) if gone else None,
        "lag_p50_s": round(percentile(lags, 0.5), 3) if lags else None,
        "lag_p99_s": round(percentile(lags, 0.99), 3) if lags else None,
        "lag_max_s": round(max(lags), 3) if lags else None,
    }
    log(f"{len(gone)} of {total} bindings gone")
    print(json.dumps(result))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["setup", "expiry"])
    parser.add_argument("--kubeconfig", required=True)
    parser.add_argument("--requester-context", default="alice")
    parser.add_argument("--observer-context", default="admin")
    parser.add_argument("--namespaces", required=True)
    parser.add_argument("--per-namespace", type=int, default=1000)
    parser.add_argument("--at", type=float, required=True, help="the instant every grant ends, Unix seconds")
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()
    setup(args) if args.command == "setup" else expiry(args)


if __name__ == "__main__":
    main()
