/// apimachinery meta/v1 messages shared by every kind.
extension KubeProtobufSchemas {
    /// metav1.OwnerReference; `controller` and `blockOwnerDeletion` are `*bool`.
    static let ownerReference = ProtobufMessageSchema(
        "OwnerReference",
        [
            1: .string("kind"),
            3: .string("name"),
            4: .string("uid"),
            5: .string("apiVersion"),
            6: .bool("controller", keepsZero: true),
            7: .bool("blockOwnerDeletion", keepsZero: true),
        ])

    /// metav1.ObjectMeta; 4 selfLink is long deprecated but still written; 17 managedFields is skipped
    /// because clients never need to send it and the server recomputes it.
    static let objectMeta = ProtobufMessageSchema(
        "ObjectMeta",
        [
            1: .string("name"),
            2: .string("generateName"),
            3: .string("namespace"),
            4: .string("selfLink"),
            5: .string("uid"),
            6: .string("resourceVersion"),
            7: .int64("generation"),
            8: .time("creationTimestamp"),
            9: .time("deletionTimestamp"),
            10: .int64("deletionGracePeriodSeconds", keepsZero: true),
            11: .map("labels", values: .string),
            12: .map("annotations", values: .string),
            13: .messages("ownerReferences", ownerReference),
            14: .strings("finalizers"),
        ])

    /// metav1.LabelSelectorRequirement.
    static let labelSelectorRequirement = ProtobufMessageSchema(
        "LabelSelectorRequirement",
        [
            1: .string("key"),
            2: .string("operator"),
            3: .strings("values"),
        ])

    /// metav1.LabelSelector.
    static let labelSelector = ProtobufMessageSchema(
        "LabelSelector",
        [
            1: .map("matchLabels", values: .string),
            2: .messages("matchExpressions", labelSelectorRequirement),
        ])

    /// metav1.FieldSelectorRequirement (used by authorization ResourceAttributes).
    static let fieldSelectorRequirement = ProtobufMessageSchema(
        "FieldSelectorRequirement",
        [
            1: .string("key"),
            2: .string("operator"),
            3: .strings("values"),
        ])
}
