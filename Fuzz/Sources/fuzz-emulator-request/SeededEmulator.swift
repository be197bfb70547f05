import APIServerEmulator
import DrawbridgeAPI
import Foundation
import FuzzSupport

/// A fresh emulator per input (so no input depends on what an earlier one stored), with what a
/// Drawbridge cluster holds: its CRDs from `crds/`, namespace `demo`, a ConfigMap, the example
/// policies and a request. Seeded once; each input gets a copy.
enum SeededEmulator {
    static let adminToken = "admin-fuzz"

    /// The seeded cluster every input starts from, never handed out itself.
    static let pristine: APIServer = blocking { await make() }

    /// The demo users (admin, alice, bob, carol) with `-fuzz` tokens; a fixed clock.
    static func make() async -> APIServer {
        let api = APIServer(
            options: .init(
                authenticator: .demo(tokenSuffix: "fuzz"), clock: { Date(timeIntervalSince1970: 1_800_000_000) }))
        for (target, object) in seeds {
            let response = await api.handle(
                APIRequest(
                    method: "POST", target: target, headers: ["Authorization": "Bearer \(adminToken)"],
                    body: JSONWire.encode(object)))
            guard response.status < 300 else {
                fatalError("seeding \(target) failed: \(String(decoding: response.bodyBytes, as: UTF8.self))")
            }
        }
        return api
    }

    /// The objects every emulator starts with, and where they are POSTed.
    static let seeds: [(String, JSONValue)] = {
        let crds = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../crds").standardizedFileURL
        var seeds: [(String, JSONValue)] = []
        for name in ["drawbridge.dev_accessrequests.yaml", "drawbridge.dev_accesspolicies.yaml"] {
            guard let text = try? String(contentsOf: crds.appendingPathComponent(name), encoding: .utf8),
                let documents = try? YAMLJSON.documents(in: text), let crd = documents.first
            else { fatalError("cannot read \(name) in \(crds.path)") }
            seeds.append(("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd))
        }
        seeds.append(("/api/v1/namespaces", ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "demo"]]))
        seeds.append(
            (
                "/api/v1/namespaces/demo/configmaps",
                ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "settings"], "data": ["a": "1"]]
            ))
        seeds.append(
            (
                "/apis/drawbridge.dev/v1alpha1/namespaces/demo/accessrequests",
                [
                    "apiVersion": "drawbridge.dev/v1alpha1", "kind": "AccessRequest",
                    "metadata": ["name": "alice-edit-demo"],
                    "spec": ["role": ["kind": "ClusterRole", "name": "edit"], "duration": "30m", "reason": "INC-1"],
                ]
            ))
        for policy in ExamplePolicies.all {
            guard let object = try? JSONValue(encoding: policy) else { fatalError("an example policy does not encode") }
            seeds.append(("/apis/drawbridge.dev/v1alpha1/accesspolicies", object))
        }
        return seeds
    }()
}
