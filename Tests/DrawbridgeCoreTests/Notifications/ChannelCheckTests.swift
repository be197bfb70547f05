import DrawbridgeAPI
import DrawbridgeCore
import Foundation
import Testing

/// A channel of `type` reading Secret `hook`.
private func channel(
    _ type: String = "webhook", mode: String? = nil, insecure: Bool? = nil
) -> NotificationChannel {
    NotificationChannel(
        metadata: ObjectMeta(name: "oncall"),
        spec: NotificationChannelSpec(
            type: type, secretRef: SecretReference(name: "hook"),
            webhook: mode.map { WebhookChannelSettings(contentMode: $0) }, allowInsecureHTTP: insecure))
}

/// Secret `hook` with `values` (plain text, encoded here as the API server stores them).
private func secret(_ values: [String: String], raw: [String: String] = [:]) -> Secret {
    var data = values.mapValues { Data($0.utf8).base64EncodedString() }
    data.merge(raw) { $1 }
    return Secret(metadata: ObjectMeta(name: "hook", namespace: "drawbridge-system"), data: data)
}

private let key = "0123456789abcdef0123"

@Suite("Whether a NotificationChannel can be delivered to")
struct ChannelCheckTests {
    @Test(
        "Bad input is a clear condition",
        arguments: [
            (
                channel("email"), secret(["url": "https://x"]), "UnsupportedType",
                "spec.type \"email\" is not supported: use \"webhook\" or \"slack\""
            ),
            (
                channel(mode: "batched"), secret(["url": "https://x"]), "UnsupportedContentMode",
                "spec.webhook.contentMode \"batched\" is not supported: use \"structured\" or \"binary\""
            ),
            (channel(), nil, "SecretNotFound", "Secret drawbridge-system/hook does not exist"),
            (channel(), secret([:]), "SecretMalformed", "Secret drawbridge-system/hook has no key url"),
            (
                channel(), secret([:], raw: ["url": "%%%"]), "SecretMalformed",
                "Secret drawbridge-system/hook key url is empty or not base64"
            ),
            (
                channel(), secret(["url": "https://hooks.example.com/x"]), "SecretMalformed",
                "Secret drawbridge-system/hook has no key signingKey"
            ),
            (
                channel(), secret(["url": "https://hooks.example.com/x", "signingKey": "short"]), "SecretMalformed",
                "Secret drawbridge-system/hook key signingKey holds 5 bytes; at least 16 are needed"
            ),
            (
                channel(), secret(["url": "https://hooks.example.com/x", "signingKey": "whsec_%%"]), "SecretMalformed",
                "Secret drawbridge-system/hook key signingKey starts with whsec_ but is not base64 after it"
            ),
            (
                channel("slack"), secret(["url": "not a url"]), "InvalidURL",
                "the url in Secret drawbridge-system/hook is not a URL"
            ),
            (
                channel("slack"), secret(["url": "ftp://files.example.com/x"]), "InvalidURL",
                "the url in Secret drawbridge-system/hook uses ftp:, not http: or https:"
            ),
            (
                channel("slack"), secret(["url": "https:///x"]), "InvalidURL",
                "the url in Secret drawbridge-system/hook has no host"
            ),
            (
                channel("slack"), secret(["url": "https://me:pw@hooks.example.com/x"]), "InvalidURL",
                "the url in Secret drawbridge-system/hook carries credentials; put them in the path or a token instead"
            ),
            (
                channel("slack"), secret(["url": "http://hooks.example.com/x"]), "InsecureURL",
                "the url in Secret drawbridge-system/hook is plain http to hooks.example.com, which is not loopback; use https, or set spec.allowInsecureHTTP: true"
            ),
        ])
    func problems(channel: NotificationChannel, secret: Secret?, reason: String, message: String) {
        guard case .failure(let problem) = ChannelCheck.check(channel, secret: secret, namespace: "drawbridge-system")
        else {
            Issue.record("expected \(reason)")
            return
        }
        #expect(problem.reason.rawValue == reason)
        #expect(problem.message == message)
    }

    @Test(
        "Usable channels: https anywhere, plain http on loopback or when allowed",
        arguments: [
            (channel(), "https://hooks.example.com/events", ChannelCheck.Target.Kind.webhook(binary: false)),
            (channel(mode: "binary"), "http://127.0.0.1:9099/events", .webhook(binary: true)),
            (channel(mode: "structured"), "http://localhost/events", .webhook(binary: false)),
            (channel(), "http://[::1]:8080/events", .webhook(binary: false)),
            (channel(insecure: true), "http://receiver.internal:8080/events", .webhook(binary: false)),
            (channel("slack"), "https://hooks.slack.com/services/T0/B0/x", .slack),
        ])
    func usable(channel: NotificationChannel, url: String, kind: ChannelCheck.Target.Kind) throws {
        let target = try ChannelCheck.check(
            channel, secret: secret(["url": url + "\n", "signingKey": key]), namespace: "drawbridge-system"
        ).get()
        #expect(target.kind == kind)
        #expect(target.url == url)
        #expect(target.signingKey == (kind == .slack ? [] : Array(key.utf8)))
    }

    @Test("A whsec_ signing key is the base64 after the prefix, as Standard Webhooks libraries read it")
    func standardWebhooksKey() throws {
        let raw = Array("a key of twenty-four byte".utf8)
        let text = "whsec_" + Data(raw).base64EncodedString()
        let target = try ChannelCheck.check(
            channel(), secret: secret(["url": "https://x.example.com", "signingKey": text]),
            namespace: "drawbridge-system"
        ).get()
        #expect(target.signingKey == raw)
    }
}

@Suite("What one delivery attempt leads to")
struct DeliveryVerdictTests {
    @Test(
        "2xx delivered; no answer, 408, 429 and 5xx retried; other 4xx and redirects given up",
        arguments: [
            (200, nil as String?, DeliveryVerdict.delivered),
            (204, nil, .delivered),
            (408, nil, .retry(reason: "the receiver answered HTTP 408", after: nil)),
            (429, "30", .retry(reason: "the receiver answered HTTP 429", after: .seconds(30))),
            (503, "soon", .retry(reason: "the receiver answered HTTP 503", after: nil)),
            (500, nil, .retry(reason: "the receiver answered HTTP 500", after: nil)),
            (400, nil, .fail(reason: "the receiver answered HTTP 400; not retried")),
            (401, nil, .fail(reason: "the receiver answered HTTP 401; not retried")),
            (404, nil, .fail(reason: "the receiver answered HTTP 404; not retried")),
            (410, nil, .fail(reason: "the receiver answered HTTP 410; not retried")),
            (302, nil, .fail(reason: "the receiver answered HTTP 302 (a redirect; redirects are not followed)")),
        ])
    func verdicts(status: Int, retryAfter: String?, verdict: DeliveryVerdict) {
        #expect(DeliveryVerdict.judge(status: status, retryAfter: retryAfter) == verdict)
    }

    @Test("No answer at all is retried")
    func unanswered() {
        #expect(
            DeliveryVerdict.unanswered("connection refused")
                == .retry(reason: "no answer: connection refused", after: nil))
    }

    @Test(
        "Backoff doubles to its cap, jittered between half and all of it, and honours Retry-After",
        arguments: [
            (1, 0.0, nil as Duration?, Duration.milliseconds(500)),
            (1, 0.999_999, nil, .milliseconds(999_999) / 1000),
            (2, 0.0, nil, .seconds(1)),
            (4, 1.0, nil, .seconds(8)),
            (20, 1.0, nil, .seconds(300)),
            (20, 0.0, nil, .seconds(150)),
            (1, 0.0, .seconds(30), .seconds(30)),
            (1, 0.0, .seconds(3600), .seconds(300)),
        ])
    func backoff(failures: Int, random: Double, retryAfter: Duration?, delay: Duration) {
        let backoff = RetryBackoff(initial: .seconds(1), cap: .seconds(300))
        let actual = backoff.delay(afterFailures: failures, random: random, retryAfter: retryAfter)
        #expect(abs((actual - delay).timeInterval) < 0.001)
    }
}
