import DrawbridgeAPI
import Foundation

/// `kubectl drawbridge why` as text: one section per question a person asks ("what is it?", "which
/// policy decided?", "who approved?", "how long?", "what does it allow?"), aligned like
/// `kubectl describe`.
public enum ExplanationText {
    /// The whole explanation, ending in a newline.
    public static func render(_ explanation: RequestExplanation, colors: Colorizer = .plain) -> String {
        var text = ""
        let phaseStyle = Colorizer.style(of: .init(rawValue: explanation.phase))
        text +=
            colors.apply(
                .heading,
                to: explanation.clusterWide
                    ? "ClusterAccessRequest \(explanation.name)"
                    : "AccessRequest \(explanation.namespace)/\(explanation.name)")
            + ": "
            + colors.apply(phaseStyle, to: explanation.phase) + "\n"
        let groups =
            explanation.requesterGroups.isEmpty
            ? "" : " (groups: \(explanation.requesterGroups.joined(separator: ", ")))"
        var facts: [(String, String)] = [
            ("requester", explanation.requester + groups),
            (
                "role",
                explanation.clusterWide
                    ? "\(explanation.role) in every namespace (cluster-wide)"
                    : "\(explanation.role) in namespace \(explanation.namespace)"
            ),
            ("duration", explanation.duration),
            ("reason", explanation.reason),
        ]
        if let message = explanation.message, !message.isEmpty { facts.append(("message", message)) }
        text += block(facts)

        text += "\n" + colors.apply(.heading, to: "Policy") + ": "
        text += explanation.governingPolicy.map { "AccessPolicy \"\($0)\" governs" } ?? "no AccessPolicy governs"
        text += "\n  " + colors.apply(explanation.allowed ? nil : .bad, to: explanation.verdict) + "\n"
        if !explanation.otherPolicies.isEmpty {
            text += "  other candidates:\n"
            for other in explanation.otherPolicies { text += "    \(other.policy): \(other.reason)\n" }
        }

        text += "\n" + colors.apply(.heading, to: "Approvals") + ": "
        text += (explanation.approvalSummary ?? "none can count") + "\n"
        if explanation.reviews.isEmpty {
            text += "  no reviews recorded\n"
        } else {
            let rows = explanation.reviews.map { line -> [TextTable.Cell] in
                let result =
                    line.ignoredBecause.map { TextTable.Cell("ignored: \($0)", style: .bad) }
                    ?? TextTable.Cell("counted", style: .good)
                return [
                    TextTable.Cell(line.user), TextTable.Cell(line.decision), TextTable.Cell(line.time), result,
                    TextTable.Cell(line.comment.map { "\"\($0)\"" } ?? ""),
                ]
            }
            text += indent(
                TextTable(headers: ["REVIEWER", "DECISION", "WHEN", "RESULT", "COMMENT"], rows: rows)
                    .render(colors: colors))
        }

        text += "\n" + colors.apply(.heading, to: "Time") + ":\n"
        text += explanation.timeline.map { "  \($0)\n" }.joined()

        text += "\n" + colors.apply(.heading, to: "Grant") + ": "
        let bindingKind = explanation.clusterWide ? "ClusterRoleBinding" : "RoleBinding"
        if let binding = explanation.binding {
            text += "\(bindingKind) \(binding.name)"
            if let subjects = binding.subjects { text += " for " + subjects.joined(separator: ", ") }
            text += "\n"
            if let note = binding.note { text += "  \(note)\n" }
        } else {
            text += "no \(bindingKind) (none is made until the request is approved)\n"
        }
        if let rules = explanation.rules {
            text += "  allows (\(explanation.rulesSource)):\n"
            if rules.isEmpty {
                text += "    nothing: the role has no rules\n"
            } else {
                text += indent(RuleTable.table(rows: rules).render(), by: 4)
            }
        } else {
            text += "  allows: \(explanation.rulesSource)\n"
        }

        if !explanation.notes.isEmpty {
            text += "\n" + colors.apply(.heading, to: "Notes") + ":\n"
            text += explanation.notes.map { "  - \($0)\n" }.joined()
        }
        return text
    }

    /// `  label:  value` lines with the values aligned.
    static func block(_ facts: [(String, String)]) -> String {
        let width = (facts.map(\.0.count).max() ?? 0) + 2
        return facts.map { label, value in
            "  " + (label + ":").padding(toLength: width, withPad: " ", startingAt: 0) + value + "\n"
        }.joined()
    }

    /// Every line of `text` indented.
    static func indent(_ text: String, by spaces: Int = 2) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { pad + $0 + "\n" }
            .joined()
    }
}
