import DrawbridgeAPI
import DrawbridgeTesting
import Foundation
import Testing

/// The image and the Deployment that runs it must agree: what the Dockerfile builds, where it puts
/// the binary, which user runs it, and the arguments `config/manager` passes.
@Suite("Dockerfile, release build and Deployment")
struct DockerfileTests {
    /// The one release build command: the Dockerfile and scripts/release-build both run it.
    static let releaseBuild = "swift build -c release --static-swift-stdlib --product drawbridge"

    static func dockerfile() throws -> Dockerfile { Dockerfile(try PackageRoot.text("Dockerfile")) }

    static func deployment() throws -> JSONValue {
        let documents = try YAMLJSON.documents(in: try PackageRoot.text("config/manager/manager.yaml"))
        return try #require(documents.first { $0["kind"] == "Deployment" })
    }

    @Test("The Dockerfile builds in a Swift stage named build and runs from a separate runtime stage")
    func stages() throws {
        let file = try Self.dockerfile()
        #expect(file.stages.count >= 2)
        let build = try #require(file.stage("build"))
        #expect(build.image.hasPrefix("swift:"))
        let runtime = try #require(file.stages.last)
        #expect(runtime.name != "build" && runtime.image != "build" && !runtime.image.hasPrefix("swift:"))
    }

    @Test("The build stage compiles a static release drawbridge from every folder Package.swift declares targets in")
    func buildStage() throws {
        let build = try #require(try Self.dockerfile().stage("build"))
        #expect(build.all("RUN").contains { $0.arguments.contains(Self.releaseBuild) })
        #expect(
            build.all("RUN").contains { $0.arguments.contains("strip --strip-debug /drawbridge") },
            "debug info is dropped from the shipped binary; its symbols stay for backtraces")
        // SwiftPM refuses to load a package whose declared target folders are missing.
        let manifest = try PackageRoot.text("Package.swift")
        var folders: Set<String> = ["Sources", "Tests"]
        for match in manifest.matches(of: #/path: "([^"/]+)/#) { folders.insert(String(match.output.1)) }
        let copied = Set(build.all("COPY").flatMap { $0.operands.dropLast() })
        #expect(folders.isSubset(of: copied), "not copied: \(folders.subtracting(copied).sorted())")
    }

    @Test(
        "The runtime stage copies the binary from the build stage, runs as a numeric non-root user, and its ENTRYPOINT is that binary"
    )
    func runtimeStage() throws {
        let file = try Self.dockerfile()
        let build = try #require(file.stage("build"))
        let runtime = try #require(file.stages.last)
        let copy = try #require(runtime.all("COPY").first { $0.flags.contains("--from=build") })
        let source = try #require(copy.operands.first), binary = try #require(copy.operands.last)
        #expect(
            build.all("RUN").contains { $0.arguments.contains(source) }, "the build stage puts the binary at \(source)")
        let user = try #require(runtime.last("USER")?.operands.first).split(separator: ":").map { UInt32($0) }
        #expect(!user.isEmpty && user.allSatisfy { $0 != nil && $0 != 0 }, "USER must be a numeric, non-root uid[:gid]")
        let entrypoint = try #require(runtime.last("ENTRYPOINT"))
        #expect(entrypoint.arguments.hasPrefix("["), "exec form, so SIGTERM reaches the binary, not a shell")
        #expect(entrypoint.operands == [binary])
    }

    @Test("config/manager runs the image's entry point with args only, as the Dockerfile's user")
    func deploymentMatchesImage() throws {
        let deployment = try Self.deployment()
        let container = try DeploymentChecks.controller(deployment)
        let image = container["image"]?.stringValue ?? ""
        #expect(image.split(separator: ":").first == "drawbridge", "kustomize `images: - name: drawbridge` rewrites it")
        let user = try #require(try Self.dockerfile().stages.last?.last("USER")?.operands.first).split(separator: ":")
        let pod = deployment[path: ["spec", "template", "spec", "securityContext"]]
        #expect(pod?["runAsUser"]?.intValue.map(String.init) == user.first.map(String.init))
        #expect(pod?["runAsGroup"]?.intValue.map(String.init) == user.last.map(String.init))
    }

    @Test("scripts/release-build is executable and runs the Dockerfile's build command, then ldd")
    func releaseScript() throws {
        let root = try #require(PackageRoot.url)
        #expect(FileManager.default.isExecutableFile(atPath: root.appendingPathComponent("scripts/release-build").path))
        let script = try PackageRoot.text("scripts/release-build")
        #expect(script.contains(Self.releaseBuild) && script.contains("ldd"))
        #expect(script.contains("strip --strip-debug"), "it measures the binary as the image ships it")
    }

    @Test("drawbridge controller accepts every flag config/manager passes it")
    func deploymentFlagsExist() async throws {
        let help = try await CommandLineTests.run(["controller", "--help"])
        #expect(help.status == 0, "\(help.stderr)")
        #expect(DeploymentChecks.args.first == "controller")
        for argument in DeploymentChecks.args.dropFirst() {
            let flag = String(argument.prefix { $0 != "=" })
            #expect(help.stdout.contains(flag), "\(flag)")
        }
    }
}
