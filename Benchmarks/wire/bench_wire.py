#!/usr/bin/env python3
"""The over-the-wire benchmark: Drawbridge as users run it, beside a Kopf peer, in one run.

Every part is its own process, talking HTTPS: `drawbridge emulator` (the API server), the release
`drawbridge controller` with its default flags (webhooks served over HTTPS to the emulator), the
Kopf peer on a second, bare emulator, and the drivers (the official Python client, watches only).

Scenarios, each on a fresh emulator:
  burst   (peer and Drawbridge) N requests approved 8 at a time, and N more expiring within a
          second: create -> Pending, approve -> Active with binding, revocation lag, writes per
          lifecycle, from the controller-agnostic driver (../shared/peers/bench_lifecycle.py).
  scale   (Drawbridge) 10,000 grants in 10 namespaces, moved to end at one instant; the
          controller restarted with them in place: start-up to ready and its own RSS; then the
          time until every binding is gone.

Usage: scripts/bench-wire [--n 200] [--scale 10000] [--skip-peer] [--skip-scale] [--out FILE] [--keep]

Options for measuring only the start-up part (diagnostics; the headline is the full run above):
  --scale-only     skip the peer and the burst: run only the scale scenario.
  --skip-expiry    stop after the start-up measurement instead of waiting for the instant every grant
                   ends (give --scale-lead 3000 or so, so that the grants do not end during the run).
  --restarts K     restart the controller K times with everything in place and print each start-up
                   time and RSS (the figures reported are the first restart's); default 1.
  --hold           after the measurement, keep the emulator running (and print how to start a
                   controller against it by hand) until interrupted (Ctrl-C or SIGTERM, which also
                   stop the emulator): for profiling one build after another without creating the
                   10,000 requests again.
"""
import argparse
import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PEERS = os.path.abspath(os.path.join(ROOT, "..", "shared", "peers"))
HERE = os.path.dirname(os.path.abspath(__file__))
CONTROLLER_USER = "system:serviceaccount:drawbridge-system:drawbridge-controller"


def log(message):
    print(f"[bench-wire {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Process:
    """A child process with its output in a file, stopped on exit."""

    def __init__(self, name, argv, workdir, env=None):
        self.name = name
        self.log_path = os.path.join(workdir, f"{name}.log")
        self.log = open(self.log_path, "w")
        self.started = time.time()
        self.proc = subprocess.Popen(argv, stdout=self.log, stderr=subprocess.STDOUT, cwd=workdir,
                                     env={**os.environ, **(env or {})}, start_new_session=True)

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()

    def rss_kib(self, field="VmRSS"):
        """The process's own resident memory in KiB (`field`: VmRSS now, VmHWM its peak)."""
        with open(f"/proc/{self.proc.pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return None

    def output(self):
        with open(self.log_path) as f:
            return f.read()


def wait_for(what, check, timeout=120, interval=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if check():
            return time.time()
        time.sleep(interval)
    raise SystemExit(f"bench-wire: timed out waiting until {what}")


def http_ok(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except Exception:  # noqa: BLE001 - not up yet
        return False


class Cluster:
    """One `drawbridge emulator` process and kubectl against it."""

    def __init__(self, binary, workdir, name, webhook_port=None):
        self.workdir = workdir
        self.kubeconfig = os.path.join(workdir, f"{name}.kubeconfig")
        tokens = os.path.join(workdir, f"{name}-tokens.csv")
        with open(tokens, "w") as f:
            f.write('admin-token,admin,uid-admin,"system:masters"\n')
            f.write('alice-token,alice,uid-alice,"developers"\n')
            f.write('bob-token,bob,uid-bob,"sre"\n')
            f.write(f'controller-token,{CONTROLLER_USER},uid-controller,'
                    '"system:serviceaccounts,system:serviceaccounts:drawbridge-system"\n')
        self.port = free_port()
        argv = [binary, "emulator", "--listen", f"127.0.0.1:{self.port}", "--kubeconfig", self.kubeconfig,
                "--token-file", tokens]
        if webhook_port:
            argv += ["--webhook-service", f"drawbridge-system/drawbridge-webhook=https://127.0.0.1:{webhook_port}"]
        self.process = Process(f"{name}-emulator", argv, workdir)
        wait_for("the emulator writes its kubeconfig", lambda: os.path.exists(self.kubeconfig), 60)
        wait_for("the emulator answers", lambda: self.kubectl(["get", "ns"], check=False).returncode == 0, 60)

    def kubectl(self, args, context="admin", check=True, stdin=None):
        result = subprocess.run(["kubectl", "--kubeconfig", self.kubeconfig, "--context", context] + args,
                                input=stdin, capture_output=True, text=True)
        if check and result.returncode != 0:
            raise SystemExit(f"bench-wire: kubectl {' '.join(args)}: {result.stderr.strip()}")
        return result

    def stop(self):
        self.process.stop()


def webhook_certificates(workdir):
    """A CA and a serving certificate for the webhook Service, as cert-manager would issue them."""
    certs = os.path.join(workdir, "serving-certs")
    os.makedirs(certs, exist_ok=True)
    def run(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True)
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=bench-ca",
        "-keyout", f"{certs}/ca.key", "-out", f"{certs}/ca.crt")
    with open(f"{certs}/san.cnf", "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:drawbridge-webhook.drawbridge-system.svc\n")
    run("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=drawbridge-webhook", "-keyout", f"{certs}/tls.key",
        "-out", f"{certs}/tls.csr")
    run("x509", "-req", "-in", f"{certs}/tls.csr", "-CA", f"{certs}/ca.crt", "-CAkey", f"{certs}/ca.key",
        "-CAcreateserial", "-days", "1", "-extfile", f"{certs}/san.cnf", "-out", f"{certs}/tls.crt")
    with open(f"{certs}/ca.crt", "rb") as f:
        return certs, base64.b64encode(f.read()).decode()


class Drawbridge:
    """Drawbridge on its own emulator: CRDs, RBAC, webhooks, the bench policies, and the controller."""

    def __init__(self, binary, workdir, controller_args=(), wrapper=()):
        self.binary = binary
        self.workdir = workdir
        self.wrapper = list(wrapper)  # a program the controller runs under (link_order.py: valgrind)
        self.webhook_port = free_port()
        self.cluster = Cluster(binary, workdir, "drawbridge", webhook_port=self.webhook_port)
        self.certs, ca_bundle = webhook_certificates(workdir)
        k = self.cluster.kubectl
        for name in sorted(os.listdir(os.path.join(ROOT, "crds"))):
            if name.endswith(".yaml") and name != "kustomization.yaml":
                k(["apply", "-f", os.path.join(ROOT, "crds", name)])
        k(["apply", "-f", os.path.join(ROOT, "config/manager/namespace.yaml")])
        for name in sorted(os.listdir(os.path.join(ROOT, "config/rbac"))):
            if name.endswith(".yaml") and name != "kustomization.yaml":
                k(["apply", "-f", os.path.join(ROOT, "config/rbac", name)])
        k(["apply", "-f", os.path.join(ROOT, "config/webhook/manifests.yaml")])
        for kind in ["mutatingwebhookconfiguration", "validatingwebhookconfiguration"]:
            count = len(k(["get", kind, "drawbridge", "-o", "jsonpath={.webhooks[*].name}"]).stdout.split())
            ops = [{"op": "add", "path": f"/webhooks/{i}/clientConfig/caBundle", "value": ca_bundle}
                   for i in range(count)]
            k(["patch", kind, "drawbridge", "--type=json", "-p", json.dumps(ops)])
        k(["apply", "-f", os.path.join(ROOT, "examples/rbac/demo-team.yaml")])
        self.controller = None
        self.start_controller(controller_args)
        k(["apply", "-f", os.path.join(HERE, "bench-namespaces.yaml")])

    def start_controller(self, extra=()):
        """Starts the controller (default flags plus `extra`); returns seconds until /readyz said 200."""
        self.health = free_port()
        self.metrics = free_port()
        argv = [*self.wrapper, self.binary, "controller", "--kubeconfig", self.cluster.kubeconfig,
                "--context", CONTROLLER_USER,
                "--webhook-port", str(self.webhook_port), "--webhook-cert-dir", self.certs,
                "--health-probe-bind-address", f"127.0.0.1:{self.health}",
                "--metrics-bind-address", f"127.0.0.1:{self.metrics}", *extra]
        self.controller = Process("drawbridge-controller", argv, self.workdir)
        ready = wait_for("the controller is ready", lambda: http_ok(f"http://127.0.0.1:{self.health}/readyz"), 300,
                         interval=0.01)
        return ready - self.controller.started

    def save_metrics(self, name):
        """Keeps the controller's /metrics in the working folder (kept with --keep), for diagnosis."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.metrics}/metrics", timeout=10) as response:
                text = response.read().decode()
        except OSError as error:
            log(f"could not read the controller's metrics: {error}")
            return
        with open(os.path.join(self.workdir, name), "w") as f:
            f.write(text)

    def stop_controller(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    def stop(self):
        self.stop_controller()
        self.cluster.stop()


def python_bin():
    venv = os.path.join(ROOT, ".build-venv", "bin", "python")
    return venv if os.path.exists(venv) else sys.executable


def run_driver(cluster, args, extra):
    driver = os.path.join(PEERS, "bench_lifecycle.py")
    argv = [python_bin(), driver, "--kubeconfig", cluster.kubeconfig, "--scenario", "all", "--n", str(args.n),
            "--expiry-n", str(args.n), "--expiry-duration", "20s", *extra]
    log(" ".join(argv[1:]))
    result = subprocess.run(argv, capture_output=True, text=True, timeout=1800)
    with open(os.path.join(cluster.workdir, f"driver-{int(time.time())}.log"), "w") as f:
        f.write(result.stderr)
    if result.returncode != 0:
        raise SystemExit(f"bench-wire: the driver failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def peer_burst(binary, args, workdir):
    cluster = Cluster(binary, workdir, "peer")
    try:
        cluster.kubectl(["apply", "-f", os.path.join(PEERS, "crd-accessrequest.yaml")])
        kopf = Process("kopf", [python_bin(), "-m", "kopf", "run", "--standalone", "--all-namespaces",
                                os.path.join(PEERS, "kopf_jit.py")], workdir,
                       env={"KUBECONFIG": cluster.kubeconfig})
        try:
            time.sleep(3)  # Kopf prints nothing machine-readable when ready; its first list takes ~1 s
            return run_driver(cluster, args, ["--context", "admin"])
        finally:
            kopf.stop()
    finally:
        cluster.stop()


def drawbridge_burst(binary, args, workdir):
    dbg = Drawbridge(binary, workdir, args.controller_args.split())
    try:
        result = run_driver(dbg.cluster, args, ["--context", "alice", "--approver-context", "bob",
                                                 "--observer-context", "admin"])
        result["controller_rss_mib"] = round(dbg.controller.rss_kib() / 1024, 1)
        dbg.save_metrics("controller-metrics-burst.txt")
        return result
    finally:
        dbg.stop()


MASS_NAMESPACES = ",".join(f"bench-mass-{i}" for i in range(10))


def fill(dbg, count, at, timeout):
    """Puts `count` active grants in place across the 10 bench-mass namespaces, all ending at `at`
    (epoch seconds), with the controller writing unthrottled (the setup is not what is measured).
    Returns the setup's result; raises when it failed."""
    dbg.stop_controller()
    dbg.start_controller(["--qps", "0"])
    driver = os.path.join(HERE, "mass_expiry.py")
    setup = subprocess.run([python_bin(), driver, "setup", "--per-namespace", str(max(1, count // 10)),
                            "--kubeconfig", dbg.cluster.kubeconfig, "--namespaces", MASS_NAMESPACES,
                            "--at", str(at)], text=True, capture_output=True, timeout=timeout)
    sys.stderr.write(setup.stderr[-2000:])
    if setup.returncode != 0:
        raise SystemExit("bench-wire: the mass-expiry setup failed")
    return setup


def drawbridge_scale(binary, args, workdir):
    dbg = Drawbridge(binary, workdir)
    try:
        at = int(time.time()) + args.scale_lead
        driver = os.path.join(HERE, "mass_expiry.py")
        common = ["--kubeconfig", dbg.cluster.kubeconfig, "--namespaces", MASS_NAMESPACES, "--at", str(at)]
        setup = fill(dbg, args.scale, at, timeout=args.scale_lead + 600)
        # Start-up with everything in place, default flags: time to ready, and the process's own RSS.
        samples = []
        for _ in range(max(1, args.restarts)):
            dbg.stop_controller()
            sample_ready = dbg.start_controller()
            time.sleep(2)
            sample_rss = dbg.controller.rss_kib()
            peak = dbg.controller.rss_kib("VmHWM")
            samples.append((sample_ready, sample_rss))
            log(f"controller ready in {sample_ready:.2f}s with {args.scale} grants; RSS {sample_rss / 1024:.1f} MiB"
                f" (peak {peak / 1024:.1f} MiB)")
        ready_s, rss = samples[0]
        if args.hold:
            hold(dbg)
        if args.skip_expiry:
            return {"ready_s": round(ready_s, 3), "controller_rss_mib": round(rss / 1024, 1),
                    "restarts": [{"ready_s": round(r, 3), "rss_mib": round(m / 1024, 1)} for r, m in samples],
                    **json.loads(setup.stdout.strip().splitlines()[-1])}
        if at - time.time() < 10:
            raise SystemExit("bench-wire: no time left before the grants end: raise --scale-lead")
        expiry = subprocess.run([python_bin(), driver, "expiry", *common], text=True, capture_output=True,
                                timeout=at - time.time() + 900)
        sys.stderr.write(expiry.stderr[-2000:])
        if expiry.returncode != 0:
            raise SystemExit("bench-wire: the expiry watch failed")
        result = json.loads(expiry.stdout.strip().splitlines()[-1])
        result.update(json.loads(setup.stdout.strip().splitlines()[-1]))
        result["ready_s"] = round(ready_s, 3)
        result["controller_rss_mib"] = round(rss / 1024, 1)
        result["controller_log_bulk_lines"] = [line for line in dbg.controller.output().splitlines()
                                              if "due at once" in line][:5]
        return result
    finally:
        dbg.stop()


def hold(dbg):
    """Keeps the emulator (and the controller) up until interrupted, for measuring by hand."""
    argv = [dbg.binary, "controller", "--kubeconfig", dbg.cluster.kubeconfig, "--context", CONTROLLER_USER,
            "--webhook-port", str(dbg.webhook_port), "--webhook-cert-dir", dbg.certs,
            "--health-probe-bind-address", "127.0.0.1:PORT", "--metrics-bind-address", "127.0.0.1:PORT"]
    log("holding; stop the running controller and start one by hand with:\n  " + " ".join(argv))
    log(f"running controller pid {dbg.controller.proc.pid}; Ctrl-C (or SIGTERM) ends the hold")

    def interrupt(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)  # a background job starts with SIGINT ignored
    signal.signal(signal.SIGTERM, interrupt)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


def figure(result, *path):
    value = result
    for key in path:
        value = (value or {}).get(key)
    return value


def report(peer, ours, scale):
    if ours is None:
        print(f"scale: {json.dumps(scale)}")
        return
    rows = [
        ("create -> Pending p50 (s)", ("scenarios", "approve", "create_to_pending", "p50")),
        ("create -> Pending p99 (s)", ("scenarios", "approve", "create_to_pending", "p99")),
        ("approve -> Active p50 (s)", ("scenarios", "approve", "approve_to_active_and_binding", "p50")),
        ("approve -> Active p99 (s)", ("scenarios", "approve", "approve_to_active_and_binding", "p99")),
        ("approve -> Active max (s)", ("scenarios", "approve", "approve_to_active_and_binding", "max")),
        ("revocation lag p50 (s)", ("scenarios", "expiry", "lag_binding_deleted_minus_expiresAt", "p50")),
        ("revocation lag p99 (s)", ("scenarios", "expiry", "lag_binding_deleted_minus_expiresAt", "p99")),
        ("revocation lag max (s)", ("scenarios", "expiry", "lag_binding_deleted_minus_expiresAt", "max")),
        ("Expired phase lag p99 (s)", ("scenarios", "expiry", "lag_phase_expired_minus_expiresAt", "p99")),
        ("revoked before expiresAt", ("scenarios", "expiry", "revoked_before_expiresAt")),
        ("AccessRequest writes, create to Active, p50", ("scenarios", "approve", "writes",
                                                         "accessrequest_modified_per_lifecycle", "p50")),
        ("AccessRequest writes, whole lifecycle to Expired, p50",
         ("scenarios", "expiry", "writes", "accessrequest_modified_per_lifecycle", "p50")),
    ]
    lines = ["| figure | Kopf peer | Drawbridge | Drawbridge / peer |", "|---|---|---|---|"]
    for label, path in rows:
        a, b = figure(peer, *path) if peer else None, figure(ours, *path)
        ratio = f"{b / a:.2f}" if isinstance(a, (int, float)) and isinstance(b, (int, float)) and a > 0 else "-"
        lines.append(f"| {label} | {a if a is not None else '-'} | {b if b is not None else '-'} | {ratio} |")
    print("\n".join(lines))
    for name, result in [("peer", peer), ("drawbridge", ours)]:
        if result:
            writes = figure(result, "scenarios", "expiry", "writes") or {}
            print(f"{name}: writes by stage {json.dumps(writes.get('by_stage'))}; RoleBinding events "
                  f"{json.dumps(writes.get('rolebinding_events_total'))}; Event writes by reason "
                  f"{json.dumps(writes.get('k8s_event_writes_by_reason'))}")
    if scale:
        print(f"scale: {json.dumps(scale)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--scale", type=int, default=10000)
    parser.add_argument("--scale-lead", type=int, default=420,
                        help="seconds from the start of the scale setup to the instant every grant ends")
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--scale-only", action="store_true", help="skip the peer and the burst")
    parser.add_argument("--skip-expiry", action="store_true", help="stop the scale part after the start-up")
    parser.add_argument("--restarts", type=int, default=1, help="controller restarts measured in the scale part")
    parser.add_argument("--hold", action="store_true", help="keep the emulator up after the start-up part")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "drawbridge"))
    parser.add_argument("--out", default=None, help="also write the JSON results here")
    parser.add_argument("--keep", action="store_true", help="keep the working folder (process logs)")
    parser.add_argument("--controller-args", default="",
                        help="extra flags for the burst's controller (default: none, the default flags)")
    args = parser.parse_args()
    args.binary = os.path.abspath(args.binary)
    if not os.path.exists(args.binary):
        raise SystemExit(f"bench-wire: no binary at {args.binary}: run `swift build -c release --product drawbridge`")
    workdir = tempfile.mkdtemp(prefix="bench-wire-")
    log(f"working in {workdir}")
    peer = None
    ours = None
    if args.scale_only:
        args.skip_peer = True
    if not args.skip_peer:
        if not os.path.exists(os.path.join(PEERS, "kopf_jit.py")):
            log(f"no Kopf peer at {PEERS}: skipping it")
        else:
            log("the Kopf peer: burst")
            peer = peer_burst(args.binary, args, workdir)
    if not args.scale_only:
        log("Drawbridge: burst")
        ours = drawbridge_burst(args.binary, args, workdir)
    scale = None
    if not args.skip_scale:
        log(f"Drawbridge: {args.scale} grants ending at one instant")
        scale = drawbridge_scale(args.binary, args, workdir)
    results = {"peer": peer, "drawbridge": ours, "scale": scale, "n": args.n}
    if args.out:
        with open(args.out, "w") as f:
            json.dump(results, f, indent=2, sort_keys=True)
    report(peer, ours, scale)
    if args.keep:
        log(f"kept {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
