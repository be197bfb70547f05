"""The official Python `kubernetes` client against `drawbridge emulator`: CRUD, selectors, watch, RBAC,
custom objects, conflicts, errors, access reviews and pagination, asserting the values the server sends."""

import threading
import time
import uuid

import pytest
from kubernetes import client, watch
from kubernetes.client.rest import ApiException

GROUP, VERSION, PLURAL = "drawbridge.dev", "v1alpha1", "accessrequests"


def config_map(name, data=None, labels=None):
    return client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name, labels=labels), data=data)


def access_request(name, role="view", duration="10m"):
    return {
        "apiVersion": f"{GROUP}/{VERSION}",
        "kind": "AccessRequest",
        "metadata": {"name": name, "labels": {"team": "checkout"}},
        "spec": {"role": {"kind": "ClusterRole", "name": role}, "duration": duration, "reason": "python conformance"},
    }


def as_dict(api_client, value):
    return value if isinstance(value, dict) else api_client.sanitize_for_serialization(value)


def test_version_and_discovery(api_client):
    version = client.VersionApi(api_client).get_code()
    assert (version.major, version.minor) == ("1", "32")
    groups = {g.name for g in client.ApisApi(api_client).get_api_versions().groups}
    assert {"rbac.authorization.k8s.io", "apiextensions.k8s.io", "authorization.k8s.io"} <= groups
    core = client.CoreV1Api(api_client).get_api_resources()
    by_name = {r.name: r for r in core.resources}
    assert by_name["configmaps"].namespaced is True
    assert by_name["namespaces"].namespaced is False
    assert "watch" in by_name["configmaps"].verbs


def test_namespace_lifecycle(api_client):
    core = client.CoreV1Api(api_client)
    name = "py-ns-" + uuid.uuid4().hex[:6]
    created = core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=name, labels={"purpose": "conformance"})))
    assert created.metadata.name == name
    assert created.metadata.uid and created.metadata.resource_version
    assert created.status.phase == "Active"
    # The kubernetes.io/metadata.name label is stamped by the server.
    assert created.metadata.labels["kubernetes.io/metadata.name"] == name

    names = {n.metadata.name for n in core.list_namespace(label_selector="purpose=conformance").items}
    assert name in names and "default" not in names

    patched = core.patch_namespace(name, {"metadata": {"annotations": {"owner": "python"}}})
    assert patched.metadata.annotations["owner"] == "python"
    assert int(patched.metadata.resource_version) > int(created.metadata.resource_version)

    core.delete_namespace(name)
    deadline = time.monotonic() + 10
    while True:
        try:
            ns = core.read_namespace(name)
            assert ns.status.phase == "Terminating"
        except ApiException as error:
            assert error.status == 404
            break
        assert time.monotonic() < deadline, "namespace was never removed"
        time.sleep(0.1)


def test_config_map_crud(api_client, namespace):
    core = client.CoreV1Api(api_client)
    created = core.create_namespaced_config_map(namespace, config_map("settings", {"color": "blue"}, {"app": "web"}))
    assert created.metadata.namespace == namespace
    assert created.data == {"color": "blue"}
    assert created.metadata.creation_timestamp is not None

    read = core.read_namespaced_config_map("settings", namespace)
    assert read.metadata.uid == created.metadata.uid
    assert read.metadata.resource_version == created.metadata.resource_version

    # The client sends a dict patch to a built-in type as a strategic merge patch.
    patched = core.patch_namespaced_config_map("settings", namespace, {"data": {"size": "L"}, "metadata": {"labels": {"tier": "front"}}})
    assert patched.data == {"color": "blue", "size": "L"}
    assert patched.metadata.labels == {"app": "web", "tier": "front"}

    # A JSON patch (list body) goes out as application/json-patch+json.
    patched = core.patch_namespaced_config_map("settings", namespace, [{"op": "remove", "path": "/data/color"}])
    assert patched.data == {"size": "L"}

    patched.data["size"] = "XL"
    replaced = core.replace_namespaced_config_map("settings", namespace, patched)
    assert replaced.data == {"size": "XL"}
    assert int(replaced.metadata.resource_version) > int(patched.metadata.resource_version)

    listed = core.list_namespaced_config_map(namespace)
    assert [c.metadata.name for c in listed.items] == ["settings"]
    assert int(listed.metadata.resource_version) >= int(replaced.metadata.resource_version)

    # kube-apiserver answers a delete that finished at once with a Status (the client hands back a dict).
    status = as_dict(api_client, core.delete_namespaced_config_map("settings", namespace))
    assert status["kind"] == "Status" and status["status"] == "Success"
    assert status["details"]["name"] == "settings" and status["details"]["kind"] == "configmaps"
    assert status["details"]["uid"] == created.metadata.uid
    with pytest.raises(ApiException) as error:
        core.read_namespaced_config_map("settings", namespace)
    assert error.value.status == 404


def test_label_and_field_selectors(api_client, namespace):
    core = client.CoreV1Api(api_client)
    for name, labels in [("a", {"app": "web", "tier": "front"}), ("b", {"app": "web", "tier": "back"}), ("c", {"app": "db"})]:
        core.create_namespaced_config_map(namespace, config_map(name, {"k": name}, labels))

    def names(**kwargs):
        return sorted(c.metadata.name for c in core.list_namespaced_config_map(namespace, **kwargs).items)

    assert names(label_selector="app=web") == ["a", "b"]
    assert names(label_selector="app=web,tier!=front") == ["b"]
    assert names(label_selector="app in (db, cache)") == ["c"]
    assert names(label_selector="tier") == ["a", "b"]
    assert names(label_selector="!tier") == ["c"]
    assert names(field_selector="metadata.name=b") == ["b"]
    assert names(field_selector="metadata.name!=b") == ["a", "c"]
    assert names(field_selector=f"metadata.namespace={namespace}", label_selector="app=db") == ["c"]
    # Across namespaces, a field selector on the namespace narrows the list down.
    everywhere = core.list_config_map_for_all_namespaces(field_selector=f"metadata.namespace={namespace}")
    assert sorted(c.metadata.name for c in everywhere.items) == ["a", "b", "c"]

    with pytest.raises(ApiException) as error:
        core.list_namespaced_config_map(namespace, field_selector="data.k=a")
    assert error.value.status == 400
    with pytest.raises(ApiException) as error:
        core.list_namespaced_config_map(namespace, label_selector="app in (")
    assert error.value.status == 400


def test_watch_sees_added_modified_deleted(api_client, namespace):
    core = client.CoreV1Api(api_client)
    core.create_namespaced_config_map(namespace, config_map("before", {"v": "0"}))
    rv = core.list_namespaced_config_map(namespace).metadata.resource_version

    def mutate():
        time.sleep(0.5)
        core.create_namespaced_config_map(namespace, config_map("watched", {"v": "1"}, {"w": "yes"}))
        core.patch_namespaced_config_map("watched", namespace, {"data": {"v": "2"}})
        core.delete_namespaced_config_map("watched", namespace)

    writer = threading.Thread(target=mutate)
    writer.start()
    seen = []
    w = watch.Watch()
    try:
        for event in w.stream(core.list_namespaced_config_map, namespace=namespace, resource_version=rv, timeout_seconds=10):
            obj = event["object"]
            seen.append((event["type"], obj.metadata.name, (obj.data or {}).get("v")))
            assert int(obj.metadata.resource_version) > int(rv)
            if event["type"] == "DELETED":
                w.stop()
    finally:
        writer.join()
    # "before" was created before rv, so the watch must not replay it.
    assert seen == [("ADDED", "watched", "1"), ("MODIFIED", "watched", "2"), ("DELETED", "watched", "2")]


def test_watch_times_out_and_filters(api_client, namespace):
    core = client.CoreV1Api(api_client)
    rv = core.list_namespaced_config_map(namespace).metadata.resource_version
    core.create_namespaced_config_map(namespace, config_map("other", {"v": "x"}, {"pick": "no"}))
    core.create_namespaced_config_map(namespace, config_map("picked", {"v": "y"}, {"pick": "yes"}))
    started = time.monotonic()
    events = [
        (e["type"], e["object"].metadata.name)
        for e in watch.Watch().stream(
            core.list_namespaced_config_map, namespace=namespace, resource_version=rv, label_selector="pick=yes", timeout_seconds=2)
    ]
    elapsed = time.monotonic() - started
    assert events == [("ADDED", "picked")]
    assert 1.5 <= elapsed < 8, f"timeoutSeconds=2 watch ended after {elapsed:.1f}s"


def test_stale_update_conflicts(api_client, namespace):
    core = client.CoreV1Api(api_client)
    original = core.create_namespaced_config_map(namespace, config_map("cas", {"n": "1"}))
    core.patch_namespaced_config_map("cas", namespace, {"data": {"n": "2"}})
    original.data = {"n": "stale"}
    with pytest.raises(ApiException) as error:
        core.replace_namespaced_config_map("cas", namespace, original)
    assert error.value.status == 409
    assert "the object has been modified" in error.value.body
    assert core.read_namespaced_config_map("cas", namespace).data == {"n": "2"}
    with pytest.raises(ApiException) as error:
        core.create_namespaced_config_map(namespace, config_map("cas"))
    assert error.value.status == 409
    assert '"reason":"AlreadyExists"' in error.value.body.replace(" ", "")


def test_not_found(api_client, namespace):
    core = client.CoreV1Api(api_client)
    with pytest.raises(ApiException) as error:
        core.read_namespaced_config_map("missing", namespace)
    assert error.value.status == 404
    assert 'configmaps \\"missing\\" not found' in error.value.body or 'configmaps "missing" not found' in error.value.body
    with pytest.raises(ApiException) as error:
        core.delete_namespaced_secret("missing", namespace)
    assert error.value.status == 404
    with pytest.raises(ApiException) as error:
        core.read_namespace("no-such-namespace-" + uuid.uuid4().hex[:6])
    assert error.value.status == 404


def test_pagination_with_limit_and_continue(api_client, namespace):
    core = client.CoreV1Api(api_client)
    expected = [f"page-{i:02d}" for i in range(7)]
    for name in expected:
        core.create_namespaced_config_map(namespace, config_map(name, {"n": name}, {"paged": "yes"}))
    first = core.list_namespaced_config_map(namespace, label_selector="paged=yes", limit=3)
    assert len(first.items) == 3
    assert first.metadata._continue
    # ListMeta: with a label or field selector the remaining count is unknown and left unset.
    assert first.metadata.remaining_item_count is None
    unfiltered = core.list_namespaced_config_map(namespace, limit=3)
    assert unfiltered.metadata.remaining_item_count == 4
    names = [c.metadata.name for c in first.items]
    token = first.metadata._continue
    pages = 1
    while token:
        page = core.list_namespaced_config_map(namespace, label_selector="paged=yes", limit=3, _continue=token)
        names += [c.metadata.name for c in page.items]
        token = page.metadata._continue
        pages += 1
    assert pages == 3
    assert names == expected
    with pytest.raises(ApiException) as error:
        core.list_namespaced_config_map(namespace, limit=3, _continue="not-a-token")
    assert error.value.status == 400


def test_rbac_forbidden_then_granted(api_client, client_for, namespace):
    alice = client.CoreV1Api(client_for("alice"))
    with pytest.raises(ApiException) as error:
        alice.list_namespaced_secret(namespace)
    assert error.value.status == 403
    assert 'User \\"alice\\" cannot list resource \\"secrets\\"' in error.value.body or \
        'User "alice" cannot list resource "secrets"' in error.value.body

    rbac = client.RbacAuthorizationV1Api(api_client)
    role = rbac.create_namespaced_role(namespace, client.V1Role(
        metadata=client.V1ObjectMeta(name="secret-reader"),
        rules=[client.V1PolicyRule(api_groups=[""], resources=["secrets"], verbs=["get", "list"])]))
    assert role.rules[0].resources == ["secrets"]
    binding = rbac.create_namespaced_role_binding(namespace, client.V1RoleBinding(
        metadata=client.V1ObjectMeta(name="alice-reads-secrets"),
        role_ref=client.V1RoleRef(api_group="rbac.authorization.k8s.io", kind="Role", name="secret-reader"),
        subjects=[client.RbacV1Subject(kind="User", name="alice", api_group="rbac.authorization.k8s.io")]))
    assert binding.role_ref.name == "secret-reader"
    assert binding.subjects[0].name == "alice"
    listed = rbac.list_namespaced_role_binding(namespace)
    assert [b.metadata.name for b in listed.items] == ["alice-reads-secrets"]

    client.CoreV1Api(api_client).create_namespaced_secret(namespace, client.V1Secret(
        metadata=client.V1ObjectMeta(name="token"), string_data={"password": "hunter2"}))
    secrets = alice.list_namespaced_secret(namespace)
    assert [s.metadata.name for s in secrets.items] == ["token"]
    assert secrets.items[0].data == {"password": "aHVudGVyMg=="}
    # Still no write access, and nothing outside the namespace.
    with pytest.raises(ApiException) as error:
        alice.delete_namespaced_secret("token", namespace)
    assert error.value.status == 403
    with pytest.raises(ApiException) as error:
        alice.list_namespaced_secret("default")
    assert error.value.status == 403

    rbac.delete_namespaced_role_binding("alice-reads-secrets", namespace)
    with pytest.raises(ApiException) as error:
        alice.list_namespaced_secret(namespace)
    assert error.value.status == 403


def test_self_subject_access_review(api_client, client_for, namespace):
    def review(api, verb, resource, ns=namespace, group=""):
        body = client.V1SelfSubjectAccessReview(spec=client.V1SelfSubjectAccessReviewSpec(
            resource_attributes=client.V1ResourceAttributes(namespace=ns, verb=verb, resource=resource, group=group)))
        return client.AuthorizationV1Api(api).create_self_subject_access_review(body).status

    assert review(api_client, "delete", "secrets").allowed is True
    alice = client_for("alice")
    denied = review(alice, "list", "secrets")
    assert denied.allowed is False
    # alice can always create reviews about herself (system:basic-user).
    assert review(alice, "create", "selfsubjectaccessreviews", ns="", group="authorization.k8s.io").allowed is True
    assert review(alice, "create", "selfsubjectaccessreviews", ns="").allowed is False  # no such core resource

    rules = client.AuthorizationV1Api(alice).create_self_subject_rules_review(client.V1SelfSubjectRulesReview(
        spec=client.V1SelfSubjectRulesReviewSpec(namespace=namespace))).status
    granted = {(group, resource, verb) for r in rules.resource_rules
               for group in (r.api_groups or []) for resource in (r.resources or []) for verb in r.verbs}
    assert ("authorization.k8s.io", "selfsubjectaccessreviews", "create") in granted
    assert not any(resource == "secrets" for _, resource, _ in granted)
    assert any("/api" in (r.non_resource_urls or []) for r in rules.non_resource_rules)

    # A SubjectAccessReview (admin only) asks about someone else.
    sar = client.AuthorizationV1Api(api_client).create_subject_access_review(client.V1SubjectAccessReview(
        spec=client.V1SubjectAccessReviewSpec(user="bob", groups=["sre"], resource_attributes=client.V1ResourceAttributes(
            namespace=namespace, verb="get", resource="configmaps"))))
    assert sar.status.allowed is False


def test_custom_objects(api_client, crds, namespace):
    assert "accessrequests.drawbridge.dev" in crds
    custom = client.CustomObjectsApi(api_client)
    created = custom.create_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, access_request("ar-one"))
    assert created["metadata"]["namespace"] == namespace
    assert created["metadata"]["generation"] == 1
    assert created["spec"]["role"] == {"kind": "ClusterRole", "name": "view"}
    assert "status" not in created or not created["status"]

    got = custom.get_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, "ar-one")
    assert got["metadata"]["uid"] == created["metadata"]["uid"]
    assert got["kind"] == "AccessRequest" and got["apiVersion"] == f"{GROUP}/{VERSION}"

    custom.create_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, access_request("ar-two", role="edit"))
    listed = custom.list_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL)
    assert listed["kind"] == "AccessRequestList"
    assert [i["metadata"]["name"] for i in listed["items"]] == ["ar-one", "ar-two"]
    selected = custom.list_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, field_selector="metadata.name=ar-two")
    assert [i["spec"]["role"]["name"] for i in selected["items"]] == ["edit"]
    everywhere = custom.list_cluster_custom_object(GROUP, VERSION, PLURAL, label_selector="team=checkout")
    assert {i["metadata"]["name"] for i in everywhere["items"] if i["metadata"]["namespace"] == namespace} == {"ar-one", "ar-two"}

    # Merge patch (the client's default for custom objects) on metadata: generation stays.
    patched = custom.patch_namespaced_custom_object(
        GROUP, VERSION, namespace, PLURAL, "ar-one", {"metadata": {"labels": {"reviewed": "no"}}})
    assert patched["metadata"]["labels"] == {"team": "checkout", "reviewed": "no"}
    assert patched["metadata"]["generation"] == 1
    # Status through the main resource is ignored when the CRD has a status subresource.
    ignored = custom.patch_namespaced_custom_object(
        GROUP, VERSION, namespace, PLURAL, "ar-one", {"status": {"phase": "Active"}})
    assert "phase" not in (ignored.get("status") or {})

    status = custom.patch_namespaced_custom_object_status(
        GROUP, VERSION, namespace, PLURAL, "ar-one", {"status": {"phase": "Pending", "message": "waiting for an approver"}})
    assert status["status"] == {"phase": "Pending", "message": "waiting for an approver"}
    assert status["metadata"]["generation"] == 1
    read_status = custom.get_namespaced_custom_object_status(GROUP, VERSION, namespace, PLURAL, "ar-one")
    assert read_status["status"]["phase"] == "Pending"

    # Schema validation: an enum violation in status is 422 Invalid.
    with pytest.raises(ApiException) as error:
        custom.patch_namespaced_custom_object_status(
            GROUP, VERSION, namespace, PLURAL, "ar-one", {"status": {"phase": "Bogus"}})
    assert error.value.status == 422
    # CEL: spec is immutable.
    with pytest.raises(ApiException) as error:
        custom.patch_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, "ar-one", {"spec": {"duration": "1h"}})
    assert error.value.status == 422
    assert "spec is immutable" in error.value.body

    # Replace with a stale resourceVersion: 409.
    stale = dict(got)
    stale["metadata"] = dict(got["metadata"], labels={"team": "other"})
    with pytest.raises(ApiException) as error:
        custom.replace_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, "ar-one", stale)
    assert error.value.status == 409

    deleted = custom.delete_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, "ar-one")
    assert deleted["status"] == "Success"
    with pytest.raises(ApiException) as error:
        custom.get_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, "ar-one")
    assert error.value.status == 404
    remaining = custom.list_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL)
    assert [i["metadata"]["name"] for i in remaining["items"]] == ["ar-two"]


def test_custom_object_watch(api_client, crds, namespace):
    custom = client.CustomObjectsApi(api_client)
    rv = custom.list_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL)["metadata"]["resourceVersion"]
    custom.create_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, access_request("ar-watched"))
    custom.patch_namespaced_custom_object_status(
        GROUP, VERSION, namespace, PLURAL, "ar-watched", {"status": {"phase": "Approved"}})
    custom.delete_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, "ar-watched")
    seen = []
    w = watch.Watch()
    for event in w.stream(custom.list_namespaced_custom_object, GROUP, VERSION, namespace, PLURAL,
                          resource_version=rv, timeout_seconds=5):
        seen.append((event["type"], (event["object"].get("status") or {}).get("phase")))
        if event["type"] == "DELETED":
            w.stop()
    assert seen == [("ADDED", None), ("MODIFIED", "Approved"), ("DELETED", "Approved")]


def test_alice_cannot_touch_access_requests_without_rbac(client_for, crds, namespace):
    alice = client.CustomObjectsApi(client_for("alice"))
    with pytest.raises(ApiException) as error:
        alice.create_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, access_request("sneaky"))
    assert error.value.status == 403
