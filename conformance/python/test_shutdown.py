"""Ctrl-C on `drawbridge emulator` while the official Python client watches: the server closes the
watch as kube-apiserver does on shutdown and exits, instead of waiting for the client to leave."""

import signal
import threading
import time

from kubernetes import client, watch

from conftest import start_emulator


def test_sigint_with_a_live_python_watch_ends_the_watch_and_the_process(tmp_path):
    emu = start_emulator(tmp_path)
    seen = []
    ended = threading.Event()
    outcome = {}

    def watch_namespaces():
        api = emu.client()
        try:
            for event in watch.Watch().stream(client.CoreV1Api(api).list_namespace):
                seen.append(event["object"].metadata.name)
        except Exception as error:  # the client re-watches once the stream ends; the port is closed by then
            outcome["error"] = error
        finally:
            api.close()
            ended.set()

    watcher = threading.Thread(target=watch_namespaces, daemon=True)
    watcher.start()
    deadline = time.monotonic() + 30
    while "kube-system" not in seen:
        assert time.monotonic() < deadline, f"the watch saw nothing: {seen}\n{emu.log()}"
        assert not ended.is_set(), f"the watch ended early: {outcome}"
        time.sleep(0.05)

    emu.process.send_signal(signal.SIGINT)
    # Far beyond the few seconds a shutdown takes: only a hang gets near it.
    try:
        status = emu.process.wait(timeout=30)
    finally:
        if emu.process.poll() is None:
            emu.process.kill()
    assert status == 0, emu.log()
    assert ended.wait(timeout=30), "the Python watch is still open after the server exited"
