import DrawbridgeAPI
import Foundation
import Testing

@testable import APIServerEmulator

/// Writing a webhook configuration whose `matchConditions` kube-apiserver would refuse answers 422
/// Invalid, naming each offending field with kube-apiserver's wording.
@Suite("Webhook match condition validation")
struct MatchConditionValidationTests {
    typealias Tests = MatchConditionTests

    static func causes(_ body: JSONValue) -> [String] {
        (body[path: ["details", "causes"]]?.arrayValue ?? []).map {
            "\($0["reason"]?.stringValue ?? "") \($0["field"]?.stringValue ?? ""): \($0["message"]?.stringValue ?? "")"
        }
    }

    @Test("A condition that does not compile is refused with 422 naming webhooks[0].matchConditions[0].expression")
    func badExpression() async throws {
        let server = EmulatorClient.makeServer()
        let (status, body) = try await EmulatorClient(server).call(
            "POST", Tests.validatingPath, body: Tests.configuration([("typo", "request.userInfo.usrname == 'x'")]))
        #expect(status == 422)
        #expect(body["reason"]?.stringValue == "Invalid")
        #expect(
            body["message"]?.stringValue
                == #"ValidatingWebhookConfiguration.admissionregistration.k8s.io "conditions" is invalid: webhooks[0].matchConditions[0].expression: Invalid value: "request.userInfo.usrname == 'x'": compilation failed: ERROR: <input>:1:17: undefined field 'usrname'"#
        )
        #expect(body[path: ["details", "kind"]]?.stringValue == "ValidatingWebhookConfiguration")
        let (missing, _) = try await EmulatorClient(server).call(
            "GET", "\(Tests.validatingPath)/conditions")
        #expect(missing == 404, "nothing was stored")
    }

    @Test("Every problem is listed: empty and unsupported expressions, bad and duplicate names, a non-bool result")
    func everyProblem() async throws {
        let server = EmulatorClient.makeServer()
        let configuration = Tests.configuration([
            ("uses-authorizer", "authorizer.group('').resource('pods').check('get').allowed()"),
            ("empty", "  "),
            ("bad name!", "true"),
            ("", "true"),
            ("twice", "true"),
            ("twice", "object.metadata.name"),
        ])
        let (status, body) = try await EmulatorClient(server).call("POST", Tests.validatingPath, body: configuration)
        #expect(status == 422)
        #expect(
            Self.causes(body) == [
                #"FieldValueInvalid webhooks[0].matchConditions[0].expression: Invalid value: "authorizer.group('').resource('pods').check('get').allowed()": compilation failed: ERROR: <input>:1:1: the 'authorizer' variable (authorization checks in match conditions) is not supported by the Drawbridge emulator"#,
                "FieldValueRequired webhooks[0].matchConditions[1].expression: Required value",
                #"FieldValueInvalid webhooks[0].matchConditions[2].name: Invalid value: "bad name!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"#,
                "FieldValueRequired webhooks[0].matchConditions[3].name: Required value",
                #"FieldValueInvalid webhooks[0].matchConditions[5].expression: Invalid value: "object.metadata.name": must evaluate to bool but got dyn"#,
                #"FieldValueDuplicate webhooks[0].matchConditions[5].name: Duplicate value: "twice""#,
            ])
    }

    @Test("More than 64 conditions on one webhook are refused")
    func tooMany() async throws {
        let server = EmulatorClient.makeServer()
        let conditions = (0..<65).map { ("c\($0)", "true") }
        let (status, body) = try await EmulatorClient(server).call(
            "POST", Tests.validatingPath, body: Tests.configuration(conditions))
        #expect(status == 422)
        #expect(
            Self.causes(body) == [
                "FieldValueTooMany webhooks[0].matchConditions: Too many: 65: must have at most 64 items"
            ])
        let (accepted, _) = try await EmulatorClient(server).call(
            "POST", Tests.validatingPath, body: Tests.configuration(Array(conditions.prefix(64))))
        #expect(accepted == 201)
    }

    @Test("Updates that change conditions are validated; an update that leaves them alone is accepted")
    func updates() async throws {
        let server = EmulatorClient.makeServer()
        let client = EmulatorClient(server)
        let (created, stored) = try await client.call(
            "POST", Tests.validatingPath, body: Tests.configuration([("ok", "request.name != 'x'")]))
        #expect(created == 201)

        var broken = stored
        broken[path: ["webhooks"]] = Tests.configuration([("ok", "request.name !=")])["webhooks"]
        let (refused, body) = try await client.call("PUT", "\(Tests.validatingPath)/conditions", body: broken)
        #expect(refused == 422)
        #expect(
            Self.causes(body) == [
                #"FieldValueInvalid webhooks[0].matchConditions[0].expression: Invalid value: "request.name !=": compilation failed: ERROR: <input>:1:16: Syntax error: unexpected end of expression"#
            ])

        let patch: JSONValue = ["webhooks": [["name": "check.test.drawbridge.dev", "timeoutSeconds": 3]]]
        let (patched, after) = try await client.call(
            "PATCH", "\(Tests.validatingPath)/conditions", body: patch,
            contentType: "application/strategic-merge-patch+json")
        #expect(patched == 200, "\(after)")
        #expect(after[path: ["webhooks"]]?.arrayValue?.first?["timeoutSeconds"] == 3)
    }

    @Test("Conditions an update leaves as they were are not checked again, as kube-apiserver skips them")
    func unchangedConditionsSkipped() {
        let programs = CELProgramCache()
        let stored = Tests.configuration([("broken", "nope == 1")])
        var renamed = stored
        renamed[path: ["metadata", "labels"]] = ["edited": "yes"]
        #expect(MatchConditionValidation.causes(renamed, old: stored, programs: programs).isEmpty)
        #expect(programs.compilations == 0)
        #expect(MatchConditionValidation.causes(renamed, old: nil, programs: programs).count == 1)
        let added = Tests.configuration([("broken", "nope == 1"), ("fine", "true")])
        #expect(MatchConditionValidation.causes(added, old: stored, programs: programs).count == 1)
    }

    @Test("MutatingWebhookConfigurations are validated the same way")
    func mutating() async throws {
        let server = EmulatorClient.makeServer()
        var configuration = Tests.configuration([("x", "nope == 1")], name: "mutating")
        configuration["kind"] = "MutatingWebhookConfiguration"
        let (status, body) = try await EmulatorClient(server).call(
            "POST", "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations", body: configuration)
        #expect(status == 422)
        #expect(
            body["message"]?.stringValue
                == #"MutatingWebhookConfiguration.admissionregistration.k8s.io "mutating" is invalid: webhooks[0].matchConditions[0].expression: Invalid value: "nope == 1": compilation failed: ERROR: <input>:1:1: undeclared reference to 'nope' (in container '')"#
        )
    }
}
