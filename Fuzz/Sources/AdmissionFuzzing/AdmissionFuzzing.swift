import APIServerEmulator
import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import Foundation
import FuzzSupport

/// Answers one fuzzed AdmissionReview body as the webhook server does (parse, then
/// `AccessRequestAdmission.answer`), with the example policies and a fixed signing key, and checks
/// what the API server and the controller rely on:
/// - every body gets an AdmissionReview reply that encodes, echoing the request's uid;
/// - a denial carries a code of at least 400 and a message;
/// - only the mutating webhook patches, and its patch applies to the object it was given;
/// - an allowed create leaves the caller stamped as requester (mutating) or was signed for the caller
///   (validating); an allowed status write by a reviewer appends one record in the caller's name.
public func fuzzAdmission(_ input: FuzzInput, as webhook: AccessRequestAdmission.Webhook) {
    guard let review = input.json else { return }
    let reply = admission.answer(review, now: now, as: webhook)
    guard let response = reply.response else { fatalError("invariant broken: a reply without a response") }
    invariant((try? JSONCoding.encoder.encode(reply)) != nil, "the reply does not encode")
    let uid = review[path: ["request", "uid"]]?.stringValue ?? ""
    invariant(response.uid == uid, "response uid \"\(response.uid)\" for request uid \"\(uid)\"")
    if !response.allowed {
        invariant(
            (response.status?.code ?? 0) >= 400, "a denial with code \(String(describing: response.status?.code))")
        invariant(!(response.status?.message ?? "").isEmpty, "a denial without a message")
    }
    guard response.allowed, let request = try? AdmissionReviewParts(review) else { return }
    let object = patched(request.object, by: response, webhook: webhook)
    guard request.isAccessRequest, request.operation != "DELETE" else { return }
    switch (webhook, request.operation, request.subResource) {
    case (.mutating, "CREATE", ""):
        invariant(
            object[path: ["spec", "requester", "username"]]?.stringValue == request.username,
            "an allowed create is not stamped with the caller \(request.username)")
    case (.mutating, "UPDATE", "status") where request.username != controllerUsername:
        let approvals = object[path: ["status", "approvals"]]?.arrayValue ?? []
        invariant(
            approvals.last?["user"]?.stringValue == request.username,
            "an allowed review does not end with a record by the caller \(request.username)")
    case (.validating, "CREATE", ""):
        // As the API server stores it: a create without a namespace in the object goes to the request's.
        var stored = try? object.decode(as: AccessRequest.self)
        if stored?.metadata.namespace == nil { stored?.metadata.namespace = request.namespace }
        invariant(
            stored.map { $0.spec.requester?.username == request.username && signer.verifiesRequester(of: $0) }
                ?? false, "an allowed create is not signed for the caller \(request.username)")
    default:
        break
    }
}

/// The object after the response's patch: the mutating webhook's patch must apply, as the API server
/// refuses the write otherwise; the validating webhook must not patch at all.
private func patched(_ object: JSONValue, by response: AdmissionResponse, webhook: AccessRequestAdmission.Webhook)
    -> JSONValue
{
    guard let encoded = response.patch else { return object }
    invariant(webhook == .mutating, "the validating webhook returned a patch")
    invariant(response.patchType == "JSONPatch", "patch type \(String(describing: response.patchType))")
    guard let bytes = Data(base64Encoded: encoded), let operations = try? JSONValue.parse(bytes) else {
        fatalError("invariant broken: the patch is not base64 JSON")
    }
    do {
        return try JSONPatch.apply(operations, to: object)
    } catch {
        fatalError("invariant broken: the webhook's patch does not apply: \(error)")
    }
}

/// The members of a review the checks need, read from the JSON as the API server sent it.
private struct AdmissionReviewParts {
    var operation: String
    var subResource: String
    var username: String
    var namespace: String?
    var object: JSONValue
    var isAccessRequest: Bool

    init(_ review: JSONValue) throws {
        let request = review["request"] ?? .null
        let decoded = try request.decode(as: AdmissionRequest.self)
        operation = decoded.operation.rawValue
        subResource = decoded.subResource ?? ""
        username = decoded.userInfo.username
        namespace = decoded.namespace
        object = request["object"] ?? .null
        isAccessRequest =
            decoded.resource.group == Drawbridge.group && decoded.resource.resource == AccessRequestAdmission.resource
    }
}

/// The controller's username, as `drawbridge controller` and `drawbridge dev` run it.
let controllerUsername = "system:serviceaccount:drawbridge-system:drawbridge-controller"
/// A fixed key: seeds in `Fuzz/Corpus` carry signatures made with it, so the fuzzer starts from
/// requests that verify.
let signer: IdentitySigner = {
    guard let signer = try? IdentitySigner(key: Array(repeating: 7, count: IdentitySigner.minimumKeyBytes)) else {
        fatalError("the fuzzing key is refused")
    }
    return signer
}()
let now = Date(timeIntervalSince1970: 1_800_000_000)
let admission = AccessRequestAdmission(
    controllerUsername: controllerUsername,
    policies: .fixed(
        policies: ExamplePolicies.all,
        namespaces: [Namespace(metadata: ObjectMeta(name: "demo", labels: ["env": "dev"]))],
        clusterRoles: DefaultClusterRoles.all),
    signer: signer)
