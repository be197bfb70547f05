/// authorization.k8s.io/v1 and authentication.k8s.io/v1 reviews (`kubectl auth can-i`, `auth whoami`).
extension KubeProtobufSchemas {
    /// authorization/v1 ResourceAttributes, including the 1.31+ field and label selectors.
    static let resourceAttributes = ProtobufMessageSchema(
        "ResourceAttributes",
        [
            1: .string("namespace"),
            2: .string("verb"),
            3: .string("group"),
            4: .string("version"),
            5: .string("resource"),
            6: .string("subresource"),
            7: .string("name"),
            8: .message(
                "fieldSelector",
                ProtobufMessageSchema(
                    "FieldSelectorAttributes",
                    [
                        1: .string("rawSelector"),
                        2: .messages("requirements", fieldSelectorRequirement),
                    ])),
            9: .message(
                "labelSelector",
                ProtobufMessageSchema(
                    "LabelSelectorAttributes",
                    [
                        1: .string("rawSelector"),
                        2: .messages("requirements", labelSelectorRequirement),
                    ])),
        ])

    /// authorization/v1 NonResourceAttributes.
    static let nonResourceAttributes = ProtobufMessageSchema(
        "NonResourceAttributes",
        [
            1: .string("path"),
            2: .string("verb"),
        ])

    /// authorization/v1 SubjectAccessReviewStatus (clients normally leave it empty).
    static let subjectAccessReviewStatus = ProtobufMessageSchema(
        "SubjectAccessReviewStatus",
        [
            1: .bool("allowed"),
            2: .string("reason"),
            3: .string("evaluationError"),
            4: .bool("denied"),
        ])

    /// SelfSubjectAccessReview: the spec has no user fields, the server fills in the caller.
    static let selfSubjectAccessReview = ProtobufMessageSchema(
        "SelfSubjectAccessReview",
        [
            1: .message("metadata", objectMeta),
            2: .message(
                "spec",
                ProtobufMessageSchema(
                    "SelfSubjectAccessReviewSpec",
                    [
                        1: .message("resourceAttributes", resourceAttributes),
                        2: .message("nonResourceAttributes", nonResourceAttributes),
                    ])),
            3: .message("status", subjectAccessReviewStatus),
        ])

    /// SubjectAccessReview and LocalSubjectAccessReview share one layout.
    static func subjectAccessReview(_ name: String) -> ProtobufMessageSchema {
        ProtobufMessageSchema(
            name,
            [
                1: .message("metadata", objectMeta),
                2: .message(
                    "spec",
                    ProtobufMessageSchema(
                        "SubjectAccessReviewSpec",
                        [
                            1: .message("resourceAttributes", resourceAttributes),
                            2: .message("nonResourceAttributes", nonResourceAttributes),
                            3: .string("user"),
                            4: .strings("groups"),
                            5: .map("extra", values: .stringList),
                            6: .string("uid"),
                        ])),
                3: .message("status", subjectAccessReviewStatus),
            ])
    }

    /// authorization/v1 SelfSubjectRulesReview (`kubectl auth can-i --list`).
    static let selfSubjectRulesReview = ProtobufMessageSchema(
        "SelfSubjectRulesReview",
        [
            1: .message("metadata", objectMeta),
            2: .message("spec", ProtobufMessageSchema("SelfSubjectRulesReviewSpec", [1: .string("namespace")])),
            3: .message(
                "status",
                ProtobufMessageSchema(
                    "SubjectRulesReviewStatus",
                    [
                        1: .messages(
                            "resourceRules",
                            ProtobufMessageSchema(
                                "ResourceRule",
                                [
                                    1: .strings("verbs"),
                                    2: .strings("apiGroups"),
                                    3: .strings("resources"),
                                    4: .strings("resourceNames"),
                                ])),
                        2: .messages(
                            "nonResourceRules",
                            ProtobufMessageSchema(
                                "NonResourceRule",
                                [
                                    1: .strings("verbs"),
                                    2: .strings("nonResourceURLs"),
                                ])),
                        3: .bool("incomplete"),
                        4: .string("evaluationError"),
                    ])),
        ])

    /// authentication/v1 SelfSubjectReview (`kubectl auth whoami` sends it empty).
    static let selfSubjectReview = ProtobufMessageSchema(
        "SelfSubjectReview",
        [
            1: .message("metadata", objectMeta),
            2: .message(
                "status",
                ProtobufMessageSchema(
                    "SelfSubjectReviewStatus",
                    [
                        1: .message(
                            "userInfo",
                            ProtobufMessageSchema(
                                "UserInfo",
                                [
                                    1: .string("username"),
                                    2: .string("uid"),
                                    3: .strings("groups"),
                                    4: .map("extra", values: .stringList),
                                ]))
                    ])),
        ])
}
