// TEMPORARY: replaced by the RBAC evaluator branch before merge.
import DrawbridgeAPI
public enum RBACCovers {
    public static func breakdown(_ rule: PolicyRule) -> [PolicyRule] { [rule] }
    public static func covers(owner: [PolicyRule], servant: [PolicyRule]) -> (covered: Bool, uncovered: [PolicyRule]) { (false, servant) }
}
