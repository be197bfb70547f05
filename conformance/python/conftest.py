"""Fixtures for driving `drawbridge emulator` with the official Python `kubernetes` client and Kopf.

The emulator runs as a subprocess on a free port (``--listen 127.0.0.1:0``); the port is read back from
the kubeconfig it writes. Set ``DRAWBRIDGE_BIN`` to use a prebuilt binary.
"""

import os
import pathlib
import signal
import subprocess
import time
import uuid

import pytest
import yaml
from kubernetes import client, config
from kubernetes.client.rest import ApiException

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
CRD_DIR = REPO_ROOT / "crds"
CRD_FILES = ["drawbridge.dev_accessrequests.yaml", "drawbridge.dev_accesspolicies.yaml"]


class Emulator:
    """A running `drawbridge emulator` process and the kubeconfig it wrote."""

    def __init__(self, process, kubeconfig, log_path):
        self.process = process
        self.kubeconfig = str(kubeconfig)
        self.log_path = log_path
        with open(kubeconfig) as f:
            document = yaml.safe_load(f)
        self.server = document["clusters"][0]["cluster"]["server"]
        self.contexts = [c["name"] for c in document["contexts"]]

    def client(self, context="admin"):
        """A fresh `ApiClient` authenticated as the user of `context`."""
        return config.new_client_from_config(config_file=self.kubeconfig, context=context)

    def log(self):
        try:
            return pathlib.Path(self.log_path).read_text(errors="replace")
        except OSError:
            return ""


def _binary():
    path = os.environ.get("DRAWBRIDGE_BIN") or str(REPO_ROOT / ".build" / "debug" / "drawbridge")
    path = pathlib.Path(path)
    if not path.is_absolute():
        path = REPO_ROOT / path
    if not path.exists():
        pytest.exit(f"drawbridge binary not found at {path}; run `swift build --product drawbridge` or set DRAWBRIDGE_BIN", 2)
    return str(path)


def _stop(process):
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def start_emulator(workdir):
    """Starts `drawbridge emulator` on a free port in `workdir`; returns it once it answers."""
    kubeconfig = workdir / "emulator.kubeconfig"
    log_path = workdir / "emulator.log"
    log = open(log_path, "wb")
    process = subprocess.Popen(
        [_binary(), "emulator", "--listen", "127.0.0.1:0", "--kubeconfig", str(kubeconfig)],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=workdir)
    log.close()  # the child keeps its own descriptor
    try:
        deadline = time.monotonic() + 30
        # The kubeconfig is written once the socket listens; it may appear before it is complete.
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"emulator exited with {process.returncode}:\n{log_path.read_text(errors='replace')}")
            if kubeconfig.exists() and "current-context:" in kubeconfig.read_text() and "users:" in kubeconfig.read_text():
                try:
                    emu = Emulator(process, kubeconfig, log_path)
                    with emu.client() as api:
                        version = client.VersionApi(api).get_code()
                    assert version.major == "1"
                    return emu
                except Exception:  # not ready yet (partial file, socket, TLS)
                    if time.monotonic() > deadline:
                        raise
            if time.monotonic() > deadline:
                raise RuntimeError(f"emulator not ready after 30 s:\n{log_path.read_text(errors='replace')}")
            time.sleep(0.1)
    except BaseException:
        _stop(process)
        raise


@pytest.fixture(scope="session")
def emulator(tmp_path_factory):
    emu = start_emulator(tmp_path_factory.mktemp("emulator"))
    try:
        yield emu
    finally:
        _stop(emu.process)


@pytest.fixture(scope="session")
def api_client(emulator):
    """An `ApiClient` for the kubeconfig's current context (admin, in system:masters)."""
    with emulator.client("admin") as api:
        yield api


@pytest.fixture(scope="session")
def client_for(emulator):
    """Factory: `client_for("alice")` is an `ApiClient` for another kubeconfig context."""
    made = []

    def make(context):
        api = emulator.client(context)
        made.append(api)
        return api

    yield make
    for api in made:
        api.close()


@pytest.fixture(scope="session")
def crds(api_client):
    """Installs Drawbridge's CRDs with ApiextensionsV1Api and waits until they are Established."""
    ext = client.ApiextensionsV1Api(api_client)
    names = []
    for file in CRD_FILES:
        body = yaml.safe_load((CRD_DIR / file).read_text())
        try:
            created = ext.create_custom_resource_definition(body)
            names.append(created.metadata.name)
        except ApiException as error:
            if error.status != 409:
                raise
            names.append(body["metadata"]["name"])
    deadline = time.monotonic() + 20
    for name in names:
        while True:
            crd = ext.read_custom_resource_definition(name)
            conditions = {c.type: c.status for c in (crd.status.conditions or [])} if crd.status else {}
            if conditions.get("Established") == "True":
                break
            assert time.monotonic() < deadline, f"CRD {name} not Established: {conditions}"
            time.sleep(0.1)
    return names


def ensure_namespace(api_client, name):
    core = client.CoreV1Api(api_client)
    try:
        core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=name)))
    except ApiException as error:
        if error.status != 409:
            raise
    return name


@pytest.fixture
def namespace(api_client):
    """A fresh namespace for one test, deleted afterwards."""
    name = "py-" + uuid.uuid4().hex[:8]
    ensure_namespace(api_client, name)
    yield name
    try:
        client.CoreV1Api(api_client).delete_namespace(name)
    except ApiException as error:
        if error.status != 404:
            raise
