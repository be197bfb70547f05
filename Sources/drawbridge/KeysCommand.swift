import ArgumentParser
import DrawbridgeAPI
import DrawbridgeControllers
import Foundation
import KubeClient

/// `drawbridge keys ...`: rotate the identity signing keys without disrupting live grants.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "List, rotate and retire the keys that sign requesters and approvals.",
        discussion: """
            The keys live in the controller's Secret (--secret). The newest active key signs; every key in the \
            Secret verifies, so what an older key signed stays valid until that key is retired. Controllers re-read \
            the Secret every 10 s; no restart is needed. Needs get and update on that Secret (cluster admins).
            """,
        subcommands: [ListKeysCommand.self, RotateKeyCommand.self, RetireKeysCommand.self])
}

/// Where the keys are, shared by the `keys` subcommands.
struct KeySecretOptions: ParsableArguments {
    @OptionGroup var cluster: ClusterOptions

    @Option(help: "NAMESPACE/NAME of the Secret holding the signing keys (the controller's --signing-key-secret).")
    var secret: String = "\(SigningKeyStore.defaultNamespace)/\(SigningKeyStore.defaultName)"

    func validate() throws {
        guard location != nil else { throw ValidationError("--secret must be NAMESPACE/NAME, got \"\(secret)\"") }
    }

    var location: (namespace: String, name: String)? {
        let parts = secret.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return (String(parts[0]), String(parts[1]))
    }

    /// Runs `body` with the store and what it holds now; a missing or unusable Secret is a one-line error.
    func withKeys<T: Sendable>(_ body: (SigningKeyStore, Secret, SigningKeyRing) async throws -> T) async throws -> T {
        let location = location ?? (SigningKeyStore.defaultNamespace, SigningKeyStore.defaultName)
        return try await cluster.withClient { client in
            let store = SigningKeyStore(client: client, namespace: location.namespace, name: location.name)
            let found: (Secret, SigningKeyRing)?
            do {
                found = try await store.read()
            } catch {
                throw CLIError("reading Secret \(store.location): \(error)")
            }
            guard let (secret, ring) = found else {
                throw CLIError(
                    "Secret \(store.location) not found: the controller creates it with the first key when it starts")
            }
            do {
                return try await body(store, secret, ring)
            } catch let error as APIError where error.isConflict {
                throw CLIError("Secret \(store.location) changed while this ran; run the command again")
            } catch let error as APIError {
                throw CLIError("writing Secret \(store.location): \(error.message)")
            }
        }
    }
}

/// `drawbridge keys list`.
struct ListKeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Show the signing keys, which one signs, and from when (never the key bytes).")

    @OptionGroup var keys: KeySecretOptions

    func run() async throws {
        let table = try await keys.withKeys { _, _, ring in KeyTable.render(ring, now: Date()) }
        print(table, terminator: "")
    }
}

/// The `keys list` table: one key per line, oldest first.
enum KeyTable {
    static func render(_ ring: SigningKeyRing, now: Date) -> String {
        let signing = ring.signingKey(at: now)
        var lines = [("NAME", "SIGNS FROM", "STATE")]
        for key in ring.keys {
            let state =
                key == signing
                ? "signing" : (key.activeFrom ?? .distantPast) > now ? "verifying (signs later)" : "verifying"
            lines.append((key.name, key.activeFrom.map(SigningKey.iso) ?? "always (legacy)", state))
        }
        let nameWidth = lines.map(\.0.count).max() ?? 0
        let fromWidth = lines.map(\.1.count).max() ?? 0
        return lines.map { name, from, state in
            name.padding(toLength: nameWidth + 3, withPad: " ", startingAt: 0)
                + from.padding(toLength: fromWidth + 3, withPad: " ", startingAt: 0) + state + "\n"
        }.joined()
    }
}
