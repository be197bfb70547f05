import ArgumentParser
import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import Foundation
import KubeClient

/// `drawbridge keys rotate`: adds a fresh key that starts signing after every replica has read it.
struct RotateKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Add a new signing key; it signs from --activate-in from now, older keys keep verifying.",
        discussion: """
            Nothing is revoked: what older keys signed stays valid until they are retired (drawbridge keys retire). \
            The delay lets every controller replica re-read the Secret (every 10 s) before any replica signs with \
            the new key; a shorter delay can briefly reject a request another replica signed.
            """)

    @OptionGroup var keys: KeySecretOptions

    @Option(help: "How long from now the new key starts signing, as a Go duration.")
    var activateIn: String = "1m"

    func validate() throws {
        _ = try delay()
    }

    func delay() throws -> Duration {
        do {
            return try GoDuration.parse(activateIn)
        } catch {
            throw ValidationError("--activate-in: \(error)")
        }
    }

    func run() async throws {
        let delay = try delay()
        let now = Date()
        let added = try await keys.withKeys { store, secret, ring in
            let rotated = try ring.adding(
                IdentitySigner.generateKey(), activeFrom: now.addingTimeInterval(Double(delay.components.seconds)))
            try await store.write(rotated, into: secret)
            return rotated.keys.filter { key in !ring.keys.contains { $0.name == key.name } }
        }
        for key in added {
            print(
                "Added \(key.name): it signs from \(key.activeFrom.map(SigningKey.iso) ?? "now"); older keys keep verifying until `drawbridge keys retire`."
            )
        }
    }
}

/// `drawbridge keys retire`: removes the keys older than the one signing now.
struct RetireKeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retire",
        abstract: "Remove every key older than the one signing now.",
        discussion: """
            Refuses while an AccessRequest still in play (new, Pending, Approved or Active) carries a signature only \
            a retiring key made: retiring the key would reject or revoke it. Wait until those requests end (their \
            names are printed), or pass --force. What the kept keys signed is never affected.
            """)

    @OptionGroup var keys: KeySecretOptions

    @Flag(help: "Retire even though requests in play depend on the retiring keys (they are rejected or revoked).")
    var force = false

    func run() async throws {
        let now = Date()
        let message = try await keys.withKeys { store, secret, ring in
            let (kept, retiring) = ring.retirement(at: now)
            let names = retiring.map(\.name).joined(separator: ", ")
            guard !retiring.isEmpty else {
                return "Nothing to retire: \(ring.signingKey(at: now).name) signs and no key is older."
            }
            let requests: [AccessRequest]
            do {
                requests = try await store.client.listAll(AccessRequest.self).items
            } catch let error as APIError {
                throw CLIError(
                    "listing AccessRequests, to check what still needs the retiring keys: \(error.message)")
            }
            let dependents = KeyRetirement.dependents(of: requests, ring: ring, kept: kept)
            if !dependents.isEmpty && !force {
                throw CLIError(
                    "refusing to retire \(names): \(dependents.count) AccessRequest(s) in play carry signatures only it made and would be rejected or revoked: \(dependents.map(\.description).joined(separator: "; ")); wait until they end, or pass --force"
                )
            }
            try await store.write(kept, into: secret)
            let lost = dependents.isEmpty ? "" : " \(dependents.count) AccessRequest(s) lose their signatures."
            return
                "Retired \(names); \(kept.signingKey(at: now).name) signs. Controllers stop accepting the retired keys within 10 s.\(lost)"
        }
        print(message)
    }
}
